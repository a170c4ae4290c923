import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config/load.js';
import type { Config } from '../src/config/types.js';
import { Store } from '../src/store/store.js';
import type { HearingRow } from '../src/store/types.js';
import { hearingRow } from './helpers/rows.js';
import { calendarsStaleByDate, emitAll } from '../src/render/emit.js';

let dir: string;
let store: Store;
let config: Config;

const hearing = (over: Partial<HearingRow>) =>
  hearingRow({ key: 'status-conf', title: 'Status Conference', hearingType: 'status_conference', localDate: '2026-05-05', localTime: '10:00', startsAtUtc: '2026-05-05T14:00:00.000Z', durationMinutes: 30, timezone: 'America/New_York', significance: null, docketId: 7, lastUpdated: '2026-04-01T10:00:00.000Z', ...over });

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cc-emit-'));
  writeFileSync(
    path.join(dir, 'config.yaml'),
    `store_path: s.sqlite
index_path: public/index.html
calendars:
  main: {name: Main, ics_path: public/main.ics}
  other: {name: Other, ics_path: public/other.ics}
cases:
  - {id: doe, name: US v. Doe, calendar: main, dockets: [7]}
  - {id: roe, name: US v. Roe, calendar: other, dockets: [8]}
`,
  );
  config = loadConfig(path.join(dir, 'config.yaml'));
  store = Store.open(config.storePath);
  store.transaction(() => {
    store.putHearing(hearing({}));
    store.putHearing(hearing({ key: 'trial', title: 'Jury Trial', status: 'cancelled', localDate: '2026-05-06', startsAtUtc: '2026-05-06T14:00:00.000Z', sequence: 1 }));
  });
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const at = (iso: string) => new Date(iso);
const ics = () => readFileSync(path.join(dir, 'public', 'main.ics'), 'utf8');

describe('emit', () => {
  it('keeps a cancelled event as a tombstone through its date and drops it on the next daily render', () => {
    emitAll(store, config, ['main', 'other'], undefined, at('2026-05-06T20:00:00Z'));
    expect(ics()).toContain('UID:doe--trial@case-calendar');
    expect(ics()).toMatch(/STATUS:CANCELLED/);
    // Same day: nothing is stale; the next day both calendars are due for their daily render.
    expect(calendarsStaleByDate(store, config, at('2026-05-06T23:00:00Z'))).toEqual(new Set());
    expect(calendarsStaleByDate(store, config, at('2026-05-07T06:00:00Z'))).toEqual(new Set(['main', 'other']));
    const next = emitAll(store, config, ['main'], undefined, at('2026-05-07T06:00:00Z'));
    expect(next.calendars).toEqual([{ calendarId: 'main', path: path.join(dir, 'public', 'main.ics'), events: 1, written: true }]);
    expect(ics()).not.toContain('doe--trial');
    expect(calendarsStaleByDate(store, config, at('2026-05-07T07:00:00Z'))).toEqual(new Set(['other']));
  });

  it('writes the index page with relative feed links from every calendar, and rewrites nothing unchanged', () => {
    const first = emitAll(store, config, ['main'], undefined, at('2026-05-01T12:00:00Z'));
    expect(first.index).toEqual({ path: path.join(dir, 'public', 'index.html'), written: true });
    const html = readFileSync(path.join(dir, 'public', 'index.html'), 'utf8');
    expect(html).toContain('href="main.ics"');
    expect(html).toContain('href="other.ics"'); // every calendar is listed, rendered or not
    expect(html).toContain('US v. Roe');
    expect(html).toContain('data-uid="doe--status-conf@case-calendar"');
    const again = emitAll(store, config, ['main', 'other'], undefined, at('2026-05-01T13:00:00Z'));
    expect(again.index?.written).toBe(false);
    expect(again.calendars.map((c) => c.written)).toEqual([false, true]); // "other" had never been written
  });
});
