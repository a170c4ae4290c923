// Last build step (run by scripts/bundle.mjs): writes V8's code caches for dist/bundle/cli.cjs by
// running the commands a deployment runs most, through the real launcher. A cache is only accepted
// under the V8 flags it was made with, so there are two: the batch commands' (the launcher's
// shebang flags: help, a backfill, a quiet sync and a re-render against the project's fake
// CourtListener on 127.0.0.1, and the offline demo, each run adding what it compiled to the cache
// the one before wrote) and serve's (the systemd unit's flags: start, one delivery, SIGTERM). Best
// effort: if a step fails the build goes on, and the CLI compiles without the cache (slower to
// start, same behaviour).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launcherFlags, serveUnitFlags } from './node-flags.mjs';
import { listeningOrigin } from './serve-child.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const launcher = path.join(root, 'bin', 'case-calendar.cjs');
const bundleDir = path.join(root, 'dist', 'bundle');
const flags = launcherFlags();
const serveFlags = serveUnitFlags();
const WARM_SECRET = 'warm-up-secret-0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * serve as the unit runs it: waits until it listens, sends it one DOCKET_ALERT delivery and its
 * secret-gated health check, then stops it with SIGTERM (the cache is written as it exits).
 */
async function warmServe(env) {
  const child = spawn(process.execPath, [...serveFlags, launcher, 'serve', '--port', '0'], {
    cwd: work,
    env: { ...env, CASE_CALENDAR_WEBHOOK_SECRET: WARM_SECRET },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const closed = new Promise((resolve) => child.on('close', resolve));
  try {
    const base = await listeningOrigin(child, { stderrTail: () => err.slice(-400) });
    const hook = `${base}/webhooks/case-calendar/${WARM_SECRET}`;
    const results = [{ id: 9_000_001, docket: 501, entry_number: 9001, date_filed: '2031-01-02', date_modified: '2031-01-02T10:00:00.000000-08:00', description: 'Status Conference set for 2/3/2031 10:00 AM before Judge Warm.', short_description: '', recap_documents: [] }];
    await fetch(hook, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': 'warm-up-1' }, body: JSON.stringify({ webhook: { version: 2, event_type: 1 }, payload: { results } }) });
    await (await fetch(`${hook}/health`)).text();
  } catch (e) {
    process.stderr.write(`code cache warm-up: \`case-calendar serve\` ${e.message}\n`);
  } finally {
    child.kill('SIGTERM');
    await closed;
  }
}

const work = mkdtempSync(path.join(tmpdir(), 'cc-warm-'));
let fake = null;
try {
  const { FakeCourtListener } = await import('../dist/fakecl/server.js');
  const { populateSyntheticDocket } = await import('../dist/fakecl/generate.js');
  fake = new FakeCourtListener({ token: 'warm-up-token', pageSize: 20 });
  populateSyntheticDocket(fake, { docketId: 501, courtId: 'dcd', entries: 120, seed: 3 });
  const origin = await fake.start();
  writeFileSync(
    path.join(work, 'config.yaml'),
    `store_path: data/store.sqlite
courtlistener: {max_requests_per_minute: 10000}
calendars: {main: {name: Warm-up, ics_path: out/main.ics}}
cases: [{id: warm, name: "United States v. Warm", calendar: main, dockets: [501]}]
`,
  );
  const env = { ...process.env, CASE_CALENDAR_WRITE_CODE_CACHE: '1', COURTLISTENER_TOKEN: 'warm-up-token', COURTLISTENER_BASE_URL: origin, LOG_LEVEL: 'error' };
  delete env.CASE_CALENDAR_DEBUG_CODE_CACHE;
  const steps = [['--help'], ['sync'], ['sync'], ['emit'], ['demo', '--dir', path.join(work, 'demo')]];
  for (const args of steps) {
    // Not spawnSync: the fake answers from this process, which must stay free to do so.
    const code = await new Promise((resolve) => {
      const child = spawn(process.execPath, [...flags, launcher, ...args], { cwd: work, env, stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d) => (err += d));
      child.on('error', () => resolve(-1));
      child.on('close', (c) => {
        if (c !== 0) process.stderr.write(`code cache warm-up: \`case-calendar ${args.join(' ')}\` exited ${c}: ${err.slice(-400)}\n`);
        resolve(c);
      });
    });
    if (code !== 0) break;
  }
  await warmServe(env);
} catch (err) {
  process.stderr.write(`code cache warm-up skipped: ${err.message}\n`);
} finally {
  await fake?.stop();
  rmSync(work, { recursive: true, force: true });
}
const caches = readdirSync(bundleDir).filter((f) => f.endsWith('.cache'));
if (!caches.length) process.stderr.write('code cache: none written; the CLI will compile at each start\n');
