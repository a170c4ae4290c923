import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { parseConfig } from '../src/config/load.js';
import { createReceiver } from '../src/server/receiver.js';
import { Store } from '../src/store/store.js';

const SECRET = 'receiver-unit-secret-0123456789abcdef';
let dir: string;
let store: Store;
let server: http.Server;
let base: string;
let queued = 0;

async function start(extraConfig = '') {
  const config = parseConfig(
    `store_path: s.sqlite
${extraConfig}
calendars: {main: {ics_path: out/main.ics}}
cases: [{id: a, name: A, calendar: main, dockets: [1, 2]}, {id: b, name: B, calendar: main, dockets: [3]}]
`,
    path.join(dir, 'config.yaml'),
  );
  store = Store.open(config.storePath);
  server = createReceiver({ store, config, secret: SECRET, version: '9.9.9', log: pino({ level: 'silent' }), onQueued: () => queued++, publicDir: config.publicDir });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const delivery = JSON.stringify({ webhook: { event_type: 1 }, payload: { results: [] } });
const post = (headers: Record<string, string> = {}, secret = SECRET) =>
  fetch(`${base}/webhooks/case-calendar/${secret}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: delivery });

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cc-recv-'));
  queued = 0;
});
afterEach(async () => {
  await new Promise((r) => server.close(r));
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('receiver (in process)', () => {
  it('keys deliveries without Idempotency-Key by the body hash, and wakes the worker only for new ones', async () => {
    await start();
    expect(await (await post()).json()).toEqual({ status: 'queued' });
    expect(await (await post()).json()).toEqual({ status: 'duplicate' });
    expect(queued).toBe(1);
    const row = store.inboxList(null, 5)[0]!;
    expect(row.keySource).toBe('body');
    expect(row.idempotencyKey).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('keeps reading requests while another connection holds the write lock, and acknowledges them all once it is free', async () => {
    await start();
    const other = Store.open(path.join(dir, 's.sqlite'));
    other.db.exec('BEGIN IMMEDIATE'); // a worker or a cron sync in the middle of a write
    try {
      const t0 = Date.now();
      const answers = Promise.all(
        [1, 2, 3, 4, 5].map((i) => post({ 'Idempotency-Key': `held-${i}` }).then(async (r) => ({ at: Date.now() - t0, status: r.status, body: await r.json() }))),
      );
      // SQLite's own busy wait would block this thread (and this timer) until its timeout.
      let ticks = 0;
      const ticker = setInterval(() => ticks++, 10);
      await new Promise((r) => setTimeout(r, 300));
      clearInterval(ticker);
      expect(ticks).toBeGreaterThan(15);
      expect(store.inboxList(null, 10)).toHaveLength(0); // nothing acknowledged before it is on disk
      other.db.exec('COMMIT');
      const done = await answers;
      expect(done.map((a) => [a.status, a.body])).toEqual(Array(5).fill([200, { status: 'queued' }]));
      expect(Math.min(...done.map((a) => a.at))).toBeGreaterThanOrEqual(290);
      expect(store.inboxList(null, 10).map((r) => r.idempotencyKey).sort()).toEqual(['held-1', 'held-2', 'held-3', 'held-4', 'held-5']);
      expect(queued).toBe(5);
    } finally {
      if (other.db.inTransaction) other.db.exec('ROLLBACK');
      other.close();
    }
  });

  it('enforces webhook.allowed_ips, believing X-Forwarded-For only from trusted proxies', async () => {
    await start('webhook: {allowed_ips: [34.210.230.218], trusted_proxies: [127.0.0.1]}');
    expect((await post()).status).toBe(403); // the peer itself (127.0.0.1) is not allowed
    expect((await post({ 'x-forwarded-for': '34.210.230.218', 'idempotency-key': 'a' })).status).toBe(200);
    expect((await post({ 'x-forwarded-for': '34.210.230.218, 10.9.9.9', 'idempotency-key': 'b' })).status).toBe(403);
    expect(store.inboxStats().pending).toBe(1);
  });

  it('ignores X-Forwarded-For from peers that are not trusted proxies', async () => {
    await start('webhook: {allowed_ips: [34.210.230.218]}');
    expect((await post({ 'x-forwarded-for': '34.210.230.218' })).status).toBe(403);
  });

  it('serves the public folder with calendar content types and 304s, and reports health', async () => {
    mkdirSync(path.join(dir, 'out'));
    writeFileSync(path.join(dir, 'out', 'main.ics'), 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n');
    await start();
    const r = await fetch(`${base}/main.ics`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(r.headers.get('x-case-calendar')).toBe('9.9.9');
    const again = await fetch(`${base}/main.ics`, { headers: { 'if-none-match': r.headers.get('etag')! } });
    expect(again.status).toBe(304);
    expect((await fetch(`${base}/nope.ics`)).status).toBe(404);
    expect((await fetch(`${base}/main.ics`, { method: 'DELETE' })).status).toBe(405);
    const wrong = await fetch(`${base}/webhooks/case-calendar/not-it-${SECRET}/health`);
    expect(wrong.status).toBe(404);
    expect(wrong.headers.get('x-case-calendar')).toBe('9.9.9');
    const health = (await (await fetch(`${base}/webhooks/case-calendar/${SECRET}/health/`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ service: 'case-calendar', version: '9.9.9', tracking: { cases: 2, dockets: 3 }, store: 'ok', inbox: { pending: 0 } });
  });

  it('rejects a valid envelope whose payload nests 100,000 levels deep (400) and stores nothing, yet accepts deep-looking strings', async () => {
    await start();
    const depth = 100_000;
    const deep = `{"webhook": {"event_type": 1}, "payload": {"results": ${'['.repeat(depth)}${']'.repeat(depth)}}}`;
    const send = (body: string, key: string) =>
      fetch(`${base}/webhooks/case-calendar/${SECRET}`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key }, body });
    const r = await send(deep, 'deep');
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: string }).error).toMatch(/nests deeper than 64 levels/);
    expect(store.inboxGet('deep')).toBeNull();
    // Brackets inside strings (escaped quotes too) are not nesting.
    const bracey = JSON.stringify({ webhook: { event_type: 1 }, payload: { results: [{ description: `"\\${'['.repeat(500)}` }] } });
    expect((await send(bracey, 'bracey')).status).toBe(200);
    expect((await send(delivery, 'normal')).status).toBe(200);
    expect(store.inboxStats().pending).toBe(2);
  });

  it('never redirects: a trailing slash on the receiver path is accepted as is', async () => {
    await start();
    const r = await fetch(`${base}/webhooks/case-calendar/${SECRET}/`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': 'slash' }, body: delivery, redirect: 'manual' });
    expect(r.status).toBe(200);
  });
});
