import { describe, expect, it } from 'vitest';
import type { Action } from '../src/extract/actions.js';
import { StandaloneEntrySchema, inputFromStandalone } from '../src/extract/standalone.js';
import type { ExtractEntry } from '../src/extract/types.js';
import { unreadReason } from '../src/extract/unread.js';

const entry = (description: string, dateFiled: string | null = '2031-04-01'): ExtractEntry => ({
  entryId: 1,
  entryNumber: 7,
  dateFiled,
  description,
  shortDescription: '',
  documentDescriptions: [],
});
const NOTHING: Action[] = [{ type: 'IGNORE' }];

describe('the unread safety net', () => {
  it('keeps an entry naming a coming date near hearing words that gave nothing, with the date and the cue', () => {
    const reason = unreadReason(entry('Plea and Sentence Proceeding set for 5/3/2031 02:00 PM before Judge Rita Moss.'), NOTHING);
    expect(reason).toMatch(/2031-05-03/);
    expect(reason).toMatch(/proceeding|set/);
    expect(unreadReason(entry("ORDER: Counsel shall appear before the Court on the second day of February, 2032, at two o'clock, to confer about the status of the case."), NOTHING)).toMatch(/2032-02-02/);
    expect(unreadReason(entry('Hearing on the twenty-first day of May 2031 before the Court.'), NOTHING)).toMatch(/2031-05-21/);
    expect(unreadReason(entry('Letters from both sides should reach chambers by June 9, 2031 regarding the hearing.'), NOTHING)).toMatch(/2031-06-09/);
  });

  it('is not raised when an action was read, the date is past, or nothing looks like an event', () => {
    const text = 'Plea and Sentence Proceeding set for 5/3/2031 02:00 PM before Judge Rita Moss.';
    expect(unreadReason(entry(text), [{ type: 'ADD_HEARING', hearing_key: 'plea', local_date: '2031-05-03' }])).toBeNull();
    expect(unreadReason(entry(text, '2031-06-01'), NOTHING)).toBeNull(); // the date is before the filing
    expect(unreadReason(entry('NOTICE OF ATTORNEY APPEARANCE by Jane Roe on behalf of USA'), NOTHING)).toBeNull();
    expect(unreadReason(entry('The Court will confer with counsel about the schedule in due course.'), NOTHING)).toBeNull();
  });

  it('flags an entry read only in part: a coming date near event words that none of its actions uses', () => {
    const text = 'ORDER granting 12 Motion. Motion Hearing set for 5/3/2031 10:00 AM. Responses due by 4/20/2031.';
    const hearingOnly: Action[] = [{ type: 'ADD_HEARING', hearing_key: 'motion-hearing', local_date: '2031-05-03', local_time: '10:00' }];
    expect(unreadReason(entry(text), hearingOnly)).toMatch(/partly read: names 2031-04-20/);
    expect(unreadReason(entry(text), [...hearingOnly, { type: 'ADD_DEADLINE', deadline_key: 'response', local_date: '2031-04-20' }])).toBeNull();
  });

  it('does not flag a read entry for the old date of a move, a date a known row holds, the filing date or cited filings', () => {
    const moved: Action[] = [{ type: 'RESCHEDULE_HEARING', hearing_key: 'sentencing', local_date: '2031-06-09', local_time: '09:00' }];
    expect(unreadReason(entry('TEXT ORDER: Sentencing set for 5/20/2031 is RESET to 6/9/2031 at 9:00 AM.'), moved)).toBeNull();
    expect(unreadReason(entry('Hearing rescheduled from May 20, 2031 to June 9, 2031 at 9:00 a.m.'), moved)).toBeNull();
    expect(unreadReason(entry('The hearing previously set for May 20, 2031 will now be held on June 9, 2031 at 9:00 a.m.'), moved)).toBeNull();
    const known = { knownHearings: [{ localDate: '2031-05-20' }], knownDeadlines: [] };
    expect(unreadReason(entry('In light of the hearing of May 20, 2031, the sentencing will be on June 9, 2031.'), moved, known)).toBeNull();
    expect(unreadReason(entry('In light of the hearing of May 20, 2031, the sentencing will be on June 9, 2031.'), moved)).toMatch(/2031-05-20/);
    const held: Action[] = [{ type: 'ADD_HEARING', hearing_key: 'hearing', local_date: '2031-05-02' }];
    expect(unreadReason(entry('Notice of hearing filed by Creditor Acme (RE: related document(s) 67 Motion for relief from stay, Objections due by 4/25/2031.). Hearing to be held on 5/2/2031.'), held)).toBeNull();
    expect(unreadReason(entry('Order signed 4/1/2031 setting hearing for 5/2/2031.'), held)).toBeNull();
  });

  it('leaves known negatives alone: sealed placeholders and audio stamps', () => {
    expect(unreadReason(entry('SEALED DOCUMENT placed in vault. Hearing 5/3/2031.'), NOTHING)).toBeNull();
  });
});

describe('extract input is lenient where people differ', () => {
  it('derives keys for known rows given without one, and reads a "filed" deadline as met', () => {
    const e = StandaloneEntrySchema.parse({
      description: 'x',
      context: {
        known_hearings: [{ type: 'sentencing', date: '2031-04-20', status: 'scheduled' }, { type: 'sentencing', date: '2031-04-20', status: 'cancelled' }],
        known_deadlines: [{ type: 'response', date: '2031-04-10', status: 'filed' }, { key: 'reply', type: 'not-a-type', status: 'pending' }],
      },
    });
    const input = inputFromStandalone(e);
    expect(input.knownHearings.map((h) => h.key)).toEqual(['sentencing-2031-04-20', 'sentencing-2031-04-20-2']);
    expect(input.knownDeadlines[0]).toMatchObject({ key: 'response-2031-04-10', status: 'met', deadlineType: 'response' });
    expect(input.knownDeadlines[1]).toMatchObject({ key: 'reply', deadlineType: null });
  });
});
