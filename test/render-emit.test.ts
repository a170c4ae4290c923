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
    for (const id of [7, 8]) {
      store.upsertDocketMeta({ docketId: id, courtId: 'nysd', docketNumber: `1:26-cv-0000${id}`, caseName: null, absoluteUrl: null, dateLastFiling: null });
      store.completeDocketPoll(id, '2026-04-01T00:00:00.000000Z');
    }
    store.putHearing(hearing({}));
    store.putHearing(hearing({ key: 'trial', title: 'Jury Trial', status: 'cancelled', localDate: '2026-05-06', startsAtUtc: '2026-05-06T14:00:00.000Z', sequence: 1 }));
    // These tests choose what to render; the pending-render tests below start from here too.
    store.clearPendingRenders(store.pendingRenders().upToId, ['doe', 'roe'], [7, 8], true);
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
    expect(next.calendars).toEqual([{ calendarId: 'main', path: path.join(dir, 'public', 'main.ics'), events: 1, written: true, held: null, refused: false }]);
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

describe('emit: pending renders (a crash between the commit and the render)', () => {
  const other = () => readFileSync(path.join(dir, 'public', 'other.ics'), 'utf8');

  it('records a row change in its own transaction and renders it on the next emit of anything, then forgets it', () => {
    emitAll(store, config, ['main', 'other'], undefined, at('2026-05-01T12:00:00Z'));
    expect(store.pendingRenders().caseIds.size).toBe(0);
    // A sync that committed this and died before rendering:
    store.transaction(() => store.putHearing(hearing({ caseId: 'roe', key: 'sentencing', title: 'Sentencing', docketId: 8 })));
    expect([...store.pendingRenders().caseIds]).toEqual(['roe']);
    expect(other()).not.toContain('roe--sentencing');
    // The next run asks for nothing in particular (its own work touched no case), on the same day.
    const next = emitAll(store, config, [], undefined, at('2026-05-01T13:00:00Z'));
    expect(next.calendars.map((c) => [c.calendarId, c.written])).toEqual([['other', true]]);
    expect(other()).toContain('UID:roe--sentencing@case-calendar');
    expect(store.pendingRenders().caseIds.size).toBe(0);
    expect(emitAll(store, config, [], undefined, at('2026-05-01T14:00:00Z')).calendars).toEqual([]);
  });

  it('keeps a change committed after the rows were read for the next render', () => {
    const before = store.pendingRenders();
    store.transaction(() => store.putHearing(hearing({ key: 'late', title: 'Late Hearing' })));
    // Clearing only what was read before the render must leave the later change pending.
    store.clearPendingRenders(before.upToId, ['doe'], [7], false);
    expect([...store.pendingRenders().caseIds]).toEqual(['doe']);
  });

  it('records document and docket changes, which descriptions show, as pending for their calendars', () => {
    store.transaction(() => store.upsertDocketMeta({ docketId: 8, courtId: 'nysd', docketNumber: '1:26-cv-99999', caseName: null, absoluteUrl: null, dateLastFiling: null }));
    expect([...store.pendingRenders().docketIds]).toEqual([8]);
    const r = emitAll(store, config, [], undefined, at('2026-05-01T13:00:00Z'));
    expect(r.calendars.map((c) => c.calendarId)).toEqual(['other']);
    expect(store.pendingRenders().docketIds.size).toBe(0);
  });
});

describe('emit: guards against publishing an empty or never-read calendar', () => {
  it('does not create a feed for cases none of whose dockets were ever read', () => {
    const fresh = Store.open(path.join(dir, 'fresh.sqlite'));
    try {
      const r = emitAll(fresh, config, ['main'], undefined, at('2026-05-01T12:00:00Z'));
      expect(r.calendars[0]).toMatchObject({ calendarId: 'main', written: false, refused: false });
      expect(r.calendars[0]!.held).toMatch(/none of its dockets has been read/);
      expect(() => ics()).toThrow(/ENOENT/);
    } finally {
      fresh.close();
    }
  });

  it('refuses to replace a calendar holding events with an empty one when the store has no rows for its cases, unless allowed', () => {
    emitAll(store, config, ['main'], undefined, at('2026-05-01T12:00:00Z'));
    const published = ics();
    expect(published).toContain('BEGIN:VEVENT');
    store.transaction(() => {
      store.deleteHearing('doe', 'status-conf');
      store.deleteHearing('doe', 'trial');
    });
    const refused = emitAll(store, config, ['main'], undefined, at('2026-05-01T13:00:00Z'));
    expect(refused.calendars[0]).toMatchObject({ written: false, refused: true });
    expect(refused.calendars[0]!.held).toMatch(/--allow-empty/);
    expect(ics()).toBe(published);
    expect(store.pendingRenders().caseIds.has('doe')).toBe(true); // still owed
    const forced = emitAll(store, config, ['main'], undefined, at('2026-05-01T13:00:00Z'), { allowEmpty: true });
    expect(forced.calendars[0]).toMatchObject({ written: true, events: 0, held: null });
    expect(ics()).not.toContain('BEGIN:VEVENT');
  });

  it('does empty a calendar whose rows still exist but are no longer shown (all minor or passed tombstones)', () => {
    emitAll(store, config, ['main'], undefined, at('2026-05-01T12:00:00Z'));
    store.transaction(() => {
      store.putHearing(hearing({ significance: 'minor' }));
      store.deleteHearing('doe', 'trial');
    });
    const r = emitAll(store, config, ['main'], undefined, at('2026-05-01T13:00:00Z'));
    expect(r.calendars[0]).toMatchObject({ written: true, events: 0, held: null });
  });
});
