import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { FakeCourtListener } from '../../src/fakecl/server.js';
import { assertBuilt } from '../helpers/cli.js';
import { parseIcs } from '../helpers/ics.js';
import { SECRET, docketAlert, post, startServe, tearDown, valeWorkspace, waitFor, type Served } from '../helpers/serve.js';

/**
 * serve's inbox worker runs in a thread of its own. The test hooks of src/server/test-hooks.ts make
 * its extraction CPU-bound for a set time, or end the thread, so both can be shown deterministically.
 */

const TOKEN = 'serve-thread-token-5e2a';
const BUSY_MS = 5000;
const CONFIG = `
store_path: data/store.sqlite
courtlistener: {backoff_base_ms: 10, timeout_seconds: 5, max_requests_per_minute: 10000}
webhook: {retry_base_seconds: 0.05}
calendars:
  main: {name: "Main", ics_path: out/main.ics}
cases:
  - {id: us-v-vale, name: "United States v. Vale", calendar: main, dockets: [3001]}
`;

let fake: FakeCourtListener;
let dir: string;
let env: Record<string, string>;
let served: Served | null = null;
let entryId = 80_000;

function entry(description: string) {
  entryId++;
  return {
    id: entryId,
    docket: 3001,
    entry_number: entryId - 80_000,
    recap_sequence_number: `2031-01-01.${String(entryId).padStart(6, '0')}`,
    date_filed: '2030-12-01',
    date_modified: '2030-12-01T10:00:00.000000-08:00',
    description,
    short_description: '',
    recap_documents: [],
  };
}

function inboxRow(key: string): { status: string; attempts: number } | undefined {
  const db = new Database(path.join(dir, 'data', 'store.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT status, attempts FROM inbox WHERE idempotency_key = ?').get(key) as { status: string; attempts: number } | undefined;
  } finally {
    db.close();
  }
}

function serveAlive(): string | undefined {
  const db = new Database(path.join(dir, 'data', 'store.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare(`SELECT value FROM service_state WHERE key = 'serve_alive_at'`).get() as { value: string } | undefined)?.value;
  } finally {
    db.close();
  }
}

/** Milliseconds a request takes, with its status. */
async function timed(request: () => Promise<Response>): Promise<{ ms: number; status: number }> {
  const started = performance.now();
  const r = await request();
  await r.arrayBuffer();
  return { ms: performance.now() - started, status: r.status };
}

/** A thread's nice value (Linux keeps it per thread). */
const niceOf = (pid: number, tid: string) => Number(readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]);

const calendar = () => (existsSync(path.join(dir, 'out/main.ics')) ? parseIcs(readFileSync(path.join(dir, 'out/main.ics'), 'utf8')) : null);

beforeAll(() => assertBuilt());
beforeEach(async () => {
  ({ dir, fake, env } = await valeWorkspace('cc-serve-thread-', CONFIG, TOKEN));
});
afterEach(async () => {
  await tearDown(served, fake, dir);
  served = null;
});

describe('serve: the inbox worker in its own thread', () => {
  it('acknowledges deliveries and answers health while the worker is busy with CPU-bound extraction, then processes it', async () => {
    served = await startServe(dir, { ...env, CASE_CALENDAR_TEST_BUSY_EXTRACT_MS: String(BUSY_MS) });
    const busy = await post(served.base, docketAlert([entry('Sentencing set for 4/15/2031 11:00 AM in Courtroom 1925 before Judge Manish S. Shah.')]), { key: 'busy' });
    expect(busy.status).toBe(200);
    await waitFor(() => served!.stderr().includes('test hook: extraction keeps the CPU busy'), 'the worker to start its busy extraction');

    // While the worker's thread spins: deliveries (with no dated text, so they never reach the
    // extractor) and both health checks. On one thread each would wait out the spin.
    const answers = await Promise.all([
      ...Array.from({ length: 5 }, (_, i) => timed(() => post(served!.base, docketAlert([entry(`NOTICE OF ATTORNEY APPEARANCE: counsel ${i} appearing for Defendant.`)]), { key: `during-${i}` }))),
      timed(() => fetch(`${served!.base}/health`)),
      timed(() => fetch(`${served!.base}/webhooks/case-calendar/${SECRET}/health`)),
    ]);
    const stillInHand = inboxRow('busy')?.status;
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200, 200]);
    expect(stillInHand).toBe('pending'); // they were answered while the busy delivery was being worked on
    // Generous for a loaded machine, yet far below the spin they would otherwise have waited for.
    expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan(BUSY_MS / 2);

    // The busy delivery is then applied and its calendar written; the others follow it.
    const events = await waitFor(() => calendar(), 'the calendar', 30_000);
    expect(events.map((e) => e.summary)).toEqual([expect.stringContaining('Sentencing')]);
    await waitFor(() => inboxRow('during-4')?.status === 'done', 'the deliveries acknowledged during the spin', 30_000);
    const processed = served.stderr().split('\n').find((l) => l.includes('"msg":"delivery processed"') && l.includes('"idempotencyKey":"busy"'));
    expect(JSON.parse(processed!).ms).toBeGreaterThanOrEqual(BUSY_MS - 50); // the spin really ran in the worker
  }, 60_000);

  it('on SIGTERM lets the busy worker finish the delivery in hand, writes its calendar, and exits 0', async () => {
    served = await startServe(dir, { ...env, CASE_CALENDAR_TEST_BUSY_EXTRACT_MS: '1500' });
    expect((await post(served.base, docketAlert([entry('Sentencing set for 4/15/2031 11:00 AM in Courtroom 1925 before Judge Manish S. Shah.')]), { key: 'in-hand' })).status).toBe(200);
    await waitFor(() => served!.stderr().includes('test hook: extraction keeps the CPU busy'), 'the worker to start its busy extraction');
    served.child.kill('SIGTERM');
    expect(await served.exited).toBe(0);
    expect(inboxRow('in-hand')).toEqual({ status: 'done', attempts: 0 });
    expect(calendar()?.map((e) => e.summary)).toEqual([expect.stringContaining('Sentencing')]);
    expect(serveAlive()).toBe(''); // a stopped serve tells sync to poll every docket again
  }, 60_000);

  it('exits 1 when the worker thread dies, keeping the acknowledged delivery; the next start processes it', async () => {
    served = await startServe(dir, { ...env, CASE_CALENDAR_TEST_WORKER_DIE: '1' });
    expect((await post(served.base, docketAlert([entry('Sentencing set for 4/15/2031 11:00 AM in Courtroom 1925 before Judge Manish S. Shah.')]), { key: 'orphan' })).status).toBe(200);
    expect(await served.exited).toBe(1);
    expect(served.stderr()).toMatch(/"msg":"the inbox worker thread ended; stopping serve"/);
    expect(served.stderr()).toMatch(/case-calendar: the inbox worker thread died \(exit code 1: test hook: CASE_CALENDAR_TEST_WORKER_DIE\); exiting so the service manager restarts serve/);
    expect(inboxRow('orphan')).toEqual({ status: 'pending', attempts: 0 });
    expect(serveAlive()).toBe('');
    expect(calendar()).toBeNull();

    // What systemd's Restart=on-failure does next.
    served = await startServe(dir, env);
    await waitFor(() => inboxRow('orphan')?.status === 'done', 'the delivery resumed after the restart');
    const events = await waitFor(() => calendar(), 'the calendar');
    expect(events.map((e) => e.summary)).toEqual([expect.stringContaining('Sentencing')]);
  }, 60_000);

  it.skipIf(process.platform !== 'linux')('runs the worker thread at the lowest priority (nice 19), below the receiver, so acknowledgements win a contended CPU', async () => {
    served = await startServe(dir, env);
    const pid = served.child.pid!;
    const base = niceOf(pid, String(pid)); // the main thread, which answers deliveries: as started
    const lowered = await waitFor(() => {
      const tids = readdirSync(`/proc/${pid}/task`).filter((tid) => niceOf(pid, tid) > base);
      return tids.length > 0 ? tids : null;
    }, 'a thread with a lower priority');
    expect(lowered.map((tid) => niceOf(pid, tid))).toEqual([19]); // one thread: the worker's
  });

  it('ends with the configuration error when the worker thread cannot be built (exit 2)', async () => {
    writeFileSync(path.join(dir, 'config.yaml'), `extractor: llm\n${CONFIG}`);
    const noKeys = { GEMINI_API_KEY: '', GOOGLE_API_KEY: '', ANTHROPIC_API_KEY: '', OPENAI_API_KEY: '', LLM_PROVIDER: '' };
    // It may get to listen first (the thread loads alongside); either way it ends with the error.
    const outcome = await startServe(dir, { ...env, ...noKeys }).then(
      async (s) => {
        served = s;
        return { code: await s.exited, stderr: s.stderr() };
      },
      (err: Error) => ({ code: Number(/serve exited (\d+)/.exec(err.message)?.[1]), stderr: err.message }),
    );
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(/case-calendar: extractor: llm needs a language model/);
  });
});

/**
 * serve ends its inbox worker thread after webhook.worker_idle_seconds with nothing to do (an idle
 * serve then holds ~10 MB less) and starts another for the next delivery: the thread really goes
 * (no thread at its priority is left), and deliveries before and after each idle spell reach the
 * calendar.
 */
const idleQuickly = () => writeFileSync(path.join(dir, 'config.yaml'), CONFIG.replace('webhook: {retry_base_seconds: 0.05}', 'webhook: {retry_base_seconds: 0.05, worker_idle_seconds: 0.5}'));
const summaries = () => (calendar() ?? []).map((e) => e.summary).sort();
/** The worker's thread, told apart by the nice value it lowers itself to. */
function workerThreads(pid: number): number {
  const base = niceOf(pid, String(pid));
  return readdirSync(`/proc/${pid}/task`).filter((tid) => {
    try {
      return niceOf(pid, tid) > base;
    } catch {
      return false; // the thread ended between the listing and the read
    }
  }).length;
}
const count = (text: string, needle: string) => text.split(needle).length - 1;
const workerHealth = async () => (await (await fetch(`${served!.base}/webhooks/case-calendar/${SECRET}/health`)).json()) as { worker: unknown };
const PARKED = '"msg":"inbox worker thread ended while idle; the next delivery starts another"';
const RESTARTED = '"msg":"inbox worker thread started again"';

describe('serve: the inbox worker thread ends while idle and starts again on demand', () => {
  it.skipIf(process.platform !== 'linux')('ends the idle thread, starts another for each later delivery, and every delivery reaches the calendar', async () => {
    idleQuickly();
    served = await startServe(dir, env);
    const pid = served.child.pid!;
    await waitFor(() => count(served!.stderr(), PARKED) === 1, 'the idle worker thread to end');
    expect(workerThreads(pid)).toBe(0); // gone from the process, not just quiet
    expect((await workerHealth()).worker).toEqual({ thread: 'ended-idle', restarts: 0 });

    // Edited while serve runs: a new thread still reads the config serve started with.
    writeFileSync(path.join(dir, 'config.yaml'), 'cases: [this is not a config\n');
    expect((await post(served.base, docketAlert([entry('Sentencing set for 4/15/2031 11:00 AM in Courtroom 1925 before Judge Manish S. Shah.')]), { key: 'first' })).status).toBe(200);
    await waitFor(() => workerThreads(pid) === 1, 'a new worker thread');
    await waitFor(() => inboxRow('first')?.status === 'done', 'the first delivery to be processed');
    await waitFor(() => summaries().length === 1, 'the calendar');
    expect(summaries()).toEqual([expect.stringContaining('Sentencing')]);
    expect(served.stderr()).toContain('"reason":"a delivery arrived"');
    expect((await workerHealth()).worker).toEqual({ thread: 'up', restarts: 1 });

    await waitFor(() => count(served!.stderr(), PARKED) === 2, 'the second thread to end while idle');
    expect((await post(served.base, docketAlert([entry('Status Conference set for 5/20/2031 at 9:30 AM before Judge Manish S. Shah.')]), { key: 'second' })).status).toBe(200);
    await waitFor(() => inboxRow('second')?.status === 'done', 'the second delivery to be processed');
    await waitFor(() => summaries().length === 2, 'the calendar to gain the second event');
    expect(summaries()).toEqual([expect.stringContaining('Sentencing'), expect.stringContaining('Status')].sort());
    expect(count(served.stderr(), RESTARTED)).toBe(2);
    expect(served.stderr()).not.toMatch(/"level":(50|60)/); // no error along the way
  }, 60_000);

  it('stops cleanly (exit 0) while no worker thread runs', async () => {
    idleQuickly();
    served = await startServe(dir, env);
    await waitFor(() => served!.stderr().includes(PARKED), 'the idle worker thread to end');
    served.child.kill('SIGTERM');
    expect(await served.exited).toBe(0);
  }, 30_000);
});
