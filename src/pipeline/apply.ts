import type { Action } from '../extract/actions.js';
import { isDeadlineAction } from '../extract/actions.js';
import type { Store } from '../store/store.js';
import type { DeadlineRow, HearingRow } from '../store/types.js';
import { localToUtcIso } from '../time/zone.js';
import { DEFAULT_DEADLINE_TIME, defaultDuration, titleFromKey } from './defaults.js';

export interface ApplyContext {
  caseId: string;
  docketId: number;
  courtId: string | null;
  timezone: string; // court zone, used for new rows
  entryId: number;
  now: string; // UTC ISO
}

export type ApplyOutcome =
  | { result: 'changed'; kind: 'hearing' | 'deadline'; key: string }
  | { result: 'unchanged' | 'dropped'; kind: 'hearing' | 'deadline' | 'none'; key: string | null; reason?: string };

const HEARING_TO_DEADLINE: Record<string, Action['type']> = {
  ADD_HEARING: 'ADD_DEADLINE',
  RESCHEDULE_HEARING: 'RESCHEDULE_DEADLINE',
  UPDATE_DETAILS: 'RESCHEDULE_DEADLINE',
  CANCEL_HEARING: 'CANCEL_DEADLINE',
  MARK_HELD: 'MARK_FILED',
};
const DEADLINE_TO_HEARING: Record<string, Action['type']> = {
  ADD_DEADLINE: 'ADD_HEARING',
  RESCHEDULE_DEADLINE: 'RESCHEDULE_HEARING',
  CANCEL_DEADLINE: 'CANCEL_HEARING',
  MARK_FILED: 'MARK_HELD',
};

/** An action of one family carrying only the other family's key is re-routed (spec §8 normalise). */
export function normaliseAction(a: Action): Action {
  if (a.type === 'IGNORE') return a;
  const deadline = isDeadlineAction(a.type);
  if (!deadline && !a.hearing_key && a.deadline_key) return { ...a, type: HEARING_TO_DEADLINE[a.type] ?? a.type };
  if (deadline && !a.deadline_key && a.hearing_key) return { ...a, type: DEADLINE_TO_HEARING[a.type] ?? a.type };
  return a;
}

function daysBetween(a: string, b: string): number {
  return Math.abs(Date.parse(`${a}T00:00:00Z`) - Date.parse(`${b}T00:00:00Z`)) / 86_400_000;
}

function withSource(ids: number[], entryId: number): number[] {
  return ids.includes(entryId) ? ids : [...ids, entryId];
}

/** Compares everything but bookkeeping, so re-applying the same entry writes nothing. */
function sameRow<T extends object>(a: T, b: T): boolean {
  const skip = new Set(['lastUpdated', 'sequence']);
  for (const k of Object.keys(a) as Array<keyof T>) {
    if (skip.has(k as string)) continue;
    if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) return false;
  }
  return true;
}

const HEARING_VISIBLE_FIELDS: Array<keyof HearingRow> = ['localDate', 'localTime', 'durationMinutes', 'location', 'status', 'title', 'dialIn'];
const DEADLINE_VISIBLE_FIELDS: Array<keyof DeadlineRow> = ['localDate', 'localTime', 'status', 'title'];

function bumpSequence<T extends { sequence: number }>(prev: T | null, next: T, fields: Array<keyof T>): number {
  if (!prev) return 0;
  return fields.some((f) => JSON.stringify(prev[f]) !== JSON.stringify(next[f])) ? prev.sequence + 1 : prev.sequence;
}

/** The ICS SEQUENCE a hearing should carry after changing from prev to next. */
export function nextHearingSequence(prev: HearingRow | null, next: HearingRow): number {
  return bumpSequence(prev, next, HEARING_VISIBLE_FIELDS);
}

export function nextDeadlineSequence(prev: DeadlineRow | null, next: DeadlineRow): number {
  return bumpSequence(prev, next, DEADLINE_VISIBLE_FIELDS);
}

/**
 * Applies one validated action to the store (the caller holds the transaction). Identity is
 * (case, key): a reschedule updates the row in place, so its calendar UID never changes.
 */
export function applyAction(store: Store, ctx: ApplyContext, raw: Action): ApplyOutcome {
  const a = normaliseAction(raw);
  if (a.type === 'IGNORE') return { result: 'dropped', kind: 'none', key: null, reason: 'ignore' };
  return isDeadlineAction(a.type) ? applyDeadline(store, ctx, a) : applyHearing(store, ctx, a);
}

/** A row whose home docket sits in another court (say, an appeal) is not this entry's to change. */
function ownedByOtherCourt(store: Store, ctx: ApplyContext, rowDocketId: number | null): boolean {
  if (rowDocketId === null || rowDocketId === ctx.docketId || ctx.courtId === null) return false;
  const court = store.getDocket(rowDocketId)?.courtId ?? null;
  return court !== null && court !== ctx.courtId;
}

function applyHearing(store: Store, ctx: ApplyContext, a: Action): ApplyOutcome {
  const key = a.hearing_key;
  if (!key) return { result: 'dropped', kind: 'hearing', key: null, reason: 'no hearing_key' };
  const prev = store.getHearing(ctx.caseId, key);
  if (prev && ownedByOtherCourt(store, ctx, prev.docketId)) {
    return { result: 'dropped', kind: 'hearing', key, reason: 'row belongs to a docket in another court' };
  }
  const timezone = prev?.timezone ?? ctx.timezone;
  const base: HearingRow = prev ?? {
    caseId: ctx.caseId,
    key,
    title: a.title ?? titleFromKey(key),
    hearingType: a.hearing_type ?? null,
    localDate: null,
    localTime: null,
    startsAtUtc: null,
    durationMinutes: null,
    timezone,
    location: null,
    judge: null,
    dialIn: null,
    notes: null,
    auditNotes: null,
    status: 'scheduled',
    significance: null,
    docketId: ctx.docketId,
    sourceEntryIds: [],
    sequence: 0,
    lastUpdated: ctx.now,
  };
  let next: HearingRow;
  switch (a.type) {
    case 'CANCEL_HEARING': {
      if (!prev && !a.local_date) return { result: 'dropped', kind: 'hearing', key, reason: 'cancel of an unknown hearing without a date' };
      next = prev
        ? { ...prev, status: 'cancelled', notes: a.notes ?? prev.notes }
        : { ...base, status: 'cancelled', localDate: a.local_date ?? null, localTime: a.local_time ?? null, notes: a.notes ?? null, significance: a.significance ?? null };
      break;
    }
    case 'MARK_HELD': {
      const heldDate = a.local_date ?? null;
      if (prev) {
        if (heldDate && prev.localDate && daysBetween(heldDate, prev.localDate) > 2) {
          return { result: 'dropped', kind: 'hearing', key, reason: `held date ${heldDate} is more than 2 days from the known ${prev.localDate}` };
        }
        next = { ...prev, status: 'held', notes: a.notes ?? prev.notes };
      } else {
        if (!heldDate) return { result: 'dropped', kind: 'hearing', key, reason: 'held record of an unknown hearing without a date' };
        next = {
          ...base,
          status: 'held',
          localDate: heldDate,
          localTime: a.local_time ?? null,
          judge: a.judge ?? null,
          location: a.location ?? null,
          notes: a.notes ?? null,
          significance: a.significance ?? null,
        };
      }
      break;
    }
    default: {
      // ADD_HEARING, RESCHEDULE_HEARING, UPDATE_DETAILS: one merge.
      const newDate = a.local_date ?? null;
      if (!prev && !newDate) return { result: 'dropped', kind: 'hearing', key, reason: 'new hearing without a date' };
      const dateChanges = newDate !== null && (newDate !== prev?.localDate || (a.local_time ?? null) !== prev?.localTime);
      const localDate = newDate ?? base.localDate;
      // A new date without a time means the time is not known yet, not that the old time still holds.
      const localTime = newDate !== null ? (a.local_time ?? (newDate === prev?.localDate ? prev.localTime : null)) : (a.local_time ?? base.localTime);
      const hearingType = a.hearing_type ?? base.hearingType;
      const explicit = a.duration_minutes ?? null;
      const keepOld = a.type !== 'RESCHEDULE_HEARING' ? base.durationMinutes : null;
      const durationMinutes = localTime === null ? null : (explicit ?? keepOld ?? defaultDuration(hearingType));
      const status = a.type === 'UPDATE_DETAILS' && !dateChanges && prev ? prev.status : 'scheduled';
      next = {
        ...base,
        title: a.title ?? base.title,
        hearingType,
        localDate,
        localTime,
        durationMinutes,
        location: a.location ?? base.location,
        judge: a.judge ?? base.judge,
        dialIn: a.dial_in ?? base.dialIn,
        notes: a.notes ?? base.notes,
        significance: a.significance ?? base.significance,
        status,
      };
    }
  }
  next.startsAtUtc = next.localDate ? localToUtcIso(next.localDate, next.localTime, next.timezone) : null;
  next.sourceEntryIds = withSource(next.sourceEntryIds, ctx.entryId);
  if (prev && sameRow(prev, next)) return { result: 'unchanged', kind: 'hearing', key };
  next.sequence = bumpSequence(prev, next, HEARING_VISIBLE_FIELDS);
  next.lastUpdated = ctx.now;
  store.putHearing(next, prev);
  return { result: 'changed', kind: 'hearing', key };
}

function applyDeadline(store: Store, ctx: ApplyContext, a: Action): ApplyOutcome {
  const key = a.deadline_key;
  if (!key) return { result: 'dropped', kind: 'deadline', key: null, reason: 'no deadline_key' };
  const prev = store.getDeadline(ctx.caseId, key);
  if (prev && ownedByOtherCourt(store, ctx, prev.docketId)) {
    return { result: 'dropped', kind: 'deadline', key, reason: 'row belongs to a docket in another court' };
  }
  const base: DeadlineRow = prev ?? {
    caseId: ctx.caseId,
    key,
    title: a.title ?? titleFromKey(key),
    deadlineType: a.deadline_type ?? null,
    localDate: null,
    localTime: null,
    dueAtUtc: null,
    timezone: ctx.timezone,
    notes: null,
    auditNotes: null,
    status: 'pending',
    significance: null,
    conditional: false,
    docketId: ctx.docketId,
    sourceEntryIds: [],
    sequence: 0,
    lastUpdated: ctx.now,
  };
  let next: DeadlineRow;
  switch (a.type) {
    case 'CANCEL_DEADLINE':
      if (!prev && !a.local_date) return { result: 'dropped', kind: 'deadline', key, reason: 'cancel of an unknown deadline without a date' };
      next = prev
        ? { ...prev, status: 'cancelled', notes: a.notes ?? prev.notes }
        : { ...base, status: 'cancelled', localDate: a.local_date ?? null, notes: a.notes ?? null };
      break;
    case 'MARK_FILED':
      if (!prev) return { result: 'dropped', kind: 'deadline', key, reason: 'filing for an unknown deadline' };
      next = { ...prev, status: 'met' };
      break;
    default: {
      // ADD_DEADLINE, RESCHEDULE_DEADLINE
      const newDate = a.local_date ?? null;
      if (!prev && !newDate && !a.conditional) return { result: 'dropped', kind: 'deadline', key, reason: 'new deadline without a date' };
      const localDate = newDate ?? base.localDate;
      const localTime = newDate !== null ? (a.local_time ?? null) : (a.local_time ?? base.localTime);
      const restated = prev !== null && localDate === prev.localDate && localTime === prev.localTime;
      next = {
        ...base,
        title: a.title ?? base.title,
        deadlineType: a.deadline_type ?? base.deadlineType,
        localDate,
        localTime,
        conditional: localDate === null,
        notes: a.notes ?? base.notes,
        significance: a.significance ?? base.significance,
        // Restating a met deadline's date does not re-open it; a new date does.
        status: restated && prev?.status === 'met' ? 'met' : 'pending',
      };
    }
  }
  next.dueAtUtc = next.localDate ? localToUtcIso(next.localDate, next.localTime ?? DEFAULT_DEADLINE_TIME, next.timezone) : null;
  if (next.status === 'pending' && next.dueAtUtc !== null && next.dueAtUtc < ctx.now) next.status = 'passed';
  next.sourceEntryIds = withSource(next.sourceEntryIds, ctx.entryId);
  if (prev && sameRow(prev, next)) return { result: 'unchanged', kind: 'deadline', key };
  next.sequence = bumpSequence(prev, next, DEADLINE_VISIBLE_FIELDS);
  next.lastUpdated = ctx.now;
  store.putDeadline(next, prev);
  return { result: 'changed', kind: 'deadline', key };
}
