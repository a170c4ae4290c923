import type { DeadlineType } from '../actions.js';

/**
 * Word-level normalisation so "Government's Responses", "govt-response" and "USA response" compare
 * equal: canonical party words, singular filing nouns, common docket abbreviations expanded.
 */

const STOP = new Set([
  'the', 'a', 'an', 'to', 'of', 'for', 'and', 'any', 'all', 'in', 'on', 'with', 'its', 'their', 'his', 'her', 'by',
  'be', 'filed', 'file', 'shall', 'is', 'are', 'due', 'deadline', 'set', 'if', 'or', 'each', 'this', 'that', 'court',
  'now', 'will', 'may', 'must', 'ecf', 'no', 'dkt', 'doc', 'date', 'submission', 'submit', 'serve', 'which', 'as',
]);

const CANONICAL: Record<string, string> = {
  government: 'govt', governments: 'govt', usa: 'govt', gov: 'govt',
  defendants: 'defendant', defense: 'defendant', defence: 'defendant', dft: 'defendant', def: 'defendant',
  plaintiffs: 'plaintiff', pltf: 'plaintiff', appellants: 'appellant', appellees: 'appellee',
  petitioners: 'petitioner', respondents: 'respondent', parties: 'joint', debtors: 'debtor',
  responses: 'response', replies: 'reply', briefs: 'brief', motions: 'motion', copies: 'copy', excerpts: 'excerpt',
  objections: 'objection', object: 'objection', oppositions: 'opposition', oppose: 'opposition', memoranda: 'memorandum', memo: 'memorandum', memos: 'memorandum',
  reports: 'report', letters: 'letter', statements: 'statement', answers: 'answer', forms: 'form', orders: 'order',
  disclosures: 'disclosure', instructions: 'instruction', declarations: 'declaration', appendices: 'appendix',
  proofs: 'proof', claims: 'claim', acknowledgement: 'acknowledgment', ack: 'acknowledgment', supp: 'supplemental',
  mots: 'motion', mot: 'motion', opp: 'opposition', resp: 'response', conf: 'conference', msj: 'summary judgment motion',
  mtd: 'dismiss motion', mtds: 'dismiss motion', mil: 'limine', psr: 'presentence report', cmp: 'case management plan',
  cmc: 'case management conference', pet: 'petitioner', res: 'respondent', ddl: '', intent: 'intent',
};

// Known rows' keys and titles are tokenised again for every entry of a docket; remember them.
const tokenCache = new Map<string, readonly string[]>();
const TOKEN_CACHE_LIMIT = 20_000;

export function conceptTokens(text: string): string[] {
  let cached = tokenCache.get(text);
  if (!cached) {
    cached = tokenize(text);
    if (tokenCache.size >= TOKEN_CACHE_LIMIT) tokenCache.clear();
    tokenCache.set(text, cached);
  }
  return [...cached];
}

function tokenize(text: string): string[] {
  const words = text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/\ba\/pet\b/g, 'appellant')
    .replace(/\be\/res\b/g, 'appellee')
    .replace(/\bunited\s+states\b/g, 'govt')
    .replace(/['’]s\b/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .replace(/([a-z])(\d)/g, '$1 $2')
    .trim()
    .split(' ')
    .filter(Boolean);
  const out: string[] = [];
  for (const w of words) {
    const mapped = CANONICAL[w] ?? w;
    for (const t of mapped.split(' ')) if (t && !STOP.has(t) && !out.includes(t)) out.push(t);
  }
  return out;
}

export const PARTY_TOKENS = new Set(['govt', 'defendant', 'plaintiff', 'appellant', 'appellee', 'petitioner', 'respondent', 'joint', 'debtor', 'amicus']);

export function partyOf(tokens: string[]): string | null {
  return tokens.find((t) => PARTY_TOKENS.has(t)) ?? null;
}

/** Filing-kind families that must not be confused: a reply never satisfies a response deadline. */
function kindClass(type: DeadlineType | null): string | null {
  if (!type || type === 'other') return null;
  if (type === 'response' || type === 'opposition' || type === 'answer') return 'response';
  return type;
}

export function kindsConflict(a: DeadlineType | null, b: DeadlineType | null): boolean {
  const ka = kindClass(a);
  const kb = kindClass(b);
  return ka !== null && kb !== null && ka !== kb;
}

/** What two descriptions share, counted in one pass without filtered copies (ignored words left out). */
interface Overlap {
  partiesA: number;
  partiesB: number;
  /** Some party word of a is in b. */
  partyShared: boolean;
  contentA: number;
  contentB: number;
  /** Content words of a (each occurrence) that b has. */
  shared: number;
}

function overlap(a: readonly string[], b: readonly string[], ignore: ReadonlySet<string>): Overlap {
  const o: Overlap = { partiesA: 0, partiesB: 0, partyShared: false, contentA: 0, contentB: 0, shared: 0 };
  for (const t of a) {
    if (ignore.has(t)) continue;
    const inB = b.includes(t);
    if (PARTY_TOKENS.has(t)) {
      o.partiesA++;
      o.partyShared ||= inB;
    } else {
      o.contentA++;
      if (inB) o.shared++;
    }
  }
  for (const t of b) {
    if (ignore.has(t)) continue;
    if (PARTY_TOKENS.has(t)) o.partiesB++;
    else o.contentB++;
  }
  return o;
}

function similarityOf(o: Overlap): number {
  if ((o.partiesA && o.partiesB && !o.partyShared) || !o.contentA || !o.contentB) return 0;
  return o.shared / Math.min(o.contentA, o.contentB);
}

function agreeOf(o: Overlap): boolean {
  return similarityOf(o) >= 0.75 && (o.shared >= 2 || o.shared / Math.max(o.contentA, o.contentB) >= 0.5);
}

/**
 * How well two who-files-what descriptions agree, 0..1: shared content words over the shorter
 * description; 0 when they name different filers. Ignored words (a defendant's surname) do not count.
 */
export function conceptSimilarity(a: readonly string[], b: readonly string[], ignore: ReadonlySet<string> = new Set()): number {
  return similarityOf(overlap(a, b, ignore));
}

/**
 * Whether two who-files-what descriptions name the same filing: most of the shorter one's words
 * are shared, and a one-word description ("Motions") does not swallow a long specific one.
 */
export function descriptionsAgree(a: readonly string[], b: readonly string[], ignore: ReadonlySet<string> = new Set()): boolean {
  return agreeOf(overlap(a, b, ignore));
}

/**
 * conceptSimilarity when descriptionsAgree holds, else 0, from one count: a deadline finding is
 * scored this way against every known row of the case.
 */
export function agreedSimilarity(a: readonly string[], b: readonly string[], ignore: ReadonlySet<string>): number {
  const o = overlap(a, b, ignore);
  return agreeOf(o) ? similarityOf(o) : 0;
}

const TYPE_WORDS: Array<[RegExp, DeadlineType]> = [
  [/\b(?:sur-?)?repl(?:y|ies)\b/, 'reply'],
  [/\boppositions?\b|\bobjections?\b/, 'opposition'],
  [/\bresponses?\b|\brespond\b/, 'response'],
  [/\bamicus\b/, 'amicus'],
  [/\bbriefs?\b/, 'brief'],
  [/\banswers?\b|\bresponsive\s+pleadings?\b/, 'answer'],
  [/\bproposed\s+orders?\b/, 'proposed_order'],
  [/\bstatus\s+(?:report|letter|update)|\bjoint\s+(?:status\s+)?(?:report|letter)|case\s+management\s+(?:statement|report)|\bmediation\s+status\b/, 'status_report'],
  [/\bmemorand(?:um|a)\b|\bmemos?\b/, 'memo'],
];

/**
 * Spec §5 deadline_type from the words of a filing description: the first filing noun named
 * ("response to the memorandum in opposition" is a response), supplemental only when nothing else fits.
 */
export function deadlineTypeOf(what: string): DeadlineType {
  // A response to the complaint is the answer (or a motion in its place), whatever the order calls it.
  const w = what.toLowerCase().replace(/\bresponsive\s+pleadings?\b|\brespon(?:se|d)\s+(?:to\s+)?(?:[\w'’]+\s+){0,2}?(?:amended\s+)?complaint\b/g, 'answer');
  if (/\bpaper\s+cop(?:y|ies)\b/.test(w)) return 'other';
  let best: { at: number; type: DeadlineType } | null = null;
  for (const [re, type] of TYPE_WORDS) {
    const m = re.exec(w);
    if (m && (!best || m.index < best.at)) best = { at: m.index, type };
  }
  if (best) return best.type;
  if (/\bsupplement(?:al)?\b|\bdeclarations?\b/.test(w)) return 'supplemental';
  return 'other';
}
