// Second build step (after tsc): bundles the compiled CLI into one CommonJS file,
// dist/bundle/cli.cjs, so a command reads one file instead of resolving ~400 modules (zod alone is
// ~95 files, yaml ~70). CommonJS because that is what V8's code cache can be kept for on Node 20:
// bin/load-bundle.cjs compiles the bundle with the cache scripts/warm-code-cache.mjs writes next to
// it. Modules only some runs need stay behind esbuild's lazy initialisers (one per dynamic import),
// so they are parsed but not run. serve's worker thread is bundled apart, as ESM chunks in
// dist/bundle/worker/. dist/ itself stays as tsc wrote it (tests and library users import it).
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const out = path.join(dist, 'bundle');

// Loaded at run time from node_modules: a native addon, and large libraries only some runs need
// (their own lazy imports keep them out of every other run).
const external = ['better-sqlite3', 'pdfjs-dist', 'google-auth-library', '@azure/msal-node', 'undici'];

const cliEntry = path.join(dist, 'cli', 'index.js');
// The years dist/zones.json covers: older dockets' hearings to deadlines decades ahead.
const ZONE_TABLE_FROM_YEAR = 1980;
const ZONE_TABLE_TO_YEAR = 2080;
// serve's inbox worker thread starts from this file (worker-thread.ts finds it next to the CLI).
const workerEntry = path.join(dist, 'server', 'worker-entry.js');

// Built-ins a run may never use but a module loads at the top (commander: child_process for
// executable subcommands; dotenv: crypto for encrypted files; sonic-boom: assert; https and tls
// against a plain-http origin). They stand in as proxies that load the real module on first use:
// the launcher's V8 flag costs Node's built-in code cache, so each load compiles from source
// (https ~23 ms, child_process ~12 ms, assert ~8 ms).
const LAZY_BUILTINS = new Set(['child_process', 'crypto', 'assert', 'https', 'tls']);
const require = createRequire(import.meta.url);

function lazyStandIn(spec) {
  const real = require(spec);
  // The export names, known here so that a bundled ESM import (which copies them) does not load it.
  const names = Object.getOwnPropertyNames(real).filter((n) => !['length', 'name', 'prototype'].includes(n));
  const target = typeof real === 'function' ? '() => {}' : '{}';
  return `let loaded;
const real = () => (loaded ??= require(${JSON.stringify(spec)}));
const names = ${JSON.stringify(names)};
module.exports = new Proxy(${target}, {
  get: (_, k) => real()[k],
  set: (_, k, v) => { real()[k] = v; return true; },
  has: (_, k) => k in real(),
  apply: (_, self, args) => Reflect.apply(real(), self, args),
  ownKeys: () => (loaded ? Reflect.ownKeys(loaded) : names),
  getOwnPropertyDescriptor: (_, k) => {
    if (!loaded) return names.includes(k) ? { configurable: true, enumerable: true, writable: true, value: undefined } : undefined;
    const d = Reflect.getOwnPropertyDescriptor(loaded, k);
    return d && { ...d, configurable: true };
  },
});
`;
}

/**
 * Node's own modules reached through require(), not `import`: an ESM import of a built-in builds a
 * facade that reads every export, and fs's lazy ReadStream/WriteStream getters then load the whole
 * stream machinery at each start. require() hands back the module object untouched.
 */
const builtinsThroughRequire = {
  name: 'builtins-through-require',
  setup(b) {
    const names = builtinModules.map((m) => m.replace(/[/]/g, '\\/')).join('|');
    b.onResolve({ filter: new RegExp(`^(?:node:)?(?:${names})$`) }, (args) =>
      // The stand-in's own require() is the real one.
      args.namespace === 'builtin-cjs' ? { path: args.path, external: true } : { path: args.path.replace(/^node:/, ''), namespace: 'builtin-cjs' },
    );
    b.onLoad({ filter: /.*/, namespace: 'builtin-cjs' }, (args) => {
      const spec = `node:${args.path}`;
      if (LAZY_BUILTINS.has(args.path)) return { contents: lazyStandIn(spec), loader: 'js' };
      return { contents: `module.exports = require(${JSON.stringify(spec)});`, loader: 'js' };
    });
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  external,
  plugins: [builtinsThroughRequire],
  legalComments: 'linked',
  logLevel: 'warning',
  minify: process.env.BUNDLE_MINIFY !== '0',
};

rmSync(out, { recursive: true, force: true });

// The courts' time zones read through Intl once, here, on the machine and Node that will run the
// bundle: a run then reads dist/zones.json instead of loading ICU's data (src/time/zone.ts). Years
// outside the span, other zones and another Node's tz data still go through Intl.
{
  const { buildZoneTable } = await import(pathToFileURL(path.join(dist, 'time', 'zone-table.js')).href);
  const { COURT_TIME_ZONES, DEFAULT_COURT_TIME_ZONE } = await import(pathToFileURL(path.join(dist, 'render', 'courts.js')).href);
  const zones = [...new Set([DEFAULT_COURT_TIME_ZONE, ...COURT_TIME_ZONES.values()])].sort();
  writeFileSync(path.join(dist, 'zones.json'), JSON.stringify(buildZoneTable(zones, ZONE_TABLE_FROM_YEAR, ZONE_TABLE_TO_YEAR)));
}

await build({
  ...common,
  entryPoints: { cli: cliEntry },
  outdir: out,
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  // Three modules find files next to themselves (the worker entry, package.json, pdf.js's assets).
  define: { 'import.meta.url': '__ccModuleUrl' },
  banner: { js: "const __ccModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
});

// The worker thread is long-lived and starts once, so the code cache would not pay; ESM chunks
// let it load only the modules its first piece of work needs, which keeps an idle serve small.
if (existsSync(workerEntry)) {
  await build({
    ...common,
    entryPoints: { 'worker-entry': workerEntry },
    outdir: path.join(out, 'worker'),
    format: 'esm',
    splitting: true,
    chunkNames: 'chunk-[hash]',
    // Bundled CommonJS dependencies, and the built-in stand-ins above, call require().
    banner: { js: "import { createRequire as __ccCreateRequire } from 'node:module'; const require = __ccCreateRequire(import.meta.url);" },
  });
}

/**
 * V8 keeps a script's whole source in memory for as long as the process runs, one byte a character
 * if every character is Latin-1 and two otherwise: the few curly quotes and dashes esbuild leaves in
 * regular expressions made the 0.9 MB bundle cost 1.8 MB in every process. Written as \\u escapes
 * they mean the same in a regular expression, a string or a template, and in the String.raw
 * templates we only use to build regular expressions.
 */
const asciiOnly = (text) => text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

if (existsSync(path.join(out, 'worker'))) {
  for (const name of readdirSync(path.join(out, 'worker'))) {
    const file = path.join(out, 'worker', name);
    if (name.endsWith('.js')) writeFileSync(file, asciiOnly(readFileSync(file, 'utf8')));
  }
}

// A build id on the first line names the code cache made for this very text: V8 checks only a
// cache's length against the source, so a cache left from another build must never be offered.
const cliFile = path.join(out, 'cli.cjs');
// The loader compiles the bundle with vm.Script, where import() would need an experimental flag;
// the few dynamic imports of external packages go through a function the loader hands in.
const text = asciiOnly(readFileSync(cliFile, 'utf8').replace(/\bimport\((?=["\w])/g, '__ccImport('));
if (/\bimport\(/.test(text)) throw new Error('bundle.mjs: dist/bundle/cli.cjs has an import() the loader cannot serve');
// The file holds Node's CommonJS wrapper itself (plus the loader's import() stand-in), so the loader
// compiles the text it read: a wrapper added at load time would make V8 keep a second copy.
const wrapped = `(function (exports, require, module, __filename, __dirname, __ccImport) {${text}\n})`;
writeFileSync(cliFile, `// build ${createHash('sha256').update(wrapped).digest('hex').slice(0, 16)}\n${wrapped}`);

if (process.env.BUNDLE_CODE_CACHE !== '0') await import('./warm-code-cache.mjs');
