import { describe, expect, it } from 'vitest';
import { extractWithRules } from '../src/extract/rules/index.js';
import type { ExtractInput, KnownDeadline, KnownHearing } from '../src/extract/types.js';

// The store hands every entry of a run the same frozen known-row objects, and the resolver shares
// its reading of them between entries. An entry that changes a row (marks it held, moves it,
// meets a deadline) must change only its own copy: the next entry reads the rows as the store has them.

const hearing = (h: Partial<KnownHearing> & { key: string }): KnownHearing =>
  Object.freeze({ title: 'Status Conference', hearingType: 'status_conference', status: 'scheduled', localDate: '2026-03-02', localTime: '10:00', docketId: 9, ...h });
const deadline = (d: Partial<KnownDeadline> & { key: string }): KnownDeadline =>
  Object.freeze({ title: 'Response to Motion', deadlineType: 'response', status: 'pending', localDate: '2026-02-20', docketId: 9, ...d });

function input(description: string, dateFiled: string, knownHearings: KnownHearing[], knownDeadlines: KnownDeadline[]): ExtractInput {
  return {
    caseName: 'United States v. Doe',
    courtId: 'dcd',
    timezone: 'America/New_York',
    docketId: 9,
    entry: { entryId: 1, entryNumber: 40, dateFiled, description, shortDescription: '', documentDescriptions: [] },
    knownHearings,
    knownDeadlines,
  };
}

describe('rules extractor on shared, frozen known rows', () => {
  const hearings = Object.freeze([hearing({ key: 'status-conference' }), hearing({ key: 'trial', title: 'Jury Trial', hearingType: 'trial', localDate: '2026-06-01', localTime: '09:30' })]) as KnownHearing[];
  const deadlines = Object.freeze([deadline({ key: 'response-to-motion-30' })]) as KnownDeadline[];

  it('reads the same entry the same way twice, and leaves the shared rows as they were', () => {
    const held = 'Minute Entry for proceedings held before Judge X: Status Conference held on 3/2/2026. Status Conference set for 4/6/2026 at 10:00 AM.';
    const first = extractWithRules(input(held, '2026-03-02', hearings, deadlines));
    const second = extractWithRules(input(held, '2026-03-02', hearings, deadlines));
    expect(first.map((a) => a.type)).toEqual(['MARK_HELD', 'ADD_HEARING']);
    expect(first[0]!.hearing_key).toBe('status-conference');
    // The second conference is a new row: the first is held *in this entry's copy*.
    expect(first[1]!.hearing_key).not.toBe('status-conference');
    expect(second).toEqual(first);
    expect(hearings.map((h) => `${h.key}:${h.status}:${h.localDate}`)).toEqual(['status-conference:scheduled:2026-03-02', 'trial:scheduled:2026-06-01']);
  });

  it('a move and a met deadline in one entry do not leak into the next entry', () => {
    const moved = extractWithRules(input('ORDER: the Jury Trial set for 6/1/2026 is reset to 7/13/2026 at 9:30 AM.', '2026-03-05', hearings, deadlines));
    expect(moved).toEqual([expect.objectContaining({ type: 'RESCHEDULE_HEARING', hearing_key: 'trial', local_date: '2026-07-13' })]);
    const filed = extractWithRules(input('RESPONSE in Opposition re 30 MOTION to Suppress filed by USA.', '2026-02-19', hearings, deadlines));
    expect(filed).toEqual([expect.objectContaining({ type: 'MARK_FILED', deadline_key: 'response-to-motion-30' })]);
    // Reading the move again against the same rows gives the same move (the row was not moved for good).
    expect(extractWithRules(input('ORDER: the Jury Trial set for 6/1/2026 is reset to 7/13/2026 at 9:30 AM.', '2026-03-05', hearings, deadlines))).toEqual(moved);
    expect(extractWithRules(input('RESPONSE in Opposition re 30 MOTION to Suppress filed by USA.', '2026-02-19', hearings, deadlines))).toEqual(filed);
    expect(Object.isFrozen(hearings[1]) && hearings[1]!.localDate).toBe('2026-06-01');
    expect(deadlines[0]!.status).toBe('pending');
  });
});

describe('rules extractor on a frozen list holding a row that is not frozen', () => {
  it('reads that row afresh each time: a caller may change it in place between entries', () => {
    // A list the resolver keeps its reading of (frozen), with a row a caller still owns.
    const owned: KnownHearing = { title: 'Jury Trial', hearingType: 'trial', status: 'scheduled', localDate: '2026-06-01', localTime: '09:30', docketId: 9, key: 'trial' };
    const list = Object.freeze([hearing({ key: 'status-conference' }), owned]) as KnownHearing[];
    const reset = 'ORDER: the Jury Trial set for 6/1/2026 is reset to 7/13/2026 at 9:30 AM.';
    expect(extractWithRules(input(reset, '2026-03-05', list, []))).toEqual([expect.objectContaining({ type: 'RESCHEDULE_HEARING', hearing_key: 'trial' })]);
    // The owner moves the trial elsewhere itself: the same text must now read as it does against a
    // fresh copy of the rows, not against what the first reading saw or did to its copy.
    owned.localDate = '2026-08-03';
    const fresh = extractWithRules(input(reset, '2026-03-05', [hearing({ key: 'status-conference' }), { ...owned }], []));
    expect(extractWithRules(input(reset, '2026-03-05', list, []))).toEqual(fresh);
    owned.localDate = '2026-07-13';
    const restated = extractWithRules(input(reset, '2026-03-05', [hearing({ key: 'status-conference' }), { ...owned }], []));
    expect(extractWithRules(input(reset, '2026-03-05', list, []))).toEqual(restated);
    expect(fresh).not.toEqual(restated); // the two states of the row read differently
  });
});

describe('rules extractor over a run of frozen lists, each a row or two apart', () => {
  // The resolver walks each new list alongside the previous one and reuses its reading of rows
  // that are the same objects. Whatever the changes between lists (rows added, removed, moved,
  // replaced, on another docket), every entry must read exactly as it does against a fresh copy.
  const texts = [
    'Minute Entry: Status Conference held on 3/2/2026. Status Conference set for 4/6/2026 at 10:00 AM.',
    'ORDER: the Jury Trial set for 6/1/2026 is reset to 7/13/2026 at 9:30 AM.',
    'RESPONSE in Opposition re 30 MOTION to Suppress filed by USA.',
    'ORDER: Sentencing set for 9/14/2026 at 2:00 PM. Sentencing memoranda due 9/1/2026.',
    'Minute Entry: Motion Hearing held on 5/4/2026 re 30 MOTION to Suppress.',
  ];
  let seed = 7;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const fresh = (rows: readonly KnownHearing[]) => rows.map((r) => ({ ...r }));
  const freshD = (rows: readonly KnownDeadline[]) => rows.map((r) => ({ ...r }));

  it('reads 300 entries against 300 successive lists the same as against unshared copies', () => {
    let hearings: KnownHearing[] = [hearing({ key: 'status-conference' }), hearing({ key: 'trial', title: 'Jury Trial', hearingType: 'trial', localDate: '2026-06-01' })];
    let deadlines: KnownDeadline[] = [deadline({ key: 'response-to-motion-30' })];
    for (let step = 0; step < 300; step++) {
      const next = hearings.slice();
      const change = rand(6);
      const day = `2026-0${1 + rand(9)}-1${rand(10)}`;
      if (change === 0) next.splice(rand(next.length + 1), 0, hearing({ key: `status-conference-${step}`, localDate: day }));
      else if (change === 1 && next.length > 1) next.splice(rand(next.length), 1);
      else if (change === 2 && next.length > 0) {
        const [moved] = next.splice(rand(next.length), 1);
        next.splice(rand(next.length + 1), 0, hearing({ ...moved!, localDate: day }));
      } else if (change === 3) next.push(hearing({ key: `sentencing-${step}`, title: 'Sentencing', hearingType: 'sentencing', localDate: day, docketId: rand(2) ? 9 : 10 }));
      else if (change === 4 && next.length > 2) {
        next.splice(rand(next.length), 1);
        next.splice(rand(next.length), 1, hearing({ key: `trial-${step}`, title: 'Jury Trial', hearingType: 'trial', localDate: day }));
      }
      if (rand(3) === 0) deadlines = Object.freeze([...deadlines, deadline({ key: `brief-${step}`, title: 'Brief', deadlineType: 'brief', localDate: day })]) as KnownDeadline[];
      hearings = Object.freeze(next) as KnownHearing[];
      const text = texts[rand(texts.length)]!;
      const shared = extractWithRules(input(text, '2026-03-02', hearings, deadlines));
      const alone = extractWithRules(input(text, '2026-03-02', fresh(hearings), freshD(deadlines)));
      expect(shared, `step ${step}: ${text}`).toEqual(alone);
    }
  });
});

describe('rules extractor across many dockets', () => {
  it('reads each of 20 dockets in turn the same as against unshared copies (only a few dockets\' splits are kept)', () => {
    const lists = Array.from({ length: 20 }, (_, d) =>
      Object.freeze([hearing({ key: 'status-conference', docketId: 100 + d }), hearing({ key: `trial-${d}`, title: 'Jury Trial', hearingType: 'trial', localDate: '2026-06-01', docketId: 100 + d })]) as KnownHearing[],
    );
    const deadlines = Object.freeze([] as KnownDeadline[]) as KnownDeadline[];
    const text = 'Minute Entry: Status Conference held on 3/2/2026. Status Conference set for 4/6/2026 at 10:00 AM.';
    for (let round = 0; round < 2; round++) {
      lists.forEach((list, d) => {
        const at = (rows: KnownHearing[]) => ({ ...input(text, '2026-03-02', rows, deadlines), docketId: 100 + d });
        expect(extractWithRules(at(list)), `docket ${d}, round ${round}`).toEqual(extractWithRules(at(list.map((r) => ({ ...r })))));
      });
    }
  });
});
