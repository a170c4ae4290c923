import { findLinks, linkWords } from './links.js';
import { sentenceSpans, stripSentences, tidyWhitespace } from './sentences.js';

/**
 * Post-generation guards for LLM case summaries (spec §5). Every check is a pure function over the
 * draft; runGuards strings them together in the spec's order with at most one full regeneration
 * per tier and deterministic fallbacks (keep-best, strip, cut) when the retry does not help.
 */

/** Contract constant: the prompt asks for it verbatim and code compares against it. Exempt from every guard. */
export const REFUSAL_SENTENCE = 'Documents available for this docket are insufficient to generate a reliable summary.';

export interface ScaffoldRow {
  kind: 'hearing' | 'deadline';
  title: string;
  /** hearings: scheduled | held | cancelled; deadlines: pending | met | passed | cancelled */
  status: string;
  /** YYYY-MM-DD in the court's zone, when known */
  localDate: string | null;
  /** hearings: start; deadlines: due. UTC ISO timestamp. */
  startsAtUtc: string | null;
}

export interface GuardContext {
  /** Document texts + operator notes + aggregation note (whitespace need not be collapsed). */
  corpus: string;
  /** YYYY-MM-DD */
  todayUtc: string;
  /** date_filed of every document given to the model (YYYY-MM-DD or longer ISO). */
  docFilingDates: string[];
  scaffold: ScaffoldRow[];
}

export interface GuardHits {
  truthfulness: number;
  grounding: number;
  forfeiture: number;
  staleEvents: number;
}

export type GuardName = keyof GuardHits;

export interface GuardFinding {
  guard: GuardName;
  /** e.g. absence-claim, custody-unknown, conditional-outcome, fugitive, ungrounded-date, ungrounded-amount, redundant-forfeiture, stale-date */
  rule: string;
  /** Index into splitSentences(draft). */
  sentenceIndex: number;
  /** The sentence as the model wrote it (link markup included). */
  sentence: string;
  /** The offending words, link markup removed. */
  match: string;
  /** What is wrong, in words the correction block can pass to the model. */
  problem: string;
}

export interface GuardResult {
  text: string;
  /** Regenerations requested (each is one model call). */
  retries: number;
  /** Findings on the draft each tier first examined (0 = the tier did not fire). */
  hits: GuardHits;
  warnings: string[];
}

export type Regenerate = (correction: string) => Promise<string>;

// ---------------------------------------------------------------------------------------------
// Shared pieces

interface CheckedSentence {
  index: number;
  text: string; // with link markup
  plain: string; // as a reader sees it
}

/** Sentences worth checking: the refusal sentence is exempt wherever it appears. */
function checkedSentences(draft: string): CheckedSentence[] {
  return sentenceSpans(draft)
    .map((s, index) => ({ index, text: s.text, plain: linkWords(s.text) }))
    .filter((s) => s.plain.trim() !== REFUSAL_SENTENCE);
}

function isRefusal(text: string): boolean {
  return linkWords(text).trim() === REFUSAL_SENTENCE;
}

function finding(guard: GuardName, rule: string, s: CheckedSentence, match: string, problem: string): GuardFinding {
  return { guard, rule, sentenceIndex: s.index, sentence: s.text, match: match.trim(), problem };
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const MONTH = '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
/** "March 4, 2024" (also "Mar. 4, 2024", "March 4th, 2024"); groups: month, day, year. */
const WRITTEN_DATE = `\\b(${MONTH})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})(?!\\d)`;
const WEEKDAY = '(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)';

function monthNumber(name: string): number {
  return MONTH_NAMES.findIndex((m) => m.slice(0, 3).toLowerCase() === name.slice(0, 3).toLowerCase()) + 1;
}

/** YYYY-MM-DD without calendar validation: an impossible date simply never matches anything. */
function isoOf(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function writtenDateIso(month: string, day: string, year: string): string {
  return isoOf(Number(year), monthNumber(month), Number(day));
}

/** "2025-06-05" → "June 5, 2025" (for correction blocks). */
export function longDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  const name = MONTH_NAMES[(m ?? 0) - 1];
  return name && d && y ? `${name} ${d}, ${y}` : iso;
}

/** $45,000 / $45,000.00 / $1.2 million; group 1: the number. */
const AMOUNT = '\\$\\s?((?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?)(?!\\d)';
const SCALE = '(?:\\s+(?:million|billion|trillion)\\b)';

const MARKER = /\b(?:was|were|had\s+been|previously|originally|initially|earlier|then)\b/i;

// ---------------------------------------------------------------------------------------------
// Tiers 1–2: truthfulness

interface Rule {
  rule: string;
  re: RegExp;
  problem: string;
}

const ABSENCE_NOUN =
  '(?:dispositions?|judgments?|hearings?|deadlines?|scheduling\\s+orders?|docket\\s+entr(?:y|ies)|trial\\s+dates?|recent\\s+activity|arrests?|initial\\s+appearances?)';

const ABSENCE = 'asserts that something is absent or has not happened; the documents cannot prove a negative, so leave it out instead';
const CUSTODY = 'speculates about what is unknown; if no document states custody or arrest status, say nothing about it';
const CONDITIONAL = 'describes a hypothetical outcome; state only outcomes that have happened';
const FUGITIVE = 'calls the defendant a fugitive or at large, which no document says';

const TRUTH_RULES: Rule[] = [
  // "no later than" is a deadline, not an absence claim.
  { rule: 'absence-claim', re: new RegExp(`\\bno\\s+(?!(?:later|earlier|sooner)\\s+than\\b)(?:[^\\s.;:!?]+\\s+){0,3}?${ABSENCE_NOUN}\\b`, 'gi'), problem: ABSENCE },
  {
    rule: 'absence-claim',
    re: /\b(?:docket(?:\s+sheet)?|record)s?\s+(?:(?:does|do|did)\s+not|doesn['’]t|don['’]t|didn['’]t)\s+(?:yet\s+)?(?:reflect|show|indicate|contain|list|record)\b/gi,
    problem: ABSENCE,
  },
  {
    rule: 'absence-claim',
    re: new RegExp(`\\b${ABSENCE_NOUN}\\b[^.!?;]{0,80}?\\b(?:has|have)(?:\\s+not|n['’]t)\\s+(?:yet\\s+)?been\\s+(?:filed|entered|recorded|scheduled|set|reflected)\\b`, 'gi'),
    problem: ABSENCE,
  },
  { rule: 'absence-claim', re: /\bthe\s+case\s+remains\s+pending\b/gi, problem: ABSENCE },
  { rule: 'custody-unknown', re: /\bcannot\s+be\s+determined\s+from\s+the\b/gi, problem: CUSTODY },
  { rule: 'custody-unknown', re: /\bit\s+is\s+(?:unknown|unclear|not\s+known)\s+whether\b/gi, problem: CUSTODY },
  {
    rule: 'custody-unknown',
    re: /\b(?:custody|arrest|appearance)\s+status\b[^.!?;]{0,60}?(?:\bunknown\b|\bunclear\b|\bcannot\s+be\b|\bnot\s+(?:known|clear|established)\b)/gi,
    problem: CUSTODY,
  },
  { rule: 'conditional-outcome', re: /\bif\s+(?:convicted|found\s+guilty)\b/gi, problem: CONDITIONAL },
  {
    rule: 'conditional-outcome',
    re: /\bif\s+(?:an?\s+)?(?:term\s+of\s+)?(?:imprisonment|incarceration|sentence)\s+(?:is|were)\s+(?:imposed|ordered)\b/gi,
    problem: CONDITIONAL,
  },
  { rule: 'conditional-outcome', re: /\bshould\s+the\s+court\s+impose\b/gi, problem: CONDITIONAL },
];

const FUGITIVE_RULES: Rule[] = [
  { rule: 'fugitive', re: /\bremains?\s+(?:a\s+)?fugitives?\b/gi, problem: FUGITIVE },
  { rule: 'fugitive', re: /\bis\s+a\s+fugitive\b/gi, problem: FUGITIVE },
  { rule: 'fugitive', re: /\b(?:appears?\s+to\s+remain|remains?|remaining)\s+at\s+large\b/gi, problem: FUGITIVE },
];

/** The corpus words that make a fugitive claim plausible enough to leave alone. */
const FUGITIVE_EVIDENCE = /\bfugitive|\bat\s+large\b|\bapprehend|\bin\s+custody\b|\bremains?\s+abroad\b|\bnot\s+been\s+arrested\b/i;

function ruleFindings(guard: GuardName, rules: Rule[], sentences: CheckedSentence[]): GuardFinding[] {
  const out: GuardFinding[] = [];
  for (const s of sentences) {
    const taken: Array<[number, number]> = [];
    for (const r of rules) {
      for (const m of s.plain.matchAll(r.re)) {
        const start = m.index;
        const end = start + m[0].length;
        if (taken.some(([a, b]) => start < b && a < end)) continue; // two rules on the same words are one problem
        taken.push([start, end]);
        out.push(finding(guard, r.rule, s, m[0], r.problem));
      }
    }
  }
  return out;
}

/** Tiers 1–2: absence claims, custody-unknown noise, conditional outcomes, unsupported fugitive claims. */
export function truthfulnessFindings(draft: string, ctx: Pick<GuardContext, 'corpus'>): GuardFinding[] {
  const sentences = checkedSentences(draft);
  const rules = FUGITIVE_EVIDENCE.test(ctx.corpus) ? TRUTH_RULES : [...TRUTH_RULES, ...FUGITIVE_RULES];
  return ruleFindings('truthfulness', rules, sentences);
}

// ---------------------------------------------------------------------------------------------
// Tier 3: grounding

interface CorpusIndex {
  corpus: string;
  dates: Set<string>;
  numbers: string; // whitespace-collapsed, commas removed
}

let lastIndex: CorpusIndex | undefined;

/** Every date the corpus writes, in any of the clerk formats, as YYYY-MM-DD. */
function corpusIndex(corpus: string): CorpusIndex {
  if (lastIndex?.corpus === corpus) return lastIndex; // runGuards checks the same corpus repeatedly
  const text = corpus.replace(/\s+/g, ' ');
  const dates = new Set<string>();
  for (const m of text.matchAll(new RegExp(WRITTEN_DATE, 'gi'))) dates.add(writtenDateIso(m[1]!, m[2]!, m[3]!));
  for (const m of text.matchAll(new RegExp(`(?<![\\d/])(\\d{1,2})(?:st|nd|rd|th)?\\s+(${MONTH})\\.?,?\\s+(\\d{4})(?!\\d)`, 'gi'))) {
    dates.add(writtenDateIso(m[2]!, m[1]!, m[3]!));
  }
  for (const m of text.matchAll(/(?<![\d/])(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})(?![\d/])/g)) {
    const y = m[3]!;
    // CM/ECF dates: two-digit years are 19yy only for the late 1990s.
    const year = y.length === 4 ? Number(y) : Number(y) >= 90 ? 1900 + Number(y) : 2000 + Number(y);
    dates.add(isoOf(year, Number(m[1]), Number(m[2])));
  }
  for (const m of text.matchAll(/(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?!\d)/g)) dates.add(`${m[1]}-${m[2]}-${m[3]}`);
  lastIndex = { corpus, dates, numbers: text.replace(/,/g, '') };
  return lastIndex;
}

function knownDates(ctx: GuardContext): Set<string> {
  const known = new Set(corpusIndex(ctx.corpus).dates);
  for (const row of ctx.scaffold) {
    if (row.localDate) known.add(row.localDate.slice(0, 10));
    if (row.startsAtUtc) known.add(row.startsAtUtc.slice(0, 10));
  }
  for (const d of ctx.docFilingDates) known.add(d.slice(0, 10));
  return known;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Whether the corpus states the amount, ignoring commas. Digit boundaries keep "$500" from being
 * grounded by "5000"; trailing zero cents are optional both ways ("$45,000" ↔ "45,000.00").
 */
function amountGrounded(amount: string, numbers: string): boolean {
  const [whole = '', cents] = amount.replace(/,/g, '').split('.');
  const re = new RegExp(`(?<![\\d.])${escapeRegExp(whole)}(?:\\.(\\d+))?(?!\\d)`, 'g');
  for (const m of numbers.matchAll(re)) {
    const found = m[1];
    if (cents === undefined || found === cents) return true;
    if (/^0+$/.test(cents) && (found === undefined || /^0+$/.test(found))) return true;
  }
  return false;
}

/** Tier 3: dates ("Month D, YYYY") and dollar amounts that neither scaffold, filing dates nor corpus support. */
export function groundingFindings(draft: string, ctx: GuardContext): GuardFinding[] {
  const sentences = checkedSentences(draft);
  if (!sentences.length) return [];
  const index = corpusIndex(ctx.corpus);
  const dates = knownDates(ctx);
  const out: GuardFinding[] = [];
  for (const s of sentences) {
    for (const m of s.plain.matchAll(new RegExp(WRITTEN_DATE, 'gi'))) {
      const iso = writtenDateIso(m[1]!, m[2]!, m[3]!);
      if (!dates.has(iso)) {
        out.push(finding('grounding', 'ungrounded-date', s, m[0], `gives the date ${m[0]}, which appears in neither the scaffold nor the documents`));
      }
    }
    for (const m of s.plain.matchAll(new RegExp(`${AMOUNT}(${SCALE})?`, 'gi'))) {
      if (m[2]) continue; // "$2.5 million" is a rounded figure; it cannot be matched digit for digit
      if (!amountGrounded(m[1]!, index.numbers)) {
        out.push(finding('grounding', 'ungrounded-amount', s, m[0], `gives the amount ${m[0]}, which does not appear in the documents`));
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Tier 4: a forfeiture money judgment equal to the restitution

const FMJ = 'forfeiture\\s+money\\s+judgments?';
const AMOUNT_SCALED = `${AMOUNT}${SCALE}?`;

/** "$45,000.00" and "$45,000" compare equal; "$1.2 million" differs from "$1.2". */
function normAmount(raw: string): string {
  const scale = /(million|billion|trillion)/i.exec(raw)?.[1]?.toLowerCase() ?? '';
  const num = /\d[\d,]*(?:\.\d+)?/.exec(raw)?.[0] ?? '';
  const [whole = '', cents = ''] = num.replace(/,/g, '').split('.');
  const c = cents.replace(/0+$/, '');
  return `${whole.replace(/^0+(?=\d)/, '')}${c ? `.${c}` : ''}${scale ? ` ${scale}` : ''}`;
}

interface AmountUse {
  start: number;
  end: number;
  raw: string;
  norm: string;
}

/** Amounts in a plain sentence that a forfeiture money judgment names. */
function fmjAmounts(plain: string): Array<AmountUse & { phrase: string }> {
  const out: Array<AmountUse & { phrase: string }> = [];
  const after = new RegExp(`${FMJ}\\b[^$.;]{0,40}?(${AMOUNT_SCALED})`, 'gi');
  for (const m of plain.matchAll(after)) {
    const start = m.index + m[0].length - m[1]!.length;
    out.push({ start, end: m.index + m[0].length, raw: m[1]!, norm: normAmount(m[1]!), phrase: m[0] });
  }
  const before = new RegExp(`(${AMOUNT_SCALED})\\s+${FMJ}\\b`, 'gi');
  for (const m of plain.matchAll(before)) {
    if (out.some((u) => u.start === m.index)) continue;
    out.push({ start: m.index, end: m.index + m[1]!.length, raw: m[1]!, norm: normAmount(m[1]!), phrase: m[0] });
  }
  return out;
}

const MONEY_KEYWORD = /\b(restitution|forfeit\w*|fines?|assessments?|judgments?|fees?|bonds?|bail|loss(?:es)?|damages|settlements?|penalt(?:y|ies))\b/gi;

/** Amounts a plain sentence states as restitution ("$X in restitution", "restitution of $X", "restitution … totaling $X"). */
function restitutionAmounts(plain: string, exclude: AmountUse[]): AmountUse[] {
  const out: AmountUse[] = [];
  for (const m of plain.matchAll(new RegExp(AMOUNT_SCALED, 'gi'))) {
    if (exclude.some((u) => u.start === m.index)) continue;
    const end = m.index + m[0].length;
    const next = plain.slice(end, end + 40);
    let isRestitution: boolean;
    if (/^\s+(?:in\s+)?(?:total\s+)?restitution\b/i.test(next)) isRestitution = true;
    else if (/^\s+(?:in\s+)?(?:an?\s+)?(?:special\s+assessment|fines?|forfeiture|criminal\s+forfeiture|money\s+judgment)\b/i.test(next)) isRestitution = false;
    else {
      // Otherwise the nearest money word before the amount says what it is.
      const keywords = [...plain.slice(0, m.index).matchAll(MONEY_KEYWORD)];
      isRestitution = keywords[keywords.length - 1]?.[1]?.toLowerCase() === 'restitution';
    }
    if (isRestitution) out.push({ start: m.index, end, raw: m[0], norm: normAmount(m[0]) });
  }
  return out;
}

/** Normalized amounts stated both as restitution and as a forfeiture money judgment anywhere in the draft. */
function redundantAmounts(sentences: CheckedSentence[]): Set<string> {
  const fmj = new Set<string>();
  const restitution = new Set<string>();
  for (const s of sentences) {
    const f = fmjAmounts(s.plain);
    for (const u of f) fmj.add(u.norm);
    for (const u of restitutionAmounts(s.plain, f)) restitution.add(u.norm);
  }
  return new Set([...fmj].filter((a) => restitution.has(a)));
}

/** Tier 4: a forfeiture money judgment whose amount the draft also states as restitution. */
export function forfeitureFindings(draft: string): GuardFinding[] {
  const sentences = checkedSentences(draft);
  const redundant = redundantAmounts(sentences);
  if (!redundant.size) return [];
  const out: GuardFinding[] = [];
  for (const s of sentences) {
    for (const u of fmjAmounts(s.plain)) {
      if (redundant.has(u.norm)) {
        out.push(
          finding('forfeiture', 'redundant-forfeiture', s, u.phrase, `states a forfeiture money judgment of ${u.raw}, the same amount as the restitution; mention the amount once, as restitution`),
        );
      }
    }
  }
  return out;
}

/** Text as runs of plain words and link words, so plain-text edits keep the link markup intact. */
interface Run {
  text: string;
  target?: string;
}

function toRuns(text: string): Run[] {
  const runs: Run[] = [];
  let at = 0;
  for (const l of findLinks(text)) {
    if (l.start > at) runs.push({ text: text.slice(at, l.start) });
    runs.push({ text: l.words, target: l.target });
    at = l.end;
  }
  if (at < text.length) runs.push({ text: text.slice(at) });
  return runs;
}

function plainOf(runs: Run[]): string {
  return runs.map((r) => r.text).join('');
}

/** Replaces plain-text range [from, to) by `insert`, which lands in the run that holds `from`. */
function editRuns(runs: Run[], from: number, to: number, insert: string): Run[] {
  let offset = 0;
  let inserted = false;
  const out = runs.map((r, i) => {
    const s = offset;
    const e = offset + r.text.length;
    offset = e;
    const keepBefore = r.text.slice(0, Math.max(0, Math.min(from, e) - s));
    const keepAfter = r.text.slice(Math.max(0, Math.min(e, to) - s)).slice(0, Math.max(0, e - Math.max(to, s)));
    const here = !inserted && from >= s && (from < e || (from === e && i === runs.length - 1));
    if (here) inserted = true;
    return { ...r, text: `${keepBefore}${here ? insert : ''}${keepAfter}` };
  });
  if (!inserted && insert) out.push({ text: insert });
  return out;
}

function serializeRuns(runs: Run[]): string {
  return runs
    .map((r) => {
      if (r.target === undefined) return r.text;
      const words = r.text.trim();
      if (!words) return r.text; // nothing left to link
      const lead = r.text.slice(0, r.text.length - r.text.trimStart().length);
      const trail = r.text.slice(r.text.trimEnd().length);
      return `${lead}[${words}](${r.target})${trail}`;
    })
    .join('');
}

/** Punctuation left dangling by a cut: " ,", ",,", ", .". */
function tidyPunctuation(text: string): string {
  return tidyWhitespace(
    text
      .replace(/[ \t]+([,.;!?])/g, '$1')
      .replace(/,(?:\s*,)+/g, ',')
      .replace(/[,;]\s*([.!?])/g, '$1'),
  );
}

interface Edit {
  from: number;
  to: number;
  insert: string;
}

const CLAUSE_DATE = `${MONTH}\\.?\\s+\\d{1,2},\\s+\\d{4}`;
/** The rest of a clause: words up to the next , . ; — but amounts and dates may contain commas. */
const CLAUSE = `(?:${AMOUNT_SCALED}|${CLAUSE_DATE}|[^,.;$])*`;
const DETERMINER = '(?:an?|the)';
const LIST_ITEM_START = /^(?:\$|\d|(?:an?|the|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|eighteen|twenty|thirty|forty|fifty|sixty)\b)/i;

function hasRedundant(clause: string, redundant: Set<string>): boolean {
  return [...clause.matchAll(new RegExp(AMOUNT_SCALED, 'gi'))].some((m) => redundant.has(normAmount(m[0])));
}

/** The first forfeiture clause that can be cut from `plain`, as edits in descending position order. */
function nextForfeitureCut(plain: string, redundant: Set<string>): Edit[] | null {
  for (const span of sentenceSpans(plain)) {
    const s = span.text;
    const base = span.start;
    // "A forfeiture money judgment of $N was entered, and X" → "X"
    const lead = new RegExp(`^${DETERMINER}\\s+(?:${AMOUNT_SCALED}\\s+)?${FMJ}\\b${CLAUSE},\\s+and\\s+(?=\\S)`, 'i').exec(s);
    if (lead && hasRedundant(lead[0], redundant)) {
      const rest = s.slice(lead[0].length);
      const first = /[A-Za-z]/.exec(rest);
      if (first) {
        const at = lead[0].length + first.index;
        return [
          { from: base + at, to: base + at + 1, insert: first[0].toUpperCase() },
          { from: base, to: base + lead[0].length, insert: '' },
        ];
      }
    }
    // "…, and a forfeiture money judgment of $N against him" → "…"
    const tail = new RegExp(`(,\\s*|\\s+)(and|as\\s+well\\s+as|plus|along\\s+with|together\\s+with)\\s+${DETERMINER}\\s+(?:${AMOUNT_SCALED}\\s+)?${FMJ}\\b${CLAUSE}`, 'gi');
    for (const m of s.matchAll(tail)) {
      if (!hasRedundant(m[0], redundant)) continue;
      const edits: Edit[] = [{ from: base + m.index, to: base + m.index + m[0].length, insert: '' }];
      // "60 months, $45,000 in restitution, and a forfeiture…" loses its "and": give it back.
      if (m[1]!.includes(',') && m[2]!.toLowerCase() === 'and') {
        const before = s.slice(0, m.index);
        const comma = before.lastIndexOf(', ');
        const item = before.slice(comma + 2);
        if (comma >= 0 && LIST_ITEM_START.test(item) && !/\band\b/i.test(item) && !/\d$/.test(before.slice(0, comma))) {
          const prevComma = before.lastIndexOf(', ', comma - 1);
          const serial = prevComma >= 0 && LIST_ITEM_START.test(before.slice(prevComma + 2, comma));
          edits.push({ from: base + comma, to: base + comma + 2, insert: serial ? ', and ' : ' and ' });
        }
      }
      return edits;
    }
    // "60 months, a forfeiture money judgment of $N, and …" → "60 months, and …"
    const mid = new RegExp(`,\\s*${DETERMINER}\\s+(?:${AMOUNT_SCALED}\\s+)?${FMJ}\\b${CLAUSE}(?=,)`, 'gi');
    for (const m of s.matchAll(mid)) {
      if (hasRedundant(m[0], redundant)) return [{ from: base + m.index, to: base + m.index + m[0].length, insert: '' }];
    }
  }
  return null;
}

/** A sentence that says nothing but the forfeiture money judgment (and who entered it). */
function onlyForfeiture(plain: string, redundant: Set<string>): boolean {
  const uses = fmjAmounts(plain).filter((u) => redundant.has(u.norm));
  if (!uses.length) return false;
  const rest = plain
    .replace(new RegExp(`(?:${DETERMINER}\\s+)?(?:${AMOUNT_SCALED}\\s+)?${FMJ}\\b(?:[^$.;]{0,40}?${AMOUNT_SCALED})?`, 'gi'), ' ')
    .replace(/[.,;!?]/g, ' ');
  return !/[$\d]/.test(rest) && rest.split(/\s+/).filter(Boolean).length <= 12;
}

/**
 * Tier 4 fallback: cuts each forfeiture-money-judgment clause whose amount repeats the restitution
 * ("A forfeiture money judgment …, and X" → "X"; ", and a forfeiture money judgment of $N against
 * him" → ""), drops sentences that were only that, and tidies punctuation. Links survive.
 */
export function cutRedundantForfeiture(draft: string): string {
  const redundant = redundantAmounts(checkedSentences(draft));
  if (!redundant.size) return draft;
  let runs = toRuns(draft);
  for (let n = 0; n < 50; n++) {
    const edits = nextForfeitureCut(plainOf(runs), redundant);
    if (!edits) break;
    for (const e of edits) runs = editRuns(runs, e.from, e.to, e.insert);
  }
  const cut = tidyPunctuation(serializeRuns(runs));
  return stripSentences(cut, (sentence) => linkWords(sentence).trim() !== REFUSAL_SENTENCE && onlyForfeiture(linkWords(sentence), redundant));
}

// ---------------------------------------------------------------------------------------------
// Tier 5: stale event dates

interface EventType {
  name: string;
  kind: 'hearing' | 'deadline';
  /** How a summary names it (regex source, matched case-insensitively). */
  phrase: string;
  /** Which scaffold rows are of this type. */
  title: RegExp;
  notTitle?: RegExp;
}

// More specific phrases first: an earlier type claims the words before a later one can.
const EVENT_TYPES: EventType[] = [
  { name: 'change of plea hearing', kind: 'hearing', phrase: 'change[-\\s]+of[-\\s]+plea(?:\\s+hearing)?', title: /\bplea\b/i },
  { name: 'plea hearing', kind: 'hearing', phrase: '(?:plea|rule\\s+11)\\s+hearing', title: /\bplea\b|rule\s+11/i },
  { name: 'sentencing', kind: 'hearing', phrase: '(?:re-?)?sentencing(?:\\s+hearing)?', title: /sentenc/i },
  { name: 'pretrial conference', kind: 'hearing', phrase: '(?:final\\s+)?pre-?trial\\s+(?:conference|hearing)', title: /pre-?trial/i },
  { name: 'jury trial', kind: 'hearing', phrase: 'jury\\s+trial', title: /\btrial\b/i, notTitle: /pre-?trial|conference|status|setting/i },
  { name: 'bench trial', kind: 'hearing', phrase: 'bench\\s+trial', title: /\btrial\b/i, notTitle: /pre-?trial|conference|status|setting/i },
  {
    name: 'trial',
    kind: 'hearing',
    phrase: '(?<![\\w-])trial(?!\\s+(?:readiness|setting|management|status|preparation|scheduling)\\b)',
    title: /\btrial\b/i,
    notTitle: /pre-?trial|conference|status|setting/i,
  },
  { name: 'arraignment', kind: 'hearing', phrase: 'arraignment(?:\\s+hearing)?', title: /arraign/i },
  { name: 'oral argument', kind: 'hearing', phrase: 'oral\\s+arguments?', title: /argument/i },
  { name: 'status conference', kind: 'hearing', phrase: 'status\\s+(?:conference|hearing)', title: /\bstatus\b/i },
  { name: 'motion hearing', kind: 'hearing', phrase: 'motions?\\s+hearing', title: /\bmotions?\b/i },
  { name: 'detention hearing', kind: 'hearing', phrase: 'detention\\s+hearing', title: /detention/i },
  { name: 'initial appearance', kind: 'hearing', phrase: 'initial\\s+appearance', title: /initial\s+appearance/i },
  { name: 'evidentiary hearing', kind: 'hearing', phrase: 'evidentiary\\s+hearing', title: /evidentiary/i },
  { name: 'suppression hearing', kind: 'hearing', phrase: 'suppression\\s+hearing', title: /suppress/i },
  { name: 'preliminary injunction hearing', kind: 'hearing', phrase: 'preliminary[-\\s]+injunction\\s+hearing', title: /preliminary\s+injunction/i },
  { name: 'preliminary hearing', kind: 'hearing', phrase: 'preliminary\\s+(?:hearing|examination)', title: /preliminary\s+(?:hearing|exam)/i },
  { name: 'revocation hearing', kind: 'hearing', phrase: '(?:supervised\\s+release\\s+|probation\\s+)?revocation\\s+hearing', title: /revocation|violation/i },
  { name: 'competency hearing', kind: 'hearing', phrase: 'competency\\s+hearing', title: /competen/i },
  { name: 'restitution hearing', kind: 'hearing', phrase: 'restitution\\s+hearing', title: /restitution/i },
  { name: 'settlement conference', kind: 'hearing', phrase: 'settlement\\s+conference', title: /settlement/i },
  { name: 'scheduling conference', kind: 'hearing', phrase: 'scheduling\\s+conference', title: /scheduling|rule\s+16/i },
  { name: 'show cause hearing', kind: 'hearing', phrase: 'show[-\\s]+cause\\s+hearing', title: /show\s+cause/i },
  { name: 'claim construction hearing', kind: 'hearing', phrase: '(?:markman|claim[-\\s]+construction)\\s+hearing', title: /markman|claim\s+construction/i },
  { name: 'fairness hearing', kind: 'hearing', phrase: '(?:final\\s+)?(?:approval|fairness)\\s+hearing', title: /fairness|approval/i },
  { name: 'reply', kind: 'deadline', phrase: 'repl(?:y|ies)(?:\\s+briefs?)?', title: /\brepl/i },
  { name: 'response', kind: 'deadline', phrase: 'responses?(?:\\s+briefs?)?', title: /respon|opposition/i },
  { name: 'opposition', kind: 'deadline', phrase: 'oppositions?', title: /oppos|respon/i },
  { name: 'brief', kind: 'deadline', phrase: 'briefs?', title: /brief/i },
  { name: 'answer', kind: 'deadline', phrase: 'answers?', title: /\banswer/i },
  { name: 'objections', kind: 'deadline', phrase: 'objections?', title: /objection/i },
];

const SCHEDULE_VERB = '(?:re)?scheduled|re-?set|set|continued|moved|postponed|rescheduled';
const FORWARD_HEARING = new RegExp(`\\b(?:${SCHEDULE_VERB})\\s+(?:for|to|until|on)\\s+(?:${WEEKDAY},?\\s+)?${WRITTEN_DATE}`, 'gi');
const BACKWARD_HEARING_PRE = new RegExp(`\\b(?:${SCHEDULE_VERB})\\s+(?:the\\s+(?:case|matter)\\s+)?(?:for\\s+|to\\s+)?(?:an?\\s+|the\\s+)?$`, 'i');
const BACKWARD_HEARING_POST = new RegExp(`^(?:\\s+hearing)?\\s+(?:on|for|to|until|beginning(?:\\s+on)?|starting(?:\\s+on)?)\\s+(?:${WEEKDAY},?\\s+)?${WRITTEN_DATE}`, 'i');
const FORWARD_DEADLINE = new RegExp(`\\b(?:due|deadline)\\b([^.;]{0,30}?)${WRITTEN_DATE}`, 'gi');
const BACKWARD_DEADLINE_PRE = /\b(?:deadline|due\s+date)\s+(?:for|to\s+(?:file|submit|serve))\s+(?:(?:the|an?|any|its|his|her|their)\s+)?(?:[\w'’-]+\s+){0,2}$/i;
const BACKWARD_DEADLINE_POST = new RegExp(`^([^.;]{0,40}?)${WRITTEN_DATE}`, 'i');
/** "response to the objections": the second noun is the object, not the thing that is due. */
const OBJECT_PREFIX = /\b(?:to|of|on|regarding|in\s+support\s+of|in\s+opposition\s+to)\s+(?:(?:the|an?|any|its|his|her|their)\s+)?(?:[\w'’-]+\s+)?$/i;
const GAP_STOP = /\b(?:conference|hearing|deadline|due)\b/i;

interface EventMention {
  type: EventType;
  start: number;
  end: number;
}

function eventMentions(plain: string): EventMention[] {
  const taken: EventMention[] = [];
  for (const type of EVENT_TYPES) {
    for (const m of plain.matchAll(new RegExp(`\\b${type.phrase}\\b`, 'gi'))) {
      const start = m.index;
      const end = start + m[0].length;
      if (taken.some((t) => start < t.end && t.start < end)) continue;
      taken.push({ type, start, end });
    }
  }
  return taken.sort((a, b) => a.start - b.start);
}

interface DatedMention {
  type: EventType;
  iso: string;
  text: string;
}

/** Dates a sentence gives as the current date of an event or deadline. Past-tense mentions are skipped. */
function datedMentions(plain: string): DatedMention[] {
  const mentions = eventMentions(plain);
  const out: DatedMention[] = [];
  const objects = new Set(
    mentions.filter((m) => m.type.kind === 'deadline' && OBJECT_PREFIX.test(plain.slice(0, m.start)) && mentions.some((o) => o !== m && o.type.kind === 'deadline' && o.end <= m.start)),
  );
  for (const mention of mentions) {
    if (objects.has(mention)) continue;
    const others = mentions.filter((o) => o !== mention && !objects.has(o));
    const otherStartsIn = (from: number, to: number) => others.some((o) => o.start >= from && o.start < to);
    const push = (iso: string, from: number, to: number) => out.push({ type: mention.type, iso, text: plain.slice(from, to) });

    if (mention.type.kind === 'hearing') {
      // "sentencing is set for June 5, 2025"; a later verb is judged only by the words since the last date.
      const re = new RegExp(FORWARD_HEARING.source, 'gi');
      re.lastIndex = mention.end;
      let gapStart = mention.end;
      for (let m = re.exec(plain); m; m = re.exec(plain)) {
        const gap = plain.slice(gapStart, m.index);
        if (gap.length > 60 || otherStartsIn(gapStart, m.index) || GAP_STOP.test(gap)) break;
        if (!MARKER.test(gap)) push(writtenDateIso(m[1]!, m[2]!, m[3]!), mention.start, m.index + m[0].length);
        gapStart = m.index + m[0].length;
      }
      // "the case is set for trial on June 5, 2025", "the court continued the trial to June 5, 2025"
      const pre = BACKWARD_HEARING_PRE.exec(plain.slice(0, mention.start));
      const post = BACKWARD_HEARING_POST.exec(plain.slice(mention.end));
      if (pre && post) {
        const clause = plain.slice(0, pre.index).split(/[,;]/).pop() ?? '';
        if (!MARKER.test(clause.slice(-30))) push(writtenDateIso(post[1]!, post[2]!, post[3]!), pre.index, mention.end + post[0].length);
      }
      continue;
    }

    // "the reply is due June 5, 2025", "replies are due by …", "the response deadline is …"
    const tail = plain.slice(mention.end);
    const due = /\b(?:due|deadline)\b/i.exec(tail);
    if (due && due.index <= 60 && !otherStartsIn(mention.end, mention.end + due.index)) {
      const re = new RegExp(FORWARD_DEADLINE.source, 'gi');
      re.lastIndex = mention.end + due.index;
      const m = re.exec(plain);
      if (m && m.index === mention.end + due.index) {
        const gap = plain.slice(mention.end, m.index) + m[1]!;
        if (!MARKER.test(gap)) push(writtenDateIso(m[2]!, m[3]!, m[4]!), mention.start, m.index + m[0].length);
      }
    }
    // "the deadline for the government's response is June 5, 2025"
    const pre = BACKWARD_DEADLINE_PRE.exec(plain.slice(0, mention.start));
    const post = BACKWARD_DEADLINE_POST.exec(tail);
    if (pre && post && !MARKER.test(post[1]!) && !otherStartsIn(mention.end, mention.end + post[1]!.length)) {
      push(writtenDateIso(post[2]!, post[3]!, post[4]!), pre.index, mention.end + post[0].length);
    }
  }
  return out;
}

function rowDates(row: ScaffoldRow): string[] {
  return [row.localDate?.slice(0, 10), row.startsAtUtc?.slice(0, 10)].filter((d): d is string => Boolean(d));
}

function rowsOfType(type: EventType, scaffold: ScaffoldRow[]): ScaffoldRow[] {
  return scaffold.filter((r) => r.kind === type.kind && type.title.test(r.title) && !type.notTitle?.test(r.title));
}

function isCurrent(row: ScaffoldRow): boolean {
  const status = row.status.toLowerCase();
  return row.kind === 'hearing' ? status === 'scheduled' : status === 'pending' || status === 'scheduled';
}

/** "June 5, 2025 (starts_at_utc 2025-06-05T14:00:00Z)" for each current row of a type. */
function currentDatesText(rows: ScaffoldRow[]): string[] {
  return rows
    .filter(isCurrent)
    .filter((r) => rowDates(r).length)
    .map((r) => {
      const local = r.localDate?.slice(0, 10);
      const label = r.kind === 'hearing' ? 'starts_at_utc' : 'due_at_utc';
      const utc = r.startsAtUtc ? ` (${label} ${r.startsAtUtc})` : '';
      return `${longDate(local ?? rowDates(r)[0]!)}${utc} — "${r.title}"`;
    });
}

/**
 * Tier 5: a hearing or deadline given a present-tense date that matches no current scaffold row of
 * its type. Dates introduced by was/were/had been/previously/originally/initially/earlier/then are
 * history and left alone; a type with no scaffold row at all is left alone (nothing to compare).
 */
export function staleEventFindings(draft: string, ctx: Pick<GuardContext, 'scaffold'>): GuardFinding[] {
  const out: GuardFinding[] = [];
  for (const s of checkedSentences(draft)) {
    const seen = new Set<string>();
    for (const d of datedMentions(s.plain)) {
      const key = `${d.type.name}|${d.iso}`;
      if (seen.has(key)) continue; // forward and backward readings of the same words
      seen.add(key);
      const rows = rowsOfType(d.type, ctx.scaffold);
      if (!rows.length) continue;
      const current = rows.filter(isCurrent);
      if (current.some((r) => rowDates(r).includes(d.iso))) continue;
      const dates = currentDatesText(rows);
      const problem = dates.length
        ? `gives ${longDate(d.iso)} for the ${d.type.name}, but the scaffold's current date for it is ${dates.join('; ')}`
        : `gives ${longDate(d.iso)} for the ${d.type.name}, but no scaffold row of that type is currently ${d.type.kind === 'hearing' ? 'scheduled' : 'pending'} on that date; do not give it a date the scaffold does not show`;
      out.push(finding('staleEvents', 'stale-date', s, d.text, problem));
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Operator attribution

const ATTRIBUTION_CLAUSE = /\bthe\s+operator(?:['’]s)?\s+notes?\s+(?:(?:states?|says|indicates?|explains?|reports?|adds?|shows?|confirms?)\s+)?that\s+/gi;
const ATTRIBUTION_ASIDE =
  /(,\s*)?\b(?:according\s+to\s+the\s+operator(?:['’]s\s+notes?)?|as\s+noted\s+by\s+the\s+operator|as\s+the\s+operator\s+notes|per\s+the\s+operator(?:['’]s\s+notes?)?)\b(\s*,)?\s*/gi;
// "The note" alone may be a promissory note: only the comma-set aside form is an attribution.
const ATTRIBUTION_NOTE = /(,\s*)?\b(?:according\s+to|per)\s+the\s+notes?(\s*,)\s*/gi;

function atSentenceStart(before: string): boolean {
  const t = before.trimEnd();
  return !t || /[.!?](?:\]\([^()\s]*\)|["'”’)\]])*$/.test(t);
}

/** Upper-cases the first letter at or after `at` (skipping "[" and quotes). */
function capitalizeFrom(text: string, at: number): string {
  const m = /^[\s"“'‘[]*([a-z])/.exec(text.slice(at));
  if (!m) return text;
  const i = at + m[0].length - 1;
  return text.slice(0, i) + m[1]!.toUpperCase() + text.slice(i + 1);
}

/**
 * Removes attributions to the operator or their note ("The operator notes that X" → "X";
 * "According to the operator, X" → "X"; "X, per the operator's note." → "X."). The clause stays.
 */
export function removeOperatorAttribution(draft: string): string {
  let text = draft;
  for (const re of [ATTRIBUTION_CLAUSE, ATTRIBUTION_ASIDE, ATTRIBUTION_NOTE]) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const before = text.slice(0, m.index);
      const after = text.slice(m.index + m[0].length);
      const start = atSentenceStart(before);
      let insert = '';
      if (!start && m[1] !== undefined && !/^[.,;:!?]|^$/.test(after)) insert = ' '; // "X, according to the operator, Y" → "X Y"
      if (!start && m[1] === undefined && re !== ATTRIBUTION_CLAUSE && !/\s$/.test(before) && after) insert = ' ';
      text = before + insert + after;
      if (start) text = capitalizeFrom(text, before.length);
      re.lastIndex = before.length + insert.length;
    }
  }
  return text.replace(/[ \t]{2,}/g, ' ').replace(/[ \t]+([,.;!?])/g, '$1').trim();
}

// ---------------------------------------------------------------------------------------------
// Orchestration

const ADVICE: Record<GuardName, string> = {
  truthfulness: 'Do not say that anything is absent, unknown, hypothetical or at large unless a document says so; leave it out instead.',
  grounding: 'Use only dates and dollar amounts written in the scaffold or the documents; if a figure cannot be found there, omit it.',
  forfeiture: 'State an amount once, as restitution; omit a forfeiture money judgment for the same amount.',
  staleEvents: 'Give hearings and deadlines the dates the scaffold currently shows; describe superseded dates only in the past tense or not at all.',
};

/** The correction block for a regeneration: each problem sentence quoted with what is wrong with it. */
export function correctionBlock(findings: GuardFinding[], ctx: Pick<GuardContext, 'todayUtc'>): string {
  const lines: string[] = [];
  const bySentence = new Map<string, GuardFinding[]>();
  for (const f of findings) bySentence.set(f.sentence, [...(bySentence.get(f.sentence) ?? []), f]);
  for (const [sentence, fs] of bySentence) {
    const problems = [...new Set(fs.map((f) => (f.guard === 'truthfulness' ? `"${f.match}" ${f.problem}` : f.problem)))];
    lines.push(`- "${sentence}" — ${problems.join('; ')}.`);
  }
  for (const g of new Set(findings.map((f) => f.guard))) lines.push(ADVICE[g]);
  if (findings.some((f) => f.guard === 'staleEvents')) lines.push(`TODAY (UTC) is ${ctx.todayUtc}.`);
  return lines.join('\n');
}

function quote(findings: GuardFinding[]): string {
  return [...new Set(findings.map((f) => `"${f.match}"`))].join(', ');
}

/**
 * Runs the guards in the order of spec §5 and returns the text to store. Each retry is a full
 * regeneration through `regenerate`; a failed regeneration is treated like a retry that did not
 * help (the deterministic fallback applies) and reported in `warnings`.
 */
export async function runGuards(firstDraft: string, ctx: GuardContext, regenerate: Regenerate): Promise<GuardResult> {
  const hits: GuardHits = { truthfulness: 0, grounding: 0, forfeiture: 0, staleEvents: 0 };
  const warnings: string[] = [];
  let retries = 0;
  let text = firstDraft.trim();
  if (!text) {
    warnings.push('empty draft: stored the refusal sentence');
    return { text: REFUSAL_SENTENCE, retries, hits, warnings };
  }
  if (isRefusal(text)) return { text: REFUSAL_SENTENCE, retries, hits, warnings };

  const retry = async (findings: GuardFinding[], tier: string): Promise<string | null> => {
    retries++;
    try {
      return (await regenerate(correctionBlock(findings, ctx))).trim();
    } catch (err) {
      warnings.push(`${tier}: regeneration failed (${(err as Error).message}); kept the earlier draft`);
      return null;
    }
  };
  const truth = (t: string) => truthfulnessFindings(t, ctx);
  const ground = (t: string) => groundingFindings(t, ctx);
  const orRefusal = (t: string, tier: string) => {
    if (t.trim()) return t;
    warnings.push(`${tier}: nothing left after stripping; stored the refusal sentence`);
    return REFUSAL_SENTENCE;
  };

  // Tiers 1–2: one retry, keep the better draft, warn, never block.
  const t1 = truth(text);
  if (t1.length) {
    hits.truthfulness = t1.length;
    const next = await retry(t1, 'truthfulness');
    let kept = t1;
    if (next !== null) {
      const t1b = next ? truth(next) : t1;
      if (next && t1b.length <= t1.length) {
        text = next;
        kept = t1b;
      }
    }
    warnings.push(`truthfulness: ${t1.length} finding(s) (${quote(t1)}); ${kept.length ? `${kept.length} remain (${quote(kept)})` : 'retry is clean'}`);
  }

  // Tier 3: retry; adopt if clean on 1–3, or if it has fewer grounding hits and no tier-1/2 hits; then strip.
  const g = ground(text);
  if (g.length) {
    hits.grounding = g.length;
    const next = await retry(g, 'grounding');
    if (next) {
      const gb = ground(next);
      const tb = truth(next);
      if (isRefusal(next) || (!tb.length && gb.length < g.length)) text = next;
    }
    const still = ground(text);
    if (still.length) {
      const flagged = new Set(still.map((f) => f.sentenceIndex));
      text = orRefusal(stripSentences(text, (_s, i) => flagged.has(i)), 'grounding');
      warnings.push(`grounding: stripped ${flagged.size} sentence(s) with unsupported figures (${quote(still)})`);
    }
  }

  // Tier 4: retry; adopt if clean on 1–4, else cut the forfeiture clause from the pre-retry draft.
  const f = forfeitureFindings(text);
  if (f.length) {
    hits.forfeiture = f.length;
    const next = await retry(f, 'forfeiture');
    if (next && (isRefusal(next) || (!truth(next).length && !ground(next).length && !forfeitureFindings(next).length))) {
      text = next;
    } else {
      text = orRefusal(cutRedundantForfeiture(text), 'forfeiture');
      warnings.push(`forfeiture: cut the forfeiture money judgment repeating the restitution (${quote(f)})`);
    }
  }

  // Tier 5: retry quoting current dates; adopt if clean on 1–5, else strip the stale sentences.
  const s = staleEventFindings(text, ctx);
  if (s.length) {
    hits.staleEvents = s.length;
    const next = await retry(s, 'stale event');
    const clean = (t: string) => !truth(t).length && !ground(t).length && !forfeitureFindings(t).length && !staleEventFindings(t, ctx).length;
    if (next && (isRefusal(next) || clean(next))) {
      text = next;
    } else {
      const flagged = new Set(s.map((x) => x.sentenceIndex));
      text = orRefusal(stripSentences(text, (_s, i) => flagged.has(i)), 'stale event');
      warnings.push(`stale event: stripped ${flagged.size} sentence(s) with dates the scaffold no longer shows (${quote(s)})`);
    }
  }

  // Always, no retry.
  const unattributed = removeOperatorAttribution(text);
  if (unattributed !== text) warnings.push('removed attribution to the operator or their note');
  text = unattributed.trim() ? unattributed : REFUSAL_SENTENCE;
  return { text: isRefusal(text) ? REFUSAL_SENTENCE : text, retries, hits, warnings };
}
