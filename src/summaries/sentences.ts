/**
 * Sentence splitting for generated summaries (spec §5.2): a sentence ends at . ! or ? (plus any
 * closing quote, bracket or link target) followed by whitespace and then a capital letter, an
 * opening quote or "[" (the start of an inline link). A full stop after an initial ("John Q.
 * Doe"), a dotted acronym ("U.S.", "N.D.") or a listed abbreviation ("Mr.", "No.", "Inc.", "v.",
 * "et al.", "Jan.", "Cir.") does not end a sentence. Blank lines always do.
 */

/** Lower-case, without the final dot. Apostrophe forms cover court shorthand ("Gov't."). */
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'hon', 'jr', 'sr', 'st', 'no', 'nos', 'inc', 'corp', 'co', 'ltd', 'v', 'vs',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
  'cir', 'fed', 'supp', 'app', 'dist', 'ct', 'bankr', 'crim', 'civ', 'dkt', 'ecf', 'doc', 'ex', 'para', 'sec',
  "gov't", 'gov’t', 'govt', "dep't", 'dep’t', 'dept', "ass'n", 'ass’n', "int'l", 'int’l', "nat'l", 'nat’l', 'approx',
]);

export interface SentenceSpan {
  text: string; // trimmed
  start: number; // offset of the first character in the source text
  end: number; // offset just past the last character
}

// Punctuation, then closers (a link target "](doc:D1)", quotes, brackets), then the gap.
const BOUNDARY = /([.!?])((?:\]\([^()\s]*\)|["'”’)\]])*)(\s+)(?=["'“‘[A-Z])|\n[ \t]*\n\s*/g;

/** True when the full stop at `dot` belongs to an initial or abbreviation rather than ending a sentence. */
function isAbbreviation(text: string, dot: number): boolean {
  const before = text.slice(Math.max(0, dot - 24), dot);
  const word = /(?:^|[^A-Za-z.'’])([A-Za-z][A-Za-z.'’]*)$/.exec(before)?.[1];
  if (!word) return false;
  const lower = word.toLowerCase();
  // A clock time often ends a sentence ("at 10:00 a.m."); treat it as a possible end.
  if (lower === 'a.m' || lower === 'p.m') return false;
  if (/^[A-Z]$/.test(word)) return true; // a middle initial
  if (/^(?:[A-Za-z]\.)+[A-Za-z]$/.test(word)) return true; // U.S, D.C, S.D.N.Y
  if (lower === 'al') return /\bet\s+al$/i.test(before);
  return ABBREVIATIONS.has(lower);
}

/** Sentences of `text` with their offsets, in order; whitespace between them belongs to none. */
export function sentenceSpans(text: string): SentenceSpan[] {
  const spans: SentenceSpan[] = [];
  const push = (from: number, to: number) => {
    const raw = text.slice(from, to);
    const lead = raw.length - raw.trimStart().length;
    const body = raw.trim();
    if (body) spans.push({ text: body, start: from + lead, end: from + lead + body.length });
  };
  let start = 0;
  for (const m of text.matchAll(BOUNDARY)) {
    const at = m.index;
    if (m[1] === undefined) {
      // A blank line: paragraph break.
      push(start, at);
      start = at + m[0].length;
      continue;
    }
    const paragraph = /\n[ \t]*\n/.test(m[3] ?? '');
    if (m[1] === '.' && !m[2] && !paragraph && isAbbreviation(text, at)) continue;
    const end = at + 1 + (m[2]?.length ?? 0);
    push(start, end);
    start = end;
  }
  push(start, text.length);
  return spans;
}

export function splitSentences(text: string): string[] {
  return sentenceSpans(text).map((s) => s.text);
}

/** Collapses runs of spaces, trims lines, keeps at most one blank line between paragraphs. */
export function tidyWhitespace(text: string): string {
  return text
    .replace(/[ \t]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * Removes every sentence for which `predicate` is true. Remaining sentences keep their order and
 * are joined by one space, or by a blank line where a paragraph break separated them.
 */
export function stripSentences(text: string, predicate: (sentence: string, index: number) => boolean): string {
  const spans = sentenceSpans(text);
  let out = '';
  let pendingBreak = false;
  let prevEnd = 0;
  spans.forEach((s, i) => {
    if (/\n[ \t]*\n/.test(text.slice(prevEnd, s.start))) pendingBreak = true;
    prevEnd = s.end;
    if (predicate(s.text, i)) return;
    if (out) out += pendingBreak ? '\n\n' : ' ';
    out += s.text;
    pendingBreak = false;
  });
  return tidyWhitespace(out);
}
