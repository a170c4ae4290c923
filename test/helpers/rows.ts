import type { DeadlineRow, HearingRow } from '../../src/store/types.js';

/** A scheduled sentencing in Los Angeles the day after the 2026 spring-forward; override what a test needs. */
export function hearingRow(over: Partial<HearingRow> = {}): HearingRow {
  return {
    caseId: 'doe',
    key: 'sentencing',
    title: 'Sentencing',
    hearingType: 'sentencing',
    localDate: '2026-03-09',
    localTime: '10:30',
    startsAtUtc: null,
    durationMinutes: 90,
    timezone: 'America/Los_Angeles',
    location: null,
    judge: null,
    dialIn: null,
    notes: null,
    auditNotes: null,
    status: 'scheduled',
    significance: 'major',
    docketId: 1,
    sourceEntryIds: [],
    sequence: 0,
    lastUpdated: '2026-02-01T10:00:00.000000Z',
    ...over,
  };
}

/** A pending reply-brief deadline in New York; override what a test needs. */
export function deadlineRow(over: Partial<DeadlineRow> = {}): DeadlineRow {
  return {
    caseId: 'doe',
    key: 'reply',
    title: 'Reply brief',
    deadlineType: 'reply',
    localDate: '2026-04-01',
    localTime: null,
    dueAtUtc: null,
    timezone: 'America/New_York',
    notes: null,
    auditNotes: null,
    status: 'pending',
    significance: null,
    conditional: false,
    docketId: 1,
    sourceEntryIds: [],
    sequence: 0,
    lastUpdated: '2026-02-01T10:00:00.000000Z',
    ...over,
  };
}
