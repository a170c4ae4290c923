// Webhook acknowledgement benchmark, on the shipped path: the built CLI's `serve` as its own process
// (inbox worker on, in its own thread), a fake CourtListener, and Debian's wrk as the load
// generator at fixed delivery rates, while the worker is kept busy by a backlog of real clerk
// texts. Goal (issue 16): ack p99 ≤ 10 ms at 2,000 deliveries/s with the worker busy. Figures and
// ratios only, never pass/fail. Everything listens on 127.0.0.1.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isRelevant } from '../dist/extract/prefilter.js';
import { FakeCourtListener } from '../dist/fakecl/server.js';
import { Store } from '../dist/store/store.js';
import { serveUnitFlags } from '../scripts/node-flags.mjs';
import { listeningOrigin } from '../scripts/serve-child.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin', 'case-calendar.cjs');
const SECRET = 'bench-secret-0123456789abcdefghijklmnopqrstuvwxyz';
const TOKEN = 'bench-token';
const LEVELS = [500, 1000, 2000]; // deliveries per second
const SECONDS = 5; // per level
const WARMUP_SECONDS = 2;
const CONNECTIONS = 64;
const LATENCY_GUESS_MS = 1; // subtracted from each connection's period when pacing (see webhook-wrk.lua)
const GOAL = { rate: 2000, p99Ms: 10 };
// The backlog the worker chews on throughout: real relevant texts, spread over several cases so
// each delivery's extraction, refold and re-render are the work a busy docket brings.
const DOCKETS = 10;
const BACKLOG_DELIVERIES = 1500;
const ENTRIES_PER_DELIVERY = 10;

const fmt = (n) => n.toLocaleString('en-US');
const ms = (n) => `${n.toFixed(2)} ms`;

/** wrk on PATH; as root with apt, installs Debian's package. False (with how to get it) otherwise. */
function ensureWrk() {
  if (!spawnSync('wrk', ['-v']).error) return true;
  const canApt = process.getuid?.() === 0 && !spawnSync('apt-get', ['--version']).error;
  if (canApt) {
    console.log('  wrk is missing: apt-get install -y wrk …');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const install = () => spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'wrk'], { stdio: 'ignore', env }).status === 0;
    if (install() || (spawnSync('apt-get', ['update'], { stdio: 'ignore', env }).status === 0 && install())) return true;
    console.log('  apt-get could not install wrk.');
  }
  console.log('  skipped: this part needs Debian\'s wrk (`sudo apt-get install wrk`), a load generator that is not itself the bottleneck.');
  return false;
}

/** Clerk texts from bench/corpus that pass the prefilter, so each one reaches the extractor. */
function relevantTexts() {
  const dir = path.join(ROOT, 'bench', 'corpus', 'batches');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) => readFileSync(path.join(dir, f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)))
    .map((e) => e.description)
    .filter((description) => isRelevant({ description, shortDescription: '', documentDescriptions: [] }));
}

/**
 * Writes the backlog straight into the inbox, as if CourtListener had delivered it while serve was
 * down. Entries are filed in docket order, a few a day, as deliveries normally arrive (late ones
 * make the worker re-read the whole case, a different and rarer cost).
 */
function fillBacklog(storePath, texts) {
  const store = Store.open(storePath);
  const receivedAt = new Date().toISOString();
  const day0 = Date.parse('2030-01-01T00:00:00Z');
  let n = 0;
  const items = Array.from({ length: BACKLOG_DELIVERIES }, (_, d) => {
    const docket = 6001 + (d % DOCKETS);
    const filed = new Date(day0 + Math.floor(d / DOCKETS) * 86_400_000).toISOString().slice(0, 10);
    const results = Array.from({ length: ENTRIES_PER_DELIVERY }, () => {
      const t = texts[n % texts.length];
      n++;
      return { id: 1_000_000 + n, docket, entry_number: n, recap_sequence_number: `${filed}.${String(n).padStart(7, '0')}`, date_filed: filed, date_modified: `${filed}T10:00:00.000000-05:00`, description: t, short_description: '', recap_documents: [] };
    });
    return { key: `backlog-${d}`, keySource: 'header', eventType: 1, body: JSON.stringify({ webhook: { version: 2, event_type: 1 }, payload: { results } }), receivedAt };
  });
  store.inboxInsertMany(items);
  store.close();
  return n;
}

/** The serve process: CPU seconds used so far, from /proc (Linux). */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 1/100 s
  } catch {
    return null;
  }
}

async function startServe(dir, env, extra) {
  const log = openSync(path.join(dir, 'serve.log'), 'a'); // as journald would take it
  const child = spawn(process.execPath, [...serveUnitFlags(), BIN, 'serve', '--port', '0', ...extra], { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', log] });
  const exited = new Promise((resolve) => child.on('close', (code) => resolve(code)));
  const base = await listeningOrigin(child, { stderrTail: () => readFileSync(path.join(dir, 'serve.log'), 'utf8').slice(-2000) });
  return { child, base, exited };
}

async function health(base) {
  return (await fetch(`${base}/webhooks/case-calendar/${SECRET}/health`)).json();
}

function wrk(url, rate, seconds, tag) {
  const gap = Math.max(0, (CONNECTIONS * 1000) / rate - LATENCY_GUESS_MS);
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', ['-t1', `-c${CONNECTIONS}`, `-d${seconds}s`, '-s', path.join(ROOT, 'bench/webhook-wrk.lua'), url], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, WRK_GAP_MS: String(gap), WRK_TAG: tag },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('close', () => {
      const m = /WRK requests=(\d+) seconds=([\d.]+) p50=([\d.]+) p99=([\d.]+) max=([\d.]+) non2xx=(\d+) socketerrors=(\d+)/.exec(out);
      if (!m) return reject(new Error(`wrk printed no summary:\n${out}`));
      const [requests, secs, p50, p99, max, non2xx, socketErrors] = m.slice(1).map(Number);
      resolve({ requests, rate: requests / secs, p50, p99, max, non2xx, socketErrors });
    });
  });
}

/** Server-side ack times (request read → answer written) of one wrk run, from serve's log lines. */
function serverSide(dir, tag) {
  const prefix = `"idempotencyKey":"wrk-${tag}-`;
  const times = readFileSync(path.join(dir, 'serve.log'), 'utf8')
    .split('\n')
    .filter((l) => l.includes(prefix) && l.includes('"msg":"delivery acknowledged"'))
    .map((l) => JSON.parse(l).ackMs)
    .sort((a, b) => a - b);
  const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? NaN;
  return { n: times.length, p50: at(0.5), p99: at(0.99) };
}

async function level(served, dir, url, rate, tag) {
  const cpuBefore = cpuSeconds(served.child.pid);
  const started = performance.now();
  const r = await wrk(url, rate, SECONDS, tag);
  const wall = (performance.now() - started) / 1000;
  const cpuAfter = cpuSeconds(served.child.pid);
  const h = await health(served.base);
  return { ...r, cores: cpuBefore !== null && cpuAfter !== null ? (cpuAfter - cpuBefore) / wall : null, pending: h.inbox.pending, server: serverSide(dir, tag) };
}

function line(label, r) {
  const ratio = (r.p99 / GOAL.p99Ms).toFixed(2);
  const cores = r.cores !== null ? `  serve CPU ${r.cores.toFixed(2)} cores` : '';
  return (
    `  ${label}: achieved ${fmt(Math.round(r.rate))}/s  ack p50 ${ms(r.p50)}  p99 ${ms(r.p99)} (${ratio}× the ${GOAL.p99Ms} ms goal)  max ${ms(r.max)}  ` +
    `non-2xx ${r.non2xx + r.socketErrors}${cores}  inbox backlog left ${fmt(r.pending)}\n` +
    `                       server-side (request read → answer written, from serve's log): p50 ${ms(r.server.p50)}  p99 ${ms(r.server.p99)}`
  );
}

console.log(`webhook ack p50/p99 by load level (wrk, ${CONNECTIONS} connections, ${SECONDS} s per level; goal: p99 ≤ ${GOAL.p99Ms} ms at ${fmt(GOAL.rate)} deliveries/s with the worker busy)`);
if (ensureWrk()) {
  const texts = relevantTexts();
  const dir = mkdtempSync(path.join(tmpdir(), 'cc-bench-hook-'));
  const dockets = Array.from({ length: DOCKETS }, (_, i) => 6001 + i);
  writeFileSync(
    path.join(dir, 'config.yaml'),
    `store_path: data/store.sqlite
ensure_docket_alerts: false
courtlistener: {max_requests_per_minute: 10000}
calendars: {main: {ics_path: out/main.ics}}
cases:
  - {id: noise, name: "United States v. Noise", calendar: main, dockets: [5001]}
${dockets.map((d) => `  - {id: c${d}, name: "United States v. Busy ${d}", calendar: main, dockets: [${d}]}`).join('\n')}
`,
  );
  const fake = new FakeCourtListener({ token: TOKEN });
  for (const d of [5001, ...dockets]) fake.addDocket({ id: d, court_id: 'dcd', docket_number: `1:31-cr-0${d}`, case_name: `United States v. Busy ${d}` });
  const env = { COURTLISTENER_TOKEN: TOKEN, COURTLISTENER_BASE_URL: await fake.start(), CASE_CALENDAR_WEBHOOK_SECRET: SECRET, LOG_LEVEL: 'info' };
  const entries = fillBacklog(path.join(dir, 'data', 'store.sqlite'), texts);
  console.log(`  serve: the built CLI as its own process, run as the systemd unit runs it (node ${serveUnitFlags().join(' ')}), logging at info to a file`);
  console.log(`  worker busy with a backlog of ${fmt(BACKLOG_DELIVERIES)} deliveries (${fmt(entries)} entries: ${fmt(texts.length)} real clerk texts from bench/corpus that pass the prefilter, cycled over ${DOCKETS} dockets)`);
  try {
    let served = await startServe(dir, env, []);
    const url = `${served.base}/webhooks/case-calendar/${SECRET}`;
    await wrk(url, LEVELS[0], WARMUP_SECONDS, 'warmup'); // connections and JIT warm; not reported
    const results = [];
    for (const rate of LEVELS) {
      const r = await level(served, dir, url, rate, `l${rate}`);
      results.push(r);
      console.log(line(`${fmt(rate).padStart(5)}/s, worker on `, r));
    }
    const last = results.at(-1);
    if (last.pending === 0) console.log('  (the backlog ran out before the last level: the worker was not busy throughout; raise BACKLOG_DELIVERIES)');
    served.child.kill('SIGTERM');
    await served.exited;

    // The same top rate with nothing behind the inbox: what the worker's thread costs the receiver.
    served = await startServe(dir, env, ['--no-worker']);
    await wrk(`${served.base}/webhooks/case-calendar/${SECRET}`, LEVELS[0], WARMUP_SECONDS, 'warmup-off');
    const off = await level(served, dir, `${served.base}/webhooks/case-calendar/${SECRET}`, GOAL.rate, 'off');
    console.log(line(`${fmt(GOAL.rate).padStart(5)}/s, worker off`, off));
    served.child.kill('SIGTERM');
    await served.exited;
    const top = results[LEVELS.indexOf(GOAL.rate)];
    console.log(
      `  at the goal's rate with the worker busy: p99 ${ms(top.p99)} = ${(top.p99 / GOAL.p99Ms).toFixed(2)}× the goal, at ${(top.rate / GOAL.rate).toFixed(2)}× the goal's rate` +
        `  (server-side p99 ${ms(top.server.p99)})`,
    );
  } finally {
    await fake.stop();
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  }
}
