// The Node flags the project's two ways of running the CLI use, read from where they are set, so
// the build's code caches and the benchmarks run exactly what deployments run.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Batch runs (`./bin/case-calendar.cjs sync`, cron): the flags on the launcher's shebang line. */
export function launcherFlags() {
  return readFileSync(path.join(root, 'bin', 'case-calendar.cjs'), 'utf8').split('\n')[0].split(/\s+/).filter((w) => w.startsWith('--'));
}

/** serve under systemd: the flags of case-calendar.service's first ExecStart line. */
export function serveUnitFlags() {
  const m = /^ExecStart=\S*node((?:\s+--[\w-]+(?:=\S+)?)*)\s/m.exec(readFileSync(path.join(root, 'case-calendar.service'), 'utf8'));
  return m ? m[1].trim().split(/\s+/).filter(Boolean) : [];
}
