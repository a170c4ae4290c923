// Last build step (run by scripts/bundle.mjs): writes V8's code cache for dist/bundle/cli.cjs by
// running the commands a deployment runs most, through the real launcher with its own V8 flags
// (a cache is only accepted under the flags it was made with). Each run starts from the cache the
// one before it wrote and adds what it compiled: help, a backfill, a quiet sync and a re-render against the
// project's fake CourtListener on 127.0.0.1, and the offline demo. Best effort: if a step fails the
// build goes on, and the CLI compiles without the cache (slower to start, same behaviour).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const launcher = path.join(root, 'bin', 'case-calendar.cjs');
const bundleDir = path.join(root, 'dist', 'bundle');
/** The flags on the launcher's shebang line, as `./bin/case-calendar.cjs` and systemd run it. */
const flags = readFileSync(launcher, 'utf8').split('\n')[0].split(/\s+/).filter((w) => w.startsWith('--'));

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
} catch (err) {
  process.stderr.write(`code cache warm-up skipped: ${err.message}\n`);
} finally {
  await fake?.stop();
  rmSync(work, { recursive: true, force: true });
}
const caches = readdirSync(bundleDir).filter((f) => f.endsWith('.cache'));
if (!caches.length) process.stderr.write('code cache: none written; the CLI will compile at each start\n');
