import type { Store } from '../store/store.js';
import type { HearingRow } from '../store/types.js';
import { titleFromKey } from './defaults.js';

/** "status-conf-2" → "status-conf"; keys without a numeric tail are their own base. */
function baseKey(key: string): string {
  return key.replace(/-\d+$/, '');
}

/** Keeps the suffix-free key of a base/base-N pair, else the best-sourced, oldest, then first key. */
function survivorOf(rows: HearingRow[]): HearingRow {
  const keys = new Set(rows.map((r) => r.key));
  const base = rows.find((r) => r.key === baseKey(r.key) && rows.some((o) => o !== r && baseKey(o.key) === r.key));
  if (base && keys.has(base.key)) return base;
  return [...rows].sort(
    (a, b) => b.sourceEntryIds.length - a.sourceEntryIds.length || a.lastUpdated.localeCompare(b.lastUpdated) || a.key.localeCompare(b.key),
  )[0]!;
}

/**
 * Deterministic merge of hearings recorded twice as held at the same instant on one logical
 * docket (spec/extraction.md §10, exact-slot held dedupe): the survivor absorbs the siblings'
 * source entries, notes and explicit title, the merge is written to its audit trail, and the
 * siblings are deleted. Only rows of the same hearing type merge: a competency hearing and a
 * sentencing held in one slot are two proceedings. Returns the number of rows removed.
 */
export function dedupeHeldHearings(store: Store, caseId: string, now: string): number {
  return store.transaction(() => {
    const logicalDocket = new Map<number, string>();
    const groupOf = (h: HearingRow) => {
      let docket = 'none';
      if (h.docketId !== null) {
        if (!logicalDocket.has(h.docketId)) {
          const d = store.getDocket(h.docketId);
          logicalDocket.set(h.docketId, d?.docketNumber && d.courtId ? `${d.courtId}:${d.docketNumber}` : `id:${h.docketId}`);
        }
        docket = logicalDocket.get(h.docketId)!;
      }
      return `${docket}|${h.startsAtUtc}|${h.hearingType ?? ''}`;
    };
    const clusters = new Map<string, HearingRow[]>();
    for (const h of store.listHearings(caseId)) {
      if (h.status !== 'held' || h.startsAtUtc === null) continue;
      const k = groupOf(h);
      clusters.set(k, [...(clusters.get(k) ?? []), h]);
    }
    let removed = 0;
    for (const rows of clusters.values()) {
      if (rows.length < 2) continue;
      const survivor = survivorOf(rows);
      const siblings = rows.filter((r) => r !== survivor);
      const derivedTitle = survivor.title === titleFromKey(survivor.key);
      const explicit = siblings.find((s) => s.title !== titleFromKey(s.key));
      const merged: HearingRow = {
        ...survivor,
        title: derivedTitle && explicit ? explicit.title : survivor.title,
        notes: survivor.notes ?? siblings.find((s) => s.notes)?.notes ?? null,
        location: survivor.location ?? siblings.find((s) => s.location)?.location ?? null,
        judge: survivor.judge ?? siblings.find((s) => s.judge)?.judge ?? null,
        sourceEntryIds: [...new Set([...survivor.sourceEntryIds, ...siblings.flatMap((s) => s.sourceEntryIds)])].sort((a, b) => a - b),
        auditNotes: [survivor.auditNotes, `[dedupe-held] Absorbed sibling key(s) ${siblings.map((s) => s.key).join(', ')} held at the same time.`].filter(Boolean).join('\n\n'),
        lastUpdated: now,
      };
      store.putHearing(merged);
      for (const s of siblings) store.deleteHearing(caseId, s.key);
      removed += siblings.length;
    }
    return removed;
  });
}
