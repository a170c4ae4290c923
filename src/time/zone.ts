/**
 * Court-local wall clock <-> UTC instants, using the runtime's IANA database through Intl
 * (no dependency, DST-safe). A wall-clock time that does not exist (spring-forward gap) maps to the
 * instant one hour later, as calendar apps do; an ambiguous one (fall-back) maps to the first.
 *
 * The build reads the courts' zones through this same Intl code once and keeps the result
 * (dist/zones.json: zone-table.ts writes it, zone-file.ts reads it). A run on the Node whose tz data
 * made it reads the file instead of Intl: the first Intl time-zone formatter costs a process ~8 MB
 * of ICU data pages and each zone-year ~400 format calls. Another tz or ICU version, a zone or year
 * the file lacks, or no file at all (tests running the sources) takes the Intl way.
 */

import { keptTable, keptYear, setZoneTable, type ZoneTable } from './zone-file.js';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const nameFormatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's short name at an instant through Intl, as US readers know it (EST, PDT, HST; "GMT+10" where en-US has none). */
export function intlZoneName(timeZone: string, epochMs: number): string {
  let f = nameFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'short' });
    nameFormatters.set(timeZone, f);
  }
  return f.formatToParts(new Date(epochMs)).find((p) => p.type === 'timeZoneName')?.value ?? '';
}

export function isValidTimeZone(timeZone: string): boolean {
  if (keptTable()?.zones[timeZone]) return true; // read from Intl by the build
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** "03/08/2026, 02:00:00" as en-US writes it with the options above (years of four or more digits). */
const FORMATTED = /^(\d{2})\/(\d{2})\/(\d{4,}), (\d{2}):(\d{2}):(\d{2})$/;

/** Wall clock through Intl: exact, but slow enough to matter in a hot loop (see offsetAt). */
function intlWallClock(epochMs: number, timeZone: string): WallClock {
  const f = formatter(timeZone);
  const date = new Date(epochMs);
  // format() and a fixed pattern cost a third of formatToParts(); other shapes take the long way.
  const m = FORMATTED.exec(f.format(date));
  if (m) {
    return { year: Number(m[3]), month: Number(m[1]), day: Number(m[2]), hour: Number(m[4]) % 24, minute: Number(m[5]), second: Number(m[6]) };
  }
  const parts: Record<string, number> = {};
  for (const p of f.formatToParts(date)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour! % 24,
    minute: parts.minute!,
    second: parts.second!,
  };
}

function intlOffsetMs(epochMs: number, timeZone: string): number {
  const w = intlWallClock(epochMs, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

const DAY_MS = 86_400_000;

/** From `start` on (until the next segment), the zone is `offsetMs` ahead of UTC. */
export interface OffsetSegment {
  start: number;
  offsetMs: number;
}

const yearSegments = new Map<string, OffsetSegment[]>();

/**
 * A zone's offsets over one UTC year (with two days' margin), found once through Intl: daily
 * probes, then a search to the second for each change. Later lookups are arithmetic, which makes
 * rendering a thousand-event feed fast.
 */
function segmentsOf(timeZone: string, year: number): OffsetSegment[] {
  const key = `${timeZone}|${year}`;
  let segments = yearSegments.get(key);
  if (!segments) {
    segments = keptSegments(timeZone, year) ?? intlSegments(timeZone, year);
    yearSegments.set(key, segments);
  }
  return segments;
}

/** A zone-year's segments read through Intl (what the build keeps in dist/zones.json). */
export function intlSegments(timeZone: string, year: number): OffsetSegment[] {
  const end = Date.UTC(year + 1, 0, 1) + 2 * DAY_MS;
  let t = Date.UTC(year, 0, 1) - 2 * DAY_MS;
  let offset = intlOffsetMs(t, timeZone);
  const segments: OffsetSegment[] = [{ start: Number.NEGATIVE_INFINITY, offsetMs: offset }];
  while (t < end) {
    const next = Math.min(t + DAY_MS, end);
    if (intlOffsetMs(next, timeZone) === offset) {
      t = next;
      continue;
    }
    let lo = t;
    let hi = next;
    while (hi - lo > 1000) {
      const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
      if (intlOffsetMs(mid, timeZone) === offset) lo = mid;
      else hi = mid;
    }
    offset = intlOffsetMs(hi, timeZone);
    segments.push({ start: hi, offsetMs: offset });
    t = hi;
  }
  return segments;
}

/** For tests: use `t` (as a run would: only if its tz and ICU versions match), or none (null), or look for the file again (undefined). */
export function useZoneTable(t: ZoneTable | null | undefined): void {
  setZoneTable(t);
  yearSegments.clear();
}

function keptSegments(timeZone: string, year: number): OffsetSegment[] | null {
  const flat = keptYear(timeZone, year);
  if (!flat) return null;
  const segments: OffsetSegment[] = [{ start: Number.NEGATIVE_INFINITY, offsetMs: flat[0]! }];
  for (let i = 1; i + 1 < flat.length; i += 2) segments.push({ start: flat[i]!, offsetMs: flat[i + 1]! });
  return segments;
}

export interface OffsetChange {
  at: number; // epoch ms of the first instant with the new offset
  fromMs: number;
  toMs: number;
}

/** The zone's offset changes from 1 Jan `fromYear` to the end of `toYear` (UTC bounds), from the same tables. */
export function offsetChanges(timeZone: string, fromYear: number, toYear: number): OffsetChange[] {
  const found: OffsetChange[] = [];
  for (let year = fromYear; year <= toYear; year++) {
    const segments = segmentsOf(timeZone, year);
    const start = Date.UTC(year, 0, 1);
    const end = Date.UTC(year + 1, 0, 1);
    // Each year's table has two days' margin on both sides: keep only the changes inside the year.
    for (let i = 1; i < segments.length; i++) {
      const s = segments[i]!;
      if (s.start >= start && s.start < end) found.push({ at: s.start, fromMs: segments[i - 1]!.offsetMs, toMs: s.offsetMs });
    }
  }
  return found;
}

/** Offset (ms) of timeZone from UTC at the given instant (whole seconds). */
export function offsetAt(epochMs: number, timeZone: string): number {
  const segments = segmentsOf(timeZone, new Date(epochMs).getUTCFullYear());
  let i = segments.length - 1;
  while (i > 0 && segments[i]!.start > epochMs) i--;
  return segments[i]!.offsetMs;
}

export function wallClockAt(epochMs: number, timeZone: string): WallClock {
  if (!Number.isFinite(epochMs)) return intlWallClock(epochMs, timeZone);
  const d = new Date(epochMs + offsetAt(epochMs, timeZone));
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

/** Court-local date (YYYY-MM-DD) and optional time (HH:MM) in timeZone → epoch milliseconds. */
export function localToEpoch(date: string, time: string | null, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = (time ?? '00:00').split(':').map(Number) as [number, number];
  const naive = Date.UTC(y, m - 1, d, hh, mm);
  // Two passes settle the offset on either side of a DST change.
  const first = naive - offsetAt(naive, timeZone);
  const second = naive - offsetAt(first, timeZone);
  if (first === second) return first;
  // In a gap the two guesses disagree; pick the one whose wall clock is at or after the request.
  const wFirst = wallClockAt(first, timeZone);
  const firstMatches = wFirst.hour === hh && wFirst.minute === mm;
  if (firstMatches) return first;
  const wSecond = wallClockAt(second, timeZone);
  if (wSecond.hour === hh && wSecond.minute === mm) return second;
  return Math.max(first, second);
}

export function localToUtcIso(date: string, time: string | null, timeZone: string): string {
  return new Date(localToEpoch(date, time, timeZone)).toISOString();
}

/** UTC instant → court-local { date: YYYY-MM-DD, time: HH:MM }. */
export function utcToLocal(iso: string | number | Date, timeZone: string): { date: string; time: string } {
  const ms = typeof iso === 'number' ? iso : new Date(iso).getTime();
  const w = wallClockAt(ms, timeZone);
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    date: `${w.year}-${pad(w.month)}-${pad(w.day)}`,
    time: `${pad(w.hour)}:${pad(w.minute)}`,
  };
}

/** Calendar arithmetic on YYYY-MM-DD strings (no time zone involved). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(s: string): boolean {
  // Every action's dates pass through here (the action schema), twice per entry in a backfill.
  const parts = ISO_DATE.exec(s);
  if (!parts) return false;
  const y = Number(parts[1]);
  const m = Number(parts[2]);
  const d = Number(parts[3]);
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/**
 * Normalises a CourtListener timestamp ("2026-03-02T10:15:42.123456-08:00") to a fixed-width UTC
 * string with microseconds ("2026-03-02T18:15:42.123456Z"), so instants compare as strings and no
 * precision is lost when it is sent back as a `date_modified__gt` filter.
 */
export function toUtcInstant(value: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(
    value.trim(),
  );
  if (!m) throw new Error(`not a timestamp: ${JSON.stringify(value)}`);
  const [, date, hh, mi, ss = '00', frac = '', tz = 'Z'] = m;
  const [y, mo, d] = date!.split('-').map(Number) as [number, number, number];
  let offsetMin = 0;
  if (tz.toUpperCase() !== 'Z') {
    const sign = tz.startsWith('-') ? -1 : 1;
    const digits = tz.slice(1).replace(':', '');
    offsetMin = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
  }
  const ms = Date.UTC(y, mo - 1, d, Number(hh), Number(mi), Number(ss)) - offsetMin * 60_000;
  const base = new Date(ms).toISOString().slice(0, 19);
  return `${base}.${frac.padEnd(6, '0').slice(0, 6)}Z`;
}
