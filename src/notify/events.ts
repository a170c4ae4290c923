import type { DeadlineRow, HearingRow } from '../store/types.js';

/**
 * Which change notification a row change is (issue 15): decided from the row before and after one
 * upsert, so sync, serve, reconcile and the sweeps announce alike. Minor rows are never announced.
 */

export const EVENT_TYPES = [
  'hearing.scheduled',
  'hearing.rescheduled',
  'hearing.cancelled',
  'hearing.held',
  'deadline.set',
  'deadline.rescheduled',
  'deadline.met',
  'deadline.cancelled',
  'entry.unread',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** What a payload shows of a row, before and after: the fields a person reads in the calendar. */
export interface RowSnapshot {
  kind: 'hearing' | 'deadline';
  key: string;
  title: string;
  status: string;
  localDate: string | null;
  localTime: string | null;
  timezone: string;
  location: string | null;
  judge: string | null;
  atUtc: string | null; // hearing start or deadline due
  docketId: number | null;
  sourceEntryIds: number[];
}

export interface RowEvent {
  type: EventType;
  subject: string; // "hearing:<key>" / "deadline:<key>" / "entry:<id>"
  before: RowSnapshot | null;
  after: RowSnapshot;
}

export function hearingSnapshot(h: HearingRow): RowSnapshot {
  return { kind: 'hearing', key: h.key, title: h.title, status: h.status, localDate: h.localDate, localTime: h.localTime, timezone: h.timezone, location: h.location, judge: h.judge, atUtc: h.startsAtUtc, docketId: h.docketId, sourceEntryIds: h.sourceEntryIds };
}

export function deadlineSnapshot(d: DeadlineRow): RowSnapshot {
  return { kind: 'deadline', key: d.key, title: d.title, status: d.status, localDate: d.localDate, localTime: d.localTime, timezone: d.timezone, location: null, judge: null, atUtc: d.dueAtUtc, docketId: d.docketId, sourceEntryIds: d.sourceEntryIds };
}

const moved = (a: RowSnapshot, b: RowSnapshot) => a.localDate !== b.localDate || a.localTime !== b.localTime || a.atUtc !== b.atUtc;

export function hearingChange(prior: HearingRow | null, next: HearingRow): RowEvent | null {
  if (next.significance === 'minor' || next.localDate === null) return null;
  const after = hearingSnapshot(next);
  const before = prior ? hearingSnapshot(prior) : null;
  const subject = `hearing:${next.key}`;
  // A row that was minor or undated before is new to the people reading the calendar.
  const wasShown = prior !== null && prior.significance !== 'minor' && prior.localDate !== null;
  if (!wasShown || !before) return next.status === 'scheduled' ? { type: 'hearing.scheduled', subject, before: null, after } : null;
  if (next.status !== before.status) {
    if (next.status === 'cancelled') return { type: 'hearing.cancelled', subject, before, after };
    if (next.status === 'held') return { type: 'hearing.held', subject, before, after };
    return { type: moved(before, after) ? 'hearing.rescheduled' : 'hearing.scheduled', subject, before, after }; // revived
  }
  if (next.status === 'scheduled' && moved(before, after)) return { type: 'hearing.rescheduled', subject, before, after };
  return null;
}

export function deadlineChange(prior: DeadlineRow | null, next: DeadlineRow): RowEvent | null {
  if (next.significance === 'minor' || next.localDate === null) return null;
  const after = deadlineSnapshot(next);
  const before = prior ? deadlineSnapshot(prior) : null;
  const subject = `deadline:${next.key}`;
  const wasShown = prior !== null && prior.significance !== 'minor' && prior.localDate !== null;
  if (!wasShown || !before) return next.status === 'pending' ? { type: 'deadline.set', subject, before: null, after } : null;
  if (next.status !== before.status) {
    if (next.status === 'met') return { type: 'deadline.met', subject, before, after };
    if (next.status === 'cancelled') return { type: 'deadline.cancelled', subject, before, after };
    if (next.status === 'pending') return { type: moved(before, after) ? 'deadline.rescheduled' : 'deadline.set', subject, before, after };
    return null; // passed: the clock, not the docket
  }
  if ((next.status === 'pending' || next.status === 'passed') && moved(before, after)) return { type: 'deadline.rescheduled', subject, before, after };
  return null;
}

/** "hearing.*", "*.cancelled", "*", or an exact type. */
export function eventMatches(glob: string, type: string): boolean {
  if (glob === '*' || glob === type) return true;
  const [gk, ga] = glob.split('.');
  const [tk, ta] = type.split('.');
  return (gk === '*' || gk === tk) && (ga === undefined || ga === '*' || ga === ta);
}
