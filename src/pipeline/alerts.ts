import type { Logger } from 'pino';
import type { CaseConfig } from '../config/types.js';
import type { CourtListenerClient } from '../courtlistener/client.js';
import { BaseUrlError, CourtListenerError, QuotaStopError, RateLimitedError } from '../courtlistener/errors.js';
import type { DocketAlert } from '../courtlistener/types.js';
import type { Store } from '../store/store.js';

export type AlertState = 'active' | 'disabled' | 'missing';

export interface ConfiguredAlert {
  docketId: number;
  caseId: string;
  alertId: number | null;
  state: AlertState; // before this run's changes
  action: 'none' | 'created' | 're-armed' | 'failed' | 'not tried';
  error?: string;
}

export interface AlertReport {
  configured: ConfiguredAlert[];
  /** Alerts of the account for dockets no configured case names (left alone). */
  unconfigured: Array<{ alertId: number; docketId: number; active: boolean }>;
  /** Set when the list itself failed: nothing was created against an unknown baseline. */
  listError: string | null;
  created: number;
  rearmed: number;
  failed: number;
}

/** Why a list or create failed, in words an operator can act on. */
function classify(err: unknown): string {
  if (err instanceof CourtListenerError) {
    if (err.status === 401 || err.status === 403) return `${err.message} (check COURTLISTENER_TOKEN and that the account may use docket alerts)`;
    if (err.status === null) return `${err.message} (probably transient; tried again next run)`;
    return err.message;
  }
  return (err as Error).message;
}

/**
 * Compares the account's docket alerts with the configured dockets and, when `apply`, creates the
 * missing ones and re-arms disabled ones (alert_type 1). Never fatal, never unsubscribes. The
 * first refused create (an alert quota, a permission) is reported once and the rest are not tried:
 * they would be refused the same way and spend requests.
 */
export async function reconcileDocketAlerts(client: CourtListenerClient, cases: CaseConfig[], log: Logger, apply: boolean): Promise<AlertReport> {
  const caseOf = new Map<number, string>();
  for (const c of cases) for (const d of c.dockets) caseOf.set(d, c.id);
  const report: AlertReport = { configured: [], unconfigured: [], listError: null, created: 0, rearmed: 0, failed: 0 };
  let alerts: DocketAlert[];
  try {
    alerts = await client.listDocketAlerts();
  } catch (err) {
    if (err instanceof QuotaStopError || err instanceof RateLimitedError || err instanceof BaseUrlError) throw err;
    report.listError = `could not list docket alerts: ${classify(err)}`;
    log.warn({ err: report.listError }, 'docket alerts not checked');
    return report;
  }
  const byDocket = new Map<number, DocketAlert>();
  for (const a of alerts) {
    // Prefer an active alert when a docket somehow has several.
    const prev = byDocket.get(a.docket);
    if (!prev || (prev.alert_type !== 1 && a.alert_type === 1)) byDocket.set(a.docket, a);
  }
  let refusal: string | null = null;
  for (const docketId of [...caseOf.keys()].sort((a, b) => a - b)) {
    const alert = byDocket.get(docketId);
    const state: AlertState = !alert ? 'missing' : alert.alert_type === 1 ? 'active' : 'disabled';
    const row: ConfiguredAlert = { docketId, caseId: caseOf.get(docketId)!, alertId: alert?.id ?? null, state, action: 'none' };
    report.configured.push(row);
    if (!apply || state === 'active') continue;
    if (refusal) {
      row.action = 'not tried';
      continue;
    }
    try {
      if (alert) {
        await client.patchDocketAlert(alert.id, 1);
        row.action = 're-armed';
        report.rearmed++;
      } else {
        row.alertId = (await client.createDocketAlert(docketId)).id;
        row.action = 'created';
        report.created++;
      }
      log.info({ caseId: row.caseId, docketId, alertId: row.alertId, action: row.action }, 'docket alert');
    } catch (err) {
      if (err instanceof QuotaStopError || err instanceof RateLimitedError) throw err;
      row.action = 'failed';
      row.error = classify(err);
      report.failed++;
      if (err instanceof CourtListenerError && err.status !== null && err.status >= 400 && err.status < 500 && err.status !== 404) refusal = row.error;
      log.warn({ caseId: row.caseId, docketId, err: row.error }, 'docket alert could not be set up');
    }
  }
  for (const a of alerts) {
    if (!caseOf.has(a.docket)) report.unconfigured.push({ alertId: a.id, docketId: a.docket, active: a.alert_type === 1 });
  }
  report.unconfigured.sort((a, b) => a.docketId - b.docketId);
  return report;
}

/** One line for progress output, or null when there is nothing to say. */
export function alertSummaryLine(r: AlertReport): string | null {
  if (r.listError) return `docket alerts: ${r.listError}`;
  if (r.created + r.rearmed + r.failed === 0) return null;
  const firstError = r.configured.find((c) => c.error)?.error;
  const notTried = r.configured.filter((c) => c.action === 'not tried').length;
  return (
    `docket alerts: ${r.created} created, ${r.rearmed} re-armed, ${r.configured.filter((c) => c.state === 'active').length} already active, ${r.failed} failed` +
    (notTried ? `, ${notTried} not tried after the refusal` : '') +
    (firstError ? ` — ${firstError}` : '')
  );
}

const alertStateKey = (docketId: number) => `alert_state:${docketId}`;
const ALERT_STATES: readonly string[] = ['active', 'disabled', 'missing'] satisfies AlertState[];

/**
 * Remembers each configured docket's alert as this check left it (a created or re-armed one is
 * active), for webhook-first polling. A failed list records nothing: the last known states stand.
 */
export function recordAlertStates(store: Store, r: AlertReport): void {
  if (r.listError) return;
  store.transaction(() => {
    for (const c of r.configured) store.setState(alertStateKey(c.docketId), c.action === 'created' || c.action === 're-armed' ? 'active' : c.state);
  });
}

/** The docket's alert state at the last check; null when never checked. */
export function readAlertState(store: Store, docketId: number): AlertState | null {
  const v = store.getState(alertStateKey(docketId));
  return v !== null && ALERT_STATES.includes(v) ? (v as AlertState) : null;
}

const CHECKED_KEY = 'docket_alerts_checked';
const RECHECK_MS = 24 * 3600_000;

/**
 * `sync` and `serve` check alerts at start, but at the free tier's 5 requests a minute a list on
 * every cron run is waste: check when the configured dockets changed or a day has passed.
 */
export function alertsCheckDue(store: Store, cases: CaseConfig[], nowMs: number): boolean {
  const last = store.getState(CHECKED_KEY);
  if (!last) return true;
  const [at, dockets] = last.split(' ');
  return dockets !== docketList(cases) || nowMs - Date.parse(at ?? '') >= RECHECK_MS;
}

export function markAlertsChecked(store: Store, cases: CaseConfig[], nowMs: number): void {
  store.setState(CHECKED_KEY, `${new Date(nowMs).toISOString()} ${docketList(cases)}`);
}

/** The configured docket ids, sorted: stored whole (a few bytes each), so no hash module loads on a quiet run. */
function docketList(cases: CaseConfig[]): string {
  return [...new Set(cases.flatMap((c) => c.dockets))].sort((a, b) => a - b).join(',');
}
