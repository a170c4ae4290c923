import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { FakeCourtListener } from '../../src/fakecl/server.js';
import { assertBuilt } from '../helpers/cli.js';
import { parseIcs } from '../helpers/ics.js';
import { docketAlert, post, startServe, tearDown, valeWorkspace, waitFor, type Served } from '../helpers/serve.js';

/**
 * serve ends its inbox worker thread after webhook.worker_idle_seconds with nothing to do (an idle
 * serve then holds ~15 MB less) and starts another for the next delivery. Shown on the built CLI:
 * the thread really goes (the process's thread count), and deliveries before and after each
 * idle spell reach the calendar.
 */

const TOKEN = 'serve-idle-token-71c3';
const CONFIG = `
store_path: data/store.sqlite
courtlistener: {backoff_base_ms: 10, timeout_seconds: 5, max_requests_per_minute: 10000}
webhook: {retry_base_seconds: 0.05, worker_idle_seconds: 0.5}
calendars:
  main: {name: "Main", ics_path: out/main.ics}
cases:
  - {id: us-v-vale, name: "United States v. Vale", calendar: main, dockets: [3001]}
`;

let fake: FakeCourtListener;
let dir: string;
let env: Record<string, string>;
let served: Served | null = null;
let entryId = 90_000;

function entry(description: string) {
  entryId++;
  return {
    id: entryId,
    docket: 3001,
    entry_number: entryId - 90_000,
    recap_sequence_number: `2031-01-01.${String(entryId).padStart(6, '0')}`,
    date_filed: '2030-12-01',
    date_modified: '2030-12-01T10:00:00.000000-08:00',
    description,
    short_description: '',
    recap_documents: [],
  };
}

const calendar = () => (existsSync(path.join(dir, 'out/main.ics')) ? parseIcs(readFileSync(path.join(dir, 'out/main.ics'), 'utf8')) : null);
const summaries = () => (calendar() ?? []).map((e) => e.summary).sort();
/** The worker's thread, told apart by the nice value it lowers itself to (Linux keeps nice per thread). */
function workerThreads(pid: number): number {
  const niceOf = (tid: string) => Number(readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]);
  const base = niceOf(String(pid));
  return readdirSync(`/proc/${pid}/task`).filter((tid) => {
    try {
      return niceOf(tid) > base;
    } catch {
      return false; // the thread ended between the listing and the read
    }
  }).length;
}
const count = (text: string, needle: string) => text.split(needle).length - 1;
const PARKED = '"msg":"inbox worker thread ended while idle; the next delivery starts another"';
const RESTARTED = '"msg":"inbox worker thread started again"';

function inboxStatus(key: string): string | undefined {
  const db = new Database(path.join(dir, 'data', 'store.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT status FROM inbox WHERE idempotency_key = ?').get(key) as { status: string } | undefined)?.status;
  } finally {
    db.close();
  }
}

beforeAll(() => assertBuilt());
beforeEach(async () => {
  ({ dir, fake, env } = await valeWorkspace('cc-serve-idle-', CONFIG, TOKEN));
});
afterEach(async () => {
  await tearDown(served, fake, dir);
  served = null;
});

describe('serve: the inbox worker thread ends while idle and starts again on demand', () => {
  it.skipIf(process.platform !== 'linux')('ends the idle thread, starts another for each later delivery, and every delivery reaches the calendar', async () => {
    served = await startServe(dir, env);
    const pid = served.child.pid!;
    await waitFor(() => count(served!.stderr(), PARKED) === 1, 'the idle worker thread to end');
    expect(workerThreads(pid)).toBe(0); // gone from the process, not just quiet

    // Edited while serve runs: a new thread still reads the config serve started with.
    writeFileSync(path.join(dir, 'config.yaml'), 'cases: [this is not a config\n');
    expect((await post(served.base, docketAlert([entry('Sentencing set for 4/15/2031 11:00 AM in Courtroom 1925 before Judge Manish S. Shah.')]), { key: 'first' })).status).toBe(200);
    await waitFor(() => workerThreads(pid) === 1, 'a new worker thread');
    await waitFor(() => inboxStatus('first') === 'done', 'the first delivery to be processed');
    await waitFor(() => summaries().length === 1, 'the calendar');
    expect(summaries()).toEqual([expect.stringContaining('Sentencing')]);
    expect(served.stderr()).toContain('"reason":"a delivery arrived"');

    await waitFor(() => count(served!.stderr(), PARKED) === 2, 'the second thread to end while idle');
    expect((await post(served.base, docketAlert([entry('Status Conference set for 5/20/2031 at 9:30 AM before Judge Manish S. Shah.')]), { key: 'second' })).status).toBe(200);
    await waitFor(() => inboxStatus('second') === 'done', 'the second delivery to be processed');
    await waitFor(() => summaries().length === 2, 'the calendar to gain the second event');
    expect(summaries()).toEqual([expect.stringContaining('Sentencing'), expect.stringContaining('Status')].sort());
    expect(count(served.stderr(), RESTARTED)).toBe(2);
    expect(served.stderr()).not.toMatch(/"level":(50|60)/); // no error along the way
  }, 60_000);

  it('stops cleanly (exit 0) while no worker thread runs', async () => {
    served = await startServe(dir, env);
    await waitFor(() => served!.stderr().includes(PARKED), 'the idle worker thread to end');
    served.child.kill('SIGTERM');
    expect(await served.exited).toBe(0);
  }, 30_000);
});
