import { describe, expect, it } from 'vitest';
import { buildDemoDocket, type DemoEntry } from '../src/demo/docket.js';
import { ActionSchema, type Action } from '../src/extract/actions.js';
import { isRelevant } from '../src/extract/prefilter.js';
import { extractWithRules } from '../src/extract/rules/index.js';
import type { ExtractEntry, KnownDeadline, KnownHearing } from '../src/extract/types.js';
import { addDays, utcToLocal } from '../src/time/zone.js';

/**
 * Runs the demo docket through the pre-filter and the rules extractor in order, feeding each
 * entry's actions back as known rows (a minimal stand-in for the apply layer), and checks the
 * hearings and deadlines the demo ends up with.
 */

class MiniStore {
  constructor(private readonly docketId: number) {}

  readonly hearings = new Map<string, KnownHearing>();
  readonly deadlines = new Map<string, KnownDeadline>();

  apply(a: Action): void {
    if (a.hearing_key) {
      const row: KnownHearing = this.hearings.get(a.hearing_key) ?? {
        key: a.hearing_key, title: a.title ?? a.hearing_key, hearingType: a.hearing_type ?? null, status: 'scheduled', localDate: null, localTime: null, docketId: this.docketId,
      };
      if (a.type === 'MARK_HELD') row.status = 'held';
      else if (a.type === 'CANCEL_HEARING') row.status = 'cancelled';
      else {
        row.status = 'scheduled';
        row.localTime = a.local_time ?? (a.type === 'UPDATE_DETAILS' ? row.localTime : null);
      }
      row.localDate = a.type === 'MARK_HELD' || a.type === 'CANCEL_HEARING' ? (row.localDate ?? a.local_date ?? null) : (a.local_date ?? row.localDate);
      if (a.title) row.title = a.title;
      this.hearings.set(row.key, row);
    } else if (a.deadline_key) {
      const row: KnownDeadline = this.deadlines.get(a.deadline_key) ?? {
        key: a.deadline_key, title: a.title ?? a.deadline_key, deadlineType: a.deadline_type ?? null, status: 'pending', localDate: null, docketId: this.docketId,
      };
      if (a.type === 'MARK_FILED') row.status = 'met';
      else if (a.type === 'CANCEL_DEADLINE') row.status = 'cancelled';
      else {
        row.status = 'pending';
        row.localDate = a.local_date ?? null;
      }
      this.deadlines.set(row.key, row);
    }
  }
}

function toEntry(e: DemoEntry): ExtractEntry {
  return {
    entryId: 1000 + e.entry_number,
    entryNumber: e.entry_number,
    dateFiled: e.date_filed,
    description: e.description,
    shortDescription: e.short_description ?? '',
    documentDescriptions: (e.documents ?? []).map((d) => d.description),
  };
}

function runDemo(today: Date) {
  const demo = buildDemoDocket(today);
  const store = new MiniStore(demo.docket.id);
  const perEntry = new Map<number, Action[]>();
  for (const e of demo.entries) {
    const entry = toEntry(e);
    const actions = isRelevant(entry)
      ? extractWithRules({
          caseName: demo.docket.case_name,
          courtId: demo.docket.court_id,
          timezone: 'America/New_York',
          docketId: demo.docket.id,
          entry,
          knownHearings: [...store.hearings.values()],
          knownDeadlines: [...store.deadlines.values()],
        })
      : [];
    perEntry.set(e.entry_number, actions);
    for (const a of actions) store.apply(a);
  }
  return { demo, store, perEntry };
}

const TODAY = new Date('2026-03-10T15:00:00Z');
const day = (offset: number) => addDays('2026-03-10', offset);

describe('demo docket', () => {
  it('is a fictional D.D.C. criminal docket of 15–20 entries in filing order', () => {
    const { docket, entries } = buildDemoDocket(TODAY);
    expect(docket.court_id).toBe('dcd');
    expect(docket.case_name).toBe('United States v. Ada Quill');
    expect(entries.length).toBeGreaterThanOrEqual(15);
    expect(entries.length).toBeLessThanOrEqual(20);
    const dates = entries.map((e) => e.date_filed);
    expect([...dates].sort()).toEqual(dates);
    const numbers = entries.map((e) => e.entry_number);
    expect([...numbers].sort((a, b) => a - b)).toEqual(numbers);
  });

  it('every action the extractor returns for it is schema-valid', () => {
    const { perEntry } = runDemo(TODAY);
    for (const actions of perEntry.values()) {
      for (const a of actions) expect(ActionSchema.safeParse(a).success).toBe(true);
    }
  });

  it('noise entries produce nothing: indictment, appearance, bare motion, opinion, sealed document', () => {
    const { perEntry } = runDemo(TODAY);
    for (const n of [1, 4, 14, 22, 25]) {
      const actions = perEntry.get(n) ?? [];
      expect(actions.every((a) => a.type === 'IGNORE')).toBe(true);
    }
  });

  it('each procedural entry produces the action it implies', () => {
    const { perEntry } = runDemo(TODAY);
    const kinds = (n: number) => (perEntry.get(n) ?? []).map((a) => `${a.type}:${a.hearing_key ?? a.deadline_key}`);
    expect(kinds(5)).toEqual(['MARK_HELD:arraignment']);
    expect(kinds(7)).toEqual(['ADD_HEARING:status-conf']);
    expect(kinds(9)).toEqual(['RESCHEDULE_HEARING:status-conf']);
    expect(kinds(11)).toEqual(['MARK_HELD:status-conf', 'ADD_DEADLINE:pretrial-motion']);
    expect(kinds(15)).toEqual(['ADD_DEADLINE:response-to-motion-14', 'ADD_DEADLINE:reply-to-motion-14']);
    expect(kinds(16)).toEqual(['MARK_FILED:response-to-motion-14']);
    expect(kinds(18)).toEqual(['MARK_FILED:reply-to-motion-14']);
    expect(kinds(19)).toEqual(['ADD_HEARING:motion-hearing-14']);
    expect(kinds(21)).toEqual(['CANCEL_HEARING:motion-hearing-14']);
    expect(kinds(23)).toEqual(['ADD_HEARING:trial', 'ADD_HEARING:pretrial-conf', 'ADD_DEADLINE:joint-pretrial-statement']);
    expect(kinds(26)).toEqual(['MARK_HELD:change-of-plea', 'ADD_HEARING:sentencing']);
    expect(kinds(27)).toEqual(['RESCHEDULE_HEARING:pretrial-conf']);
  });

  it('ends with the expected hearings and deadlines', () => {
    const { store } = runDemo(TODAY);
    const hearings = [...store.hearings.values()].map((h) => [h.key, h.status, h.localDate, h.localTime]).sort();
    expect(hearings).toEqual(
      [
        ['arraignment', 'held', day(-116), null],
        ['change-of-plea', 'held', day(-8), null],
        ['motion-hearing-14', 'cancelled', day(-21), '10:00'],
        ['pretrial-conf', 'scheduled', day(31), '10:00'],
        ['sentencing', 'scheduled', day(100), '11:00'],
        ['status-conf', 'held', day(-72), '14:30'],
        ['trial', 'scheduled', day(45), '09:30'],
      ].sort(),
    );
    const deadlines = [...store.deadlines.values()].map((d) => [d.key, d.status, d.localDate]).sort();
    expect(deadlines).toEqual(
      [
        ['joint-pretrial-statement', 'pending', day(20)],
        ['pretrial-motion', 'pending', day(-58)],
        ['reply-to-motion-14', 'met', day(-37)],
        ['response-to-motion-14', 'met', day(-44)],
      ].sort(),
    );
  });

  it('carries the courtroom, judge and significance the entries state', () => {
    const { perEntry } = runDemo(TODAY);
    const sentencing = perEntry.get(26)!.find((a) => a.type === 'ADD_HEARING')!;
    expect(sentencing).toMatchObject({ title: 'Sentencing', hearing_type: 'sentencing', location: 'Courtroom 10', judge: 'Judge Miriam K. Oduya', significance: 'major', defendant: 'Ada Quill' });
    const responses = perEntry.get(15)![0]!;
    expect(responses.title).toBe('Responses to Motion to Suppress Evidence (ECF 14)');
  });

  it('always has upcoming events, whatever today is', () => {
    const now = new Date();
    const local = utcToLocal(now, 'America/New_York').date;
    const { store } = runDemo(now);
    const upcoming = [...store.hearings.values()].filter((h) => h.status === 'scheduled' && h.localDate! > local);
    expect(upcoming.map((h) => h.key).sort()).toEqual(['pretrial-conf', 'sentencing', 'trial']);
  });
});
