import { describe, expect, it } from 'vitest';
import { ActionSchema, type Action } from '../src/extract/actions.js';
import { extractWithRules } from '../src/extract/rules/index.js';
import type { KnownDeadline } from '../src/extract/types.js';

/** Fictional CM/ECF-style texts for the deadline shapes of spec §11 (shapes 6, 7 and MARK_FILED). */

function run(description: string, deadlines: KnownDeadline[] = [], o: { dateFiled?: string; caseName?: string; courtId?: string } = {}): Action[] {
  const actions = extractWithRules({
    caseName: o.caseName ?? 'United States v. Ada Quill',
    courtId: o.courtId ?? 'dcd',
    timezone: 'America/New_York',
    docketId: 7,
    entry: { entryId: 1, entryNumber: 70, dateFiled: o.dateFiled ?? '2026-03-01', description, shortDescription: '', documentDescriptions: [] },
    knownHearings: [],
    knownDeadlines: deadlines,
  });
  for (const a of actions) expect(ActionSchema.safeParse(a).success).toBe(true);
  return actions;
}

function deadline(key: string, deadlineType: KnownDeadline['deadlineType'], localDate: string | null, status: KnownDeadline['status'] = 'pending', title?: string): KnownDeadline {
  return { key, title: title ?? key, deadlineType, status, localDate, docketId: 7 };
}

const summary = (actions: Action[]) => actions.map((a) => [a.type, a.deadline_key, a.local_date]);

describe('shape 6: dated deadlines', () => {
  it('keys clerk "Set/Reset Deadlines" to the motion by number, one per date', () => {
    const actions = run('Set/Reset Deadlines as to 42 MOTION to Suppress: Responses due by 5/24/2026. Replies due by 5/31/2026.');
    expect(actions).toEqual([
      { type: 'ADD_DEADLINE', deadline_key: 'response-to-motion-42', title: 'Responses to Motion to Suppress (ECF 42)', local_date: '2026-05-24', deadline_type: 'response', significance: 'major' },
      { type: 'ADD_DEADLINE', deadline_key: 'reply-to-motion-42', title: 'Replies to Motion to Suppress (ECF 42)', local_date: '2026-05-31', deadline_type: 'reply', significance: 'major' },
    ]);
  });

  it('reads "<X> due by", "<X> due", "<X> due on" and a stated time', () => {
    expect(run('ORDER: Joint Status Report due by 4/21/2026 at 5:00 PM.')[0]).toMatchObject({
      deadline_key: 'joint-status-report',
      title: 'Joint Status Report',
      deadline_type: 'status_report',
      local_date: '2026-04-21',
      local_time: '17:00',
    });
    expect(summary(run('BRIEFING SCHEDULE: Appellant brief due 04/08/2026. Appellee brief due on 05/08/2026. Appellant reply brief due 05/29/2026.', [], { caseName: 'Quill v. Harlow', courtId: 'ca4' }))).toEqual([
      ['ADD_DEADLINE', 'appellant-brief', '2026-04-08'],
      ['ADD_DEADLINE', 'appellee-brief', '2026-05-08'],
      ['ADD_DEADLINE', 'appellant-reply-brief', '2026-05-29'],
    ]);
    expect(run('Response to Motion due by 3/15/2026.')[0]).toMatchObject({ deadline_type: 'response', local_date: '2026-03-15' });
  });

  it('reads "due on or before" and "by noon on"', () => {
    expect(run("Government's initial disclosures due on or before 3/27/26 with Defendant's Discovery due by 4/3/2026.").map((a) => [a.deadline_key, a.local_date])).toEqual([
      ['govt-initial-disclosure', '2026-03-27'],
      ['defendant-discovery', '2026-04-03'],
    ]);
    expect(run('Notice of Intent to Change Plea due by noon on 8/28/2026.')[0]).toMatchObject({ local_date: '2026-08-28', local_time: '12:00' });
  });

  it('reads order prose: "By <date>, the parties shall submit …" and "shall file … no later than"', () => {
    expect(run('ORDER: By April 21, 2026, the parties shall submit a joint status report.')[0]).toMatchObject({
      type: 'ADD_DEADLINE',
      deadline_key: 'joint-status-report',
      deadline_type: 'status_report',
      local_date: '2026-04-21',
    });
    expect(run('ORDER: Plaintiff shall file an amended complaint no later than April 3, 2026.')[0]).toMatchObject({ deadline_key: 'plaintiff-amended-complaint', local_date: '2026-04-03' });
    expect(run('ORDER: Defendants shall answer or otherwise respond to the complaint by April 3, 2026.')[0]).toMatchObject({ deadline_type: 'answer', local_date: '2026-04-03' });
    expect(run('ORDER as to ADA QUILL: Defendant shall self-surrender to the designated institution by 2:00 PM on July 15, 2026.')[0]).toMatchObject({
      local_date: '2026-07-15',
      local_time: '14:00',
      significance: 'major',
      defendant: 'Ada Quill',
    });
  });

  it('reads discovery close dates', () => {
    expect(run('MINUTE entry: Fact discovery to close on 9/30/2026. Expert discovery cut-off 11/2/2026.', [], { caseName: 'Harlow Foods v. Quill Corp.', courtId: 'ilnd' }).map((a) => [a.deadline_key, a.local_date])).toEqual([
      ['fact-discovery', '2026-09-30'],
      ['expert-discovery', '2026-11-02'],
    ]);
  });

  it('gives distinct filings due the same day their own rows', () => {
    const actions = run('ORDER: Plaintiffs shall file their opening brief by February 27, 2026. Defendants shall file their opening brief by February 27, 2026.');
    expect(actions.map((a) => a.deadline_key)).toEqual(['plaintiff-opening-brief', 'defendant-opening-brief']);
  });

  it('reschedules a pending deadline with the same key and a different date', () => {
    const known = [deadline('response-to-motion-42', 'response', '2026-05-24')];
    expect(summary(run('Set/Reset Deadlines as to 42 MOTION to Suppress: Responses due by 6/7/2026.', known))).toEqual([['RESCHEDULE_DEADLINE', 'response-to-motion-42', '2026-06-07']]);
    expect(run('Set/Reset Deadlines as to 42 MOTION to Suppress: Responses due by 5/24/2026.', known)).toEqual([{ type: 'IGNORE' }]);
  });

  it('an extension order moves the deadline of the motion it extends, not the extension motion', () => {
    const known = [deadline('response-to-motion-42', 'response', '2026-05-24')];
    const actions = run('ORDER granting 55 Motion for Extension of Time to File Response/Reply as to 42 MOTION to Suppress. Responses due by 6/1/2026.', known);
    expect(summary(actions)).toEqual([['RESCHEDULE_DEADLINE', 'response-to-motion-42', '2026-06-01']]);
  });

  it('an extension re-opens a passed deadline; without one, a new row is added', () => {
    const known = [deadline('pretrial-motion', 'other', '2026-02-10', 'passed', 'Pretrial Motions')];
    expect(summary(run('ORDER granting Motion to Extend Time to File Pretrial Motions. Pretrial Motions shall be filed on or before 3/10/2026.', known))).toEqual([
      ['RESCHEDULE_DEADLINE', 'pretrial-motion', '2026-03-10'],
    ]);
    expect(summary(run('MINUTE ORDER: Pretrial Motions due by 4/10/2026.', known))).toEqual([['ADD_DEADLINE', 'pretrial-motion-2', '2026-04-10']]);
  });

  it('a clerk restatement of a date an order just set adds nothing', () => {
    expect(run('Set/Reset Deadlines: Responses due by 2/4/2026.', [deadline('plaintiff-opposition-msj', 'opposition', '2026-02-04')])).toEqual([{ type: 'IGNORE' }]);
  });

  it('does not let a one-word description swallow a specific known deadline', () => {
    const known = [deadline('joint-letter-proposed-case-plan', 'status_report', '2026-03-23', 'pending', 'Joint Letter and Proposed Case Management Plan')];
    const actions = run('ORDER: A joint letter updating the Court on the status of the case shall be filed on ECF by 10/5/2026.', known);
    expect(actions[0]).toMatchObject({ type: 'ADD_DEADLINE', local_date: '2026-10-05' });
  });

  it('transcript deadlines: redaction ones minor, public release major, keyed by the proceeding date', () => {
    const actions = run(
      'TRANSCRIPT of Status Conference held on 02/13/2026, before Magistrate Judge Robin T. Vale. Redaction Request due 3/7/2026. Redacted Transcript Deadline set for 3/18/2026. Release of Transcript Restriction set for 5/15/2026.',
      [],
      { dateFiled: '2026-02-15' },
    );
    const deadlines = actions.filter((a) => a.type === 'ADD_DEADLINE');
    expect(deadlines.map((a) => [a.deadline_key, a.local_date, a.significance])).toEqual([
      ['redaction-request-2-13', '2026-03-07', 'minor'],
      ['redacted-transcript-2-13', '2026-03-18', 'minor'],
      ['release-transcript-restriction-2-13', '2026-05-15', 'major'],
    ]);
  });

  it('appearance and housekeeping filings are minor', () => {
    expect(run('RULING LETTER SENT: The Appearance Form and the Electronic Transcript Order Forms are to be electronically filed by 09/06/2026.', [], { courtId: 'ca6', caseName: 'United States v. Ada Quill' })[0]).toMatchObject({
      local_date: '2026-09-06',
      significance: 'minor',
    });
  });

  it('cancels a deadline an order vacates', () => {
    const known = [deadline('pretrial-motion', 'other', '2026-12-03')];
    expect(summary(run('Terminate Deadlines and Hearings as to ADA QUILL: The motion filing deadline of 12/3/26 is vacated.', known))).toEqual([['CANCEL_DEADLINE', 'pretrial-motion', '2026-12-03']]);
    const appendix = [deadline('petitioner-appendix', 'other', '2026-05-02', 'pending', 'Petitioner Appendix')];
    expect(summary(run('ORDER granting motion to waive filing an appendix filed by Petitioner Ada Quill.', appendix, { courtId: 'ca1', caseName: 'Quill v. Harlow' }))).toEqual([
      ['CANCEL_DEADLINE', 'petitioner-appendix', '2026-05-02'],
    ]);
  });
});

describe('shape 7: relative deadlines', () => {
  it('"objections due within 14 days" is conditional with the trigger in notes', () => {
    expect(run('REPORT AND RECOMMENDATION as to ADA QUILL. Objections due within 14 days of service.')[0]).toEqual({
      type: 'ADD_DEADLINE',
      deadline_key: 'objection',
      title: 'Objections',
      local_date: null,
      conditional: true,
      deadline_type: 'opposition',
      significance: 'major',
      notes: 'Objections due within 14 days of service',
      defendant: 'Ada Quill',
    });
  });

  it('"N days after/before …" in order prose is conditional, one per filer', () => {
    const actions = run('Five business days before the sentencing date, the Government and the defendant shall each file a memorandum setting forth the sentence sought.');
    expect(actions.map((a) => [a.deadline_key, a.local_date, a.conditional])).toEqual([
      ['govt-memorandum', null, true],
      ['defendant-memorandum', null, true],
    ]);
    expect(run('ORDER: Defendant shall file a reply 7 days after the government files its response.')[0]).toMatchObject({ deadline_type: 'reply', conditional: true, local_date: null });
  });

  it('a restated relative deadline adds nothing; a later fixing notice dates it', () => {
    const known = [deadline('respondent-brief', 'brief', null, 'pending', 'Respondent Brief')];
    expect(run("Pursuant to F.R.A.P. 31(a), respondent's brief will be due 30 days following service of petitioner's brief.", known, { courtId: 'ca1', caseName: 'Quill v. Harlow' })).toEqual([{ type: 'IGNORE' }]);
    expect(summary(run('Brief due 06/06/2026 for RESPONDENT Harlow Foods.', known, { courtId: 'ca1', caseName: 'Quill v. Harlow' }))).toEqual([['RESCHEDULE_DEADLINE', 'respondent-brief', '2026-06-06']]);
  });

  it('ignores optional windows and transcript-redaction boilerplate', () => {
    expect(run('TEXT ORDER sealing the transcript at ECF No. 105. The parties may write to the Court within seven (7) business days if they wish to object.')).toEqual([{ type: 'IGNORE' }]);
  });
});

describe('MARK_FILED', () => {
  const briefing = [deadline('response-to-motion-42', 'response', '2026-05-24'), deadline('reply-to-motion-42', 'reply', '2026-05-31')];

  it('a response or reply citing the motion number meets its deadline', () => {
    expect(run('RESPONSE in Opposition by USA as to ADA QUILL re 42 MOTION to Suppress (Okafor, Dana)', briefing, { dateFiled: '2026-05-22' })).toEqual([
      { type: 'MARK_FILED', deadline_key: 'response-to-motion-42', local_date: '2026-05-24', deadline_type: 'response', defendant: 'Ada Quill' },
    ]);
    expect(summary(run('REPLY TO OPPOSITION to Motion by ADA QUILL re 42 MOTION to Suppress (Hartwell, Ellis)', briefing, { dateFiled: '2026-05-30' }))).toEqual([['MARK_FILED', 'reply-to-motion-42', '2026-05-31']]);
  });

  it('does not mark a deadline for a different motion', () => {
    expect(run('RESPONSE in Opposition by USA re 51 MOTION in Limine (Okafor, Dana)', briefing, { dateFiled: '2026-05-22' })).toEqual([{ type: 'IGNORE' }]);
  });

  it('an appellate brief meets its party’s brief deadline, not the other side’s or the reply', () => {
    const known = [deadline('appellant-brief', 'brief', '2026-04-11'), deadline('appellee-brief', 'brief', '2026-05-11'), deadline('appellant-reply-brief', 'reply', '2026-06-01')];
    const o = { courtId: 'ca6', caseName: 'United States v. Ada Quill', dateFiled: '2026-04-11' };
    expect(summary(run('APPELLANT BRIEF filed by Mr. Ellis Hartwell for Ms. Ada Quill. Argument Request: requested.', known, o))).toEqual([['MARK_FILED', 'appellant-brief', '2026-04-11']]);
    expect(summary(run('REPLY BRIEF filed by Attorney Mr. Ellis Hartwell for Appellant Ms. Ada Quill.', known, { ...o, dateFiled: '2026-05-30' }))).toEqual([['MARK_FILED', 'appellant-reply-brief', '2026-06-01']]);
    expect(run('AMICUS BRIEF filed by Harlow Policy Institute, with parties consent.', known, o)).toEqual([{ type: 'IGNORE' }]);
  });

  it('reads clerk "deadline satisfied" notes', () => {
    const known = [deadline('appellant-brief', 'brief', '2026-07-10')];
    const actions = run("APPELLANT'S BRIEF FILED A/Pet's Brief deadline satisfied. Appellee's Brief due on 08/09/2026 for Appellee United States of America", known, { courtId: 'ca5', dateFiled: '2026-07-10' });
    expect(summary(actions)).toEqual([
      ['MARK_FILED', 'appellant-brief', '2026-07-10'],
      ['ADD_DEADLINE', 'appellee-brief', '2026-08-09'],
    ]);
  });

  it('a note that the defendant self-surrendered meets the self-surrender deadline', () => {
    const known = [deadline('defendant-self-surrender', 'other', '2026-05-03', 'pending', 'Defendant Self-Surrender')];
    expect(summary(run('Minute Order: The Court is informed by the USMS that defendant self-surrendered. Bond exonerated.', known, { dateFiled: '2026-05-04' }))).toEqual([
      ['MARK_FILED', 'defendant-self-surrender', '2026-05-03'],
    ]);
  });

  it('a filing with no open deadline of its kind marks nothing', () => {
    expect(run('SENTENCING MEMORANDUM by ADA QUILL (Hartwell, Ellis)', [], { dateFiled: '2026-05-01' })).toEqual([{ type: 'IGNORE' }]);
    expect(run('RESPONSE in Opposition by USA re 42 MOTION to Suppress (Okafor, Dana)', [deadline('response-to-motion-42', 'response', '2025-11-01', 'passed')], { dateFiled: '2026-05-01' })).toEqual([{ type: 'IGNORE' }]);
  });
});
