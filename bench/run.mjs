// `npm run bench`: prints figures and ratios against the goals; never pass/fail.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FakeCourtListener } from '../dist/fakecl/server.js';
import { populateSyntheticDocket } from '../dist/fakecl/generate.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TOKEN = 'bench-token';

function runSync(cwd, origin, extra = []) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [path.join(ROOT, 'bench/child-sync.mjs'), 'sync', '--json', ...extra], {
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
      if (code !== 0) return reject(new Error(`sync exited ${code}\n${err.slice(-2000)}`));
      resolve({ ms, rssMb: rss / 1024, summary: JSON.parse(out) });
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

async function backfill() {
  const N = 5000;
  const fake = new FakeCourtListener({ token: TOKEN });
  populateSyntheticDocket(fake, { docketId: 777, courtId: 'dcd', entries: N, seed: 42 });
  const origin = await fake.start();
  const dir = workdir(`store_path: data/s.sqlite
courtlistener: {max_requests_per_minute: 10000}
calendars: {main: {name: Bench, ics_path: out/main.ics}}
cases: [{id: bench-case, name: "United States v. Bench", calendar: main, dockets: [777]}]
`);
  try {
    const r = await runSync(dir, origin);
    const c = r.summary.cases[0];
    console.log(`backfill of a ${N}-entry docket through the fake (cursor pages of 20):`);
    console.log(`  time             ${fmt(r.ms / 1000, 2)} s   (goal ≤ 5 s: ${ratio(r.ms / 1000, 5)})`);
    console.log(`  throughput       ${fmt(c.entriesSeen / (r.ms / 1000), 0)} entries/s`);
    console.log(`  peak RSS         ${fmt(r.rssMb)} MB   (goal ≤ 200 MB: ${ratio(r.rssMb, 200)})`);
    console.log(`  entries seen     ${c.entriesSeen}; processed (passed prefilter) ${c.entriesProcessed}; actions ${c.actions}; events changed ${c.rowsChanged}`);
    console.log(`  requests         ${r.summary.requests.total} ${JSON.stringify(r.summary.requests.byEndpoint)}`);
  } finally {
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  }
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

console.log(`case-calendar benchmarks — node ${process.version}, ${new Date().toISOString()}\n`);
await backfill();
console.log('');
await quietResync();
