import { describe, expect, it } from 'vitest';
import { KnownRowsCache } from '../src/store/known-cache.js';
import { knownDigestOf } from '../src/store/known-digest.js';

interface TestRow {
  key: string;
  at: string | null;
  docketId: number | null;
}

/** The order the SQL gives: dated rows by instant, then undated; ties by key. */
function sqlOrder(rows: TestRow[]): TestRow[] {
  return [...rows].sort((a, b) => {
    if (a.at === null || b.at === null) return a.at === b.at ? (a.key < b.key ? -1 : 1) : a.at === null ? 1 : -1;
    return a.at === b.at ? (a.key < b.key ? -1 : 1) : a.at < b.at ? -1 : 1;
  });
}

const placed = (r: TestRow) => ({ at: r.at, key: r.key, row: Object.freeze({ ...r }) });

describe('KnownRowsCache', () => {
  it('keeps every list in SQL order, its digest and its dockets through 2,000 random puts and deletes', () => {
    let seed = 5;
    const next = (n: number) => Math.floor(((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * n);
    const cache = new KnownRowsCache<TestRow, TestRow>();
    const model = { hearings: new Map<string, TestRow>(), deadlines: new Map<string, TestRow>() };
    const randomRow = (): TestRow => ({
      key: `k-${next(60)}`,
      at: next(5) === 0 ? null : `2031-0${1 + next(9)}-1${next(9)}T1${next(9)}:00:00.000Z`,
      docketId: next(4) === 0 ? null : 100 + next(3),
    });
    cache.load('c', [], []);
    let previous = cache.get('c');
    for (let step = 0; step < 2000; step++) {
      const kind = next(2) === 0 ? 'hearings' : 'deadlines';
      const row = randomRow();
      if (next(4) === 0) {
        if (kind === 'hearings') cache.deleteHearing('c', row.key);
        else cache.deleteDeadline('c', row.key);
        model[kind].delete(row.key);
      } else {
        if (kind === 'hearings') cache.putHearing('c', placed(row));
        else cache.putDeadline('c', placed(row));
        model[kind].set(row.key, row);
      }
      const lists = cache.get('c')!;
      const hearings = sqlOrder([...model.hearings.values()]);
      const deadlines = sqlOrder([...model.deadlines.values()]);
      expect(lists.hearings.map((r) => r.key)).toEqual(hearings.map((r) => r.key));
      expect(lists.deadlines.map((r) => r.key)).toEqual(deadlines.map((r) => r.key));
      expect(lists.hearings).toEqual(hearings);
      expect(lists.digest).toBe(knownDigestOf({ hearings: lists.hearings, deadlines: lists.deadlines }));
      expect([...lists.dockets].sort()).toEqual([...new Set([...hearings, ...deadlines].map((r) => r.docketId))].sort());
      // Lists handed out are frozen and never change afterwards; a change hands out a new one.
      expect(Object.isFrozen(lists.hearings)).toBe(true);
      if (previous && previous !== lists) expect(Object.isFrozen(previous.hearings)).toBe(true);
      previous = lists;
    }
  });
});
