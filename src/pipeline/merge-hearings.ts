import type { Store } from '../store/store.js';
import type { HearingRow } from '../store/types.js';
import { nextHearingSequence } from './apply.js';
import { titleFromKey } from './defaults.js';

/** "status-conf-2" → "status-conf"; keys without a numeric tail are their own base. */
export function baseKey(key: string): string {
  return key.replace(/-\d+$/, '');
}

/** The suffix-free row of a cluster holding both `base` and `base-N`, if there is one. */
export function suffixFreeBase(rows: HearingRow[]): HearingRow | null {
  return rows.find((r) => r.key === baseKey(r.key) && rows.some((o) => o !== r && baseKey(o.key) === r.key)) ?? null;
}

/** How much a row's notes say about the proceeding itself: a record of it beats a transcript notice. */
function notesWeight(notes: string | null): [number, number] {
  if (!notes) return [-1, 0];
  const record = /\b(minute|held|clerk'?s notes|proceedings? (?:held|had)|verdict|sentenced|pleaded|plea of)\b/i.test(notes);
  const transcript = /\btranscript\b/i.test(notes);
  return [record && !transcript ? 2 : transcript ? 1 : 0, notes.length];
}

function betterNotes(a: string | null, b: string | null): boolean {
  const [wa, la] = notesWeight(a);
  const [wb, lb] = notesWeight(b);
  return wb > wa || (wb === wa && wa < 2 && lb > la);
}

/**
 * Folds sibling rows into a survivor (the caller holds the transaction): source entries are
 * unioned, the survivor adopts a sibling's notes when they record the proceeding better and a
 * sibling's explicit title when its own is only derived from its key, the merge is written to its
 * audit trail, and the siblings are deleted. Returns the merged survivor.
 */
export function mergeHearings(store: Store, survivor: HearingRow, siblings: HearingRow[], audit: string, now: string): HearingRow {
  const derivedTitle = survivor.title === titleFromKey(survivor.key);
  const explicit = siblings.find((s) => s.title !== titleFromKey(s.key));
  let notes = survivor.notes;
  for (const s of siblings) if (betterNotes(notes, s.notes)) notes = s.notes;
  const merged: HearingRow = {
    ...survivor,
    title: derivedTitle && explicit ? explicit.title : survivor.title,
    notes,
    location: survivor.location ?? siblings.find((s) => s.location)?.location ?? null,
    judge: survivor.judge ?? siblings.find((s) => s.judge)?.judge ?? null,
    dialIn: survivor.dialIn ?? siblings.find((s) => s.dialIn)?.dialIn ?? null,
    sourceEntryIds: [...new Set([...survivor.sourceEntryIds, ...siblings.flatMap((s) => s.sourceEntryIds)])].sort((a, b) => a - b),
    auditNotes: [survivor.auditNotes, `${audit} Absorbed sibling key(s) ${siblings.map((s) => s.key).join(', ')}.`].filter(Boolean).join('\n\n'),
    lastUpdated: now,
  };
  merged.sequence = nextHearingSequence(survivor, merged);
  store.putHearing(merged);
  for (const s of siblings) store.deleteHearing(s.caseId, s.key);
  return merged;
}
