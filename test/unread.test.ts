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
