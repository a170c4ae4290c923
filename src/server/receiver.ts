import { createHash } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Config } from '../config/types.js';
import { WebhookEnvelopeSchema } from '../courtlistener/webhook.js';
import { storeProblem } from '../store/integrity.js';
import type { Store } from '../store/store.js';
import { MAX_JSON_DEPTH, jsonTooDeep } from './json-depth.js';
import { SERVICE_HEADER, WEBHOOK_PREFIX, secretMatches } from './secret.js';
import { serveStatic } from './static.js';
import { StoreHealth } from './store-health.js';

export interface ReceiverDeps {
  store: Store;
  config: Config;
  secret: string;
  version: string;
  log: Logger;
  /** Told about each newly queued delivery. */
  onQueued?: () => void;
  publicDir: string | null;
  /** Shared with the worker; the receiver makes its own when alone. */
  storeHealth?: StoreHealth;
  /** The inbox worker's state for health: its thread up or ended while idle, and how often it started again. */
  workerStatus?: () => WorkerStatus;
}

export interface WorkerStatus {
  /** 'up': a thread runs (starting, working or idle); 'ended-idle': it ended while idle and the next delivery starts one; 'off': `serve --no-worker`. */
  thread: 'up' | 'ended-idle' | 'off';
  restarts: number;
}

// CourtListener retries a failed delivery on its own schedule; this only hints at a sane pace.
const RETRY_AFTER_SECONDS = '120';

interface PendingInsert {
  item: { key: string; keySource: 'header' | 'body'; eventType: number | null; body: string; receivedAt: string };
  resolve: (status: 'queued' | 'duplicate') => void;
  reject: (err: unknown) => void;
}

/** How long a batch keeps looking for the write lock without blocking, before it waits for it as SQLite does. */
const LOCK_LOOK_MS = 5_000;

/**
 * Group commit: deliveries that arrive in the same turn of the event loop are written in one
 * transaction, so a burst pays one fsync instead of one each; every delivery is still answered
 * only after its row is on disk. While another connection (serve's worker thread, a cron sync)
 * holds the write lock, the batch looks again every millisecond without blocking this thread:
 * requests that arrive meanwhile are read and join the batch, and it commits as soon as the lock
 * is free instead of at SQLite's next busy-wait step.
 */
function inboxWriter(store: Store) {
  let queue: PendingInsert[] = [];
  let scheduled = false;
  let lookingSince: number | null = null;
  const flush = () => {
    scheduled = false;
    const batch = queue;
    const items = batch.map((p) => p.item);
    try {
      const waitedTooLong = lookingSince !== null && performance.now() - lookingSince > LOCK_LOOK_MS;
      const statuses = waitedTooLong ? store.inboxInsertMany(items) : store.inboxInsertManyIfFree(items);
      if (!statuses) {
        lookingSince ??= performance.now();
        schedule(1);
        return;
      }
      queue = [];
      lookingSince = null;
      batch.forEach((p, i) => p.resolve(statuses[i]!));
    } catch (err) {
      queue = [];
      lookingSince = null;
      batch.forEach((p) => p.reject(err));
    }
  };
  const schedule = (ms: number) => {
    if (scheduled) return;
    scheduled = true;
    if (ms === 0) setImmediate(flush);
    else setTimeout(flush, ms);
  };
  return (item: PendingInsert['item']) =>
    new Promise<'queued' | 'duplicate'>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      schedule(0);
    });
}

/** Acknowledgement latencies of the last deliveries, for the health endpoint (and benchmarks). */
export class AckLatency {
  private readonly samples: number[] = [];
  constructor(private readonly size = 1000) {}
  add(ms: number): void {
    this.samples.push(ms);
    if (this.samples.length > this.size) this.samples.shift();
  }
  summary(): { samples: number; p50: number | null; p99: number | null; max: number | null } {
    const sorted = [...this.samples].sort((a, b) => a - b);
    const at = (q: number) => (sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! * 100) / 100 : null);
    return { samples: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted.length ? Math.round(sorted[sorted.length - 1]! * 100) / 100 : null };
  }
}

type Route = 'webhook' | 'secret-health' | 'health' | 'static' | 'wrong-secret' | 'other';

function send(res: ServerResponse, version: string, status: number, body: unknown, extra: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    [SERVICE_HEADER]: version,
    ...extra,
  });
  res.end(text);
}

function normaliseIp(ip: string | undefined): string {
  if (!ip) return '';
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}

/** The client's address: X-Forwarded-For is believed only when the socket peer is a trusted proxy. */
export function clientIp(req: IncomingMessage, trustedProxies: string[]): string {
  const peer = normaliseIp(req.socket.remoteAddress);
  const xff = req.headers['x-forwarded-for'];
  if (!xff || !trustedProxies.includes(peer)) return peer;
  const hops = (Array.isArray(xff) ? xff.join(',') : xff).split(',').map((s) => normaliseIp(s.trim())).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) if (!trustedProxies.includes(hops[i]!)) return hops[i]!;
  return peer;
}

/**
 * Reads the body, counting bytes as they stream (chunked too); null when it exceeds the cap. Past
 * the cap the rest is drained and dropped so the client can read the 413, up to 16 times the cap,
 * where the connection is cut.
 */
function readBody(req: IncomingMessage, limit: number): Promise<{ body: Buffer } | { tooLarge: true; cut: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let cut = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > 16 * limit && !cut) {
        cut = true;
        req.destroy();
        resolve({ tooLarge: true, cut });
      }
    });
    req.on('end', () => resolve(size > limit ? { tooLarge: true, cut } : { body: Buffer.concat(chunks) }));
    req.on('error', (err) => (size > limit ? resolve({ tooLarge: true, cut }) : reject(err)));
  });
}

function isJsonType(header: string | undefined): boolean {
  if (!header) return false;
  const type = header.split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type);
}

/**
 * The webhook receiver and small web server. A delivery is checked (secret, size, type, JSON,
 * envelope), written to the inbox in one transaction and acknowledged; nothing slow happens before
 * the reply. The secret is compared in constant time and never logged: log lines name the route.
 */
export function createReceiver(deps: ReceiverDeps): http.Server {
  const { store, config, secret, version, log } = deps;
  const insert = inboxWriter(store);
  const ownHealth = deps.storeHealth ? null : new StoreHealth({ check: () => storeProblem(store.db, new Date().toISOString()), log });
  const storeHealth = deps.storeHealth ?? ownHealth!;
  const acks = new AckLatency();
  const tracked = { cases: config.cases.filter((c) => c.dockets.length > 0).length, dockets: new Set(config.cases.flatMap((c) => c.dockets)).size };

  function route(method: string, path: string): { route: Route; rest: string } {
    if (path.startsWith(WEBHOOK_PREFIX)) {
      const tail = path.slice(WEBHOOK_PREFIX.length);
      const slash = tail.indexOf('/');
      const candidate = slash === -1 ? tail : tail.slice(0, slash);
      const rest = slash === -1 ? '' : tail.slice(slash);
      if (!secretMatches(candidate, secret)) return { route: 'wrong-secret', rest };
      if (method === 'POST' && (rest === '' || rest === '/')) return { route: 'webhook', rest };
      if (rest === '/health' || rest === '/health/') return { route: 'secret-health', rest };
      return { route: 'other', rest };
    }
    if (path === '/health' || path === '/health/') return { route: 'health', rest: '' };
    return { route: method === 'GET' || method === 'HEAD' ? 'static' : 'other', rest: '' };
  }

  function health(): { code: number; body: Record<string, unknown> } {
    let storeOk = true;
    let inbox: Record<string, unknown> = {};
    let lastDeliveryAt: string | null = null;
    let lastSyncAt: string | null = null;
    let unread: number | null = null; // entries that may hold an event the extractor could not read
    let notifications: Array<Record<string, unknown>> = [];
    try {
      const s = store.inboxStats();
      const age = s.oldestPendingReceivedAt ? Math.max(0, Math.round((Date.now() - Date.parse(s.oldestPendingReceivedAt)) / 1000)) : null;
      inbox = { pending: s.pending, dead: s.dead, done: s.done, oldestPendingAgeSeconds: age };
      lastDeliveryAt = store.getState('last_delivery_at');
      lastSyncAt = store.getState('last_sync_at');
      unread = store.countUnread();
      // Outbound notification endpoints: a disabled one is said here, as `notify list` says it.
      const latest = config.notifications.length ? store.latestNotifyEventId() : 0;
      notifications = config.notifications.map((n) => {
        const st = store.getEndpointState(n.id);
        return { id: n.id, state: st.disabledAt ? 'disabled' : st.nextAttemptAt ? 'retrying' : 'ok', waiting: st.cursor < 0 ? 0 : Math.max(0, latest - st.cursor), ...(st.disabledReason ? { disabledReason: st.disabledReason } : {}) };
      });
    } catch (err) {
      if (!storeHealth.record(err, 'health')) storeOk = false;
    }
    const common = { service: 'case-calendar', version, tracking: tracked, inbox, worker: deps.workerStatus?.() ?? null, unreadEntries: unread, notifications, ackMs: acks.summary(), lastDeliveryAt, lastSyncAt };
    const failure = storeHealth.failure;
    if (failure) return { code: 503, body: { ...common, status: 'failing', store: 'failing', storeError: failure } };
    return { code: 200, body: { ...common, status: storeOk ? 'ok' : 'degraded', store: storeOk ? 'ok' : 'unreachable' } };
  }

  /** A broken store must not swallow deliveries: 503 makes CourtListener keep them and retry. */
  function unavailable(res: ServerResponse, key: string): number {
    send(res, version, 503, { error: 'the store is failing; retry later' }, { 'retry-after': RETRY_AFTER_SECONDS });
    log.warn({ route: 'webhook', idempotencyKey: key, code: storeHealth.failure?.code }, 'delivery refused: store is failing');
    return 503;
  }

  async function webhook(req: IncomingMessage, res: ServerResponse, started: number): Promise<number> {
    const length = Number(req.headers['content-length'] ?? NaN);
    if (Number.isFinite(length) && length > config.webhook.maxBodyBytes) {
      // A moderately oversized body is drained so the client reads our answer; a huge one is cut off.
      const huge = length > 16 * config.webhook.maxBodyBytes;
      send(res, version, 413, { error: 'payload too large' }, huge ? { connection: 'close' } : {});
      if (huge) res.on('finish', () => req.destroy());
      else req.resume();
      return 413;
    }
    if (!isJsonType(req.headers['content-type'])) {
      send(res, version, 415, { error: 'Content-Type must be application/json' });
      req.resume();
      return 415;
    }
    const read = await readBody(req, config.webhook.maxBodyBytes);
    if ('tooLarge' in read) {
      if (!read.cut) send(res, version, 413, { error: 'payload too large' });
      return 413;
    }
    const body = read.body;
    const text = body.toString('utf8');
    // Before parsing: a value nested this deep crashes every recursive reader of the stored row.
    if (jsonTooDeep(text)) {
      send(res, version, 400, { error: `body nests deeper than ${MAX_JSON_DEPTH} levels; CourtListener payloads never do` });
      return 400;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      send(res, version, 400, { error: 'body is not valid JSON' });
      return 400;
    }
    const envelope = WebhookEnvelopeSchema.safeParse(json);
    if (!envelope.success) {
      send(res, version, 400, { error: 'body is not a CourtListener webhook (expected {"webhook": {"event_type": …}, "payload": {…}})' });
      return 400;
    }
    const header = req.headers['idempotency-key'];
    const headerKey = (Array.isArray(header) ? header[0] : header)?.trim();
    // Retries carry the same key but may re-serialise the body; without a key, fall back to the bytes.
    const key = headerKey ? headerKey : `sha256:${createHash('sha256').update(body).digest('hex')}`;
    const eventType = envelope.data.webhook.event_type;
    if (storeHealth.failure) return unavailable(res, key);
    let status: 'queued' | 'duplicate';
    try {
      status = await insert({ key, keySource: headerKey ? 'header' : 'body', eventType, body: text, receivedAt: new Date().toISOString() });
    } catch (err) {
      if (!storeHealth.record(err, 'receiver')) throw err;
      return unavailable(res, key);
    }
    send(res, version, 200, { status });
    const ackMs = performance.now() - started;
    acks.add(ackMs);
    log.info({ route: 'webhook', idempotencyKey: key, eventType, status, ackMs: Math.round(ackMs * 10) / 10 }, 'delivery acknowledged');
    if (status === 'queued') deps.onQueued?.();
    return 200;
  }

  const server = http.createServer(async (req, res) => {
    const started = performance.now();
    const method = req.method ?? 'GET';
    const path = (req.url ?? '/').split('?')[0]!;
    const { route: r } = route(method, path);
    const ip = clientIp(req, config.webhook.trustedProxies);
    res.setHeader(SERVICE_HEADER, version);
    let status = 500;
    try {
      if ((r === 'webhook' || r === 'secret-health') && config.webhook.allowedIps.length > 0 && !config.webhook.allowedIps.includes(ip)) {
        log.warn({ route: r, ip }, 'request from an address not in webhook.allowed_ips');
        send(res, version, 403, { error: 'forbidden' });
        status = 403;
      } else if (r === 'webhook') {
        status = await webhook(req, res, started);
      } else if (r === 'secret-health') {
        const h = health();
        send(res, version, h.code, h.body);
        status = h.code;
      } else if (r === 'health') {
        send(res, version, 200, { status: 'ok' });
        status = 200;
      } else if (r === 'wrong-secret') {
        log.warn({ route: 'webhook', ip }, 'wrong webhook secret');
        send(res, version, 404, { error: 'not found' });
        status = 404;
      } else if (r === 'static' && deps.publicDir && (await serveStatic({ root: deps.publicDir }, req, res, path))) {
        status = res.statusCode;
      } else if (method !== 'GET' && method !== 'HEAD' && method !== 'POST') {
        send(res, version, 405, { error: 'method not allowed' }, { allow: 'GET, HEAD, POST' });
        status = 405;
      } else {
        send(res, version, 404, { error: 'not found' });
        status = 404;
      }
    } catch (err) {
      log.error({ route: r, err: (err as Error).message }, 'request failed');
      if (!res.headersSent) send(res, version, 500, { error: 'internal error' });
      else res.destroy();
    }
    if (r !== 'webhook') log.debug({ route: r, method, status, ms: Math.round(performance.now() - started) }, 'request');
  });
  // Slow or stalled clients must not hold sockets.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 5_000;
  server.on('close', () => ownHealth?.stop());
  return server;
}
