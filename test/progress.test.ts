import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Store } from '../src/store/store.js';
import { StorePacer } from '../src/courtlistener/pacer.js';
import { CourtListenerClient } from '../src/courtlistener/client.js';
import { requestLabel, waitLine } from '../src/courtlistener/progress.js';
import { FakeCourtListener } from '../src/fakecl/server.js';
import { progressWriter } from '../src/cli/progress-writer.js';

const TOKEN = 'tok-progress-test-123';
let dir: string;
let store: Store;
let clock: number;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cc-progress-'));
  store = Store.open(path.join(dir, 's.sqlite'));
  clock = Date.parse('2026-06-01T12:00:00Z');
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const fakePacer = (perMinute: number) =>
  new StorePacer(store, {
    perMinute,
    perDay: null,
    maxWaitSeconds: 900,
    now: () => clock,
    sleep: async (ms) => {
      clock += ms;
    },
  });

/** Largest silence from the start of a wait to its end, through the ticks heard. */
function longestSilence(start: number, ticks: number[], end: number): number {
  const times = [start, ...ticks, end];
  return Math.max(...times.slice(1).map((t, i) => t - times[i]!));
}

describe('pacer heartbeat', () => {
  it('reports a long wait at least every 5 s, counting down, and takes the slot at the end', async () => {
    const p = fakePacer(1);
    await p.acquire('dockets');
    const start = clock;
    const heard: Array<{ at: number; left: number }> = [];
    await p.acquire('dockets', (left) => heard.push({ at: clock, left }));
    expect(clock - start).toBe(60_000);
    expect(heard[0]).toEqual({ at: start, left: 60_000 });
    expect(heard.map((h) => h.left)).toEqual([60, 55, 50, 45, 40, 35, 30, 25, 20, 15, 10, 5].map((s) => s * 1000));
    expect(longestSilence(start, heard.map((h) => h.at), clock)).toBeLessThanOrEqual(5_000);
    expect(store.requestsInLastDay(clock)).toBe(2);
  });

  it('does not report a wait under a second', async () => {
    const p = fakePacer(1);
    await p.acquire('dockets');
    clock += 59_500;
    const heard: number[] = [];
    await p.acquire('dockets', (left) => heard.push(left));
    expect(heard).toEqual([]);
  });
});

describe('progress line', () => {
  let fake: FakeCourtListener;
  beforeEach(async () => {
    fake = new FakeCourtListener({ token: TOKEN, pageSize: 20 });
    fake.addDocket({ id: 500, court_id: 'dcd', docket_number: '1:26-cr-00042', case_name: 'United States v. Roe' });
    for (let i = 0; i < 25; i++) fake.addEntry(500, { description: `Entry ${i}`, date_filed: '2026-01-05' });
  });
  afterEach(async () => {
    await fake.stop();
  });

  it('carries the tier, done of planned requests, an ETA and what is next, every 5 s of a wait', async () => {
    const lines: Array<{ at: number; line: string }> = [];
    const c = new CourtListenerClient({
      origin: await fake.start(),
      token: TOKEN,
      timeoutSeconds: 5,
      maxAttempts: 2,
      retryAfterCapSeconds: 900,
      backoffBaseMs: 10,
      pacer: fakePacer(1),
      progress: (line) => lines.push({ at: clock, line }),
    });
    for (const d of [500, 501, 502]) c.plan.expect(requestLabel.docket(d), d);
    c.plan.expect(requestLabel.entries(500, 1), 500);
    await c.getDocket(500);
    expect(lines).toEqual([]); // the first request had its slot at once
    const start = clock;
    const pages = [];
    for await (const page of c.docketEntryPages(500, null)) pages.push(page.length);
    expect(pages).toEqual([20, 5]);
    // Page 1 waits a minute: done 1 (docket 500); left: page 1, dockets 501 and 502 = at least 4,
    // and at one a minute the last of the three goes out two minutes after this wait.
    expect(lines[0]).toEqual({ at: start, line: 'waiting 60 s for a CourtListener request slot (1/min tier; 1 of ≥4 requests done, ETA ≥3 min) — next: entries of docket 500 page 1' });
    expect(lines[1]!.line).toMatch(/^waiting 55 s for a CourtListener request slot \(1\/min tier; 1 of ≥4 requests done, ETA ≥3 min\)/);
    // Page 1 linked to page 2: planned grows by what was learned, and the heartbeat keeps its pace.
    const page2 = lines.filter((l) => l.line.endsWith('next: entries of docket 500 page 2'));
    expect(page2[0]!.line).toBe('waiting 60 s for a CourtListener request slot (1/min tier; 2 of ≥5 requests done, ETA ≥3 min) — next: entries of docket 500 page 2');
    expect(longestSilence(start, lines.map((l) => l.at), clock)).toBeLessThanOrEqual(5_000);
    expect(lines).toHaveLength(24);
    await c.close();
  });

  it('words the other waits and short ETAs', () => {
    expect(waitLine({ reason: 'retry-after', waitMs: 30_000, perMinute: 5, done: 3, remaining: 2, next: 'docket 9' })).toBe(
      'waiting 30 s as CourtListener asked (429 Retry-After) (5/min tier; 3 of ≥5 requests done, ETA ≥30 s) — next: docket 9',
    );
    expect(waitLine({ reason: 'backoff', waitMs: 4_000, perMinute: null, done: 0, remaining: 1, next: 'court dcd' })).toBe(
      'waiting 4 s before retrying CourtListener (0 of ≥1 requests done, ETA ≥4 s) — next: court dcd',
    );
  });
});

describe('progress writer', () => {
  const sink = (isTTY: boolean, columns = 40) => {
    const out: string[] = [];
    return { out, stream: { isTTY, columns, write: (s: string) => out.push(s) } };
  };

  it('redraws one status line on a terminal and clears it before the next line', () => {
    const { out, stream } = sink(true);
    const w = progressWriter(stream);
    w.status('waiting 10 s');
    w.status('waiting 5 s for a CourtListener request slot (5/min tier)');
    w.line('[1/1] us-v-roe: dockets=1');
    w.status('waiting 1 s');
    w.end();
    expect(out).toEqual(['\r\x1b[2Kwaiting 10 s', '\r\x1b[2Kwaiting 5 s for a CourtListener reques…', '\r\x1b[2K', '[1/1] us-v-roe: dockets=1\n', '\r\x1b[2Kwaiting 1 s', '\r\x1b[2K']);
  });

  it('writes plain lines elsewhere (a log keeps every heartbeat)', () => {
    const { out, stream } = sink(false);
    const w = progressWriter(stream);
    w.status('waiting 10 s');
    w.line('done');
    w.end();
    expect(out).toEqual(['waiting 10 s\n', 'done\n']);
  });
});
