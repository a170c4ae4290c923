import { describe, expect, it } from 'vitest';
import { ActionSchema, type Action } from '../src/extract/actions.js';
import { extractWithRules } from '../src/extract/rules/index.js';
import type { KnownDeadline, KnownHearing } from '../src/extract/types.js';

/** Fictional texts for the clerk styles issue 12 found unread on courts the rules had not seen. */

function run(description: string, o: { hearings?: KnownHearing[]; deadlines?: KnownDeadline[]; dateFiled?: string; courtId?: string } = {}): Action[] {
  const actions = extractWithRules({
    caseName: 'In re Marlowe Freight, LLC',
    courtId: o.courtId ?? 'njb',
    timezone: 'America/New_York',
    docketId: 7,
    entry: { entryId: 1, entryNumber: 40, dateFiled: o.dateFiled ?? '2031-07-15', description, shortDescription: '', documentDescriptions: [] },
    knownHearings: o.hearings ?? [],
    knownDeadlines: o.deadlines ?? [],
  });
  for (const a of actions) expect(ActionSchema.safeParse(a).success).toBe(true);
  return actions.filter((a) => a.type !== 'IGNORE');
}
const hearing = (key: string, localDate: string, hearingType: KnownHearing['hearingType'] = 'other'): KnownHearing => ({ key, title: key, hearingType, status: 'scheduled', localDate, localTime: '09:00', docketId: 7 });
const deadline = (key: string, localDate: string, deadlineType: KnownDeadline['deadlineType'] = 'answer'): KnownDeadline => ({ key, title: key, deadlineType, status: 'pending', localDate, docketId: 7 });

describe('clerk styles read on unseen courts', () => {
  it('reads two-digit years in the century of the filing date', () => {
    expect(run('Status Conference set for 3/17/99 10:00 AM before Judge Ida Park.', { dateFiled: '1999-02-01', courtId: 'mdd' })[0]).toMatchObject({ local_date: '1999-03-17' });
    expect(run('Status Conference set for 3/17/32 10:00 AM before Judge Ida Park.', { dateFiled: '2031-12-01', courtId: 'mdd' })[0]).toMatchObject({ local_date: '2032-03-17' });
  });

  it('reads "to be held on" settings and "Last day to Object" style deadlines after a colon', () => {
    const a = run('Confirmation Hearing Scheduled. Confirmation hearing to be held on 11/2/2031 at 11:00 AM at Courtroom 2, Trenton.');
    expect(a[0]).toMatchObject({ type: 'ADD_HEARING', local_date: '2031-11-02', local_time: '11:00' });
    expect(run('Return of Service Executed as to Halden Corp on 7/31/2031, answer due: 8/20/2031.', { courtId: 'txed' })[0]).toMatchObject({ type: 'ADD_DEADLINE', local_date: '2031-08-20' });
  });

  it('moves the row of the matter the entry cites when two hearings share the old date', () => {
    const hearings = [hearing('extend-time-28', '2031-12-14'), hearing('reopen-32', '2031-12-14')];
    const a = run('Hearing Rescheduled from 12/14/2031. (related document: 32 Motion to Reopen Case filed by Debtor) Hearing scheduled for 2/22/2032 at 09:00 AM at Courtroom 2.', { hearings, dateFiled: '2031-12-14' });
    expect(a).toEqual([expect.objectContaining({ type: 'RESCHEDULE_HEARING', hearing_key: 'reopen-32', local_date: '2032-02-22', local_time: '09:00' })]);
  });

  it('reads no setting or deadline from the dates a related-document quote carries', () => {
    const a = run(
      'Notice of hearing filed by Creditor Dunmore Bank (RE: related document(s) 67 Motion for relief from stay Filed by Creditor Dunmore Bank Objections due by 9/25/2031.). Preliminary hearing to be held on 10/7/2031 at 01:30 PM at Dallas Ctrm.',
      { courtId: 'txnb', dateFiled: '2031-09-10' },
    );
    expect(a.map((x) => x.local_date)).not.toContain('2031-09-25');
    expect(a.some((x) => x.type === 'ADD_HEARING' && x.local_date === '2031-10-07' && x.local_time === '13:30')).toBe(true);
  });

  it("marks the filer's own deadline met when several parties owe the same kind of filing", () => {
    const deadlines = [deadline('castle-hill-answer', '2031-07-15'), deadline('tjx-answer', '2031-07-15'), deadline('daffys-answer', '2031-07-15')];
    const a = run('ANSWER to First Amended Complaint filed by defendant Castle Hill Apparel, Inc. (bp) (Entered: 07/16/2031)', { deadlines, courtId: 'cacd' });
    expect(a).toEqual([expect.objectContaining({ type: 'MARK_FILED', deadline_key: 'castle-hill-answer' })]);
  });

  it('reads "Motion set for hearing on <date>" in a noticed motion as that motion\'s hearing', () => {
    const a = run('NOTICE OF MOTION AND MOTION to Dismiss filed by defendant Halden Corp. Motion set for hearing on 6/26/2031 at 10:00 AM before Judge Ida Park. (bp) (Entered: 05/30/2031)', { courtId: 'cacd', dateFiled: '2031-05-26' });
    expect(a).toEqual([expect.objectContaining({ type: 'ADD_HEARING', hearing_type: 'motion_hearing', local_date: '2031-06-26', local_time: '10:00' })]);
  });

  it('binds a generic "Hearing Held RE: <motion>" to the row of that motion when two share the day', () => {
    const hearings = [hearing('compel-16', '2031-11-08', 'motion_hearing'), hearing('extend-25', '2031-11-08', 'motion_hearing')];
    const a = run('Hearing Held RE: 25 Motion filed by Debtor Walcal, Inc. to Extend Time to Assume or Reject Lease (mem) (Entered: 11/10/2031)', { hearings, courtId: 'mab', dateFiled: '2031-11-08' });
    expect(a).toEqual([expect.objectContaining({ type: 'MARK_HELD', hearing_key: 'extend-25', local_date: '2031-11-08' })]);
  });

  it('reads deadlines in orders: "directed to file … by", "show cause by", "due by noon: <date>", extensions "through <date>, for X to file" and "until <date> to serve"', () => {
    expect(run('ORDER entered: The appellant is directed to file a status report by January 9, 2032 and at thirty day intervals thereafter.', { courtId: 'ca1', dateFiled: '2031-12-10' })[0]).toMatchObject({ type: 'ADD_DEADLINE', local_date: '2032-01-09' });
    expect(run('ORDER TO SHOW CAUSE by March 19, 2031 why the case should not be dismissed for failure to prosecute.', { courtId: 'dcd', dateFiled: '2031-03-08' })[0]).toMatchObject({ type: 'ADD_DEADLINE', local_date: '2031-03-19' });
    const schedule = run('BRIEFING SCHEDULE IS SET AS FOLLOWS: Appearances & Corporate Disclosures due by noon: April 26, 2031 Responses due on or before: May 3, 2031', { courtId: 'jpml', dateFiled: '2031-04-12' });
    expect(schedule.map((a) => [a.local_date, a.local_time ?? null])).toEqual([['2031-04-26', '12:00'], ['2031-05-03', null]]);
    expect(run("Order Granting Motion to Extend Time through November 27, 2031, for the Judge Group Inc. to file an objection to the Debtor's Exemptions. (Related Doc # 19 ).", { dateFiled: '2031-09-29' })[0]).toMatchObject({ type: 'ADD_DEADLINE', local_date: '2031-11-27' });
    expect(run('Memo-Endorsement on letter; granting plaintiffs requests for an additional ninety days until 4/30/32 to serve defendant.', { courtId: 'nysd', dateFiled: '2032-01-14' })[0]).toMatchObject({ type: 'ADD_DEADLINE', local_date: '2032-04-30' });
  });

  it('reads party-noticed bankruptcy hearing forms: "Hearing scheduled <date>", "will be held on DATE:", "Hearing Date: <date>"', () => {
    expect(run('Motion to Extend Automatic Stay, Notice of Motion and Notice of Hearing filed by Ann Lee on behalf of Debtor. Hearing scheduled 5/31/2031 at 09:30 AM at Courtroom 5.', { courtId: 'vaeb', dateFiled: '2031-04-17' })[0]).toMatchObject({ type: 'ADD_HEARING', local_date: '2031-05-31', local_time: '09:30' });
    expect(run('Motion for Authority to Return Goods a hearing will be held on DATE: 12/22/2031, TIME: 9:30 am, LOCATION: US Courthouse, Room 12. filed by Ann Lee on behalf of Debtor.', { courtId: 'ncwb', dateFiled: '2031-12-02' })[0]).toMatchObject({ type: 'ADD_HEARING', local_date: '2031-12-22', local_time: '09:30' });
    expect(run('Notice of Hearing on Motion for Relief from Stay re: Automobile Hearing Date: 07/29/2031 Hearing Time: 10:30 a.m. Filed by Gary Holt on behalf of Lender', { courtId: 'nvb', dateFiled: '2031-07-02' })[0]).toMatchObject({ type: 'ADD_HEARING', local_date: '2031-07-29' });
  });

  it('reads transcripts filed as a notice, and "for the date(s) of", as held records', () => {
    expect(run('NOTICE OF FILING OF OFFICIAL TRANSCRIPT of Restitution Hearing held on 10/28/2031 before Judge Ida Park. Parties have seven (7) calendar days to file a Notice of Intent to Request Redaction.', { courtId: 'wawd', dateFiled: '2031-12-05' })[0]).toMatchObject({ type: 'MARK_HELD', local_date: '2031-10-28' });
    expect(run('Transcript of record of proceedings before Judge Ida P. Park for the date(s) of 03/17/31. (djc) (Entered: 05/03/2031)', { courtId: 'nysd', dateFiled: '2031-05-03' })[0]).toMatchObject({ type: 'MARK_HELD', local_date: '2031-03-17' });
  });

  it('moves a passed brief deadline when the briefing schedule is updated, and cancels argument when the case is submitted on the briefs and record', () => {
    const deadlines = [{ ...deadline('appellant-brief', '2031-04-13', 'brief'), status: 'passed' as const }];
    expect(run('BRIEFING schedule updated. Brief due 05/13/2031 for appellant Ann Lee. [31-2244] (GRC)', { deadlines, courtId: 'ca1', dateFiled: '2031-04-24' })[0]).toMatchObject({ type: 'RESCHEDULE_DEADLINE', deadline_key: 'appellant-brief', local_date: '2031-05-13' });
    const hearings = [{ ...hearing('oral-arg', '2031-03-30', 'oral_argument') }];
    expect(run('ORDER FILED. This matter is ordered submitted on the briefs and record without oral argument on March 30, 2031, in San Francisco, California.', { hearings, courtId: 'ca9', dateFiled: '2031-03-07' })[0]).toMatchObject({ type: 'CANCEL_HEARING', hearing_key: 'oral-arg' });
  });

  it('reads "reset <proceeding> for <time> on <date>" in an order as a reset, and a clerk\'s summons notice as the court\'s', () => {
    const hearings = [{ ...hearing('telephone-conf', '2031-08-04', 'telephonic_conference') }];
    const a = run('ORDER, plaintiffs shall file their amended complaint by 8/22/31, reset telephone conference for 10:00 a.m. on 8/22/31. (signed by Magistrate Judge Ida Park)', { hearings, courtId: 'nysd', dateFiled: '2031-08-13' });
    expect(a).toContainEqual(expect.objectContaining({ type: 'RESCHEDULE_HEARING', hearing_key: 'telephone-conf', local_date: '2031-08-22', local_time: '10:00' }));
    const b = run('Summons and Notice of Pretrial Conference to be served on Halden Corp Answer Due 1/11/2032. Pretrial conference scheduled for 1/29/2032 at 01:30 PM at Courtroom 8206.', { courtId: 'wawb', dateFiled: '2031-12-11' });
    expect(b).toContainEqual(expect.objectContaining({ type: 'ADD_HEARING', hearing_type: 'status_conference', local_date: '2032-01-29', local_time: '13:30' }));
  });

  it('minutes of the day on a cited matter record its hearing held, and bind to nothing else', () => {
    const hearings = [hearing('modify-stay-30', '2031-09-29', 'motion_hearing'), hearing('mtd-37', '2031-09-29', 'motion_hearing')];
    expect(run('Minute Entry. Motion Granted. (RE: related document(s) 30 Motion to Modify Automatic Stay filed by Debtor) (sikula, christine)', { hearings, courtId: 'mieb', dateFiled: '2031-09-29' })).toEqual([
      expect.objectContaining({ type: 'MARK_HELD', hearing_key: 'modify-stay-30', local_date: '2031-09-29' }),
    ]);
    // The cited matter has no hearing that day: the one other hearing is not taken for it.
    const other = [hearing('mtd-37', '2031-09-29', 'motion_hearing')];
    expect(run('Minute Entry. Motion Granted. (RE: related document(s) 30 Motion to Modify Automatic Stay filed by Debtor)', { hearings: other, courtId: 'mieb', dateFiled: '2031-09-29' })).toEqual([]);
    // Minutes of a continuance are not a held record.
    expect(run('Minute Entry. Hearing continued. (RE: related document(s) 30 Motion to Modify Automatic Stay filed by Debtor)', { hearings, courtId: 'mieb', dateFiled: '2031-09-29' }).filter((a) => a.type === 'MARK_HELD')).toEqual([]);
  });
});

describe('more clerk styles (session 4)', () => {
  it('reads "Last day to …" and bar-date lines next to a hearing setting', () => {
    const a = run('Confirmation Hearing Scheduled (related document: 10 Chapter 13 Plan). Confirmation hearing to be held on 11/2/2031 at 11:00 AM at Courtroom 2, Trenton. Last day to Object to Confirmation 10/26/2031. (llb)');
    expect(a).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'ADD_HEARING', local_date: '2031-11-02' }), expect.objectContaining({ type: 'ADD_DEADLINE', local_date: '2031-10-26' })]));
    expect(run('Proofs of claim bar date: 1/4/2032. (admin)')).toEqual([expect.objectContaining({ type: 'ADD_DEADLINE', local_date: '2032-01-04' })]);
  });

  it("reads a movant's notice of presentment as a motion hearing per motion, even though a party filed it", () => {
    const text = 'NOTICE of Motion by Nadia Osei for presentment of motion for leave to file[201], motion to enforce[202] before Honorable Ruth Aldana on 7/20/2031 at 09:30 AM. (Osei, Nadia)';
    const a = run(text, { courtId: 'ilnd' });
    expect(a.map((x) => [x.type, x.local_date, x.local_time, x.hearing_type])).toEqual([
      ['ADD_HEARING', '2031-07-20', '09:30', 'motion_hearing'],
      ['ADD_HEARING', '2031-07-20', '09:30', 'motion_hearing'],
    ]);
    expect(a.map((x) => x.hearing_key)).toEqual(['motion-hearing-201', 'motion-hearing-202']);
    expect(a[0]!.significance).toBe('minor'); // leave to file: routine
    expect(a[1]!.significance).toBe('major');
    // It never moves another motion's hearing on the docket.
    const other = run('NOTICE of Motion by Nadia Osei for presentment of motion to compel[61] before Honorable Ruth Aldana on 9/28/2031 at 09:45 AM. (Osei, Nadia)', { courtId: 'ilnd', hearings: [hearing('motion-hearing', '2031-09-21', 'motion_hearing')] });
    expect(other).toEqual([expect.objectContaining({ type: 'ADD_HEARING', hearing_key: 'motion-hearing-61', local_date: '2031-09-28' })]);
  });

  it('reads a §341 meeting of creditors as a hearing, and ignores the BNC certificate that repeats it', () => {
    const a = run('Meeting of Creditors 341(a) meeting to be held on 1/13/2032 at 10:00 AM at Jonesboro First Meeting Room. Last day to oppose discharge or dischargeability is 3/14/2032. (Johnson, Rob)', { courtId: 'areb' });
    expect(a).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'ADD_HEARING', hearing_type: 'other', local_date: '2032-01-13', local_time: '10:00' }), expect.objectContaining({ type: 'ADD_DEADLINE', local_date: '2032-03-14' })]));
    expect(run('BNC Certificate of Mailing - Meeting of Creditors (RE: related document(s) 24 Meeting of Creditors 341(a) meeting to be held on 3/5/2032 at 02:30 PM at Room 175.) Service Date 02/05/2032. (Admin.)', { courtId: 'tnwb' })).toEqual([]);
  });

  it('records "held and continued to <date>" as the held row and a new row, not a move of a stale one', () => {
    const known = [{ ...hearing('status-hearing-6', '2029-03-17', 'status_conference'), title: 'Status Hearing' }, { ...hearing('status-hearing-7', '2031-08-08', 'status_conference'), title: 'Status Hearing' }];
    const a = run('MINUTE entry before the Honorable Ruth Aldana: Status hearing held on 8/8/2031 and continued to 11/17/2031 at 9:30 a.m. Mailed notice. (pjg, )', { courtId: 'ilnd', hearings: known, dateFiled: '2031-08-08' });
    expect(a.map((x) => [x.type, x.hearing_key, x.local_date])).toEqual([
      ['MARK_HELD', 'status-hearing-7', '2031-08-08'],
      ['ADD_HEARING', 'status-hearing-8', '2031-11-17'],
    ]);
  });

  it('reads virtual minutes of a hearing continued as that hearing held and its next row set', () => {
    const known = [{ ...hearing('confirmation-plan-24', '2031-04-02'), title: 'Confirmation Hearing (ECF 24)' }];
    const text = 'Virtual Minute Entry in reference to hearing On: 04/02/2031 Subject: CHAPTER 13 PLAN #1 FILED BY ANA ROSS ON BEHALF OF TOMAS VEGA. Proceedings: CONTINUED TO. (vCal Hearing ID (222771)).(related document(s) 24 ) Confirmation hearing to be held on 05/07/2031 at 01:30 PM at Foley Bldg, Third Floor.(brr)';
    const a = run(text, { courtId: 'nvb', hearings: known, dateFiled: '2031-04-07' });
    expect(a.map((x) => [x.type, x.hearing_key, x.local_date])).toEqual([
      ['MARK_HELD', 'confirmation-plan-24', '2031-04-02'],
      ['ADD_HEARING', 'confirmation-plan-24-2', '2031-05-07'],
    ]);
    // "Hearing Held; Withdrawn (related document(s), 26 )": the cited matter's row that day.
    const held = run('Hearing Held; Withdrawn (related document(s), 26 ). (Rodriguez, Vicki)', { courtId: 'nynb', hearings: [hearing('employ-williams-26', '2031-09-10'), hearing('employ-bst-24', '2031-09-10')], dateFiled: '2031-09-10' });
    expect(held).toEqual([expect.objectContaining({ type: 'MARK_HELD', hearing_key: 'employ-williams-26' })]);
  });

  it('sets each further conference of an entry as its own row once the known one has moved', () => {
    const a = run('ORDER as to Ana Ruiz, Ben Ode. Status conference for Group A set for 9/8/2031 at 10:00 AM; status conference for Group B set for 9/12/2031 at 2:00 PM.', { courtId: 'nysd', hearings: [hearing('status-conf', '2031-08-30', 'status_conference')], dateFiled: '2031-08-01' });
    expect(a.map((x) => [x.type, x.local_date])).toEqual([
      ['RESCHEDULE_HEARING', '2031-09-08'],
      ['ADD_HEARING', '2031-09-12'],
    ]);
  });

  it('moves the one open answer deadline when an extension order names the filing loosely', () => {
    const text = "MINUTE entry before the Honorable Ruth Aldana: Defendant's agreed second motion for extension of time to respond to Plaintiff's complaint [12] is granted. Defendant's answer or other responsive pleading shall be filed on or before 10/17/2031.";
    const one = run(text, { courtId: 'ilnd', deadlines: [{ ...deadline('barco-answer', '2031-09-26'), status: 'passed' }], dateFiled: '2031-10-01' });
    expect(one).toEqual([expect.objectContaining({ type: 'RESCHEDULE_DEADLINE', deadline_key: 'barco-answer', local_date: '2031-10-17' })]);
    // Two defendants' answers: which one is ambiguous, so a new row rather than a guess.
    const two = run(text, { courtId: 'ilnd', deadlines: [deadline('acme-answer', '2031-09-26'), deadline('zeta-answer', '2031-09-26')], dateFiled: '2031-10-01' });
    expect(two.map((x) => x.type)).toEqual(['ADD_DEADLINE']);
  });

  it('reads the matters a bankruptcy setting is "for", after a signature that is not a footer', () => {
    const known = [hearing('modify-stay-30', '2031-09-08'), hearing('mtd-37', '2031-09-08')];
    const text = 'Order of the Court to Adjourn (related documents Motion to Modify Automatic Stay, Motion to Dismiss Case) So Ordered by /s/ Ada Rhee.Hearing to be held on 9/15/2031 at 10:00 AM Courtroom 1825 for 30 and for 37, (sikula, christine)';
    const a = run(text, { courtId: 'mieb', hearings: known, dateFiled: '2031-09-08' });
    expect(a.map((x) => [x.type, x.hearing_key, x.local_date, x.local_time])).toEqual([
      ['RESCHEDULE_HEARING', 'modify-stay-30', '2031-09-15', '10:00'],
      ['RESCHEDULE_HEARING', 'mtd-37', '2031-09-15', '10:00'],
    ]);
    // A real signature stamp still goes: its date is no setting.
    expect(run('ORDER granting 12 Motion to Seal. Signed by Judge Ada Rhee on 9/15/2031.', { courtId: 'mieb', dateFiled: '2031-09-15' })).toEqual([]);
  });

  it('reads a notice of a continued proceeding as moving the known row, even when its date has passed', () => {
    const a = run("Notice of Continued Pretrial Conference. Hearing scheduled for 12/10/2031 at 01:30 PM at Judge Barreca's Courtroom, Room 7106. (JLB)", { courtId: 'wawb', hearings: [hearing('pretrial-conf', '2031-01-29', 'status_conference')], dateFiled: '2031-10-28' });
    expect(a).toEqual([expect.objectContaining({ type: 'RESCHEDULE_HEARING', hearing_key: 'pretrial-conf', local_date: '2031-12-10', local_time: '13:30' })]);
  });

  it('reads settings in more clerk and chambers wordings', () => {
    const at = (text: string, courtId: string, o: Parameters<typeof run>[1] = {}) => run(text, { courtId, ...o }).map((x) => [x.type, x.hearing_type ?? x.deadline_type, x.local_date, x.local_time ?? null]);
    expect(at('Order of Criminal Contempt Proceedings as to Ivo Lind (1). A first appearance in the above-entitled action has been placed on the calendar of the Honorable Ada Rhee on September 21, 2031 at 11:30 a.m., in Courtroom 13B.', 'casd')).toEqual([['ADD_HEARING', 'initial_appearance', '2031-09-21', '11:30']]);
    expect(at('NOTICE TO APPEAR: Scheduling Conference set for 9/15/2031 02:00 PM before District Judge Ada Rhee (JJoh)', 'mied')).toEqual([['ADD_HEARING', 'status_conference', '2031-09-15', '14:00']]);
    expect(at('MINUTE entry before the Honorable Ada Rhee: The case is set for an initial status conference on 9/29/31 at 9:45 a.m. in Courtroom 1725.', 'ilnd', { dateFiled: '2031-08-18' })).toEqual([['ADD_HEARING', 'status_conference', '2031-09-29', '09:45']]);
    expect(at('Order granting stipulation to continue pre-trial conference from 2/28/32 to 4/25/32 @ 10:00 a.m. (BNC-PDF) (Related Doc [75]) Signed on 2/15/2032 (JC6)', 'cacb', { dateFiled: '2032-02-15' })).toEqual([['ADD_HEARING', 'status_conference', '2032-04-25', '10:00']]);
    expect(at('Further hearing on 2016(b) Statement to be held 2/22/2032 at 09:00 AM at Videoconference (ZoomGov) (CGM)', 'nysb', { dateFiled: '2031-12-07' })).toEqual([['ADD_HEARING', 'other', '2032-02-22', '09:00']]);
    expect(at('Minute Entry RE: Hearing Held (BK) (RE: related document(s)[49] Motion to Approve) Motion Granted. Hearing on Approval of Disclosure Statement and Confirmation of Plan Set for 3/13/2032 at 1:00 PM.', 'dcb', { dateFiled: '2032-01-31' })).toContainEqual(['ADD_HEARING', 'other', '2032-03-13', '13:00']);
    // "Hearing has been rescheduled" with no known hearing: the clerk's own setting, added.
    expect(at('Order Continuing Hearing Re: (RE: related document(s)[21] Objection to Confirmation of the Plan). Hearing has been rescheduled for 08/14/2031 at 09:00 AM, Joint Hearing Courtroom.', 'tnmb', { dateFiled: '2031-07-15' })).toEqual([['ADD_HEARING', 'other', '2031-08-14', '09:00']]);
  });

  it('reads deadlines in capitals, bar-date lines, and the objection date a movant restates', () => {
    const caps = run('Order Dated 11/8/2031 Re: 25 Motion to Extend Time. HEARING HELD. ANY FURTHER PLEADINGS RE: LEASE ISSUE MUST BE FILED AND SERVED BY DECEMBER 6, 2031 AT 12:00 NOON.', { courtId: 'mab', dateFiled: '2031-11-08' });
    expect(caps).toContainEqual(expect.objectContaining({ type: 'ADD_DEADLINE', local_date: '2031-12-06', local_time: '12:00' }));
    const bar = run('Notice Of Hearing; (RE: related document(s) 54 Motion To Employ Attorney) Hearing scheduled 3/9/2032 at 11:30 AM at Room 945, Memphis, TN. Bar Date For Objections - 3/1/2032. (tll)', { courtId: 'tnwb', dateFiled: '2032-02-16' });
    expect(bar.map((x) => [x.type, x.local_date])).toEqual([['ADD_HEARING', '2032-03-09'], ['ADD_DEADLINE', '2032-03-01']]);
    const movant = run('Motion for Adequate Protection. Objections to be filed on December 18, 2031, 4:00 p.m.. Filed by Ann Sims on behalf of Seacastle LLC. Hearing scheduled for 12/22/2031 at 02:00 PM at Courtroom 960.', { courtId: 'nyeb', dateFiled: '2031-12-07' });
    expect(movant.map((x) => [x.type, x.local_date])).toEqual(expect.arrayContaining([['ADD_HEARING', '2031-12-22'], ['ADD_DEADLINE', '2031-12-18']]));
  });

  it('moves known deadlines on rescheduled hearings, granted extensions and stipulated orders', () => {
    const objections = { ...deadline('objections-to-confirmation', '2031-10-26', 'opposition'), status: 'passed' as const };
    const reset = run('Confirmation Hearing Rescheduled (related document: 10 Chapter 13 Plan) Confirmation hearing to be held on 12/7/2031 at 11:00 AM at Courtroom 2. Last day to Object to Confirmation 11/30/2031. (ghm)', { hearings: [hearing('confirmation-hearing', '2031-11-02')], deadlines: [objections], dateFiled: '2031-11-02' });
    expect(reset.map((x) => [x.type, x.hearing_key ?? x.deadline_key, x.local_date])).toEqual([
      ['RESCHEDULE_HEARING', 'confirmation-hearing', '2031-12-07'],
      ['RESCHEDULE_DEADLINE', 'objections-to-confirmation', '2031-11-30'],
    ]);
    const granted = run("Defendant's Unopposed First Application for Extension of Time to Answer Complaint is GRANTED pursuant to Local Rule CV-12 for Volvo Parts LLC to 4/25/2031. 30 Days Granted for Deadline Extension.", { courtId: 'txed', deadlines: [deadline('volvo-answer', '2031-03-26')], dateFiled: '2031-03-20' });
    expect(granted).toEqual([expect.objectContaining({ type: 'RESCHEDULE_DEADLINE', deadline_key: 'volvo-answer', local_date: '2031-04-25' })]);
    const stip = run('STIPULATION AND ORDER Extending Dispositive Motion Cut-off set for 8/7/2031 - Signed by District Judge Ada Rhee. (JJoh)', { courtId: 'mied', deadlines: [{ ...deadline('dispositive-motions', '2031-07-30', 'other'), title: 'Dispositive Motions' }], dateFiled: '2031-07-21' });
    expect(stip).toEqual([expect.objectContaining({ type: 'RESCHEDULE_DEADLINE', deadline_key: 'dispositive-motions', local_date: '2031-08-07' })]);
  });

  it('marks an answer only against an answer deadline, and ignores entries the clerk withdrew', () => {
    const deadlines = [{ ...deadline('acme-answer', '2031-08-04'), title: 'Acme Answer' }, { ...deadline('plaintiffs-show-cause-response', '2031-08-01', 'response'), title: 'Plaintiffs Show Cause Response' }];
    expect(run('OPPOSITION to MOTION to Amend Amended Complaint[24] filed by Defendants Acme Inc. (Gibson, John)', { courtId: 'cacd', deadlines, dateFiled: '2031-08-01' })).toEqual([]);
    expect(run('ANSWER to Complaint by Acme Inc. (Gibson, John)', { courtId: 'cacd', deadlines, dateFiled: '2031-08-01' })).toEqual([expect.objectContaining({ type: 'MARK_FILED', deadline_key: 'acme-answer' })]);
    expect(run('ENTERED IN ERROR.....TRANSCRIPT OF STATUS CONFERENCE before Judge Ada Rhee held on March 9, 2031. Redaction Request due 4/4/2031. Redacted Transcript Deadline set for 4/14/2031.', { courtId: 'dcd', dateFiled: '2031-03-14' })).toEqual([]);
  });

  it('reads stricken motion dates, dated proceedings vacated and advanced, and motions continued as proceedings', () => {
    const calls = [hearing('motion-hearing-30', '2031-12-15', 'motion_hearing'), hearing('motion-hearing-33', '2031-12-15', 'motion_hearing'), hearing('status-conf', '2031-12-15', 'status_conference')];
    const stricken = run('MINUTE entry before the Honorable Ada Rhee: The 12/15/31 Notice of Motion date is stricken, and the parties need not appear. Mailed notice (gel, )', { courtId: 'ilnd', hearings: calls, dateFiled: '2031-12-09' });
    expect(stricken.map((x) => [x.type, x.hearing_key])).toEqual([['CANCEL_HEARING', 'motion-hearing-30'], ['CANCEL_HEARING', 'motion-hearing-33']]);
    const advanced = run("MINUTE entry before the Honorable Ada Rhee: At the parties' request, the 2/13/2032 in-chambers conference is vacated and advanced to 2/10/2032 at 8:30 a.m. Mailed notice.", { courtId: 'ilnd', hearings: [{ ...hearing('in-chambers-conf', '2032-02-13', 'other'), title: 'In-Chambers Conference' }], dateFiled: '2032-02-08' });
    expect(advanced).toEqual([expect.objectContaining({ type: 'RESCHEDULE_HEARING', hearing_key: 'in-chambers-conf', local_date: '2032-02-10', local_time: '08:30' })]);
    const continued = run("MINUTE entry before the Honorable Ada Rhee: Defendant's motion to dismiss [18] is entered and continued to 11/3/2031 at 9:00 a.m. in Courtroom 1725. Motion hearing date of 10/27/2031 is stricken.", { courtId: 'ilnd', hearings: [hearing('motion-hearing-18', '2031-10-27', 'motion_hearing')], dateFiled: '2031-10-18' });
    expect(continued.map((x) => [x.type, x.hearing_key, x.local_date])).toEqual([['RESCHEDULE_HEARING', 'motion-hearing-18', '2031-11-03']]);
    const reset = run('ORDER by Judge Ada Rhee: granting [51] Request to Continue. Motions [42][43] reset for hearing on 9/22/2031 at 01:30 PM before Judge Ada Rhee. (twdb)', { courtId: 'cacd', hearings: [hearing('motion-hearing-42', '2031-09-15', 'motion_hearing'), hearing('motion-hearing-43', '2031-09-15', 'motion_hearing')], dateFiled: '2031-09-12' });
    expect(reset.map((x) => [x.type, x.hearing_key, x.local_date, x.local_time])).toEqual([
      ['RESCHEDULE_HEARING', 'motion-hearing-42', '2031-09-22', '13:30'],
      ['RESCHEDULE_HEARING', 'motion-hearing-43', '2031-09-22', '13:30'],
    ]);
  });
});

describe('the failure classes issue 12 names (fictional texts)', () => {
  const as = (a: Action[]) => a.map((x) => [x.type, x.hearing_type ?? x.deadline_type ?? null, x.local_date, x.local_time ?? null]);
  const crim = (description: string, o: Parameters<typeof run>[1] = {}) => run(description, { courtId: 'txsd', dateFiled: '2030-12-01', ...o });

  it('reads a setting after a caption: notices of setting, a complaint with its initial appearance, a motion with its briefing', () => {
    expect(as(crim('NOTICE OF SETTING as to Ana Ruiz. Jury Trial set for 3/4/2031 at 09:00 AM before Judge Ada Rhee, filed.'))).toEqual([['ADD_HEARING', 'trial', '2031-03-04', '09:00']]);
    const complaint = crim('COMPLAINT as to Ana Ruiz (1). (jd) Initial Appearance set for 2/3/2031 at 01:30 PM in Courtroom 2 before Magistrate Judge Jason B Libby.');
    expect(as(complaint)).toEqual([['ADD_HEARING', 'initial_appearance', '2031-02-03', '13:30']]);
    expect(complaint[0]!.judge).toBe('Magistrate Judge Jason B Libby');
    const motion = crim('MOTION to Suppress by Ana Ruiz. Motion Hearing set for 3/1/2031 at 10:00 AM before Judge Ada Rhee. Responses due by 2/20/2031. Replies due by 2/25/2031. (Doe, John)');
    expect(as(motion)).toEqual([['ADD_HEARING', 'motion_hearing', '2031-03-01', '10:00'], ['ADD_DEADLINE', 'response', '2031-02-20', null], ['ADD_DEADLINE', 'reply', '2031-02-25', null]]);
    // A party restating a setting in its own words still sets nothing.
    expect(crim("LETTER by Ana Ruiz asking that the status conference set for 3/4/2031 be adjourned. (Doe, John)")).toEqual([]);
  });

  it('names proceedings outside the lexicon by the phrase before "set for"', () => {
    expect(as(crim('ORDER as to Ana Ruiz: Plea and Sentence set for 5/3/2031 at 2:00 PM before Judge Ada Rhee.'))).toEqual([['ADD_HEARING', 'change_of_plea', '2031-05-03', '14:00']]);
    const other = crim('Bond Revocation Proceeding set for 5/3/2031 02:00 PM before Judge Rita Moss.');
    expect(as(other)).toEqual([['ADD_HEARING', 'other', '2031-05-03', '14:00']]);
    expect(other[0]!.title).toBe('Bond Revocation Proceeding');
    // Filings and deadlines in the same form are not proceedings.
    expect(crim('Release of Transcript Restriction set for 3/4/2031.').filter((a) => a.type === 'ADD_HEARING')).toEqual([]);
  });

  it('reads reschedules in prose, bare court hours, "Dates given", and a call to chambers', () => {
    const sentencing = [hearing('sentencing', '2031-03-04', 'sentencing')];
    expect(as(crim('ORDER: Sentencing previously set for March 4, 2031, is RESET for Tuesday, April 8, 2031 at 10:00 a.m.', { hearings: sentencing }))).toEqual([['RESCHEDULE_HEARING', 'sentencing', '2031-04-08', '10:00']]);
    expect(as(crim("CLERK'S NOTICE Continuing Sentencing previously scheduled for 3/4/2031. Sentencing reset for 4/8/2031 at 10:00 AM.", { hearings: sentencing }))).toEqual([['RESCHEDULE_HEARING', 'sentencing', '2031-04-08', '10:00']]);
    expect(as(crim('ORDER: Motion hearing set for 3:00 6/23/31.'))).toEqual([['ADD_HEARING', 'motion_hearing', '2031-06-23', '15:00']]);
    expect(as(crim('EP: MINUTES: Change of plea held. Dates given: JS/JT 8-17-31 @ 9 a.m.'))).toContainEqual(['ADD_HEARING', 'trial', '2031-08-17', '09:00']);
    const phone = crim('ORDER granting motion to appear by telephone. Counsel are to call chambers at 10:00 a.m. on March 4, 2031.', { hearings: [hearing('motion-hearing-12', '2031-03-04', 'motion_hearing')] });
    expect(as(phone)).toEqual([['RESCHEDULE_HEARING', 'motion_hearing', '2031-03-04', '10:00']]);
  });

  it('reads a reassignment that vacates every date, multi-day trials and glued text-only notices', () => {
    expect(as(crim('NOTICE OF REASSIGNMENT. All dates previously set are vacated.', { hearings: [hearing('status-conf', '2031-03-04', 'status_conference')] }))).toEqual([['CANCEL_HEARING', 'status_conference', '2031-03-04', '09:00']]);
    expect(crim('Trial to commence at 9:30 AM on August 22, 23, and 24, 2031.').map((a) => [a.hearing_key, a.local_date])).toEqual([
      ['trial', '2031-08-22'], ['trial-day-2', '2031-08-23'], ['trial-day-3', '2031-08-24'],
    ]);
    const notice = crim('NOTICE OF HEARING as to Ana RuizThis is a TEXT ONLY ENTRY and is the official notice for this hearing. Detention Hearing set for 3/4/2031 at 10:00 AM before Magistrate Judge Jason B Libby.');
    expect(notice[0]).toMatchObject({ type: 'ADD_HEARING', hearing_key: 'detention-hearing-ruiz', local_date: '2031-03-04', judge: 'Magistrate Judge Jason B Libby' });
  });

  it('moves a deadline on "extension of the deadline to file X, until <date>", but not on a request or a denial', () => {
    const reply = [{ ...deadline('reply-brief', '2031-02-20', 'reply'), title: 'Reply Brief' }];
    expect(as(crim('ORDER granting extension of the deadline to file the reply brief, until March 4, 2031.', { deadlines: reply }))).toEqual([['RESCHEDULE_DEADLINE', 'reply', '2031-03-04', null]]);
    expect(crim('ORDER denying motion for extension of the deadline to file the reply brief, until March 4, 2031.', { deadlines: reply })).toEqual([]);
  });

  it("marks an answer deadline met by a filer's possessive answer or a motion to dismiss in its place", () => {
    const answers = [{ ...deadline('yahoo-answer', '2031-09-19'), title: 'Yahoo Answer' }];
    expect(crim("Yahoo's ANSWER to Complaint with Jury Demand and Affirmative Defenses by Yahoo! Inc.(Fell, Stephanie)", { courtId: 'txed', deadlines: answers, dateFiled: '2031-09-19' })).toEqual([expect.objectContaining({ type: 'MARK_FILED', deadline_key: 'yahoo-answer' })]);
    expect(crim('MOTION TO DISMISS FOR FAILURE TO STATE A CLAIM (Weller, Jennifer)', { courtId: 'ilnd', deadlines: [deadline('harris-answer', '2031-11-22')], dateFiled: '2031-11-22' })).toEqual([expect.objectContaining({ type: 'MARK_FILED', deadline_key: 'harris-answer' })]);
    // A response deadline is not met by a motion to dismiss.
    expect(crim('MOTION TO DISMISS FOR FAILURE TO STATE A CLAIM (Weller, Jennifer)', { courtId: 'ilnd', deadlines: [deadline('response-to-motion-9', '2031-11-22', 'response')], dateFiled: '2031-11-22' })).toEqual([]);
  });

  it('moves deadlines on "the time to X will be extended until", "reset service deadline for", capitals included', () => {
    const lease = [{ ...deadline('debtor-assume-reject-lease', '2031-02-07', 'other'), title: 'Debtor Assume or Reject Lease' }];
    expect(crim('Order dated 2/7/2031 regarding 44 Emergency Motion of Debtor to Extend Time to Assume or Reject Lease. HEARING HELD. THE TIME TO ASSUME OR REJECT LEASE IS HEREBY EXTENDED TO APRIL 4, 2031.', { courtId: 'mab', deadlines: lease, dateFiled: '2031-02-07' })).toContainEqual(expect.objectContaining({ type: 'RESCHEDULE_DEADLINE', deadline_key: 'debtor-assume-reject-lease', local_date: '2031-04-04' }));
    const service = [{ ...deadline('plaintiffs-service', '2031-04-30', 'other'), title: 'Plaintiffs Service', status: 'passed' as const }];
    expect(crim('Memo-Endorsement on letter addressed to Judge Ida Park, reset service deadline for 8/12/31; a further extension will be considered at the 8/11 conference.', { courtId: 'nysd', deadlines: service, dateFiled: '2031-07-29' })).toEqual([expect.objectContaining({ type: 'RESCHEDULE_DEADLINE', deadline_key: 'plaintiffs-service', local_date: '2031-08-12' })]);
  });

  it('reads bare minutes that name the proceedings they record without saying "held"', () => {
    const a = crim('MINUTES before Magistrate Judge Jo Park first appearance of dft Ivo Lind Attorney Ana Cruz present dft Ivo Lind arraigned; not guilty plea entered; status hearing set for 9:00 2/2/31, dept 1. (mm)', { courtId: 'caed', dateFiled: '2031-01-20' });
    expect(a.map((x) => [x.type, x.hearing_type, x.local_date, x.local_time ?? null])).toEqual([
      ['ADD_HEARING', 'status_conference', '2031-02-02', '09:00'],
      ['MARK_HELD', 'initial_appearance', '2031-01-20', null],
      ['MARK_HELD', 'arraignment', '2031-01-20', null],
    ]);
    // An order headed "MINUTE entry before the Honorable …" records nothing by naming a trial.
    expect(crim('MINUTE entry before the Honorable Ada Rhee: Judge Rhee will be on trial for two weeks starting on 8/15/2031.', { courtId: 'ilnd', dateFiled: '2031-08-09' }).filter((x) => x.type === 'MARK_HELD')).toEqual([]);
  });

  it('reads schedule lines with a colon or dash, and "the Court will conduct …"', () => {
    const civil = (t: string) => run(t, { courtId: 'hid', dateFiled: '2031-01-01' }).map((x) => [x.type, x.hearing_type, x.local_date, x.local_time ?? null]);
    expect(civil('ORDER: Status Conference: 3/4/2031 at 10:00 AM, Courtroom 5.')).toEqual([['ADD_HEARING', 'status_conference', '2031-03-04', '10:00']]);
    expect(civil('SCHEDULING ORDER. Jury Trial - 6/2/2031 at 9:00 AM. Final Pretrial Conference - 5/20/2031 at 2:00 PM.')).toEqual([
      ['ADD_HEARING', 'trial', '2031-06-02', '09:00'],
      ['ADD_HEARING', 'status_conference', '2031-05-20', '14:00'],
    ]);
    expect(civil('ORDER: The Court will conduct a telephonic status conference on June 2, 2031, at 9:00 a.m.')).toEqual([['ADD_HEARING', 'status_conference', '2031-06-02', '09:00']]);
    // A party's letter listing dates is not the court's schedule.
    expect(run('LETTER from counsel: Status Conference: 3/4/2031 at 10:00 AM would not suit us. (Doe, John)', { courtId: 'hid', dateFiled: '2031-01-01' })).toEqual([]);
  });

  it('reads "Matter continued to" after a hearing held, appellate calendaring and a continuance to a date to be set', () => {
    const minutes = run('Courtroom Minutes. Hearing Held. Matter continued to 6/2/2031 at 10:00 AM.', { hearings: [hearing('motion-hearing-30', '2031-01-01', 'motion_hearing')], dateFiled: '2031-01-01' });
    expect(minutes.map((x) => [x.type, x.hearing_key, x.local_date])).toEqual([['MARK_HELD', 'motion-hearing-30', '2031-01-01'], ['ADD_HEARING', 'motion-hearing-30-2', '2031-06-02']]);
    expect(run('CASE calendared for oral argument on 9/8/2031 at 9:30 a.m. in Courtroom 1.', { courtId: 'ca9', dateFiled: '2031-01-01' })).toEqual([expect.objectContaining({ type: 'ADD_HEARING', hearing_type: 'oral_argument', local_date: '2031-09-08', local_time: '09:30' })]);
    expect(run('ORDER: Sentencing is continued to a date to be determined.', { courtId: 'hid', hearings: [hearing('sentencing', '2031-05-02', 'sentencing')], dateFiled: '2031-01-01' })).toEqual([expect.objectContaining({ type: 'CANCEL_HEARING', hearing_key: 'sentencing' })]);
  });

  it("drops a heading's undated cancellation when the text cancels the same proceeding by date; a continued §341 meeting moves", () => {
    const a = run('ORDER CANCELING STATUS CONFERENCE which was set by Pre-trial Order #5. The Court CANCELS the status conference currently scheduled for February 17, 2032. Signed by District Judge Ada Rhee on 2/13/2032.', { courtId: 'wvnd', hearings: [hearing('status-conf', '2031-10-24', 'status_conference')], dateFiled: '2032-02-13' });
    expect(a.map((x) => [x.type, x.local_date])).toEqual([['CANCEL_HEARING', '2032-02-17']]);
    const m = run('Meeting of Creditors Continued for Debtor(s) 341(a) meeting to be held on 3/17/2031 at 01:30 PM at Jonesboro First Meeting Room. (Wortham, Susie)', { courtId: 'areb', hearings: [hearing('341-meeting', '2031-02-03')], dateFiled: '2031-02-04' });
    expect(m).toEqual([expect.objectContaining({ type: 'RESCHEDULE_HEARING', hearing_key: '341-meeting', local_date: '2031-03-17', local_time: '13:30' })]);
  });

  it('reads leave to amend by a date, and a stipulated extension of time for a party to answer', () => {
    expect(run('ORDER: Plaintiff is granted leave to file an amended complaint by June 2, 2031.', { courtId: 'nysd', dateFiled: '2031-01-01' })).toEqual([expect.objectContaining({ type: 'ADD_DEADLINE', local_date: '2031-06-02' })]);
    expect(run('STIPULATION AND ORDER extending time for defendant to answer the complaint to June 2, 2031. SO ORDERED.', { courtId: 'nysd', deadlines: [deadline('defendant-answer', '2031-05-02')], dateFiled: '2031-04-20' })).toEqual([expect.objectContaining({ type: 'RESCHEDULE_DEADLINE', deadline_key: 'defendant-answer', local_date: '2031-06-02' })]);
    // What the motions asked for is not what the court granted.
    const granted = run("ORDER - Both motions request that the court extend the time for the moving defendants to file their answers from July 18, 2031 to August 20, 2031. It is hereby ORDERED that the motions are granted in part. Defendants shall have an additional three weeks, until August 8, 2031, to file their answers to the complaint.", { courtId: 'vaed', deadlines: [deadline('defendant-answer', '2031-07-18')], dateFiled: '2031-07-17' });
    expect(granted.map((x) => x.local_date)).toEqual(['2031-08-08']);
  });

  it('names hearings for their purpose ("Fairness hearing held") and reads "motion for X ([10])"', () => {
    const rows = [hearing('fairness-hearing', '2031-12-06'), hearing('motion-hearing-23', '2031-12-06', 'motion_hearing')];
    expect(run('MINUTE entry before Honorable Ada Rhee: Fairness hearing held. Status hearing set for 2/13/2032 at 9:30 AM. Mailed notice.', { courtId: 'ilnd', hearings: rows, dateFiled: '2031-12-06' }).map((x) => [x.type, x.hearing_key])).toEqual([
      ['MARK_HELD', 'fairness-hearing'],
      ['ADD_HEARING', 'status-conf'],
    ]);
    const held = run('MINUTE entry before Honorable Ada Rhee: Hearing held on motion for appointment of next friend ([10]). Motion is granted.', { courtId: 'ilnd', hearings: [hearing('motion-hearing-10', '2031-09-19', 'motion_hearing'), hearing('motion-hearing-12', '2031-09-19', 'motion_hearing')], dateFiled: '2031-09-19' });
    expect(held.map((x) => [x.type, x.hearing_key])).toEqual([['MARK_HELD', 'motion-hearing-10']]);
  });

  it('reads a known hearing restated with its verb after the date ("on June 2 will proceed by Zoom") as new details', () => {
    const a = run('ORDER: The status conference on June 2, 2031 will proceed by Zoom videoconference.', { courtId: 'cand', hearings: [hearing('status-conf', '2031-06-02', 'status_conference')], dateFiled: '2031-05-01' });
    expect(a).toEqual([expect.objectContaining({ type: 'UPDATE_DETAILS', hearing_key: 'status-conf', location: 'Zoom' })]);
  });

  it('reads memorandum endorsements as the court, and "the Court will hear argument on the pending motion on <date>"', () => {
    expect(run('MEMORANDUM ENDORSEMENT: The deadline for the joint letter is extended to 4/15/2031. SO ORDERED.', { courtId: 'nysd', dateFiled: '2031-02-01' })).toEqual([expect.objectContaining({ type: 'ADD_DEADLINE', local_date: '2031-04-15' })]);
    expect(run('ORDER: The Court will hear argument on the pending motion on April 8, 2031.', { courtId: 'nysd', dateFiled: '2031-02-01' })).toEqual([expect.objectContaining({ type: 'ADD_HEARING', hearing_type: 'oral_argument', local_date: '2031-04-08' })]);
  });

  it("reads the clerk's bankruptcy case notices: the §341 meeting, a 'Due Date:' line, and no meeting on a deadline's date", () => {
    const a = run('Meeting of Creditors & Notice of Appointment of Interim Trustee John Doe with 341(a) meeting to be held on 6/2/2031 at 10:00 AM at Room 101. Objection to Dischargeability due: 8/1/2031. Proofs of Claim due by 9/1/2031.', { courtId: 'txnb', dateFiled: '2031-05-01' });
    expect(a.map((x) => [x.type, x.local_date])).toEqual([['ADD_HEARING', '2031-06-02'], ['ADD_DEADLINE', '2031-08-01'], ['ADD_DEADLINE', '2031-09-01']]);
    const b = run('Notice of Chapter 7 Bankruptcy Case, Meeting of Creditors & Notice of Appointment of Interim Trustee Ada Rhee with Financial Management Course Due Date: 3/31/2031. Objections for Discharge due by 3/31/2031. (LastName, FirstName)', { courtId: 'casb', dateFiled: '2031-01-01' });
    expect(b.map((x) => [x.type, x.deadline_key, x.local_date])).toEqual([['ADD_DEADLINE', 'financial-management-course', '2031-03-31'], ['ADD_DEADLINE', 'objection-discharge', '2031-03-31']]);
  });

  it('reads "Jury Trial completed on <date>" as a later day of the trial under way', () => {
    const a = run('Minute Entry for proceedings held before Judge Ada Rhee: Jury Trial completed on 6/5/2031. Jury verdict returned.', { courtId: 'azd', hearings: [{ ...hearing('trial', '2031-06-02', 'trial'), status: 'held' }], dateFiled: '2031-06-05' });
    expect(a).toEqual([expect.objectContaining({ type: 'MARK_HELD', hearing_key: 'trial-day-4', local_date: '2031-06-05' })]);
    expect(run('Minute Entry: Jury Trial not concluded. Trial continued to 6/6/2031 at 9:00 AM.', { courtId: 'azd', hearings: [{ ...hearing('trial', '2031-06-05', 'trial'), status: 'held' }], dateFiled: '2031-06-05' }).filter((x) => x.type === 'MARK_HELD' && x.local_date !== '2031-06-05')).toEqual([]);
  });

  it('restates a setting that "shall remain" or "stands" as the known row (UPDATE_DETAILS)', () => {
    const a = run('MINUTE entry before the Honorable Ada Rhee: Motion hearing held on 6/29/2031. Status hearing previously set for 8/16/2031 at 9:00 a.m. shall remain.', { courtId: 'ilnd', hearings: [hearing('status-hearing-11', '2031-08-16', 'status_conference'), hearing('motion-hearing-193', '2031-06-29', 'motion_hearing')], dateFiled: '2031-06-29' });
    expect(a.map((x) => [x.type, x.hearing_key])).toEqual([['MARK_HELD', 'motion-hearing-193'], ['UPDATE_DETAILS', 'status-hearing-11']]);
    const b = run('MINUTE entry before the Honorable Ada Rhee: The 10/13/31 Notice of Motion date is stricken. The 11/3/31 status hearing date stands.', { courtId: 'ilnd', hearings: [hearing('initial-status-conf', '2031-11-03', 'status_conference'), hearing('motion-hearing-15', '2031-10-13', 'motion_hearing')], dateFiled: '2031-10-12' });
    expect(b.map((x) => [x.type, x.hearing_key])).toEqual([['CANCEL_HEARING', 'motion-hearing-15'], ['UPDATE_DETAILS', 'initial-status-conf']]);
  });
});
