import type { Config } from '../config/types.js';
import type { Store } from '../store/store.js';
import { readAlertState, type AlertState } from './alerts.js';

export type PollMode = Config['sync']['poll'];

/** service_state key `serve` refreshes while it receives webhooks (an ISO instant; empty once it stopped cleanly). */
export const SERVE_ALIVE_KEY = 'serve_alive_at';
/** How often `serve` refreshes it. */
export const SERVE_HEARTBEAT_MS = 5 * 60_000;
/** An older heartbeat means no serve is receiving deliveries: every docket is polled. */
export const SERVE_ALIVE_WINDOW_MS = 3_600_000;

const HOUR_MS = 3_600_000;

export interface DocketPollInput {
  docketId: number;
  /** From the last docket alerts check; null when it never ran for this docket (unknown). */
  alertState: AlertState | null;
  /** The docket row's lastSyncedAt (the last poll that got through); null when never polled. */
  lastPolledAt: string | null;
}

export interface PollPlanInput {
  mode: PollMode;
  catchAllHours: number;
  now: Date;
  /** serve's last heartbeat (SERVE_ALIVE_KEY), null or empty when none. */
  serveAliveAt: string | null;
  dockets: DocketPollInput[];
}

export type PollReason =
  | 'poll-always' // sync.poll is 'always'
  | 'serve-not-alive' // no heartbeat within the last hour: nothing receives this docket's entries
  | 'no-active-alert' // disabled or missing: CourtListener sends nothing for it
  | 'alert-unknown' // never checked
  | 'never-polled' // covered, but a first poll sets its cutoffs
  | 'catch-all-due' // covered, and its catch-all poll is due
  | 'webhook-covered'; // skipped

export interface DocketPollDecision {
  docketId: number;
  poll: boolean;
  /** Active alert and live serve under webhook-first, whether or not its catch-all is due now. */
  covered: boolean;
  reason: PollReason;
  /** Skipped dockets: the first run time at which the catch-all polls it again. */
  nextPollAt: string | null;
}

export interface PollPlan {
  mode: PollMode;
  catchAllHours: number;
  serveAlive: boolean;
  serveAliveAt: string | null;
  decisions: DocketPollDecision[];
  /** Docket ids this run polls, and those it skips as webhook-covered. */
  toPoll: number[];
  skipped: number[];
}

/**
 * A docket polled at the end of one run and checked at the start of a run exactly catchAllHours
 * later would miss its catch-all by the length of a run (a daily cron would poll every other day):
 * it is due this much early, a tenth of the interval and at most an hour.
 */
export function catchAllSlackMs(catchAllHours: number): number {
  return Math.min(HOUR_MS, (catchAllHours * HOUR_MS) / 10);
}

/** Whether a serve heartbeat is recent enough to trust webhooks to bring new entries. */
export function serveIsAlive(serveAliveAt: string | null, now: Date): boolean {
  const at = serveAliveAt ? Date.parse(serveAliveAt) : NaN;
  return Number.isFinite(at) && now.getTime() - at <= SERVE_ALIVE_WINDOW_MS;
}

/**
 * Which dockets this run polls. Under webhook-first, with a live serve, a docket whose alert is
 * known active gets its entries by webhook, so it is polled only by a catch-all every catchAllHours
 * (for deliveries CourtListener gave up on, stubs, edits that send no webhook). Anything less
 * certain is polled every run: an unknown alert state costs requests, a wrong guess costs entries.
 */
export function planPolling(input: PollPlanInput): PollPlan {
  const nowMs = input.now.getTime();
  const serveAlive = serveIsAlive(input.serveAliveAt, input.now);
  const catchAllMs = input.catchAllHours * HOUR_MS;
  const dueAfterMs = catchAllMs - catchAllSlackMs(input.catchAllHours);
  const decisions = input.dockets.map((d): DocketPollDecision => {
    const decide = (poll: boolean, covered: boolean, reason: PollReason, nextPollAt: string | null = null) => ({ docketId: d.docketId, poll, covered, reason, nextPollAt });
    if (input.mode === 'always') return decide(true, false, 'poll-always');
    if (!serveAlive) return decide(true, false, 'serve-not-alive');
    if (d.alertState === null) return decide(true, false, 'alert-unknown');
    if (d.alertState !== 'active') return decide(true, false, 'no-active-alert');
    const last = d.lastPolledAt ? Date.parse(d.lastPolledAt) : NaN;
    if (!Number.isFinite(last)) return decide(true, true, 'never-polled');
    if (nowMs - last >= dueAfterMs) return decide(true, true, 'catch-all-due');
    return decide(false, true, 'webhook-covered', new Date(last + dueAfterMs).toISOString());
  });
  return {
    mode: input.mode,
    catchAllHours: input.catchAllHours,
    serveAlive,
    serveAliveAt: input.serveAliveAt || null,
    decisions,
    toPoll: decisions.filter((d) => d.poll).map((d) => d.docketId),
    skipped: decisions.filter((d) => !d.poll).map((d) => d.docketId),
  };
}

/** planPolling over what the store knows: serve's heartbeat, each docket's alert state and last poll. */
export function planPollingFromStore(store: Store, opts: { mode: PollMode; catchAllHours: number; now: Date; docketIds: number[] }): PollPlan {
  return planPolling({
    mode: opts.mode,
    catchAllHours: opts.catchAllHours,
    now: opts.now,
    serveAliveAt: store.getState(SERVE_ALIVE_KEY),
    dockets: [...new Set(opts.docketIds)].map((docketId) => ({ docketId, alertState: readAlertState(store, docketId), lastPolledAt: store.getDocket(docketId)?.lastSyncedAt ?? null })),
  });
}

/**
 * CourtListener requests a day that `sync`, run `runsPerDay` times a day (hourly cron: 24), needs
 * for the plan's dockets: polled-every-run × runs × 2 + webhook-covered × (24 / catchAllHours) × 2.
 * Assumptions:
 * - a poll costs 2 requests (the docket and one entries page). A quiet docket costs 1 (tier 1) and a
 *   busy one a further page per page of new entries, so this is a ceiling for ordinary days only;
 * - a covered docket is polled once per catchAllHours, but never more often than sync runs;
 * - coverage stays as it is now: while serve is down or an alert lapses, those dockets poll every run;
 * - not included: court lookups (once per court), the daily alerts check (a list page, plus creates
 *   and re-arms), `reconcile`, case summaries, and serve's own requests (RECAP fetches, re-arms).
 */
export function estimateDailyRequests(plan: PollPlan, runsPerDay: number): number {
  if (!(runsPerDay > 0) || !Number.isFinite(runsPerDay)) throw new RangeError(`runsPerDay must be a positive number, got ${runsPerDay}`);
  const covered = plan.decisions.filter((d) => d.covered).length;
  const everyRun = plan.decisions.length - covered;
  const catchAllsPerDay = Math.min(runsPerDay, 24 / plan.catchAllHours);
  return Math.ceil(everyRun * runsPerDay * 2 + covered * catchAllsPerDay * 2);
}

/** The `polling` field of sync's JSON summary. */
export interface PollingSummary {
  mode: PollMode;
  serveAlive: boolean;
  serveAliveAt: string | null;
  catchAllHours: number;
  dockets: number;
  covered: number; // active alert and live serve (webhook-first)
  skipped: number; // covered and not due for the catch-all: not polled this run
  /** A lower bound: a skipped docket saves its docket request, and its entries pages when something was filed. */
  requestsSavedAtLeast: number;
  skippedDockets: Array<{ docketId: number; nextPollAt: string | null }>;
}

export function pollingSummary(plan: PollPlan): PollingSummary {
  const skipped = plan.decisions.filter((d) => !d.poll);
  return {
    mode: plan.mode,
    serveAlive: plan.serveAlive,
    serveAliveAt: plan.serveAliveAt,
    catchAllHours: plan.catchAllHours,
    dockets: plan.decisions.length,
    covered: plan.decisions.filter((d) => d.covered).length,
    skipped: skipped.length,
    requestsSavedAtLeast: skipped.length,
    skippedDockets: skipped.map((d) => ({ docketId: d.docketId, nextPollAt: d.nextPollAt })),
  };
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** sync's one line per run on what was polled and why. */
export function pollingLine(s: PollingSummary): string {
  const all = `polling all ${plural(s.dockets, 'docket', 'dockets')}`;
  if (s.mode === 'always') return `poll: always; ${all}`;
  if (!s.serveAlive) return `webhook-first: no serve seen in the last hour; ${all}`;
  if (s.covered === 0) return `webhook-first: no docket has a known active alert (see \`case-calendar alerts\`); ${all}`;
  const catchAll = s.catchAllHours === 24 ? 'daily catch-all' : `${s.catchAllHours}-hour catch-all`;
  const due = s.covered - s.skipped;
  const head = `webhook-first: ${s.covered} of ${plural(s.dockets, 'docket', 'dockets')} covered by active alerts and a live serve;`;
  const saved = `(saved ≥ ${plural(s.requestsSavedAtLeast, 'request', 'requests')})`;
  if (s.skipped === 0) return `${head} all due for their ${catchAll} (or never polled); ${all}`;
  if (due === 0) return `${head} skipped until their ${catchAll} ${saved}`;
  return `${head} ${s.skipped} skipped until their ${catchAll} ${saved}, ${due} due and polled`;
}
