import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeCourtListener } from '../../src/fakecl/server.js';
import { renderEntry } from '../../src/fakecl/render.js';
import { assertBuilt, runCli } from '../helpers/cli.js';
import { docketAlert, post, startServe, waitFor, type Served, killServe } from '../helpers/serve.js';

const TOKEN = 'quota-token-77aa';

function config(courtlistener: string, extra = ''): string {
  return `store_path: data/store.sqlite
courtlistener: {backoff_base_ms: 10, timeout_seconds: 5, ${courtlistener}}
${extra}calendars:
  main: {name: "Main", ics_path: out/main.ics}
cases:
  - {id: us-v-ash, name: "United States v. Ash", calendar: main, dockets: [5001]}
  - {id: us-v-birch, name: "United States v. Birch", calendar: main, dockets: [5002]}
  - {id: us-v-cedar, name: "United States v. Cedar", calendar: main, dockets: [5003]}
`;
}

let fake: FakeCourtListener;
let dirs: string[] = [];
let env: Record<string, string>;
let served: Served | null = null;

function workdir(yaml: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cc-quota-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, 'config.yaml'), yaml);
  return dir;
}

interface ShowCase {
  id: string;
  hearings: Array<{ key: string; localDate: string; localTime: string | null; status: string }>;
  deadlines: Array<{ key: string; localDate: string | null; status: string }>;
}
async function show(dir: string): Promise<ShowCase[]> {
  const r = await runCli(['show', '--json'], { cwd: dir, env });
  return (JSON.parse(r.stdout) as ShowCase[]).map((c) => ({
    id: c.id,
    hearings: c.hearings.map(({ key, localDate, localTime, status }) => ({ key, localDate, localTime, status })),
    deadlines: c.deadlines.map(({ key, localDate, status }) => ({ key, localDate, status })),
  }));
}

beforeAll(() => assertBuilt());
beforeEach(async () => {
  fake = new FakeCourtListener({ token: TOKEN, pageSize: 2 });
  let n = 0;
  for (const [id, name] of [
    [5001, 'Ash'],
    [5002, 'Birch'],
    [5003, 'Cedar'],
  ] as const) {
    fake.addDocket({ id, court_id: 'dcd', docket_number: `1:31-cr-0${id}`, case_name: `United States v. ${name}` });
    // Five entries each: three pages of two at the fake's page size.
    fake.addEntry(id, { date_filed: '2031-01-02', description: `INDICTMENT as to ${name.toUpperCase()} (1) count(s) 1.` });
    fake.addEntry(id, { date_filed: '2031-01-05', description: `Status Conference set for 2/${10 + n}/2031 at 10:00 AM in Courtroom 3 before Judge Amit P. Mehta.` });
    fake.addEntry(id, { date_filed: '2031-01-06', description: 'NOTICE OF ATTORNEY APPEARANCE: Jane Roe appearing for USA.' });
    fake.addEntry(id, { date_filed: '2031-01-07', description: `Set/Reset Deadlines: Motions due by 3/${1 + n}/2031.` });
    fake.addEntry(id, { date_filed: '2031-01-09', description: `Jury Trial set for 6/${2 + n}/2031 at 9:30 AM in Courtroom 3 before Judge Amit P. Mehta.` });
    n++;
  }
  env = { COURTLISTENER_TOKEN: TOKEN, COURTLISTENER_BASE_URL: await fake.start() };
});
afterEach(async () => {
  await killServe(served);
  served = null;
  await fake.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

describe('quota', () => {
  it('a run that spends its daily budget stops cleanly (exit 3) and the next run finishes without loss or duplicates', async () => {
    // Reference: one unthrottled run.
    const reference = workdir(config('max_requests_per_minute: 10000', 'ensure_docket_alerts: false\n'));
    expect((await runCli(['sync'], { cwd: reference, env })).code).toBe(0);
    const expected = await show(reference);
    expect(expected.flatMap((c) => c.hearings)).toHaveLength(6);

    fake.resetRequests();
    const dir = workdir(config('max_requests_per_minute: 10000, max_requests_per_day: 7', 'ensure_docket_alerts: false\n'));
    const first = await runCli(['sync', '--json'], { cwd: dir, env });
    expect(first.code, first.stdout + first.stderr).toBe(3);
    const summary = JSON.parse(first.stdout) as { stopped: string; quota: { usedToday: number; remainingToday: number } };
    expect(summary.stopped).toMatch(/daily CourtListener budget \(courtlistener.max_requests_per_day: 7\) is spent.*the next run continues from here/);
    expect(summary.quota).toMatchObject({ usedToday: 7, remainingToday: 0 });
    expect(fake.requests).toHaveLength(7); // never one beyond the budget
    expect(first.stderr).toMatch(/quota: 7 CourtListener request\(s\) in the last 24 h of 7 \(0 left\), busiest minute 7, busiest hour 7;/);

    // The operator raises the budget (or a day passes): the run continues where it stopped.
    writeFileSync(path.join(dir, 'config.yaml'), config('max_requests_per_minute: 10000, max_requests_per_day: 1000', 'ensure_docket_alerts: false\n'));
    fake.resetRequests();
    const second = await runCli(['sync'], { cwd: dir, env });
    expect(second.code).toBe(0);
    expect(await show(dir)).toEqual(expected);
    // Pages finished before the stop are not fetched again (the first docket's entries came in full).
    const firstDocketPages = fake.requests.filter((q) => q.path === '/api/rest/v4/docket-entries/' && q.query.docket === '5001');
    expect(firstDocketPages.length).toBeLessThanOrEqual(1);
  }, 60_000);

  it('paces requests to the per-minute limit (shared through the store) instead of bursting', async () => {
    const dir = workdir(config('max_requests_per_minute: 4', 'ensure_docket_alerts: false\n'));
    fake.resetRequests();
    const r = await runCli(['sync', '--case', 'us-v-ash'], { cwd: dir, env });
    expect(r.code).toBe(0);
    // docket, court, three entry pages = 5 requests: the fifth waits for the first to leave the minute.
    const times = fake.requests.map((q) => q.at);
    expect(times).toHaveLength(5);
    expect(times[4]! - times[0]!).toBeGreaterThanOrEqual(59_000);
  }, 90_000);
});

describe('docket alerts', () => {
  it('lists alerts across pages, reports configured and foreign ones, and --sync creates and re-arms', async () => {
    fake.addDocketAlert({ docket: 5001, alert_type: 1 });
    fake.addDocketAlert({ docket: 5002, alert_type: 0 }); // disabled
    for (const id of [7001, 7002, 7003]) {
      fake.addDocket({ id, court_id: 'dcd', docket_number: `1:20-cv-0${id}`, case_name: `Other ${id}` });
      fake.addDocketAlert({ docket: id, alert_type: 1 });
    }
    const dir = workdir(config('max_requests_per_minute: 10000'));
    const look = await runCli(['alerts', '--json'], { cwd: dir, env });
    expect(look.code).toBe(0);
    const report = JSON.parse(look.stdout) as { configured: Array<{ docketId: number; state: string; action: string }>; unconfigured: Array<{ docketId: number }> };
    expect(report.configured.map((c) => [c.docketId, c.state, c.action])).toEqual([
      [5001, 'active', 'none'],
      [5002, 'disabled', 'none'],
      [5003, 'missing', 'none'],
    ]);
    expect(report.unconfigured.map((u) => u.docketId)).toEqual([7001, 7002, 7003]);
    expect(fake.requests.filter((q) => q.path === '/api/rest/v4/docket-alerts/').length).toBe(3); // five alerts, pages of two

    const text = await runCli(['alerts'], { cwd: dir, env });
    expect(text.stdout).toContain('2 docket(s) without an active alert: run `case-calendar alerts --sync` to subscribe.');

    const synced = await runCli(['alerts', '--sync'], { cwd: dir, env });
    expect(synced.code).toBe(0);
    expect(synced.stdout).toMatch(/5002\s+us-v-birch\s+active\s+\(re-armed\)/);
    expect(synced.stdout).toMatch(/5003\s+us-v-cedar\s+active\s+\(created\)/);
    expect(fake.docketAlerts().filter((a) => a.docket < 7000).map((a) => [a.docket, a.alert_type]).sort()).toEqual([
      [5001, 1],
      [5002, 1],
      [5003, 1],
    ]);
    expect(fake.docketAlerts()).toHaveLength(6); // foreign alerts are never removed
  }, 60_000);

  it('reports a refused create once, clearly, tries no more, and the sync itself goes on', async () => {
    fake.failNext({ path: '/docket-alerts/', method: 'POST', status: 403, body: { detail: 'You have reached the maximum number of docket alerts for your account.' }, times: 5 });
    const dir = workdir(config('max_requests_per_minute: 10000'));
    const r = await runCli(['sync'], { cwd: dir, env });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('docket alerts: 0 created, 0 re-armed, 0 already active, 1 failed, 2 not tried after the refusal');
    expect(r.stdout).toContain('maximum number of docket alerts');
    expect(r.stdout.match(/maximum number of docket alerts/g)).toHaveLength(1);
    expect(fake.requests.filter((q) => q.method === 'POST')).toHaveLength(1);
    expect((await show(dir)).flatMap((c) => c.hearings)).toHaveLength(6);
    // Checked today: the next run spends no request on alerts.
    fake.resetRequests();
    await runCli(['sync'], { cwd: dir, env });
    expect(fake.requests.filter((q) => q.path.includes('docket-alerts'))).toHaveLength(0);
  }, 60_000);
});

describe('reconcile', () => {
  it('catches a webhook stub that CourtListener filled in later, and produces its hearing', async () => {
    const dir = workdir(config('max_requests_per_minute: 10000', 'ensure_docket_alerts: false\n'));
    expect((await runCli(['sync'], { cwd: dir, env })).code).toBe(0);
    // A new entry arrives by webhook as a stub: no text yet, its document not on RECAP.
    const today = new Date().toISOString().slice(0, 10);
    const stub = fake.addEntry(5001, { date_filed: today, description: '', recap_documents: [{ document_number: '6', description: '', is_available: false, plain_text: '' }] });
    served = await startServe(dir, env);
    // Webhook payloads carry the docket as an id where the REST API has a URL.
    const view = { ...renderEntry(stub, env.COURTLISTENER_BASE_URL!), docket: 5001 };
    expect((await post(served.base, docketAlert([view]), { key: 'stub-1' })).status).toBe(200);
    const inbox = async () => (JSON.parse((await runCli(['inbox', 'list', '--json'], { cwd: dir, env })).stdout) as { stats: { pending: number; done: number } }).stats;
    await waitFor(async () => {
      const s = await inbox();
      return s.pending === 0 && s.done === 1;
    }, 'the stub to be processed');
    const stored = JSON.parse((await runCli(['inbox', 'show', 'stub-1'], { cwd: dir, env })).stdout) as { result: { entries: number; invalidEntries?: number } };
    expect(stored.result).toMatchObject({ entries: 1 });
    served.child.kill('SIGTERM');
    await served.exited;
    served = null;

    // CourtListener fills the entry in but sends no second webhook (its issue #7423).
    fake.updateEntry(stub.id, { description: 'ORDER as to ASH: Sentencing set for 9/9/2031 at 2:00 PM in Courtroom 3 before Judge Amit P. Mehta.' });
    fake.resetRequests();
    const r = await runCli(['reconcile', '--json'], { cwd: dir, env });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { cases: Array<{ caseId: string; checked: number; enriched: number; actions: number }> };
    expect(out.cases.find((c) => c.caseId === 'us-v-ash')).toMatchObject({ checked: 1, enriched: 1, actions: 1 });
    expect(out.cases.filter((c) => c.caseId !== 'us-v-ash').every((c) => c.checked === 0)).toBe(true);
    expect(fake.requests.map((q) => q.path)).toEqual([`/api/rest/v4/docket-entries/${stub.id}/`]);
    const ash = (await show(dir)).find((c) => c.id === 'us-v-ash')!;
    expect(ash.hearings.find((h) => h.localDate === '2031-09-09')).toMatchObject({ localTime: '14:00', status: 'scheduled' });

    // Filled in now: nothing left to check, no request spent.
    fake.resetRequests();
    const again = await runCli(['reconcile', '--json'], { cwd: dir, env });
    expect((JSON.parse(again.stdout) as { cases: Array<{ checked: number }> }).cases.every((c) => c.checked === 0)).toBe(true);
    expect(fake.requests).toHaveLength(0);
  }, 60_000);
});
