import { BaseUrlError, CourtListenerError, QuotaStopError, RateLimitedError } from '../courtlistener/errors.js';
import type { DocketAlert } from '../courtlistener/types.js';
import type { AlertState } from '../pipeline/alerts.js';
import { fail, ok, warn, type CheckResult, type CourtListenerProbe, type DoctorContext } from './types.js';

const TOKEN_FIX = 'set COURTLISTENER_TOKEN to the token shown at https://www.courtlistener.com/profile/api/';
/** Dockets polled within this long count as readable without spending a request. */
const RECENT_MS = 2 * 86_400_000;

interface Worst {
  status: CheckResult['status'];
  issues: string[];
  fixes: string[];
}

function combine(name: string, found: string, w: Worst): CheckResult {
  if (w.status === 'ok') return ok(name, found);
  const fix = [...new Set(w.fixes)].join('; ');
  return { name, status: w.status, message: `${w.issues.join('; ')}${found ? ` (${found})` : ''}`, fix };
}

function raise(w: Worst, status: 'warn' | 'FAIL', issue: string, fix: string): void {
  if (status === 'FAIL' || w.status === 'ok') w.status = status;
  w.issues.push(issue);
  w.fixes.push(fix);
}

/** Where the network problem lies: COURTLISTENER_BASE_URL when that chose the server. */
function networkFix(ctx: DoctorContext): string {
  return ctx.env?.courtListenerOriginFromEnv
    ? `check COURTLISTENER_BASE_URL (${ctx.env.courtListenerOrigin}) and that this machine can reach it`
    : 'check the network: this machine must reach https://www.courtlistener.com';
}

function notChecked(ctx: DoctorContext): string | null {
  if (!ctx.processEnv.COURTLISTENER_TOKEN?.trim()) return 'COURTLISTENER_TOKEN is not set (see env)';
  if (!ctx.env) return 'COURTLISTENER_BASE_URL is not usable (see env)';
  if (!ctx.store) return `${ctx.storeUnavailable ?? 'the store cannot be used'} (see store); doctor spends requests only through the store-backed pacer that keeps every process within the quota`;
  return null;
}

/**
 * Check 3: one cheap request through the normal client (paced, counted against the quota): the
 * account's docket alerts, which check 5 needs anyway.
 */
export async function checkToken(ctx: DoctorContext): Promise<{ result: CheckResult; probe: CourtListenerProbe }> {
  const name = 'courtlistener';
  const why = notChecked(ctx);
  if (why || !ctx.client) {
    const reason = why ?? 'no client';
    return { result: warn(name, `not checked: ${reason}`, 'fix what the lines above say, then run doctor again'), probe: { state: 'skipped', why: reason } };
  }
  const origin = ctx.env!.courtListenerOrigin;
  try {
    const alerts = await ctx.client.listDocketAlerts();
    const n = ctx.client.stats().total;
    return { result: ok(name, `${origin}: token accepted (docket alerts listed in ${n} request${n === 1 ? '' : 's'})`), probe: { state: 'ok', alerts } };
  } catch (err) {
    const result = tokenFailure(ctx, err);
    return { result, probe: { state: 'failed', why: `the CourtListener check failed (see ${name})` } };
  }
}

function tokenFailure(ctx: DoctorContext, err: unknown): CheckResult {
  const name = 'courtlistener';
  const origin = ctx.env!.courtListenerOrigin;
  if (err instanceof QuotaStopError || err instanceof RateLimitedError) {
    return warn(name, `not checked: ${err.message}`, 'wait until the quota frees up (see quota), or raise courtlistener.max_requests_per_day');
  }
  if (err instanceof CourtListenerError) {
    if (err.status === 401) return fail(name, `${origin} rejected the token (401): COURTLISTENER_TOKEN is wrong or revoked`, TOKEN_FIX);
    if (err.status === 403) {
      return fail(name, `${origin} refused the docket-alerts list (403): COURTLISTENER_TOKEN is wrong, or its account may not use this API`, `${TOKEN_FIX}, and check the account's API access`);
    }
    if (err instanceof BaseUrlError || err.status === null) return fail(name, err.message, networkFix(ctx));
    return fail(name, err.message, `try again later; if it persists, ${networkFix(ctx)}`);
  }
  return fail(name, `request failed: ${(err as Error).message}`, networkFix(ctx));
}

/**
 * Check 4: every configured docket can be read. A docket the store shows was read costs nothing;
 * only dockets never read are fetched (one request each). Read ones that have not been polled
 * lately say that sync is not running.
 */
export async function checkDockets(ctx: DoctorContext, probe: CourtListenerProbe): Promise<CheckResult> {
  const name = 'dockets';
  const all = ctx.config.cases.flatMap((c, i) => c.dockets.map((docketId) => ({ docketId, caseId: c.id, index: i })));
  if (!ctx.store) return warn(name, `not checked: ${ctx.storeUnavailable ?? 'no store'} (see store)`, 'fix the store first');
  const store = ctx.store;
  const now = ctx.now().getTime();
  const staleMs = Math.max(RECENT_MS, (ctx.config.sync.catchAllHours + 1) * 3_600_000);
  const w: Worst = { status: 'ok', issues: [], fixes: [] };
  let recent = 0;
  let fetched = 0;
  const unread = all.filter((d) => !store.docketWasRead(d.docketId));
  for (const d of all) {
    if (unread.includes(d)) continue;
    const synced = store.getDocket(d.docketId)?.lastSyncedAt ?? null;
    const at = synced ? Date.parse(synced) : NaN;
    if (Number.isFinite(at) && now - at <= staleMs) {
      recent++;
      continue;
    }
    const when = Number.isFinite(at) ? `last polled ${synced!.slice(0, 16).replace('T', ' ')} UTC` : 'never polled to the end';
    raise(w, 'warn', `docket ${d.docketId} of case ${d.caseId} was read before but ${when}`, 'run `case-calendar sync` (and check that cron runs it)');
  }
  if (unread.length > 0 && probe.state !== 'ok') {
    raise(w, 'warn', `${unread.length} docket${unread.length === 1 ? '' : 's'} never read not checked: ${probe.why}`, 'fix the CourtListener check first');
  } else {
    for (const d of unread) {
      try {
        await ctx.client!.getDocket(d.docketId);
        fetched++;
      } catch (err) {
        if (err instanceof QuotaStopError || err instanceof RateLimitedError) {
          raise(w, 'warn', `docket ${d.docketId} not checked: ${err.message}`, 'wait for the quota, then run doctor again');
          break;
        }
        const status = err instanceof CourtListenerError ? err.status : null;
        const where = `docket ${d.docketId} of case ${d.caseId} (cases[${d.index}].dockets)`;
        if (status === 404) raise(w, 'FAIL', `${where}: CourtListener has no such docket (404)`, `fix the id in cases[${d.index}].dockets: it is the number in https://www.courtlistener.com/docket/<id>/…`);
        else if (status === 403) raise(w, 'FAIL', `${where}: CourtListener refused access (403)`, `check that the docket is public and COURTLISTENER_TOKEN's account may read it, or remove it from cases[${d.index}].dockets`);
        else raise(w, 'FAIL', `${where}: ${(err as Error).message}`, status === null ? networkFix(ctx) : 'try again later');
      }
    }
  }
  const parts = [`${all.length} configured`];
  if (recent) parts.push(`${recent} polled within ${Math.round(staleMs / 3_600_000)} h (no request spent)`);
  if (fetched) parts.push(`${fetched} never read, fetched now`);
  return combine(name, parts.join(', '), w);
}

/**
 * Check 5: each configured docket's alert (the webhook subscription) from the list check 3 got.
 * Returns the states too: the quota check's polling plan uses them instead of the stored ones.
 */
export function checkAlerts(ctx: DoctorContext, probe: CourtListenerProbe): { result: CheckResult; states: Map<number, AlertState> | null } {
  const name = 'docket alerts';
  if (probe.state !== 'ok') return { result: warn(name, `not checked: ${probe.why}`, 'fix the CourtListener check first'), states: null };
  const byDocket = new Map<number, DocketAlert>();
  for (const a of probe.alerts) {
    // As the alerts command: an active alert wins when a docket has several.
    const prev = byDocket.get(a.docket);
    if (!prev || (prev.alert_type !== 1 && a.alert_type === 1)) byDocket.set(a.docket, a);
  }
  const states = new Map<number, AlertState>();
  const w: Worst = { status: 'ok', issues: [], fixes: [] };
  const fix = 'run `case-calendar alerts --sync` (creates the missing alerts, re-arms disabled ones)';
  for (const c of ctx.config.cases) {
    for (const docketId of c.dockets) {
      const a = byDocket.get(docketId);
      const state: AlertState = !a ? 'missing' : a.alert_type === 1 ? 'active' : 'disabled';
      states.set(docketId, state);
      if (state === 'missing') raise(w, 'warn', `docket ${docketId} (case ${c.id}) has no alert: no webhooks, it is polled every run`, fix);
      if (state === 'disabled') raise(w, 'warn', `docket ${docketId} (case ${c.id}) has a disabled alert (CourtListener disables them on dormant cases)`, fix);
    }
  }
  const active = [...states.values()].filter((s) => s === 'active').length;
  const others = probe.alerts.filter((a) => !states.has(a.docket)).length;
  const found = `${active} of ${states.size} configured docket${states.size === 1 ? '' : 's'} with an active alert${others ? `; ${others} alert${others === 1 ? '' : 's'} for dockets not in the config` : ''}`;
  return { result: combine(name, found, w), states };
}
