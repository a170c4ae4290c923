/**
 * Reads dist/zones.json, the courts' time zones as the build read them through Intl
 * (zone-table.ts writes it; zone.ts uses it in place of Intl). Only a file made with this very
 * runtime's tz and ICU versions is used.
 */

import { readFileSync } from 'node:fs';

/**
 * dist/zones.json: for each zone, each year's segments as intlSegments gives them, flattened
 * ([first offset, start, offset, start, offset, ...]; the first segment starts at -Infinity), and
 * the zone's short name for each offset of the year (what vtimezone.ts would ask Intl).
 */
export interface ZoneTable {
  format: 1;
  tz: string;
  icu: string;
  fromYear: number;
  toYear: number;
  zones: Record<string, { years: number[][]; names: Array<Record<string, string>> }>;
}

/**
 * Whether `v` has the table's shape. Checked by hand, not with zod: a zod schema took 20 ms to
 * check the file's 5,000 numbers on first use, more than the Intl work the table saves a small run.
 */
export function isZoneTable(v: unknown): v is ZoneTable {
  if (typeof v !== 'object' || v === null) return false;
  const t = v as Record<string, unknown>;
  if (t.format !== 1 || typeof t.tz !== 'string' || typeof t.icu !== 'string' || !Number.isInteger(t.fromYear) || !Number.isInteger(t.toYear)) return false;
  if (typeof t.zones !== 'object' || t.zones === null) return false;
  const span = (t.toYear as number) - (t.fromYear as number) + 1;
  for (const zone of Object.values(t.zones as Record<string, unknown>)) {
    const { years, names } = (zone ?? {}) as { years?: unknown; names?: unknown };
    if (!Array.isArray(years) || !Array.isArray(names) || years.length !== span || names.length !== span) return false;
    for (const flat of years) {
      if (!Array.isArray(flat) || flat.length % 2 !== 1) return false;
      for (const n of flat) if (typeof n !== 'number' || !Number.isFinite(n)) return false;
    }
    for (const named of names) {
      if (typeof named !== 'object' || named === null) return false;
      for (const name of Object.values(named)) if (typeof name !== 'string') return false;
    }
  }
  return true;
}

/** Where the build writes the table: dist/, found from dist/time/, dist/bundle/ and dist/bundle/worker/. */
const TABLE_PLACES = ['../zones.json', '../../zones.json'];

let table: ZoneTable | null | undefined;
let tableProblem: string | null = null;

/** The build's table when this very runtime's tz data made it; read on first use, null otherwise. */
export function keptTable(): ZoneTable | null {
  if (table === undefined) {
    table = null;
    tableProblem = 'no dist/zones.json (not built, or running from the sources)';
    for (const place of TABLE_PLACES) {
      let text: string;
      try {
        text = readFileSync(new URL(place, import.meta.url), 'utf8');
      } catch {
        continue; // not there: the next place
      }
      let parsed: unknown = null;
      try {
        parsed = JSON.parse(text);
      } catch {
        // damaged: Intl gives the same answers
      }
      if (isZoneTable(parsed)) {
        table = usableTable(parsed);
        tableProblem = table ? null : `dist/zones.json was built with tz data ${parsed.tz} (ICU ${parsed.icu}); this Node has ${process.versions.tz ?? '?'} (ICU ${process.versions.icu ?? '?'})`;
      } else tableProblem = 'dist/zones.json is damaged';
      break;
    }
  }
  return table;
}

function usableTable(t: ZoneTable): ZoneTable | null {
  return t.tz === (process.versions.tz ?? '') && t.icu === (process.versions.icu ?? '') ? t : null;
}

/** What doctor reports: the build's table this run reads, and why not when it reads Intl instead. */
export function zoneTableState(): { inUse: true; tz: string; zones: number; fromYear: number; toYear: number } | { inUse: false; why: string } {
  const t = keptTable();
  if (t) return { inUse: true, tz: t.tz, zones: Object.keys(t.zones).length, fromYear: t.fromYear, toYear: t.toYear };
  return { inUse: false, why: tableProblem ?? 'no table' };
}

/** For tests (through zone.ts's useZoneTable): use `t` if its versions match, or none (null), or look for the file again (undefined). */
export function setZoneTable(t: ZoneTable | null | undefined): void {
  table = t ? usableTable(t) : t;
  tableProblem = table ? null : 'set aside by a test';
}

/** A zone-year's segments as the build flattened them, if the table has them. */
export function keptYear(timeZone: string, year: number): readonly number[] | undefined {
  const t = keptTable();
  if (!t || year < t.fromYear || year > t.toYear) return undefined;
  return t.zones[timeZone]?.years[year - t.fromYear];
}

/** The zone's short name for `offsetMs` in `year` as the build read it, if the table has it. */
export function keptZoneName(timeZone: string, year: number, offsetMs: number): string | undefined {
  const t = keptTable();
  if (!t || year < t.fromYear || year > t.toYear) return undefined;
  return t.zones[timeZone]?.names[year - t.fromYear]?.[String(offsetMs)];
}
