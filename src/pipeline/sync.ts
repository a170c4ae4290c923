import type { CaseConfig } from '../config/types.js';
import type { CourtListenerClient } from '../courtlistener/client.js';
import { BaseUrlError, CourtListenerError, QuotaStopError, RateLimitedError } from '../courtlistener/errors.js';
import type { Docket, DocketEntry } from '../courtlistener/types.js';
import type { DocketRow } from '../store/types.js';
import { toUtcInstant } from '../time/zone.js';
import type { Reviewer } from '../extract/review.js';
import { crashPoint } from '../crash-points.js';
import type { EntryOutcome, PipelineContext } from './process-entry.js';
import { emptySweepStats, type SweepStats } from './sweep-stats.js';

export interface CaseSyncStats {
  caseId: string;
  dockets: number;
  docketsSkipped: number; // tier 1: docket unchanged since the last clean poll
  docketsCovered: number; // webhook-first: not polled, serve receives its entries (see poll-plan.ts)
  docketsFailed: number;
  entriesSeen: number;
  entriesProcessed: number; // passed the prefilter and went through the extractor
  entriesFailed: number;
  entriesUnread: number; // gave no action though they name a coming date near hearing or deadline words
  actions: number;
  rowsChanged: number;
  sweep: SweepStats; // end-of-case verify and dedupe
  changed: boolean; // the case's calendar may need re-rendering
  errors: string[];
}

export function emptyStats(caseId: string): CaseSyncStats {
  return { caseId, dockets: 0, docketsSkipped: 0, docketsCovered: 0, docketsFailed: 0, entriesSeen: 0, entriesProcessed: 0, entriesFailed: 0, entriesUnread: 0, actions: 0, rowsChanged: 0, sweep: emptySweepStats(), changed: false, errors: [] };
}

export interface SyncDeps extends PipelineContext {
  client: CourtListenerClient;
  reviewer?: Reviewer | null; // model reviews at the end of a case (llm and hybrid modes)
  forceSweeps?: boolean; // run the end-of-case sweeps even when nothing new was read
  skipDockets?: ReadonlySet<number>; // webhook-first: covered dockets whose catch-all is not due
}

/** Records the docket's metadata and makes sure its court's names are cached (once per court). */
export async function recordDocket(deps: SyncDeps, docket: Docket): Promise<DocketRow> {
  const { store, client, log } = deps;
  const courtId = docket.court_id ?? courtIdFromUrl(docket.court) ?? null;
  store.transaction(() =>
    store.upsertDocketMeta({
      docketId: docket.id,
      courtId,
      docketNumber: docket.docket_number ?? null,
      caseName: docket.case_name ?? null,
      absoluteUrl: docket.absolute_url ?? null,
      dateLastFiling: docket.date_last_filing ?? null,
    }),
  );
  if (courtId && !store.getCourt(courtId)) {
    try {
      const court = await client.getCourt(courtId);
      store.transaction(() =>
        store.upsertCourt({ courtId, citationString: court.citation_string ?? null, shortName: court.short_name ?? null, fullName: court.full_name ?? null }),
      );
    } catch (err) {
      log.warn({ docketId: docket.id, courtId, err: (err as Error).message }, 'could not fetch court details; continuing without them');
    }
  }
  return store.getDocket(docket.id)!;
}

function courtIdFromUrl(url: string | null | undefined): string | null {
  const m = url ? /\/courts\/([^/]+)\/?$/.exec(url) : null;
  return m ? m[1]! : null;
}

/** How long one batch of entries may hold the write lock (serve's receiver waits for it to accept a delivery). */
const WRITE_LOCK_BUDGET_MS = 4;

/**
 * Polls one docket with the three-tier short-circuit: an unchanged docket costs one request; a
 * changed one is walked from the stored entry cutoff, oldest first, checkpointing after every page
 * so an interrupted run resumes where it stopped. An entry that fails extraction holds the cutoff
 * back, so it is fetched and tried again next run.
 */
export async function syncDocket(deps: SyncDeps, kase: CaseConfig, docketId: number, stats: CaseSyncStats): Promise<void> {
  const { store, client, log } = deps;
  const remote = await client.getDocket(docketId);
  const docket = await recordDocket(deps, remote);
  const remoteModified = remote.date_modified ? toUtcInstant(remote.date_modified) : null;
  if (docket.dateModified && remoteModified && remoteModified <= docket.dateModified) {
    // Still a poll: webhook-first times the catch-all from lastSyncedAt.
    store.transaction(() => store.markDocketChecked(docketId));
    stats.docketsSkipped++;
    return;
  }
  // Only a docket with something new needs the pipeline and the extractor: load them now.
  const { processEntry, processEntryNow } = await import('./process-entry.js');
  await deps.extractor.prepare?.();
  let clean = true;
  const tally = (raw: DocketEntry, outcome: EntryOutcome) => {
    stats.entriesSeen++;
    if (outcome.status === 'failed') {
      clean = false;
      stats.entriesFailed++;
      stats.errors.push(`docket ${docketId} entry ${raw.id}: extraction failed (${outcome.error ?? 'unknown error'}); it will be retried`);
      return;
    }
    if (outcome.unread) stats.entriesUnread++;
    if (outcome.status === 'processed') {
      stats.entriesProcessed++;
      stats.actions += outcome.actions;
      stats.rowsChanged += outcome.rowsChanged;
      stats.changed = true;
    }
  };
  for await (const page of client.docketEntryPages(docketId, docket.entriesCutoff)) {
    let pageCutoff: string | null = null;
    const advance = (outcome: EntryOutcome) => {
      if (clean) pageCutoff = outcome.dateModified;
    };
    if (deps.extractor.extractNow) {
      // An extractor without I/O: entries are read and written a few milliseconds' worth per
      // transaction instead of one commit each, and the page's cutoff goes with its last entry. The
      // budget bounds how long the write lock is held, since serve's receiver needs it to accept a
      // delivery. A crash loses at most the uncommitted part of the page, which is fetched again.
      let next = 0;
      while (next < page.length) {
        store.transaction(() => {
          const started = performance.now();
          do {
            const raw = page[next++]!;
            const outcome = processEntryNow(deps, kase, docket, raw);
            tally(raw, outcome);
            advance(outcome);
          } while (next < page.length && performance.now() - started < WRITE_LOCK_BUDGET_MS);
          if (next === page.length && pageCutoff) store.advanceEntriesCutoff(docketId, pageCutoff);
        });
        crashPoint('after-entry-commit');
        // A turn of the event loop between transactions: the request for the next page (asked for
        // before this page was handed over) goes out now and CourtListener answers it while this
        // page is read, instead of the request leaving only once the whole page is done.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      continue;
    }
    // Most entries need no extraction; their records are written with the page's cutoff, in one transaction.
    const deferred: Array<() => void> = [];
    const pageDeps = { ...deps, defer: (w: () => void) => deferred.push(w) };
    for (const raw of page) {
      const outcome = await processEntry(pageDeps, kase, docket, raw);
      tally(raw, outcome);
      advance(outcome);
    }
    store.transaction(() => {
      for (const write of deferred) write();
      if (pageCutoff) store.advanceEntriesCutoff(docketId, pageCutoff);
    });
  }
  if (clean) store.transaction(() => store.completeDocketPoll(docketId, remoteModified));
  log.debug({ caseId: kase.id, docketId, clean }, 'docket polled');
}

/** Polls every docket of a case; one docket's failure is reported and the others go on. */
export async function syncCase(deps: SyncDeps, kase: CaseConfig): Promise<CaseSyncStats> {
  const stats = emptyStats(kase.id);
  for (const docketId of kase.dockets) {
    stats.dockets++;
    if (deps.skipDockets?.has(docketId)) {
      stats.docketsCovered++;
      continue;
    }
    try {
      await syncDocket(deps, kase, docketId, stats);
    } catch (err) {
      // A rejected token or a wrong base URL fails every docket the same way, and a spent quota would
      // too: stop the run at once (the quota stop keeps every checkpoint, so the next run continues from here).
      if (!(err instanceof CourtListenerError) || err.status === 401 || err instanceof QuotaStopError || err instanceof RateLimitedError || err instanceof BaseUrlError) throw err;
      deps.client.plan.forgetDocket(docketId);
      stats.docketsFailed++;
      stats.errors.push(`docket ${docketId}: ${err.message} (skipped)`);
      deps.log.error({ caseId: kase.id, docketId, status: err.status, err: err.message }, 'docket sync failed');
    }
  }
  // Entries that arrived behind others queued a re-read of the case in docket order; settle it
  // before the sweeps look at the rows (a crash before this is settled by the next run).
  if (deps.store.refoldRequestedAt(kase.id) !== null) {
    const { refoldCase } = await import('./refold.js');
    const refold = await refoldCase(deps, kase);
    if (refold.rowsChanged > 0) stats.changed = true;
  }
  // End-of-case sweeps when a docket advanced: entries read count even when the webhook worker
  // already applied them, since the sweeps look at the whole case. A quiet case costs nothing.
  if (stats.entriesSeen > 0 || deps.forceSweeps) {
    const { runCaseSweeps } = await import('./sweeps.js');
    stats.sweep = await runCaseSweeps(deps, kase);
    if (stats.sweep.merged + stats.sweep.reviewChanges > 0) stats.changed = true;
  }
  return stats;
}
