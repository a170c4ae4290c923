import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Config, NotificationEndpoint } from '../config/types.js';
import { retryAfterMs } from '../http/retry-after.js';
import type { Store } from '../store/store.js';
import type { NotifyEndpointState, NotifyEventRow } from '../store/types.js';
import { eventMatches } from './events.js';
import { eventData, messageBody, webhookId } from './payload.js';
import { parseSecrets, signatureHeader } from './sign.js';

/**
 * Delivers the outbox to each configured endpoint: at least once, in order (one event at a time
 * per endpoint, so per case too), retried with backoff on 408/429/5xx/network errors (Retry-After
 * honoured), given up without retry on other 4xx, and the endpoint disabled after
 * `disable_after_failures` failures in a row (410 Gone disables at once). A redelivery carries the
 * same webhook-id, so receivers can drop duplicates.
 */

export interface NotifyDeps {
  store: Store;
  config: Config;
  log: Logger;
  now?: () => Date;
  env?: NodeJS.ProcessEnv;
}

export interface NotifyRunResult {
  delivered: number;
  merged: number;
  failed: number; // given up: 4xx or attempts spent
  retrying: number; // endpoints waiting to retry their head event
  disabled: string[]; // endpoints disabled (now or before)
  /** When the next event becomes due (debounce or retry), for the daemon's timer. */
  nextWakeAt: Date | null;
}

export interface SendResult {
  ok: boolean;
  status: number | null;
  retryable: boolean;
  retryAfterMs: number | null;
  error: string | null;
}

const BATCH = 200;
const TIMEOUT_MS = 15_000;
const MAX_BACKOFF_MS = 3_600_000;

/** One signed POST; never throws. */
export async function sendSigned(endpoint: NotificationEndpoint, id: string, body: string, keys: Buffer[], at: Date): Promise<SendResult> {
  const timestamp = Math.floor(at.getTime() / 1000);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'case-calendar-notify',
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
  };
  if (keys.length) headers['webhook-signature'] = signatureHeader(keys, id, timestamp, body);
  try {
    const { request } = await import('undici'); // only runs that deliver pay for loading it
    const res = await request(endpoint.url, { method: 'POST', headers, body, headersTimeout: TIMEOUT_MS, bodyTimeout: TIMEOUT_MS });
    await res.body.dump();
    const status = res.statusCode;
    if (status >= 200 && status < 300) return { ok: true, status, retryable: false, retryAfterMs: null, error: null };
    const retryable = status === 408 || status === 429 || status >= 500;
    return { ok: false, status, retryable, retryAfterMs: retryAfterMs(res.headers), error: `HTTP ${status}` };
  } catch (err) {
    return { ok: false, status: null, retryable: true, retryAfterMs: null, error: (err as Error).message };
  }
}

export class Notifier {
  private readonly now: () => Date;
  private readonly env: NodeJS.ProcessEnv;

  constructor(private readonly deps: NotifyDeps) {
    this.now = deps.now ?? (() => new Date());
    this.env = deps.env ?? process.env;
  }

  /**
   * A newly configured endpoint starts at the present: it is not sent the outbox's history. Called
   * when a run starts, before the run's own changes are queued.
   */
  ensureEndpoints(): void {
    const { store, config } = this.deps;
    if (config.notifications.length === 0) return;
    store.transaction(() => {
      const latest = store.latestNotifyEventId();
      for (const e of config.notifications) {
        const s = store.getEndpointState(e.id);
        if (s.cursor < 0) store.putEndpointState({ ...s, cursor: latest });
      }
    });
  }

  keysOf(endpoint: NotificationEndpoint): Buffer[] {
    if (!endpoint.secretEnv) return [];
    const value = this.env[endpoint.secretEnv]?.trim();
    if (!value) throw new Error(`${endpoint.secretEnv} is not set (the signing secret of notification endpoint "${endpoint.id}")`);
    return parseSecrets(value);
  }

  private wants(endpoint: NotificationEndpoint, e: NotifyEventRow): boolean {
    if (endpoint.cases !== 'all' && !endpoint.cases.includes(e.caseId)) return false;
    if (!this.deps.config.cases.some((c) => c.id === e.caseId)) return false; // a case removed from the config
    return endpoint.events.some((g) => eventMatches(g, e.type));
  }

  /** Delivers what is due. `flushAll` (end of `sync`): the run's burst is over, so no debounce wait. */
  async deliverDue(opts: { flushAll?: boolean } = {}): Promise<NotifyRunResult> {
    const result: NotifyRunResult = { delivered: 0, merged: 0, failed: 0, retrying: 0, disabled: [], nextWakeAt: null };
    const wake = (at: Date) => {
      if (!result.nextWakeAt || at < result.nextWakeAt) result.nextWakeAt = at;
    };
    for (const endpoint of this.deps.config.notifications) await this.deliverTo(endpoint, opts.flushAll ?? false, result, wake);
    return result;
  }

  private async deliverTo(endpoint: NotificationEndpoint, flushAll: boolean, result: NotifyRunResult, wake: (at: Date) => void): Promise<void> {
    const { store, config, log } = this.deps;
    let state = store.getEndpointState(endpoint.id);
    if (state.cursor < 0) return; // not initialised by this process: nothing of its history is owed
    if (state.disabledAt) {
      result.disabled.push(endpoint.id);
      return;
    }
    const now = this.now();
    if (state.nextAttemptAt && new Date(state.nextAttemptAt) > now) {
      result.retrying++;
      wake(new Date(state.nextAttemptAt));
      return;
    }
    let keys: Buffer[];
    try {
      keys = this.keysOf(endpoint);
    } catch (err) {
      log.error({ endpoint: endpoint.id }, `notifications not sent: ${(err as Error).message}`);
      return;
    }
    const debounceMs = config.notify.debounceSeconds * 1000;
    for (;;) {
      const events = store.notifyEventsAfter(state.cursor, BATCH);
      if (events.length === 0) return;
      const merged = store.mergedNotifyEventIds(endpoint.id, state.cursor);
      for (let i = 0; i < events.length; i++) {
        const e = events[i]!;
        if (merged.has(e.id) || !this.wants(endpoint, e)) {
          state = { ...state, cursor: e.id };
          store.putEndpointState(state);
          continue;
        }
        const dueAt = new Date(new Date(e.occurredAt).getTime() + debounceMs);
        if (!flushAll && dueAt > this.now()) {
          wake(dueAt);
          return;
        }
        // A burst that moves one row again and again is one message, from the first place to the last.
        const burst = e.type.endsWith('.rescheduled')
          ? events.slice(i + 1).filter((x) => x.caseId === e.caseId && x.subject === e.subject && x.type === e.type && new Date(x.occurredAt).getTime() - new Date(e.occurredAt).getTime() <= debounceMs && this.wants(endpoint, x))
          : [];
        const at = this.now();
        const body = messageBody(endpoint, e.type, at, eventData(store, config, e, burst));
        const sent = await sendSigned(endpoint, webhookId(e.id), body, keys, at);
        const attempts = state.headAttempts + 1;
        if (sent.ok) {
          store.transaction(() => {
            store.recordNotifyDelivery({ eventId: e.id, endpointId: endpoint.id, status: 'delivered', attempts, httpStatus: sent.status, error: null, mergedInto: null });
            for (const m of burst) {
              store.recordNotifyDelivery({ eventId: m.id, endpointId: endpoint.id, status: 'merged', attempts: 0, httpStatus: null, error: null, mergedInto: e.id });
              merged.add(m.id);
            }
            state = { ...state, cursor: e.id, headAttempts: 0, nextAttemptAt: null, consecutiveFailures: 0 };
            store.putEndpointState(state);
          });
          result.delivered++;
          result.merged += burst.length;
          continue;
        }
        state = this.failed(endpoint, state, e, sent, attempts, result);
        if (state.disabledAt || state.nextAttemptAt) {
          if (state.nextAttemptAt) wake(new Date(state.nextAttemptAt));
          return; // head of line: later events wait for this one
        }
      }
    }
  }

  private failed(endpoint: NotificationEndpoint, state: NotifyEndpointState, e: NotifyEventRow, sent: SendResult, attempts: number, result: NotifyRunResult): NotifyEndpointState {
    const { store, config, log } = this.deps;
    const failures = state.consecutiveFailures + 1;
    const gone = sent.status === 410;
    const giveUp = gone || !sent.retryable || attempts >= config.notify.maxAttempts;
    const disable = gone || failures >= config.notify.disableAfterFailures;
    const now = this.now();
    let next: NotifyEndpointState;
    if (giveUp) {
      next = { ...state, cursor: e.id, headAttempts: 0, nextAttemptAt: null, consecutiveFailures: failures };
      result.failed++;
    } else {
      const backoff = Math.min(config.notify.retryBaseSeconds * 1000 * 2 ** (attempts - 1), MAX_BACKOFF_MS);
      const wait = sent.retryAfterMs !== null ? Math.min(sent.retryAfterMs, MAX_BACKOFF_MS) : backoff;
      next = { ...state, headAttempts: attempts, nextAttemptAt: new Date(now.getTime() + wait).toISOString(), consecutiveFailures: failures };
      result.retrying++;
    }
    if (disable) {
      next = { ...next, disabledAt: now.toISOString(), disabledReason: gone ? 'the endpoint answered 410 Gone' : `${failures} failures in a row (last: ${sent.error})` };
      result.disabled.push(endpoint.id);
      log.error({ endpoint: endpoint.id }, `notification endpoint disabled: ${next.disabledReason}; re-enable it with \`notify enable ${endpoint.id}\``);
    }
    store.transaction(() => {
      store.recordNotifyDelivery({ eventId: e.id, endpointId: endpoint.id, status: giveUp ? (sent.retryable && !gone ? 'dead' : 'failed') : 'failed', attempts, httpStatus: sent.status, error: sent.error, mergedInto: null });
      store.putEndpointState(next);
    });
    log.warn({ endpoint: endpoint.id, eventId: e.id, attempts, status: sent.status, err: sent.error }, giveUp ? 'notification given up' : 'notification failed; retried later');
    return next;
  }

  /** Re-enables an endpoint; it resumes where it stopped (its head event first). */
  enable(endpointId: string): void {
    const s = this.deps.store.getEndpointState(endpointId);
    this.deps.store.putEndpointState({ ...s, cursor: Math.max(0, s.cursor), disabledAt: null, disabledReason: null, consecutiveFailures: 0, nextAttemptAt: null, headAttempts: 0 });
  }

  /** Sends an event again now, with its original webhook-id; the endpoint's queue is not touched. */
  async replay(eventId: number, endpoint: NotificationEndpoint): Promise<SendResult> {
    const e = this.deps.store.getNotifyEvent(eventId);
    if (!e) return { ok: false, status: null, retryable: false, retryAfterMs: null, error: `no event ${eventId}` };
    const at = this.now();
    const sent = await sendSigned(endpoint, webhookId(e.id), messageBody(endpoint, e.type, at, eventData(this.deps.store, this.deps.config, e)), this.keysOf(endpoint), at);
    const prev = this.deps.store.notifyDeliveriesOf(e.id).find((d) => d.endpointId === endpoint.id);
    this.deps.store.recordNotifyDelivery({ eventId: e.id, endpointId: endpoint.id, status: sent.ok ? 'delivered' : 'failed', attempts: (prev?.attempts ?? 0) + 1, httpStatus: sent.status, error: sent.error, mergedInto: null });
    return sent;
  }

  /** A signed `ping`, not from the outbox: does the endpoint answer, and accept the signature? */
  async ping(endpoint: NotificationEndpoint): Promise<SendResult> {
    const at = this.now();
    const id = `msg_ping_${randomBytes(8).toString('hex')}`;
    const data = { message: 'case-calendar test notification', sent_at: at.toISOString() };
    return sendSigned(endpoint, id, messageBody(endpoint, 'ping', at, data), this.keysOf(endpoint), at);
  }
}

/** One line for people, after a run: "notifications: 3 delivered, 1 merged into them, …". */
export function describeNotifyRun(n: NotifyRunResult): string {
  return `notifications: ${n.delivered} delivered${n.merged ? `, ${n.merged} merged into them` : ''}${n.failed ? `, ${n.failed} given up` : ''}${n.retrying ? `, ${n.retrying} endpoint(s) retrying later` : ''}${n.disabled.length ? `; disabled: ${n.disabled.join(', ')} (see notify list)` : ''}`;
}
