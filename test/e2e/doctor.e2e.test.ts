import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { FakeCourtListener } from '../../src/fakecl/server.js';
import { newSecret } from '../../src/notify/sign.js';
import { LATEST_SCHEMA_VERSION } from '../../src/store/migrations.js';
import { assertBuilt, runCli, type CliResult } from '../helpers/cli.js';
import { SECRET, killServe, startServe, stopServe, type Served } from '../helpers/serve.js';

const TOKEN = 'doctor-e2e-token-5b7c';
const NOTIFY_SECRET = newSecret();

interface Check {
  name: string;
  status: 'ok' | 'warn' | 'FAIL';
  message: string;
  fix?: string;
}
interface Report {
  checks: Check[];
  ok: boolean;
}

let dir: string;
let fake: FakeCourtListener;
let env: Record<string, string>;
let served: Served | null = null;
let receiver: Server;
let receiverStatus = 204;
let pings = 0;

function config(dockets: { oak: number[] } = { oak: [3002] }): string {
  return `store_path: data/s.sqlite
courtlistener: {max_requests_per_minute: 10000, backoff_base_ms: 10, timeout_seconds: 5, max_attempts: 2}
notifications:
  - {id: ops, url: "http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/secret-path", secret_env: CC_NOTIFY_SECRET}
calendars: {main: {name: Main, ics_path: out/main.ics}}
cases:
  - {id: us-v-vale, name: "United States v. Vale", calendar: main, dockets: [3001]}
  - {id: us-v-oak, name: "United States v. Oak", calendar: main, dockets: [${dockets.oak.join(', ')}]}
`;
}

const doctor = (args: string[] = [], opts: { env?: Record<string, string>; config?: string; cwd?: string } = {}) =>
  runCli(['-c', opts.config ?? 'config.yaml', 'doctor', ...args], { cwd: opts.cwd ?? dir, env: { ...env, ...opts.env } });
const host = () => ['--host', served!.base];

function parse(r: CliResult): Report {
  return JSON.parse(r.stdout) as Report;
}
function check(report: Report, name: string): Check {
  const c = report.checks.find((x) => x.name === name);
  if (!c) throw new Error(`no check "${name}" in ${report.checks.map((x) => x.name).join(', ')}`);
  return c;
}
const storeFile = () => path.join(dir, 'data', 's.sqlite');

beforeAll(async () => {
  assertBuilt();
  dir = mkdtempSync(path.join(tmpdir(), 'cc-doctor-'));
  receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      pings++;
      res.writeHead(receiverStatus);
      res.end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  writeFileSync(path.join(dir, 'config.yaml'), config());
  fake = new FakeCourtListener({ token: TOKEN });
  fake.addDocket({ id: 3001, court_id: 'ilnd', docket_number: '1:30-cr-00300', case_name: 'United States v. Vale' });
  fake.addEntry(3001, { description: 'Status Conference set for 2/2/2031 at 10:00 AM before Judge Manish S. Shah.' });
  fake.addDocket({ id: 3002, court_id: 'dcd', docket_number: '1:30-cr-00400', case_name: 'United States v. Oak' });
  fake.addEntry(3002, { description: 'Jury Trial set for 6/2/2031 at 9:30 AM in Courtroom 3 before Judge Amit P. Mehta.' });
  // A docket the fake has that no configured case names yet (for the "never read" fetch).
  fake.addDocket({ id: 3003, court_id: 'dcd', docket_number: '1:30-cr-00500', case_name: 'United States v. Elm' });
  env = { COURTLISTENER_TOKEN: TOKEN, COURTLISTENER_BASE_URL: await fake.start(), CASE_CALENDAR_WEBHOOK_SECRET: SECRET, CC_NOTIFY_SECRET: NOTIFY_SECRET };
  const sync = await runCli(['sync'], { cwd: dir, env });
  expect(sync.code, sync.stderr).toBe(0);
  // sync's alerts check subscribed both dockets.
  expect(fake.docketAlerts().map((a) => [a.docket, a.alert_type]).sort()).toEqual([
    [3001, 1],
    [3002, 1],
  ]);
  served = await startServe(dir, env);
}, 60_000);

afterAll(async () => {
  await killServe(served);
  await fake.stop();
  await new Promise((r) => receiver.close(r));
  rmSync(dir, { recursive: true, force: true });
});

describe('doctor on a healthy set-up', () => {
  it('prints one ok line per check, in order, spends one request, and exits 0', async () => {
    fake.resetRequests();
    pings = 0;
    const r = await doctor(host());
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    for (const l of lines) expect(l).toMatch(/^ok {3}\S/);
    const expected = [
      'config',
      'env COURTLISTENER_TOKEN',
      'env COURTLISTENER_BASE_URL',
      'env CASE_CALENDAR_WEBHOOK_SECRET',
      'env CC_NOTIFY_SECRET',
      'courtlistener',
      'dockets',
      'docket alerts',
      'quota',
      'store',
      'calendar main',
      'time zones',
      'receiver',
      'llm',
      'notify ops',
    ];
    expect(lines).toHaveLength(expected.length);
    expect(lines.map((l, i) => l.startsWith(`ok   ${expected[i]} `))).toEqual(lines.map(() => true));
    // Both dockets were polled by sync just now: only the alerts list is requested.
    expect(fake.requests.map((q) => q.path)).toEqual(['/api/rest/v4/docket-alerts/']);
    expect(pings).toBe(1);
    expect(r.stdout).toMatch(/dockets\s+2 configured, 2 polled within 48 h \(no request spent\)/);
    expect(r.stdout).toMatch(/docket alerts\s+2 of 2 configured dockets with an active alert/);
    expect(r.stdout).toMatch(/quota\s+\d+ requests in the last 24 h of 125\/day \(free tier, for reference; max_requests_per_day unset\); polling plan ≈ 4\/day assuming an hourly sync cron \(2 of 2 dockets covered by webhooks/);
    expect(r.stdout).toMatch(new RegExp(`store\\s+${storeFile().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: schema v${LATEST_SCHEMA_VERSION}, quick_check ok, journal_mode wal`));
    expect(r.stdout).toMatch(/calendar main\s+\S+main\.ics: 2 events, rendered today/);
    // The built CLI reads the build's time-zone table for this very Node (not Intl).
    expect(r.stdout).toMatch(new RegExp(`time zones\\s+the build's table \\(tz data ${process.versions.tz}, \\d+ zones, 1980–2080\\)`));
    expect(r.stdout).toMatch(/receiver\s+http:\/\/127\.0\.0\.1:\d+: case-calendar \S+ tracking 2 dockets across 2 cases/);
    expect(r.stdout).toMatch(/notify ops\s+http:\/\/127\.0\.0\.1:\d+ answered HTTP 204 to a signed ping/);
    // No secret, and not the endpoint's path (Slack-style URLs are credentials).
    for (const s of [TOKEN, SECRET, NOTIFY_SECRET, 'secret-path']) expect(r.stdout + r.stderr).not.toContain(s);
  });

  it('--json: {checks, ok}', async () => {
    const r = await doctor(['--json', ...host()]);
    expect(r.code).toBe(0);
    const report = parse(r);
    expect(report.ok).toBe(true);
    expect(report.checks.length).toBe(15);
    expect(report.checks.every((c) => c.status === 'ok' && c.fix === undefined)).toBe(true);
  });

  it('without --host the receiver is a warning, which does not fail the run', async () => {
    const r = await doctor(['--json']);
    expect(r.code).toBe(0);
    const report = parse(r);
    expect(check(report, 'receiver')).toMatchObject({ status: 'warn', message: expect.stringMatching(/not checked: pass --host/) });
    expect(report.checks.filter((c) => c.status !== 'ok').map((c) => c.name)).toEqual(['receiver']);
  });
});

describe('doctor names each broken part', () => {
  it('a token CourtListener refuses: FAIL naming COURTLISTENER_TOKEN', async () => {
    const r = await doctor(['--json', ...host()], { env: { COURTLISTENER_TOKEN: 'not-the-right-token' } });
    expect(r.code).toBe(1);
    const report = parse(r);
    expect(report.ok).toBe(false);
    expect(check(report, 'courtlistener')).toMatchObject({ status: 'FAIL', message: expect.stringMatching(/rejected the token \(401\)/), fix: expect.stringContaining('COURTLISTENER_TOKEN') });
    expect(check(report, 'docket alerts').status).toBe('warn'); // not checked, and said so
    expect(check(report, 'dockets').status).toBe('ok'); // both read recently: nothing to fetch
    expect(r.stdout).not.toContain('not-the-right-token');
  });

  it('an unreachable COURTLISTENER_BASE_URL: FAIL naming it', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const r = await doctor(['--json', ...host()], { env: { COURTLISTENER_BASE_URL: `http://127.0.0.1:${port}` } });
    expect(r.code).toBe(1);
    expect(check(parse(r), 'courtlistener')).toMatchObject({ status: 'FAIL', fix: expect.stringContaining(`COURTLISTENER_BASE_URL (http://127.0.0.1:${port})`) });
  });

  it('a configured docket CourtListener does not have: FAIL naming the case, the docket and cases[i].dockets; a readable new one is fetched once', async () => {
    writeFileSync(path.join(dir, 'unknown.yaml'), config({ oak: [3002, 9999, 3003] }));
    fake.resetRequests();
    const r = await doctor(['--json', ...host()], { config: 'unknown.yaml' });
    expect(r.code).toBe(1);
    const report = parse(r);
    const dockets = check(report, 'dockets');
    expect(dockets.status).toBe('FAIL');
    expect(dockets.message).toContain('docket 9999 of case us-v-oak (cases[1].dockets): CourtListener has no such docket (404)');
    expect(dockets.message).not.toContain('docket 3003'); // exists: fine
    expect(dockets.fix).toContain('cases[1].dockets');
    expect(dockets.message).toContain('4 configured, 2 polled within 48 h (no request spent), 1 never read, fetched now');
    // Only the dockets never read cost a request.
    expect(fake.requests.map((q) => q.path).filter((p) => p.includes('/dockets/')).sort()).toEqual(['/api/rest/v4/dockets/3003/', '/api/rest/v4/dockets/9999/']);
    // Neither has an alert.
    expect(check(report, 'docket alerts')).toMatchObject({ status: 'warn', message: expect.stringMatching(/docket 9999 \(case us-v-oak\) has no alert.*docket 3003/) });
  });

  it('a missing docket alert: warn with `alerts --sync`, which the fix then repairs', async () => {
    const alert = fake.docketAlerts().find((a) => a.docket === 3002)!;
    fake.data.deleteDocketAlert(TOKEN, alert.id);
    const r = await doctor(['--json', ...host()]);
    expect(r.code).toBe(0); // a warning
    const alerts = check(parse(r), 'docket alerts');
    expect(alerts).toMatchObject({ status: 'warn', fix: expect.stringContaining('case-calendar alerts --sync') });
    expect(alerts.message).toContain('docket 3002 (case us-v-oak) has no alert');
    expect(alerts.message).not.toContain('docket 3001');

    expect((await runCli(['alerts', '--sync'], { cwd: dir, env })).code).toBe(0);
    expect(check(parse(await doctor(['--json', ...host()])), 'docket alerts').status).toBe('ok');
  });

  it('a notification endpoint answering 500: FAIL naming the endpoint', async () => {
    receiverStatus = 500;
    try {
      const r = await doctor(['--json', ...host()]);
      expect(r.code).toBe(1);
      expect(check(parse(r), 'notify ops')).toMatchObject({ status: 'FAIL', message: expect.stringMatching(/answered HTTP 500 to a signed ping/), fix: expect.stringContaining('notify test ops') });
    } finally {
      receiverStatus = 204;
    }
  });

  it('a corrupt calendar file: FAIL naming the file and the damage', async () => {
    const file = path.join(dir, 'out', 'main.ics');
    const good = readFileSync(file);
    try {
      writeFileSync(file, good.subarray(0, Math.floor(good.length / 2)));
      const r = await doctor(['--json', ...host()]);
      expect(r.code).toBe(1);
      const cal = check(parse(r), 'calendar main');
      expect(cal.status).toBe('FAIL');
      expect(cal.message).toContain(file);
      expect(cal.message).toMatch(/never ends \(a truncated file\?\)/);
      expect(cal.fix).toContain('case-calendar emit');
    } finally {
      writeFileSync(file, good);
    }
  });

  it('an older schema: warn "run any write command to migrate", and doctor does not migrate it', async () => {
    const db = new Database(storeFile());
    const row = db.prepare('SELECT * FROM schema_migrations WHERE version = ?').get(LATEST_SCHEMA_VERSION) as { version: number; name: string; applied_at: string };
    db.prepare('DELETE FROM schema_migrations WHERE version = ?').run(LATEST_SCHEMA_VERSION);
    try {
      const r = await doctor(host());
      const line = r.stdout.split('\n').find((l) => /^\S+\s+store /.test(l))!;
      expect(line).toMatch(new RegExp(`^warn +store .*schema v${LATEST_SCHEMA_VERSION - 1} is older than this case-calendar's v${LATEST_SCHEMA_VERSION} — fix: run any write command to migrate`));
      expect(r.code).toBe(0); // warnings only: what needs the store says "not checked"
      expect(r.stdout).toMatch(/^warn +quota +not checked: the store's schema/m);
      const max = (db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number }).v;
      expect(max).toBe(LATEST_SCHEMA_VERSION - 1);
    } finally {
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(row.version, row.name, row.applied_at);
      db.close();
    }
  });

  it('a newer-than-supported schema: FAIL "upgrade case-calendar"', async () => {
    const db = new Database(storeFile());
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(LATEST_SCHEMA_VERSION + 1, 'from the future', '2031-01-01');
    try {
      const r = await doctor(['--json', ...host()]);
      expect(r.code).toBe(1);
      const store = check(parse(r), 'store');
      expect(store.status).toBe('FAIL');
      expect(store.message).toContain(`schema v${LATEST_SCHEMA_VERSION + 1} was written by a newer case-calendar (this one knows up to v${LATEST_SCHEMA_VERSION})`);
      expect(store.fix).toMatch(/^upgrade case-calendar/);
    } finally {
      db.prepare('DELETE FROM schema_migrations WHERE version = ?').run(LATEST_SCHEMA_VERSION + 1);
      db.close();
    }
  });

  it('a stopped receiver: FAIL with the probe\'s cause', async () => {
    const base = served!.base;
    await stopServe(served!);
    served = null;
    const r = await runCli(['doctor', '--host', base], { cwd: dir, env });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL receiver +http:\/\/127\.0\.0\.1:\d+: connection refused at 127\.0\.0\.1:\d+.* — fix: start `case-calendar serve`/m);
    expect(r.stdout).not.toContain(SECRET);
  });
});

describe('doctor without a usable set-up', () => {
  it('never creates a missing store, and names its path', async () => {
    const other = mkdtempSync(path.join(tmpdir(), 'cc-doctor-empty-'));
    try {
      writeFileSync(path.join(other, 'config.yaml'), 'calendars: {main: {ics_path: out/main.ics}}\ncases: [{id: a, name: A, calendar: main, dockets: [3001]}]\n');
      const r = await doctor(['--json'], { cwd: other });
      expect(r.code).toBe(1);
      const report = parse(r);
      expect(check(report, 'store')).toMatchObject({ status: 'FAIL', message: `no store at ${path.join(other, 'data', 'case-calendar.sqlite')} (store_path)`, fix: expect.stringContaining('case-calendar sync') });
      expect(check(report, 'calendar main').status).toBe('FAIL'); // no file yet
      expect(existsSync(path.join(other, 'data'))).toBe(false);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('a config that cannot load: exit 2, its problems with key paths as the first, failing line', async () => {
    const other = mkdtempSync(path.join(tmpdir(), 'cc-doctor-bad-'));
    try {
      writeFileSync(path.join(other, 'config.yaml'), 'calendars: {main: {ics_path: out/main.ics}}\ncases: [{id: a, name: A, calendar: mian, dockets: [3001]}]\n');
      const r = await doctor([], { cwd: other, env: { COURTLISTENER_TOKEN: '' } });
      expect(r.code).toBe(2);
      const first = r.stdout.split('\n')[0]!;
      expect(first).toMatch(/^FAIL config +\S+config\.yaml: 1 problem: cases\[0\]\.calendar: unknown calendar "mian"/);
      expect(r.stdout).toMatch(/^FAIL env COURTLISTENER_TOKEN +not set/m);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
