import { describe, expect, it } from 'vitest';
import {
  REFUSAL_SENTENCE,
  correctionBlock,
  cutRedundantForfeiture,
  forfeitureFindings,
  groundingFindings,
  removeOperatorAttribution,
  runGuards,
  staleEventFindings,
  truthfulnessFindings,
  type GuardContext,
  type ScaffoldRow,
} from '../src/summaries/guards.js';
import { splitSentences, stripSentences } from '../src/summaries/sentences.js';

// All parties, numbers and dates below are invented.

function ctx(over: Partial<GuardContext> = {}): GuardContext {
  return { corpus: '', todayUtc: '2025-05-01', docFilingDates: [], scaffold: [], ...over };
}

function hearing(title: string, status: string, localDate: string | null, startsAtUtc: string | null = null): ScaffoldRow {
  return { kind: 'hearing', title, status, localDate, startsAtUtc };
}

function deadline(title: string, status: string, localDate: string | null, dueAtUtc: string | null = null): ScaffoldRow {
  return { kind: 'deadline', title, status, localDate, startsAtUtc: dueAtUtc };
}

/** A regenerate function that replays scripted drafts and records each correction it was sent. */
function scripted(...drafts: string[]) {
  const corrections: string[] = [];
  const regenerate = async (correction: string): Promise<string> => {
    corrections.push(correction);
    const next = drafts.shift();
    if (next === undefined) throw new Error('unexpected regeneration');
    return next;
  };
  return { regenerate, corrections };
}

describe('sentence splitting', () => {
  it('splits after . ! ? before a capital, a quote or a link', () => {
    expect(splitSentences('Vance sued Orrin. Did he win? Yes! "Later" came. [Judgment](doc:D2) was entered.')).toEqual([
      'Vance sued Orrin.',
      'Did he win?',
      'Yes!',
      '"Later" came.',
      '[Judgment](doc:D2) was entered.',
    ]);
  });

  it('does not split before a lower-case word or a digit', () => {
    expect(splitSentences('The fine was $5.50. and so on. It ended at No. 4. 12 counts remain.')).toHaveLength(2);
  });

  it.each([
    'Calla Brisk was charged by the U.S. Attorney for the district.',
    'U.S. District Judge Hal Verity presides.',
    'Mr. Tobin Quayle and Mrs. Ada Quayle and Ms. Ines Loft and Dr. Rue Park sued.',
    'Juniper Q. Vance sued Orrin Holdings Inc. Boston and Marrow Corp. Denver and Tilde Co. Austin.',
    'In Vance v. Orrin Ltd. Rome, the claims failed.',
    'Vance vs. Orrin et al. Was the caption.',
    'The plea was entered on Jan. Fifth before the Cir. Judge and the Dist. Ct. Clerk.',
    'See Case Nos. A-1 and No. B-2 in Fed. Supp. Reports and App. Records.',
    "The Gov't. Response was filed.",
    'The S.D.N.Y. Court transferred it.',
  ])('keeps "%s" whole', (sentence) => {
    expect(splitSentences(`${sentence} Then a second sentence follows.`)).toEqual([sentence, 'Then a second sentence follows.']);
  });

  it('ends a sentence at a link target or closing quote', () => {
    expect(splitSentences('Orrin [moved to dismiss](doc:D1). The court agreed "in full." Costs followed.')).toEqual([
      'Orrin [moved to dismiss](doc:D1).',
      'The court agreed "in full."',
      'Costs followed.',
    ]);
  });

  it('strips sentences and tidies the whitespace left behind', () => {
    const text = 'One stays.  Two goes.   Three stays.\n\nFour goes. Five stays.';
    expect(stripSentences(text, (s) => /goes/.test(s))).toBe('One stays. Three stays.\n\nFive stays.');
    expect(stripSentences(text, (_s, i) => i !== 0)).toBe('One stays.');
    expect(stripSentences(text, () => true)).toBe('');
  });
});

describe('truthfulness (tiers 1–2)', () => {
  it.each([
    ['No sentencing hearing has been scheduled.', 'absence-claim'],
    ['There are no scheduled deadlines on the docket.', 'absence-claim'],
    ['The docket does not reflect any arrest.', 'absence-claim'],
    ["The record doesn't show an initial appearance.", 'absence-claim'],
    ['A trial date has not yet been set.', 'absence-claim'],
    ['Judgment has not been entered.', 'absence-claim'],
    ['The case remains pending before Judge Verity.', 'absence-claim'],
    ['His custody status cannot be determined from the documents.', 'custody-unknown'],
    ['It is unknown whether Brisk is detained.', 'custody-unknown'],
    ['Her arrest status is not established by any filing.', 'custody-unknown'],
    ['If convicted, Brisk faces up to twenty years.', 'conditional-outcome'],
    ['If found guilty, she could be deported.', 'conditional-outcome'],
    ['If a term of imprisonment were imposed, it would run consecutively.', 'conditional-outcome'],
    ['Should the court impose a fine, it would be capped.', 'conditional-outcome'],
  ])('flags "%s"', (sentence, rule) => {
    const found = truthfulnessFindings(`Calla Brisk is charged with wire fraud. ${sentence}`, ctx());
    expect(found.map((f) => f.rule)).toEqual([rule]);
    expect(found[0]!.sentenceIndex).toBe(1);
    expect(found[0]!.sentence).toBe(sentence);
  });

  it.each([
    'Responses are due no later than the deadline in the scheduling order.',
    'The hearing in Case No. 7 was held on March 3, 2025.',
    'Brisk pleaded guilty, and sentencing is set for June 5, 2025.',
    'The court entered judgment for Orrin Holdings on all claims.',
    'Brisk was arrested in Ohio and made an initial appearance.',
  ])('leaves "%s" alone', (sentence) => {
    expect(truthfulnessFindings(sentence, ctx())).toEqual([]);
  });

  it('flags fugitive claims only when the corpus says nothing of the kind', () => {
    for (const claim of ['Brisk remains a fugitive.', 'Brisk is a fugitive.', 'Brisk appears to remain at large.', 'Brisk remains at large.']) {
      expect(truthfulnessFindings(claim, ctx({ corpus: 'The indictment charges one count of wire fraud.' })).map((f) => f.rule)).toEqual(['fugitive']);
      expect(truthfulnessFindings(claim, ctx({ corpus: 'Agents have been unable to apprehend the defendant.' }))).toEqual([]);
      expect(truthfulnessFindings(claim, ctx({ corpus: 'She has not been arrested.' }))).toEqual([]);
    }
  });

  it('looks through link markup', () => {
    expect(truthfulnessFindings('No [judgment](doc:D3) has issued.', ctx()).map((f) => f.match)).toEqual(['No judgment']);
  });

  it('exempts the refusal sentence', () => {
    expect(truthfulnessFindings(REFUSAL_SENTENCE, ctx())).toEqual([]);
  });
});

describe('grounding (tier 3)', () => {
  const draft = 'Brisk pleaded guilty on March 4, 2024. She was sentenced on April 9, 2024.';

  it('flags a date found nowhere and names its sentence', () => {
    const found = groundingFindings(draft, ctx({ corpus: 'Plea hearing held 03/04/2024.' }));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ guard: 'grounding', rule: 'ungrounded-date', sentenceIndex: 1, match: 'April 9, 2024' });
  });

  it.each([
    ['M/D/YYYY', { corpus: 'plea entered 3/4/2024; judgment 4/9/2024' }],
    ['MM/DD/YYYY', { corpus: 'Filed 03/04/2024 ... Filed 04/09/2024' }],
    ['M/D/YY', { corpus: 'Filed 3/4/24 and 4/9/24' }],
    ['ISO', { corpus: 'dated 2024-03-04, amended 2024-04-09' }],
    ['written', { corpus: 'on March  4,\n2024 and on April 9, 2024' }],
    ['filing dates', { docFilingDates: ['2024-03-04', '2024-04-09T00:00:00Z'] }],
    ['scaffold UTC prefix', { scaffold: [hearing('Plea', 'held', null, '2024-03-04T15:00:00Z'), hearing('Sentencing', 'held', null, '2024-04-09T14:00:00Z')] }],
    ['scaffold local date', { scaffold: [hearing('Plea', 'held', '2024-03-04', '2024-03-05T01:30:00Z'), hearing('Sentencing', 'held', '2024-04-09', null)] }],
  ])('grounds dates written as %s', (_label, over) => {
    expect(groundingFindings(draft, ctx(over))).toEqual([]);
  });

  it('checks dollar amounts as comma-free numbers with digit boundaries', () => {
    const corpus = 'restitution in the amount of $12,500 and a special assessment of 100.00 dollars; loss of 5000';
    expect(groundingFindings('She owes $12,500.00 in restitution and a $100 assessment.', ctx({ corpus }))).toEqual([]);
    expect(groundingFindings('She owes $12500 in restitution.', ctx({ corpus }))).toEqual([]);
    const bad = groundingFindings('The loss was $500. She owes $1,250 more.', ctx({ corpus }));
    expect(bad.map((f) => [f.rule, f.match, f.sentenceIndex])).toEqual([
      ['ungrounded-amount', '$500', 0],
      ['ungrounded-amount', '$1,250', 1],
    ]);
  });

  it('skips "$X million" figures and cents that differ are not the same amount', () => {
    expect(groundingFindings('The scheme took in $2.5 million and $3 billion.', ctx())).toEqual([]);
    expect(groundingFindings('She owes $40.25.', ctx({ corpus: '$40.50' }))).toHaveLength(1);
  });
});

describe('redundant forfeiture (tier 4)', () => {
  it('flags a forfeiture money judgment equal to the restitution', () => {
    const found = forfeitureFindings('Brisk was sentenced to 30 months and ordered to pay $45,000 in restitution and a forfeiture money judgment of $45,000.00.');
    expect(found).toHaveLength(1);
    expect(found[0]!.match).toBe('forfeiture money judgment of $45,000.00');
  });

  it('tolerates link markup and finds the two in different sentences', () => {
    const draft = 'The court ordered restitution of $8,200. It also entered [a forfeiture money judgment](doc:D4) of $8,200.';
    expect(forfeitureFindings(draft).map((f) => f.sentenceIndex)).toEqual([1]);
  });

  it('is silent when the amounts differ or there is no restitution', () => {
    expect(forfeitureFindings('She must pay $45,000 in restitution and a forfeiture money judgment of $60,000.')).toEqual([]);
    expect(forfeitureFindings('The court entered a forfeiture money judgment of $45,000.')).toEqual([]);
    expect(forfeitureFindings('She must pay a fine of $45,000 and a forfeiture money judgment of $45,000.')).toEqual([]);
  });

  it('cuts a trailing forfeiture clause and restores the list conjunction', () => {
    const draft = 'Brisk was sentenced to 30 months in prison, $45,000 in restitution, and a forfeiture money judgment of $45,000 against her. She has appealed.';
    expect(cutRedundantForfeiture(draft)).toBe('Brisk was sentenced to 30 months in prison and $45,000 in restitution. She has appealed.');
  });

  it('cuts a leading forfeiture clause and capitalizes what follows', () => {
    const draft = 'A forfeiture money judgment of $45,000 was entered on June 2, 2025, and Brisk must pay $45,000 in restitution.';
    expect(cutRedundantForfeiture(draft)).toBe('Brisk must pay $45,000 in restitution.');
  });

  it('drops a sentence that is only the forfeiture and keeps links elsewhere', () => {
    const draft = 'Brisk was [sentenced](doc:D2) to 30 months and $8,200 in restitution. The court also entered [a forfeiture money judgment](doc:D4) of $8,200 against her.';
    expect(cutRedundantForfeiture(draft)).toBe('Brisk was [sentenced](doc:D2) to 30 months and $8,200 in restitution.');
  });

  it('keeps a link whose words survive the cut', () => {
    const draft = 'Brisk was [ordered to pay $8,200 in restitution and a forfeiture money judgment of $8,200](doc:D2).';
    expect(cutRedundantForfeiture(draft)).toBe('Brisk was [ordered to pay $8,200 in restitution](doc:D2).');
  });

  it('leaves a draft without redundancy untouched', () => {
    const draft = 'She must pay $45,000 in restitution and a forfeiture money judgment of $60,000.';
    expect(cutRedundantForfeiture(draft)).toBe(draft);
  });
});

describe('stale event dates (tier 5)', () => {
  const scaffold = [
    hearing('Sentencing', 'scheduled', '2025-06-05', '2025-06-05T14:00:00Z'),
    hearing('Status Conference', 'scheduled', '2025-05-20', '2025-05-21T01:00:00Z'),
    hearing('Jury Trial', 'cancelled', '2025-03-03', '2025-03-03T14:30:00Z'),
    deadline('Response to Motion to Dismiss', 'pending', '2025-05-15', '2025-05-16T03:59:00Z'),
  ];

  it('flags a present-tense date that no scheduled row of the type has', () => {
    const found = staleEventFindings('Brisk pleaded guilty. Sentencing is set for March 3, 2025.', ctx({ scaffold }));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ guard: 'staleEvents', sentenceIndex: 1 });
    expect(found[0]!.problem).toContain('June 5, 2025');
  });

  it.each([
    'Sentencing is set for June 5, 2025.',
    'A sentencing hearing is scheduled for Thursday, June 5, 2025.',
    'Sentencing was set for March 3, 2025, before the plea.',
    'Sentencing, previously set for March 3, 2025, is now set for June 5, 2025.',
    'Sentencing had been continued to April 1, 2025.',
    'A status conference is set for May 21, 2025.', // the UTC date of the same row
    'A status conference is set for May 20, 2025.',
    'An arraignment is set for May 2, 2025.', // no arraignment row at all: nothing to compare
    'Trial was originally set for April 7, 2025.',
  ])('leaves "%s" alone', (sentence) => {
    expect(staleEventFindings(sentence, ctx({ scaffold }))).toEqual([]);
  });

  it('covers other hearing kinds, reversed phrasing and cancelled-only types', () => {
    expect(staleEventFindings('A status conference is set for May 27, 2025.', ctx({ scaffold }))).toHaveLength(1);
    const trial = staleEventFindings('The court set the case for trial on March 3, 2025.', ctx({ scaffold }));
    expect(trial).toHaveLength(1);
    expect(trial[0]!.problem).toMatch(/no scaffold row of that type is currently scheduled/);
    expect(staleEventFindings('A jury trial is set for March 3, 2025.', ctx({ scaffold }))).toHaveLength(1);
    expect(staleEventFindings('The court continued the status conference to May 27, 2025.', ctx({ scaffold }))).toHaveLength(1);
    expect(staleEventFindings('The court continued the status conference to May 20, 2025.', ctx({ scaffold }))).toEqual([]);
  });

  it('gives each date to the nearest event named before it', () => {
    const rows = [hearing('Jury Trial', 'scheduled', '2025-09-08'), hearing('Final Pretrial Conference', 'scheduled', '2025-09-01')];
    const found = staleEventFindings('Trial is set for September 8, 2025, with a pretrial conference set for August 1, 2025.', ctx({ scaffold: rows }));
    expect(found.map((f) => f.match)).toEqual(['pretrial conference set for August 1, 2025']);
    expect(found[0]!.problem).toContain('September 1, 2025');
  });

  it('compares deadlines with pending rows whose title names them', () => {
    expect(staleEventFindings("Orrin's response to the objections is due May 9, 2025.", ctx({ scaffold }))).toHaveLength(1);
    expect(staleEventFindings('The deadline for the response is May 9, 2025.', ctx({ scaffold }))).toHaveLength(1);
    expect(staleEventFindings('The response is due May 15, 2025.', ctx({ scaffold }))).toEqual([]);
    expect(staleEventFindings('The response was due May 9, 2025.', ctx({ scaffold }))).toEqual([]);
    expect(staleEventFindings('A reply is due May 9, 2025.', ctx({ scaffold }))).toEqual([]); // no reply row
  });
});

describe('operator attribution', () => {
  it.each([
    ['The operator notes that Brisk was extradited in 2024.', 'Brisk was extradited in 2024.'],
    ["The operator's note states that [the plea](doc:D2) was accepted.", '[The plea](doc:D2) was accepted.'],
    ['According to the operator, the case was transferred.', 'The case was transferred.'],
    ['Brisk, according to the operator, was extradited.', 'Brisk was extradited.'],
    ["The case was transferred, per the operator's note.", 'The case was transferred.'],
    ['As noted by the operator, the appeal is separate. It continues.', 'The appeal is separate. It continues.'],
    ['Brisk pleaded guilty. According to the note, she cooperated.', 'Brisk pleaded guilty. She cooperated.'],
  ])('"%s" → "%s"', (input, output) => {
    expect(removeOperatorAttribution(input)).toBe(output);
  });

  it('leaves a promissory note alone', () => {
    const text = 'Orrin stopped paying according to the note it signed.';
    expect(removeOperatorAttribution(text)).toBe(text);
  });
});

describe('correction block', () => {
  it('quotes the sentence and what is wrong with it', () => {
    const draft = 'No hearings have been scheduled.';
    const block = correctionBlock(truthfulnessFindings(draft, ctx()), ctx());
    expect(block).toContain('"No hearings have been scheduled."');
    expect(block).toMatch(/absent/);
  });
});

describe('runGuards', () => {
  const clean = 'Calla Brisk is charged with wire fraud. She pleaded guilty on March 4, 2024.';
  const base = ctx({ corpus: 'Plea agreement filed 03/04/2024. Restitution of $8,200.' });

  it('keeps a clean tier-1 retry', async () => {
    const { regenerate, corrections } = scripted(clean);
    const r = await runGuards('Calla Brisk is charged with wire fraud. No hearings have been scheduled.', base, regenerate);
    expect(r.text).toBe(clean);
    expect(r.retries).toBe(1);
    expect(r.hits).toEqual({ truthfulness: 1, grounding: 0, forfeiture: 0, staleEvents: 0 });
    expect(corrections[0]).toContain('"No hearings have been scheduled."');
    expect(r.warnings.some((w) => w.startsWith('truthfulness'))).toBe(true);
  });

  it('keeps the retry on a tie and the first draft when the retry is worse', async () => {
    const first = 'Brisk is charged with fraud. The case remains pending.';
    const tie = 'Brisk is charged with fraud. If convicted, she faces prison.';
    const r = await runGuards(first, base, scripted(tie).regenerate);
    expect(r.text).toBe(tie);
    expect(r.warnings.join(' ')).toMatch(/1 remain/);

    const worse = 'Brisk is charged with fraud. If convicted, she faces prison. The docket does not reflect an arrest.';
    const r2 = await runGuards(first, base, scripted(worse).regenerate);
    expect(r2.text).toBe(first);
  });

  it('strips a still-flagged sentence when the tier-3 retry is no better', async () => {
    const first = 'Brisk pleaded guilty on March 4, 2024. She was sentenced on April 9, 2024. She has appealed.';
    const retry = 'Brisk pleaded guilty on March 4, 2024. She was sentenced on April 10, 2024.';
    const { regenerate, corrections } = scripted(retry);
    const r = await runGuards(first, base, regenerate);
    expect(r.text).toBe('Brisk pleaded guilty on March 4, 2024. She has appealed.');
    expect(r.hits.grounding).toBe(1);
    expect(corrections[0]).toContain('April 9, 2024');
  });

  it('adopts a tier-3 retry with fewer grounding hits, then strips what remains', async () => {
    const first = 'Brisk owes $9,999. She was sentenced on April 9, 2024. She has appealed.';
    const retry = 'Brisk owes $8,200. She was sentenced on April 9, 2024. Her appeal is pending.';
    const r = await runGuards(first, base, scripted(retry).regenerate);
    expect(r.text).toBe('Brisk owes $8,200. Her appeal is pending.');
  });

  it('does not adopt a tier-3 retry that brings a tier-1 problem', async () => {
    const first = 'Brisk owes $9,999. She has appealed.';
    const retry = 'Brisk owes $8,200. If convicted on retrial, she faces prison.';
    const r = await runGuards(first, base, scripted(retry).regenerate);
    expect(r.text).toBe('She has appealed.');
  });

  it('falls back to the refusal sentence when every sentence is stripped', async () => {
    const r = await runGuards('Brisk owes $9,999.', base, scripted('Brisk owes $7,777.').regenerate);
    expect(r.text).toBe(REFUSAL_SENTENCE);
    expect(r.warnings.join(' ')).toMatch(/refusal/);
  });

  it('cuts the forfeiture clause when the tier-4 retry still repeats it', async () => {
    const first = 'Brisk was sentenced to 30 months, $8,200 in restitution, and a forfeiture money judgment of $8,200 against her.';
    const r = await runGuards(first, base, scripted(first).regenerate);
    expect(r.text).toBe('Brisk was sentenced to 30 months and $8,200 in restitution.');
    expect(r.hits.forfeiture).toBe(1);
    expect(r.retries).toBe(1);
  });

  it('adopts a clean tier-4 retry', async () => {
    const first = 'Brisk must pay $8,200 in restitution and a forfeiture money judgment of $8,200.';
    const retry = 'Brisk must pay $8,200 in restitution.';
    const r = await runGuards(first, base, scripted(retry).regenerate);
    expect(r.text).toBe(retry);
  });

  it('retries a stale date with the current scaffold date, then strips it', async () => {
    const scaffold = [hearing('Sentencing Hearing', 'scheduled', '2025-06-05', '2025-06-05T14:00:00Z')];
    const c = ctx({ ...base, corpus: `${base.corpus} Sentencing set for 3/3/2025.`, scaffold });
    const first = 'Brisk pleaded guilty on March 4, 2024. Sentencing is set for March 3, 2025.';
    const { regenerate, corrections } = scripted(first);
    const r = await runGuards(first, c, regenerate);
    expect(corrections[0]).toContain('June 5, 2025');
    expect(corrections[0]).toContain('2025-06-05T14:00:00Z');
    expect(r.text).toBe('Brisk pleaded guilty on March 4, 2024.');
    expect(r.hits.staleEvents).toBe(1);

    const fixed = 'Brisk pleaded guilty on March 4, 2024. Sentencing is set for June 5, 2025.';
    const r2 = await runGuards(first, c, scripted(fixed).regenerate);
    expect(r2.text).toBe(fixed);
  });

  it('removes operator attribution without a retry', async () => {
    const { regenerate, corrections } = scripted();
    const r = await runGuards('According to the operator, Brisk pleaded guilty on March 4, 2024.', base, regenerate);
    expect(r.text).toBe('Brisk pleaded guilty on March 4, 2024.');
    expect(r.retries).toBe(0);
    expect(corrections).toEqual([]);
  });

  it('never touches the refusal sentence', async () => {
    const { regenerate, corrections } = scripted();
    const r = await runGuards(`  ${REFUSAL_SENTENCE}\n`, base, regenerate);
    expect(r).toEqual({ text: REFUSAL_SENTENCE, retries: 0, hits: { truthfulness: 0, grounding: 0, forfeiture: 0, staleEvents: 0 }, warnings: [] });
    expect(corrections).toEqual([]);
  });

  it('accepts the refusal sentence as a retry', async () => {
    const r = await runGuards('Brisk owes $9,999.', base, scripted(REFUSAL_SENTENCE).regenerate);
    expect(r.text).toBe(REFUSAL_SENTENCE);
  });

  it('treats a failed regeneration as an unhelpful retry', async () => {
    const r = await runGuards(`${clean} Brisk owes $9,999.`, base, async () => {
      throw new Error('provider down');
    });
    expect(r.text).toBe(clean);
    expect(r.warnings.join(' ')).toContain('provider down');
  });
});
