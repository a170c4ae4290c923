import { describe, expect, it } from 'vitest';
import { ActionSchema, type Action } from '../src/extract/actions.js';
import { extractWithRules, RulesExtractor } from '../src/extract/rules/index.js';
import type { KnownDeadline, KnownHearing } from '../src/extract/types.js';

/** Fictional CM/ECF-style texts for each hearing shape of spec §11. */

interface Opts {
  hearings?: KnownHearing[];
  deadlines?: KnownDeadline[];
  dateFiled?: string;
  caseName?: string;
  courtId?: string;
  entryNumber?: number;
}

function run(description: string, o: Opts = {}): Action[] {
  const actions = extractWithRules({
    caseName: o.caseName ?? 'United States v. Ada Quill',
    courtId: o.courtId ?? 'dcd',
    timezone: 'America/New_York',
    docketId: 7,
    entry: { entryId: 1, entryNumber: o.entryNumber ?? 60, dateFiled: o.dateFiled ?? '2026-03-01', description, shortDescription: '', documentDescriptions: [] },
    knownHearings: o.hearings ?? [],
    knownDeadlines: o.deadlines ?? [],
  });
  for (const a of actions) expect(ActionSchema.safeParse(a).success).toBe(true);
  return actions;
}

function hearing(key: string, hearingType: KnownHearing['hearingType'], localDate: string, localTime: string | null = null, status: KnownHearing['status'] = 'scheduled', title?: string): KnownHearing {
  return { key, title: title ?? key, hearingType, status, localDate, localTime, docketId: 7 };
}

const only = (actions: Action[]) => {
  expect(actions).toHaveLength(1);
  return actions[0]!;
};

describe('shape 1: <Event> set for <date> [time] [place] [judge]', () => {
  it('reads sentencing with time, courtroom and judge', () => {
    expect(only(run('Sentencing set for 5/28/2026 10:00 AM in Courtroom 3 before Judge Miriam K. Oduya.'))).toEqual({
      type: 'ADD_HEARING',
      hearing_key: 'sentencing',
      title: 'Sentencing',
      hearing_type: 'sentencing',
      local_date: '2026-05-28',
      local_time: '10:00',
      significance: 'major',
      location: 'Courtroom 3',
      judge: 'Judge Miriam K. Oduya',
    });
  });

  it('reads "at <time>" and events without a time', () => {
    expect(only(run('Calendar Call set for 6/10/2026 at 9:30 AM.'))).toMatchObject({ type: 'ADD_HEARING', hearing_key: 'calendar-call', hearing_type: 'other', local_date: '2026-06-10', local_time: '09:30' });
    const trial = only(run('Jury Trial set for 6/1/2026'));
    expect(trial).toMatchObject({ hearing_key: 'trial', title: 'Jury Trial', hearing_type: 'trial', local_date: '2026-06-01' });
    expect(trial.local_time).toBeUndefined();
  });

  it('reads the clerk notice "Hearing on Motion 22 MOTION … Motion Hearing set for"', () => {
    const a = only(run('NOTICE of Hearing on Motion 22 MOTION to Dismiss: Motion Hearing set for 5/7/2026 at 10:00 AM before Judge Raul T. Benavides. (rtb)', { caseName: 'Quill v. Harlow Foods', courtId: 'txsd' }));
    expect(a).toMatchObject({ hearing_key: 'motion-hearing-22', title: 'Motion Hearing (ECF 22)', local_date: '2026-05-07', local_time: '10:00' });
  });

  it('reads jury selection as the start of trial', () => {
    expect(only(run('ORDER Resetting Hearings: Jury Selection set for 1/11/2027 at 09:00 AM.'))).toMatchObject({ hearing_type: 'trial', title: 'Jury Selection', local_date: '2027-01-11' });
  });

  it('reads "scheduled for" and a hearing on a numbered motion', () => {
    const a = only(run('MINUTE ORDER as to ADA QUILL: Hearing on 42 MOTION to Suppress scheduled for 5/12/2026 at 2 PM in Courtroom 24A before Magistrate Judge Robin T. Vale.'));
    expect(a).toMatchObject({
      type: 'ADD_HEARING',
      hearing_key: 'motion-hearing-42',
      title: 'Motion Hearing (ECF 42)',
      hearing_type: 'motion_hearing',
      local_date: '2026-05-12',
      local_time: '14:00',
      location: 'Courtroom 24A',
      judge: 'Magistrate Judge Robin T. Vale',
      defendant: 'Ada Quill',
    });
  });

  it('captures remote locations', () => {
    expect(only(run('Status Conference set for 4/2/2026 at 11:00 AM in Telephonic before Judge Miriam K. Oduya.')).location).toBe('Telephonic');
    expect(only(run('Sentencing set for 5/28/2026 at 10:00 AM via Zoom.')).location).toBe('Zoom');
  });

  it('captures a dial-in: meeting link, or phone number with its access code', () => {
    expect(only(run('MINUTE ORDER: Status Conference set for 4/2/2026 at 10:00 AM by videoconference. Join at https://uscourts.zoomgov.com/j/1610000000.'))).toMatchObject({
      location: 'Videoconference',
      dial_in: 'https://uscourts.zoomgov.com/j/1610000000',
    });
    expect(only(run('TEXT ORDER: A status conference is scheduled for February 13, 2026, at 2:00 p.m. Please dial (888) 555-0135 and enter access code 1364268.')).dial_in).toBe('(888) 555-0135, access code 1364268');
  });

  it('reads order prose: "will hold", "will be held at … on", "On <date> there shall be"', () => {
    expect(only(run('ORDER: The Court will hold a status conference on April 2, 2026 at 11:00 a.m.'))).toMatchObject({ hearing_type: 'status_conference', local_date: '2026-04-02', local_time: '11:00' });
    expect(only(run('A detention hearing will be held at 8:30 a.m. on May 4, 2026 in Courtroom 2 before Magistrate Judge Robin T. Vale.'))).toMatchObject({
      hearing_key: 'detention-hearing',
      hearing_type: 'other',
      local_date: '2026-05-04',
      local_time: '08:30',
      location: 'Courtroom 2',
    });
    expect(only(run('LETTER ORDER: On 5/8/2026 at 10:30 AM there shall be an Initial Scheduling Conference before Magistrate Judge Robin T. Vale.', { caseName: 'Harlow Foods v. Quill Corp.' }))).toMatchObject({
      hearing_type: 'status_conference',
      local_date: '2026-05-08',
      local_time: '10:30',
      significance: 'major',
    });
  });

  it('reschedules a known scheduled hearing of the same type instead of adding one', () => {
    const a = only(run('ORDER as to ADA QUILL: Sentencing set for 6/30/2026 at 2:00 PM in Courtroom 3.', { hearings: [hearing('sentencing', 'sentencing', '2026-05-28', '10:00', 'scheduled', 'Sentencing')] }));
    expect(a).toMatchObject({ type: 'RESCHEDULE_HEARING', hearing_key: 'sentencing', local_date: '2026-06-30', local_time: '14:00' });
  });

  it('revives a cancelled once-only hearing under its known key', () => {
    const a = only(run('Sentencing set for 5/28/2026 10:00 AM.', { hearings: [hearing('sentencing', 'sentencing', '2026-04-02', '10:30', 'cancelled')] }));
    expect(a).toMatchObject({ type: 'RESCHEDULE_HEARING', hearing_key: 'sentencing', local_date: '2026-05-28' });
  });

  it('gives a sequential hearing a new key after a held or passed one', () => {
    const afterHeld = only(run('Status Conference set for 5/5/2026 at 10:00 AM.', { hearings: [hearing('status-conf', 'status_conference', '2026-02-20', '10:30', 'held')] }));
    expect(afterHeld).toMatchObject({ type: 'ADD_HEARING', hearing_key: 'status-conf-2' });
    const afterPassed = only(
      run('Status Conference set for 5/5/2026 at 10:00 AM.', {
        hearings: [hearing('status-conf', 'status_conference', '2026-01-10', null, 'held'), hearing('status-conf-2', 'status_conference', '2026-02-20', '10:30', 'scheduled')],
      }),
    );
    expect(afterPassed).toMatchObject({ type: 'ADD_HEARING', hearing_key: 'status-conf-3' });
  });

  it('never updates a row of another docket, and does not reuse its key', () => {
    const other: KnownHearing = { ...hearing('sentencing', 'sentencing', '2026-05-28', '10:00'), docketId: 99 };
    expect(only(run('Sentencing set for 6/30/2026 at 2:00 PM.', { hearings: [other] }))).toMatchObject({ type: 'ADD_HEARING', hearing_key: 'sentencing-2', local_date: '2026-06-30' });
    expect(run('Sentencing VACATED.', { hearings: [other] })).toEqual([{ type: 'IGNORE' }]);
  });

  it('does not confuse different conferences of the same type', () => {
    const a = only(run('Status Conference set for 6/6/2026 10:00 AM.', { hearings: [hearing('pretrial-conf', 'status_conference', '2026-05-23', '15:00', 'scheduled', 'Pretrial Conference')] }));
    expect(a).toMatchObject({ type: 'ADD_HEARING', hearing_key: 'status-conf' });
  });

  it('restating a known slot is not a new event: UPDATE_DETAILS of the known row (spec §6), with details when given', () => {
    const known = [hearing('trial', 'trial', '2026-09-09', '10:00', 'scheduled', 'Jury Trial')];
    expect(run('Jury Trial set for 9/9/2026 10:00 AM.', { hearings: known })).toEqual([{ type: 'UPDATE_DETAILS', hearing_key: 'trial', local_date: '2026-09-09', local_time: '10:00' }]);
    expect(only(run('Jury Trial set for 9/9/2026 10:00 AM in Courtroom 2 before Judge Miriam K. Oduya.', { hearings: known }))).toMatchObject({
      type: 'UPDATE_DETAILS',
      hearing_key: 'trial',
      location: 'Courtroom 2',
    });
  });
});

describe('shape 2: several events in one entry', () => {
  it('returns one action per event, in order', () => {
    const actions = run(
      'Set/Reset Hearings as to ADA QUILL: Status Conference set for 3/2/2026 at 10:30 AM before Judge Miriam K. Oduya. Jury Trial set for 6/1/2026 09:00 AM in Courtroom 9.',
      { dateFiled: '2026-02-01' },
    );
    expect(actions.map((a) => [a.type, a.hearing_key, a.local_date, a.local_time, a.defendant])).toEqual([
      ['ADD_HEARING', 'status-conf', '2026-03-02', '10:30', 'Ada Quill'],
      ['ADD_HEARING', 'trial', '2026-06-01', '09:00', 'Ada Quill'],
    ]);
  });

  it('splits "Competency Hearing and Sentencing set for" into two proceedings in one slot', () => {
    const actions = run('TEXT ORDER as to ADA QUILL: Competency Hearing and Sentencing set for 12/17/2026 10:00 AM in Courtroom 2.');
    expect(actions.map((a) => [a.hearing_type, a.local_date, a.local_time])).toEqual([
      ['evidentiary_hearing', '2026-12-17', '10:00'],
      ['sentencing', '2026-12-17', '10:00'],
    ]);
  });

  it('two settings of one kind in an entry are two events', () => {
    const actions = run('Motion Hearing set for 11/9/2026 09:00 AM. Motion Hearing as to the exhibits is set for 9/25/2026 at 9:00 AM.');
    expect(actions.map((a) => [a.type, a.hearing_key])).toEqual([
      ['ADD_HEARING', 'motion-hearing'],
      ['ADD_HEARING', 'motion-hearing-2'],
    ]);
  });
});

describe('shape 3: resets and continuances', () => {
  const statusConf = [hearing('status-conf', 'status_conference', '2026-03-20', '10:00', 'scheduled', 'Status Conference')];

  it.each([
    ['Status Conference Reset for 4/2/2026 at 10:30 AM'],
    ['ELECTRONIC NOTICE OF RESCHEDULING as to ADA QUILL (1): Status Conference reset for 4/2/2026 at 10:30 a.m. before Judge Miriam K. Oduya.'],
    ['MINUTE ORDER: Status Conference is continued to April 2, 2026 at 10:30 a.m.'],
    ['ORDER: the status conference scheduled for March 20, 2026 is adjourned to April 2, 2026 at 10:30 a.m.'],
    ['Status Conference set for 3/20/2026 10:00 AM is VACATED and reset for 4/2/2026 at 10:30 AM.'],
  ])('%s', (text) => {
    expect(only(run(text, { hearings: statusConf }))).toMatchObject({ type: 'RESCHEDULE_HEARING', hearing_key: 'status-conf', local_date: '2026-04-02', local_time: '10:30' });
  });

  it('a granted motion to continue moves the trial', () => {
    const a = only(
      run('ORDER granting 47 Motion to Continue as to ADA QUILL (1). Jury Trial reset for 9/14/2026 09:30 AM in Courtroom 9 before Judge Miriam K. Oduya.', {
        hearings: [hearing('trial', 'trial', '2026-06-01', '09:00')],
      }),
    );
    expect(a).toMatchObject({ type: 'RESCHEDULE_HEARING', hearing_key: 'trial', local_date: '2026-09-14', local_time: '09:30', location: 'Courtroom 9' });
  });

  it('takes the new date of "set for <old> is RESET to <new>"', () => {
    const a = only(run('TEXT ORDER as to ADA QUILL: Sentencing set for 8/26/26 is RESET to 8/29/2026 at 10:00 AM.', { hearings: [hearing('sentencing', 'sentencing', '2026-08-26', '10:00')] }));
    expect(a).toMatchObject({ type: 'RESCHEDULE_HEARING', hearing_key: 'sentencing', local_date: '2026-08-29', local_time: '10:00' });
  });

  it('a reset with no matching known row adds the hearing', () => {
    expect(only(run('Sentencing continued to 8/4/2026.'))).toMatchObject({ type: 'ADD_HEARING', hearing_key: 'sentencing', local_date: '2026-08-04' });
  });

  it('"Hearing continued to" moves the one upcoming hearing', () => {
    const a = only(run('Hearing continued to 5/15/2026', { hearings: [hearing('motion-hearing-42', 'motion_hearing', '2026-05-01', '10:00')] }));
    expect(a).toMatchObject({ type: 'RESCHEDULE_HEARING', hearing_key: 'motion-hearing-42', local_date: '2026-05-15' });
  });
});

describe('shape 4: cancellations', () => {
  it.each([
    ['MINUTE ORDER as to ADA QUILL: The Status Conference set for 3/20/2026 is hereby VACATED.'],
    ['Status Conference VACATED as to ADA QUILL.'],
    ['ORDER: The Court CANCELS the status conference set for March 20, 2026.'],
    ['Status Conference set for 3/20/2026 is CANCELLED.'],
    ['TEXT ORDER CONTINUING generally the status conference set for 3/20/26 at 10:00 AM as to ADA QUILL.'],
  ])('%s', (text) => {
    expect(only(run(text, { hearings: [hearing('status-conf', 'status_conference', '2026-03-20', '10:00')] }))).toEqual({
      type: 'CANCEL_HEARING',
      hearing_key: 'status-conf',
      local_date: '2026-03-20',
      local_time: '10:00',
      hearing_type: 'status_conference',
      ...(/ADA QUILL/.test(text) ? { defendant: 'Ada Quill' } : {}),
    });
  });

  it('cancels every setting a vacatur lists', () => {
    const actions = run('ORDER - that the pretrial conference previously set for May 11, 2026, at 9:30 a.m. and the trial set for June 1, 2026, are CONTINUED to be reset after the pending motions are resolved.', {
      hearings: [hearing('pretrial-conf', 'status_conference', '2026-05-11', '09:30', 'scheduled', 'Pretrial Conference'), hearing('trial', 'trial', '2026-06-01', '10:00')],
    });
    expect(actions.map((a) => [a.type, a.hearing_key, a.local_date])).toEqual([
      ['CANCEL_HEARING', 'pretrial-conf', '2026-05-11'],
      ['CANCEL_HEARING', 'trial', '2026-06-01'],
    ]);
  });

  it('an order vacating all hearings and deadlines cancels the upcoming ones', () => {
    const actions = run("ORDER: In light of the parties' notice of settlement, all deadlines and hearings are VACATED.", {
      hearings: [hearing('trial', 'trial', '2026-09-01', '09:00'), hearing('status-conf', 'status_conference', '2026-02-01', '10:00', 'held')],
      deadlines: [{ key: 'dispositive-motion', title: 'Dispositive Motions', deadlineType: 'other', status: 'pending', localDate: '2026-05-01', docketId: 7 }],
      caseName: 'Quill v. Harlow Foods',
    });
    expect(actions.map((a) => [a.type, a.hearing_key ?? a.deadline_key, a.local_date])).toEqual([
      ['CANCEL_HEARING', 'trial', '2026-09-01'],
      ['CANCEL_DEADLINE', 'dispositive-motion', '2026-05-01'],
    ]);
  });

  it('does nothing when there is no known row and no date', () => {
    expect(run('Sentencing VACATED as to ADA QUILL.')).toEqual([{ type: 'IGNORE' }]);
  });

  it('records a cancellation of an unknown hearing when the old date is stated', () => {
    expect(only(run('The detention hearing scheduled for May 16, 2026 at 9:00 a.m. is hereby CANCELLED.'))).toMatchObject({ type: 'CANCEL_HEARING', hearing_key: 'detention-hearing', local_date: '2026-05-16' });
  });

  it('a setting vacated in the same entry is recorded once, as cancelled', () => {
    const a = only(run('Motion Hearing set for 8/30/2026 at 10:00 AM in Courtroom 9. (Counsel notified that the Court is not hearing motions on 8/30/2026 - hearing terminated)'));
    expect(a).toMatchObject({ type: 'CANCEL_HEARING', local_date: '2026-08-30', hearing_type: 'motion_hearing' });
  });
});

describe('shape 5: held records', () => {
  it('marks the known row held and sets the next one in the same minute entry', () => {
    const actions = run(
      'Minute Entry for proceedings held before Judge Miriam K. Oduya: Status Conference as to ADA QUILL held on 3/2/2026. Status Conference set for 4/6/2026 at 9:00 AM in Courtroom 10 before Judge Miriam K. Oduya.',
      { hearings: [hearing('status-conf', 'status_conference', '2026-03-02', '10:30')], dateFiled: '2026-03-02' },
    );
    expect(actions.map((a) => [a.type, a.hearing_key, a.local_date])).toEqual([
      ['MARK_HELD', 'status-conf', '2026-03-02'],
      ['ADD_HEARING', 'status-conf-2', '2026-04-06'],
    ]);
  });

  it('matches a known row within two days of the held date', () => {
    const a = only(run('Minute Entry for proceedings held before Judge Miriam K. Oduya: Sentencing held on 5/29/2026 as to ADA QUILL (1).', { hearings: [hearing('sentencing', 'sentencing', '2026-05-28', '10:00')] }));
    expect(a).toEqual({ type: 'MARK_HELD', hearing_key: 'sentencing', local_date: '2026-05-29', hearing_type: 'sentencing', defendant: 'Ada Quill' });
  });

  it('inserts a held row when no known row matches', () => {
    expect(only(run('Minute Entry for Status Conference held on 3/2/2026', { dateFiled: '2026-03-03' }))).toMatchObject({
      type: 'MARK_HELD',
      hearing_key: 'status-conf',
      title: 'Status Conference',
      hearing_type: 'status_conference',
      local_date: '2026-03-02',
    });
    const far = only(run('MINUTE ORDER as to ADA QUILL: Arraignment held on 2/10/2026.', { hearings: [hearing('arraignment', 'arraignment', '2026-02-01', null, 'cancelled')] }));
    expect(far).toMatchObject({ type: 'MARK_HELD', hearing_key: 'arraignment-2', local_date: '2026-02-10' });
  });

  it('marks every proceeding a minute entry lists as held', () => {
    const actions = run('Minute Entry for proceedings held before Magistrate Judge Robin T. Vale: Initial Appearance and Arraignment as to ADA QUILL held on 1/11/2026. Not Guilty plea entered.', { dateFiled: '2026-01-11' });
    expect(actions.map((a) => [a.type, a.hearing_type, a.local_date])).toEqual([
      ['MARK_HELD', 'initial_appearance', '2026-01-11'],
      ['MARK_HELD', 'arraignment', '2026-01-11'],
    ]);
  });

  it('uses the date filed when the record states none', () => {
    const a = only(run('Case ARGUED before panel. Panel: Judges Ray, Lin and Ode.', { dateFiled: '2026-06-01', caseName: 'Quill v. Harlow', courtId: 'ca4', hearings: [hearing('oral-arg', 'oral_argument', '2026-06-01', '09:30')] }));
    expect(a).toMatchObject({ type: 'MARK_HELD', hearing_key: 'oral-arg', local_date: '2026-06-01' });
  });

  it('reads the held date from a transcript and matches the row on that date', () => {
    const actions = run('TRANSCRIPT of Proceedings as to ADA QUILL held on 03/24/2026, before Judge Miriam K. Oduya. Redaction Request due 4/14/2026.', {
      hearings: [hearing('status-conf', 'status_conference', '2026-03-24', '10:00')],
      dateFiled: '2026-03-31',
    });
    expect(actions[0]).toMatchObject({ type: 'MARK_HELD', hearing_key: 'status-conf', local_date: '2026-03-24' });
  });

  it('records a later trial day under its own key', () => {
    const a = only(run('Minute Entry for proceedings held before Judge Miriam K. Oduya: Jury Trial as to ADA QUILL held on 6/2/2026. Trial continued to 6/3/2026 at 9:00 AM.', { hearings: [hearing('trial', 'trial', '2026-06-01', '09:00', 'held', 'Jury Trial')], dateFiled: '2026-06-02' }));
    expect(a).toMatchObject({ type: 'MARK_HELD', hearing_key: 'trial-day-2', title: 'Jury Trial — Day 2', local_date: '2026-06-02' });
  });

  it('"held and continued to <date>" records the hearing and sets the next one', () => {
    const actions = run('MINUTE entry before the Honorable Nora P. Whitfield: Status hearing held on 3/2/2026 and continued to 4/6/2026 at 9:30 a.m. Mailed notice.', {
      hearings: [hearing('status-conf', 'status_conference', '2026-03-02', '09:30')],
      dateFiled: '2026-03-02',
      caseName: 'Harlow Foods v. Quill Corp.',
      courtId: 'ilnd',
    });
    expect(actions.map((a) => [a.type, a.hearing_key, a.local_date, a.local_time ?? null])).toEqual([
      ['MARK_HELD', 'status-conf', '2026-03-02', null],
      ['ADD_HEARING', 'status-conf-2', '2026-04-06', '09:30'],
    ]);
  });

  it('takes the held date from the minute heading, not from later settings', () => {
    const actions = run('MINUTE entry before the Honorable Nora P. Whitfield: In-person status hearing held. Fact discovery to close on 9/30/2026.', {
      dateFiled: '2026-03-02',
      caseName: 'Harlow Foods v. Quill Corp.',
      courtId: 'ilnd',
    });
    expect(actions[0]).toMatchObject({ type: 'MARK_HELD', local_date: '2026-03-02' });
  });

  it('"not held" is a cancellation, not a held record', () => {
    const a = only(run('MEDIATION CONFERENCE NOT HELD. Mediation Conference scheduled for 06/07/2026 was not held.', { hearings: [hearing('mediation-conf', 'other', '2026-06-07', '11:00', 'scheduled', 'Mediation Conference')], caseName: 'Harlow Foods v. Quill Corp.' }));
    expect(a).toMatchObject({ type: 'CANCEL_HEARING', hearing_key: 'mediation-conf', local_date: '2026-06-07' });
  });
});

describe('other court styles', () => {
  it('bankruptcy: a hearing set, continued and held on a motion cited as a related document', () => {
    const o = { caseName: 'In re Quill Foods', courtId: 'deb' };
    expect(only(run('Hearing Set On (RE: related document(s)42 Motion to Sell). Hearing scheduled for 3/20/2026 at 10:00 AM at Courtroom 1, 100 Main Street, Wilmington.', o))).toMatchObject({
      type: 'ADD_HEARING',
      hearing_key: 'motion-hearing-42',
      local_date: '2026-03-20',
      location: 'Courtroom 1, 100 Main Street, Wilmington',
    });
    const known = [hearing('motion-hearing-42', 'motion_hearing', '2026-03-20', '10:00')];
    expect(only(run('Hearing Continued (RE: related document(s)42 Motion to Sell). Hearing scheduled for 4/3/2026 at 10:00 AM at Courtroom 1.', { ...o, hearings: known }))).toMatchObject({ type: 'RESCHEDULE_HEARING', hearing_key: 'motion-hearing-42', local_date: '2026-04-03' });
    expect(only(run('Hearing Held (RE: related document(s)42 Motion to Sell). Motion GRANTED.', { ...o, hearings: known, dateFiled: '2026-03-20' }))).toMatchObject({ type: 'MARK_HELD', hearing_key: 'motion-hearing-42', local_date: '2026-03-20' });
  });

  it('appellate: "ARGUMENT HEARD" records the argument; "submitted without oral argument" cancels it', () => {
    const known = [hearing('oral-arg', 'oral_argument', '2026-09-15', '10:00')];
    const o = { caseName: 'Quill v. Harlow', courtId: 'ca2', hearings: known, dateFiled: '2026-09-15' };
    expect(only(run('ARGUMENT HEARD by Judges Ray, Lin and Ode, on 9/15/2026.', o))).toMatchObject({ type: 'MARK_HELD', hearing_key: 'oral-arg', local_date: '2026-09-15' });
    expect(only(run('ORDER FILED. This matter is ordered submitted without oral argument on September 15, 2026.', { ...o, dateFiled: '2026-08-01' }))).toMatchObject({ type: 'CANCEL_HEARING', hearing_key: 'oral-arg', local_date: '2026-09-15' });
  });

  it('reads voir dire as jury selection', () => {
    expect(only(run('Minute Entry for proceedings held before Judge Raul T. Benavides: Voir Dire held on 6/1/2026.', { hearings: [hearing('trial', 'trial', '2026-06-01', '09:00')], dateFiled: '2026-06-01' }))).toMatchObject({ type: 'MARK_HELD', hearing_key: 'trial' });
  });
});

describe('significance, type and defendant', () => {
  it('scheduling-only conferences are minor; untyped status conferences major', () => {
    expect(only(run('Scheduling Conference set for 4/2/2026 at 10:00 AM by telephone.')).significance).toBe('minor');
    expect(only(run('ORDER: The status conference is set for 4/2/2026 at 10 AM to discuss the parties request for a continuance.')).significance).toBe('minor');
    expect(only(run('Status Conference set for 4/2/2026 at 10:00 AM.')).significance).toBe('major');
    expect(only(run('A telephonic conference will be held on May 13, 2026 at 10:00 a.m. to discuss trial scheduling.'))).toMatchObject({ hearing_type: 'status_conference', significance: 'minor' });
  });

  it('types plea hearings as change of plea', () => {
    expect(only(run('Rule 11 Hearing set for 4/15/2026 at 10:00 AM.')).hearing_type).toBe('change_of_plea');
    expect(only(run('Plea Agreement Hearing set for 4/15/2026 at 10:00 AM.')).hearing_type).toBe('change_of_plea');
  });

  it('names one defendant, strips "(1)", title-cases shouted names', () => {
    expect(only(run('NOTICE OF HEARING as to ADA QUILL (1): Arraignment set for 1/11/26 at 10:30 AM.')).defendant).toBe('Ada Quill');
    expect(only(run('NOTICE OF HEARING as to Defendant Ada B. Quill Jr. On the Court\'s own motion, Arraignment set for 1/11/26 at 10:30 AM.')).defendant).toBe('Ada B. Quill Jr');
  });

  it('a joint setting has no defendant; a defendant-specific one in a multi-defendant case is keyed by surname', () => {
    const joint = only(run('MINUTE ORDER as to ADA QUILL and BO PIKE: Status Conference set for 4/2/2026 at 10:00 AM.', { caseName: 'United States v. Quill et al' }));
    expect(joint.defendant).toBeUndefined();
    expect(joint.hearing_key).toBe('status-conf');
    const pike = only(
      run('MINUTE ORDER as to BO PIKE: Sentencing set for 9/2/2026 at 10:00 AM.', {
        caseName: 'United States v. Quill et al',
        hearings: [hearing('sentencing-quill', 'sentencing', '2026-08-01', '10:00', 'scheduled', 'Sentencing - Quill')],
      }),
    );
    expect(pike).toMatchObject({ type: 'ADD_HEARING', hearing_key: 'sentencing-pike', title: 'Sentencing - Pike', defendant: 'Bo Pike' });
  });
});

describe('shape 8: entries that set nothing', () => {
  it.each([
    ['a bare motion for a hearing', 'MOTION for Hearing by ADA QUILL. (Hartwell, Ellis)'],
    ['a motion to continue quoting the trial date', 'MOTION to Continue Trial set for 6/1/2026 by ADA QUILL. (Hartwell, Ellis)'],
    ['a transcript purchase order', 'ORDER for Transcript of Sentencing held on 5/28/2026.'],
    ['a sealed placeholder', 'SEALED DOCUMENT filed (This document is SEALED and only available to authorized persons.) (zjm)'],
    ['a notice of appearance', 'NOTICE OF ATTORNEY APPEARANCE: Ellis Hartwell appearing for ADA QUILL (Hartwell, Ellis) (Entered: 03/02/2026)'],
    ['a stipulation not adopted', 'STIPULATION to Continue Status Conference to 4/2/2026 by USA, ADA QUILL (Okafor, Dana)'],
    ['a stipulation with a proposed order', 'STIPULATION AND [PROPOSED] ORDER to Continue Sentencing to 7/2/2026 by ADA QUILL (Hartwell, Ellis)'],
    ['clerk timestamps only', 'ORDER re 12 Stipulation. Signed by Judge Miriam K. Oduya on 3/1/2026. (zjm) (Entered: 03/02/2026) [Entered: 03/02/2026 01:51 PM]'],
    ['an audio file stamp', 'AUDIO FILE. Audio as to Defendant (1) Ada Quill. Court Date & Time [ 03/02/2026 10:04:43 AM ]. (Status Conference).'],
    ['an exhibit note quoting a trial', 'TEXT ENTRY THAT EXHIBITS destroyed on 01/17/2027 by Clerk of Court from Jury Trial held 06/01/2026 - 06/03/2026.'],
    ['an impossible date', 'Sentencing set for 30 February 2026.'],
    ['a party notice of a hearing date', 'Notice of Hearing Date set for August 30, 2026 re 22 MOTION to Dismiss (Kell, Morgan) (Entered: 08/08/2026)'],
  ])('%s', (_name, text) => {
    expect(run(text)).toEqual([{ type: 'IGNORE' }]);
  });

  it('a party motion carrying the clerk\'s "Motion Hearing set for" auto-text sets that motion\'s hearing', () => {
    const a = only(run('MOTION to Dismiss by Harlow Foods. Motion Hearing set for 5/9/2026 09:00 AM in Courtroom 3. (Kell, Morgan)', { caseName: 'Quill v. Harlow Foods', courtId: 'cand', entryNumber: 50 }));
    expect(a).toMatchObject({ type: 'ADD_HEARING', hearing_key: 'motion-hearing-50', hearing_type: 'motion_hearing', local_date: '2026-05-09', local_time: '09:00' });
  });
});

describe('RulesExtractor', () => {
  it('implements the Extractor interface and is deterministic', async () => {
    const extractor = new RulesExtractor();
    expect(extractor.name).toBe('rules');
    const input = {
      caseName: 'United States v. Ada Quill',
      courtId: 'dcd',
      timezone: 'America/New_York',
      docketId: 7,
      entry: { entryId: 1, entryNumber: 9, dateFiled: '2026-03-01', description: 'Sentencing set for 5/28/2026 10:00 AM.', shortDescription: '', documentDescriptions: [] },
      knownHearings: [],
      knownDeadlines: [],
    };
    const first = await extractor.extract(input);
    const second = await extractor.extract(input);
    expect(first).toEqual(second);
    expect(first[0]).toMatchObject({ type: 'ADD_HEARING', local_date: '2026-05-28' });
  });

  it('falls back to the short and document descriptions when the description is blank', async () => {
    const actions = extractWithRules({
      caseName: 'United States v. Ada Quill',
      courtId: 'dcd',
      timezone: 'America/New_York',
      docketId: 7,
      entry: { entryId: 1, entryNumber: 9, dateFiled: '2026-03-01', description: '', shortDescription: 'Notice of Hearing', documentDescriptions: ['Status Conference set for 4/2/2026 at 10:00 AM'] },
      knownHearings: [],
      knownDeadlines: [],
    });
    expect(actions[0]).toMatchObject({ type: 'ADD_HEARING', local_date: '2026-04-02' });
  });
});
