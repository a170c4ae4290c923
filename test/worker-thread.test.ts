import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { pino } from 'pino';
import { parseConfig } from '../src/config/load.js';
import type { CourtListenerClient } from '../src/courtlistener/client.js';
import type { Extractor } from '../src/extract/types.js';
import { createReceiver } from '../src/server/receiver.js';
import { StoreHealth } from '../src/server/store-health.js';
import { InboxWorker } from '../src/server/worker.js';
import { hostWorker } from '../src/server/worker-host.js';
import { WorkerThread } from '../src/server/worker-thread.js';
import { storeProblem } from '../src/store/integrity.js';
import { Store } from '../src/store/store.js';
import { waitFor } from './helpers/serve.js';
import { PortThread } from './helpers/port-thread.js';
import { post as postDelivery } from './helpers/serve.js';

/**
 * serve's two sides wired as in the CLI, but over a MessageChannel in one process instead of a
 * thread: every message still crosses by structured clone and is parsed on arrival. The worker's
 * connection is made to fail with a real SQLITE_READONLY (`PRAGMA query_only`), as in
 * store-failing.test.ts, to show the receiver's health follows it across the boundary.
 */


const SECRET = 'worker-thread-secret-0123456789abcdef';
const log = pino({ level: 'silent' });
let dir: string;
let recvStore: Store;
let workStore: Store;
let mainHealth: StoreHealth;
let threadHealth: StoreHealth;
let thread: WorkerThread;
let threadEnd: PortThread;
let hostPort: MessagePort;
let closed: boolean;
let server: http.Server;
let base: string;

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cc-worker-thread-'));
  const config = parseConfig(
    `store_path: s.sqlite
calendars: {main: {ics_path: out/main.ics}}
cases: [{id: a, name: A, calendar: main, dockets: [1]}]
`,
    path.join(dir, 'config.yaml'),
  );
  recvStore = Store.open(config.storePath, { synchronous: 'FULL' });
  workStore = Store.open(config.storePath);
  const now = () => new Date().toISOString();
  const { port1, port2 } = new MessageChannel();
  hostPort = port2;
  // The thread's side: its own StoreHealth on its own connection. Its own re-checks are rare here,
  // so a recovery seen within the test comes from the receiver's side asking for one.
  threadHealth = new StoreHealth({ check: () => storeProblem(workStore.db, now()), log, recheckMs: 60_000 });
  // Search alerts (event 2) are ignored by the worker: no extractor or CourtListener needed.
  const worker = new InboxWorker({ store: workStore, config, extractor: {} as Extractor, client: {} as CourtListenerClient, log, storeHealth: threadHealth, retryBaseMs: 10 });
  closed = false;
  hostWorker({ port: port2, worker, health: threadHealth, log, close: () => void (closed = true) });
  port2.postMessage({ type: 'ready' });
  // The main thread's side, as serve builds it.
  threadEnd = new PortThread(port1);
  thread = new WorkerThread(threadEnd, log);
  mainHealth = new StoreHealth({ check: () => storeProblem(recvStore.db, now()) ?? thread.storeProblem(), log, recheckMs: 50 });
  thread.bindHealth(mainHealth);
  await thread.ready;
  server = createReceiver({ store: recvStore, config, secret: SECRET, version: '9.9.9', log, onQueued: () => thread.wake(), publicDir: null, storeHealth: mainHealth });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  thread.start();
});
afterEach(async () => {
  await thread.stop();
  mainHealth.stop();
  threadHealth.stop();
  await new Promise((r) => server.close(r));
  workStore.close();
  recvStore.close();
  rmSync(dir, { recursive: true, force: true });
});

// A search alert (event 2): the worker stores and ignores it.
const post = (key: string) => postDelivery(base, { webhook: { event_type: 2 }, payload: {} }, { key, secret: SECRET });
const healthStatus = async () => (await fetch(`${base}/webhooks/case-calendar/${SECRET}/health`)).status;
const row = (key: string) => recvStore.inboxGet(key);
const writable = (s: Store, on: boolean) => s.db.pragma(`query_only = ${on ? 'OFF' : 'ON'}`);

describe('the worker thread wrapper and its host, across a message channel', () => {
  it('wakes the worker for each newly queued delivery, not for a duplicate', async () => {
    for (const key of ['a', 'b', 'c', 'c']) expect((await post(key)).status).toBe(200);
    await waitFor(() => ['a', 'b', 'c'].every((k) => row(k)?.status === 'done'), 'the deliveries processed');
    expect(threadEnd.sent).toEqual(['start', 'wake', 'wake', 'wake']);
  });

  it("a storage error on the worker's connection makes the receiver refuse deliveries (503) until that connection writes again", async () => {
    writable(workStore, false);
    expect((await post('stuck')).status).toBe(200); // the receiver's connection still writes
    await waitFor(async () => (await healthStatus()) === 503, 'health to report the failing store');
    expect(thread.storeProblem()?.code).toBe('SQLITE_READONLY');
    expect(mainHealth.failure).toMatchObject({ code: 'SQLITE_READONLY' });
    expect((await post('refused')).status).toBe(503);
    expect(row('refused')).toBeNull();
    // The receiver's own re-checks pass, but the worker's connection still fails: still refusing.
    await new Promise((r) => setTimeout(r, 200));
    expect(await healthStatus()).toBe(503);

    writable(workStore, true);
    await waitFor(async () => (await healthStatus()) === 200, 'health to recover');
    expect(thread.storeProblem()).toBeNull();
    await waitFor(() => row('stuck')?.status === 'done', 'the stuck delivery processed after recovery');
    expect(row('stuck')!.attempts).toBe(0);
    expect((await post('after')).status).toBe(200);
  });

  it('ignores a malformed message from the thread instead of acting on it', async () => {
    hostPort.postMessage({ type: 'store-failing', problem: { code: 42 } });
    hostPort.postMessage({ type: 'nonsense' });
    await new Promise((r) => setTimeout(r, 50));
    expect(thread.storeProblem()).toBeNull();
    expect(mainHealth.failure).toBeNull();
    expect(await healthStatus()).toBe(200);
  });

  it('stop() has the host stop the worker and close what it opened before the thread ends', async () => {
    let died = false;
    thread.onDied(() => (died = true));
    await thread.stop();
    expect(closed).toBe(true);
    expect(died).toBe(false);
  });

  it('an unasked end of the thread is reported through onDied', async () => {
    const reasons: string[] = [];
    thread.onDied((r) => reasons.push(r));
    threadEnd.emit('error', new Error('out of memory'));
    threadEnd.end(1);
    expect(reasons).toEqual(['exit code 1: out of memory']);
  });
});
