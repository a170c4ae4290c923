import type { Action } from './actions.js';
import { isRelevant } from './prefilter.js';
import { findDates, toIsoDate } from './rules/dates.js';
import { readableText } from './rules/extract.js';
import { isIgnoredShape } from './rules/shapes.js';
import type { ExtractEntry } from './types.js';

/**
 * The safety net under extraction: an entry that names a date on or after its filing date close to
 * hearing or deadline words, yet gave no action, may hold a hearing the extractor could not read.
 * It is kept as *unread*, with the reason, so an operator (or, in hybrid mode, a model) looks at it
 * instead of it being dropped in silence.
 */

// Words that make a nearby future date look like a setting or a due date.
const CUE =
  /\b(?:hearings?|confer\w*|trials?|sentencing|arraignments?|arguments?|appear\w*|proceedings?|status|o'?clock|calendar(?:ed)?|docket\s+call|set|reset|rescheduled|continued|adjourned|postponed|moved|due|deadlines?|file[ds]?|filing|submit(?:ted)?|respon(?:d|se)s?|repl(?:y|ies)|briefs?|before\s+(?:the\s+)?(?:hon\w*\s+)?(?:magistrate\s+)?judge|courtroom|a\.?m\.?|p\.?m\.?)\b/gi;
const NEAR = 90; // characters between the cue and the date

// "the second day of February, 2031", "this 3rd day of May 2031": formal orders spell dates out.
const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'eleventh', 'twelfth', 'thirteenth', 'fourteenth', 'fifteenth', 'sixteenth', 'seventeenth', 'eighteenth', 'nineteenth', 'twentieth'];
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const DAY_OF = new RegExp(
  String.raw`\b(\d{1,2})?(?:st|nd|rd|th)?\s*(twenty|thirty)?-?\s*(${ORDINALS.join('|')})?\s+day\s+of\s+(${MONTHS.join('|')}),?\s+(\d{4})\b`,
  'gi',
);

/** Spelled-out "Nth day of Month, YYYY" dates, which the rules' date reader does not take. */
function spelledDates(text: string): Array<{ iso: string; index: number }> {
  const out: Array<{ iso: string; index: number }> = [];
  for (const m of text.matchAll(DAY_OF)) {
    const tens = m[2] ? (m[2].toLowerCase() === 'twenty' ? 20 : 30) : 0;
    const ordinal = m[3] ? ORDINALS.indexOf(m[3].toLowerCase()) + 1 : 0;
    const day = m[1] ? Number(m[1]) : tens + (tens && ordinal === 20 ? 0 : ordinal);
    const month = MONTHS.indexOf(m[4]!.toLowerCase()) + 1;
    const iso = toIsoDate(Number(m[5]), month, day);
    if (iso) out.push({ iso, index: m.index ?? 0 });
  }
  return out;
}

/**
 * Where a read entry cites other filings or excludes time, not where it sets anything: "(RE: related
 * document(s) 67 Motion … Objections due by …)", "Time excluded from … until …".
 */
function citedSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const m of text.matchAll(/\((?:RE:\s*)?related\s+doc[^)]*\)/gi)) spans.push([m.index ?? 0, (m.index ?? 0) + m[0].length]);
  for (const m of text.matchAll(/\btime\s+(?:is\s+)?excluded\s+from\b[^.;)]{0,60}/gi)) spans.push([m.index ?? 0, (m.index ?? 0) + m[0].length]);
  return spans;
}

/** The old date of a move: "set for <d> is RESET to", "rescheduled from <d>", "now set for <d> to <d2>". */
function isOldDate(text: string, at: number): boolean {
  const before = text.slice(Math.max(0, at - 30), at);
  if (/\b(?:from|previously\s+(?:set|scheduled)\s+(?:for|on))\s+(?:\w+day,?\s+)?$/i.test(before)) return true;
  const after = text.slice(at, at + 70);
  return /^[^.;]{0,45}?\b(?:(?:is|are|be|been|hereby)\s+)*(?:re-?set|re-?scheduled|continued|adjourned|moved|postponed|vacated|stricken|cancell?ed|terminated|advanced)\b/i.test(after) || /^\S+(?:\s+at\s+\d{1,2}(?::\d\d)?\s*[ap]\.?m\.?)?\s+to\s+\d/i.test(after);
}

/** The dates of the rows already on the calendar: an entry that cites one is not naming a new event. */
export interface KnownDates {
  knownHearings: ReadonlyArray<{ localDate: string | null }>;
  knownDeadlines: ReadonlyArray<{ localDate: string | null }>;
}

// A case's known rows are shared by every entry read until one of them changes: collect their
// dates once per list, and only when a date needs the check.
const datesOfLists = new WeakMap<object, Set<string>>();

function knownDates(known: KnownDates): Set<string> {
  const cached = datesOfLists.get(known.knownHearings);
  if (cached && datesOfLists.get(known.knownDeadlines) === cached) return cached;
  const dates = new Set<string>();
  for (const row of known.knownHearings) if (row.localDate) dates.add(row.localDate);
  for (const row of known.knownDeadlines) if (row.localDate) dates.add(row.localDate);
  // Frozen lists (the store's) cannot change under the cache; a caller's own arrays might.
  if (Object.isFrozen(known.knownHearings) && Object.isFrozen(known.knownDeadlines)) {
    datesOfLists.set(known.knownHearings, dates);
    datesOfLists.set(known.knownDeadlines, dates);
  }
  return dates;
}

/**
 * Why an entry should be looked at, or null when everything in it that looks like an event was read.
 * An entry that yielded nothing is unread when it names a coming date near hearing or deadline words.
 * An entry that yielded something is *partly* unread when it names such a date that none of its
 * actions uses and no known row holds: "Motion hearing set for 5/1; responses due 4/20" read as the
 * hearing alone would otherwise lose the deadline in silence.
 */
export function unreadReason(entry: ExtractEntry, actions: Action[], known?: KnownDates): string | null {
  if (!isRelevant(entry)) return null;
  const { text } = readableText(entry);
  if (!text || isIgnoredShape(text)) return null;
  const cues = [...text.matchAll(CUE)].map((m) => ({ word: m[0], at: m.index ?? 0 }));
  if (cues.length === 0) return null;
  const effective = actions.filter((a) => a.type !== 'IGNORE');
  const accounted = new Set<string>();
  for (const a of effective) if (a.local_date) accounted.add(a.local_date);
  const asides = effective.length ? citedSpans(text) : [];
  for (const d of [...findDates(text), ...spelledDates(text)]) {
    if (entry.dateFiled && d.iso < entry.dateFiled) continue;
    if (accounted.has(d.iso)) continue;
    if (effective.length && known && knownDates(known).has(d.iso)) continue;
    if (effective.length && (d.iso === entry.dateFiled || isOldDate(text, d.index) || asides.some(([a, b]) => d.index >= a && d.index < b))) continue;
    const cue = cues.find((c) => Math.abs(c.at - d.index) <= NEAR);
    if (!cue) continue;
    return effective.length
      ? `partly read: names ${d.iso} near "${cue.word.toLowerCase()}", which none of its ${effective.length} action(s) reads`
      : `names ${d.iso} near "${cue.word.toLowerCase()}" but no setting, deadline or held record was read`;
  }
  return null;
}
