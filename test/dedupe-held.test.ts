import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Store } from '../src/store/store.js';
import { applyAction, type ApplyContext } from '../src/pipeline/apply.js';
import { dedupeHeldHearings } from '../src/pipeline/dedupe-held.js';
import type { Action } from '../src/extract/actions.js';

let dir: string;
let store: Store;
const ctx = (entryId: number, over: Partial<ApplyContext> = {}): ApplyContext => ({ caseId: 'c', docketId: 10, courtId: 'mad', timezone: 'America/New_York', entryId, now: `2031-01-0${entryId}T00:00:00.000Z`, ...over });
const held = (key: string, entryId: number, extra: Partial<Action> = {}, over: Partial<ApplyContext> = {}) =>
  store.transaction(() => applyAction(store, ctx(entryId, over), { type: 'MARK_HELD', hearing_key: key, local_date: '2031-01-05', local_time: '10:00', hearing_type: 'status_conference', ...extra }));

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cc-dedupe-'));
  store = Store.open(path.join(dir, 's.sqlite'));
  store.upsertDocketMeta({ docketId: 10, courtId: 'mad', docketNumber: '1:31-cr-1', caseName: 'X', absoluteUrl: null, dateLastFiling: null });
  store.upsertDocketMeta({ docketId: 11, courtId: 'mad', docketNumber: '1:31-cr-1', caseName: 'X', absoluteUrl: null, dateLastFiling: null });
  store.upsertDocketMeta({ docketId: 12, courtId: 'mad', docketNumber: '1:31-cr-2', caseName: 'Y', absoluteUrl: null, dateLastFiling: null });
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('exact-slot held dedupe', () => {
  it('merges base and base-N held at the same instant into the suffix-free key, keeping sources, notes and the explicit title', () => {
    held('status-conf', 1);
    held('status-conf-2', 2, { title: 'Status Conference (CIPA)', notes: 'Minute entry: conference held.' }, { docketId: 11 });
    expect(dedupeHeldHearings(store, 'c', '2031-02-01T00:00:00.000Z')).toBe(1);
    const rows = store.listHearings('c');
    expect(rows.map((r) => r.key)).toEqual(['status-conf']);
    expect(rows[0]).toMatchObject({ title: 'Status Conference (CIPA)', notes: 'Minute entry: conference held.', sourceEntryIds: [1, 2], status: 'held' });
    expect(rows[0]!.auditNotes).toMatch(/\[dedupe-held\].*Absorbed sibling key\(s\) status-conf-2/);
  });

  it('leaves distinct proceedings alone: other types, other times, other dockets, rows not held', () => {
    held('status-conf', 1);
    held('competency-hearing', 2, { hearing_type: 'evidentiary_hearing' });
    held('status-conf-2', 3, { local_time: '11:00' });
    held('status-conf-3', 4, {}, { docketId: 12 });
    store.transaction(() => applyAction(store, ctx(5), { type: 'ADD_HEARING', hearing_key: 'status-conf-4', local_date: '2031-01-05', local_time: '10:00', hearing_type: 'status_conference' }));
    expect(dedupeHeldHearings(store, 'c', '2031-02-01T00:00:00.000Z')).toBe(0);
    expect(store.listHearings('c')).toHaveLength(5);
  });

  it('with equal sources keeps the row first recorded, whatever the order the rows were last written in', () => {
    // conf-z is recorded from entry 1 but written last; conf-a from entry 2, written first.
    held('conf-a', 2, {}, { now: '2031-01-01T00:00:00.000Z' });
    held('conf-z', 1, {}, { now: '2031-01-09T00:00:00.000Z' });
    expect(dedupeHeldHearings(store, 'c', '2031-02-01T00:00:00.000Z')).toBe(1);
    expect(store.listHearings('c').map((r) => [r.key, r.sourceEntryIds])).toEqual([['conf-z', [1, 2]]]);
  });

  it('without a base/base-N pair keeps the row with the most sources', () => {
    held('conf-a', 1);
    held('conf-b', 2);
    store.transaction(() => applyAction(store, ctx(3), { type: 'UPDATE_DETAILS', hearing_key: 'conf-b', judge: 'Judge Ruiz' }));
    expect(dedupeHeldHearings(store, 'c', '2031-02-01T00:00:00.000Z')).toBe(1);
    expect(store.listHearings('c').map((r) => [r.key, r.sourceEntryIds])).toEqual([['conf-b', [1, 2, 3]]]);
  });
});
