import type { Logger } from 'pino';

/**
 * Inline document links in summaries (spec §6). The model writes `[short action phrase](doc:Dn)`
 * using the tokens it was given; after the guards those become `[words](https://…)`, or bare words
 * when a document has no URL or the token was never supplied.
 */

export interface LinkMatch {
  start: number; // offset of "["
  end: number; // offset just past ")"
  words: string;
  target: string;
}

// One level of markdown link; no nested brackets, no whitespace or parentheses in the target.
const LINK = /\[([^[\]\n]+)\]\(([^()\s]+)\)/g;

/** Every `[words](target)` in text, in order. */
export function findLinks(text: string): LinkMatch[] {
  return [...text.matchAll(LINK)].map((m) => ({ start: m.index, end: m.index + m[0].length, words: m[1]!, target: m[2]! }));
}

/** The text a reader sees: each link replaced by its words. */
export function linkWords(text: string): string {
  return text.replace(LINK, '$1');
}

const DOC_TOKEN = /^doc:\s*d(\d+)$/i;

export interface ResolvedLinks {
  text: string;
  /** Tokens the model used that were never supplied (each once, in order of first use). */
  unknown: string[];
}

/**
 * Replaces `[words](doc:Dk)` by `[words](url)`. A token with a null URL (sealed, not on RECAP,
 * jury verdict forms) or an unknown token leaves the bare words. Any other link target is kept
 * only if it is one of the supplied URLs (so re-running is harmless); the model may not invent
 * URLs. Then tidies link boundaries to a fixpoint (see tidyLinkBoundaries).
 */
export function resolveDocLinks(text: string, tokens: Map<string, string | null>, log?: Logger): ResolvedLinks {
  const unknown: string[] = [];
  const supplied = new Set([...tokens.values()].filter((u): u is string => Boolean(u)));
  const resolved = text.replace(LINK, (whole, words: string, target: string) => {
    const doc = DOC_TOKEN.exec(target);
    if (doc) {
      const token = `D${Number(doc[1])}`;
      if (!tokens.has(token)) {
        if (!unknown.includes(token)) unknown.push(token);
        log?.warn({ token }, 'summary: link to an unknown document token dropped');
        return words;
      }
      const url = tokens.get(token);
      return url ? `[${words}](${url})` : words;
    }
    if (supplied.has(target)) return whole;
    log?.warn({ target }, 'summary: link to an unsupplied URL dropped');
    return words;
  });
  return { text: tidyLinkBoundaries(resolved), unknown };
}

const AUXILIARY_BEFORE = /(?<![\w'’\])\]])(was|were|is|are|be|been|has|have|had)(\s+)$/i;
const PREPOSITION_AFTER = /^(.*\S)(\s+)(of|to|with|for|on|in|against|upon|into)$/i;

/**
 * The link should cover the verb phrase and nothing after it: "was [sentenced to](u) 60 months"
 * becomes "[was sentenced](u) to 60 months". Repeats until nothing moves, so "has been
 * [dismissed](u)" absorbs both auxiliaries.
 */
export function tidyLinkBoundaries(text: string): string {
  let current = text;
  for (let guard = 0; guard < 1000; guard++) {
    const next = tidyOnce(current);
    if (next === current) return current;
    current = next;
  }
  return current;
}

function tidyOnce(text: string): string {
  for (const link of findLinks(text)) {
    const before = text.slice(0, link.start);
    const after = text.slice(link.end);
    const words = link.words.trim();
    if (words !== link.words) {
      // Whitespace inside the brackets belongs outside them (once, and never before punctuation).
      if (!words) return `${before}${link.words}${after}`;
      const lead = /^\s/.test(link.words) && before && !/\s$/.test(before) ? ' ' : '';
      const trail = /\s$/.test(link.words) && after && !/^[\s.,;:!?)]/.test(after) ? ' ' : '';
      return `${before}${lead}[${words}](${link.target})${trail}${after}`;
    }
    const aux = AUXILIARY_BEFORE.exec(before);
    if (aux) {
      return `${before.slice(0, aux.index)}[${aux[1]}${aux[2]}${words}](${link.target})${after}`;
    }
    const prep = PREPOSITION_AFTER.exec(words);
    if (prep) {
      return `${before}[${prep[1]}](${link.target})${prep[2]}${prep[3]}${after}`;
    }
  }
  return text;
}

export type SummaryRun = { text: string } | { text: string; url: string };

function isHttpsUrl(target: string): boolean {
  if (!/^https:\/\/[^\s<>"'`]+$/.test(target)) return false;
  try {
    return new URL(target).protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * Splits a stored summary into plain runs and links for renderers that escape HTML themselves.
 * Only https:// targets become links; any other markup stays as literal text so nothing is hidden.
 */
export function summaryRuns(text: string): SummaryRun[] {
  const runs: SummaryRun[] = [];
  const pushText = (t: string) => {
    if (!t) return;
    const last = runs[runs.length - 1];
    if (last && !('url' in last)) last.text += t;
    else runs.push({ text: t });
  };
  let at = 0;
  for (const link of findLinks(text)) {
    pushText(text.slice(at, link.start));
    if (isHttpsUrl(link.target)) runs.push({ text: link.words, url: link.target });
    else pushText(text.slice(link.start, link.end));
    at = link.end;
  }
  pushText(text.slice(at));
  return runs;
}
