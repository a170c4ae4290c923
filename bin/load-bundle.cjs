'use strict';
/**
 * Runs the bundled CLI (dist/bundle/cli.cjs, written by `npm run build`, which `npm ci` runs)
 * through V8's code cache: the build runs a few commands and keeps the compiled code next to the
 * bundle (scripts/warm-code-cache.mjs), so a start deserialises it instead of compiling the
 * bundle again. A cache made by another Node, with other V8 flags or for another build is
 * refused and the bundle compiles as usual: the cache only ever saves time.
 */
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');

const BUNDLE = path.join(__dirname, '..', 'dist', 'bundle', 'cli.cjs');

/**
 * The flags this process was started with, as a short id: V8 accepts a cache only under the flags
 * it was made with, and batch commands and serve run under different ones (the launcher's shebang,
 * the systemd unit), so each set has a cache of its own. FNV-1a: crypto would cost a start ~5 ms.
 */
function flagsId() {
  let h = 0x811c9dc5;
  for (const ch of process.execArgv.filter((a) => a.startsWith('--')).sort().join(' ')) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** The build id on the bundle's first line (scripts/bundle.mjs) and this process's flags name the cache made for both. */
function cacheFileFor(file, source) {
  const id = /^\/\/ build ([0-9a-f]{16})\n/.exec(source);
  return id ? `${file}.${id[1]}.${flagsId()}.cache` : null;
}

function newerThanBundle(cacheFile, bundleFile) {
  try {
    return fs.statSync(cacheFile).mtimeMs >= fs.statSync(bundleFile).mtimeMs;
  } catch {
    return false;
  }
}

function readOrNull(file) {
  try {
    return fs.readFileSync(file);
  } catch {
    return null;
  }
}

/**
 * Loads a CommonJS bundle as Node would (its wrapper, `require` resolving from its folder), but
 * compiled with its code cache when one fits.
 * CASE_CALENDAR_WRITE_CODE_CACHE=1 (the build's warm-up) writes the cache when the process ends,
 * with every function this run compiled; CASE_CALENDAR_DEBUG_CODE_CACHE=1 says on stderr whether
 * the cache was used.
 */
function loadBundle(file = BUNDLE) {
  let source;
  try {
    source = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if (err && err.code === 'ENOENT') {
      console.error('case-calendar: not built yet; run `npm run build` (or `npm ci`) first');
      process.exit(1);
    }
    throw err;
  }
  const cacheFile = cacheFileFor(file, source);
  // A bundle changed after its cache was written (edited by hand: the build id then lies) is
  // compiled afresh; a copy that reordered the two files' times only costs the saving.
  const cachedData = cacheFile && newerThanBundle(cacheFile, file) ? readOrNull(cacheFile) : null;
  // The file is one function expression: Node's own CommonJS wrapper, written in by the build
  // (scripts/bundle.mjs) so that V8 keeps only the text read here, plus the bundle's import() of
  // external packages, which the build rewrites to __ccImport (resolved from the same node_modules).
  const script = new vm.Script(source, { filename: file, cachedData: cachedData ?? undefined });
  if (process.env.CASE_CALENDAR_DEBUG_CODE_CACHE === '1') {
    const state = !cachedData ? 'none' : script.cachedDataRejected ? 'rejected' : 'used';
    process.stderr.write(`code cache: ${state}\n`);
  }
  if (cacheFile && process.env.CASE_CALENDAR_WRITE_CODE_CACHE === '1') {
    process.once('exit', () => {
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      try {
        fs.writeFileSync(tmp, script.createCachedData());
        fs.renameSync(tmp, cacheFile);
      } catch (err) {
        process.stderr.write(`code cache not written: ${err.message}\n`);
      }
    });
  }
  const mod = { exports: {} };
  script.runInThisContext()(mod.exports, Module.createRequire(file), mod, file, path.dirname(file), (specifier) => import(specifier));
  return mod.exports;
}

function runCli(argv) {
  return loadBundle().main(argv);
}

module.exports = { loadBundle, runCli, cacheFileFor, BUNDLE };
