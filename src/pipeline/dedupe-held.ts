import type { Store } from '../store/store.js';
import type { HearingRow } from '../store/types.js';
import { mergeHearings, suffixFreeBase } from './merge-hearings.js';
import { logicalDocketOf } from './review-context.js';
import { byCodeUnits } from '../text-order.js';

/**
 * Keeps the suffix-free key of a base/base-N pair, else the best-sourced, then the one first recorded
 * (lowest source entry), then the first key. Nothing here depends on when rows were written, so the
 * same docket always keeps the same key (an event's UID in the feed).
 */
function survivorOf(rows: HearingRow[]): HearingRow {
  const first = (r: HearingRow) => (r.sourceEntryIds.length ? Math.min(...r.sourceEntryIds) : Number.MAX_SAFE_INTEGER);
  return (
    suffixFreeBase(rows) ??
    [...rows].sort((a, b) => b.sourceEntryIds.length - a.sourceEntryIds.length || first(a) - first(b) || byCodeUnits(a.key, b.key))[0]!
  );
}

/**
 * Deterministic merge of hearings recorded twice as held at the same instant on one logical
 * docket (spec/extraction.md §10, exact-slot held dedupe). Only rows of the same hearing type
 * merge: a competency hearing and a sentencing held in one slot are two proceedings. Returns the
 * number of rows removed.
 */
export function dedupeHeldHearings(store: Store, caseId: string, now: string): number {
  return store.transaction(() => {
    const docketOf = logicalDocketOf(store);
    const clusters = new Map<string, HearingRow[]>();
    for (const h of store.listHearings(caseId)) {
      if (h.status !== 'held' || h.startsAtUtc === null) continue;
      const k = `${docketOf(h.docketId)}|${h.startsAtUtc}|${h.hearingType ?? ''}`;
      clusters.set(k, [...(clusters.get(k) ?? []), h]);
    }
    let removed = 0;
    for (const rows of clusters.values()) {
      if (rows.length < 2) continue;
      const survivor = survivorOf(rows);
      const siblings = rows.filter((r) => r !== survivor);
      mergeHearings(store, survivor, siblings, '[dedupe-held] Held at the same time:', now);
      removed += siblings.length;
    }
    return removed;
  });
}
