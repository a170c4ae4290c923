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

/** The first unused key in the sequence base, base-2, base-3 … after every key already taken. */
export function nextSequentialKey(base: string, taken: Iterable<string>): string {
  let max = 0;
  for (const key of taken) {
    if (key === base) max = Math.max(max, 1);
    const m = /^(.*)-(\d{1,2})$/.exec(key);
    if (m && m[1] === base) max = Math.max(max, Number(m[2]));
  }
  return max === 0 ? base : `${base}-${max + 1}`;
}

const PARTY_SLUGS: Array<[RegExp, string]> = [
  [/\b(?:the\s+)?(?:government|united\s+states|usa|u\.s\.a?\.?|govt)\b/i, 'govt'],
  [/\b(?:a\/pet|appellants?|petitioners?)\b/i, ''], // resolved below to keep the exact word
  [/\bdefen(?:dants?|se|ce)\b|\bdft\b/i, 'defendant'],
  [/\bplaintiffs?\b|\bpltf\b/i, 'plaintiff'],
  [/\bdebtors?\b/i, 'debtor'],
  [/\bparties\b|\bjoint\b/i, 'joint'],
];

/** The filer named in a phrase, as a key token: govt, defendant, plaintiff, appellant, appellee … */
export function partySlug(phrase: string): string | null {
  if (/\bE\/Res\b|\bappellees?\b/i.test(phrase)) return 'appellee';
  if (/\bA\/Pet\b|\bappellants?\b/i.test(phrase)) return 'appellant';
  if (/\bpetitioners?\b/i.test(phrase)) return 'petitioner';
  if (/\brespondents?\b/i.test(phrase)) return 'respondent';
  for (const [re, slug] of PARTY_SLUGS) if (slug && re.test(phrase)) return slug;
  return null;
}
