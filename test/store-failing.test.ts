import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { parseConfig } from '../src/config/load.js';
import type { CourtListenerClient } from '../src/courtlistener/client.js';
import type { Extractor } from '../src/extract/types.js';
import { probeHealth } from '../src/server/probe.js';
import { createReceiver } from '../src/server/receiver.js';
import { healthUrl } from '../src/server/secret.js';
import { StoreHealth } from '../src/server/store-health.js';
import { InboxWorker } from '../src/server/worker.js';
import { storeProblem } from '../src/store/integrity.js';
import { Store } from '../src/store/store.js';
import { waitFor } from './helpers/serve.js';
import { post as postDelivery } from './helpers/serve.js';

/**
 * The receiver and the worker on their own connections to one file, as `serve` runs them. A
 * connection with `PRAGMA query_only` fails every write with a real SQLITE_READONLY, the way a
 * full disk or a file made read-only would, and can be switched back to show recovery.
 */
const SECRET = 'store-failing-secret-0123456789abcdef';
let dir: string;
let recvStore: Store;
let workStore: Store;
let health: StoreHealth;
let worker: InboxWorker;
let server: http.Server;
let base: string;

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cc-storefail-'));
  const config = parseConfig(
    `store_path: s.sqlite
calendars: {main: {ics_path: out/main.ics}}
cases: [{id: a, name: A, calendar: main, dockets: [1]}]
`,
    path.join(dir, 'config.yaml'),
  );
  const log = pino({ level: 'silent' });
  recvStore = Store.open(config.storePath, { synchronous: 'FULL' });
  workStore = Store.open(config.storePath);
  const now = () => new Date().toISOString();
  health = new StoreHealth({ check: () => storeProblem(recvStore.db, now()) ?? storeProblem(workStore.db, now()), log, recheckMs: 50 });
  // Search alerts (event 2) are ignored by the worker: no extractor or CourtListener needed.
  worker = new InboxWorker({ store: workStore, config, extractor: {} as Extractor, client: {} as CourtListenerClient, log, storeHealth: health, retryBaseMs: 10 });
  server = createReceiver({ store: recvStore, config, secret: SECRET, version: '9.9.9', log, onQueued: () => worker.wake(), publicDir: null, storeHealth: health });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  worker.start();
});
afterEach(async () => {
  await worker.stop();
  health.stop();
  await new Promise((r) => server.close(r));
  workStore.close();
  recvStore.close();
  rmSync(dir, { recursive: true, force: true });
});

// A search alert (event 2): the worker stores and ignores it.
const post = (key: string) => postDelivery(base, { webhook: { event_type: 2 }, payload: {} }, { key, secret: SECRET });
const getHealth = async () => {
  const r = await fetch(`${base}/webhooks/case-calendar/${SECRET}/health`);
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
};
const writable = (s: Store, on: boolean) => s.db.pragma(`query_only = ${on ? 'OFF' : 'ON'}`);
const row = (key: string) => recvStore.inboxGet(key);

describe('a store that stops working while serve runs', () => {
  it('the worker hitting a storage error makes health fail (503) and deliveries get 503; both recover once writes succeed', async () => {
    expect((await post('first')).status).toBe(200);
    await waitFor(() => row('first')?.status === 'done', 'the first delivery processed');
    expect(await getHealth()).toMatchObject({ status: 200, body: { status: 'ok', store: 'ok' } });

    writable(workStore, false);
    expect((await post('stuck')).status).toBe(200); // the receiver's connection still writes
    const failing = await waitFor(async () => {
      const h = await getHealth();
      return h.status === 503 ? h : null;
    }, 'health to report the failing store');
    expect(failing.body).toMatchObject({ service: 'case-calendar', status: 'failing', store: 'failing', storeError: { code: 'SQLITE_READONLY' } });
    expect(String((failing.body.storeError as { message: string }).message)).toMatch(/readonly/);

    const refused = await post('while-failing');
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(row('while-failing')).toBeNull(); // nothing queued into the broken file
    // The periodic re-check keeps it failing while writes still fail.
    await new Promise((r) => setTimeout(r, 200));
    expect((await getHealth()).status).toBe(503);

    const probe = await probeHealth(healthUrl(base, SECRET), SECRET);
    expect(probe.ok).toBe(false);
    if (!probe.ok) {
      expect(probe.cause.kind).toBe('unhealthy');
      expect(probe.cause.message).toMatch(/store is failing \(SQLITE_READONLY\).*look at serve's logs/);
    }

    writable(workStore, true);
    await waitFor(async () => (await getHealth()).status === 200, 'health to recover');
    await waitFor(() => row('stuck')?.status === 'done', 'the stuck delivery processed after recovery');
    expect(row('stuck')!.attempts).toBe(0); // a broken file does not use up the delivery's attempts
    expect((await post('after')).status).toBe(200);
    expect((await probeHealth(healthUrl(base, SECRET), SECRET)).ok).toBe(true);
  });

  it("answers 503, not 500, when the receiver's own inbox write fails with a storage error", async () => {
    writable(recvStore, false);
    const r = await post('refused');
    expect(r.status).toBe(503);
    expect(r.headers.get('retry-after')).toBeTruthy();
    expect(await r.json()).toEqual({ error: 'the store is failing; retry later' });
    expect((await getHealth()).body).toMatchObject({ status: 'failing', storeError: { code: 'SQLITE_READONLY' } });
    writable(recvStore, true);
    await waitFor(async () => (await getHealth()).status === 200, 'health to recover');
    expect((await post('refused')).status).toBe(200);
    await waitFor(() => row('refused')?.status === 'done', 'the retried delivery processed');
  });
});
