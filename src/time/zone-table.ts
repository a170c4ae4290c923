import { intlSegments, intlZoneName } from './zone.js';
import type { ZoneTable } from './zone-file.js';

/**
 * Builds the table time/zone.ts reads instead of Intl (scripts/bundle.mjs writes it to
 * dist/zones.json at build time, on the machine and Node that will run it). Every figure comes
 * from the same Intl code a run without the table uses, so both ways give the same answers; the
 * table is only used by a runtime with the same tz and ICU versions.
 */
export function buildZoneTable(zones: readonly string[], fromYear: number, toYear: number): ZoneTable {
  const out: ZoneTable = { format: 1, tz: process.versions.tz ?? '', icu: process.versions.icu ?? '', fromYear, toYear, zones: {} };
  for (const zone of zones) {
    const years: number[][] = [];
    const names: Array<Record<string, string>> = [];
    for (let year = fromYear; year <= toYear; year++) {
      const segments = intlSegments(zone, year);
      years.push([segments[0]!.offsetMs, ...segments.slice(1).flatMap((s) => [s.start, s.offsetMs])]);
      // The name of each offset the year itself has, read at the first instant of the year it holds
      // (the segments reach two days past the year on either side).
      const yearStart = Date.UTC(year, 0, 1);
      const yearEnd = Date.UTC(year + 1, 0, 1);
      const named: Record<string, string> = {};
      segments.forEach((s, i) => {
        const from = Math.max(s.start, yearStart);
        const to = Math.min(segments[i + 1]?.start ?? Number.POSITIVE_INFINITY, yearEnd);
        if (from < to && !(String(s.offsetMs) in named)) named[String(s.offsetMs)] = intlZoneName(zone, from);
      });
      names.push(named);
    }
    out.zones[zone] = { years, names };
  }
  return out;
}
