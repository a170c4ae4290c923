import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testClient, type ClientOptions } from './helpers/client.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Store } from '../src/store/store.js';
import { StorePacer } from '../src/courtlistener/pacer.js';
import { BaseUrlError, CourtListenerError } from '../src/courtlistener/errors.js';
import { FakeCourtListener } from '../src/fakecl/server.js';

const TOKEN = 'tok-base-url-test-98765';
let dir: string;
let store: Store;
let sleeps: number[];
let servers: Server[];

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cc-baseurl-'));
  store = Store.open(path.join(dir, 's.sqlite'));
  sleeps = [];
  servers = [];
});
afterEach(async () => {
  for (const s of servers) await new Promise((r) => s.close(r));
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function client(origin: string, over: Partial<ClientOptions> = {}) {
  return testClient(origin, TOKEN, sleeps, { pacer: new StorePacer(store, { perMinute: 1000, perDay: null, maxWaitSeconds: 60 }), ...over });
}

async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const s = createServer(handler);
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

async function closedPort(): Promise<string> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return `http://127.0.0.1:${port}`;
}

describe('a base URL where nothing listens', () => {
  it('fails on the first request at once, naming the origin and where it came from, and counts nothing', async () => {
    const origin = await closedPort();
    const c = client(origin, { originFromEnv: true });
    const err = (await c.getDocket(500).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(BaseUrlError);
    expect(err.message).toBe(`cannot reach CourtListener at ${origin} (from COURTLISTENER_BASE_URL): connection refused (nothing listens there) — check COURTLISTENER_BASE_URL and the network`);
    expect(sleeps).toEqual([]); // no backoff
    expect(store.requestsInLastDay(Date.now())).toBe(0);
    expect(c.stats().total).toBe(0);
    await c.close();
  });

  it('says so when the origin is the default', async () => {
    const c = client(await closedPort(), { originFromEnv: false });
    const err = (await c.getDocket(500).catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(/\(the default; COURTLISTENER_BASE_URL is not set\): connection refused/);
    await c.close();
  });

  it('retries as before once the server has answered, and gives back the slots of unanswered requests', async () => {
    const fake = new FakeCourtListener({ token: TOKEN });
    fake.addDocket({ id: 500, court_id: 'dcd', docket_number: '1:26-cr-00042', case_name: 'United States v. Roe' });
    const c = client(await fake.start());
    // A reset before any response: retried, and the reset request costs no slot.
    fake.failNext({ path: '/api/rest/v4/dockets/500/', resetConnection: true, status: 0 });
    expect((await c.getDocket(500)).id).toBe(500);
    expect(fake.requests.map((r) => r.status)).toEqual([0, 200]);
    expect(store.requestsInLastDay(Date.now())).toBe(1);
    await fake.stop();
    const err = (await c.getDocket(500).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(CourtListenerError);
    expect(err).not.toBeInstanceOf(BaseUrlError);
    expect(err.message).toMatch(/ECONNREFUSED/);
    expect(sleeps.length).toBeGreaterThanOrEqual(4); // one after the reset, three between four refused attempts
    expect(store.requestsInLastDay(Date.now())).toBe(1);
    await c.close();
  });
});

describe('a base URL that answers with a web page', () => {
  it('names the URL requested (never the token) and COURTLISTENER_BASE_URL, and stops', async () => {
    const origin = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><html><body>Welcome to nginx!</body></html>');
    });
    const c = client(origin, { originFromEnv: true });
    const err = (await (async () => {
      try {
        for await (const _ of c.docketEntryPages(500, '2026-01-01T00:00:00Z')) void _;
      } catch (e) {
        return e;
      }
    })()) as Error;
    expect(err).toBeInstanceOf(BaseUrlError);
    expect(err.message).toBe(
      `GET ${origin}/api/rest/v4/docket-entries/?docket=500&order_by=date_modified&date_modified__gt=2026-01-01T00%3A00%3A00Z answered 200 text/html, not CourtListener JSON: ` +
        `the base URL ${origin} (from COURTLISTENER_BASE_URL) probably does not point at a CourtListener API (a web page or a proxy answered) — check COURTLISTENER_BASE_URL`,
    );
    expect(err.message).not.toContain(TOKEN);
    expect(store.requestsInLastDay(Date.now())).toBe(1); // it did answer
    await c.close();
  });

  it('after CourtListener answered in JSON, an odd page fails that request only, still naming its URL', async () => {
    const fake = new FakeCourtListener({ token: TOKEN });
    fake.addDocket({ id: 500, court_id: 'dcd', docket_number: '1:26-cr-00042', case_name: 'United States v. Roe' });
    const origin = await fake.start();
    const c = client(origin);
    await c.getDocket(500);
    fake.failNext({ path: '/api/rest/v4/courts/', status: 200, body: '<html>maintenance</html>' });
    const err = (await c.getCourt('dcd').catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(CourtListenerError);
    expect(err).not.toBeInstanceOf(BaseUrlError);
    expect(err.message).toContain(`GET ${origin}/api/rest/v4/courts/dcd/ answered 200 text/html`);
    await c.close();
    await fake.stop();
  });
});
