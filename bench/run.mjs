// `npm run bench`: prints figures and ratios against the goals; never pass/fail.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FakeCourtListener } from '../dist/fakecl/server.js';
import { populateSyntheticDocket } from '../dist/fakecl/generate.js';
import { launcherFlags, serveUnitFlags } from '../scripts/node-flags.mjs';
import { listeningOrigin } from '../scripts/serve-child.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TOKEN = 'bench-token';

/** The V8 flags the shipped launcher runs with (its shebang line), so the bench measures the same process. */
const NODE_FLAGS = launcherFlags();

function runSync(cwd, origin, extra = []) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [...NODE_FLAGS, path.join(ROOT, 'bench/child-sync.mjs'), 'sync', '--json', ...extra], {
      cwd,
      env: { ...process.env, COURTLISTENER_TOKEN: TOKEN, COURTLISTENER_BASE_URL: origin, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const rss = Number(/BENCH_MAX_RSS_KB=(\d+)/.exec(err)?.[1] ?? NaN);
      const cpuMs = Number(/BENCH_CPU_US=(\d+)/.exec(err)?.[1] ?? NaN) / 1000;
      if (code !== 0) return reject(new Error(`sync exited ${code}\n${err.slice(-2000)}`));
      resolve({ ms, cpuMs, rssMb: rss / 1024, summary: JSON.parse(out) });
    });
  });
}

function workdir(config) {
  const dir = mkdtempSync(path.join(tmpdir(), 'cc-bench-'));
  writeFileSync(path.join(dir, 'config.yaml'), config);
  return dir;
}

const fmt = (n, d = 1) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const ratio = (value, goal) => `${fmt(value / goal, 2)}× of goal`;

/** Real clerk texts from the project's labelled corpus (bench/corpus), cycled over one docket. */
function realTexts() {
  const dir = path.join(ROOT, 'bench', 'corpus', 'batches');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) => readFileSync(path.join(dir, f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).description))
    .filter((d) => typeof d === 'string' && d.trim());
}

/** One backfill in a fresh store against a fresh fake (so every run makes the same requests). */
async function backfillOnce(N, texts) {
  const fake = new FakeCourtListener({ token: TOKEN, pageSize: 20 }); // CourtListener's own page size
  fake.addDocket({ id: 777, court_id: 'dcd', docket_number: '1:20-cr-00777', case_name: 'United States v. Bench' });
  const day0 = Date.UTC(2020, 0, 6);
  for (let i = 0; i < N; i++) {
    const date = new Date(day0 + Math.floor(i / 4) * 86_400_000).toISOString().slice(0, 10);
    fake.addEntry(777, { entry_number: i + 1, date_filed: date, description: texts[i % texts.length], recap_documents: [] });
  }
  const origin = await fake.start();
  const dir = workdir(`store_path: data/s.sqlite
courtlistener: {max_requests_per_minute: 10000}
calendars: {main: {name: Bench, ics_path: out/main.ics}}
cases: [{id: bench-case, name: "United States v. Bench", calendar: main, dockets: [777]}]
`);
  try {
    return await runSync(dir, origin);
  } finally {
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The median of some numbers, and their range, as "median (min–max)". */
function spread(values, digits, unit) {
  const v = [...values].sort((a, b) => a - b);
  const mid = v[Math.floor(v.length / 2)];
  return { mid, text: v.length > 1 ? `${fmt(mid, digits)} ${unit}   (${fmt(v[0], digits)}–${fmt(v[v.length - 1], digits)})` : `${fmt(mid, digits)} ${unit}` };
}

async function backfill() {
  const N = 5000;
  // Figures move by ±15 % with the machine's other load: several runs, the median and the range.
  const RUNS = Number(process.env.BENCH_BACKFILL_RUNS ?? 3);
  const texts = realTexts();
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await backfillOnce(N, texts));
  const c = runs[0].summary.cases[0];
  const wall = spread(runs.map((r) => r.ms / 1000), 2, 's');
  const cpu = spread(runs.map((r) => r.cpuMs / 1000), 2, 's');
  const rate = spread(runs.map((r) => c.entriesSeen / (r.ms / 1000)), 0, 'entries/s');
  const rss = spread(runs.map((r) => r.rssMb), 1, 'MB');
  console.log(`backfill of a ${N}-entry docket of real clerk texts (${texts.length} from bench/corpus, cycled) through the fake, 20 entries a page; median of ${RUNS} runs (range):`);
  console.log(`  wall             ${wall.text}   (goal ≤ 3 s: ${ratio(wall.mid, 3)})`);
  console.log(`  CLI CPU          ${cpu.text}   (goal ≤ 1.5 s: ${ratio(cpu.mid, 1.5)})`);
  console.log(`  throughput       ${rate.text}   (goal ≥ 3,000)`);
  console.log(`  peak RSS         ${rss.text}   (goal ≤ 80 MB: ${ratio(rss.mid, 80)})`);
  console.log(`  entries seen     ${c.entriesSeen}; processed (passed prefilter) ${c.entriesProcessed}; actions ${c.actions}; events changed ${c.rowsChanged}`);
  console.log(`  requests         ${runs[0].summary.requests.total} ${JSON.stringify(runs[0].summary.requests.byEndpoint)}`);
}

async function quietResync() {
  const D = 30;
  const fake = new FakeCourtListener({ token: TOKEN });
  const cases = [];
  for (let i = 0; i < D; i++) {
    const id = 2000 + i;
    populateSyntheticDocket(fake, { docketId: id, courtId: i % 2 ? 'cand' : 'nysd', entries: 40, seed: i });
    cases.push(`  - {id: case-${i}, name: "Case ${i}", calendar: cal-${i % 3}, dockets: [${id}]}`);
  }
  const origin = await fake.start();
  const dir = workdir(`store_path: data/s.sqlite
courtlistener: {max_requests_per_minute: 10000}
calendars:
  cal-0: {ics_path: out/cal-0.ics}
  cal-1: {ics_path: out/cal-1.ics}
  cal-2: {ics_path: out/cal-2.ics}
cases:
${cases.join('\n')}
`);
  try {
    await runSync(dir, origin);
    const mtimes = () => readdirSync(path.join(dir, 'out')).map((f) => statSync(path.join(dir, 'out', f)).mtimeMs).join(',');
    const before = mtimes();
    fake.resetRequests();
    const r = await runSync(dir, origin);
    const written = r.summary.emitted.filter((e) => e.written).length;
    console.log(`quiet re-sync of ${D} dockets (nothing new since the last sync):`);
    console.log(`  requests         ${r.summary.requests.total} (fake saw ${fake.requests.length})   (goal exactly ${D}: ${ratio(r.summary.requests.total, D)})`);
    console.log(`  files written    ${written} (mtimes ${before === mtimes() ? 'unchanged' : 'CHANGED'})   (goal 0)`);
    console.log(`  time             ${fmt(r.ms, 0)} ms (process start included)`);
  } finally {
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Median wall time of a command, started as a process, over `runs`. */
function timed(args, runs, opts = {}) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], ...opts });
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${String(r.stderr).slice(-800)}`);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

/** As `timed`, but without blocking this process, which serves the fake CourtListener. */
async function timedAsync(args, runs, opts = {}) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    await new Promise((resolve, reject) => {
      const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], ...opts });
      let err = '';
      child.stderr.on('data', (d) => (err += d));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(' ')} exited ${code}: ${err.slice(-800)}`))));
    });
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

async function startUp() {
  const RUNS = 7;
  const bare = timed(['-e', '0'], RUNS);
  const help = timed([...NODE_FLAGS, path.join(ROOT, 'bin', 'case-calendar.cjs'), '--help'], RUNS);
  const fake = new FakeCourtListener({ token: TOKEN });
  populateSyntheticDocket(fake, { docketId: 901, courtId: 'nysd', entries: 20, seed: 9 });
  const origin = await fake.start();
  const dir = workdir(`store_path: data/s.sqlite
courtlistener: {max_requests_per_minute: 10000}
calendars: {main: {ics_path: out/main.ics}}
cases: [{id: one, name: "One", calendar: main, dockets: [901]}]
`);
  try {
    const env = { ...process.env, COURTLISTENER_TOKEN: TOKEN, COURTLISTENER_BASE_URL: origin, LOG_LEVEL: 'warn' };
    await runSync(dir, origin);
    const quiet = await timedAsync([...NODE_FLAGS, path.join(ROOT, 'bin', 'case-calendar.cjs'), 'sync'], RUNS, { cwd: dir, env });
    console.log(`start-up (median of ${RUNS} processes):`);
    console.log(`  node -e 0        ${fmt(bare, 0)} ms`);
    console.log(`  --help           ${fmt(help, 0)} ms   (${fmt(help / bare, 1)}× bare node; goal ≤ 3×)`);
    console.log(`  quiet sync of one docket   ${fmt(quiet, 0)} ms   (${fmt(quiet / bare, 1)}× bare node; goal ≤ 3×)`);
  } finally {
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.env.BENCH_EXTRACTOR_PASSES === '1') {
  process.stdout.write(JSON.stringify(await extractorPasses()));
  process.exit(0);
}
console.log(`case-calendar benchmarks — node ${process.version}, ${new Date().toISOString()}`);
// The development VM's speed drifts by tens of percent from one day to the next: this line says how
// fast it is now, so figures from different days can be set side by side (or re-run in pairs).
console.log(`this machine now: bare \`node -e 0\` takes ${fmt(timed(['-e', '0'], 5), 0)} ms (median of 5); figures scale with it\n`);
/** The rules extractor alone over the same 5,000 texts, no store: a cold first pass, then warm. */
async function extractorPasses() {
  const { extractWithRules } = await import('../dist/extract/rules/index.js');
  const { isRelevant } = await import('../dist/extract/prefilter.js');
  const texts = realTexts();
  const N = 5000;
  const day0 = Date.UTC(2020, 0, 6);
  const entries = Array.from({ length: N }, (_, i) => ({ entryId: i + 1, entryNumber: i + 1, dateFiled: new Date(day0 + Math.floor(i / 4) * 86_400_000).toISOString().slice(0, 10), description: texts[i % texts.length], shortDescription: '', documentDescriptions: [] }));
  const pass = () => {
    const t = performance.now();
    for (const entry of entries) if (isRelevant(entry)) extractWithRules({ caseName: 'United States v. Bench', courtId: 'dcd', timezone: 'America/New_York', docketId: 777, entry, knownHearings: [], knownDeadlines: [] });
    return N / ((performance.now() - t) / 1000);
  };
  const cold = pass();
  return { N, cold, warm: pass() };
}

/** The passes in fresh processes under the flags of the two ways the CLI runs: batch commands, serve's worker. */
async function extractorAlone() {
  const under = (flags) => {
    const r = spawnSync(process.execPath, [...flags, fileURLToPath(import.meta.url)], { env: { ...process.env, BENCH_EXTRACTOR_PASSES: '1' }, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`extractor passes exited ${r.status}: ${r.stderr}`);
    return JSON.parse(r.stdout);
  };
  const serveFlags = serveUnitFlags();
  const batch = under(NODE_FLAGS);
  const served = under(serveFlags);
  console.log(`rules extractor alone (prefilter + extraction of the same ${batch.N} texts, no store, a fresh process):`);
  console.log(`  sync, emit (node ${NODE_FLAGS.join(' ')}): first pass ${fmt(batch.cold, 0)} entries/s (goal ≥ 5,000: ${ratio(batch.cold, 5000)}), second ${fmt(batch.warm, 0)}`);
  console.log(`  serve's worker (node ${serveFlags.join(' ')}): first pass ${fmt(served.cold, 0)} entries/s (goal ≥ 5,000: ${ratio(served.cold, 5000)}), second ${fmt(served.warm, 0)}`);
}

/** What the modules a `sync` needs cost to load, each on top of those before it, in a fresh process. */
async function moduleCosts() {
  const specs = ['commander', 'better-sqlite3', 'zod', 'yaml', 'pino', '../dist/config/load.js', '../dist/store/store.js', '../dist/courtlistener/client.js', '../dist/extract/rules/index.js', '../dist/pipeline/sync.js', '../dist/render/emit.js', 'undici'];
  const r = spawnSync(process.execPath, [...NODE_FLAGS, path.join(ROOT, 'bench/module-cost.mjs'), ...specs], { cwd: path.join(ROOT, 'bench'), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`module-cost exited ${r.status}: ${r.stderr}`);
  console.log('module load cost (unbundled dist/, each on top of those above it; the CLI runs the bundle, which loads faster):');
  for (const m of JSON.parse(r.stdout)) console.log(`  ${m.spec.replace('../dist/', 'dist/').padEnd(34)} ${fmt(m.ms, 0).padStart(4)} ms  ${fmt(m.mb).padStart(5)} MB`);
  console.log('  (undici is loaded only by runs that call a model, push calendars, deliver notifications or read documents)');
}

/** RSS of `serve` left idle (nothing in its inbox) a few seconds after it listens, from /proc (Linux). */
async function serveIdle() {
  const config = `store_path: data/s.sqlite
ensure_docket_alerts: false
calendars: {main: {ics_path: out/main.ics}}
cases: [{id: one, name: "One", calendar: main, dockets: [901]}]
`;
  const dir = workdir(config);
  // A short worker_idle_seconds (default 60), so that the thread's end comes within seconds.
  writeFileSync(path.join(dir, 'quick.yaml'), `${config}webhook: {worker_idle_seconds: 2}\n`);
  const secret = 'bench-secret-0123456789abcdefghijklmnopqrstuvwxyz';
  // The worker looks the docket up once (its court sets the time zone).
  const fake = new FakeCourtListener({ token: TOKEN });
  fake.addDocket({ id: 901, court_id: 'dcd', docket_number: '1:31-cr-00901', case_name: 'United States v. Bench' });
  const env = { ...process.env, COURTLISTENER_TOKEN: TOKEN, COURTLISTENER_BASE_URL: await fake.start(), CASE_CALENDAR_WEBHOOK_SECRET: secret, LOG_LEVEL: 'info' };
  const rssOfPid = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;
  /** Starts serve; `during` gets its pid, origin and a wait for a log message, and returns what to report. */
  const served = async (extra, during) => {
    const child = spawn(process.execPath, [...serveUnitFlags(), path.join(ROOT, 'bin', 'case-calendar.cjs'), 'serve', '--port', '0', ...extra], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stderr.on('data', (d) => (log += d));
    try {
      const origin = await listeningOrigin(child, { stderrTail: () => log.slice(-2000) });
      const logged = async (msg, times = 1) => {
        const until = Date.now() + 30_000;
        while (log.split(`"msg":"${msg}"`).length - 1 < times) {
          if (Date.now() > until) throw new Error(`serve did not log "${msg}":\n${log}`);
          await new Promise((r) => setTimeout(r, 50));
        }
      };
      return await during({ pid: child.pid, origin, logged, log: () => log });
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('close', r));
    }
  };
  const settle = () => new Promise((r) => setTimeout(r, 3000));
  const delivery = (id) =>
    JSON.stringify({
      webhook: { version: 2, event_type: 1, date_created: new Date().toISOString() },
      payload: { results: [{ id, docket: 901, entry_number: id, date_filed: '2031-01-06', date_modified: '2031-01-06T10:00:00Z', description: `MINUTE ENTRY: Status Conference set for 2/${id + 2}/2031 at 10:00 AM before Judge Bench.`, short_description: '', recap_documents: [] }] },
    });
  try {
    if (process.platform !== 'linux') return console.log('serve idle RSS: Linux only (reads /proc)');
    const threadUp = await served([], async ({ pid }) => {
      await settle();
      return rssOfPid(pid);
    });
    const figures = await served(['-c', 'quick.yaml'], async ({ pid, origin, logged, log }) => {
      await logged('inbox worker thread ended while idle; the next delivery starts another');
      await settle();
      const endedFresh = rssOfPid(pid);
      // A delivery with a hearing: a new thread starts and loads the pipeline and renderer; a second
      // right after finds it up. Then it ends once idle.
      const send = async (key, entryId) => {
        const r = await fetch(`${origin}/webhooks/case-calendar/${secret}/`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key }, body: delivery(entryId) });
        if (r.status !== 200) throw new Error(`delivery answered ${r.status}`);
      };
      await send('bench-idle-1', 1);
      await logged('delivery processed');
      await send('bench-idle-2', 2);
      await logged('delivery processed', 2);
      await logged('inbox worker thread ended while idle; the next delivery starts another', 2);
      await settle();
      // From the acknowledgement to the delivery done, by serve's own log clock.
      const times = (msg) => log().split('\n').filter((l) => l.includes(`"msg":"${msg}"`)).map((l) => JSON.parse(l).time);
      const [ack1, ack2] = times('delivery acknowledged');
      const [done1, done2] = times('delivery processed');
      return { endedFresh, endedAfterWork: rssOfPid(pid), fromEnded: done1 - ack1, fromUp: done2 - ack2 };
    });
    const receiverOnly = await served(['--no-worker'], async ({ pid }) => {
      await settle();
      return rssOfPid(pid);
    });
    console.log('serve, idle (empty inbox), RSS 3 s after each point:');
    console.log(`  worker thread up (after it listens)           ${fmt(threadUp)} MB`);
    console.log(`  worker thread ended (worker_idle_seconds)     ${fmt(figures.endedFresh)} MB   (goal ≤ 70 MB: ${ratio(figures.endedFresh, 70)})`);
    console.log(`  ended again after a delivery it processed     ${fmt(figures.endedAfterWork)} MB   (goal ≤ 70 MB: ${ratio(figures.endedAfterWork, 70)})`);
    console.log(`  --no-worker (the receiver alone)              ${fmt(receiverOnly)} MB`);
    console.log(`a delivery from acknowledged to processed: ${fmt(figures.fromEnded, 0)} ms when the thread had ended (a new one starts), ${fmt(figures.fromUp, 0)} ms with it up`);
  } finally {
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

// `node bench/run.mjs backfill startup` runs just those parts.
const parts = { backfill, extractor: extractorAlone, quiet: quietResync, startup: startUp, serve: serveIdle, modules: moduleCosts };
const chosen = process.argv.slice(2).filter((a) => a in parts);
for (const name of chosen.length ? chosen : Object.keys(parts)) {
  await parts[name]();
  console.log('');
}
