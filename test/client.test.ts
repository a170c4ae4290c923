import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testClient, type ClientOptions } from './helpers/client.js';
import { CourtListenerClient, parseRetryAfter } from '../src/courtlistener/client.js';
import { CourtListenerError, RateLimitedError } from '../src/courtlistener/errors.js';
import { DocketEntrySchema } from '../src/courtlistener/types.js';
import { FakeCourtListener } from '../src/fakecl/server.js';

const TOKEN = 'tok-client-test-1234567890';
let fake: FakeCourtListener;
let origin: string;
const sleeps: number[] = [];

function client(over: Partial<ClientOptions> = {}) {
  return testClient(origin, TOKEN, sleeps, over, 20);
}

beforeEach(async () => {
  sleeps.length = 0;
  fake = new FakeCourtListener({ token: TOKEN, pageSize: 20 });
  fake.addDocket({ id: 500, court_id: 'dcd', docket_number: '1:26-cr-00042', case_name: 'United States v. Roe' });
  for (let i = 0; i < 45; i++) fake.addEntry(500, { description: `Entry ${i}`, date_filed: '2026-01-05' });
  origin = await fake.start();
});
afterEach(async () => {
  await fake.stop();
});

describe('CourtListener client', () => {
  it('walks cursor pages oldest-first, filtering server-side by date_modified, counting requests', async () => {
    const c = client();
    const seen: number[] = [];
    for await (const page of c.docketEntryPages(500, null)) seen.push(...page.map((e) => e.id));
    expect(seen).toHaveLength(45);
    expect(new Set(seen).size).toBe(45);
    expect(c.stats()).toEqual({ total: 3, byEndpoint: { 'docket-entries': 3 } });
    const all = fake.entriesOf(500);
    const cutoff = all[29]!.date_modified; // Pacific offset, as CourtListener sends it
    const after: number[] = [];
    const { toUtcInstant } = await import('../src/time/zone.js');
    for await (const page of c.docketEntryPages(500, toUtcInstant(cutoff))) after.push(...page.map((e) => e.id));
    expect(after).toEqual(all.slice(30).map((e) => e.id));
    const req = fake.requests.find((r) => r.query.date_modified__gt);
    expect(req?.query.order_by).toBe('date_modified');
    expect(req?.authorized).toBe(true);
    await c.close();
  });

  it('asks for the next page while the caller works through the current one, never more than one ahead', async () => {
    const c = client();
    const entriesRequests = () => fake.requests.filter((r) => r.path.endsWith('/docket-entries/')).length;
    const asked: number[] = [];
    for await (const page of c.docketEntryPages(500, null)) {
      // The caller holds the page a while: the page after it is on its way, the one after that is not.
      await new Promise((r) => setTimeout(r, 60));
      asked.push(entriesRequests());
      expect(page.length).toBeGreaterThan(0);
    }
    expect(asked).toEqual([2, 3, 3]);
    expect(c.stats().total).toBe(3);
    await c.close();
  });

  it('a caller that stops after the first page leaves one request ahead, whose failure goes unhandled nowhere', async () => {
    fake.failNext({ path: /cursor=/, status: 500, times: 10 });
    const c = client();
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      let pages = 0;
      await expect(async () => {
        for await (const page of c.docketEntryPages(500, null)) {
          pages++;
          expect(page).toHaveLength(20);
          throw new Error('the caller gives up');
        }
      }).rejects.toThrow('the caller gives up');
      expect(pages).toBe(1);
      await new Promise((r) => setTimeout(r, 100));
      expect(unhandled).toEqual([]);
      expect(fake.requests.filter((r) => r.path.endsWith('/docket-entries/') && r.query.cursor).length).toBeGreaterThanOrEqual(1);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      await c.close();
    }
  });

  it('follows a trailing-slash redirect and keeps the token on the same origin', async () => {
    const c = client();
    const pages = [];
    for await (const p of c.pages('docket-entries', { docket: '500' }, DocketEntrySchema)) pages.push(p);
    expect(pages.flat()).toHaveLength(45);
    expect(fake.requests[0]).toMatchObject({ path: '/api/rest/v4/docket-entries', status: 301 });
    expect(fake.requests[1]).toMatchObject({ path: '/api/rest/v4/docket-entries/', status: 200, authorized: true });
    await c.close();
  });

  it('waits out a 429 Retry-After (plus a margin) and then succeeds', async () => {
    fake.failNext({ path: '/api/rest/v4/dockets/500/', status: 429, retryAfter: '2' });
    const c = client();
    const docket = await c.getDocket(500);
    expect(docket.docket_number).toBe('1:26-cr-00042');
    expect(sleeps.some((ms) => ms >= 2000 && ms <= 3100)).toBe(true);
    expect(c.stats().total).toBe(2);
    await c.close();
  });

  it('gives up with RateLimitedError when Retry-After exceeds the cap', async () => {
    fake.failNext({ path: '/api/rest/v4/dockets/500/', status: 429, retryAfter: '86400' });
    const c = client({ retryAfterCapSeconds: 900 });
    const err = await c.getDocket(500).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect((err as Error).message).toMatch(/86400 s.*900 s cap/);
    await c.close();
  });

  it('retries 5xx and dropped connections with backoff, then succeeds', async () => {
    fake.failNext({ path: '/api/rest/v4/dockets/500/', status: 502, times: 2 });
    fake.failNext({ path: '/api/rest/v4/courts/dcd/', resetConnection: true, status: 0 });
    const c = client();
    expect((await c.getDocket(500)).id).toBe(500);
    expect((await c.getCourt('dcd')).id).toBe('dcd');
    expect(sleeps.length).toBeGreaterThanOrEqual(3);
    await c.close();
  });

  it('stops after max attempts on persistent 5xx', async () => {
    fake.failNext({ path: '/api/rest/v4/dockets/500/', status: 503, times: 10 });
    const c = client({ maxAttempts: 3 });
    const err = (await c.getDocket(500).catch((e: unknown) => e)) as CourtListenerError;
    expect(err).toBeInstanceOf(CourtListenerError);
    expect(err.status).toBe(503);
    expect(fake.countRequests('/api/rest/v4/dockets/500/')).toBe(3);
    await c.close();
  });

  it('explains 401 and 403 without ever including the token', async () => {
    const bad = client({ token: 'wrong-token-abcdef' });
    const e401 = (await bad.getDocket(500).catch((e: unknown) => e)) as CourtListenerError;
    expect(e401.status).toBe(401);
    expect(e401.message).toMatch(/COURTLISTENER_TOKEN is missing or invalid/);
    expect(e401.message).not.toContain('wrong-token-abcdef');
    await bad.close();
    fake.failNext({ path: '/api/rest/v4/docket-entries/', status: 403 });
    const c = client();
    const e403 = await (async () => {
      try {
        for await (const _ of c.docketEntryPages(500, null)) void _;
      } catch (e) {
        return e as CourtListenerError;
      }
      return null;
    })();
    expect(e403?.status).toBe(403);
    expect(e403?.message).toMatch(/lacks permission/);
    expect(e403?.message).not.toContain(TOKEN);
    await c.close();
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });
});
