import { describe, expect, it } from 'vitest';
import { SERVICE_HEADER, WEBHOOK_PREFIX, healthUrl, receiverUrl, secretMatches, validateSecret } from '../src/server/secret.js';

const GOOD = 'Zx8Qp3Lm9Rt2Vw7Yb4Nc6Hd1Kf5Gj0Sa_-Q'; // 35 URL-safe characters
const HOW_TO = `node -e "console.log(require('crypto').randomBytes(32).toString('base64url'))"`;

describe('validateSecret', () => {
  it('accepts a URL-safe secret of 32+ characters, trimmed', () => {
    expect(validateSecret(`  ${GOOD}\n`)).toEqual({ ok: true, secret: GOOD });
    const exactly32 = 'a'.repeat(31) + '_';
    expect(validateSecret(exactly32)).toEqual({ ok: true, secret: exactly32 });
  });

  it('accepts what the documented generator produces (32 random bytes, base64url)', async () => {
    const { randomBytes } = await import('node:crypto');
    const generated = randomBytes(32).toString('base64url');
    expect(generated).toHaveLength(43);
    expect(validateSecret(generated).ok).toBe(true);
  });

  it('refuses a missing or blank secret and says how to generate one', () => {
    for (const raw of [undefined, '', '   \n']) {
      const r = validateSecret(raw);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.message).toMatch(/not set/);
        expect(r.message).toContain(HOW_TO);
      }
    }
  });

  it('refuses a short secret, counting its characters, without echoing it', () => {
    const short = 'abcDEF123_-xyz'; // 14
    const r = validateSecret(short);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toContain('14 of at least 32');
      expect(r.message).toContain(HOW_TO);
      expect(r.message).not.toContain(short);
    }
  });

  it('refuses characters that are not URL-safe, without echoing the secret', () => {
    for (const bad of [`${GOOD}+/=`, `${GOOD}?x=1`, `${GOOD.slice(0, 20)} ${GOOD.slice(20)}`, `${GOOD}%41`, `${GOOD}é`]) {
      const r = validateSecret(bad);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) {
        expect(r.message).toMatch(/letters, digits/);
        expect(r.message).toContain(HOW_TO);
        expect(r.message).not.toContain(GOOD.slice(0, 20));
      }
    }
  });
});

describe('secretMatches', () => {
  it('is true only for the identical string', () => {
    expect(secretMatches(GOOD, GOOD)).toBe(true);
    expect(secretMatches(`${GOOD}x`, GOOD)).toBe(false);
    expect(secretMatches(GOOD.slice(0, -1), GOOD)).toBe(false);
    expect(secretMatches(GOOD.toLowerCase(), GOOD)).toBe(false);
    expect(secretMatches('', GOOD)).toBe(false);
  });

  it('copes with candidates of any length (digests, not raw strings, are compared)', () => {
    expect(secretMatches('x'.repeat(10_000), GOOD)).toBe(false);
    expect(secretMatches('\u0000', GOOD)).toBe(false);
  });
});

describe('URLs', () => {
  it('puts the secret after the fixed prefix, and /health after that', () => {
    expect(WEBHOOK_PREFIX).toBe('/webhooks/case-calendar/');
    expect(SERVICE_HEADER).toBe('x-case-calendar');
    expect(receiverUrl('https://hook.example.org', GOOD)).toBe(`https://hook.example.org/webhooks/case-calendar/${GOOD}`);
    expect(healthUrl('https://hook.example.org', GOOD)).toBe(`https://hook.example.org/webhooks/case-calendar/${GOOD}/health`);
  });

  it('does not double the slash when the base ends in one', () => {
    expect(receiverUrl('http://127.0.0.1:8000/', GOOD)).toBe(`http://127.0.0.1:8000/webhooks/case-calendar/${GOOD}`);
    expect(healthUrl('https://h.example/base//', GOOD)).toBe(`https://h.example/base/webhooks/case-calendar/${GOOD}/health`);
  });
});
