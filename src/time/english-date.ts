/**
 * The two en-US date styles the feeds and the index page print, written out instead of through
 * Intl.DateTimeFormat: the first Intl date formatter loads ICU's locale and calendar data, ~8 MB
 * of a process's memory, for a dozen English words. test/english-date.test.ts holds them equal to
 * Intl's output, day by day.
 */

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function fields(date: Date): { weekday: string; month: string; day: number; year: number } {
  // Intl throws on an invalid date; so does this.
  if (Number.isNaN(date.getTime())) throw new RangeError('Invalid time value');
  return { weekday: WEEKDAYS[date.getUTCDay()]!, month: MONTHS[date.getUTCMonth()]!, day: date.getUTCDate(), year: date.getUTCFullYear() };
}

/** "Tuesday, March 10, 2026": en-US { weekday: 'long', year/day: 'numeric', month: 'long' } of the UTC date. */
export function longEnglishDate(date: Date): string {
  const f = fields(date);
  return `${f.weekday}, ${f.month} ${f.day}, ${f.year}`;
}

/** "Tue, Mar 10, 2026": en-US { weekday: 'short', month: 'short', day/year: 'numeric' } of the UTC date. */
export function shortEnglishDate(date: Date): string {
  const f = fields(date);
  return `${f.weekday.slice(0, 3)}, ${f.month.slice(0, 3)} ${f.day}, ${f.year}`;
}
