import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeCourtListener } from '../../src/fakecl/server.js';
import { localToUtcIso } from '../../src/time/zone.js';
import { assertBuilt, runCli } from '../helpers/cli.js';
import { parseIcs } from '../helpers/ics.js';

const TOKEN = 'e2e-token-5f1c2a9b7d';

/** A date N days from today, as the clerk writes it (M/D/YYYY) and as ISO. */
function day(n: number): { mdy: string; iso: string } {
  const d = new Date(Date.now() + n * 86_400_000);
  const iso = d.toISOString().slice(0, 10);
  const [y, m, dd] = iso.split('-').map(Number) as [number, number, number];
  return { mdy: `${m}/${dd}/${y}`, iso };
}

const CONFIG = `
store_path: data/store.sqlite
courtlistener: {backoff_base_ms: 10, timeout_seconds: 5, max_requests_per_minute: 10000}
calendars:
  criminal: {name: "Criminal cases", ics_path: out/criminal.ics}
  civil: {name: "Civil cases", ics_path: out/civil.ics}
cases:
  - id: us-v-quill
    name: "United States v. Quill"
    calendar: criminal
    dockets: [1001]
  - id: acme-v-widget
    name: "Acme Corp. v. Widget LLC"
    calendar: civil
    dockets: [1002]
`;

let fake: FakeCourtListener;
let dir: string;
let env: Record<string, string>;
const sentencing = day(60);
const statusConf = day(20);
const responses = day(30);
const motionHearing = day(45);

const cli = (...args: string[]) => runCli(args, { cwd: dir, env });
const read = (f: string) => readFileSync(path.join(dir, f), 'utf8');
const mtime = (f: string) => statSync(path.join(dir, f)).mtimeMs;

beforeAll(() => assertBuilt());

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cc-e2e-'));
  writeFileSync(path.join(dir, 'config.yaml'), CONFIG);
  fake = new FakeCourtListener({ token: TOKEN });
  fake.addDocket({ id: 1001, court_id: 'dcd', docket_number: '1:26-cr-00077', case_name: 'United States v. Quill' });
  fake.addDocket({ id: 1002, court_id: 'cand', docket_number: '3:26-cv-01234', case_name: 'Acme Corp. v. Widget LLC' });
  fake.addEntry(1001, { date_filed: day(-30).iso, description: 'INDICTMENT as to ADA QUILL (1) count(s) 1, 2.' });
  fake.addEntry(1001, { date_filed: day(-20).iso, description: 'NOTICE OF ATTORNEY APPEARANCE: Jane Roe appearing for USA.' });
  fake.addEntry(1001, {
    date_filed: day(-10).iso,
    description: `ORDER as to ADA QUILL: Sentencing set for ${sentencing.mdy} 10:00 AM in Courtroom 3 before Judge Amit P. Mehta. Signed by Judge Amit P. Mehta on ${day(-10).mdy}. (zjd)`,
  });
  fake.addEntry(1001, { date_filed: day(-9).iso, description: `Status Conference set for ${statusConf.mdy} at 2:30 PM in Courtroom 3 before Judge Amit P. Mehta.` });
  fake.addEntry(1002, { date_filed: day(-15).iso, description: 'COMPLAINT against Widget LLC. Filed by Acme Corp.' });
  fake.addEntry(1002, { date_filed: day(-5).iso, description: `Set/Reset Deadlines as to 12 MOTION to Dismiss: Responses due by ${responses.mdy}. Motion Hearing set for ${motionHearing.mdy} 09:00 AM in Courtroom 11, 19th Floor before Judge William Alsup.` });
  const origin = await fake.start();
  env = { COURTLISTENER_TOKEN: TOKEN, COURTLISTENER_BASE_URL: origin };
});

afterEach(async () => {
  await fake.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('sync end to end (built CLI against the fake CourtListener)', () => {
  it('extracts hearings and deadlines into ICS files that an independent parser reads back', async () => {
    const r = await cli('sync');
    expect(r.stderr).not.toContain(TOKEN);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/us-v-quill: dockets=1 skipped=0 entries_seen=4/);
    // The first run also subscribes both dockets to webhooks: one list, two creates.
    expect(r.stdout).toMatch(/courtlistener_requests=\d+ \(courts=2 docket-alerts=3 docket-entries=2 dockets=2\)/);
    expect(r.stdout).toContain('docket alerts: 2 created, 0 re-armed, 0 already active, 0 failed');
    expect(fake.docketAlerts().map((a) => [a.docket, a.alert_type]).sort()).toEqual([[1001, 1], [1002, 1]]);
    const quota = /quota: (\d+) CourtListener request\(s\) in the last 24 h, busiest minute (\d+), busiest hour (\d+); paced at 10000\/min/.exec(r.stdout);
    expect(quota).not.toBeNull();
    // One quick run: every request fell in one minute, and the fake saw exactly that many.
    expect(Number(quota![1])).toBe(fake.requests.length);
    expect(Number(quota![2])).toBe(fake.requests.length);

    const criminal = parseIcs(read('out/criminal.ics'));
    const sent = criminal.find((e) => e.summary.includes('Sentencing'))!;
    expect(sent).toBeDefined();
    expect(sent.uid).toMatch(/^us-v-quill--sentencing[a-z-]*@case-calendar$/);
    expect(sent.summary).toContain('United States v. Quill');
    expect(sent.tzid).toBe('America/New_York');
    expect(sent.startUtc).toBe(localToUtcIso(sentencing.iso, '10:00', 'America/New_York'));
    expect(sent.location).toMatch(/Courtroom 3/);
    const conf = criminal.find((e) => e.summary.includes('Status Conference'))!;
    expect(conf.startUtc).toBe(localToUtcIso(statusConf.iso, '14:30', 'America/New_York'));

    const civil = parseIcs(read('out/civil.ics'));
    const hearing = civil.find((e) => e.summary.includes('Motion Hearing'))!;
    expect(hearing.tzid).toBe('America/Los_Angeles');
    expect(hearing.startUtc).toBe(localToUtcIso(motionHearing.iso, '09:00', 'America/Los_Angeles'));
    const deadline = civil.find((e) => /Response/i.test(e.summary))!;
    expect(deadline.isDate).toBe(true);
    expect(deadline.startDate).toBe(responses.iso);
  });

  it('a quiet second sync makes one request per docket and writes no file', async () => {
    expect((await cli('sync')).code).toBe(0);
    const before = { c: mtime('out/criminal.ics'), v: mtime('out/civil.ics'), cBytes: read('out/criminal.ics') };
    fake.resetRequests();
    const r = await cli('sync', '--json');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as { requests: { total: number; byEndpoint: Record<string, number> }; emitted: unknown[]; cases: Array<{ docketsSkipped: number }> };
    expect(summary.requests).toEqual({ total: 2, byEndpoint: { dockets: 2 } });
    expect(fake.requests.map((q) => q.path).sort()).toEqual(['/api/rest/v4/dockets/1001/', '/api/rest/v4/dockets/1002/']);
    expect(summary.cases.map((c) => c.docketsSkipped)).toEqual([1, 1]);
    expect(summary.emitted).toEqual([]);
    expect(mtime('out/criminal.ics')).toBe(before.c);
    expect(mtime('out/civil.ics')).toBe(before.v);
    expect(read('out/criminal.ics')).toBe(before.cBytes);
  });

  it('re-emitting an unchanged store gives byte-identical files', async () => {
    await cli('sync');
    const first = read('out/criminal.ics');
    rmSync(path.join(dir, 'out', 'criminal.ics'));
    const r = await cli('emit');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\[criminal\] wrote \d+ events/);
    expect(r.stdout).toMatch(/\[civil\] unchanged/);
    expect(read('out/criminal.ics')).toBe(first);
  });

  it('a new entry on one docket re-renders only that case\'s calendar, keeping the event UID', async () => {
    await cli('sync');
    const civilBefore = { bytes: read('out/civil.ics'), mtime: mtime('out/civil.ics') };
    const uidBefore = parseIcs(read('out/criminal.ics')).find((e) => e.summary.includes('Sentencing'))!.uid;
    const newDate = day(90);
    fake.addEntry(1001, { date_filed: day(0).iso, description: `ORDER granting 31 Motion to Continue as to ADA QUILL (1). Sentencing reset for ${newDate.mdy} 11:00 AM in Courtroom 3 before Judge Amit P. Mehta.` });
    const r = await cli('sync');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\[criminal\] wrote/);
    expect(r.stdout).not.toMatch(/\[civil\]/);
    expect(read('out/civil.ics')).toBe(civilBefore.bytes);
    expect(mtime('out/civil.ics')).toBe(civilBefore.mtime);
    const events = parseIcs(read('out/criminal.ics')).filter((e) => e.summary.includes('Sentencing'));
    expect(events).toHaveLength(1);
    expect(events[0]!.uid).toBe(uidBefore);
    expect(events[0]!.startUtc).toBe(localToUtcIso(newDate.iso, '11:00', 'America/New_York'));
    expect(events[0]!.sequence).toBeGreaterThan(0);
  });

  it('waits out a 429 with Retry-After and completes', async () => {
    fake.failNext({ path: '/dockets/1001/', status: 429, retryAfter: '1' });
    const r = await cli('sync');
    expect(r.code).toBe(0);
    expect(fake.requests.filter((q) => q.status === 429)).toHaveLength(1);
    expect(r.ms).toBeGreaterThanOrEqual(1000);
    expect(parseIcs(read('out/criminal.ics')).length).toBeGreaterThan(0);
  });

  it('a docket that keeps failing is reported (exit 1) while the other case still syncs', async () => {
    fake.failNext({ path: '/dockets/1002/', status: 404, times: 5 });
    const r = await cli('sync');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/docket 1002: CourtListener has no such object \(404\)/);
    expect(parseIcs(read('out/criminal.ics')).length).toBeGreaterThan(0);
  });

  it('a wrong token stops with a clear message, exit 1, and the token never printed', async () => {
    const r = await runCli(['sync'], { cwd: dir, env: { ...env, COURTLISTENER_TOKEN: 'definitely-wrong-token-xyz' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/COURTLISTENER_TOKEN is missing or invalid/);
    expect(r.stderr + r.stdout).not.toContain('definitely-wrong-token-xyz');
  });

  it('a missing token or a bad config is a usage error (exit 2) naming the fix', async () => {
    const noToken = await runCli(['sync'], { cwd: dir, env: { ...env, COURTLISTENER_TOKEN: '' } });
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toMatch(/COURTLISTENER_TOKEN is not set/);
    writeFileSync(path.join(dir, 'bad.yaml'), CONFIG.replace('calendar: civil', 'calendar: civl'));
    const bad = await cli('-c', 'bad.yaml', 'sync');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/cases\[1\]\.calendar: unknown calendar "civl"/);
    const unknownCase = await cli('sync', '--case', 'nope');
    expect(unknownCase.code).toBe(2);
    expect(unknownCase.stderr).toMatch(/no case with id 'nope'/);
  });

  it('--case limits the run and show lists what was stored', async () => {
    const r = await cli('sync', '--case', 'acme-v-widget', '--no-emit');
    expect(r.code).toBe(0);
    expect(fake.requests.some((q) => q.path.includes('/dockets/1001/'))).toBe(false);
    const show = await cli('show', '--json');
    const data = JSON.parse(show.stdout) as Array<{ id: string; hearings: unknown[]; deadlines: unknown[] }>;
    expect(data.find((c) => c.id === 'acme-v-widget')!.hearings.length).toBe(1);
    expect(data.find((c) => c.id === 'acme-v-widget')!.deadlines.length).toBe(1);
    expect(data.find((c) => c.id === 'us-v-quill')!.hearings.length).toBe(0);
  });
});
