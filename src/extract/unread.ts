import type { Action } from './actions.js';
import { isRelevant } from './prefilter.js';
import { findDates, toIsoDate } from './rules/dates.js';
import { entryText } from './rules/extract.js';
import { cleanDocketText } from './rules/footers.js';
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

/** Why an entry that yielded nothing should be looked at, or null when nothing in it suggests an event. */
export function unreadReason(entry: ExtractEntry, actions: Action[]): string | null {
  if (actions.some((a) => a.type !== 'IGNORE')) return null;
  if (!isRelevant(entry)) return null;
  const text = cleanDocketText(entryText(entry));
  if (!text || isIgnoredShape(text)) return null;
  const cues = [...text.matchAll(CUE)].map((m) => ({ word: m[0], at: m.index ?? 0 }));
  if (cues.length === 0) return null;
  for (const d of [...findDates(text), ...spelledDates(text)]) {
    if (entry.dateFiled && d.iso < entry.dateFiled) continue;
    const cue = cues.find((c) => Math.abs(c.at - d.index) <= NEAR);
    if (cue) return `names ${d.iso} near "${cue.word.toLowerCase()}" but no setting, deadline or held record was read`;
  }
  return null;
}
