import { describe, expect, it } from 'vitest';
import { longEnglishDate, shortEnglishDate } from '../src/time/english-date.js';

describe('English dates written out instead of through Intl', () => {
  it('match Intl en-US, long and short, for every day from 1899 to 2101', () => {
    const long = new Intl.DateTimeFormat('en-US', { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
    const short = new Intl.DateTimeFormat('en-US', { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
    let days = 0;
    const wrong: string[] = [];
    for (let t = Date.UTC(1899, 0, 1); t < Date.UTC(2102, 0, 1); t += 86_400_000) {
      const d = new Date(t);
      if (longEnglishDate(d) !== long.format(d) || shortEnglishDate(d) !== short.format(d)) wrong.push(d.toISOString());
      days++;
    }
    expect(wrong).toEqual([]);
    expect(days).toBeGreaterThan(73_000);
    // Three-digit years and the last four-digit one as Intl writes them.
    for (const d of [new Date(Date.UTC(999, 0, 1)), new Date(Date.UTC(9999, 11, 31))]) {
      expect(longEnglishDate(d)).toBe(long.format(d));
      expect(shortEnglishDate(d)).toBe(short.format(d));
    }
  });

  it('refuse an invalid date as Intl does', () => {
    expect(() => longEnglishDate(new Date(Number.NaN))).toThrow(RangeError);
    expect(() => shortEnglishDate(new Date(Number.NaN))).toThrow(RangeError);
  });
});
