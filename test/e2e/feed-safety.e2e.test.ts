import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { FakeCourtListener, type EntryView } from '../../src/fakecl/server.js';
import { LATEST_SCHEMA_VERSION } from '../../src/store/migrations.js';
import { assertBuilt, runCli } from '../helpers/cli.js';
import { parseIcs } from '../helpers/ics.js';
import { SECRET, docketAlert, post, startServe, waitFor, type Served, tearDown, stopServe } from '../helpers/serve.js';

/**
 * Issue 11: every path that could leave a feed wrong, stale or empty, driven through the built CLI
 * against the fake CourtListener: webhooks racing polls, kill -9 between a commit and its render,
 * a mistyped or foreign store, a first sync that never reached CourtListener.
 */

const TOKEN = 'feed-safety-token-77';
const CONFIG = (store = 'data/store.sqlite') => `
store_path: ${store}
courtlistener: {backoff_base_ms: 10, timeout_seconds: 5, max_requests_per_minute: 10000}
webhook: {retry_base_seconds: 0.05}
calendars:
  main: {name: "Main", ics_path: out/main.ics}
cases:
  - {id: us-v-vale, name: "United States v. Vale", calendar: main, dockets: [3001]}
`;

/** A date N days from today in the clerk's M/D/YYYY. */
function mdy(n: number): string {
  const d = new Date(Date.now() + n * 86_400_000);
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()}`;
}
const isoDay = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

// The docket of the report: arraignment set, reset, held (with the next setting), and more.
const TEXTS = [
  'INDICTMENT as to Dana Vale (1) count(s) 1, 2.',
  `ORDER as to Dana Vale: Arraignment set for ${mdy(20)} 10:00 AM in Courtroom 1425 before Magistrate Judge Ann Lee.`,
  `ORDER as to Dana Vale: Arraignment reset for ${mdy(27)} 11:00 AM in Courtroom 1425 before Magistrate Judge Ann Lee.`,
  `MINUTE ENTRY for proceedings held before Magistrate Judge Ann Lee: Arraignment as to Dana Vale (1) Count 1,2 held on ${mdy(27)}. Plea of NOT GUILTY entered. Status Conference set for ${mdy(50)} 09:30 AM in Courtroom 1425 before Judge Rita Moss.`,
  `ORDER as to Dana Vale: Pretrial Motions due by ${mdy(60)}. Responses due by ${mdy(74)}.`,
  `ORDER as to Dana Vale: Jury Trial set for ${mdy(120)} 09:00 AM in Courtroom 1425 before Judge Rita Moss.`,
];

let fake: FakeCourtListener;
let dir: string;
let env: Record<string, string>;
let served: Served | null = null;

const cli = (...args: string[]) => runCli(args, { cwd: dir, env });
const feed = () => readFileSync(path.join(dir, 'out', 'main.ics'), 'utf8');
const storeFile = () => path.join(dir, 'data', 'store.sqlite');

function land(i: number): EntryView {
  return fake.addEntry(3001, {
    date_filed: isoDay(-40 + i),
    description: TEXTS[i]!,
    recap_documents: [{ description: 'Main Document', is_available: true, plain_text: `text of entry ${i + 1}` }],
  });
}

/** The DOCKET_ALERT copy of an entry: no document text yet, so its fingerprint differs from the poll's. */
const asDelivered = (v: EntryView) => ({ ...v, docket: 3001, recap_documents: v.recap_documents.map((d) => ({ ...d, plain_text: '' })) });

/** What a calendar says, without the stamps that record when this store learned it. */
const content = (ics: string) => ics.replace(/^DTSTAMP:.*\r?\n/gm, '').replace(/^LAST-MODIFIED:.*\r?\n/gm, '');

function rows(file = storeFile()): string {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const h = db.prepare('SELECT hearing_key, title, hearing_type, local_date, local_time, status, location, judge, source_entry_ids FROM hearings ORDER BY hearing_key').all();
    const d = db.prepare('SELECT deadline_key, title, local_date, status, source_entry_ids FROM deadlines ORDER BY deadline_key').all();
    return JSON.stringify({ h, d }, null, 1);
  } finally {
    db.close();
  }
}

beforeAll(() => assertBuilt());
beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cc-feedsafe-'));
  writeFileSync(path.join(dir, 'config.yaml'), CONFIG());
  fake = new FakeCourtListener({ token: TOKEN, pageSize: 2 });
  fake.addDocket({ id: 3001, court_id: 'ilnd', docket_number: '1:30-cr-00300', case_name: 'United States v. Vale', pacer_case_id: '300300' });
  env = { COURTLISTENER_TOKEN: TOKEN, COURTLISTENER_BASE_URL: await fake.start() };
});
afterEach(async () => {
  await tearDown(served, fake, dir);
  served = null;
});

/** The store and feed here equal what a single poll of every entry gives in a fresh store. */
async function expectSameAsOnePoll(): Promise<void> {
  const ref = await reference();
  expect(rows()).toBe(ref.rows);
  expect(content(feed())).toBe(ref.ics);
}

/** The store and feed a single poll of every entry gives: what every other order must end in. */
async function reference(): Promise<{ rows: string; ics: string }> {
  const saved = dir;
  dir = mkdtempSync(path.join(tmpdir(), 'cc-feedsafe-ref-'));
  try {
    writeFileSync(path.join(dir, 'config.yaml'), CONFIG());
    const r = await cli('sync');
    expect(r.code, r.stderr).toBe(0);
    return { rows: rows(), ics: content(feed()) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    dir = saved;
  }
}

describe('webhooks before the first sync (item 1)', () => {
  it('serve alone, then sync: the same rows and calendar as polling alone — no phantom arraignment', async () => {
    served = await startServe(dir, env);
    const views = TEXTS.map((_, i) => land(i));
    for (const [i, v] of views.entries()) expect((await post(served.base, docketAlert([asDelivered(v)]), { key: `d-${i}` })).status).toBe(200);
    await waitFor(() => existsSync(path.join(dir, 'out', 'main.ics')) && parseIcs(feed()).length >= 5, 'serve to render the deliveries');
    await stopServe(served);
    served = null;
    const r = await cli('sync');
    expect(r.code, r.stderr).toBe(0);
    await expectSameAsOnePoll();
    const show = await cli('show');
    expect(show.stdout).not.toMatch(/arraignment-2/);
    expect(show.stdout.match(/Arraignment/g)).toHaveLength(1);
  });

  it('sync and serve running together, deliveries late and repeated, converge on the same store and calendar', async () => {
    served = await startServe(dir, env);
    const views: EntryView[] = [];
    const syncs: Array<Promise<unknown>> = [];
    for (let i = 0; i < TEXTS.length; i++) {
      views.push(land(i));
      // The reset's delivery is held back (serve was "down") and arrives after the held minute entry.
      if (i !== 2) expect((await post(served.base, docketAlert([asDelivered(views[i]!)]), { key: `d-${i}` })).status).toBe(200);
      if (i % 2 === 1) syncs.push(cli('sync'));
    }
    expect((await post(served.base, docketAlert([asDelivered(views[2]!)]), { key: 'd-2' })).status).toBe(200);
    expect((await post(served.base, docketAlert([asDelivered(views[3]!)]), { key: 'd-3-again' })).status).toBe(200);
    await Promise.all(syncs);
    const db = () => new Database(storeFile(), { readonly: true });
    await waitFor(() => {
      const d = db();
      try {
        return (d.prepare(`SELECT COUNT(*) AS n FROM inbox WHERE status <> 'done'`).get() as { n: number }).n === 0;
      } finally {
        d.close();
      }
    }, 'the inbox to drain');
    await stopServe(served);
    served = null;
    const last = await cli('sync');
    expect(last.code, last.stderr).toBe(0);
    await expectSameAsOnePoll();
  });
});

describe('kill -9 between a store commit and the calendar write (item 2)', () => {
  for (const point of ['after-entry-commit', 'before-emit', 'after-calendar-write'] as const) {
    it(`a sync killed at ${point} leaves the work recorded; the next sync (nothing new on CourtListener) writes the calendar`, async () => {
      TEXTS.forEach((_, i) => land(i));
      const crashed = await runCli(['sync'], { cwd: dir, env: { ...env, CASE_CALENDAR_CRASH_AT: point } });
      expect(crashed.code).toBeNull(); // killed by the signal
      const next = await cli('sync');
      expect(next.code, next.stderr).toBe(0);
      await expectSameAsOnePoll();
      // And nothing is left owed.
      const db = new Database(storeFile(), { readonly: true });
      expect((db.prepare('SELECT COUNT(*) AS n FROM render_pending').get() as { n: number }).n).toBe(0);
      db.close();
    });
  }

  it('serve settles what a killed sync left: the calendar is written at start-up', async () => {
    TEXTS.forEach((_, i) => land(i));
    const crashed = await runCli(['sync'], { cwd: dir, env: { ...env, CASE_CALENDAR_CRASH_AT: 'before-emit' } });
    expect(crashed.code).toBeNull();
    expect(existsSync(path.join(dir, 'out', 'main.ics'))).toBe(false);
    served = await startServe(dir, env);
    await waitFor(() => existsSync(path.join(dir, 'out', 'main.ics')), 'serve to write the pending calendar');
    const ref = await reference();
    expect(content(feed())).toBe(ref.ics);
  });

  it('a refold killed before its write is redone by the next run', async () => {
    const views = TEXTS.map((_, i) => land(i));
    served = await startServe(dir, env);
    // Everything but the reset, then the reset late: its delivery queues a refold of the case.
    for (const [i, v] of views.entries()) if (i !== 2) expect((await post(served.base, docketAlert([asDelivered(v)]), { key: `d-${i}` })).status).toBe(200);
    await waitFor(() => existsSync(path.join(dir, 'out', 'main.ics')), 'the first render');
    served.child.kill('SIGTERM');
    await served.exited;
    served = await startServe(dir, { ...env, CASE_CALENDAR_CRASH_AT: 'before-refold-write' });
    await post(served.base, docketAlert([asDelivered(views[2]!)]), { key: 'd-2' });
    expect(await served.exited).toBeNull();
    served = null;
    const r = await cli('sync');
    expect(r.code, r.stderr).toBe(0);
    await expectSameAsOnePoll();
  });
});

describe('a missing, foreign or emptied store never empties a published calendar (item 3)', () => {
  it('emit and show with a store_path that does not exist: exit 1 naming the path; nothing created, the feed untouched', async () => {
    TEXTS.forEach((_, i) => land(i));
    expect((await cli('sync')).code).toBe(0);
    const published = feed();
    writeFileSync(path.join(dir, 'config.yaml'), CONFIG('data/stroe.sqlite'));
    for (const cmd of [['emit'], ['show'], ['inbox', 'list'], ['prune']]) {
      const r = await cli(...cmd);
      expect(r.code, cmd.join(' ')).toBe(1);
      expect(r.stderr).toContain(path.join(dir, 'data', 'stroe.sqlite'));
      expect(r.stderr).not.toMatch(/unexpected error|at .*\.js:\d+/);
    }
    expect(existsSync(path.join(dir, 'data', 'stroe.sqlite'))).toBe(false);
    expect(feed()).toBe(published);
  });

  it('emit from a store that has no rows for a calendar holding events refuses and says why; --allow-empty forces it', async () => {
    TEXTS.forEach((_, i) => land(i));
    expect((await cli('sync')).code).toBe(0);
    const published = feed();
    expect(parseIcs(published).length).toBeGreaterThan(0);
    // Another store whose docket was read but holds nothing (say, a copy from before the first entries).
    const other = path.join(dir, 'data', 'other.sqlite');
    const db = new Database(storeFile());
    db.exec(`VACUUM INTO '${other}'`);
    db.close();
    const o = new Database(other);
    o.exec('DELETE FROM hearings; DELETE FROM deadlines;');
    o.close();
    writeFileSync(path.join(dir, 'config.yaml'), CONFIG('data/other.sqlite'));
    const r = await cli('emit');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/NOT written/);
    expect(r.stderr).toContain(other);
    expect(r.stderr).toMatch(/--allow-empty/);
    expect(feed()).toBe(published);
    const forced = await cli('emit', '--allow-empty');
    expect(forced.code).toBe(0);
    expect(parseIcs(feed())).toHaveLength(0);
  });
});

describe('a first sync that never reached CourtListener writes no calendar (item 4)', () => {
  let server: Server | null = null;
  afterEach(async () => {
    if (server) await new Promise((r) => server!.close(r));
    server = null;
  });

  it('closed port: exit 1 and no feed created', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const r = await runCli(['sync'], { cwd: dir, env: { ...env, COURTLISTENER_BASE_URL: `http://127.0.0.1:${port}` } });
    expect(r.code).toBe(1);
    expect(existsSync(path.join(dir, 'out', 'main.ics'))).toBe(false);
  });

  it('an HTML answer: exit 1 and no feed created; a later good sync writes it', async () => {
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body>Welcome to nginx!</body></html>');
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const r = await runCli(['sync'], { cwd: dir, env: { ...env, COURTLISTENER_BASE_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}` } });
    expect(r.code).toBe(1);
    expect(existsSync(path.join(dir, 'out', 'main.ics'))).toBe(false);
    land(1);
    const good = await cli('sync');
    expect(good.code, good.stderr).toBe(0);
    expect(parseIcs(feed())).toHaveLength(1);
  });
});

describe('stores the operator must be told about (items 7 and 9)', () => {
  it('a file that is not a SQLite store: every command names the path and the way out, without a stack trace', async () => {
    writeFileSync(path.join(dir, 'config.yaml'), CONFIG('data/notes.txt'));
    const { mkdirSync } = await import('node:fs');
    mkdirSync(path.join(dir, 'data'), { recursive: true });
    writeFileSync(path.join(dir, 'data', 'notes.txt'), 'not a database\n'.repeat(500));
    for (const cmd of [['show'], ['emit'], ['sync']]) {
      const r = await cli(...cmd);
      expect(r.code, cmd.join(' ')).toBe(1);
      expect(r.stderr).toContain(path.join(dir, 'data', 'notes.txt'));
      expect(r.stderr).toMatch(/not a SQLite database/);
      expect(r.stderr).toMatch(/backup|\.recover/);
      expect(r.stderr).not.toMatch(/unexpected error|\n\s+at /);
    }
  });

  it('a store written by a newer version is refused by every command, naming both versions', async () => {
    land(1);
    expect((await cli('sync')).code).toBe(0);
    const db = new Database(storeFile());
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(LATEST_SCHEMA_VERSION + 1, 'newer', new Date().toISOString());
    db.close();
    const before = readFileSync(storeFile());
    for (const cmd of [['sync'], ['show'], ['emit'], ['inbox', 'list'], ['prune'], ['reconcile'], ['alerts'], ['serve', '--port', '0']]) {
      const r = await runCli(cmd, { cwd: dir, env: { ...env, CASE_CALENDAR_WEBHOOK_SECRET: SECRET } });
      expect(r.code, cmd.join(' ')).toBe(1);
      expect(r.stderr, cmd.join(' ')).toContain(`schema version ${LATEST_SCHEMA_VERSION + 1}`);
      expect(r.stderr, cmd.join(' ')).toContain(`up to ${LATEST_SCHEMA_VERSION}`);
    }
    expect(readFileSync(storeFile()).equals(before)).toBe(true);
  });

  it.skipIf(process.getuid?.() !== 0)('a store the user cannot write: show still works, writers say it is a permissions problem', async () => {
    land(1);
    expect((await cli('sync')).code).toBe(0);
    copyFileSync(path.join(dir, 'config.yaml'), path.join(dir, 'config.copy.yaml'));
    const { chmodSync } = await import('node:fs');
    for (const p of [dir, path.join(dir, 'data')]) chmodSync(p, 0o755);
    chmodSync(storeFile(), 0o644);
    const { execFileSync } = await import('node:child_process');
    const run = (...args: string[]) => {
      try {
        return { code: 0, out: execFileSync('runuser', ['-u', 'nobody', '--', process.execPath, path.resolve('bin/case-calendar.cjs'), ...args], { cwd: dir, env: { ...process.env, ...env, LOG_LEVEL: 'warn' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) };
      } catch (err) {
        const e = err as { status: number; stderr: string };
        return { code: e.status, out: e.stderr };
      }
    };
    const show = run('show');
    expect(show.code, show.out).toBe(0);
    expect(show.out).toMatch(/Status Conference|Arraignment/);
    const emit = run('emit');
    expect(emit.code).toBe(1);
    expect(emit.out).toContain(storeFile());
    expect(emit.out).toMatch(/write access|readable and writable/);
    expect(emit.out).not.toMatch(/unexpected error/);
  });
});
