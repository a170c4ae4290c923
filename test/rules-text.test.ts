import { describe, expect, it } from 'vitest';
import { findDates, parseDate } from '../src/extract/rules/dates.js';
import { cleanDocketText } from '../src/extract/rules/footers.js';
import { findJudge, findLocation } from '../src/extract/rules/places.js';
import { splitClauses } from '../src/extract/rules/sentences.js';
import { findTimes, parseTime } from '../src/extract/rules/times.js';

describe('dates', () => {
  it.each([
    ['5/28/2026', '2026-05-28'],
    ['05/08/2026', '2026-05-08'],
    ['1/11/26', '2026-01-11'],
    ['2026-05-28', '2026-05-28'],
    ['May 28, 2026', '2026-05-28'],
    ['May 28 2026', '2026-05-28'],
    ['28 May 2026', '2026-05-28'],
    ['Sept. 3, 2026', '2026-09-03'],
    ['Monday, June 1st, 2026', '2026-06-01'],
  ])('parses %s', (text, iso) => {
    expect(parseDate(text)).toBe(iso);
  });

  it.each(['2/30/2026', '13/1/2026', 'February 30, 2026', '2026-02-29', '31 April 2026'])('rejects the impossible date %s', (text) => {
    expect(parseDate(text)).toBeNull();
  });

  it('finds every date in order with offsets', () => {
    const text = 'Responses due by 5/24/2026. Replies due by May 31, 2026.';
    const found = findDates(text);
    expect(found.map((d) => d.iso)).toEqual(['2026-05-24', '2026-05-31']);
    expect(text.slice(found[1]!.index, found[1]!.end)).toBe('May 31, 2026');
  });

  it('does not read docket or case numbers as dates', () => {
    expect(findDates('case 22-5459, docket 1:25-cr-00417, Rule 2-2.5')).toEqual([]);
  });
});

describe('times', () => {
  it.each([
    ['10:00 AM', '10:00'],
    ['10:00 a.m.', '10:00'],
    ['3 PM', '15:00'],
    ['3:00 p.m.', '15:00'],
    ['12:00 p.m.', '12:00'],
    ['12:30 AM', '00:30'],
    ['15:00', '15:00'],
    ['noon', '12:00'],
    ['09:30 A.M.', '09:30'],
  ])('parses %s', (text, hhmm) => {
    expect(parseTime(text)).toBe(hhmm);
  });

  it('reads a bare clock only after "at" or in the afternoon, and ignores zone tags', () => {
    expect(findTimes('set for 6/1/2026 at 9:30 (Eastern Time)').map((t) => t.hhmm)).toEqual(['09:30']);
    expect(findTimes('Rule 2:10 applies')).toEqual([]);
    expect(findTimes('at 9:00 a.m. (Eastern Time) on June 1').map((t) => t.hhmm)).toEqual(['09:00']);
  });

  it("reads court hours for bare clocks after 'at' or before a date, and o'clock times", () => {
    expect(findTimes('set for 3:00 6/23/2031').map((t) => t.hhmm)).toEqual(['15:00']);
    expect(findTimes('set for 9:00 3/15/2031').map((t) => t.hhmm)).toEqual(['09:00']);
    expect(findTimes('at 2:30 in Courtroom 4').map((t) => t.hhmm)).toEqual(['14:30']);
    expect(findTimes("at 10 o'clock a.m.").map((t) => t.hhmm)).toEqual(['10:00']);
  });

  it('rejects impossible clock times', () => {
    expect(parseTime('13:00 PM')).toBeNull();
    expect(parseTime('25:00')).toBeNull();
  });
});

describe('clerk footers', () => {
  it('strips entry stamps, staff initials and signature dates', () => {
    const raw =
      'ORDER as to ADA QUILL: Sentencing set for 5/28/2026 10:00 AM. Signed by Judge Miriam K. Oduya on 3/25/2026. (zjm, ) (Entered: 03/02/2026) [Entered: 03/02/2026 01:51 PM]';
    const text = cleanDocketText(raw);
    expect(text).toContain('Sentencing set for 5/28/2026 10:00 AM');
    expect(text).not.toMatch(/Entered|3\/25\/2026|zjm|01:51/);
    expect(findDates(text).map((d) => d.iso)).toEqual(['2026-05-28']);
  });

  it('strips filed/modified/replaced stamps and COURT STAFF initials', () => {
    const raw =
      'ADR SCHEDULING ORDER: Case Management Conference set for 11/9/2026 01:30 PM. (gm, COURT STAFF) (Filed on 8/1/2026) (Date Filed: 8/1/2026) (Main Document 1 replaced on 8/3/2026) ( Modified on 8/6/2026 (bw).';
    const text = cleanDocketText(raw);
    expect(findDates(text).map((d) => d.iso)).toEqual(['2026-11-09']);
    expect(text).not.toMatch(/COURT STAFF|Modified|replaced/);
  });

  it('strips courtroom recording clocks and speedy-trial exclusion ranges', () => {
    const raw =
      'TEXT MINUTE ENTRY for proceedings held on 3/2/2026. Time Start: 9:33 a.m. Time Stop: 3:26 p.m. (Recording Time 11:41-12:36.) (Time excluded from 3/2/2026 until 6/1/2026)';
    const text = cleanDocketText(raw);
    expect(findTimes(text)).toEqual([]);
    expect(findDates(text).map((d) => d.iso)).toEqual(['2026-03-02']);
  });

  it('decodes HTML entities and drops superseded "original text" blocks', () => {
    const raw = "CLERK&#039;S NOTICE. Reply due 5/1/2026. REVIEWED AND/OR EDITED - The original text prior to review appeared as follows: Reply due 4/1/2026.";
    const text = cleanDocketText(raw);
    expect(text).toContain("CLERK'S NOTICE");
    expect(findDates(text).map((d) => d.iso)).toEqual(['2026-05-01']);
  });
});

describe('clauses', () => {
  it('splits at sentence ends and semicolons but not inside names, abbreviations or clock times', () => {
    const clauses = splitClauses(
      'Status Conference set for 3/2/2026 at 10:30 a.m. before Judge Miriam K. Oduya; Jury Trial set for 6/1/2026 in Courtroom 9, E. Barrett Prettyman U.S. Courthouse. Pretrial Motions due by 4/1/2026.',
    );
    expect(clauses).toEqual([
      'Status Conference set for 3/2/2026 at 10:30 a.m. before Judge Miriam K. Oduya;',
      'Jury Trial set for 6/1/2026 in Courtroom 9, E. Barrett Prettyman U.S. Courthouse.',
      'Pretrial Motions due by 4/1/2026.',
    ]);
  });

  it('splits a sentence glued to a date', () => {
    expect(splitClauses('Proofs of Claim due by 1/1/2027.Objections due by 1/29/2027.')).toHaveLength(2);
  });
});

describe('place and judge', () => {
  it.each([
    ['in Courtroom 3 before Judge Miriam K. Oduya.', 'Courtroom 3'],
    ['in Courtroom 24A before Judge X.', 'Courtroom 24A'],
    ['at 10:00 AM in Courtroom 1, Harbor Federal Building, 100 Main Street, Lincoln, NE before Judge X', 'Courtroom 1, Harbor Federal Building, 100 Main Street, Lincoln, NE'],
    ['at 10:30 AM at 219 South Dearborn, Courtroom 682, Chicago, Illinois 60604.', '219 South Dearborn, Courtroom 682, Chicago, Illinois 60604'],
    ['at 10:00 AM in Telephonic before Judge X', 'Telephonic'],
    ['at 10:00 AM by telephone before Judge X', 'Telephonic'],
    ['at 10:00 AM via Zoom', 'Zoom'],
    ['at 10:00 AM (Video Conference)', 'Videoconference'],
  ])('location of "%s"', (clause, place) => {
    expect(findLocation(clause)).toBe(place);
  });

  it('has no location when none is stated', () => {
    expect(findLocation('set for 6/1/2026 at 9:30 AM before Judge Miriam K. Oduya.')).toBeNull();
  });

  it.each([
    ['before Judge Miriam K. Oduya.', 'Judge Miriam K. Oduya'],
    ['before Magistrate Judge Robin T. Vale in Lincoln', 'Magistrate Judge Robin T. Vale'],
    ['before Honorable Judge Susan Ray Ward; Jury Trial', 'Judge Susan Ray Ward'],
    ['before District Judge T. S. Ellery III.', 'District Judge T. S. Ellery III'],
  ])('judge of "%s"', (clause, judge) => {
    expect(findJudge(clause)).toBe(judge);
  });
});
