import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { pino } from 'pino';
import { parseConfig } from '../src/config/load.js';
import type { Config } from '../src/config/types.js';
import type { CourtListenerClient } from '../src/courtlistener/client.js';
import type { Extractor } from '../src/extract/types.js';
import { createReceiver } from '../src/server/receiver.js';
import { StoreHealth } from '../src/server/store-health.js';
import { InboxWorker } from '../src/server/worker.js';
import { hostWorker } from '../src/server/worker-host.js';
import { InboxWorkerSupervisor } from '../src/server/worker-supervisor.js';
import { WorkerThread } from '../src/server/worker-thread.js';
import { storeProblem } from '../src/store/integrity.js';
import { Store } from '../src/store/store.js';
import { PortThread } from './helpers/port-thread.js';
import { post as postDelivery, waitFor } from './helpers/serve.js';

/**
 * The supervisor over "threads" that are message channels in this process: each spawn builds a
 * worker on a connection of its own and hosts it as worker-entry.ts does, with a short idle time.
 * Deliveries go through a real receiver on an ephemeral port, as in serve.
 */


const SECRET = 'worker-supervisor-secret-0123456789abcdef';
const IDLE_MS = 120;
const log = pino({ level: 'silent' });

interface Spawned {
  store: Store;
  hostPort: MessagePort;
  /** The host began closing what the thread opened (it stops after the worker did). */
  closing: boolean;
  closed: boolean;
}

let dir: string;
let config: Config;
let recvStore: Store;
let health: StoreHealth;
let supervisor: InboxWorkerSupervisor;
let spawned: Spawned[];
/** What the next spawn does: build a worker, or fail as a thread whose config cannot be read. */
let nextSpawn: 'ok' | 'fail';
/** How long a host's close() takes (a slow close keeps the thread stopping). */
let closeMs: number;
let server: http.Server;
let base: string;

function spawnThread(): WorkerThread {
  const { port1, port2 } = new MessageChannel();
  const threadEnd = new PortThread(port1);
  const thread = new WorkerThread(threadEnd, log);
  if (nextSpawn === 'fail') {
    port2.postMessage({ type: 'failed', message: 'config file not readable', exitCode: 2 });
    setTimeout(() => threadEnd.end(1), 10);
    return thread;
  }
  const store = Store.open(config.storePath);
  const entry: Spawned = { store, hostPort: port2, closing: false, closed: false };
  spawned.push(entry);
  const threadHealth = new StoreHealth({ check: () => storeProblem(store.db, new Date().toISOString()), log, recheckMs: 60_000 });
  // Search alerts (event 2) are stored and ignored: no extractor or CourtListener needed.
  const worker = new InboxWorker({ store, config, extractor: {} as Extractor, client: {} as CourtListenerClient, log, storeHealth: threadHealth, retryBaseMs: 10 });
  hostWorker({
    port: port2,
    worker,
    health: threadHealth,
    log,
    idleExitMs: IDLE_MS,
    close: async () => {
      entry.closing = true;
      await new Promise((r) => setTimeout(r, closeMs));
      threadHealth.stop();
      store.close();
      entry.closed = true;
    },
  });
  port2.postMessage({ type: 'ready' });
  return thread;
}

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cc-worker-supervisor-'));
  config = parseConfig(
    `store_path: s.sqlite
calendars: {main: {ics_path: out/main.ics}}
cases: [{id: a, name: A, calendar: main, dockets: [1]}]
`,
    path.join(dir, 'config.yaml'),
  );
  recvStore = Store.open(config.storePath, { synchronous: 'FULL' });
  spawned = [];
  nextSpawn = 'ok';
  closeMs = 0;
  supervisor = new InboxWorkerSupervisor(spawnThread, recvStore, log, 30);
  health = new StoreHealth({ check: () => storeProblem(recvStore.db, new Date().toISOString()) ?? supervisor.storeProblem(), log, recheckMs: 60_000 });
  supervisor.bindHealth(health);
  await supervisor.ready;
  server = createReceiver({ store: recvStore, config, secret: SECRET, version: '9.9.9', log, onQueued: () => supervisor.wake(), publicDir: null, storeHealth: health });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  supervisor.start();
});
afterEach(async () => {
  await supervisor.stop();
  health.stop();
  await new Promise((r) => server.close(r));
  recvStore.close();
  rmSync(dir, { recursive: true, force: true });
});

const post = (key: string) => postDelivery(base, { webhook: { event_type: 2 }, payload: {} }, { key, secret: SECRET });
const row = (key: string) => recvStore.inboxGet(key);
const threadUp = () => supervisor.status().thread === 'up';
const parked = () => waitFor(() => !threadUp(), 'the idle thread to end');

describe('the inbox worker supervisor: one thread at a time, ended while idle, started again on demand', () => {
  it('ends the thread once idle (its store closed) and starts another for the next delivery, which is processed', async () => {
    await parked();
    expect(spawned).toHaveLength(1);
    expect(spawned[0]!.closed).toBe(true);
    expect((await post('after-idle')).status).toBe(200);
    expect(threadUp()).toBe(true);
    await waitFor(() => row('after-idle')?.status === 'done', 'the delivery processed by a new thread');
    expect(spawned).toHaveLength(2);
    expect(supervisor.restarts).toBe(1);
    await parked(); // and that one ends too, once idle
    expect(spawned[1]!.closed).toBe(true);
  });

  it('does not end a thread that keeps getting work', async () => {
    for (let i = 0; i < 8; i++) {
      expect((await post(`busy-${i}`)).status).toBe(200);
      await new Promise((r) => setTimeout(r, IDLE_MS / 3));
    }
    expect(spawned).toHaveLength(1);
    expect(threadUp()).toBe(true);
    await waitFor(() => row('busy-7')?.status === 'done', 'the last delivery processed');
  });

  it('a delivery accepted while the idle thread is stopping is processed by the next one', async () => {
    closeMs = 300;
    await waitFor(() => spawned[0]!.closing, 'the idle thread to begin stopping');
    expect(threadUp()).toBe(true); // still stopping: the delivery below lands in between
    expect((await post('during-stop')).status).toBe(200);
    await waitFor(() => row('during-stop')?.status === 'done', 'the delivery processed', 5_000);
    expect(spawned).toHaveLength(2);
    expect(spawned[0]!.closed).toBe(true);
  });

  it('a delivery queued by another process while no thread runs (inbox replay) is found and processed', async () => {
    await parked();
    // Another process's connection: no wake reaches serve, only the row.
    const other = Store.open(config.storePath);
    other.inboxInsert({ key: 'replayed', keySource: 'header', eventType: 2, body: JSON.stringify({ webhook: { event_type: 2 }, payload: {} }), receivedAt: new Date().toISOString() });
    other.close();
    await waitFor(() => row('replayed')?.status === 'done', 'the replayed delivery processed');
    expect(spawned).toHaveLength(2);
  });

  it('starts a thread again when the idle one said work falls due (a notification retry)', async () => {
    // The host's word, as the worker sends it when a notification retry is queued.
    await waitFor(() => spawned.length === 1, 'the first thread');
    const wakeAt = new Date(Date.now() + 400);
    spawned[0]!.hostPort.postMessage({ type: 'idle', wakeAt: wakeAt.toISOString() });
    await parked();
    expect(spawned).toHaveLength(1);
    await waitFor(() => spawned.length === 2, 'a thread started for the retry', 5_000);
    expect(Date.now()).toBeGreaterThanOrEqual(wakeAt.getTime() - 5);
  });

  it('reports a thread that cannot start again as died (serve exits for its service manager)', async () => {
    const reasons: string[] = [];
    supervisor.onDied((r) => reasons.push(r));
    await parked();
    nextSpawn = 'fail';
    expect((await post('orphan')).status).toBe(200);
    await waitFor(() => reasons.length > 0, 'the failure reported');
    expect(reasons[0]).toContain('a new inbox worker thread could not start: config file not readable');
    expect(row('orphan')?.status).toBe('pending'); // kept for the next start
  });

  it('stop() while no thread runs ends the watch: nothing starts afterwards', async () => {
    await parked();
    await supervisor.stop();
    expect((await post('after-stop')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect(spawned).toHaveLength(1);
    expect(row('after-stop')?.status).toBe('pending');
  });
});

describe("the worker's own view of idle (what its host reports)", () => {
  const body = JSON.stringify({ webhook: { event_type: 2 }, payload: {} });
  it('is idle only when nothing is in hand or due soon, and never while its store fails', async () => {
    await supervisor.stop(); // this worker alone reads the inbox here
    const store = Store.open(config.storePath);
    const threadHealth = new StoreHealth({ check: () => storeProblem(store.db, new Date().toISOString()), log, recheckMs: 60_000 });
    const worker = new InboxWorker({ store, config, extractor: {} as Extractor, client: {} as CourtListenerClient, log, storeHealth: threadHealth, retryBaseMs: 10 });
    try {
      expect(worker.idleState().idle).toBe(false); // not started
      worker.start();
      await waitFor(() => worker.idleState().idle, 'the started worker to settle');
      expect(worker.idleState()).toEqual({ idle: true, wakeAt: null });

      // A row due now that nothing woke the worker for: not idle until it is handled.
      store.inboxInsert({ key: 'due-now', keySource: 'header', eventType: 2, body, receivedAt: new Date().toISOString() });
      expect(worker.idleState().idle).toBe(false);
      await waitFor(() => store.inboxGet('due-now')?.status === 'done', 'the due row handled by the idle poll', 5_000);
      await waitFor(() => worker.idleState().idle, 'idle again');

      // A retry an hour away: idle (the supervisor's inbox poll starts a thread when it falls due).
      store.inboxInsert({ key: 'later', keySource: 'header', eventType: 2, body, receivedAt: new Date().toISOString() });
      store.inboxMarkFailed(store.inboxGet('later')!.id, 'boom', new Date(Date.now() + 3_600_000).toISOString(), false);
      await waitFor(() => worker.idleState().idle, 'idle with a retry an hour away');
      // A retry within the idle poll counts as in hand.
      store.inboxMarkFailed(store.inboxGet('later')!.id, 'boom', new Date(Date.now() + 500).toISOString(), false);
      expect(worker.idleState().idle).toBe(false);

      threadHealth.report({ code: 'SQLITE_READONLY', message: 'attempt to write a readonly database' }, 'test');
      store.inboxMarkFailed(store.inboxGet('later')!.id, 'boom', new Date(Date.now() + 3_600_000).toISOString(), false);
      expect(worker.idleState().idle).toBe(false);
    } finally {
      await worker.stop();
      threadHealth.stop();
      store.close();
    }
  });
});

describe('the host says idle', () => {
  it('once the worker has been idle for the time given, not while a start-up job (the docket-alert check) runs, and again after a wake', async () => {
    await supervisor.stop();
    const store = Store.open(config.storePath);
    const threadHealth = new StoreHealth({ check: () => storeProblem(store.db, new Date().toISOString()), log, recheckMs: 60_000 });
    const worker = new InboxWorker({ store, config, extractor: {} as Extractor, client: {} as CourtListenerClient, log, storeHealth: threadHealth, retryBaseMs: 10 });
    const { port1, port2 } = new MessageChannel();
    const idleAt: number[] = [];
    port1.on('message', (m: { type: string }) => {
      if (m.type === 'idle') idleAt.push(Date.now());
    });
    const JOB_MS = 400;
    hostWorker({ port: port2, worker, health: threadHealth, log, idleExitMs: IDLE_MS, afterStart: () => new Promise((r) => setTimeout(r, JOB_MS)), close: () => undefined });
    try {
      const started = Date.now();
      port1.postMessage({ type: 'start' });
      await waitFor(() => idleAt.length === 1, 'the first idle');
      expect(idleAt[0]! - started).toBeGreaterThanOrEqual(JOB_MS + IDLE_MS - 10);
      await new Promise((r) => setTimeout(r, IDLE_MS * 2));
      expect(idleAt).toHaveLength(1); // said once, not on every check
      port1.postMessage({ type: 'wake' });
      await waitFor(() => idleAt.length === 2, 'idle again after a wake');
    } finally {
      port1.postMessage({ type: 'stop' });
      await waitFor(() => !worker.idleState().idle && idleAt.length >= 2, 'the stop');
      port1.close();
      threadHealth.stop();
      store.close();
    }
  });
});
