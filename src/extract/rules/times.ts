/**
 * Clock times as clerks write them: 10:00 AM, 10:00 a.m., 3 PM, 3:00 p.m., 15:00, noon.
 * Returned as 24-hour HH:MM court-local wall clock; zone tags such as "(Eastern Time)" are ignored.
 */

export interface TimeMatch {
  hhmm: string;
  index: number;
  end: number;
}

const TWELVE_HOUR = /(?<![\d:])(\d{1,2})(?::(\d{2}))?(?::\d{2})?\s*(?:o['’]?clock\s*)?([ap])\.?\s?m\b\.?/gi;
const NOON = /\bnoon\b/gi;
// Bare 24-hour clock: only after "at"/"@", or an afternoon hour, so "Rule 2:10" style noise is rare.
const TWENTY_FOUR = /(?<![\d:/.])(?:(?<at>\bat\s+|@\s*)([01]?\d|2[0-3])|(1[3-9]|2[0-3])):([0-5]\d)(?![\d:]|\s*[ap]\.?\s?m\b)/gi;
// "set for 3:00 6/23/2031": a bare clock time right before a date.
const BEFORE_DATE = /(?<![\d:/.])(\d{1,2}):([0-5]\d)(?=\s+\d{1,2}[/-]\d{1,2}[/-]\d{2,4})/g;

/** A bare hour is read in court hours: 1:00–6:59 is the afternoon (3:00 is 15:00), 7–12 the morning and noon. */
function courtHour(hour: number): number {
  return hour >= 1 && hour <= 6 ? hour + 12 : hour;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function twelveToTwentyFour(hour: number, minute: number, meridiem: string): string | null {
  if (hour < 1 || hour > 12 || minute > 59) return null;
  const pm = meridiem.toLowerCase() === 'p';
  const h = hour % 12 + (pm ? 12 : 0);
  return `${pad(h)}:${pad(minute)}`;
}

export function findTimes(text: string): TimeMatch[] {
  const found: TimeMatch[] = [];
  for (const m of text.matchAll(TWELVE_HOUR)) {
    const hhmm = twelveToTwentyFour(Number(m[1]), Number(m[2] ?? '0'), m[3]!);
    if (hhmm) found.push({ hhmm, index: m.index, end: m.index + m[0].length });
  }
  for (const m of text.matchAll(NOON)) found.push({ hhmm: '12:00', index: m.index, end: m.index + m[0].length });
  for (const m of text.matchAll(BEFORE_DATE)) {
    const hour = Number(m[1]);
    if (hour <= 12) found.push({ hhmm: `${pad(courtHour(hour))}:${m[2]}`, index: m.index, end: m.index + m[0].length });
  }
  for (const m of text.matchAll(TWENTY_FOUR)) {
    const hour = m[2] !== undefined ? courtHour(Number(m[2])) : Number(m[3]);
    const start = m.index + (m.groups?.at?.length ?? 0);
    found.push({ hhmm: `${pad(hour)}:${m[4]}`, index: start, end: m.index + m[0].length });
  }
  found.sort((a, b) => a.index - b.index);
  const out: TimeMatch[] = [];
  for (const t of found) {
    const last = out[out.length - 1];
    if (last && t.index < last.end) continue;
    out.push(t);
  }
  return out;
}

/** The single time a short string denotes ("3 PM", "15:00", "noon"), else null. */
export function parseTime(text: string): string | null {
  const bare = /^\s*([01]?\d|2[0-3]):([0-5]\d)\s*$/.exec(text);
  if (bare) return `${pad(Number(bare[1]))}:${bare[2]}`;
  const all = findTimes(text);
  return all.length === 1 ? all[0]!.hhmm : null;
}
