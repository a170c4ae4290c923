import { describe, expect, it, beforeEach, afterEach } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Store } from '../src/store/store.js';
import { knownDigestOf } from '../src/store/known-digest.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../src/store/migrations.js';
import { applyAction, type ApplyContext } from '../src/pipeline/apply.js';
import type { Action } from '../src/extract/actions.js';

let dir: string;
let store: Store;
const ctx = (over: Partial<ApplyContext> = {}): ApplyContext => ({
  caseId: 'us-v-doe',
  docketId: 100,
  courtId: 'dcd',
  timezone: 'America/New_York',
  entryId: 1,
  now: '2026-01-10T12:00:00.000Z',
  ...over,
});
const apply = (a: Action, over: Partial<ApplyContext> = {}) => store.transaction(() => applyAction(store, ctx(over), a));

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cc-store-'));
  store = Store.open(path.join(dir, 'nested', 'store.sqlite'));
  store.upsertDocketMeta({ docketId: 100, courtId: 'dcd', docketNumber: '1:26-cr-1', caseName: 'US v. Doe', absoluteUrl: '/docket/100/x/', dateLastFiling: null });
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('store', () => {
  it('opens in WAL mode with numbered migrations recorded', () => {
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.schemaVersion()).toBe(LATEST_SCHEMA_VERSION);
    // Re-opening applies nothing twice.
    const again = Store.open(path.join(dir, 'nested', 'store.sqlite'));
    expect(again.schemaVersion()).toBe(LATEST_SCHEMA_VERSION);
    expect((again.db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get() as { n: number }).n).toBe(MIGRATIONS.length);
    again.close();
  });

  it('known-row cache sees writes from this connection and from another process', () => {
    const add: Action = { type: 'ADD_HEARING', hearing_key: 'trial-doe', title: 'Trial', hearing_type: 'trial', local_date: '2026-09-01' };
    expect(store.knownRows('us-v-doe').hearings).toEqual([]);
    apply(add);
    expect(store.knownRows('us-v-doe').hearings.map((h) => h.key)).toEqual(['trial-doe']);
    const other = Store.open(path.join(dir, 'nested', 'store.sqlite'));
    try {
      other.transaction(() => applyAction(other, ctx({ entryId: 9 }), { ...add, hearing_key: 'sentencing-doe', hearing_type: 'sentencing' }));
    } finally {
      other.close();
    }
    expect(store.knownRows('us-v-doe').hearings.map((h) => h.key).sort()).toEqual(['sentencing-doe', 'trial-doe']);
  });

  it('keeps the known rows through another connection\'s commits that touch no row, and drops them when one does', () => {
    const file = path.join(dir, 'nested', 'store.sqlite');
    apply({ type: 'ADD_HEARING', hearing_key: 'trial-doe', title: 'Trial', hearing_type: 'trial', local_date: '2026-09-01' });
    const first = store.knownRows('us-v-doe');
    const other = Store.open(file, { synchronous: 'FULL' });
    try {
      // A receiver accepting a delivery, a sync recording an entry: no hearing or deadline changes.
      other.inboxInsertMany([{ key: 'k1', keySource: 'header', eventType: 1, body: '{}', receivedAt: '2026-01-10T12:00:00.000Z' }]);
      other.setState('last_delivery_at', '2026-01-10T12:00:00.000Z');
      expect(store.knownRows('us-v-doe').hearings).toBe(first.hearings); // the same frozen list: not re-read
      // Our own write after their commit keeps the cache in step with the file.
      apply({ type: 'ADD_DEADLINE', deadline_key: 'brief', title: 'Brief', deadline_type: 'brief', local_date: '2026-08-01' }, { entryId: 2 });
      other.inboxInsertMany([{ key: 'k2', keySource: 'header', eventType: 1, body: '{}', receivedAt: '2026-01-10T12:01:00.000Z' }]);
      const mine = store.knownRows('us-v-doe');
      expect(mine.deadlines.map((d) => d.key)).toEqual(['brief']);
      expect(mine.hearings).toBe(first.hearings);
      // Another connection moves a row: the next read sees it.
      other.transaction(() => applyAction(other, ctx({ entryId: 9 }), { type: 'RESCHEDULE_HEARING', hearing_key: 'trial-doe', local_date: '2026-10-05' }));
      expect(store.knownRows('us-v-doe').hearings.map((h) => h.localDate)).toEqual(['2026-10-05']);
    } finally {
      other.close();
    }
  });

  it('a row another connection changed between our last look and our own write is not masked by that write', () => {
    const file = path.join(dir, 'nested', 'store.sqlite');
    apply({ type: 'ADD_HEARING', hearing_key: 'trial-doe', title: 'Trial', hearing_type: 'trial', local_date: '2026-09-01' });
    store.knownRows('us-v-doe');
    const other = Store.open(file);
    try {
      other.transaction(() => applyAction(other, ctx({ entryId: 9 }), { type: 'ADD_HEARING', hearing_key: 'sentencing-doe', title: 'Sentencing', hearing_type: 'sentencing', local_date: '2026-12-01' }));
    } finally {
      other.close();
    }
    // Our write comes before any read: it must not take their change for ours.
    apply({ type: 'ADD_DEADLINE', deadline_key: 'brief', title: 'Brief', deadline_type: 'brief', local_date: '2026-08-01' }, { entryId: 2 });
    const k = store.knownRows('us-v-doe');
    expect(k.hearings.map((h) => h.key).sort()).toEqual(['sentencing-doe', 'trial-doe']);
    expect(k.deadlines.map((d) => d.key)).toEqual(['brief']);
    expect(k.digest).toBe(knownDigestOf(k));
  });

  it('known rows kept in memory stay in the store order through puts, moves and deletes', () => {
    // Rows are added, moved (which changes their place) and removed in a scrambled order; after each
    // step the in-memory list must equal a fresh read of the table in its SQL order.
    const fresh = () => {
      const other = Store.open(path.join(dir, 'nested', 'store.sqlite'));
      try {
        const k = other.knownRows('us-v-doe');
        return { hearings: k.hearings.map((h) => `${h.key}@${h.localDate}`), deadlines: k.deadlines.map((d) => `${d.key}@${d.localDate}`) };
      } finally {
        other.close();
      }
    };
    const mine = () => {
      const k = store.knownRows('us-v-doe');
      // The running digest and docket set kept through the writes equal what the lists themselves give.
      expect(k.digest).toBe(knownDigestOf(k));
      expect(new Set(k.dockets)).toEqual(new Set([...k.hearings, ...k.deadlines].map((r) => r.docketId)));
      return { hearings: k.hearings.map((h) => `${h.key}@${h.localDate}`), deadlines: k.deadlines.map((d) => `${d.key}@${d.localDate}`) };
    };
    store.knownRows('us-v-doe'); // load the (empty) case so every later write goes through the cache
    const days = ['2026-05-04', '2026-03-02', '2026-05-04', '2026-01-15', '2026-07-30', '2026-03-02'];
    days.forEach((day, i) => {
      apply({ type: 'ADD_HEARING', hearing_key: `status-conference-${i + 1}`, title: 'Status Conference', hearing_type: 'status_conference', local_date: day, local_time: i % 2 ? '10:00' : null }, { entryId: i + 1 });
      apply({ type: 'ADD_DEADLINE', deadline_key: `brief-${i + 1}`, title: 'Brief', deadline_type: 'brief', local_date: i === 3 ? null : day }, { entryId: i + 1 });
      expect(mine()).toEqual(fresh());
    });
    apply({ type: 'RESCHEDULE_HEARING', hearing_key: 'status-conference-4', local_date: '2026-12-01' }, { entryId: 20 });
    apply({ type: 'RESCHEDULE_DEADLINE', deadline_key: 'brief-4', local_date: '2026-02-01' }, { entryId: 21 });
    expect(mine()).toEqual(fresh());
    store.transaction(() => {
      store.deleteHearing('us-v-doe', 'status-conference-2');
      store.deleteDeadline('us-v-doe', 'brief-5');
    });
    expect(mine()).toEqual(fresh());
    expect(mine().hearings).toHaveLength(5);
  });

  it('a rolled-back transaction leaves no trace in the known rows', () => {
    apply({ type: 'ADD_HEARING', hearing_key: 'trial', title: 'Trial', hearing_type: 'trial', local_date: '2026-09-01' });
    expect(store.knownRows('us-v-doe').hearings.map((h) => h.key)).toEqual(['trial']);
    expect(() =>
      store.transaction(() => {
        applyAction(store, ctx({ entryId: 2 }), { type: 'ADD_HEARING', hearing_key: 'sentencing', title: 'Sentencing', hearing_type: 'sentencing', local_date: '2026-10-01' });
        applyAction(store, ctx({ entryId: 2 }), { type: 'CANCEL_HEARING', hearing_key: 'trial' });
        throw new Error('disk full');
      }),
    ).toThrow('disk full');
    const known = store.knownRows('us-v-doe');
    expect(known.hearings.map((h) => `${h.key}:${h.status}`)).toEqual(['trial:scheduled']);
  });

  it('moves cutoffs and last filing date forward only', () => {
    store.advanceEntriesCutoff(100, '2026-01-02T00:00:00.000000Z');
    store.advanceEntriesCutoff(100, '2026-01-01T00:00:00.000000Z');
    store.upsertDocketMeta({ docketId: 100, courtId: 'dcd', docketNumber: null, caseName: null, absoluteUrl: null, dateLastFiling: '2026-01-05' });
    store.upsertDocketMeta({ docketId: 100, courtId: 'dcd', docketNumber: null, caseName: null, absoluteUrl: null, dateLastFiling: '2026-01-03' });
    const d = store.getDocket(100)!;
    expect(d.entriesCutoff).toBe('2026-01-02T00:00:00.000000Z');
    expect(d.dateLastFiling).toBe('2026-01-05');
    expect(d.docketNumber).toBe('1:26-cr-1'); // null metadata never clobbers
  });
});

describe('hearing status machine', () => {
  const add: Action = { type: 'ADD_HEARING', hearing_key: 'sentencing-doe', title: 'Sentencing', hearing_type: 'sentencing', local_date: '2026-05-28', local_time: '10:00', location: 'Courtroom 3' };

  it('adds, then reschedules in place (same key, sequence bumped, default duration by type)', () => {
    expect(apply(add).result).toBe('changed');
    let h = store.getHearing('us-v-doe', 'sentencing-doe')!;
    expect(h).toMatchObject({ status: 'scheduled', localDate: '2026-05-28', localTime: '10:00', durationMinutes: 90, sequence: 0, timezone: 'America/New_York', docketId: 100 });
    expect(h.startsAtUtc).toBe('2026-05-28T14:00:00.000Z');
    expect(apply({ type: 'RESCHEDULE_HEARING', hearing_key: 'sentencing-doe', local_date: '2026-06-30', local_time: '14:30' }, { entryId: 2 }).result).toBe('changed');
    h = store.getHearing('us-v-doe', 'sentencing-doe')!;
    expect(h).toMatchObject({ localDate: '2026-06-30', localTime: '14:30', location: 'Courtroom 3', sequence: 1, sourceEntryIds: [1, 2], title: 'Sentencing' });
    expect(store.listHearings('us-v-doe')).toHaveLength(1);
  });

  it('re-applying the same action from the same entry changes nothing', () => {
    apply(add);
    const before = store.getHearing('us-v-doe', 'sentencing-doe')!;
    expect(apply(add, { now: '2026-02-01T00:00:00.000Z' }).result).toBe('unchanged');
    expect(store.getHearing('us-v-doe', 'sentencing-doe')!.lastUpdated).toBe(before.lastUpdated);
  });

  it('a new date without a time becomes all-day rather than keeping the old time', () => {
    apply(add);
    apply({ type: 'RESCHEDULE_HEARING', hearing_key: 'sentencing-doe', local_date: '2026-07-01' }, { entryId: 2 });
    expect(store.getHearing('us-v-doe', 'sentencing-doe')).toMatchObject({ localTime: null, durationMinutes: null });
  });

  it('cancels known hearings; an unknown one needs a date', () => {
    apply(add);
    expect(apply({ type: 'CANCEL_HEARING', hearing_key: 'sentencing-doe', local_date: '2026-05-28' }, { entryId: 3 }).result).toBe('changed');
    expect(store.getHearing('us-v-doe', 'sentencing-doe')!.status).toBe('cancelled');
    expect(apply({ type: 'CANCEL_HEARING', hearing_key: 'trial-doe' }).result).toBe('dropped');
    expect(apply({ type: 'CANCEL_HEARING', hearing_key: 'trial-doe', local_date: '2026-08-01' }).result).toBe('changed');
    expect(store.getHearing('us-v-doe', 'trial-doe')!.status).toBe('cancelled');
  });

  it('marks held only within two days of the known date; unknown + date inserts a held row', () => {
    apply(add);
    expect(apply({ type: 'MARK_HELD', hearing_key: 'sentencing-doe', local_date: '2026-06-05' }).result).toBe('dropped');
    expect(apply({ type: 'MARK_HELD', hearing_key: 'sentencing-doe', local_date: '2026-05-29' }, { entryId: 4 }).result).toBe('changed');
    expect(store.getHearing('us-v-doe', 'sentencing-doe')!.status).toBe('held');
    expect(apply({ type: 'MARK_HELD', hearing_key: 'arraignment-doe', local_date: '2026-01-05', hearing_type: 'arraignment' }).result).toBe('changed');
    expect(store.getHearing('us-v-doe', 'arraignment-doe')).toMatchObject({ status: 'held', localDate: '2026-01-05', title: 'Arraignment Doe' });
  });

  it('UPDATE_DETAILS without a new date keeps a held hearing held', () => {
    apply(add);
    apply({ type: 'MARK_HELD', hearing_key: 'sentencing-doe', local_date: '2026-05-28' }, { entryId: 2 });
    apply({ type: 'UPDATE_DETAILS', hearing_key: 'sentencing-doe', judge: 'Judge Ruiz' }, { entryId: 3 });
    expect(store.getHearing('us-v-doe', 'sentencing-doe')).toMatchObject({ status: 'held', judge: 'Judge Ruiz' });
  });

  it('drops an ADD without a date and refuses rows owned by a docket in another court', () => {
    expect(apply({ type: 'ADD_HEARING', hearing_key: 'trial' }).result).toBe('dropped');
    store.upsertDocketMeta({ docketId: 200, courtId: 'cadc', docketNumber: '26-3001', caseName: 'US v. Doe', absoluteUrl: null, dateLastFiling: null });
    apply({ ...add, hearing_key: 'oral-arg', hearing_type: 'oral_argument' }, { docketId: 200, courtId: 'cadc' });
    const out = apply({ type: 'CANCEL_HEARING', hearing_key: 'oral-arg', local_date: '2026-05-28' });
    expect(out).toMatchObject({ result: 'dropped', reason: expect.stringMatching(/another court/) });
    expect(store.getHearing('us-v-doe', 'oral-arg')!.status).toBe('scheduled');
  });

  it('routes a hearing-typed action that carries only a deadline key to the deadline path', () => {
    apply({ type: 'ADD_HEARING', deadline_key: 'govt-response', title: 'Government response', local_date: '2026-03-01' });
    expect(store.getDeadline('us-v-doe', 'govt-response')).not.toBeNull();
    expect(store.getHearing('us-v-doe', 'govt-response')).toBeNull();
  });
});

describe('deadline status machine', () => {
  it('defaults to 16:00 court-local and flips to passed by the wall clock', () => {
    apply({ type: 'ADD_DEADLINE', deadline_key: 'response-to-motion-42', title: 'Responses to ECF 42', deadline_type: 'response', local_date: '2026-01-20' });
    const d = store.getDeadline('us-v-doe', 'response-to-motion-42')!;
    expect(d).toMatchObject({ status: 'pending', dueAtUtc: '2026-01-20T21:00:00.000Z', localTime: null });
    expect(store.markPassedDeadlines('2026-01-20T20:59:00.000Z')).toEqual([]);
    expect(store.markPassedDeadlines('2026-01-21T00:00:00.000Z')).toEqual(['us-v-doe']);
    expect(store.getDeadline('us-v-doe', 'response-to-motion-42')!.status).toBe('passed');
  });

  it('stores a deadline already past at insert time as passed', () => {
    apply({ type: 'ADD_DEADLINE', deadline_key: 'old', title: 'Old', local_date: '2025-12-01' });
    expect(store.getDeadline('us-v-doe', 'old')!.status).toBe('passed');
  });

  it('keeps conditional deadlines undated; drops undated non-conditional ones', () => {
    expect(apply({ type: 'ADD_DEADLINE', deadline_key: 'objections', title: 'Objections' }).result).toBe('dropped');
    expect(apply({ type: 'ADD_DEADLINE', deadline_key: 'objections', title: 'Objections', conditional: true, notes: 'within 14 days of the report' }).result).toBe('changed');
    expect(store.getDeadline('us-v-doe', 'objections')).toMatchObject({ conditional: true, localDate: null, dueAtUtc: null, status: 'pending' });
    apply({ type: 'RESCHEDULE_DEADLINE', deadline_key: 'objections', local_date: '2026-02-03' }, { entryId: 2 });
    expect(store.getDeadline('us-v-doe', 'objections')).toMatchObject({ conditional: false, localDate: '2026-02-03' });
  });

  it('MARK_FILED meets a known deadline; a restatement does not re-open it; unknown keys are dropped', () => {
    const add: Action = { type: 'ADD_DEADLINE', deadline_key: 'reply-to-motion-42', title: 'Reply', local_date: '2026-03-01' };
    apply(add);
    expect(apply({ type: 'MARK_FILED', deadline_key: 'reply-to-motion-42' }, { entryId: 2 }).result).toBe('changed');
    expect(store.getDeadline('us-v-doe', 'reply-to-motion-42')!.status).toBe('met');
    apply(add, { entryId: 3 });
    expect(store.getDeadline('us-v-doe', 'reply-to-motion-42')!.status).toBe('met');
    apply({ ...add, type: 'RESCHEDULE_DEADLINE', local_date: '2026-03-08' }, { entryId: 4 });
    expect(store.getDeadline('us-v-doe', 'reply-to-motion-42')!.status).toBe('pending');
    expect(apply({ type: 'MARK_FILED', deadline_key: 'nothing-here' }).result).toBe('dropped');
  });
});

describe('webhook inbox', () => {
  const item = (key: string, receivedAt: string) => ({ key, keySource: 'header' as const, eventType: 1, body: '{}', receivedAt });

  it('inserts once per key, drains oldest first, retries with backoff and parks as dead', () => {
    expect(store.inboxInsert(item('k1', '2026-01-01T00:00:00.000Z'))).toBe('queued');
    expect(store.inboxInsertMany([item('k1', '2026-01-01T00:00:01.000Z'), item('k2', '2026-01-01T00:00:02.000Z')])).toEqual(['duplicate', 'queued']);
    const first = store.inboxNextDue('2026-01-01T00:01:00.000Z')!;
    expect(first.idempotencyKey).toBe('k1');
    store.inboxMarkFailed(first.id, 'boom', '2026-01-01T00:05:00.000Z', false);
    expect(store.inboxNextDue('2026-01-01T00:01:00.000Z')!.idempotencyKey).toBe('k2'); // k1 waits out its backoff
    expect(store.inboxNextDueAt()).toBe('2026-01-01T00:00:02.000Z');
    store.inboxMarkFailed(first.id, 'boom again', null, true);
    expect(store.inboxStats()).toMatchObject({ pending: 1, dead: 1 });
    expect(store.inboxReplay(null)).toBe(1);
    expect(store.inboxGet('k1')).toMatchObject({ status: 'pending', attempts: 0, lastError: 'boom again' });
  });

  it('prunes only processed deliveries older than the cutoff', () => {
    store.inboxInsertMany([item('old-done', '2026-01-01T00:00:00.000Z'), item('old-dead', '2026-01-01T00:00:00.000Z'), item('old-pending', '2026-01-01T00:00:00.000Z'), item('new-done', '2026-01-09T00:00:00.000Z')]);
    store.inboxMarkDone(store.inboxGet('old-done')!.id, { ok: true });
    store.inboxMarkDone(store.inboxGet('new-done')!.id, { ok: true });
    store.inboxMarkFailed(store.inboxGet('old-dead')!.id, 'x', null, true);
    expect(store.inboxPrune('2026-01-05T00:00:00.000Z')).toBe(1);
    expect(store.inboxGet('old-done')).toBeNull();
    expect(store.inboxList(null, 10).map((r) => r.idempotencyKey).sort()).toEqual(['new-done', 'old-dead', 'old-pending']);
  });
});


describe('store.hasLaterEffectiveEntry (is an entry late behind ones already applied?)', () => {
  const entry = (entryId: number, dateFiled: string | null, entryNumber: number | null, actions: string | null, docketId = 100) =>
    store.upsertEntry({ docketId, entryId, entryNumber, dateFiled, dateModified: '2026-01-10T00:00:00.000000Z', fingerprint: `f${entryId}`, description: 'x', shortDescription: null, documents: [], relevant: true, processedAt: '2026-01-10T00:00:00.000Z', actions });
  const at = (dateFiled: string | null, entryNumber: number | null, entryId: number, docketId = 100) => ({ dateFiled, docketId, recapSequence: null, entryNumber, entryId });

  beforeEach(() => {
    store.upsertDocketMeta({ docketId: 200, courtId: 'dcd', docketNumber: '1:26-cr-2', caseName: 'US v. Roe', absoluteUrl: '/docket/200/x/', dateLastFiling: null });
    entry(1, '2026-01-05', 5, '[{"type":"ADD_HEARING"}]');
    entry(2, '2026-01-07', 7, '[]'); // read, nothing effective
    entry(3, '2026-01-09', 9, null); // never extracted
  });

  it('sees an effective entry later in docket order, by date, then number', () => {
    expect(store.hasLaterEffectiveEntry([100], at('2026-01-04', 99, 50))).toBe(true);
    expect(store.hasLaterEffectiveEntry([100], at('2026-01-05', 4, 50))).toBe(true); // same day, lower number
    expect(store.hasLaterEffectiveEntry([100], at('2026-01-05', 6, 50))).toBe(false);
    expect(store.hasLaterEffectiveEntry([100], at('2026-01-06', 1, 50))).toBe(false); // only '[]' and unread ones after
  });

  it('counts an undated effective entry as last, and looks only at the dockets asked about', () => {
    entry(4, null, null, '[{"type":"ADD_DEADLINE"}]');
    expect(store.hasLaterEffectiveEntry([100], at('2026-12-31', 1, 50))).toBe(true);
    expect(store.hasLaterEffectiveEntry([100], at(null, null, 3))).toBe(true); // both undated: entry id decides
    expect(store.hasLaterEffectiveEntry([100], at(null, null, 4))).toBe(false); // itself
    expect(store.hasLaterEffectiveEntry([200], at('2020-01-01', 1, 50, 200))).toBe(false);
    entry(6, '2026-02-01', 1, '[{"type":"ADD_HEARING"}]', 200);
    expect(store.hasLaterEffectiveEntry([100, 200], at('2026-01-06', 1, 50))).toBe(true);
    expect(store.hasLaterEffectiveEntry([], at('2020-01-01', 1, 50))).toBe(false);
  });
});

describe('store.getEntryRefsByIds (what a calendar reads of its events\' source entries)', () => {
  it('gives each asked entry\'s number and documents, as the whole rows have them, across more ids than one query takes', () => {
    const documents = [{ id: 7, documentNumber: '12', attachmentNumber: null, description: 'Order', isAvailable: true, isSealed: false, filepathLocal: null, filepathIa: null, hasText: false }];
    store.transaction(() => {
      for (let id = 1; id <= 1200; id++) {
        store.upsertEntry({ docketId: 100 + (id % 3), entryId: id, entryNumber: id % 7 === 0 ? null : id, dateFiled: '2026-01-10', dateModified: '2026-01-10T00:00:00.000000Z', fingerprint: `f${id}`, description: `text ${id}`, shortDescription: null, documents: id % 2 ? documents : [], relevant: true, processedAt: '2026-01-10T00:00:00.000Z', actions: null });
      }
    });
    const ids = Array.from({ length: 600 }, (_, i) => 2 * i + 1).concat([5000]); // 5000: never stored
    const refs = store.getEntryRefsByIds(ids);
    const whole = store.getEntriesByIds(ids);
    expect(refs).toHaveLength(600);
    expect(refs.map((r) => r.entryId).sort((a, b) => a - b)).toEqual(ids.slice(0, 600));
    const byId = new Map(whole.map((e) => [e.entryId, e]));
    for (const r of refs) {
      const e = byId.get(r.entryId)!;
      expect(r).toEqual({ entryId: e.entryId, docketId: e.docketId, entryNumber: e.entryNumber, documents: e.documents });
    }
    expect(refs.find((r) => r.entryId === 7)).toMatchObject({ entryNumber: null, documents });
    expect(store.getEntryRefsByIds([])).toEqual([]);
  });
});
