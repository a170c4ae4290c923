import { describe, expect, it } from 'vitest';
import { eventForLabel, findEventMentions, hearingSignificance } from '../src/extract/rules/events.js';
import { hearingKeyBase, nextSequentialKey, partySlug, slugify, splitSequence } from '../src/extract/rules/keys.js';
import { findDefendant, findMotionRefs, isMultiDefendantCase, surnameOf } from '../src/extract/rules/parties.js';
import { agreedSimilarity, conceptSimilarity, conceptTokens, deadlineTypeOf, descriptionsAgree } from '../src/extract/rules/tokens.js';

describe('keys', () => {
  it('slugifies to kebab-case without possessives or punctuation', () => {
    expect(slugify("Government's Initial Disclosures (Rule 16)")).toBe('government-initial-disclosures-rule-16');
    expect(slugify('  Joint  Status Report ')).toBe('joint-status-report');
  });

  it('adds the surname only in multi-defendant cases', () => {
    expect(hearingKeyBase('sentencing', 'quill', true)).toBe('sentencing-quill');
    expect(hearingKeyBase('sentencing', 'quill', false)).toBe('sentencing');
    expect(hearingKeyBase('status-conf', null, true)).toBe('status-conf');
  });

  it('numbers sequential keys after every key already used', () => {
    expect(nextSequentialKey('status-conf', [])).toBe('status-conf');
    expect(nextSequentialKey('status-conf', ['status-conf'])).toBe('status-conf-2');
    expect(nextSequentialKey('status-conf', ['status-conf', 'status-conf-2', 'status-conf-quill'])).toBe('status-conf-3');
    expect(nextSequentialKey('status-conf', ['status-conf-3'])).toBe('status-conf-4');
    expect(splitSequence('status-conf-3')).toEqual({ base: 'status-conf', seq: 3 });
    expect(splitSequence('trial')).toEqual({ base: 'trial', seq: 1 });
  });

  it('names the filer a phrase mentions first', () => {
    expect(partySlug("Plaintiffs' oppositions to Defendants' motions")).toBe('plaintiff');
    expect(partySlug("A/Pet's Brief")).toBe('appellant');
    expect(partySlug('United States response')).toBe('govt');
    expect(partySlug('Joint Status Report')).toBe('joint');
    expect(partySlug('Motions in Limine')).toBeNull();
  });
});

describe('event vocabulary', () => {
  it.each([
    ['Jury Selection & Trial', 'trial', 'trial'],
    ['Non-Jury Trial', 'trial', 'trial'],
    ['Sentence With PSR', 'sentencing', 'sentencing'],
    ['Initial Appearance', 'initial_appearance', 'initial-appearance'],
    ['Rule 11 Hearing', 'change_of_plea', 'change-of-plea'],
    ['Final Pretrial Conference', 'status_conference', 'final-pretrial-conf'],
    ['Pre-Trial Conference', 'status_conference', 'pretrial-conf'],
    ['Telephone Status Conference', 'status_conference', 'status-conf'],
    ['Status Hearing', 'status_conference', 'status-conf'],
    ['Case Management Conference', 'status_conference', 'cmc'],
    ['Motion Hearing/Trial Setting', 'motion_hearing', 'motion-hearing'],
    ['Competency Hearing', 'evidentiary_hearing', 'competency-hearing'],
    ['Detention Hearing', 'other', 'detention-hearing'],
    ['Oral Argument', 'oral_argument', 'oral-arg'],
    ['Teleconference', 'telephonic_conference', 'telephonic-conf'],
  ])('%s → %s', (phrase, type, family) => {
    const [m] = findEventMentions(`${phrase} set for 6/1/2026`);
    expect(m?.spec.type).toBe(type);
    expect(m?.spec.family).toBe(family);
  });

  it('does not read the Speedy Trial Act or trial briefs as a trial', () => {
    expect(findEventMentions('time excluded under the Speedy Trial Act')).toEqual([]);
    expect(findEventMentions('Trial Briefs due by 5/1/2026')).toEqual([]);
  });

  it('recognises known rows from their titles or keys', () => {
    expect(eventForLabel('Status Conference - Quill')?.family).toBe('status-conf');
    expect(eventForLabel('status-conf-benz-2')?.family).toBe('status-conf');
    expect(eventForLabel('final-pretrial-conf')?.family).toBe('final-pretrial-conf');
    expect(eventForLabel('oral-arg')?.type).toBe('oral_argument');
    expect(eventForLabel('govt-response')).toBeNull();
  });

  it('scheduling-only conferences are minor (spec §6 rule 3)', () => {
    const [conf] = findEventMentions('status conference');
    expect(hearingSignificance(conf!.spec, 'status conference to discuss the request for a continuance')).toBe('minor');
    expect(hearingSignificance(conf!.spec, 'status conference to discuss the pending motion to suppress')).toBe('major');
    const [trial] = findEventMentions('trial');
    expect(hearingSignificance(trial!.spec, 'trial to discuss scheduling')).toBe('major');
  });
});

describe('parties and motions', () => {
  it('finds the single defendant an entry is "as to"', () => {
    expect(findDefendant('ORDER as to ADA QUILL (1): Sentencing set')).toEqual({ name: 'Ada Quill', multiple: false });
    expect(findDefendant('Minute Entry as to defendant Ada B. Quill. Sentencing held.')).toEqual({ name: 'Ada B. Quill', multiple: false });
    expect(findDefendant('as to Ada Quill (1) count 1, Bo Pike (2) count 1')).toEqual({ name: null, multiple: true });
    expect(findDefendant('as to Ada Quill and Bo Pike:')).toEqual({ name: null, multiple: true });
    expect(findDefendant('Set/Reset Deadlines as to 42 MOTION to Suppress')).toBeNull();
  });

  it('keys surnames without suffixes, and tells one-defendant captions', () => {
    expect(surnameOf('Elena Torres Vargas Jr')).toBe('vargas');
    expect(isMultiDefendantCase('United States v. Ada Quill', 'quill')).toBe(false);
    expect(isMultiDefendantCase('United States v. Quill et al', 'quill')).toBe(true);
    expect(isMultiDefendantCase('United States v. Ada Quill', 'pike')).toBe(true);
  });

  it('reads cited motion numbers and labels', () => {
    expect(findMotionRefs('ORDER granting 55 Motion for Extension of Time as to 42 MOTION to Suppress Evidence by Ada Quill.')).toEqual([
      { number: 55, index: 6, label: 'Motion for Extension of Time' },
      { number: 42, index: 47, label: 'Motion to Suppress Evidence' },
    ]);
    expect(findMotionRefs('Hearing Continued (RE: 38 Vacate).').map((r) => r.number)).toEqual([38]);
    expect(findMotionRefs('the pending motion (ECF No. 42) and Dkt. No. 40').map((r) => r.number)).toEqual([42, 40]);
    expect(findMotionRefs('set for 6/1/2026 to 9:30')).toEqual([]);
  });
});

describe('deadline words', () => {
  it.each([
    ['Responses to Motion to Suppress', 'response'],
    ['Replies', 'reply'],
    ['Plaintiffs oppositions to Defendants motions', 'opposition'],
    ['response to the memorandum in opposition', 'response'],
    ['Appellant reply brief', 'reply'],
    ['Respondent Answering Brief', 'brief'],
    ['supplemental brief', 'brief'],
    ['answers to the complaint or other responsive pleadings', 'answer'],
    ['Joint Status Report', 'status_report'],
    ['Case Management Statement', 'status_report'],
    ['Sentencing Memoranda', 'memo'],
    ['declaration in support', 'supplemental'],
    ['Paper Copies of Brief', 'other'],
    ['Pretrial Motions', 'other'],
  ])('%s → %s', (what, type) => {
    expect(deadlineTypeOf(what)).toBe(type);
  });

  it('normalises party words and abbreviations so descriptions compare', () => {
    expect(conceptTokens("Government's Responses")).toEqual(['govt', 'response']);
    expect(conceptTokens('plaintiff-opposition-msj')).toEqual(['plaintiff', 'opposition', 'summary', 'judgment', 'motion']);
    expect(descriptionsAgree(conceptTokens('appellant brief'), conceptTokens('Appellant Brief'))).toBe(true);
    expect(descriptionsAgree(conceptTokens('appellee brief'), conceptTokens('Appellant Brief'))).toBe(false);
    // A one-word description does not swallow a specific one.
    expect(descriptionsAgree(conceptTokens('joint letter'), conceptTokens('joint letter and proposed case management plan'))).toBe(false);
  });

  it('scores agreement as the word-list definitions say (similarity, agreement, and both in one count)', () => {
    // The definitions written out with filtered lists, as the spec reads: party words must not
    // name different filers; content words shared over the shorter side; agreement also needs two
    // shared words or half of the longer side.
    const PARTIES = new Set(['govt', 'defendant', 'plaintiff', 'appellant', 'appellee', 'petitioner', 'respondent', 'joint', 'debtor', 'amicus']);
    const similarity = (a: string[], b: string[], ignore: Set<string>): number => {
      const ta = a.filter((t) => !ignore.has(t));
      const tb = b.filter((t) => !ignore.has(t));
      const pa = ta.filter((t) => PARTIES.has(t));
      const pb = tb.filter((t) => PARTIES.has(t));
      if (pa.length && pb.length && !pa.some((p) => pb.includes(p))) return 0;
      const ca = ta.filter((t) => !PARTIES.has(t));
      const cb = tb.filter((t) => !PARTIES.has(t));
      if (!ca.length || !cb.length) return 0;
      return ca.filter((t) => cb.includes(t)).length / Math.min(ca.length, cb.length);
    };
    const agree = (a: string[], b: string[], ignore: Set<string>): boolean => {
      if (similarity(a, b, ignore) < 0.75) return false;
      const ca = a.filter((t) => !ignore.has(t) && !PARTIES.has(t));
      const cb = b.filter((t) => !ignore.has(t) && !PARTIES.has(t));
      const shared = ca.filter((t) => cb.includes(t)).length;
      return shared >= 2 || shared / Math.max(ca.length, cb.length) >= 0.5;
    };
    // Seeded pseudo-random descriptions over a small vocabulary, so words, parties and the ignored
    // surname collide often; every ordered pair is compared with and without the ignored word.
    const vocab = ['govt', 'defendant', 'plaintiff', 'joint', 'response', 'reply', 'brief', 'motion', 'dismiss', 'letter', 'report', 'status', 'smith', 'discovery', 'plan'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const lists: string[][] = [[]];
    for (let i = 0; i < 150; i++) {
      const words = new Set<string>();
      const n = 1 + Math.floor(next() * 6);
      while (words.size < n) words.add(vocab[Math.floor(next() * vocab.length)]!);
      lists.push([...words]);
    }
    let agreeing = 0;
    const wrong: string[] = [];
    for (const ignore of [new Set<string>(), new Set(['smith'])]) {
      for (const a of lists) {
        for (const b of lists) {
          const s = similarity(a, b, ignore);
          const ok = agree(a, b, ignore);
          if (ok) agreeing++;
          if (conceptSimilarity(a, b, ignore) !== s || descriptionsAgree(a, b, ignore) !== ok || agreedSimilarity(a, b, ignore) !== (ok ? s : 0)) {
            wrong.push(`${a.join(' ')} | ${b.join(' ')} | ${[...ignore].join(' ')}`);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(agreeing).toBeGreaterThan(500); // the pairs exercise the agreeing branch, not only 0
  });

  it('finds the same proceeding phrases and motion references whatever was asked before (shared pattern, kept answers)', () => {
    const a = 'ORDER granting 12 Motion to Continue. Status Conference reset for 3/4/2031; Jury Trial set for 5/5/2031.';
    const b = 'Minute Entry: Sentencing held. Hearing on 44 Motion to Suppress set for 6/1/2031.';
    const freshA = JSON.stringify(findEventMentions(a));
    const freshRefsB = JSON.stringify(findMotionRefs(b));
    expect(findEventMentions(a).map((m) => m.text)).toEqual(['Status Conference', 'Jury Trial']);
    expect(findMotionRefs(b).map((r) => r.number)).toEqual([44]);
    // Interleaved and repeated.
    findEventMentions(b);
    expect(JSON.stringify(findEventMentions(a))).toBe(freshA);
    for (let i = 0; i < 100; i++) findMotionRefs(`${b} ${i}`); // more texts than are kept
    expect(JSON.stringify(findMotionRefs(b))).toBe(freshRefsB);
    expect(findMotionRefs(a).map((r) => r.number)).toEqual([12]);
  });
});
