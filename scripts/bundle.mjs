// Second build step (after tsc): bundles the compiled CLI into dist/bundle/ so a command starts by
// reading a few files instead of resolving ~400 modules one by one (zod alone is ~95 files, yaml ~70).
// Each command stays its own chunk, loaded only when it runs. bin/case-calendar.js runs the bundle;
// dist/ itself stays as tsc wrote it (tests and library users import it).
import { build } from 'esbuild';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const out = path.join(dist, 'bundle');

// Loaded at run time from node_modules: a native addon, and large libraries only some runs need
// (their own lazy imports keep them out of every other run).
const external = ['better-sqlite3', 'pdfjs-dist', 'google-auth-library', '@azure/msal-node', 'undici'];

const entryPoints = { cli: path.join(dist, 'cli', 'index.js') };
// serve's inbox worker runs in a thread started from this file; flat output keeps it next to the
// chunk that starts it (which finds it relative to its own URL).
const workerEntry = path.join(dist, 'server', 'worker-entry.js');
if (existsSync(workerEntry)) entryPoints['worker-entry'] = workerEntry;

rmSync(out, { recursive: true, force: true });
await build({
  entryPoints,
  outdir: out,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external,
  chunkNames: 'chunk-[hash]',
  // Bundled CommonJS dependencies call require() for Node's own modules.
  banner: { js: "import { createRequire as __ccCreateRequire } from 'node:module'; const require = __ccCreateRequire(import.meta.url);" },
  legalComments: 'linked',
  logLevel: 'warning',
  minify: process.env.BUNDLE_MINIFY !== '0',
});
