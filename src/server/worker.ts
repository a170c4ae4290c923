import type { Logger } from 'pino';
import type { CaseConfig, Config } from '../config/types.js';
import type { CourtListenerClient } from '../courtlistener/client.js';
import {
  DocketAlertPayloadSchema,
  EVENT,
  OldAlertsPayloadSchema,
  RecapFetchPayloadSchema,
  WebhookEntrySchema,
  type WebhookEntry,
} from '../courtlistener/webhook.js';
import type { Extractor } from '../extract/types.js';
import { calendarsOfCases, calendarsToRender, pushesAnywhere } from '../render/due.js';
import { Notifier } from '../notify/deliver.js';
import type { LlmProvider } from '../extract/llm/types.js';
import { storeProblem } from '../store/integrity.js';
import type { Store } from '../store/store.js';
import type { InboxRow } from '../store/types.js';
import { StoreHealth } from './store-health.js';

export interface WorkerDeps {
  store: Store;
  config: Config;
  extractor: Extractor;
  client: CourtListenerClient;
  log: Logger;
  now?: () => Date;
  /** Deliveries arriving within this window share one re-render of their calendars. */
  emitDelayMs?: number;
  /** First retry delay of a failed delivery; doubles per attempt, capped at an hour. */
  retryBaseMs?: number;
  /** Shared with the receiver; while it reports a failing store the worker waits for recovery. */
  storeHealth?: StoreHealth;
  /** The summary model when case_summaries is enabled; summaries are rewritten after a quiet spell. */
  summaryProvider?: LlmProvider | null;
}

export interface DeliveryResult {
  eventType: number | null;
  entries: number;
  processed: number;
  unknownDockets: number;
  invalidEntries: number;
  casesChanged: string[];
  alertsRearmed?: number;
  ignored?: boolean;
}

class DeliveryError extends Error {}

/**
 * The pipeline, renderer, push and summaries: loaded with the first piece of work, so a `serve`
 * that waits for deliveries holds only what waiting needs (its thread's share of an idle serve's
 * memory). Once loaded they stay; the emit timer, which runs only after work, uses them directly.
 */
async function loadWorkModules() {
  const [entry, refold, sync, emit, push, summaries] = await Promise.all([
    import('../pipeline/process-entry.js'),
    import('../pipeline/refold.js'),
    import('../pipeline/sync.js'),
    import('../render/emit.js'),
    import('../push/targets.js'),
    import('../summaries/summarize.js'),
  ]);
  return {
    processEntry: entry.processEntry,
    refoldCase: refold.refoldCase,
    refoldPending: refold.refoldPending,
    emptyStats: sync.emptyStats,
    recordDocket: sync.recordDocket,
    syncDocket: sync.syncDocket,
    emitCalendars: emit.emitCalendars,
    configuredTargets: push.configuredTargets,
    describePush: push.describePush,
    pushConfigured: push.pushConfigured,
    refreshSummaries: summaries.refreshSummaries,
  };
}
type WorkModules = Awaited<ReturnType<typeof loadWorkModules>>;
let workModules: WorkModules | null = null;
const work = async (): Promise<WorkModules> => (workModules ??= await loadWorkModules());


const IDLE_POLL_MS = 2000;

function entryOrder(a: WebhookEntry, b: WebhookEntry): number {
  const sa = a.recap_sequence_number ?? '';
  const sb = b.recap_sequence_number ?? '';
  if (sa !== sb) return sa < sb ? -1 : 1;
  return (a.entry_number ?? 0) - (b.entry_number ?? 0) || a.id - b.id;
}

/**
 * Drains the webhook inbox through the same processEntry as polling. One delivery at a time,
 * oldest first; a failure is retried with backoff and, after the configured attempts, parked as
 * dead (visible in health and `inbox`, replayable). Rows still pending at start-up are resumed,
 * so a crash between the acknowledgement and the work loses nothing.
 */
export class InboxWorker {
  private running = false;
  private timer: NodeJS.Timeout | null = null;
  private current: Promise<void> | null = null;
  private readonly pendingCalendars = new Set<string>();
  private emitTimer: NodeJS.Timeout | null = null;
  private pushing: Promise<void> | null = null;
  private pushAgain = false;
  /** Remote-calendar push passes finished (for tests). */
  pushes = 0;
  private readonly notifier: Notifier;
  private notifyTimer: NodeJS.Timeout | null = null;
  /** When notifyTimer fires (null while none is set): a thread that exits while idle is started again by then. */
  private notifyDueAt: number | null = null;
  private notifying: Promise<void> | null = null;
  private notifyAgain = false;
  private summaryTimer: NodeJS.Timeout | null = null;
  private summarizing: Promise<void> | null = null;
  /** Summary passes finished (for tests and health). */
  summaryRuns = 0;
  private readonly caseOfDocket = new Map<number, CaseConfig>();
  private readonly now: () => Date;
  private readonly health: StoreHealth;
  private readonly ownHealth: StoreHealth | null;
  emits = 0; // re-renders done, for health and tests
  private settled = false;

  constructor(private readonly deps: WorkerDeps) {
    this.now = deps.now ?? (() => new Date());
    this.notifier = new Notifier({ store: deps.store, config: deps.config, log: deps.log, now: () => this.now() });
    for (const c of deps.config.cases) for (const d of c.dockets) this.caseOfDocket.set(d, c);
    this.ownHealth = deps.storeHealth ? null : new StoreHealth({ check: () => storeProblem(deps.store.db, this.now().toISOString()), log: deps.log });
    this.health = deps.storeHealth ?? this.ownHealth!;
    // Deliveries left pending while the store failed are picked up as soon as it works again.
    this.health.onRecovered(() => this.wake());
  }

  start(): void {
    this.running = true;
    try {
      this.notifier.ensureEndpoints();
    } catch (err) {
      this.deps.log.error({ err: (err as Error).message }, 'could not set up notification endpoints');
    }
    this.queueNotify(0);
    this.schedule(0);
  }

  /** Called after a new delivery was accepted. */
  wake(): void {
    if (this.running) this.schedule(0);
  }

  /** Finishes the delivery in hand and any pending re-render, then stops. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.notifyTimer) clearTimeout(this.notifyTimer);
    this.notifyTimer = null;
    this.notifyDueAt = null;
    await this.notifying;
    // Stale summaries stay flagged in the store; the next sync or serve writes them.
    if (this.summaryTimer) clearTimeout(this.summaryTimer);
    this.summaryTimer = null;
    await this.summarizing;
    await this.current;
    this.flushEmit();
    await this.pushing;
    this.ownHealth?.stop();
  }

  /**
   * Whether nothing is in hand or queued: no delivery being handled or due, no re-render, push,
   * notification pass or summary waiting. `wakeAt` is when queued work falls due that the inbox
   * cannot show (a notification retry); serve lets the thread end while idle and starts it again
   * for the next delivery or by then.
   */
  idleState(): { idle: boolean; wakeAt: Date | null } {
    const busy =
      !this.running ||
      this.current !== null ||
      this.health.failure !== null ||
      this.emitTimer !== null ||
      this.pendingCalendars.size > 0 ||
      this.pushing !== null ||
      this.notifying !== null ||
      this.summaryTimer !== null ||
      this.summarizing !== null;
    if (busy) return { idle: false, wakeAt: null };
    let due: string | null;
    try {
      due = this.deps.store.inboxNextDueAt();
    } catch {
      return { idle: false, wakeAt: null };
    }
    // A retry coming due within the idle poll is as good as in hand.
    if (due !== null && Date.parse(due) - this.now().getTime() <= IDLE_POLL_MS) return { idle: false, wakeAt: null };
    return { idle: true, wakeAt: this.notifyDueAt === null ? null : new Date(this.notifyDueAt) };
  }

  private schedule(ms: number): void {
    if (this.current) return; // the running drain picks new rows up itself
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.current = this.drain()
        .catch((err: Error) => this.deps.log.error({ err: err.message }, 'inbox worker error; retrying shortly'))
        .finally(() => {
          this.current = null;
          this.scheduleNextDue();
        });
    }, ms);
  }

  /** Sleeps until the next retry is due; idle, it still looks every few seconds for rows another process re-queued (`inbox replay`). */
  private scheduleNextDue(): void {
    if (!this.running || this.health.failure) return; // recovery wakes the worker
    let next: string | null = null;
    try {
      next = this.deps.store.inboxNextDueAt();
    } catch (err) {
      if (this.health.record(err, 'worker')) return;
      this.deps.log.error({ err: (err as Error).message }, 'inbox not readable; retrying shortly');
    }
    const wait = next === null ? IDLE_POLL_MS : Math.max(0, Date.parse(next) - this.now().getTime());
    this.schedule(Math.min(wait, IDLE_POLL_MS));
  }

  private async drain(): Promise<void> {
    if (!this.settled) {
      this.settled = true;
      await this.settleLeftovers();
    }
    while (this.running && !this.health.failure) {
      let row: InboxRow | null;
      try {
        row = this.deps.store.inboxNextDue(this.now().toISOString());
      } catch (err) {
        if (this.health.record(err, 'worker')) return;
        throw err;
      }
      if (!row) return;
      await this.handle(row);
      // A delivery that needs no network resolves in microtasks only; yield so incoming
      // requests are acknowledged between deliveries instead of waiting for the whole backlog.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /** A crash can leave a refold or a calendar render recorded but not done: finish them first. */
  private async settleLeftovers(): Promise<void> {
    const { store, config, log } = this.deps;
    try {
      // Nothing left over (the usual start): the work modules can wait for the first delivery.
      const leftover = store.casesAwaitingRefold().length > 0 || calendarsToRender(store, config, []).wanted.size > 0 || pushesAnywhere(config);
      if (!leftover) return;
      const { refoldPending, emitCalendars } = await work();
      const refolds = await refoldPending({ store, extractor: this.deps.extractor, log, now: this.now }, config.cases);
      this.queueEmit(refolds.filter((r) => r.rowsChanged > 0).map((r) => r.caseId));
      // Any emit picks up pending renders; an empty request renders just those.
      emitCalendars(store, config, [], log, this.now());
      this.schedulePush(); // a push an earlier run could not finish
    } catch (err) {
      log.error({ err: (err as Error).message }, 'could not settle work left by an earlier run; it stays recorded');
    }
  }

  private async handle(row: InboxRow): Promise<void> {
    const { store, log, config } = this.deps;
    const started = Date.now();
    const meta = { idempotencyKey: row.idempotencyKey, eventType: row.eventType, attempt: row.attempts + 1 };
    try {
      const result = await this.process(row);
      store.transaction(() => {
        store.inboxMarkDone(row.id, result);
        store.setState('last_delivery_at', this.now().toISOString());
      });
      log.info({ ...meta, ...result, ms: Date.now() - started }, 'delivery processed');
    } catch (err) {
      // The file is at fault, not the delivery: it stays pending, its attempt uncounted, until recovery.
      if (this.health.record(err, 'worker')) return;
      const attempts = row.attempts + 1;
      const dead = attempts >= config.webhook.maxAttempts;
      const base = this.deps.retryBaseMs ?? 30_000;
      const delay = Math.min(3_600_000, base * 2 ** (attempts - 1)) * (0.75 + Math.random() * 0.5);
      const next = dead ? null : new Date(this.now().getTime() + delay).toISOString();
      const message = (err as Error).message;
      try {
        store.transaction(() => store.inboxMarkFailed(row.id, message, next, dead));
      } catch (markErr) {
        if (this.health.record(markErr, 'worker')) return;
        throw markErr;
      }
      log.error({ ...meta, err: message, dead, nextAttemptAt: next }, dead ? 'delivery failed for the last time; parked as dead' : 'delivery failed; will retry');
    }
  }

  private async process(row: InboxRow): Promise<DeliveryResult> {
    const body = JSON.parse(row.body) as { payload?: unknown };
    const base: DeliveryResult = { eventType: row.eventType, entries: 0, processed: 0, unknownDockets: 0, invalidEntries: 0, casesChanged: [] };
    switch (row.eventType) {
      case EVENT.DOCKET_ALERT:
        return this.docketAlert(body.payload, base);
      case EVENT.RECAP_FETCH:
        return this.recapFetch(body.payload, base);
      case EVENT.OLD_DOCKET_ALERTS_REPORT:
        return this.rearmAlerts(body.payload, base);
      default:
        return { ...base, ignored: true };
    }
  }

  private async docketAlert(payload: unknown, result: DeliveryResult): Promise<DeliveryResult> {
    const { store, log } = this.deps;
    const parsed = DocketAlertPayloadSchema.safeParse(payload);
    const raw = parsed.success ? (parsed.data.results ?? []) : [];
    const entries: WebhookEntry[] = [];
    for (const item of raw) {
      const e = WebhookEntrySchema.safeParse(item);
      if (e.success) entries.push(e.data);
      else result.invalidEntries++;
    }
    entries.sort(entryOrder);
    result.entries = entries.length;
    const changed = new Set<string>();
    const touched = new Set<string>();
    const failures: string[] = [];
    const ctx = { store, extractor: this.deps.extractor, log, now: this.now, client: this.deps.client };
    const { processEntry, recordDocket, refoldCase } = await work();
    for (const entry of entries) {
      const kase = this.caseOfDocket.get(entry.docket);
      if (!kase) {
        // CourtListener's "Test" button and alerts kept for removed cases land here.
        result.unknownDockets++;
        continue;
      }
      let docket = store.getDocket(entry.docket);
      if (!docket || docket.courtId === null) docket = await recordDocket(ctx, await this.deps.client.getDocket(entry.docket));
      const outcome = await processEntry(ctx, kase, docket, entry);
      log.info({ caseId: kase.id, docketId: entry.docket, entryId: entry.id, status: outcome.status, actions: outcome.actions, changed: outcome.rowsChanged }, 'webhook entry');
      if (outcome.status === 'failed') failures.push(`entry ${entry.id}: ${outcome.error ?? 'extraction failed'}`);
      touched.add(kase.id);
      if (outcome.status === 'processed') {
        result.processed++;
        changed.add(kase.id);
      }
    }
    // Entries that landed behind ones already applied (a delivery retried after later ones, a poll
    // that got there first) queued a re-read of their case in docket order.
    for (const kase of this.deps.config.cases) {
      if (!touched.has(kase.id)) continue;
      const refold = await refoldCase(ctx, kase);
      if (refold.rowsChanged > 0) changed.add(kase.id);
    }
    for (const caseId of store.markPassedDeadlines(this.now().toISOString())) changed.add(caseId);
    result.casesChanged = [...changed].sort();
    this.queueEmit(changed);
    this.queueSummaries();
    this.queueNotify(0);
    // Entries already applied are fingerprint no-ops on the retry; only the failed ones are redone.
    if (failures.length > 0) throw new DeliveryError(failures.join('; '));
    return result;
  }

  /** A docket CourtListener just refreshed from PACER: poll it like `sync` would. */
  private async recapFetch(payload: unknown, result: DeliveryResult): Promise<DeliveryResult> {
    const parsed = RecapFetchPayloadSchema.safeParse(payload);
    const docketId = parsed.success ? parsed.data.docket : null;
    const kase = docketId ? this.caseOfDocket.get(docketId) : undefined;
    if (!docketId || !kase) return { ...result, ignored: true, unknownDockets: docketId ? 1 : 0 };
    const { emptyStats, syncDocket } = await work();
    const stats = emptyStats(kase.id);
    await syncDocket({ store: this.deps.store, extractor: this.deps.extractor, log: this.deps.log, now: this.now, client: this.deps.client }, kase, docketId, stats);
    result.entries = stats.entriesSeen;
    result.processed = stats.entriesProcessed;
    if (stats.entriesFailed > 0) throw new DeliveryError(stats.errors.join('; '));
    if (stats.changed) {
      result.casesChanged = [kase.id];
      this.queueEmit([kase.id]);
    }
    return result;
  }

  /** CourtListener warns before disabling alerts of idle dockets; re-arm the ones we track. */
  private async rearmAlerts(payload: unknown, result: DeliveryResult): Promise<DeliveryResult> {
    const parsed = OldAlertsPayloadSchema.safeParse(payload);
    const alerts = parsed.success ? [...(parsed.data.old_alerts ?? []), ...(parsed.data.disabled_alerts ?? [])] : [];
    let rearmed = 0;
    for (const alert of alerts) {
      if (!this.caseOfDocket.has(alert.docket)) continue;
      await this.deps.client.patchDocketAlert(alert.id, 1);
      rearmed++;
      this.deps.log.info({ docketId: alert.docket, alertId: alert.id }, 'docket alert re-armed');
    }
    return { ...result, alertsRearmed: rearmed };
  }

  private queueEmit(caseIds: Iterable<string>): void {
    for (const cal of calendarsOfCases(this.deps.config, caseIds)) this.pendingCalendars.add(cal);
    if (this.pendingCalendars.size === 0 || this.emitTimer) return;
    this.emitTimer = setTimeout(() => this.flushEmit(), this.deps.emitDelayMs ?? 500);
  }

  private flushEmit(): void {
    if (this.emitTimer) clearTimeout(this.emitTimer);
    this.emitTimer = null;
    if (this.pendingCalendars.size === 0) return;
    if (!workModules) {
      // Emits follow work, which loaded the renderer; should one come first, load it and come back.
      void work().then(() => this.flushEmit());
      return;
    }
    const calendars = [...this.pendingCalendars];
    this.pendingCalendars.clear();
    try {
      workModules.emitCalendars(this.deps.store, this.deps.config, calendars, this.deps.log);
      this.emits++;
    } catch (err) {
      this.health.record(err, 'render');
      this.deps.log.error({ calendars, err: (err as Error).message }, 're-render failed');
    }
    this.schedulePush();
  }

  /**
   * Delivers the notification outbox now or at `delayMs`: after each processed delivery, and when
   * the debounce of a queued change or an endpoint's retry comes due. One pass at a time.
   */
  private queueNotify(delayMs: number): void {
    if (this.deps.config.notifications.length === 0 || !this.running) return;
    if (this.notifying) {
      this.notifyAgain = true;
      return;
    }
    if (this.notifyTimer) clearTimeout(this.notifyTimer);
    this.notifyDueAt = this.now().getTime() + Math.max(0, delayMs);
    this.notifyTimer = setTimeout(() => {
      this.notifyTimer = null;
      this.notifyDueAt = null;
      this.notifying = this.notifier
        .deliverDue()
        .then((r) => {
          this.notifyRuns++;
          if (r.nextWakeAt) this.queueNotifyAt(r.nextWakeAt);
        })
        .catch((err: Error) => this.deps.log.error({ err: err.message }, 'notification delivery failed; retried later'))
        .finally(() => {
          this.notifying = null;
          if (this.notifyAgain) {
            this.notifyAgain = false;
            this.queueNotify(0);
          }
        });
    }, Math.max(0, delayMs));
    this.notifyTimer.unref?.();
  }

  private queueNotifyAt(at: Date): void {
    this.queueNotify(Math.min(at.getTime() - this.now().getTime() + 50, 2_147_000_000));
  }

  /** Notification passes finished (for tests). */
  notifyRuns = 0;

  /**
   * Each delivery restarts the debounce; when deliveries stop for debounce_seconds, the stale
   * summaries are written once and their calendars re-rendered (a burst costs one model call per docket).
   */
  private queueSummaries(): void {
    const { config } = this.deps;
    if (!config.summaries.enabled || !this.deps.summaryProvider) return;
    if (this.summaryTimer) clearTimeout(this.summaryTimer);
    this.summaryTimer = setTimeout(() => {
      this.summaryTimer = null;
      if (this.summarizing) return this.queueSummaries(); // one at a time; try again after the quiet spell
      this.summarizing = this.writeSummaries().finally(() => {
        this.summarizing = null;
      });
    }, config.summaries.debounceSeconds * 1000);
  }

  private async writeSummaries(): Promise<void> {
    const { store, config, client, log } = this.deps;
    try {
      const { refreshSummaries } = await work();
      const results = await refreshSummaries({ store, config, client, provider: this.deps.summaryProvider ?? null, log, now: this.now });
      this.summaryRuns++;
      const written = results.filter((r) => r.written).map((r) => r.caseId);
      if (written.length) this.queueEmit(written);
    } catch (err) {
      log.error({ err: (err as Error).message }, 'writing case summaries failed; they stay stale');
    }
  }

  /**
   * Pushes remote calendars after a re-render. One push at a time: changes made while one runs are
   * picked up by one more pass (each pass sends only what changed, so a burst costs little).
   */
  private schedulePush(): void {
    if (!pushesAnywhere(this.deps.config)) return;
    if (this.pushing) {
      this.pushAgain = true;
      return;
    }
    const { store, config, log } = this.deps;
    this.pushing = (async () => {
      do {
        this.pushAgain = false;
        try {
          const { pushConfigured, describePush } = await work();
          const results = await pushConfigured(store, config, { log });
          this.pushes++;
          for (const r of results) if (r.error) log.error({ target: r.target }, describePush(r));
        } catch (err) {
          log.error({ err: (err as Error).message }, 'push to remote calendars failed; retried after the next change');
        }
      } while (this.pushAgain && this.running);
    })().finally(() => {
      this.pushing = null;
    });
  }
}
