/**
 * Time as CourtListener shows it: instants rendered in the server's zone (America/Los_Angeles) with
 * offset and microseconds, query values parsed the way Django's DateTimeField does, and a clock
 * that never hands out the same instant twice. Instants are integer microseconds since the epoch.
 */

import { offsetAt } from '../time/zone.js';

const SERVER_TIME_ZONE = 'America/Los_Angeles';
const MICROS_PER_MS = 1000;

const HOUR_MS = 3_600_000;
const offsetByUtcHour = new Map<number, number>();

/**
 * Offset of Pacific time from UTC at an instant, in minutes (-480 in winter, -420 in summer).
 * Los Angeles changes offset only on whole UTC hours, so one Intl lookup per hour is cached; that
 * keeps bulk generation (thousands of timestamps) cheap.
 */
function pacificOffsetMinutes(epochMs: number): number {
  const hour = Math.floor(epochMs / HOUR_MS);
  let offset = offsetByUtcHour.get(hour);
  if (offset === undefined) {
    offset = Math.round(offsetAt(hour * HOUR_MS, SERVER_TIME_ZONE) / 60_000);
    if (offsetByUtcHour.size >= 100_000) offsetByUtcHour.clear();
    offsetByUtcHour.set(hour, offset);
  }
  return offset;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `2026-03-09T10:15:42.123456-07:00`: the shape of every CourtListener timestamp. */
export function formatPacificTimestamp(micros: number): string {
  const epochMs = Math.floor(micros / MICROS_PER_MS);
  const offset = pacificOffsetMinutes(epochMs);
  const wall = new Date(epochMs + offset * 60_000);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const fraction = pad(((micros % 1_000_000) + 1_000_000) % 1_000_000, 6);
  return (
    `${wall.getUTCFullYear()}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}` +
    `T${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}:${pad(wall.getUTCSeconds())}` +
    `.${fraction}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/** The Pacific calendar date (YYYY-MM-DD) of an instant, for default filing dates. */
export function pacificDate(micros: number): string {
  return formatPacificTimestamp(micros).slice(0, 10);
}

// Django's parse_datetime shape (T or space; optional seconds, fraction and zone) or a bare date.
// A "+" left unencoded in a URL arrives as a space and so fails here, as it does on the real server.
const DATETIME_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,12}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/**
 * A filter value → microseconds since the epoch, or null when it is not a valid date/time. Values
 * without a zone are read as server-local (Pacific) time, as Django does with USE_TZ.
 */
export function parseInstant(value: string): number | null {
  const m = DATETIME_RE.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, hh = '00', mi = '00', ss = '00', frac = '', zone] = m;
  const fields = [Number(y), Number(mo), Number(d), Number(hh), Number(mi), Number(ss)] as const;
  const naiveMs = Date.UTC(fields[0], fields[1] - 1, fields[2], fields[3], fields[4], fields[5]);
  const check = new Date(naiveMs);
  if (
    check.getUTCFullYear() !== fields[0] ||
    check.getUTCMonth() !== fields[1] - 1 ||
    check.getUTCDate() !== fields[2] ||
    check.getUTCHours() !== fields[3] ||
    check.getUTCMinutes() !== fields[4] ||
    check.getUTCSeconds() !== fields[5]
  ) {
    return null;
  }
  const micros = Number(frac.slice(0, 6).padEnd(6, '0'));
  let epochMs: number;
  if (zone === undefined) {
    // Two passes settle the offset on either side of a DST change.
    const guess = naiveMs - pacificOffsetMinutes(naiveMs) * 60_000;
    epochMs = naiveMs - pacificOffsetMinutes(guess) * 60_000;
  } else if (zone.toUpperCase() === 'Z') {
    epochMs = naiveMs;
  } else {
    const digits = zone.slice(1).replace(':', '');
    const hours = Number(digits.slice(0, 2));
    const minutes = Number(digits.slice(2, 4) || '0');
    if (hours > 23 || minutes > 59) return null;
    const sign = zone.startsWith('-') ? -1 : 1;
    epochMs = naiveMs - sign * (hours * 60 + minutes) * 60_000;
  }
  return epochMs * MICROS_PER_MS + micros;
}

/**
 * Hands out strictly increasing instants: at least one millisecond after the previous one, even
 * when the source clock stands still or steps back, because clients page with `date_modified__gt`
 * and two mutations sharing an instant would make one of them invisible. The sub-millisecond digits
 * are filled from a counter so rendered timestamps carry six significant fractional digits, like
 * PostgreSQL's, and a client that drops microseconds gets caught.
 */
export class MonotonicClock {
  private lastMs = Number.NEGATIVE_INFINITY;
  private ticks = 0;

  constructor(private readonly source: () => Date) {}

  /** The next instant, in microseconds since the epoch. */
  tick(): number {
    const sourceMs = this.source().getTime();
    if (!Number.isFinite(sourceMs)) throw new Error('FakeCourtListener clock returned an invalid Date');
    const ms = Math.max(Math.floor(sourceMs), this.lastMs + 1);
    this.lastMs = ms;
    this.ticks += 1;
    // 379 is coprime with 1000, so consecutive ticks cycle through every sub-millisecond value.
    return ms * MICROS_PER_MS + ((this.ticks * 379) % 1000);
  }

  /** Makes later ticks fall after an instant that was set explicitly (seeded data). */
  observe(micros: number): void {
    this.lastMs = Math.max(this.lastMs, Math.floor(micros / MICROS_PER_MS));
  }
}
