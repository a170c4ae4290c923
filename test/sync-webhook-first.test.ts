import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { parseConfig } from '../src/config/load.js';
import type { Config } from '../src/config/types.js';
import { RulesExtractor } from '../src/extract/rules/index.js';
import { FakeCourtListener } from '../src/fakecl/server.js';
import { readAlertState } from '../src/pipeline/alerts.js';
import { SERVE_ALIVE_KEY, type PollMode } from '../src/pipeline/poll-plan.js';
import { runSync } from '../src/pipeline/run-sync.js';
import { Store } from '../src/store/store.js';

const TOKEN = 'webhook-first-token-0001';
const HOUR = 3_600_000;
const T0 = Date.parse('2031-01-06T10:00:00.000Z');
const silent = pino({ level: 'silent' });

let fake: FakeCourtListener;
let dir: string;
let store: Store;
let config: Config;
let origin: string;
let clock: Date;
let lines: string[];

/** Docket 42 has an active alert; the account may not create one for 43, so it stays alert-less. */
beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cc-webhook-first-'));
  config = parseConfig(
    `store_path: s.sqlite
courtlistener: {backoff_base_ms: 1, max_requests_per_minute: 10000}
calendars: {main: {ics_path: out/main.ics}}
cases:
  - {id: us-v-poe, name: "United States v. Poe", calendar: main, dockets: [42]}
  - {id: us-v-roe, name: "United States v. Roe", calendar: main, dockets: [43]}
`,
    path.join(dir, 'config.yaml'),
  );
  expect(config.sync).toEqual({ poll: 'webhook-first', catchAllHours: 24 });
  clock = new Date(T0);
  store = Store.open(config.storePath, { clock: () => clock });
  fake = new FakeCourtListener({ token: TOKEN, pageSize: 2 });
  fake.addDocket({ id: 42, court_id: 'nysd', docket_number: '1:26-cr-00001', case_name: 'United States v. Poe' });
  fake.addDocket({ id: 43, court_id: 'nysd', docket_number: '1:26-cr-00002', case_name: 'United States v. Roe' });
  fake.addDocketAlert({ docket: 42, alert_type: 1 });
  fake.failNext({ path: '/docket-alerts/', method: 'POST', status: 403, times: 1000, body: { detail: 'alert quota reached' } });
  fake.addEntry(42, { description: 'NOTICE OF ATTORNEY APPEARANCE by A. Lawyer' });
  fake.addEntry(43, { description: 'NOTICE OF ATTORNEY APPEARANCE by B. Lawyer' });
  origin = await fake.start();
});
afterEach(async () => {
  store.close();
  await fake.stop();
  rmSync(dir, { recursive: true, force: true });
});

const at = (hours: number) => {
  clock = new Date(T0 + hours * HOUR);
};
/** What a running serve's heartbeat would have written by now. */
const serveAliveNow = () => store.setState(SERVE_ALIVE_KEY, clock.toISOString());
const sync = (poll?: PollMode) => {
  lines = [];
  fake.resetRequests();
  return runSync({ config, store, log: silent, extractor: new RulesExtractor(), origin, token: TOKEN, now: () => clock, progress: (l) => lines.push(l) }, { emit: true, poll });
};
const docketRequests = (id: number) => fake.countRequests(`/dockets/${id}/`);
const entryRequests = (id: number) => fake.requests.filter((r) => r.path.endsWith('/docket-entries/') && r.query.docket === String(id)).length;
const pollingLine = () => lines.filter((l) => l.startsWith('webhook-first:') || l.startsWith('poll:'));

describe('sync with webhook-first polling (in process, real SQLite and fake CourtListener)', () => {
  it('leaves a docket with an active alert to a live serve until its catch-all, and polls the alert-less one every run', async () => {
    serveAliveNow();
    const first = await sync();
    // Never polled: both are read, whatever their alerts.
    expect([docketRequests(42), docketRequests(43)]).toEqual([1, 1]);
    expect(entryRequests(42)).toBeGreaterThan(0);
    expect(readAlertState(store, 42)).toBe('active');
    expect(readAlertState(store, 43)).toBe('missing'); // the create was refused
    expect(first.polling).toMatchObject({ mode: 'webhook-first', serveAlive: true, dockets: 2, covered: 1, skipped: 0 });
    expect(pollingLine()).toEqual(['webhook-first: 1 of 2 dockets covered by active alerts and a live serve; all due for their daily catch-all (or never polled); polling all 2 dockets']);

    at(1);
    serveAliveNow();
    fake.addEntry(42, { description: 'Status Conference set for 3/2/2031 at 10:30 AM in Courtroom 11A before Judge Jed S. Rakoff.' });
    fake.addEntry(43, { description: 'Status Conference set for 3/3/2031 at 10:30 AM in Courtroom 11A before Judge Jed S. Rakoff.' });
    const second = await sync();
    expect([docketRequests(42), entryRequests(42)]).toEqual([0, 0]); // left to serve's webhooks
    expect(docketRequests(43)).toBe(1);
    expect(entryRequests(43)).toBe(1);
    expect(store.countEntries(42)).toBe(1);
    expect(store.countEntries(43)).toBe(2);
    expect(second.failed).toBe(false);
    expect(second.cases.find((c) => c.caseId === 'us-v-poe')).toMatchObject({ dockets: 1, docketsCovered: 1, docketsFailed: 0, entriesSeen: 0, changed: false });
    expect(second.cases.find((c) => c.caseId === 'us-v-roe')).toMatchObject({ docketsCovered: 0, changed: true });
    expect(second.polling).toMatchObject({ covered: 1, skipped: 1, requestsSavedAtLeast: 1, skippedDockets: [{ docketId: 42, nextPollAt: new Date(T0 + 23 * HOUR).toISOString() }] });
    expect(pollingLine()).toEqual(['webhook-first: 1 of 2 dockets covered by active alerts and a live serve; skipped until their daily catch-all (saved ≥ 1 request)']);
    expect(lines).toContainEqual(expect.stringMatching(/^\[1\/2\] us-v-poe: dockets=1 skipped=0 webhook_covered=1 entries_seen=0 /));
    expect(second.requests.byEndpoint).not.toHaveProperty('docket-alerts'); // the daily check is not due again

    // --poll always overrides the config for one run.
    at(2);
    serveAliveNow();
    const always = await sync('always');
    expect([docketRequests(42), docketRequests(43)]).toEqual([1, 1]);
    expect(entryRequests(42)).toBe(1);
    expect(store.countEntries(42)).toBe(2);
    expect(always.polling).toMatchObject({ mode: 'always', skipped: 0 });
    expect(pollingLine()).toEqual(['poll: always; polling all 2 dockets']);

    // Back to the config's webhook-first: that poll restarted 42's catch-all.
    at(3);
    serveAliveNow();
    await sync();
    expect([docketRequests(42), docketRequests(43)]).toEqual([0, 1]);

    // Just short of the catch-all (polled at +2 h, due an hour early at +25 h): still skipped.
    at(24.9);
    serveAliveNow();
    await sync();
    expect(docketRequests(42)).toBe(0);

    // Catch-all due: polled again, even with nothing new (one request, tier 1)...
    at(25);
    serveAliveNow();
    const catchAll = await sync();
    expect(docketRequests(42)).toBe(1);
    expect(entryRequests(42)).toBe(0);
    expect(catchAll.cases.find((c) => c.caseId === 'us-v-poe')).toMatchObject({ docketsSkipped: 1, docketsCovered: 0 });
    // ...and that quiet poll restarts the catch-all too.
    expect(store.getDocket(42)!.lastSyncedAt).toBe(clock.toISOString());
    at(26);
    serveAliveNow();
    await sync();
    expect([docketRequests(42), docketRequests(43)]).toEqual([0, 1]);
  });

  it('polls every docket when serve was not seen within the hour, or never ran', async () => {
    await sync(); // never ran: everything polled, alert states recorded
    expect(readAlertState(store, 42)).toBe('active');
    expect(pollingLine()).toEqual(['webhook-first: no serve seen in the last hour; polling all 2 dockets']);

    serveAliveNow();
    at(1.5); // serve's last heartbeat is 90 minutes old
    const stale = await sync();
    expect([docketRequests(42), docketRequests(43)]).toEqual([1, 1]);
    expect(stale.polling).toMatchObject({ serveAlive: false, covered: 0, skipped: 0 });

    serveAliveNow(); // serve is back
    at(2);
    await sync();
    expect([docketRequests(42), docketRequests(43)]).toEqual([0, 1]);
  });

  it('uses the alert states of the check in the same run: an alert gone since the last check is polled at once', async () => {
    serveAliveNow();
    await sync();
    at(1);
    serveAliveNow();
    await sync();
    expect(docketRequests(42)).toBe(0);

    // A day later the alert is gone and cannot be re-created; the daily check runs first.
    fake.addEntry(42, { description: 'NOTICE OF ATTORNEY APPEARANCE by C. Lawyer' });
    const alertId = fake.docketAlerts()[0]!.id;
    await fetch(`${origin}/api/rest/v4/docket-alerts/${alertId}/`, { method: 'DELETE', headers: { authorization: `Token ${TOKEN}` } });
    at(1.5);
    serveAliveNow();
    store.setState('docket_alerts_checked', ''); // make the daily check due now
    const run = await sync();
    expect(run.alerts?.configured.map((c) => [c.docketId, c.state, c.action])).toEqual([
      [42, 'missing', 'failed'],
      [43, 'missing', 'not tried'],
    ]);
    expect(readAlertState(store, 42)).toBe('missing');
    expect(docketRequests(42)).toBe(1);
    expect(entryRequests(42)).toBe(1);
    expect(run.polling).toMatchObject({ covered: 0, skipped: 0 });
  });
});
