// Change-notification figures for `npm run bench`: the outbox's cost inside the one upsert path
// (10,000 row changes with and without notifications, and a real sync of 2,000 new settings with
// and without), then deliveries per second to a receiver on 127.0.0.1. Prints figures; never fails.
import { createServer } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '../dist/config/load.js';
import { RulesExtractor } from '../dist/extract/rules/index.js';
import { FakeCourtListener } from '../dist/fakecl/server.js';
import { populateSyntheticDocket } from '../dist/fakecl/generate.js';
import { Notifier } from '../dist/notify/deliver.js';
import { newSecret } from '../dist/notify/sign.js';
import { runSync } from '../dist/pipeline/run-sync.js';
import { Store } from '../dist/store/store.js';

const log = pino({ level: 'silent' });
const CHANGES = 10_000;

function setup(url, announce) {
  const dir = mkdtempSync(path.join(tmpdir(), 'cc-bench-notify-'));
  writeFileSync(
    path.join(dir, 'config.yaml'),
    `store_path: s.sqlite
courtlistener: {backoff_base_ms: 1, max_requests_per_minute: 10000}
sync: {poll: always}
notify: {debounce_seconds: 0}
calendars: {main: {ics_path: out/main.ics}}
cases: [{id: us-v-bench, name: "United States v. Bench", calendar: main, dockets: [7]}]
${announce ? `notifications: [{id: bench, url: "${url}", secret_env: BENCH_SECRET}]` : ''}
`,
  );
  const config = loadConfig(path.join(dir, 'config.yaml'));
  const store = Store.open(config.storePath);
  store.announceChanges = announce;
  store.transaction(() => {
    store.upsertDocketMeta({ docketId: 7, courtId: 'ilnd', docketNumber: '1:26-cr-00007', caseName: null, absoluteUrl: '/docket/7/x/', dateLastFiling: null });
    store.completeDocketPoll(7, '2026-01-01T00:00:00.000000Z');
  });
  return { dir, config, store };
}

function rowChanges(store) {
  const started = performance.now();
  for (let i = 0; i < CHANGES; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    store.transaction(() =>
      store.putHearing({
        caseId: 'us-v-bench', key: `h${i % 500}`, title: `Status Conference ${i % 500}`, hearingType: 'status_conference', localDate: `2027-03-${day}`, localTime: '10:00',
        startsAtUtc: `2027-03-${day}T16:00:00.000Z`, durationMinutes: 30, timezone: 'America/Chicago', location: null, judge: null, dialIn: null, notes: null, auditNotes: null,
        status: 'scheduled', significance: 'major', docketId: 7, sourceEntryIds: [i], sequence: i, lastUpdated: new Date().toISOString(),
      }),
    );
  }
  return performance.now() - started;
}

let hits = 0;
const receiver = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    hits++;
    res.writeHead(204);
    res.end();
  });
});
await new Promise((r) => receiver.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${receiver.address().port}/hook`;
process.env.BENCH_SECRET = newSecret();

// 1. The upsert path alone.
const off = setup(url, false);
const on = setup(url, true);
rowChanges(off.store); // warm-up of the same shape on a throwaway
const offMs = rowChanges(setup(url, false).store);
const onMs = rowChanges(on.store);
const events = on.store.latestNotifyEventId();

// 2. A real sync of 2,000 new entries, with and without notifications.
async function syncWith(announce) {
  const ctx = setup(url, announce);
  const fake = new FakeCourtListener({ token: 'bench', pageSize: 100 });
  fake.addDocket({ id: 7, court_id: 'ilnd', docket_number: '1:26-cr-00007', case_name: 'United States v. Bench' });
  const origin = await fake.start();
  await runSync({ config: ctx.config, store: ctx.store, log, extractor: new RulesExtractor(), origin, token: 'bench' }, { emit: false });
  populateSyntheticDocket(fake, { docketId: 7, courtId: 'ilnd', entries: 2000, seed: 3, settingShare: 0.5, baseDate: '2026-06-01' });
  const started = performance.now();
  await runSync({ config: { ...ctx.config, notifications: [] }, store: ctx.store, log, extractor: new RulesExtractor(), origin, token: 'bench' }, { emit: false });
  const ms = performance.now() - started;
  const queued = ctx.store.latestNotifyEventId();
  await fake.stop();
  ctx.store.close();
  rmSync(ctx.dir, { recursive: true, force: true });
  return { ms, queued };
}
await syncWith(false); // warm-up
const offs = [];
const ons = [];
for (let i = 0; i < 3; i++) {
  offs.push(await syncWith(false));
  ons.push(await syncWith(true));
}
const median = (xs) => [...xs].sort((a, b) => a.ms - b.ms)[1];
const syncOff = median(offs);
const syncOn = median(ons);

// 3. Delivery to a local receiver.
const notifier = new Notifier({ store: on.store, config: on.config, log });
on.store.putEndpointState({ ...on.store.getEndpointState('bench'), cursor: 0 });
const t0 = performance.now();
const delivered = await notifier.deliverDue({ flushAll: true });
const deliverMs = performance.now() - t0;

console.log(`\nchange notifications (outbox in the upsert transaction; Standard Webhooks deliveries to 127.0.0.1)`);
console.log(`  ${CHANGES.toLocaleString('en-US')} row changes: ${(offMs / CHANGES * 1000).toFixed(1)} µs each without notifications, ${(onMs / CHANGES * 1000).toFixed(1)} µs with (${events.toLocaleString('en-US')} events queued): +${(((onMs - offMs) / CHANGES) * 1000).toFixed(1)} µs per change (${((onMs / offMs - 1) * 100).toFixed(1)} %)`);
console.log(`  sync of 2,000 new entries (median of 3): ${syncOff.ms.toFixed(0)} ms without, ${syncOn.ms.toFixed(0)} ms with (${syncOn.queued} events queued): ${((syncOn.ms / syncOff.ms - 1) * 100).toFixed(1)} % (goal ≤ 5 %)`);
console.log(`  delivery: ${delivered.delivered.toLocaleString('en-US')} signed deliveries (${delivered.merged} merged) in ${(deliverMs / 1000).toFixed(2)} s = ${Math.round(delivered.delivered / (deliverMs / 1000)).toLocaleString('en-US')}/s, one at a time in order; receiver saw ${hits}`);
on.store.close();
off.store.close();
rmSync(on.dir, { recursive: true, force: true });
rmSync(off.dir, { recursive: true, force: true });
receiver.close();
