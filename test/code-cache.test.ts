import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, BIN, ROOT } from './helpers/cli.js';
// @ts-expect-error -- a plain .mjs build script, without types
import { launcherFlags, serveUnitFlags } from '../scripts/node-flags.mjs';

const LOADER = path.join(ROOT, 'bin', 'load-bundle.cjs');
/** The V8 flags on the launcher's shebang line and the systemd unit's: the build makes a cache under each. */
const FLAGS = launcherFlags();
const SERVE_FLAGS = serveUnitFlags();

function node(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'warn', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The cache file the loader looks for, for `file`, in a process started with `flags`. */
function cacheNameFor(file: string, flags: string[]): string {
  const script = `const fs = require('fs'); console.log(require(${JSON.stringify(LOADER)}).cacheFileFor(${JSON.stringify(file)}, fs.readFileSync(${JSON.stringify(file)}, 'utf8')))`;
  return node([...flags, '-e', script]).stdout.trim();
}

/** Loads `file` through the launcher's loader in a fresh process and prints what its main() returns. */
function loadThrough(file: string, env: Record<string, string> = {}) {
  const script = `require(${JSON.stringify(LOADER)}).loadBundle(${JSON.stringify(file)}).main().then((v) => console.log('main:' + v))`;
  return node(['-e', script], { CASE_CALENDAR_DEBUG_CODE_CACHE: '1', ...env });
}

describe('the launcher runs the bundle through V8 code cache', () => {
  beforeAll(() => assertBuilt());

  it('the build leaves a cache for the launcher\'s flags and one for the systemd unit\'s serve, and the CLI answers the same without either', () => {
    expect(FLAGS).toContain('--max-opt=1');
    expect(SERVE_FLAGS).not.toEqual(FLAGS);
    expect(readdirSync(path.join(ROOT, 'dist', 'bundle')).filter((f) => f.endsWith('.cache'))).toHaveLength(2);
    const withCache = node([...FLAGS, BIN, '--version'], { CASE_CALENDAR_DEBUG_CODE_CACHE: '1' });
    expect(withCache.stderr).toBe('code cache: used\n');
    expect(withCache.code).toBe(0);
    const serveFlags = node([...SERVE_FLAGS, BIN, '--version'], { CASE_CALENDAR_DEBUG_CODE_CACHE: '1' });
    expect(serveFlags.stderr).toBe('code cache: used\n');
    // Flags no cache was made for: none is offered, and the bundle compiles from source.
    const without = node(['--max-semi-space-size=2', BIN, '--version'], { CASE_CALENDAR_DEBUG_CODE_CACHE: '1' });
    expect(without.stderr).toBe('code cache: none\n');
    expect(without.stdout).toBe(withCache.stdout);
    expect(serveFlags.stdout).toBe(withCache.stdout);
    expect(withCache.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('a cache made under other flags, found under this run\'s name, is refused by V8 and the CLI still answers', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cc-cache-flags-'));
    try {
      const built = path.join(ROOT, 'dist', 'bundle', 'cli.cjs');
      const file = path.join(dir, 'cli.cjs');
      copyFileSync(built, file);
      // The launcher's cache, offered to a run under other flags as if it were made for them.
      copyFileSync(cacheNameFor(built, FLAGS), cacheNameFor(file, ['--max-semi-space-size=2']));
      const r = node(['--max-semi-space-size=2', '-e', `require(${JSON.stringify(LOADER)}).loadBundle(${JSON.stringify(file)}).main(['node', 'cc', '--version'])`], { CASE_CALENDAR_DEBUG_CODE_CACHE: '1' });
      expect(r.stderr).toBe('code cache: rejected\n');
      expect(r.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the bundle and the worker\'s files are ASCII, so V8 keeps their text at one byte a character', () => {
    const bundleDir = path.join(ROOT, 'dist', 'bundle');
    const files = [path.join(bundleDir, 'cli.cjs'), ...readdirSync(path.join(bundleDir, 'worker')).map((f) => path.join(bundleDir, 'worker', f))];
    expect(files.length).toBeGreaterThan(2);
    for (const file of files) expect(/[^\x00-\x7f]/.exec(readFileSync(file, 'utf8'))?.[0], file).toBeUndefined();
  });

  it('the launcher\'s earlier name still runs the CLI (units and crontabs written for it)', () => {
    const old = node([...FLAGS, path.join(ROOT, 'bin', 'case-calendar.js'), '--version'], { CASE_CALENDAR_DEBUG_CODE_CACHE: '1' });
    expect(old.code).toBe(0);
    expect(old.stdout).toBe(node([...FLAGS, BIN, '--version']).stdout);
    expect(old.stderr).toBe('code cache: used\n');
  });

  describe('with a bundle of its own', () => {
    let dir: string;
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    /** A bundle as the build writes one: its build id, then one function taking the CommonJS arguments. */
    const wrap = (id: string | null, body: string) => `${id ? `// build ${id}\n` : ''}(function (exports, require, module, __filename, __dirname, __ccImport) {${body}\n})\n`;

    function bundle(id: string | null, body = 'exports.main = async () => 6 * 7;') {
      dir = mkdtempSync(path.join(tmpdir(), 'cc-cache-'));
      const file = path.join(dir, 'cli.cjs');
      writeFileSync(file, wrap(id, body));
      return file;
    }

    it('writes a cache when asked, uses it next time, and never offers a cache named for another build', () => {
      const file = bundle('0123456789abcdef');
      expect(loadThrough(file).stderr).toBe('code cache: none\n');
      const writing = loadThrough(file, { CASE_CALENDAR_WRITE_CODE_CACHE: '1' });
      expect(writing.stdout).toBe('main:42\n');
      expect(readdirSync(dir).sort()).toEqual(['cli.cjs', expect.stringMatching(/^cli\.cjs\.0123456789abcdef\.[0-9a-f]{8}\.cache$/)]);
      const reading = loadThrough(file);
      expect(reading.stderr).toBe('code cache: used\n');
      expect(reading.stdout).toBe('main:42\n');

      // Same length, other code, other build id: the old cache is not even read.
      writeFileSync(file, wrap('fedcba9876543210', 'exports.main = async () => 6 * 8;'));
      const rebuilt = loadThrough(file);
      expect(rebuilt.stderr).toBe('code cache: none\n');
      expect(rebuilt.stdout).toBe('main:48\n');
    });

    it('a bundle edited after its cache was written is compiled afresh, even with the same build id and length', () => {
      const file = bundle('00000000000000cc');
      expect(loadThrough(file, { CASE_CALENDAR_WRITE_CODE_CACHE: '1' }).stdout).toBe('main:42\n');
      expect(loadThrough(file).stderr).toBe('code cache: used\n');
      const later = new Date(Date.now() + 5_000);
      writeFileSync(file, wrap('00000000000000cc', 'exports.main = async () => 6 * 9;'));
      utimesSync(file, later, later);
      const r = loadThrough(file);
      expect(r.stderr).toBe('code cache: none\n');
      expect(r.stdout).toBe('main:54\n');
    });

    it('a damaged cache is refused and the bundle still runs', () => {
      const file = bundle('00000000000000aa');
      writeFileSync(cacheNameFor(file, []), Buffer.from('not a V8 code cache at all, just bytes'));
      const r = loadThrough(file);
      expect(r.stderr).toBe('code cache: rejected\n');
      expect(r.stdout).toBe('main:42\n');
    });

    it('a bundle without a build id is compiled without a cache', () => {
      const file = bundle(null);
      const r = loadThrough(file, { CASE_CALENDAR_WRITE_CODE_CACHE: '1' });
      expect(r.stderr).toBe('code cache: none\n');
      expect(r.stdout).toBe('main:42\n');
      expect(readdirSync(dir)).toEqual(['cli.cjs']);
    });

    it('the bundle imports external packages through the loader, with no experimental warning', () => {
      const file = bundle('00000000000000bb', 'exports.main = async () => (await __ccImport("node:path")).sep;');
      const r = loadThrough(file);
      expect(r.stdout).toBe('main:/\n');
      expect(r.stderr).toBe('code cache: none\n');
    });
  });
});
