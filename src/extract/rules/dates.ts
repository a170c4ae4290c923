/**
 * Calendar dates as clerks write them: 5/28/2026, 05/28/26, 2026-05-28, May 28, 2026, May 28 2026,
 * 28 May 2026, Sept. 3, 2026. Impossible dates (2/30/2026) are not dates.
 */

export interface DateMatch {
  iso: string; // YYYY-MM-DD
  index: number; // offset of the match in the searched text
  end: number; // offset just past the match
  raw: string;
}

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};

const MONTH_NAME =
  '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';

const NUMERIC = /(?<![\d/.-])(\d{1,2})([/-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/]|-\d)/g;
const ISO = /(?<![\d/-])(\d{4})-(\d{2})-(\d{2})(?![\d-])/g;
const MONTH_FIRST = new RegExp(`\\b(${MONTH_NAME})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,\\s*|\\s+)(\\d{4})(?!\\d)`, 'gi');
const DAY_FIRST = new RegExp(`(?<![\\d/])(\\d{1,2})(?:st|nd|rd|th)?\\s+(${MONTH_NAME})\\.?,?\\s+(\\d{4})(?!\\d)`, 'gi');

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** YYYY-MM-DD for a real calendar day, else null. */
export function toIsoDate(year: number, month: number, day: number): string | null {
  if (year < 1900 || year > 2100 || month < 1 || month > 12 || day < 1 || day > 31) return null;
  const t = new Date(Date.UTC(year, month - 1, day));
  if (t.getUTCFullYear() !== year || t.getUTCMonth() !== month - 1 || t.getUTCDate() !== day) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

function expandYear(y: string): number {
  // Two-digit years are this century: dockets in CM/ECF start in the late 1990s at the earliest.
  return y.length === 2 ? 2000 + Number(y) : Number(y);
}

function monthNumber(name: string): number {
  return MONTHS[name.toLowerCase().slice(0, name.toLowerCase().startsWith('sept') ? 4 : 3)] ?? 0;
}

/**
 * Writes two-digit years out in full, in the century that puts them nearest the entry's filing
 * date: "3/17/99" on a 1999 docket is 1999, not 2099. Without a filing date, 20yy (the default).
 */
export function expandTwoDigitYears(text: string, dateFiled: string | null): string {
  const filedYear = dateFiled ? Number(dateFiled.slice(0, 4)) : NaN;
  if (!Number.isFinite(filedYear)) return text;
  return text.replace(NUMERIC, (whole, m: string, sep: string, d: string, y: string) => {
    if (y.length !== 2) return whole;
    const yy = Number(y);
    const candidates = [1900 + yy, 2000 + yy, 2100 + yy];
    const year = candidates.reduce((best, c) => (Math.abs(c - filedYear) < Math.abs(best - filedYear) ? c : best));
    return `${m}${sep}${d}${sep}${year}`;
  });
}

const DATE_LIST = new RegExp(`\\b(${MONTH_NAME})\\.?\\s+(\\d{1,2})((?:\\s*,\\s*\\d{1,2}){0,6})\\s*,?\\s*(?:and|&)\\s+(\\d{1,2}),?\\s+(\\d{4})(?!\\d)`, 'gi');

/**
 * Writes a list of days of one month out in full, so each is a date: "August 22, 23, and 24, 2031"
 * becomes "August 22, 2031, August 23, 2031, and August 24, 2031" (multi-day trials).
 */
export function expandDateLists(text: string): string {
  return text.replace(DATE_LIST, (_whole, month: string, first: string, middle: string, last: string, year: string) => {
    const days = [first, ...[...middle.matchAll(/\d{1,2}/g)].map((m) => m[0]), last];
    const dates = days.map((d) => `${month} ${d}, ${year}`);
    return `${dates.slice(0, -1).join(', ')}, and ${dates[dates.length - 1]}`;
  });
}

/** Every date in text, in order of appearance; overlapping matches keep the earliest, longest. */
export function findDates(text: string): DateMatch[] {
  const found: DateMatch[] = [];
  const push = (m: RegExpExecArray, iso: string | null) => {
    if (iso) found.push({ iso, index: m.index, end: m.index + m[0].length, raw: m[0] });
  };
  for (const m of text.matchAll(NUMERIC)) push(m, toIsoDate(expandYear(m[4]!), Number(m[1]), Number(m[3])));
  for (const m of text.matchAll(ISO)) push(m, toIsoDate(Number(m[1]), Number(m[2]), Number(m[3])));
  for (const m of text.matchAll(MONTH_FIRST)) push(m, toIsoDate(Number(m[3]), monthNumber(m[1]!), Number(m[2])));
  for (const m of text.matchAll(DAY_FIRST)) push(m, toIsoDate(Number(m[3]), monthNumber(m[2]!), Number(m[1])));
  found.sort((a, b) => a.index - b.index || b.end - a.end);
  const out: DateMatch[] = [];
  for (const d of found) {
    const last = out[out.length - 1];
    if (last && d.index < last.end) continue;
    out.push(d);
  }
  return out;
}

/** The single date a short string denotes ("5/28/2026", "May 28, 2026"), else null. */
export function parseDate(text: string): string | null {
  const all = findDates(text);
  return all.length === 1 ? all[0]!.iso : null;
}

/** Whole days from a to b (YYYY-MM-DD). */
export function daysBetween(a: string, b: string): number {
  return dayNumber(b) - dayNumber(a);
}

// Compared against every open row of a case for each entry: parse each date once.
const dayNumbers = new Map<string, number>();

function dayNumber(iso: string): number {
  let n = dayNumbers.get(iso);
  if (n === undefined) {
    n = Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
    if (dayNumbers.size > 50_000) dayNumbers.clear();
    dayNumbers.set(iso, n);
  }
  return n;
}
