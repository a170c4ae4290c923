/**
 * Row keys (spec §6): kebab-case, no dates. Hearings are "<family>[-<surname>]" (surname only in
 * multi-defendant cases); deadlines say who files what ("response-to-motion-42",
 * "joint-status-report"). A base already used by a finished row gets the next "-N".
 */

export function slugify(text: string, maxTokens = 8): string {
  const tokens = text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/['’]s\b/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean)
    .slice(0, maxTokens);
  return tokens.join('-');
}

export function hearingKeyBase(family: string, surname: string | null, multiDefendant: boolean): string {
  const base = slugify(family) || 'hearing';
  return multiDefendant && surname ? `${base}-${slugify(surname)}` : base;
}

/** Splits "status-conf-3" into base "status-conf" and sequence 3 (a bare base is sequence 1). */
export function splitSequence(key: string): { base: string; seq: number } {
  const m = /^(.*?)-(\d{1,2})$/.exec(key);
  if (m && Number(m[2]) >= 2 && Number(m[2]) <= 50) return { base: m[1]!, seq: Number(m[2]) };
  return { base: key, seq: 1 };
}

/** Where `key` stands in the sequence base, base-2, base-3 …: 1 for base itself, n for base-n, 0 outside it. */
function sequenceIn(base: string, key: string): number {
  if (key === base) return 1;
  // base-n with one or two digits; checked without a regex, since a resolver asks it of every key.
  const extra = key.length - base.length;
  if ((extra !== 2 && extra !== 3) || key.charCodeAt(base.length) !== 45 /* - */ || !key.startsWith(base)) return 0;
  let n = 0;
  for (let i = base.length + 1; i < key.length; i++) {
    const c = key.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return 0;
    n = n * 10 + c;
  }
  return n;
}

/**
 * The first unused key in the sequence base, base-2, base-3 … after every key already taken: the
 * keys given, and those of the rows given (a resolver's rows, read in place instead of listed).
 */
export function nextSequentialKey(base: string, taken: Iterable<string>, takenRows: Iterable<{ key: string }> = []): string {
  let max = 0;
  for (const key of taken) max = Math.max(max, sequenceIn(base, key));
  for (const row of takenRows) max = Math.max(max, sequenceIn(base, row.key));
  return max === 0 ? base : `${base}-${max + 1}`;
}

const PARTY_WORDS: Array<[RegExp, string]> = [
  [/\bE\/Res\b|\bappellees?\b/i, 'appellee'],
  [/\bA\/Pet\b|\bappellants?\b/i, 'appellant'],
  [/\bpetitioners?\b/i, 'petitioner'],
  [/\brespondents?\b/i, 'respondent'],
  [/\b(?:government|united\s+states|usa|govt)\b/i, 'govt'],
  [/\bdefen(?:dants?|se|ce)\b|\bdft\b/i, 'defendant'],
  [/\bplaintiffs?\b|\bpltf\b/i, 'plaintiff'],
  [/\bdebtors?\b/i, 'debtor'],
  [/\bparties\b|\bjoint\b/i, 'joint'],
];

/** The filer a phrase names first, as a key token: govt, defendant, plaintiff, appellant, appellee … */
export function partySlug(phrase: string): string | null {
  let best: { at: number; slug: string } | null = null;
  for (const [re, slug] of PARTY_WORDS) {
    const m = re.exec(phrase);
    if (m && (!best || m.index < best.at)) best = { at: m.index, slug };
  }
  return best?.slug ?? null;
}

/** Every filer a phrase names, in order ("the Government and the defendant shall each file"). */
export function partySlugs(phrase: string): string[] {
  const found: Array<{ at: number; slug: string }> = [];
  for (const [re, slug] of PARTY_WORDS) {
    const m = re.exec(phrase);
    if (m) found.push({ at: m.index, slug });
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.slug);
}
