import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { UserError } from '../src/errors.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../src/store/migrations.js';
import { explainStoreError, isStorageError } from '../src/store/open-errors.js';
import { Store } from '../src/store/store.js';
import { hearingRow } from './helpers/rows.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cc-open-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const errorOf = (fn: () => unknown): Error => {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
};

describe('opening the store', () => {
  it('never creates a store when it must exist, and names the absolute path it looked for', () => {
    const file = path.join(dir, 'typo', 'store.sqlite');
    for (const opts of [{ mustExist: true }, { readonly: true }]) {
      const err = errorOf(() => Store.open(file, opts));
      expect(err).toBeInstanceOf(UserError);
      expect(err.message).toContain(file);
      expect(err.message).toMatch(/store_path/);
    }
    expect(existsSync(path.join(dir, 'typo'))).toBe(false);
  });

  it('refuses a store written by a newer version, naming both versions, for writers and readers alike', () => {
    const file = path.join(dir, 's.sqlite');
    Store.open(file).close();
    const raw = new Database(file);
    raw.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(LATEST_SCHEMA_VERSION + 3, 'from the future', '2030-01-01');
    raw.close();
    for (const opts of [{}, { mustExist: true }, { readonly: true }]) {
      const err = errorOf(() => Store.open(file, opts));
      expect(err).toBeInstanceOf(UserError);
      expect(err.message).toContain(`schema version ${LATEST_SCHEMA_VERSION + 3}`);
      expect(err.message).toContain(`up to ${LATEST_SCHEMA_VERSION}`);
    }
    // Nothing was migrated or touched by the refusals.
    const check = new Database(file, { readonly: true });
    expect((check.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number }).v).toBe(LATEST_SCHEMA_VERSION + 3);
    check.close();
  });

  it('explains a file that is not a SQLite database, with the path and how to recover', () => {
    const file = path.join(dir, 'notes.txt');
    writeFileSync(file, 'these are my notes, not a database\n'.repeat(200));
    for (const opts of [{}, { readonly: true }]) {
      const err = errorOf(() => Store.open(file, opts));
      expect(err).toBeInstanceOf(UserError);
      expect(err.message).toContain(file);
      expect(err.message).toMatch(/not a SQLite database/);
      expect(err.message).toMatch(/\.recover/);
    }
  });

  it('reads an older store read-only after bringing its schema up to date', () => {
    const file = path.join(dir, 's.sqlite');
    // A store as the previous release left it: every migration but the newest.
    const old = new Database(file);
    old.pragma('journal_mode = WAL');
    old.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    for (const m of MIGRATIONS.filter((m) => m.version < LATEST_SCHEMA_VERSION)) {
      old.exec(m.sql);
      old.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(m.version, m.name, '2026-01-01');
    }
    old.prepare(`INSERT INTO hearings (case_id, hearing_key, title, timezone, status, created_at, last_updated) VALUES ('doe', 'trial', 'Trial', 'UTC', 'scheduled', 'x', 'x')`).run();
    old.close();
    const ro = Store.open(file, { readonly: true });
    expect(ro.schemaVersion()).toBe(LATEST_SCHEMA_VERSION);
    expect(ro.listHearings('doe')).toHaveLength(1);
    expect(() => ro.db.exec('DELETE FROM hearings')).toThrow(/readonly/);
    ro.close();
  });

  it.skipIf(process.getuid?.() !== 0)('reads a store whose folder it cannot write (as another user) from a copy, and writers get a permissions message', async () => {
    // Root ignores file modes, so the unprivileged side runs as "nobody" in a child process.
    const { execFileSync } = await import('node:child_process');
    const file = path.join(dir, 's.sqlite');
    const s = Store.open(file);
    s.transaction(() => s.putHearing(hearingRow({ caseId: 'doe' })));
    s.close();
    chmodSync(dir, 0o755);
    chmodSync(file, 0o644);
    const script = `
      const { Store } = await import(${JSON.stringify(path.resolve('dist/store/store.js'))});
      const ro = Store.open(${JSON.stringify(file)}, { readonly: true });
      console.log('rows=' + ro.listHearings('doe').length);
      ro.close();
      try { Store.open(${JSON.stringify(file)}, { mustExist: true }); console.log('opened for writing?!'); }
      catch (err) { console.log('writer: ' + err.message); }
    `;
    const out = execFileSync('runuser', ['-u', 'nobody', '--', process.execPath, '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(out).toContain('rows=1');
    expect(out).toMatch(new RegExp(`writer: store ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} cannot be (written|opened)`));
    expect(out).toMatch(/write access|readable and writable/);
  });

  it('names the file and the likely cause for storage errors surfacing later, and recognises them', () => {
    const file = path.join(dir, 's.sqlite');
    Store.open(file).close();
    const ro = new Database(file, { readonly: true });
    const err = errorOf(() => ro.exec('DELETE FROM hearings'));
    ro.close();
    expect(isStorageError(err)).toBe(true);
    expect(isStorageError(new Error('plain bug'))).toBe(false);
    const explained = explainStoreError(file, err);
    expect(explained.message).toContain(file);
    expect(explained.message).toMatch(/write access/);
    expect(explainStoreError(file, Object.assign(new Error('database disk image is malformed'), { code: 'SQLITE_CORRUPT' })).message).toMatch(/corrupt.*restore it from a backup.*\.recover/);
  });
});
