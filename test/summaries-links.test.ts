import type { Logger } from 'pino';
import { describe, expect, it } from 'vitest';
import { resolveDocLinks, summaryRuns, tidyLinkBoundaries } from '../src/summaries/links.js';

const D1 = 'https://storage.courtlistener.com/recap/gov.uscourts.zzd.1001/gov.uscourts.zzd.1001.1.0.pdf';
const D2 = 'https://archive.org/download/gov.uscourts.zzd.1001/gov.uscourts.zzd.1001.30.0.pdf';

function tokens(): Map<string, string | null> {
  return new Map<string, string | null>([
    ['D1', D1],
    ['D2', D2],
    ['D3', null], // e.g. a jury verdict form: never linked
  ]);
}

function recordingLogger() {
  const warned: unknown[] = [];
  const log = { warn: (obj: unknown) => warned.push(obj) } as unknown as Logger;
  return { log, warned };
}

describe('resolveDocLinks', () => {
  it('turns document tokens into URLs', () => {
    const r = resolveDocLinks('Orrin Holdings [sued](doc:D1) Juniper Vance for breach of contract.', tokens());
    expect(r.text).toBe(`Orrin Holdings [sued](${D1}) Juniper Vance for breach of contract.`);
    expect(r.unknown).toEqual([]);
  });

  it('leaves bare words for a null URL and for unknown tokens, and reports the unknown ones', () => {
    const { log, warned } = recordingLogger();
    const r = resolveDocLinks('The jury [returned a verdict](doc:D3). The court [entered judgment](doc:D9) and [denied a new trial](doc:D9).', tokens(), log);
    expect(r.text).toBe('The jury returned a verdict. The court entered judgment and denied a new trial.');
    expect(r.unknown).toEqual(['D9']);
    expect(warned).toHaveLength(2);
  });

  it('drops URLs the model invented but keeps supplied ones, so re-running changes nothing', () => {
    const once = resolveDocLinks(`Vance [answered](https://example.test/x) and [moved to dismiss](doc:D2).`, tokens());
    expect(once.text).toBe(`Vance answered and [moved to dismiss](${D2}).`);
    expect(resolveDocLinks(once.text, tokens()).text).toBe(once.text);
  });

  it('moves a preceding auxiliary into the link and a trailing preposition out of it', () => {
    const r = resolveDocLinks('Vance was [sentenced to](doc:D2) 18 months.', tokens());
    expect(r.text).toBe(`Vance [was sentenced](${D2}) to 18 months.`);
  });

  it('tidies to a fixpoint', () => {
    expect(tidyLinkBoundaries('The claims have been [dismissed with prejudice against](https://a.test/1) Orrin.')).toBe(
      'The claims [have been dismissed with prejudice](https://a.test/1) against Orrin.',
    );
    expect(tidyLinkBoundaries('It [was charged with conspiracy to](https://a.test/2) defraud.')).toBe('It [was charged with conspiracy](https://a.test/2) to defraud.');
  });

  it('does not absorb the end of a longer word or a link that is only a preposition', () => {
    expect(tidyLinkBoundaries('The court in Oshawas [dismissed](https://a.test/1) it.')).toBe('The court in Oshawas [dismissed](https://a.test/1) it.');
    expect(tidyLinkBoundaries('He appealed [to](https://a.test/1) the circuit.')).toBe('He appealed [to](https://a.test/1) the circuit.');
    expect(tidyLinkBoundaries('She [ pleaded guilty ](https://a.test/1).')).toBe('She [pleaded guilty](https://a.test/1).');
    expect(tidyLinkBoundaries('She[ pleaded ](https://a.test/1)guilty.')).toBe('She [pleaded](https://a.test/1) guilty.');
  });
});

describe('summaryRuns', () => {
  it('splits text and https links', () => {
    expect(summaryRuns(`Vance [was sentenced](${D2}) to 18 months <for fraud>.`)).toEqual([
      { text: 'Vance ' },
      { text: 'was sentenced', url: D2 },
      { text: ' to 18 months <for fraud>.' },
    ]);
  });

  it('keeps any other link target as literal text', () => {
    const text = 'See [this](http://plain.test/a) and [that](javascript:alert(1)) and [doc](doc:D1).';
    expect(summaryRuns(text)).toEqual([{ text }]);
  });

  it('handles adjacent links, no links and empty text', () => {
    expect(summaryRuns(`[a](${D1})[b](${D2})`)).toEqual([
      { text: 'a', url: D1 },
      { text: 'b', url: D2 },
    ]);
    expect(summaryRuns('Plain words only.')).toEqual([{ text: 'Plain words only.' }]);
    expect(summaryRuns('')).toEqual([]);
  });
});
