// Webhook receiver benchmark: ack latency with a slow extractor behind the inbox, and without a worker.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { loadConfig } from '../dist/config/load.js';
import { CourtListenerClient } from '../dist/courtlistener/client.js';
import { RulesExtractor } from '../dist/extract/rules/index.js';
import { FakeCourtListener } from '../dist/fakecl/server.js';
import { createReceiver } from '../dist/server/receiver.js';
import { InboxWorker } from '../dist/server/worker.js';
import { Store } from '../dist/store/store.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SECRET = 'bench-secret-0123456789abcdefghijklmnopqrstuvwxyz';
const TOTAL = 1000;
const CONCURRENCY = 50;
const RELEVANT_EVERY = 50; // most docket entries are noise; 1 in 50 reaches the (slow) extractor
const EXTRACT_MS = 2000;

/** The rules extractor, made as slow as a remote LLM call. */
class SlowExtractor {
  name = 'slow';
  rules = new RulesExtractor();
  async extract(input) {
    await new Promise((r) => setTimeout(r, EXTRACT_MS));
    return this.rules.extract(input);
  }
}

function load(url) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bench/webhook-load.mjs'), url, String(TOTAL), String(CONCURRENCY), String(RELEVANT_EVERY)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`load generator exited ${code}`))));
  });
}

function runWrk(url) {
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', ['-t1', `-c${CONCURRENCY}`, '-d5s', '-s', path.join(ROOT, 'bench/webhook-wrk.lua'), url], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('close', () => {
      const m = /WRK requests=(\d+) seconds=([\d.]+) p50=([\d.]+) p99=([\d.]+) max=([\d.]+) non2xx=(\d+)/.exec(out);
      if (!m) return reject(new Error(`wrk printed no summary:\n${out}`));
      resolve({ requests: Number(m[1]), seconds: Number(m[2]), p50: Number(m[3]), p99: Number(m[4]), max: Number(m[5]), failures: Number(m[6]) });
    });
  });
}

async function run(withWorker, useWrk = false) {
  const dir = mkdtempSync(path.join(tmpdir(), 'cc-bench-hook-'));
  writeFileSync(path.join(dir, 'config.yaml'), `store_path: s.sqlite
courtlistener: {max_requests_per_minute: 10000}
calendars: {main: {ics_path: out/main.ics}}
cases: [{id: bench, name: "United States v. Bench", calendar: main, dockets: [5001]}]
`);
  const fake = new FakeCourtListener({ token: 't' });
  fake.addDocket({ id: 5001, court_id: 'dcd', docket_number: '1:31-cr-00001', case_name: 'United States v. Bench' });
  const origin = await fake.start();
  const config = loadConfig(path.join(dir, 'config.yaml'));
  const store = Store.open(config.storePath, { synchronous: 'FULL' }); // as `serve` opens it
  const log = pino({ level: 'silent' });
  const client = new CourtListenerClient({ origin, token: 't', timeoutSeconds: 5, maxAttempts: 3, retryAfterCapSeconds: 60, backoffBaseMs: 10 });
  const workerStore = withWorker ? Store.open(config.storePath, { synchronous: 'NORMAL' }) : null; // as `serve` does
  const worker = workerStore ? new InboxWorker({ store: workerStore, config, extractor: new SlowExtractor(), client, log }) : null;
  const server = createReceiver({ store, config, secret: SECRET, version: 'bench', log, onQueued: () => worker?.wake(), publicDir: null });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  worker?.start();
  const url = `http://127.0.0.1:${server.address().port}/webhooks/case-calendar/${SECRET}`;
  const started = performance.now();
  if (useWrk) {
    await runWrk(url); // warm-up run, not reported
    const w = await runWrk(url);
    const pendingLeft = store.inboxStats().pending;
    await worker?.stop();
    workerStore?.close();
    server.close();
    await client.close();
    store.close();
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
    return { wrk: w, pendingLeft };
  }
  const stats = await load(url);
  let drainMs = null;
  if (worker) {
    while (store.inboxStats().pending > 0) await new Promise((r) => setTimeout(r, 100));
    drainMs = performance.now() - started;
    await worker.stop();
  }
  const s = store.inboxStats();
  const health = await (await fetch(`${url}/health`)).json();
  workerStore?.close();
  server.close();
  await client.close();
  store.close();
  await fake.stop();
  rmSync(dir, { recursive: true, force: true });
  return { ...stats, drainMs, inbox: s, server: health.ackMs };
}

const f = (n) => n.toFixed(1);
console.log(`webhook receiver: ${TOTAL} deliveries, concurrency ${CONCURRENCY}, 1 in ${RELEVANT_EVERY} relevant, extractor ${EXTRACT_MS} ms per relevant entry`);
for (const withWorker of [true, false]) {
  const r = await run(withWorker);
  console.log(`  ${withWorker ? 'with worker   ' : 'worker off    '} client-observed ack p50 ${f(r.p50)} ms  p99 ${f(r.p99)} ms (goal ≤ 20 ms: ${(r.p99 / 20).toFixed(2)}× of goal)  max ${f(r.max)} ms  non-2xx ${r.failures}  accepted ${r.inbox.pending + r.inbox.done} (incl. 100 warm-up)` +
    (r.drainMs !== null ? `  inbox drained after ${(r.drainMs / 1000).toFixed(1)} s` : `  (left pending: ${r.inbox.pending})`));
  console.log(`                 server-side ack (request read → response written, last ${r.server.samples}): p50 ${r.server.p50} ms  p99 ${r.server.p99} ms  max ${r.server.max} ms`);
}
if (spawnSync('wrk', ['--version']).error) {
  console.log('  (install Debian\'s `wrk` for a measurement with a load generator that is not itself the bottleneck)');
} else {
  for (const withWorker of [false, true]) {
  const { wrk: w, pendingLeft } = await run(withWorker, true);
  console.log(`  wrk, worker ${withWorker ? 'on ' : 'off'} ${w.requests} deliveries in ${w.seconds.toFixed(1)} s (${Math.round(w.requests / w.seconds)}/s) at concurrency ${CONCURRENCY}: ack p50 ${w.p50.toFixed(2)} ms  p99 ${w.p99.toFixed(2)} ms (goal ≤ 20 ms: ${(w.p99 / 20).toFixed(2)}× of goal)  max ${w.max.toFixed(2)} ms  non-2xx ${w.failures}  (inbox backlog left: ${pendingLeft})`);
  }
  console.log('  (wrk saturates the receiver for 5 s: with the worker on, both share one thread, so the ack tail grows with the backlog;');
  console.log('   CourtListener sends one delivery per new docket entry, orders of magnitude below these rates)');
}
