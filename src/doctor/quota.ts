import { readAlertState, type AlertState } from '../pipeline/alerts.js';
import { estimateDailyRequests, planPolling, SERVE_ALIVE_KEY } from '../pipeline/poll-plan.js';
import { ok, warn, type CheckResult, type DoctorContext } from './types.js';

/** CourtListener's free API tier, the reference when no budget is configured. */
export const FREE_TIER_PER_DAY = 125;
/** The cron schedule the README suggests; the estimate says it assumes this. */
const RUNS_PER_DAY = 24;

/**
 * Check 6: requests of the last 24 hours (every process on the store) against the budget, and what
 * the polling plan needs a day with sync run hourly. Alert states come from this run's list when
 * it got one (fresher than the store's), else from the last alerts check.
 */
export function checkQuota(ctx: DoctorContext, freshAlerts: Map<number, AlertState> | null): CheckResult {
  const name = 'quota';
  const store = ctx.store;
  if (!store) return warn(name, `not checked: ${ctx.storeUnavailable ?? 'no store'} (see store)`, 'fix the store first');
  const now = ctx.now();
  const used = store.requestsInLastDay(now.getTime());
  const configured = ctx.config.courtlistener.maxRequestsPerDay;
  const budget = configured ?? FREE_TIER_PER_DAY;
  const budgetText = configured !== null ? `courtlistener.max_requests_per_day ${configured}` : `${FREE_TIER_PER_DAY}/day (free tier, for reference; max_requests_per_day unset)`;
  const docketIds = [...new Set(ctx.config.cases.flatMap((c) => c.dockets))];
  const plan = planPolling({
    mode: ctx.config.sync.poll,
    catchAllHours: ctx.config.sync.catchAllHours,
    now,
    serveAliveAt: store.getState(SERVE_ALIVE_KEY),
    dockets: docketIds.map((docketId) => ({ docketId, alertState: freshAlerts?.get(docketId) ?? readAlertState(store, docketId), lastPolledAt: store.getDocket(docketId)?.lastSyncedAt ?? null })),
  });
  const needed = estimateDailyRequests(plan, RUNS_PER_DAY);
  const covered = plan.decisions.filter((d) => d.covered).length;
  const coverage =
    plan.mode === 'always' ? 'sync.poll: always' : !plan.serveAlive ? 'no live serve, so every docket is polled each run' : `${covered} of ${docketIds.length} dockets covered by webhooks`;
  const found = `${used} request${used === 1 ? '' : 's'} in the last 24 h of ${budgetText}; polling plan ≈ ${needed}/day assuming an hourly sync cron (${coverage}; alert checks, court lookups, reconcile, summaries extra)`;
  const issues: string[] = [];
  const fixes: string[] = [];
  if (needed > budget) {
    issues.push(`the plan (≈ ${needed}/day) exceeds the budget (${budget}/day)`);
    if (plan.mode === 'always') fixes.push('set sync.poll: webhook-first and run `case-calendar serve` with docket alerts');
    else if (!plan.serveAlive) fixes.push('run `case-calendar serve` (webhook-first polling then polls covered dockets once a day)');
    else if (covered < docketIds.length) fixes.push('run `case-calendar alerts --sync` so every docket is covered by webhooks');
    fixes.push('run sync less often than hourly, or raise courtlistener.max_requests_per_day on a paid tier');
  }
  if (used >= budget) {
    issues.push(configured !== null ? 'the daily budget is spent: sync stops with exit 3 until requests age out' : 'the free tier\'s daily allowance is used up: CourtListener will answer 429');
    fixes.push('wait for the 24-hour window to move on');
  }
  if (issues.length === 0) return ok(name, found);
  return warn(name, `${issues.join('; ')}: ${found}`, fixes.join('; '));
}
