/**
 * Who an entry is about: the single defendant it is "as to", and the motions it cites by number.
 */

const NAME_WORD = String.raw`(?:[A-Z][A-Za-z'’.-]*|[A-Z]\.|(?:de|del|la|van|von|da|di|le|bin|al)(?=\s+[A-Z]))`;
const NOT_NAME = new Set([
  'status', 'conference', 'hearing', 'hearings', 'sentencing', 'trial', 'jury', 'motion', 'motions', 'order', 're',
  'regarding', 'count', 'counts', 'indictment', 'held', 'set', 'reset', 'for', 'the', 'and', 'minute', 'entry',
  'arraignment', 'initial', 'appearance', 'change', 'plea', 'deadlines', 'deadline', 'notice', 'granting', 'denying',
  'filed', 'by', 'as', 'to', 'on', 'in', 'all', 'defendants', 'usa', 'government', 'superseding', 'information',
  'complaint', 'pretrial', 'detention', 'bond', 'competency', 'scheduling', 'case', 'response', 'reply', 'responses',
  'replies', 'brief', 'proceedings', 'before', 'judge', 'with', 'see', 'that', 'this', 'is', 'ordered',
]);

export interface DefendantRef {
  /** As written, all-caps names title-cased; null when the entry names several defendants. */
  name: string | null;
  multiple: boolean;
}

function titleCaseIfShouting(name: string): string {
  if (name !== name.toUpperCase()) return name;
  return name.toLowerCase().replace(/(^|[\s'’-])([a-z])/g, (_, p: string, c: string) => p + c.toUpperCase());
}

/** Reads a person's name at the start of text; returns it and its length, or null. */
function readName(text: string): { name: string; length: number } | null {
  const words: string[] = [];
  const re = new RegExp(String.raw`^\s*(${NAME_WORD})`);
  let rest = text;
  let consumed = 0;
  while (words.length < 6) {
    const m = re.exec(rest);
    if (!m) break;
    const rawWord = m[1]!;
    const initial = /^[A-Z]\.$/.test(rawWord);
    const suffix = /^(?:Jr|Sr|II|III|IV)\.?$/i.test(rawWord);
    const word = initial ? rawWord : rawWord.replace(/[.,]+$/, '');
    if (NOT_NAME.has(word.toLowerCase().replace(/[.'’]/g, ''))) break;
    words.push(word);
    consumed += m[0].length;
    rest = rest.slice(m[0].length);
    // "Benz. Evidence …": a full stop after a surname ends the name; so does "Jr".
    if (suffix || (!initial && /\.$/.test(rawWord) && words.length >= 2)) break;
  }
  if (words.length < 2) return null;
  return { name: words.join(' ').replace(/\s+/g, ' '), length: consumed };
}

const AS_TO = /\bas\s+to\s+(?:(?:the\s+)?defendants?(?:\(s\))?\s+)?/gi;
const FOR_NUMBERED = /\bfor\s+(?=[A-Z][^()]{2,60}\(\d{1,2}\))/g;

/** The defendant an entry is "as to" (spec: "as to FIRST LAST (n)"), or several, or none. */
export function findDefendant(text: string): DefendantRef | null {
  const names: string[] = [];
  let multiple = false;
  for (const re of [AS_TO, FOR_NUMBERED]) {
    for (const m of text.matchAll(re)) {
      const after = text.slice(m.index + m[0].length);
      const read = readName(after);
      if (!read) continue;
      if (!names.some((n) => n.toLowerCase() === read.name.toLowerCase())) names.push(read.name);
      const tail = after.slice(read.length).replace(/^\s*\((?:\d{1,2}|n\/a)\)/i, '');
      // "as to A (1) count 1, B (2)" / "as to A, B and C": several defendants.
      const joined = /^\s*(?:count\s+\d+\w*\s*)?(?:,|and\b|&)\s*/i.exec(tail);
      if (joined && readName(tail.slice(joined[0].length))) multiple = true;
    }
  }
  if (names.length === 0) return null;
  if (multiple || names.length > 1) return { name: null, multiple: true };
  return { name: titleCaseIfShouting(names[0]!), multiple: false };
}

/** Lower-case ASCII surname for keys: "Elias Torres Alcazar Jr" → "alcazar". */
export function surnameOf(name: string): string | null {
  const words = name
    .split(/\s+/)
    .map((w) => w.normalize('NFKD').replace(/[^A-Za-z0-9-]/g, '').toLowerCase())
    .filter((w) => w && !/^(?:jr|sr|ii|iii|iv|v)$/.test(w));
  const last = words[words.length - 1];
  return last && last.length > 1 ? last.replace(/-+/g, '-').replace(/^-|-$/g, '') : null;
}

/** A case names one defendant when that defendant's surname is in the caption and it has no "et al." */
export function isMultiDefendantCase(caseName: string, surname: string | null): boolean {
  if (!surname) return false;
  const caption = caseName.normalize('NFKD').toLowerCase();
  if (/\bet\s+al\b/.test(caption)) return true;
  return !new RegExp(`\\b${surname.replace(/[^a-z0-9]/g, '.')}\\b`).test(caption);
}

/** Motions asking to move the schedule are not the motion a hearing or response is "on". */
export const SCHEDULING_MOTION = /continu|extend|extension|adjourn|reschedul|reset|withdraw|seal|leave|waive|substitut|appear/i;

export interface MotionRef {
  number: number;
  index: number;
  /** "Motion to Suppress" when the text names it right after the number. */
  label: string | null;
}

// The label is read in a lookahead so that "granting 55 Motion for Extension … as to 42 MOTION" yields both numbers.
const MOTION_REF =
  /(?:\b(?:[Hh]earing|HEARING)\s+(?:on|ON)\s+(?:[Mm]otions?|MOTIONS?)\s+|\brelated\s+documents?(?:\(s\))?\s*:?\s*|\b(?:re:?|as\s+to|granting|denying|on|regarding|to|of|in\s+part)\s*\[?|\(RE:\s*|\b(?:ECF|Dkt\.?|Doc\.?|Docket|Filing)\s*(?:No\.?|#)?\s*\[?)(\d{1,4})\]?(?![\d/:.-]\d)(?=\s+((?:(?:Joint|Consent|Unopposed|Emergency|Amended|Sealed|Second|First|Renewed|Supplemental|Letter|Oral)\s+)*(?:MOTION|Motion|motion)\b(?:\s+(?:to|for|in)\s+[A-Za-z'’\/ -]{2,60})?)|)/g;

// N.D. Ill. style, the number after the title: "motion to dismiss[18]", "motion for leave to file[201]".
const TRAILING_MOTION_REF = /\b((?:[Mm]otions?|MOTIONS?)\b(?:\s+(?:to|for|in)\s+[A-Za-z'’\/ -]{2,60}?)?)\s*\(?\[(\d{1,5})\]\)?/g;

// The same text is asked about several times per entry (the entry, then each clause, each finding):
// the last few answers are kept. Callers only read them.
const motionRefMemo = new Map<string, readonly MotionRef[]>();
const MOTION_REF_MEMO_LIMIT = 64;

export function findMotionRefs(text: string): readonly MotionRef[] {
  let refs = motionRefMemo.get(text);
  if (!refs) {
    refs = readMotionRefs(text);
    if (motionRefMemo.size >= MOTION_REF_MEMO_LIMIT) motionRefMemo.clear();
    motionRefMemo.set(text, refs);
  }
  return refs;
}

function readMotionRefs(text: string): MotionRef[] {
  const out: MotionRef[] = [];
  for (const m of text.matchAll(MOTION_REF)) {
    const number = Number(m[1]);
    if (!number) continue;
    const label = m[2] ? normaliseMotionLabel(m[2]) : null;
    // Bare numbers after "to"/"of"/"on" are only motion references when the word MOTION follows.
    if (!label && /^(?:to|of|on|in\s+part)\b/i.test(m[0].trim())) continue;
    out.push({ number, index: m.index, label });
  }
  for (const m of text.matchAll(TRAILING_MOTION_REF)) {
    const number = Number(m[2]);
    if (number && !out.some((r) => r.number === number)) out.push({ number, index: m.index, label: normaliseMotionLabel(m[1]!) });
  }
  return out.sort((a, b) => a.index - b.index);
}

// Bankruptcy and appellate clerks cite the matter a setting belongs to this way.
const RELATED_REF = /\b(?:related\s+documents?(?:\(s\))?\s*,?|related\s+doc(?:ument)?s?\.?\s*(?:no\.?|#)|re(?:lated)?\s+doc\.?\s*#?)\s*:?\s*#?\s*(\d{1,5})\b/gi;

/** Every docket number the entry cites (motions, related documents), for binding to known rows. */
export function findReferencedNumbers(text: string): number[] {
  const out = new Set(findMotionRefs(text).map((r) => r.number));
  for (const m of text.matchAll(RELATED_REF)) out.add(Number(m[1]));
  for (const m of text.matchAll(/\bre:\s*(\d{1,5})\s+(?:[\w'’-]+\s+){0,3}?motion\b/gi)) out.add(Number(m[1]));
  return [...out];
}

function normaliseMotionLabel(label: string): string {
  const trimmed = label.replace(/\s+(?:by|filed|as|and|re|seeking|pursuant|under|with|in\s+(?:part|support))\b[\s\S]*$/i, '');
  const words = trimmed.trim().replace(/\s+/g, ' ').split(' ');
  return words
    .map((w, i) => (i > 0 && /^(?:to|for|in|of|the|and|a|an)$/i.test(w) ? w.toLowerCase() : w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()))
    .join(' ');
}
