import type { Logger } from 'pino';
import type { Config } from '../config/types.js';
import type { RequestStats } from '../courtlistener/client.js';
import { QuotaStopError, RateLimitedError } from '../courtlistener/errors.js';
import { createClient } from '../courtlistener/factory.js';
import { busiestWindow } from '../courtlistener/pacer.js';
import { requestLabel, type RequestPlan } from '../courtlistener/progress.js';
import { alertSummaryLine, alertsCheckDue, markAlertsChecked, reconcileDocketAlerts, recordAlertStates, type AlertReport } from './alerts.js';
import { planPollingFromStore, pollingLine, pollingSummary, type PollingSummary, type PollMode } from './poll-plan.js';
import type { Reviewer } from '../extract/review.js';
import type { Extractor } from '../extract/types.js';
import type { LedgerTotals, UsageLedger } from '../extract/llm/ledger.js';
import { describeNotifyRun, Notifier, type NotifyRunResult } from '../notify/deliver.js';
import type { SummaryResult } from '../summaries/summarize.js';
import type { LlmProvider } from '../extract/llm/types.js';
import type { PushTargetResult } from '../push/push.js';
import { calendarsOfCases, calendarsStaleByDate, calendarsToRender, pushesAnywhere } from '../render/due.js';
import type { EmitResult, EmitSummary } from '../render/emit.js';
import type { Store } from '../store/store.js';
import { crashPoint } from '../crash-points.js';
import type { RefoldResult } from './refold.js';
import { syncCase, type CaseSyncStats } from './sync.js';

export interface SyncOptions {
  caseIds?: string[]; // --case
  onlyNew?: boolean; // --only-new
  emit: boolean; // false with --no-emit
  sweep?: boolean; // --sweep: end-of-case sweeps even without new entries
  forceSummaries?: boolean; // --force-summaries: write every summary again
  poll?: PollMode; // --poll: overrides config.sync.poll for this run
}

export interface SyncSummary {
  cases: CaseSyncStats[];
  emitted: EmitResult[];
  /** Remote calendars (Google, Microsoft 365) brought in step with the store. */
  pushed: PushTargetResult[];
  /** Case summaries written (or failed) this run. */
  summaries: SummaryResult[];
  /** Change notifications delivered at the end of the run (when endpoints are configured). */
  notifications?: NotifyRunResult;
  index: EmitSummary['index']; // the index page, when index_path is set and something was rendered
  passedDeadlines: number; // cases whose pending deadlines flipped to passed
  requests: RequestStats;
  llm: LedgerTotals | null; // token and cost totals when a language model was used
  failed: boolean;
  alerts: AlertReport | null; // when ensure_docket_alerts ran at the start of this run
  /** Set when the quota ended the run early; the next run continues from the saved checkpoints. */
  stopped: string | null;
  quota: { perMinute: number; perDay: number | null; usedToday: number; remainingToday: number | null; busiestMinute: number; busiestHour: number };
  /** Webhook-first polling: the dockets left to serve's webhooks this run, and what that saved. */
  polling: PollingSummary;
  note?: string;
}

export interface SyncRuntime {
  config: Config;
  store: Store;
  extractor: Extractor;
  reviewer?: Reviewer | null;
  ledger?: UsageLedger;
  log: Logger;
  origin: string;
  originFromEnv?: boolean; // COURTLISTENER_BASE_URL set the origin (for messages)
  token: string;
  now?: () => Date;
  progress?: (line: string) => void;
  /** Heartbeat while waiting on CourtListener; each line supersedes the last (a TTY redraws it). Default: progress. */
  status?: (line: string) => void;
  /** The summary model, when case_summaries is enabled. */
  summaryProvider?: LlmProvider | null;
}

function sweepLine(s: CaseSyncStats): string {
  const w = s.sweep;
  const parts = [];
  if (w.reviews + w.reviewsSkipped > 0) parts.push(`reviews=${w.reviews} reviews_reused=${w.reviewsSkipped} review_changes=${w.reviewChanges}`);
  if (w.merged > 0) parts.push(`duplicates_merged=${w.merged}`);
  return parts.length ? ` ${parts.join(' ')}` : '';
}

/** What the run will surely request, for the progress line's estimate (the client adds next pages as it learns of them). */
function expectRequests(plan: RequestPlan, store: Store, cases: Config['cases'], alertsDue: boolean, skipped: ReadonlySet<number>): void {
  if (alertsDue) plan.expect(requestLabel.alerts(1));
  for (const kase of cases) for (const d of kase.dockets) if (!skipped.has(d)) expectDocket(plan, store, d);
}

function expectDocket(plan: RequestPlan, store: Store, d: number): void {
  plan.expect(requestLabel.docket(d), d);
  // Never polled to the end: its entries are read from the start, at least one page.
  if (!store.getDocket(d)?.dateModified) plan.expect(requestLabel.entries(d, 1), d);
}

/**
 * Renders the calendars asked for and any with changes pending. The renderer (and what it pulls
 * in) is loaded only when there is something to write: a quiet run never needs it.
 */
async function emitWanted(store: Store, config: Config, calendarIds: Iterable<string>, log: Logger, now: Date): Promise<EmitSummary> {
  if (calendarsToRender(store, config, calendarIds).wanted.size === 0) return { calendars: [], index: null };
  const { emitAll } = await import('../render/emit.js');
  return emitAll(store, config, calendarIds, log, now);
}

/** `sync`: poll every selected case, then re-render only the calendars whose cases changed. */
export async function runSync(rt: SyncRuntime, opts: SyncOptions): Promise<SyncSummary> {
  const { config, store, log } = rt;
  const now = rt.now ?? (() => new Date());
  const progress = rt.progress ?? (() => {});
  let cases = config.cases;
  if (opts.caseIds && opts.caseIds.length > 0) cases = cases.filter((c) => opts.caseIds!.includes(c.id));
  if (opts.onlyNew) cases = cases.filter((c) => c.dockets.some((d) => store.getDocket(d) === null));
  const docketIds = cases.flatMap((c) => c.dockets);
  const decidePolling = () => planPollingFromStore(store, { mode: opts.poll ?? config.sync.poll, catchAllHours: config.sync.catchAllHours, now: now(), docketIds });
  let polling = decidePolling();

  const client = createClient(config, store, rt.origin, rt.token, log, { progress: rt.status ?? rt.progress, originFromEnv: rt.originFromEnv });
  const summary: SyncSummary = { cases: [], emitted: [], pushed: [], summaries: [], index: null, passedDeadlines: 0, requests: { total: 0, byEndpoint: {} }, llm: null, alerts: null, failed: false, stopped: null, quota: { perMinute: config.courtlistener.maxRequestsPerMinute, perDay: config.courtlistener.maxRequestsPerDay, usedToday: 0, remainingToday: null, busiestMinute: 0, busiestHour: 0 }, polling: pollingSummary(polling) };
  if (opts.onlyNew && cases.length === 0) {
    summary.note = "no new cases — every configured case's dockets are already in the store";
    progress(summary.note);
    return summary;
  }
  let stoppedCase: string | null = null;
  // Work a crash left recorded (a refold, a calendar not yet written) is settled before new work.
  // Endpoints configured since the last run start at the present, before this run's changes are queued.
  const notifier = new Notifier({ store, config, log, now });
  notifier.ensureEndpoints();
  let leftovers: RefoldResult[] = [];
  if (store.casesAwaitingRefold().length > 0) {
    const { refoldPending } = await import('./refold.js');
    leftovers = await refoldPending({ store, extractor: rt.extractor, log, now }, cases);
  }
  if (opts.emit) {
    const early = await emitWanted(store, config, [], log, now());
    for (const r of early.calendars) if (r.written) progress(`[${r.calendarId}] wrote ${r.events} events -> ${r.path} (left pending by an earlier run)`);
  }
  const alertsDue = config.ensureDocketAlerts && alertsCheckDue(store, config.cases, now().getTime());
  expectRequests(client.plan, store, cases, alertsDue, new Set(polling.skipped));
  try {
    // Webhooks need an alert per docket; checked daily or when the configured dockets change.
    if (alertsDue) {
      try {
        summary.alerts = await reconcileDocketAlerts(client, config.cases, log, true);
        const line = alertSummaryLine(summary.alerts);
        if (line) progress(line);
        if (!summary.alerts.listError) markAlertsChecked(store, config.cases, now().getTime());
        recordAlertStates(store, summary.alerts);
      } catch (err) {
        if (!(err instanceof QuotaStopError || err instanceof RateLimitedError)) throw err;
        progress(`docket alerts not checked: ${err.message}`);
      }
      // Decide again with the alert states the check just recorded (an alert it could not restore is polled now).
      const skippedBefore = new Set(polling.skipped);
      polling = decidePolling();
      for (const d of polling.toPoll) if (skippedBefore.has(d)) expectDocket(client.plan, store, d);
      for (const d of polling.skipped) client.plan.forgetDocket(d);
    }
    summary.polling = pollingSummary(polling);
    progress(pollingLine(summary.polling));
    const skipDockets = new Set(polling.skipped);
    for (const [i, kase] of cases.entries()) {
      let stats: CaseSyncStats;
      try {
        stats = await syncCase({ store, client, extractor: rt.extractor, reviewer: rt.reviewer ?? null, forceSweeps: opts.sweep, skipDockets, log: log.child({ caseId: kase.id }), now }, kase);
      } catch (err) {
        if (!(err instanceof QuotaStopError || err instanceof RateLimitedError)) throw err;
        // What this case got through is saved page by page; render it and stop.
        summary.stopped = `${err.message}; stopped at case ${kase.id} (${i + 1}/${cases.length}), the next run continues from here`;
        stoppedCase = kase.id;
        progress(`stopped: ${summary.stopped}`);
        log.warn({ caseId: kase.id, err: err.message }, 'CourtListener quota reached; run stopped');
        break;
      }
      summary.cases.push(stats);
      progress(
        `[${i + 1}/${cases.length}] ${kase.id}: dockets=${stats.dockets} skipped=${stats.docketsSkipped}${stats.docketsCovered > 0 ? ` webhook_covered=${stats.docketsCovered}` : ''} entries_seen=${stats.entriesSeen} ` +
          `processed=${stats.entriesProcessed} actions=${stats.actions} events_changed=${stats.rowsChanged}` +
          (stats.entriesUnread > 0 ? ` unread=${stats.entriesUnread} (see: show --unread)` : '') +
          sweepLine(stats) +
          (stats.docketsFailed + stats.entriesFailed > 0 ? ` FAILED dockets=${stats.docketsFailed} entries=${stats.entriesFailed}` : ''),
      );
      for (const e of stats.errors) progress(`  ! ${e}`);
    }
    // Before the emit, so the index page shows them (spec summaries §1); a quota stop leaves them stale.
    if (config.summaries.enabled && !summary.stopped) {
      const { refreshSummaries, summaryProgress } = await import('../summaries/summarize.js');
      summary.summaries = await refreshSummaries(
        { store, config, client, provider: rt.summaryProvider ?? null, ledger: rt.ledger ?? null, log, now },
        { caseIds: cases.map((c) => c.id), force: opts.forceSummaries, onGroup: summaryProgress(config, progress) },
      );
    }
  } finally {
    summary.requests = client.stats();
    await client.close();
  }

  store.setState('last_sync_at', now().toISOString());
  const flipped = store.markPassedDeadlines(now().toISOString());
  summary.passedDeadlines = flipped.length;
  const affected = new Set([...summary.cases.filter((s) => s.changed).map((s) => s.caseId), ...summary.summaries.filter((r) => r.written).map((r) => r.caseId), ...flipped, ...(stoppedCase ? [stoppedCase] : []), ...leftovers.filter((r) => r.rowsChanged > 0).map((r) => r.caseId)]);
  crashPoint('before-emit');
  if (opts.emit) {
    // Also once a day per calendar: a cancelled event's tombstone is dropped when its date passes.
    const due = new Set([...calendarsOfCases(config, affected), ...calendarsStaleByDate(store, config, now())]);
    const emitted = await emitWanted(store, config, due, log, now());
    summary.emitted = emitted.calendars;
    summary.index = emitted.index;
    for (const r of summary.emitted) {
      if (r.held) progress(`[${r.calendarId}] NOT written${r.path ? ` (${r.path} left as it was)` : ''}: ${r.held}`);
      else progress(r.written ? `[${r.calendarId}] wrote ${r.events} events -> ${r.path}` : `[${r.calendarId}] unchanged (${r.events} events)${r.path ? ` ${r.path}` : ''}`);
    }
    if (summary.index?.written) progress(`[index] wrote ${summary.index.path}`);
    // After the files: a remote calendar that fails (a revoked token) never holds back the feeds.
    if (pushesAnywhere(config)) {
      const { describePush, pushConfigured } = await import('../push/targets.js');
      summary.pushed = await pushConfigured(store, config, { log, now: now() });
      for (const r of summary.pushed) progress(describePush(r));
    }
  }
  // The run's changes are all queued: its bursts are over, so the debounce need not be waited out.
  if (config.notifications.length > 0) {
    summary.notifications = await notifier.deliverDue({ flushAll: true });
    progress(describeNotifyRun(summary.notifications));
  }
  summary.failed = summary.cases.some((s) => s.docketsFailed > 0 || s.entriesFailed > 0) || summary.emitted.some((e) => e.refused) || summary.pushed.some((p) => p.authFailed) || summary.summaries.some((r) => r.error !== null);
  const t = summary.cases.reduce(
    (a, s) => ({ dockets: a.dockets + s.dockets, skipped: a.skipped + s.docketsSkipped, seen: a.seen + s.entriesSeen, processed: a.processed + s.entriesProcessed, actions: a.actions + s.actions, unread: a.unread + s.entriesUnread }),
    { dockets: 0, skipped: 0, seen: 0, processed: 0, actions: 0, unread: 0 },
  );
  const perEndpoint = Object.entries(summary.requests.byEndpoint).map(([k, v]) => `${k}=${v}`).join(' ');
  if (rt.ledger && rt.ledger.totals.calls > 0) {
    summary.llm = { ...rt.ledger.totals };
    progress(rt.ledger.summary());
  }
  // The last 24 hours of every process on the store: what this account really needs from its tier.
  const times = store.requestTimesInLastDay(now().getTime());
  const usedToday = times.length;
  const perDay = config.courtlistener.maxRequestsPerDay;
  summary.quota = {
    ...summary.quota,
    usedToday,
    remainingToday: perDay === null ? null : Math.max(0, perDay - usedToday),
    busiestMinute: busiestWindow(times, 60_000),
    busiestHour: busiestWindow(times, 3_600_000),
  };
  progress(
    `quota: ${usedToday} CourtListener request(s) in the last 24 h${perDay === null ? '' : ` of ${perDay} (${summary.quota.remainingToday} left)`}, ` +
      `busiest minute ${summary.quota.busiestMinute}, busiest hour ${summary.quota.busiestHour}; paced at ${config.courtlistener.maxRequestsPerMinute}/min`,
  );
  progress(
    `sync ${summary.stopped ? 'stopped early' : 'done'}: cases=${summary.cases.length} dockets=${t.dockets} dockets_skipped=${t.skipped} entries_seen=${t.seen} processed=${t.processed} ` +
      `actions=${t.actions} unread=${t.unread} calendars_written=${summary.emitted.filter((e) => e.written).length} ` +
      `courtlistener_requests=${summary.requests.total}${perEndpoint ? ` (${perEndpoint})` : ''}`,
  );
  return summary;
}
