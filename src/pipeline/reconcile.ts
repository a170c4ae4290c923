import type { Logger } from 'pino';
import type { CaseConfig } from '../config/types.js';
import type { CourtListenerClient } from '../courtlistener/client.js';
import { BaseUrlError, CourtListenerError, QuotaStopError, RateLimitedError } from '../courtlistener/errors.js';
import type { Extractor } from '../extract/types.js';
import type { Store } from '../store/store.js';
import type { EntryRow } from '../store/types.js';
import { addDays } from '../time/zone.js';
import { processEntry } from './process-entry.js';
import { refoldCase } from './refold.js';

export interface ReconcileStats {
  caseId: string;
  checked: number; // placeholders re-fetched
  enriched: number; // came back with new content and went through extraction again
  actions: number;
  rowsChanged: number;
  failed: number;
  errors: string[];
}

export interface ReconcileDeps {
  store: Store;
  client: CourtListenerClient;
  extractor: Extractor;
  log: Logger;
  now: () => Date;
}

/**
 * A stored entry that is still the stub a webhook delivered: no text yet, and either no document
 * or one that is neither sealed, nor on RECAP, nor text-extracted (CourtListener sends no second
 * webhook when the text and PDF arrive, its issue #7423).
 */
export function isPlaceholder(e: EntryRow): boolean {
  if ((e.description ?? '').trim() !== '') return false;
  return e.documents.length === 0 || e.documents.some((d) => !d.isSealed && !d.isAvailable && !d.hasText);
}

/**
 * Re-fetches, one request each, the placeholder entries of a case filed in the last `days` days.
 * An enriched one takes the usual path (its fingerprint changed, so it is extracted); an unchanged
 * one costs its request and nothing else.
 */
export async function reconcileCase(deps: ReconcileDeps, kase: CaseConfig, days: number): Promise<ReconcileStats> {
  const { store, client, log } = deps;
  const stats: ReconcileStats = { caseId: kase.id, checked: 0, enriched: 0, actions: 0, rowsChanged: 0, failed: 0, errors: [] };
  const since = addDays(deps.now().toISOString().slice(0, 10), -days);
  for (const stub of store.entriesWithoutText(kase.dockets, since).filter(isPlaceholder)) {
    const docket = store.getDocket(stub.docketId);
    if (!docket) continue;
    stats.checked++;
    try {
      const raw = await client.getDocketEntry(stub.entryId);
      const outcome = await processEntry(deps, kase, docket, raw);
      if (outcome.status === 'unchanged') continue;
      if (outcome.status === 'failed') {
        stats.failed++;
        stats.errors.push(`entry ${stub.entryId}: extraction failed (${outcome.error ?? 'unknown error'}); it will be retried`);
        continue;
      }
      stats.enriched++;
      stats.actions += outcome.actions;
      stats.rowsChanged += outcome.rowsChanged;
      log.info({ caseId: kase.id, docketId: stub.docketId, entryId: stub.entryId, actions: outcome.actions }, 'placeholder entry enriched');
    } catch (err) {
      if (!(err instanceof CourtListenerError) || err.status === 401 || err instanceof QuotaStopError || err instanceof RateLimitedError || err instanceof BaseUrlError) throw err;
      stats.failed++;
      stats.errors.push(`entry ${stub.entryId}: ${err.message}`);
    }
  }
  // An enriched stub usually sits behind later entries: its case is re-read in docket order.
  stats.rowsChanged += (await refoldCase(deps, kase)).rowsChanged;
  return stats;
}
