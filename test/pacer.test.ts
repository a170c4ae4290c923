import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Store } from '../src/store/store.js';
import { StorePacer, busiestWindow } from '../src/courtlistener/pacer.js';
import { QuotaStopError } from '../src/courtlistener/errors.js';

let dir: string;
let a: Store;
let b: Store;
let clock: number;
let slept: number[];

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cc-pacer-'));
  a = Store.open(path.join(dir, 's.sqlite'));
  b = Store.open(path.join(dir, 's.sqlite')); // a second process on the same store
  clock = Date.parse('2026-06-01T12:00:00Z');
  slept = [];
});
afterEach(() => {
  a.close();
  b.close();
  rmSync(dir, { recursive: true, force: true });
});

const pacer = (store: Store, perMinute: number, perDay: number | null = null, maxWaitSeconds = 900) =>
  new StorePacer(store, {
    perMinute,
    perDay,
    maxWaitSeconds,
    now: () => clock,
    sleep: async (ms) => {
      slept.push(ms);
      clock += ms;
    },
  });

describe('StorePacer', () => {
  it('lets perMinute requests through, then waits until the oldest leaves the sliding minute', async () => {
    const p = pacer(a, 2);
    await p.acquire('dockets');
    clock += 10_000;
    await p.acquire('dockets');
    clock += 5_000;
    await p.acquire('docket-entries'); // third within the minute: waits for the first to age out
    expect(slept).toEqual([45_000]);
    expect(clock).toBe(Date.parse('2026-06-01T12:01:00Z'));
    expect(p.usage()).toEqual({ usedToday: 3, perDay: null, perMinute: 2 });
  });

  it('shares one quota between processes on the same store', async () => {
    await pacer(a, 3).acquire('dockets');
    await pacer(b, 3).acquire('dockets');
    await pacer(a, 3).acquire('dockets');
    await pacer(b, 3).acquire('dockets');
    expect(slept).toEqual([60_000]);
  });

  it('stops with QuotaStopError once the daily budget is spent, without taking a slot', async () => {
    const p = pacer(a, 100, 3);
    for (let i = 0; i < 3; i++) await p.acquire('dockets');
    const err = await p.acquire('dockets').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QuotaStopError);
    expect((err as QuotaStopError).message).toMatch(/daily CourtListener budget \(courtlistener\.max_requests_per_day: 3\) is spent/);
    expect((err as QuotaStopError).waitMs).toBe(86_400_000);
    expect(a.requestsInLastDay(clock)).toBe(3);
    // A day later the first slots are free again.
    clock += 86_400_000;
    await p.acquire('dockets');
    expect(slept).toEqual([]);
  });

  it('stops instead of waiting longer than the cap', async () => {
    const p = pacer(a, 1, null, 30);
    await p.acquire('dockets');
    await expect(p.acquire('dockets')).rejects.toBeInstanceOf(QuotaStopError);
    expect(slept).toEqual([]);
  });
});

describe('busiestWindow', () => {
  it('finds the most requests inside any sliding window', () => {
    const t = [0, 10_000, 59_999, 60_000, 61_000, 200_000];
    expect(busiestWindow(t, 60_000)).toBe(4); // 10 s, 59.999 s, 60 s, 61 s
    expect(busiestWindow(t, 3_600_000)).toBe(6);
    expect(busiestWindow([], 60_000)).toBe(0);
  });
});
