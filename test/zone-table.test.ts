import { afterEach, describe, expect, it } from 'vitest';
import { buildVTimezone, forgetWorkedOutZones, zoneAbbreviation } from '../src/render/vtimezone.js';
import { buildZoneTable } from '../src/time/zone-table.js';
import { isZoneTable, zoneTableState, type ZoneTable } from '../src/time/zone-file.js';
import { isValidTimeZone, localToEpoch, offsetAt, useZoneTable, wallClockAt } from '../src/time/zone.js';

// A few court zones with and without DST, over years with rule changes (the 2007 US change).
const ZONES = ['America/New_York', 'America/Phoenix', 'America/Anchorage', 'Pacific/Guam'];
const FROM = 2005;
const TO = 2009;

/** Every answer the conversions give for a spread of instants and wall clocks, the VTIMEZONE text included. */
function answers(): unknown[] {
  forgetWorkedOutZones();
  const out: unknown[] = [];
  for (const zone of ZONES) {
    out.push(isValidTimeZone(zone), buildVTimezone(zone, FROM, TO));
    // Every 7 h 13 min through the span: each DST change is approached from both sides many times.
    for (let t = Date.UTC(FROM, 0, 1); t < Date.UTC(TO + 1, 0, 1); t += 26_000_000) {
      out.push(offsetAt(t, zone), wallClockAt(t, zone), zoneAbbreviation(t, zone));
    }
    // Wall clocks at the changes' hours (gaps and overlaps included) on every day of March, April, October and November.
    for (let year = FROM; year <= TO; year++) {
      for (const month of [3, 4, 10, 11]) {
        for (let day = 1; day <= 30; day++) {
          const date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          for (const time of ['00:30', '01:30', '02:00', '02:30', '03:00', null]) out.push(localToEpoch(date, time, zone));
        }
      }
    }
  }
  return out;
}

afterEach(() => useZoneTable(undefined));

describe('the build-time time-zone table (dist/zones.json)', () => {
  it('gives exactly the answers Intl gives, VTIMEZONE names included', () => {
    useZoneTable(null);
    const viaIntl = answers();
    const table = buildZoneTable(ZONES, FROM, TO);
    useZoneTable(table);
    expect(zoneTableState()).toMatchObject({ inUse: true, zones: ZONES.length, fromYear: FROM, toYear: TO });
    expect(answers()).toEqual(viaIntl);
    expect(viaIntl.length).toBeGreaterThan(20_000);
  });

  it('is what the conversions read while it is in use', () => {
    // A doctored table (New York an hour further east all year) shows through: the table is not decoration.
    const table = buildZoneTable(['America/New_York'], 2026, 2026);
    const doctored: ZoneTable = { ...table, zones: { 'America/New_York': { ...table.zones['America/New_York']!, years: [[-14_400_000]] } } };
    useZoneTable(doctored);
    expect(offsetAt(Date.UTC(2026, 0, 15), 'America/New_York')).toBe(-14_400_000);
    // Years it does not cover still go through Intl.
    expect(offsetAt(Date.UTC(2027, 0, 15), 'America/New_York')).toBe(-18_000_000);
  });

  it('is set aside when another tz or ICU version made it', () => {
    const table = buildZoneTable(['America/New_York'], 2026, 2026);
    for (const other of [{ tz: `${table.tz}-other` }, { icu: `${table.icu}.9` }]) {
      useZoneTable({ ...table, ...other, zones: { 'America/New_York': { ...table.zones['America/New_York']!, years: [[-14_400_000]] } } });
      expect(offsetAt(Date.UTC(2026, 0, 15), 'America/New_York')).toBe(-18_000_000);
      const state = zoneTableState();
      expect(state.inUse).toBe(false);
    }
  });

  it('is not found when running from the sources, so the tests above are the only users here', () => {
    useZoneTable(undefined);
    expect(zoneTableState()).toEqual({ inUse: false, why: expect.stringMatching(/no dist\/zones\.json/) });
  });

  it('takes a file only if it has the table\'s shape', () => {
    const table = buildZoneTable(['America/New_York', 'Pacific/Guam'], 2025, 2027);
    expect(isZoneTable(JSON.parse(JSON.stringify(table)))).toBe(true);
    const ny = table.zones['America/New_York']!;
    const damaged: unknown[] = [
      null,
      [],
      { ...table, format: 2 },
      { ...table, tz: 2025 },
      { ...table, fromYear: '2025' },
      { ...table, zones: null },
      { ...table, zones: { 'America/New_York': { ...ny, years: ny.years.slice(1) } } }, // a year short
      { ...table, zones: { 'America/New_York': { ...ny, years: [[-18_000_000, 1], ...ny.years.slice(1)] } } }, // a start without its offset
      { ...table, zones: { 'America/New_York': { ...ny, years: [['-18000000'], ...ny.years.slice(1)] } } },
      { ...table, zones: { 'America/New_York': { ...ny, names: [{ '-18000000': 5 }, ...ny.names.slice(1)] } } },
      { ...table, zones: { 'America/New_York': { years: ny.years } } },
    ];
    for (const d of damaged) expect(isZoneTable(d)).toBe(false);
  });
});
