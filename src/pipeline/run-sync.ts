import type { Logger } from 'pino';
import type { Config } from '../config/types.js';
import { CourtListenerClient, type RequestStats } from '../courtlistener/client.js';
import type { Reviewer } from '../extract/review.js';
import type { Extractor } from '../extract/types.js';
import type { LedgerTotals, UsageLedger } from '../extract/llm/ledger.js';
import { calendarsOfCases, emitCalendars, type EmitResult } from '../render/emit.js';
import type { Store } from '../store/store.js';
import { syncCase, type CaseSyncStats } from './sync.js';

export interface SyncOptions {
  caseIds?: string[]; // --case
  onlyNew?: boolean; // --only-new
  emit: boolean; // false with --no-emit
  sweep?: boolean; // --sweep: end-of-case sweeps even without new entries
}

export interface SyncSummary {
  cases: CaseSyncStats[];
  emitted: EmitResult[];
  passedDeadlines: number; // cases whose pending deadlines flipped to passed
  requests: RequestStats;
  llm: LedgerTotals | null; // token and cost totals when a language model was used
  failed: boolean;
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
  token: string;
  now?: () => Date;
  progress?: (line: string) => void;
}

function sweepLine(s: CaseSyncStats): string {
  const w = s.sweep;
  const parts = [];
  if (w.reviews + w.reviewsSkipped > 0) parts.push(`reviews=${w.reviews} reviews_reused=${w.reviewsSkipped} review_changes=${w.reviewChanges}`);
  if (w.merged > 0) parts.push(`duplicates_merged=${w.merged}`);
  return parts.length ? ` ${parts.join(' ')}` : '';
}

/** `sync`: poll every selected case, then re-render only the calendars whose cases changed. */
export async function runSync(rt: SyncRuntime, opts: SyncOptions): Promise<SyncSummary> {
  const { config, store, log } = rt;
  const now = rt.now ?? (() => new Date());
  const progress = rt.progress ?? (() => {});
  let cases = config.cases;
  if (opts.caseIds && opts.caseIds.length > 0) cases = cases.filter((c) => opts.caseIds!.includes(c.id));
  if (opts.onlyNew) cases = cases.filter((c) => c.dockets.some((d) => store.getDocket(d) === null));

  const client = new CourtListenerClient({
    origin: rt.origin,
    token: rt.token,
    timeoutSeconds: config.courtlistener.timeoutSeconds,
    maxAttempts: config.courtlistener.maxAttempts,
    retryAfterCapSeconds: config.courtlistener.retryAfterCapSeconds,
    backoffBaseMs: config.courtlistener.backoffBaseMs,
    logger: log,
  });
  const summary: SyncSummary = { cases: [], emitted: [], passedDeadlines: 0, requests: { total: 0, byEndpoint: {} }, llm: null, failed: false };
  if (opts.onlyNew && cases.length === 0) {
    summary.note = "no new cases — every configured case's dockets are already in the store";
    progress(summary.note);
    return summary;
  }
  try {
    for (const [i, kase] of cases.entries()) {
      const stats = await syncCase({ store, client, extractor: rt.extractor, reviewer: rt.reviewer ?? null, forceSweeps: opts.sweep, log: log.child({ caseId: kase.id }), now }, kase);
      summary.cases.push(stats);
      progress(
        `[${i + 1}/${cases.length}] ${kase.id}: dockets=${stats.dockets} skipped=${stats.docketsSkipped} entries_seen=${stats.entriesSeen} ` +
          `processed=${stats.entriesProcessed} actions=${stats.actions} events_changed=${stats.rowsChanged}` +
          sweepLine(stats) +
          (stats.docketsFailed + stats.entriesFailed > 0 ? ` FAILED dockets=${stats.docketsFailed} entries=${stats.entriesFailed}` : ''),
      );
      for (const e of stats.errors) progress(`  ! ${e}`);
    }
  } finally {
    summary.requests = client.stats();
    await client.close();
  }

  store.setState('last_sync_at', now().toISOString());
  const flipped = store.markPassedDeadlines(now().toISOString());
  summary.passedDeadlines = flipped.length;
  const affected = new Set([...summary.cases.filter((s) => s.changed).map((s) => s.caseId), ...flipped]);
  if (opts.emit) {
    summary.emitted = emitCalendars(store, config, calendarsOfCases(config, affected), log);
    for (const r of summary.emitted) {
      progress(r.written ? `[${r.calendarId}] wrote ${r.events} events -> ${r.path}` : `[${r.calendarId}] unchanged (${r.events} events)${r.path ? ` ${r.path}` : ''}`);
    }
  }
  summary.failed = summary.cases.some((s) => s.docketsFailed > 0 || s.entriesFailed > 0);
  const t = summary.cases.reduce(
    (a, s) => ({ dockets: a.dockets + s.dockets, skipped: a.skipped + s.docketsSkipped, seen: a.seen + s.entriesSeen, processed: a.processed + s.entriesProcessed, actions: a.actions + s.actions }),
    { dockets: 0, skipped: 0, seen: 0, processed: 0, actions: 0 },
  );
  const perEndpoint = Object.entries(summary.requests.byEndpoint).map(([k, v]) => `${k}=${v}`).join(' ');
  if (rt.ledger && rt.ledger.totals.calls > 0) {
    summary.llm = { ...rt.ledger.totals };
    progress(rt.ledger.summary());
  }
  progress(
    `sync done: cases=${summary.cases.length} dockets=${t.dockets} dockets_skipped=${t.skipped} entries_seen=${t.seen} processed=${t.processed} ` +
      `actions=${t.actions} calendars_written=${summary.emitted.filter((e) => e.written).length} ` +
      `courtlistener_requests=${summary.requests.total}${perEndpoint ? ` (${perEndpoint})` : ''}`,
  );
  return summary;
}
