import { createHash } from 'node:crypto';
import type { ReviewEntry, ReviewRow } from '../extract/review.js';
import type { Store } from '../store/store.js';
import type { DeadlineRow, EntryRow, HearingRow } from '../store/types.js';
import { addDays } from '../time/zone.js';
import { byCodeUnits } from '../text-order.js';

const LATEST = 15; // newest entries with text, whatever their date
const AROUND = 20; // entries filed near the row's date
const BEFORE_DAYS = 2;
const AFTER_DAYS = 45;

/** Maps a docket id to its logical docket (court + number), so split CourtListener records group. */
export function logicalDocketOf(store: Store): (docketId: number | null) => string {
  const memo = new Map<number, string>();
  return (docketId) => {
    if (docketId === null) return 'none';
    let v = memo.get(docketId);
    if (v === undefined) {
      const d = store.getDocket(docketId);
      v = d?.docketNumber && d.courtId ? `${d.courtId}:${d.docketNumber}` : `id:${docketId}`;
      memo.set(docketId, v);
    }
    return v;
  };
}

function entryText(e: EntryRow): string {
  const parts = [e.description?.trim() || e.shortDescription?.trim() || ''];
  for (const d of e.documents) if (d.description && !parts[0]!.includes(d.description)) parts.push(`[attachment] ${d.description}`);
  return parts.filter(Boolean).join(' ');
}

function toReviewEntry(e: EntryRow): ReviewEntry {
  return { entryId: e.entryId, docketId: e.docketId, entryNumber: e.entryNumber, dateFiled: e.dateFiled, text: entryText(e) };
}

/** What a reviewer is shown, and the digest of what could change its answer. */
export interface ReviewContext {
  entries: ReviewEntry[]; // oldest first
  shownIds: Set<number>;
  /** The relevant entries and the row's sources, by id and fingerprint: irrelevant filings do not re-ask. */
  evidenceStamp: string;
}

function assemble(groups: EntryRow[][]): ReviewContext {
  const byKey = new Map<string, EntryRow>();
  for (const e of groups.flat()) byKey.set(`${e.docketId}:${e.entryId}`, e);
  const rows = [...byKey.values()].sort(
    (a, b) =>
      byCodeUnits(a.dateFiled ?? '', b.dateFiled ?? '') || (a.entryNumber ?? 0) - (b.entryNumber ?? 0) || a.entryId - b.entryId,
  );
  return {
    entries: rows.map(toReviewEntry),
    shownIds: new Set(rows.map((e) => e.entryId)),
    evidenceStamp: rows
      .filter((e) => e.relevant)
      .map((e) => `${e.entryId}:${e.fingerprint}`)
      .join(','),
  };
}

/** The row's own source entries, restricted to the case's dockets (stubs included). */
function sourcesOf(store: Store, docketIds: number[], ids: number[]): EntryRow[] {
  const allowed = new Set(docketIds);
  return store.getEntriesByIds(ids).filter((e) => allowed.has(e.docketId));
}

/** Verify context: the latest entries, those filed around the row's date, and the row's sources. */
export function verifyContext(store: Store, docketIds: number[], row: { localDate: string | null; sourceEntryIds: number[] }): ReviewContext {
  const latest = store.latestEntriesWithText(docketIds, LATEST);
  const around = row.localDate ? store.entriesFiledBetween(docketIds, addDays(row.localDate, -BEFORE_DAYS), addDays(row.localDate, AFTER_DAYS), AROUND) : [];
  const sources = sourcesOf(store, docketIds, row.sourceEntryIds);
  const ctx = assemble([latest, around, sources]);
  const sourceStamp = sources.map((e) => `${e.entryId}:${e.fingerprint}`).join(',');
  return { ...ctx, evidenceStamp: `${ctx.evidenceStamp}|${sourceStamp}` };
}

/** Dedupe context: the latest relevant entries and every candidate's sources. */
export function dedupeContext(store: Store, docketIds: number[], rows: HearingRow[]): ReviewContext {
  const latest = store.latestEntriesWithText(docketIds, LATEST * 3).filter((e) => e.relevant).slice(0, LATEST);
  const sources = sourcesOf(store, docketIds, rows.flatMap((r) => r.sourceEntryIds));
  return assemble([latest, sources]);
}

export function hearingForReview(h: HearingRow): ReviewRow {
  return {
    key: h.key,
    title: h.title,
    type: h.hearingType,
    status: h.status,
    localDate: h.localDate,
    localTime: h.localTime,
    durationMinutes: h.durationMinutes,
    significance: h.significance,
    docketId: h.docketId,
    sourceEntryIds: h.sourceEntryIds,
    notes: h.notes,
  };
}

export function deadlineForReview(d: DeadlineRow): ReviewRow {
  return {
    key: d.key,
    title: d.title,
    type: d.deadlineType,
    status: d.status,
    localDate: d.localDate,
    localTime: d.localTime,
    durationMinutes: null,
    significance: d.significance,
    docketId: d.docketId,
    sourceEntryIds: d.sourceEntryIds,
    notes: d.notes,
  };
}

/** Bump when the prompts change meaningfully, so earlier answers are not reused. */
export const REVIEW_VERSION = 1;

export function reviewDigest(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify([REVIEW_VERSION, parts])).digest('hex');
}
