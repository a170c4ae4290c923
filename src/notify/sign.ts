import { createHmac, randomBytes } from 'node:crypto';

/**
 * Standard Webhooks signatures (standardwebhooks.com): HMAC-SHA256 over "<id>.<timestamp>.<body>"
 * with the base64 key of a "whsec_" secret, sent as "v1,<base64>". During a rotation the variable
 * holds two secrets (space or comma separated) and the delivery carries both signatures.
 */

export function parseSecrets(value: string | undefined): Buffer[] {
  if (!value) return [];
  return value
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((s) => {
      const raw = s.startsWith('whsec_') ? s.slice('whsec_'.length) : s;
      const key = Buffer.from(raw, 'base64');
      if (key.length < 16) throw new Error('a signing secret must be "whsec_" followed by at least 16 bytes in base64');
      return key;
    });
}

export function signatureHeader(keys: Buffer[], id: string, timestamp: number, body: string): string {
  return keys.map((k) => `v1,${createHmac('sha256', k).update(`${id}.${timestamp}.${body}`).digest('base64')}`).join(' ');
}

/** A new secret in the format receivers expect, for `notify secret`. */
export function newSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}
