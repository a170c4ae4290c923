// Remote-calendar push figures for `npm run bench`: 1,000 rows pushed to a fake Google Calendar
// and a fake Microsoft Graph on 127.0.0.1 (calls made, time), then a quiet re-push (goal: 0 calls)
// and a one-row change (goal: 1 call). Prints figures; never fails.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../dist/config/load.js';
import { FakeGoogle } from '../dist/fakepush/google.js';
import { FakeGraph } from '../dist/fakepush/graph.js';
import { GoogleCalendar } from '../dist/push/google-calendar.js';
import { GraphCalendar } from '../dist/push/graph-calendar.js';
import { pushTargets } from '../dist/push/push.js';
import { Store } from '../dist/store/store.js';

const ROWS = 1000;
const CASES = 20;
const dir = mkdtempSync(path.join(tmpdir(), 'cc-bench-push-'));
const cases = Array.from({ length: CASES }, (_, c) => `  - {id: case-${c}, name: "US v. Case ${c}", calendar: main, dockets: [${100 + c}]}`).join('\n');
writeFileSync(path.join(dir, 'config.yaml'), `store_path: s.sqlite\ncalendars:\n  main: {name: Main, ics_path: main.ics}\ncases:\n${cases}\n`);
const config = loadConfig(path.join(dir, 'config.yaml'));
const store = Store.open(config.storePath);

const hearing = (c, i, date) => ({
  caseId: `case-${c}`, key: `hearing-${i}`, title: `Status Conference ${i}`, hearingType: 'status_conference', localDate: date, localTime: '10:00',
  startsAtUtc: null, durationMinutes: 30, timezone: 'America/Chicago', location: 'Courtroom 1925', judge: 'Judge Example', dialIn: null, notes: null,
  auditNotes: null, status: 'scheduled', significance: 'major', docketId: 100 + c, sourceEntryIds: [], sequence: 0, lastUpdated: '2026-06-01T00:00:00.000Z',
});
store.transaction(() => {
  for (let c = 0; c < CASES; c++) {
    store.upsertDocketMeta({ docketId: 100 + c, courtId: 'ilnd', docketNumber: `1:26-cr-${c}`, caseName: null, absoluteUrl: null, dateLastFiling: null });
    store.completeDocketPoll(100 + c, '2026-06-01T00:00:00.000000Z');
  }
  for (let n = 0; n < ROWS; n++) {
    const c = n % CASES;
    const day = new Date(Date.UTC(2027, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
    store.putHearing(hearing(c, Math.floor(n / CASES), day));
  }
});

const tokens = { token: async () => 'bench-token', refresh: async () => 'bench-token' };
const retry = { maxAttempts: 3, backoffBaseMs: 10, retryAfterCapMs: 1000 };
const google = new FakeGoogle();
const graph = new FakeGraph();
await google.start();
await graph.start();
graph.validTokens.add('bench-token');
// The fake Google accepts only tokens it issued: take one through its token endpoint.
const issued = await (await fetch(google.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=refresh_token&refresh_token=refresh-1' })).json();
const googleTokens = { token: async () => issued.access_token, refresh: async () => issued.access_token };

async function round(label, make, calls) {
  const target = make();
  const before = calls();
  const t0 = performance.now();
  const [r] = await pushTargets(store, config, [{ remote: target, calendars: ['main'] }], { now: new Date('2026-06-01T12:00:00Z') });
  const ms = performance.now() - t0;
  return { label, ms, calls: calls() - before, ...r };
}

const line = (r) =>
  `  ${r.label.padEnd(30)} ${String(r.calls).padStart(5)} calls  ${r.ms.toFixed(0).padStart(6)} ms   created ${r.create}, updated ${r.update}, removed ${r.remove}, unchanged ${r.unchanged}, failed ${r.failed}`;

console.log(`\nremote calendar push (${ROWS} rows, fake services on 127.0.0.1, 4 calls in flight)`);
for (const [name, make, calls] of [
  ['Google Calendar', () => new GoogleCalendar('primary', googleTokens, retry, google.service.origin), () => google.apiCalls.length],
  ['Microsoft Graph', () => new GraphCalendar('default', tokens, retry, graph.service.origin), () => graph.apiCalls.length],
]) {
  const first = await round(`${name}: first push`, make, calls);
  const quiet = await round(`${name}: quiet re-push`, make, calls);
  const n = 7;
  store.putHearing(hearing(n % CASES, Math.floor(n / CASES), '2030-01-01'));
  const one = await round(`${name}: one row changed`, make, calls);
  store.putHearing(hearing(n % CASES, Math.floor(n / CASES), new Date(Date.UTC(2027, 0, 1) + n * 86_400_000).toISOString().slice(0, 10)));
  await round('restore', make, calls);
  for (const r of [first, quiet, one]) console.log(line(r));
  console.log(`  ${name}: ${(first.ms / ROWS).toFixed(2)} ms and ${(first.calls / ROWS).toFixed(2)} calls per row on the first push; quiet re-push ${quiet.calls} calls (goal 0); one change ${one.calls} call(s) (goal 1)`);
}
await google.stop();
await graph.stop();
store.close();
rmSync(dir, { recursive: true, force: true });
