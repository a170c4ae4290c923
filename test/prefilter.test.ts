import { describe, expect, it } from 'vitest';
import { isRelevant } from '../src/extract/prefilter.js';
import type { ExtractEntry } from '../src/extract/types.js';

function entry(description: string, extra: Partial<ExtractEntry> = {}): ExtractEntry {
  return { entryId: 1, entryNumber: 1, dateFiled: '2026-03-02', description, shortDescription: '', documentDescriptions: [], ...extra };
}

// Spec §2 "Test cases — keep" and "Drop", one test each.
const KEEP: Array<[string, ExtractEntry]> = [
  ['sentencing set', entry('Sentencing set for 4/14/2026')],
  ['status conference reset', entry('Status Conference Reset for 3/2/2026 at 10:30 AM')],
  ['notice of rescheduling', entry('ELECTRONIC NOTICE OF RESCHEDULING as to ADA QUILL')],
  ['oral argument scheduled', entry('ORAL ARGUMENT scheduled for 6/1/2026')],
  ['hearing continued', entry('Hearing continued to 5/15/2026')],
  ['sentencing vacated', entry('Sentencing vacated')],
  ['case argued', entry('Case ARGUED before panel on 6/1/2026')],
  ['mandate issued', entry('MANDATE issued 06/15/2026')],
  ['blank description, notice-of-hearing document', entry('(blank)', { documentDescriptions: ['Notice of Hearing'] })],
  ['short description only', entry('', { shortDescription: 'Plea Agreement Hearing' })],
  ['response and reply due', entry('Response due by 5/24/2026; reply due by 5/31/2026')],
  ['briefing schedule order', entry('ORDER setting briefing schedule on Motion to Dismiss')],
  ['motion for extension', entry('MOTION for Extension of Time to File Reply')],
  ['motion to extend filing time', entry('MOTION by Harlow Foods LLC to extend filing time for reply brief until June 12, 2026')],
  ['stipulation and order', entry('STIPULATION AND ORDER extending time to respond')],
  ['joint appendix due', entry('Joint appendix due 04/14/2026')],
  ['rehearing window', entry('Petition for rehearing en banc may be filed within 14 days')],
  ['discovery cut-off', entry('Fact discovery cut-off 05/01/2026')],
  ['motions in limine due', entry('Motions in limine due 06/15/2026')],
  ['mediation deadline', entry('Mediation deadline 04/15/2026')],
  ['PSR objections', entry('Objections to PSR due 14 days after disclosure')],
  ['presentencing memorandum', entry('Presentencing memorandum filed by USA')],
  ['CIPA notice', entry('CIPA Section 5 notice due 04/15/2026')],
  ['speedy trial continuance motion', entry('MOTION for Continuance of Speedy Trial Deadlines by ADA QUILL')],
  ['404(b) notice due', entry("Government's Rule 404(b) notice due 04/15")],
  ['docketing statement due', entry('PETITIONER docketing statement due 04/08/2026')],
  ['opening submission due', entry('opening submission due June 1, 2026')],
  ['objections within 14 days', entry('objections due within 14 days')],
  ['brief re motion', entry('BRIEF by Ada Quill re 48 MOTION to Suppress')],
  ['response in opposition', entry('RESPONSE IN OPPOSITION to motion filed by United States')],
  ['proposed order', entry('Proposed Order re 166 MOTION for Summary Judgment by Harlow Corp.')],
  ['notice of compliance', entry('NOTICE OF COMPLIANCE filed by United States')],
  ['appendix with service date', entry('APPENDIX [2169955] filed by Harlow Corp. [Service Date: 04/22/2026]')],
];

const DROP: Array<[string, ExtractEntry]> = [
  ['empty entry', entry('')],
  ['notice of attorney appearance', entry('NOTICE OF ATTORNEY APPEARANCE for USA')],
  ['extend after a full stop', entry('Motion was filed yesterday. The court will then need to extend.')],
  ['mediated', entry('The parties mediated last year')],
  ['oral presentation rescheduled', entry('Oral presentation rescheduled')],
  ['due process', entry('motion alleging a due process violation')],
  ['due diligence', entry('counsel exercised due diligence')],
  ['proposed order mid-sentence', entry('ORDER denying the proposed order submitted by plaintiff')],
  ['response mid-sentence', entry('ORDER denying the response to the motion to compel')],
  ['mandated', entry('The statute mandated quarterly reporting')],
  ['document with an empty description only', entry('', { documentDescriptions: ['   '] })],
];

describe('isRelevant (spec §2 pre-filter)', () => {
  it.each(KEEP)('keeps: %s', (_name, e) => {
    expect(isRelevant(e)).toBe(true);
  });

  it.each(DROP)('drops: %s', (_name, e) => {
    expect(isRelevant(e)).toBe(false);
  });

  it('reads the short description and document descriptions, not only the description', () => {
    expect(isRelevant(entry('Exhibit list', { documentDescriptions: ['Order Setting Status Conference'] }))).toBe(true);
    expect(isRelevant(entry('Exhibit list', { documentDescriptions: ['Exhibit A'] }))).toBe(false);
  });

  it('keeps plural and compound forms of the hearing words', () => {
    expect(isRelevant(entry('Minute Entry for Initial Appearances held before Magistrate Judge Robin Vale'))).toBe(true);
    expect(isRelevant(entry('ORDER: The Court will hold a teleconference on May 4, 2026'))).toBe(true);
  });

  it('keeps filings that may satisfy a deadline', () => {
    expect(isRelevant(entry('MEMORANDUM OF LAW in Opposition re: 40 MOTION for Summary Judgment'))).toBe(true);
    expect(isRelevant(entry('JOINT CASE MANAGEMENT STATEMENT filed by Harlow Corp.'))).toBe(true);
    expect(isRelevant(entry('The Appearance Form and Transcript Order Forms are to be electronically filed by 09/06/2026'))).toBe(true);
  });

  it('is word-bounded: "due" needs a date-like neighbour', () => {
    expect(isRelevant(entry('Filing fee due'))).toBe(false);
    expect(isRelevant(entry('Filing fee due 4/1/2026'))).toBe(true);
  });
});
