import { createHash, timingSafeEqual } from 'node:crypto';

export const WEBHOOK_PREFIX = '/webhooks/case-calendar/';
/** Every response of the receiver carries it, so a probe can tell us from a proxy's error page. */
export const SERVICE_HEADER = 'x-case-calendar';

const GENERATE = `node -e "console.log(require('crypto').randomBytes(32).toString('base64url'))"`;

export function validateSecret(raw: string | undefined): { ok: true; secret: string } | { ok: false; message: string } {
  const secret = (raw ?? '').trim();
  if (!secret) return { ok: false, message: `CASE_CALENDAR_WEBHOOK_SECRET is not set — generate one with: ${GENERATE}` };
  if (!/^[A-Za-z0-9_-]+$/.test(secret)) {
    return { ok: false, message: `CASE_CALENDAR_WEBHOOK_SECRET may only contain letters, digits, "-" and "_" (it is part of a URL) — generate one with: ${GENERATE}` };
  }
  if (secret.length < 32) {
    return { ok: false, message: `CASE_CALENDAR_WEBHOOK_SECRET is too short (${secret.length} of at least 32 characters) — generate one with: ${GENERATE}` };
  }
  return { ok: true, secret };
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** Constant-time comparison: digests have equal lengths whatever the candidate's length. */
export function secretMatches(candidate: string, secret: string): boolean {
  return timingSafeEqual(digest(candidate), digest(secret));
}

export function receiverUrl(base: string, secret: string): string {
  return `${base.replace(/\/+$/, '')}${WEBHOOK_PREFIX}${secret}`;
}

export function healthUrl(base: string, secret: string): string {
  return `${receiverUrl(base, secret)}/health`;
}
