import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { utcToLocal } from '../src/time/zone.js';
import {
  buildVTimezone,
  offsetTransitions,
  utcOffsetSeconds,
  vtimezoneGenerator,
  zoneAbbreviation,
} from '../src/render/vtimezone.js';

/** Parses a bare VTIMEZONE with the independent parser. */
function parse(text: string): ICAL.Component {
  return new ICAL.Component(ICAL.parse(text));
}

function observances(vtz: ICAL.Component) {
  return vtz.getAllSubcomponents().map((c) => ({
    kind: c.name,
    start: String(c.getFirstPropertyValue('dtstart')),
    from: String(c.getFirstPropertyValue('tzoffsetfrom')),
    to: String(c.getFirstPropertyValue('tzoffsetto')),
    name: c.getFirstPropertyValue('tzname'),
  }));
}

describe('VTIMEZONE from Intl data', () => {
  it('gives America/New_York its 2026 transitions: Mar 8 and Nov 1 at 2:00, -05:00 ↔ -04:00', () => {
    const vtz = parse(buildVTimezone('America/New_York', 2026, 2026));
    expect(vtz.name).toBe('vtimezone');
    expect(vtz.getFirstPropertyValue('tzid')).toBe('America/New_York');
    expect(observances(vtz)).toEqual([
      { kind: 'daylight', start: '2026-03-08T02:00:00', from: '-05:00', to: '-04:00', name: 'EDT' },
      { kind: 'standard', start: '2026-11-01T02:00:00', from: '-04:00', to: '-05:00', name: 'EST' },
    ]);
  });

  it('converts New York wall-clock times to the right UTC instants once registered with ical.js', () => {
    const tz = new ICAL.Timezone(parse(buildVTimezone('America/New_York', 2025, 2027)));
    const toUtc = (y: number, mo: number, d: number, h: number, mi: number) =>
      ICAL.Time.fromData({ year: y, month: mo, day: d, hour: h, minute: mi, second: 0 }, tz).toJSDate().toISOString();
    expect(toUtc(2026, 1, 15, 9, 0)).toBe('2026-01-15T14:00:00.000Z');
    expect(toUtc(2026, 3, 8, 1, 59)).toBe('2026-03-08T06:59:00.000Z');
    expect(toUtc(2026, 3, 8, 3, 0)).toBe('2026-03-08T07:00:00.000Z');
    expect(toUtc(2026, 7, 1, 12, 0)).toBe('2026-07-01T16:00:00.000Z');
    expect(toUtc(2026, 11, 1, 12, 0)).toBe('2026-11-01T17:00:00.000Z');
    expect(toUtc(2027, 6, 1, 12, 0)).toBe('2027-06-01T16:00:00.000Z');
  });

  it('finds transitions that agree with the wall clock on either side', () => {
    const found = offsetTransitions('America/New_York', 2025, 2027);
    expect(found).toHaveLength(6);
    for (const t of found) {
      const before = utcToLocal(t.at - 60_000, 'America/New_York');
      const after = utcToLocal(t.at, 'America/New_York');
      // Spring: 01:59 → 03:00; fall: 01:59 → 01:00.
      expect(before.time).toBe('01:59');
      expect(after.time).toBe(t.to > t.from ? '03:00' : '01:00');
    }
  });

  it('gives Phoenix and Honolulu a single STANDARD and no DAYLIGHT', () => {
    for (const [zone, offset, name] of [
      ['America/Phoenix', '-07:00', 'MST'],
      ['Pacific/Honolulu', '-10:00', 'HST'],
    ] as const) {
      const vtz = parse(buildVTimezone(zone, 2025, 2027));
      expect(vtz.getAllSubcomponents('daylight')).toHaveLength(0);
      expect(observances(vtz)).toEqual([{ kind: 'standard', start: '2025-01-01T00:00:00', from: offset, to: offset, name }]);
    }
  });

  it('labels southern-hemisphere summer time as DAYLIGHT (October start in Sydney)', () => {
    const obs = observances(parse(buildVTimezone('Australia/Sydney', 2026, 2026)));
    expect(obs.map((o) => [o.kind, o.start, o.to])).toEqual([
      ['standard', '2026-04-05T03:00:00', '+10:00'],
      ['daylight', '2026-10-04T02:00:00', '+11:00'],
    ]);
  });

  it('is deterministic and uses CRLF lines', () => {
    const a = buildVTimezone('America/Chicago', 2024, 2028);
    expect(buildVTimezone('America/Chicago', 2024, 2028)).toBe(a);
    expect(a.split('\r\n').every((line) => !line.includes('\n'))).toBe(true);
    expect(a.startsWith('BEGIN:VTIMEZONE\r\nTZID:America/Chicago\r\n')).toBe(true);
    expect(a.endsWith('END:VTIMEZONE')).toBe(true);
  });

  it('reads offsets and abbreviations from Intl', () => {
    expect(utcOffsetSeconds(Date.UTC(2026, 0, 15), 'America/New_York')).toBe(-5 * 3600);
    expect(utcOffsetSeconds(Date.UTC(2026, 6, 15), 'America/New_York')).toBe(-4 * 3600);
    expect(utcOffsetSeconds(Date.UTC(2026, 6, 15), 'UTC')).toBe(0);
    expect(utcOffsetSeconds(Date.UTC(2026, 6, 15), 'Asia/Kolkata')).toBe(5.5 * 3600);
    expect(zoneAbbreviation(Date.UTC(2026, 0, 15), 'America/Los_Angeles')).toBe('PST');
    expect(zoneAbbreviation(Date.UTC(2026, 6, 15), 'America/Los_Angeles')).toBe('PDT');
  });

  it('writes offsets with minutes (Kolkata +0530) in the text', () => {
    expect(buildVTimezone('Asia/Kolkata', 2026, 2026)).toContain('TZOFFSETTO:+0530\r\n');
  });

  it('generator covers the given years and declines unknown zones', () => {
    const generate = vtimezoneGenerator(2025, 2027);
    expect(generate('Not/AZone')).toBeNull();
    const text = generate('America/Denver');
    expect(text).toBe(buildVTimezone('America/Denver', 2025, 2027));
    expect(text!.match(/BEGIN:DAYLIGHT/g)).toHaveLength(3);
  });
});
