/**
 * VTIMEZONE components built from the runtime's own IANA data (through Intl), so feeds follow the
 * tz rules Node ships instead of a frozen table. Only the transitions inside the requested years
 * are written: calendar apps need the rules covering the events, not the zone's whole history.
 */

import { offsetAt } from '../time/zone.js';

const DAY_MS = 86_400_000;

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();
const nameFormatters = new Map<string, Intl.DateTimeFormat>();

function cachedFormatter(cache: Map<string, Intl.DateTimeFormat>, zone: string, style: 'longOffset' | 'short') {
  let f = cache.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: style });
    cache.set(zone, f);
  }
  return f;
}

function zoneNamePart(f: Intl.DateTimeFormat, epochMs: number): string {
  return f.formatToParts(new Date(epochMs)).find((p) => p.type === 'timeZoneName')?.value ?? '';
}

/** UTC offset of `zone` at an instant, in seconds ("GMT-04:56:02" style from Intl; bare "GMT" is zero). */
export function utcOffsetSeconds(epochMs: number, zone: string): number {
  const label = zoneNamePart(cachedFormatter(offsetFormatters, zone, 'longOffset'), epochMs);
  const m = /^GMT(?:([+-])(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?)?$/.exec(label);
  if (!m) throw new Error(`unexpected offset label ${JSON.stringify(label)} for ${zone}`);
  if (!m[1]) return 0;
  const seconds = Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
  return m[1] === '-' ? -seconds : seconds;
}

/** Short zone name at an instant as US readers know it (EST, PDT, HST; "GMT+10" where en-US has none). */
export function zoneAbbreviation(epochMs: number, zone: string): string {
  // Within a year a zone's name follows its offset (EST/EDT), so one Intl call per pair is enough.
  const key = `${zone}|${new Date(epochMs).getUTCFullYear()}|${offsetAt(epochMs, zone)}`;
  let name = abbreviations.get(key);
  if (name === undefined) {
    name = zoneNamePart(cachedFormatter(nameFormatters, zone, 'short'), epochMs);
    abbreviations.set(key, name);
  }
  return name;
}
const abbreviations = new Map<string, string>();

export interface OffsetTransition {
  at: number; // epoch ms of the first instant with the new offset
  from: number; // seconds east of UTC before
  to: number; // seconds east of UTC from `at` on
}

/** First whole second in (lo, hi] whose offset differs from the one at lo. */
function firstChange(lo: number, hi: number, zone: string): number {
  const before = utcOffsetSeconds(lo, zone);
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (utcOffsetSeconds(mid, zone) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** Offset changes of `zone` from 1 Jan `fromYear` to the end of `toYear` (UTC bounds). */
export function offsetTransitions(zone: string, fromYear: number, toYear: number): OffsetTransition[] {
  const end = Date.UTC(toYear + 1, 0, 1);
  const found: OffsetTransition[] = [];
  let t = Date.UTC(fromYear, 0, 1);
  let offset = utcOffsetSeconds(t, zone);
  // Daily probes; after a change the scan resumes at the change, so two changes within a day are still caught.
  while (t < end) {
    const next = Math.min(t + DAY_MS, end);
    if (utcOffsetSeconds(next, zone) === offset) {
      t = next;
      continue;
    }
    const at = firstChange(t, next, zone);
    const to = utcOffsetSeconds(at, zone);
    found.push({ at, from: offset, to });
    t = at;
    offset = to;
  }
  return found;
}

/**
 * Intl does not say whether an offset is summer time, so call it daylight when it is ahead of the
 * smaller of the year's January and July offsets (works for both hemispheres; a permanent change
 * of standard time may be labelled DAYLIGHT for that one year, with correct offsets either way).
 */
function isDaylight(t: OffsetTransition, zone: string): boolean {
  const year = new Date(t.at).getUTCFullYear();
  const standard = Math.min(utcOffsetSeconds(Date.UTC(year, 0, 1), zone), utcOffsetSeconds(Date.UTC(year, 6, 1), zone));
  return t.to > standard;
}

function formatOffset(seconds: number): string {
  const sign = seconds < 0 ? '-' : '+';
  const abs = Math.abs(seconds);
  const pad = (n: number) => String(n).padStart(2, '0');
  const hhmm = pad(Math.floor(abs / 3600)) + pad(Math.floor((abs % 3600) / 60));
  return sign + hhmm + (abs % 60 ? pad(abs % 60) : '');
}

/** iCalendar local date-time (no zone suffix) of the UTC fields of `epochMs`. */
function formatWallClock(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 19).replace(/[-:]/g, '');
}

function escapeText(s: string): string {
  return s.replace(/[\\;,]/g, (c) => `\\${c}`);
}

function observance(kind: 'STANDARD' | 'DAYLIGHT', wallStart: string, from: number, to: number, name: string): string[] {
  const lines = [`BEGIN:${kind}`, `DTSTART:${wallStart}`, `TZOFFSETFROM:${formatOffset(from)}`, `TZOFFSETTO:${formatOffset(to)}`];
  if (name) lines.push(`TZNAME:${escapeText(name)}`);
  lines.push(`END:${kind}`);
  return lines;
}

/**
 * VTIMEZONE text (CRLF lines, no trailing CRLF) for `zone`, covering the years fromYear..toYear.
 * Each observance's DTSTART is the wall-clock time at which the change happens, read in the
 * offset in force before it (RFC 5545 §3.6.5). A zone without changes in range gets one STANDARD.
 */
export function buildVTimezone(zone: string, fromYear: number, toYear: number): string {
  const key = `${zone}|${fromYear}|${toYear}`;
  let text = built.get(key);
  if (text === undefined) {
    text = computeVTimezone(zone, fromYear, toYear);
    built.set(key, text);
  }
  return text;
}
// The tz data cannot change while the process runs: each component is worked out once.
const built = new Map<string, string>();

function computeVTimezone(zone: string, fromYear: number, toYear: number): string {
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`];
  const transitions = offsetTransitions(zone, fromYear, toYear);
  if (transitions.length === 0) {
    const start = Date.UTC(fromYear, 0, 1);
    const offset = utcOffsetSeconds(start, zone);
    lines.push(...observance('STANDARD', formatWallClock(start), offset, offset, zoneAbbreviation(start, zone)));
  }
  for (const t of transitions) {
    const kind = isDaylight(t, zone) ? 'DAYLIGHT' : 'STANDARD';
    lines.push(...observance(kind, formatWallClock(t.at + t.from * 1000), t.from, t.to, zoneAbbreviation(t.at, zone)));
  }
  lines.push('END:VTIMEZONE');
  return lines.join('\r\n');
}

/** ical-generator `timezone.generator`: it is called once per TZID in the calendar; null skips unknown zones. */
export function vtimezoneGenerator(fromYear: number, toYear: number): (zone: string) => string | null {
  return (zone) => {
    try {
      utcOffsetSeconds(0, zone);
    } catch {
      return null;
    }
    return buildVTimezone(zone, fromYear, toYear);
  };
}
