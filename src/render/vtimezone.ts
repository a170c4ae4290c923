/**
 * VTIMEZONE components built from the runtime's own IANA data (through Intl, by way of the per-year
 * offset tables of time/zone.ts), so feeds follow the tz rules Node ships instead of a frozen
 * table. Only the transitions inside the requested years are written: calendar apps need the rules
 * covering the events, not the zone's whole history.
 */

import { keptZoneName } from '../time/zone-file.js';
import { intlZoneName, isValidTimeZone, offsetAt, offsetChanges } from '../time/zone.js';

/** UTC offset of `zone` at an instant, in seconds (from the per-year tables of time/zone.ts). */
export function utcOffsetSeconds(epochMs: number, zone: string): number {
  return offsetAt(epochMs, zone) / 1000;
}

/** Short zone name at an instant as US readers know it (EST, PDT, HST; "GMT+10" where en-US has none). */
export function zoneAbbreviation(epochMs: number, zone: string): string {
  // Within a year a zone's name follows its offset (EST/EDT), so one look-up per pair is enough:
  // in the build's table (time/zone.ts) when it has the pair, else through Intl.
  const year = new Date(epochMs).getUTCFullYear();
  const offset = offsetAt(epochMs, zone);
  const key = `${zone}|${year}|${offset}`;
  let name = abbreviations.get(key);
  if (name === undefined) {
    name = keptZoneName(zone, year, offset) ?? intlZoneName(zone, epochMs);
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

/** Offset changes of `zone` from 1 Jan `fromYear` to the end of `toYear` (UTC bounds). */
export function offsetTransitions(zone: string, fromYear: number, toYear: number): OffsetTransition[] {
  // The same tables the wall-clock conversions use, so a feed's VTIMEZONE and its times agree.
  return offsetChanges(zone, fromYear, toYear).map((c) => ({ at: c.at, from: c.fromMs / 1000, to: c.toMs / 1000 }));
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

/** For tests that switch time/zone.ts between the build's table and Intl: forget what was worked out. */
export function forgetWorkedOutZones(): void {
  built.clear();
  abbreviations.clear();
}

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
  return (zone) => (isValidTimeZone(zone) ? buildVTimezone(zone, fromYear, toYear) : null);
}
