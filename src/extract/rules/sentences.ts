/**
 * Splits cleaned docket text into clauses at sentence ends, semicolons and line breaks, without
 * breaking inside names ("Amit P. Mehta"), abbreviations ("U.S.", "No.", "Ct.") or clock times
 * ("10:00 a.m. on ...").
 */

const ABBREVIATIONS = new Set([
  'no', 'nos', 'dkt', 'doc', 'docs', 'ecf', 'st', 'ave', 'fl', 'ct', 'jr', 'sr', 'mr', 'ms', 'mrs', 'dr', 'hon',
  'v', 'vs', 'inc', 'co', 'corp', 'ltd', 'fed', 'civ', 'crim', 'app', 'cir', 'r', 'p', 'e.g', 'i.e', 'etc', 'approx',
  'seq', 'para', 'sec', 'u.s', 'u.s.c', 'u.s.m.j', 'cf', 'supp', 'ex', 'exh', 'att', 'atty', 'dept', 'mag', 'gen',
  'ord', 'rev', 'stat', 'govt', 'gov', 'def', 'dft', 'pl', 'pltf', 'ca', 'n.d', 's.d', 'e.d', 'w.d', 'd', 'bldg',
]);

function isAbbreviationBefore(text: string, dot: number): boolean {
  const before = text.slice(Math.max(0, dot - 12), dot);
  const word = /([A-Za-z][A-Za-z.]*)$/.exec(before)?.[1] ?? '';
  if (!word) return false;
  const lower = word.toLowerCase();
  if (lower === 'a.m' || lower === 'p.m') return false; // a clock time may end a sentence
  if (/^[A-Z]$/.test(word)) return true; // a middle initial
  return ABBREVIATIONS.has(lower);
}

export function splitClauses(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  const push = (end: number) => {
    const s = text.slice(start, end).trim();
    if (s) out.push(s);
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n' || c === ';') {
      push(c === ';' ? i + 1 : i);
      start = i + 1;
      continue;
    }
    if (c !== '.') continue;
    const next = text.slice(i + 1, i + 3);
    // "1/1/2010.Objections due ..." – a glued sentence after a date.
    const glued = /^[A-Z][a-z]/.test(next) && /\d$/.test(text.slice(0, i));
    const ahead = text.slice(i + 1, i + 5);
    const spaced = /^\s+[("'\[]?\s?[A-Z0-9]/.test(ahead) || i + 1 === text.length;
    if (!glued && !spaced) continue;
    if (!glued && isAbbreviationBefore(text, i)) continue;
    // "9:00 a.m. (Eastern Time) on …": a clock time followed by a bracket does not end the sentence.
    if (/[ap]\.m$/i.test(text.slice(Math.max(0, i - 3), i)) && !/^\s+[A-Z]/.test(ahead)) continue;
    push(i + 1);
    start = i + 1;
  }
  push(text.length);
  return out;
}
