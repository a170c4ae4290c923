import type { CaseConfig } from '../config/types.js';
import type { ReviewRow, Reviewer, VerifyVerdict } from '../extract/review.js';
import { courtTimeZone } from '../render/courts.js';
import type { DeadlineRow, HearingRow } from '../store/types.js';
import { addDays, localToUtcIso, utcToLocal } from '../time/zone.js';
import { nextDeadlineSequence, nextHearingSequence } from './apply.js';
import { DEFAULT_DEADLINE_TIME, defaultDuration } from './defaults.js';
import { deadlineForReview, hearingForReview, reviewDigest, verifyContext, type ReviewContext } from './review-context.js';
import type { SweepDeps, SweepStats } from './sweeps.js';

/** Verdicts that change a row must cite entries the model was actually shown. */
const NEEDS_EVIDENCE = new Set(['MARK_HELD', 'RESCHEDULE_HEARING', 'CANCEL_HEARING', 'REINSTATE', 'MARK_FILED']);

type Decision<T> = { next: T; note: string } | { next: null; why: string };

function cited(v: VerifyVerdict, ctx: ReviewContext): number[] | string {
  if (!NEEDS_EVIDENCE.has(v.type)) return [];
  if (v.evidence_entry_ids.length === 0) return 'no entry cited';
  const unseen = v.evidence_entry_ids.filter((id) => !ctx.shownIds.has(id));
  return unseen.length ? `cited entries ${unseen.join(', ')} were not shown` : v.evidence_entry_ids;
}

/** DELETE only on a row whose every source entry was shown (so the model read what set it). */
function sourcesShown(sourceIds: number[], ctx: ReviewContext): boolean {
  return sourceIds.length > 0 && sourceIds.every((id) => ctx.shownIds.has(id));
}

/** What a verify verdict does to a hearing, with the guards of spec/extraction.md §10 and a few more. */
export function decideHearing(h: HearingRow, v: VerifyVerdict, ctx: ReviewContext, today: string): Decision<HearingRow> {
  const evidence = cited(v, ctx);
  if (typeof evidence === 'string') return { next: null, why: evidence };
  const note = `[verify-pass] ${v.type}: ${v.reason}${evidence.length ? ` (entries ${evidence.join(', ')})` : ''}`;
  switch (v.type) {
    case 'MARK_HELD': {
      if (h.status === 'held') return { next: null, why: 'already held' };
      if (!h.localDate || h.localDate > today) return { next: null, why: 'a hearing cannot be held before its date' };
      // The record of a proceeding is filed on its day or later, never before it.
      const dates = ctx.entries.filter((e) => evidence.includes(e.entryId)).map((e) => e.dateFiled ?? '');
      if (!dates.some((d) => d >= addDays(h.localDate!, -1))) return { next: null, why: 'no cited entry was filed on or after the hearing date' };
      return { next: { ...h, status: 'held' }, note };
    }
    case 'RESCHEDULE_HEARING': {
      if (!v.local_date) return { next: null, why: 'no new date' };
      if (v.local_date === h.localDate && (v.local_time ?? h.localTime) === h.localTime) return { next: null, why: 'same date' };
      const localTime = v.local_time ?? (v.local_date === h.localDate ? h.localTime : null);
      const durationMinutes = localTime === null ? null : (h.durationMinutes ?? defaultDuration(h.hearingType));
      // A moved hearing is set again, even if an earlier entry had vacated it.
      return { next: { ...h, localDate: v.local_date, localTime, durationMinutes, startsAtUtc: localToUtcIso(v.local_date, localTime, h.timezone), status: 'scheduled' }, note };
    }
    case 'CANCEL_HEARING':
      if (h.status !== 'scheduled') return { next: null, why: `status is ${h.status}` };
      return { next: { ...h, status: 'cancelled' }, note };
    case 'REINSTATE':
      if (h.status !== 'cancelled') return { next: null, why: `status is ${h.status}` };
      return { next: { ...h, status: 'scheduled' }, note };
    case 'DELETE_HALLUCINATION':
      if (!sourcesShown(h.sourceEntryIds, ctx)) return { next: null, why: 'not every source entry was shown' };
      if (h.status === 'cancelled') return { next: null, why: 'already cancelled' };
      return { next: { ...h, status: 'cancelled' }, note };
    default:
      return { next: null, why: v.type === 'MARK_FILED' ? 'MARK_FILED does not apply to hearings' : 'no change' };
  }
}

export function decideDeadline(d: DeadlineRow, v: VerifyVerdict, ctx: ReviewContext, now: string): Decision<DeadlineRow> {
  const evidence = cited(v, ctx);
  if (typeof evidence === 'string') return { next: null, why: evidence };
  const note = `[verify-pass] ${v.type}: ${v.reason}${evidence.length ? ` (entries ${evidence.join(', ')})` : ''}`;
  switch (v.type) {
    case 'MARK_FILED':
      // The filing that meets a deadline is never the order that set it.
      if (evidence.every((id) => d.sourceEntryIds.includes(id))) return { next: null, why: 'only the entries that set the deadline were cited' };
      return { next: { ...d, status: 'met' }, note };
    case 'RESCHEDULE_HEARING': {
      if (!v.local_date) return { next: null, why: 'no new date' };
      if (v.local_date === d.localDate && (v.local_time ?? d.localTime) === d.localTime) return { next: null, why: 'same date' };
      const dueAtUtc = localToUtcIso(v.local_date, v.local_time ?? DEFAULT_DEADLINE_TIME, d.timezone);
      return { next: { ...d, localDate: v.local_date, localTime: v.local_time, dueAtUtc, conditional: false, status: dueAtUtc < now ? 'passed' : 'pending' }, note };
    }
    case 'CANCEL_HEARING':
    case 'DELETE_HALLUCINATION':
      if (v.type === 'DELETE_HALLUCINATION' && !sourcesShown(d.sourceEntryIds, ctx)) return { next: null, why: 'not every source entry was shown' };
      return { next: { ...d, status: 'cancelled' }, note };
    default:
      return { next: null, why: v.type === 'CONFIRM' || v.type === 'UNCLEAR' ? 'no change' : `${v.type} does not apply to deadlines` };
  }
}

function todayIn(now: Date, timezone: string): string {
  return utcToLocal(now, timezone).date;
}

/** What differs between verifying hearings and deadlines; the loop below is shared. */
interface VerifyKind<R extends HearingRow | DeadlineRow> {
  kind: 'hearing' | 'deadline';
  rows: () => R[];
  wanted: (row: R, today: string, nowIso: string) => boolean;
  get: (key: string) => R | null;
  put: (row: R) => void;
  review: (row: R) => ReviewRow;
  decide: (row: R, v: VerifyVerdict, ctx: ReviewContext, today: string, nowIso: string) => Decision<R>;
  sequence: (prev: R, next: R) => number;
}

/**
 * Asks the reviewer about each row `wanted` picks. A question asked before with the same row and
 * the same relevant entries is not asked again (the original re-asked about unconfirmed rows
 * forever); a verdict is applied only through `decide`, and only if nobody changed the row while
 * the model was answering.
 */
async function verifyRows<R extends HearingRow | DeadlineRow>(deps: SweepDeps, kase: CaseConfig, reviewer: Reviewer, stats: SweepStats, k: VerifyKind<R>): Promise<void> {
  const { store, log } = deps;
  const now = deps.now();
  const nowIso = now.toISOString();
  for (const row of k.rows()) {
    const courtId = row.docketId !== null ? (store.getDocket(row.docketId)?.courtId ?? null) : null;
    const timezone = row.timezone || courtTimeZone(courtId).zone;
    const today = todayIn(now, timezone);
    if (!k.wanted(row, today, nowIso)) continue;
    const ctx = verifyContext(store, kase.dockets, row);
    const subject = `${k.kind}:${row.key}`;
    const digest = reviewDigest([k.review(row), ctx.evidenceStamp]);
    if (store.getReviewMemo(kase.id, subject)?.digest === digest) {
      stats.reviewsSkipped++;
      continue;
    }
    const verdict = await reviewer.verify({ kind: k.kind, caseName: kase.name, courtId, timezone, today, row: k.review(row), context: ctx.entries });
    stats.reviews++;
    store.transaction(() => {
      const current = k.get(row.key);
      if (!current || current.lastUpdated !== row.lastUpdated) return;
      const decision = k.decide(current, verdict, ctx, today, nowIso);
      if ('note' in decision) {
        const next = { ...decision.next, auditNotes: [current.auditNotes, decision.note].filter(Boolean).join('\n\n'), lastUpdated: nowIso };
        next.sequence = k.sequence(current, next);
        k.put(next);
        stats.reviewChanges++;
        log.info({ caseId: kase.id, docketId: current.docketId, key: current.key, verdict: verdict.type, from: current.status, to: next.status }, `verify changed a ${k.kind}`);
        // The changed row is a new question, asked when its evidence changes again.
        store.putReviewMemo(kase.id, subject, reviewDigest([k.review(next), ctx.evidenceStamp]), verdict.type);
      } else {
        if (verdict.type !== 'CONFIRM' && verdict.type !== 'UNCLEAR') log.info({ caseId: kase.id, key: current.key, verdict: verdict.type, why: decision.why }, 'verify verdict not applied');
        if (!verdict.failed) store.putReviewMemo(kase.id, subject, digest, verdict.type);
      }
    });
  }
}

/** Scheduled hearings (past or future) and cancelled ones whose date has passed. */
export function verifyHearings(deps: SweepDeps, kase: CaseConfig, reviewer: Reviewer, stats: SweepStats): Promise<void> {
  const { store } = deps;
  return verifyRows<HearingRow>(deps, kase, reviewer, stats, {
    kind: 'hearing',
    rows: () => store.listHearings(kase.id),
    wanted: (h, today) => h.startsAtUtc !== null && h.localDate !== null && (h.status === 'scheduled' || (h.status === 'cancelled' && h.localDate < today)),
    get: (key) => store.getHearing(kase.id, key),
    put: (h) => store.putHearing(h),
    review: hearingForReview,
    decide: (h, v, ctx, today) => decideHearing(h, v, ctx, today),
    sequence: nextHearingSequence,
  });
}

/** Pending deadlines still ahead. */
export function verifyDeadlines(deps: SweepDeps, kase: CaseConfig, reviewer: Reviewer, stats: SweepStats): Promise<void> {
  const { store } = deps;
  return verifyRows<DeadlineRow>(deps, kase, reviewer, stats, {
    kind: 'deadline',
    rows: () => store.listDeadlines(kase.id),
    wanted: (d, _today, nowIso) => d.status === 'pending' && d.dueAtUtc !== null && d.dueAtUtc >= nowIso,
    get: (key) => store.getDeadline(kase.id, key),
    put: (d) => store.putDeadline(d),
    review: deadlineForReview,
    decide: (d, v, ctx, _today, nowIso) => decideDeadline(d, v, ctx, nowIso),
    sequence: nextDeadlineSequence,
  });
}
