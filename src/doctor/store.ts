import Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { quickCheck } from '../store/integrity.js';
import { LATEST_SCHEMA_VERSION, storedSchemaVersion } from '../store/migrations.js';
import { explainStoreError } from '../store/open-errors.js';
import { fail, ok, warn, type CheckResult } from './types.js';

export interface StoreInspection {
  result: CheckResult;
  /** Sound and of the current schema: opening it through Store neither creates nor migrates it. */
  usable: boolean;
  /** Why the checks that need the store cannot use it (null when usable). */
  unavailable: string | null;
}

const NAME = 'store';

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
}

const shell = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

function fixFor(code: string, file: string): string {
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return `stop every process using it, then restore it from a backup, or salvage it: sqlite3 ${shell(file)} ".recover" | sqlite3 recovered.sqlite, and point store_path at the result`;
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_PERM' || code === 'EACCES' || code === 'EPERM' || code.startsWith('SQLITE_CANTOPEN')) {
    return `give the user running case-calendar read and write access to ${file} and its folder (SQLite creates -wal and -shm files beside it)`;
  }
  return `check ${file}, its folder and the disk`;
}

/**
 * Check 7, done before the CourtListener checks (they pace through the store) and reported in
 * its place. The file is only read: through a read-only connection of its own, because Store.open
 * would migrate an older schema (even read-only) and doctor must report it, not change it.
 */
export function inspectStore(file: string): StoreInspection {
  const abs = path.resolve(file);
  if (!existsSync(abs)) {
    return {
      result: fail(NAME, `no store at ${abs} (store_path)`, 'run `case-calendar sync` to create it, or fix store_path (relative paths resolve against the config file\'s folder)'),
      usable: false,
      unavailable: 'there is no store yet',
    };
  }
  let db: Database.Database | null = null;
  try {
    db = new Database(abs, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    const version = storedSchemaVersion(db);
    if (version === 0) {
      return {
        result: fail(NAME, `${abs} is a SQLite file without case-calendar's tables`, 'fix store_path, or move that file away and run `case-calendar sync` to create a store'),
        usable: false,
        unavailable: 'store_path is not a case-calendar store',
      };
    }
    const findings = quickCheck(db, 3);
    if (findings.length > 0) {
      return {
        result: fail(NAME, `${abs} is damaged: PRAGMA quick_check: ${findings.join('; ').slice(0, 300)}`, fixFor('SQLITE_CORRUPT', abs)),
        usable: false,
        unavailable: 'the store is damaged',
      };
    }
    const journal = String(db.pragma('journal_mode', { simple: true }));
    const walFile = `${abs}-wal`;
    const size = statSync(abs).size;
    const wal = existsSync(walFile) ? statSync(walFile).size : 0;
    const found = `${abs}: schema v${version}, quick_check ok, journal_mode ${journal}, ${formatBytes(size)}${wal ? ` (+ ${formatBytes(wal)} WAL)` : ''}`;
    if (version > LATEST_SCHEMA_VERSION) {
      return {
        result: fail(NAME, `${found}; schema v${version} was written by a newer case-calendar (this one knows up to v${LATEST_SCHEMA_VERSION})`, 'upgrade case-calendar (every command refuses this store until then), or point store_path at another store'),
        usable: false,
        unavailable: `the store's schema (v${version}) is newer than this case-calendar`,
      };
    }
    if (version < LATEST_SCHEMA_VERSION) {
      return {
        result: warn(NAME, `${found}; schema v${version} is older than this case-calendar's v${LATEST_SCHEMA_VERSION}`, 'run any write command to migrate, e.g. `case-calendar sync` (doctor only reads it)'),
        usable: false,
        unavailable: `the store's schema (v${version}) is not migrated yet`,
      };
    }
    if (journal.toLowerCase() !== 'wal') {
      // Store.open sets WAL on every writable open, so doctor's own connection will switch it too.
      return {
        result: warn(NAME, `${found}; not in WAL mode, so a reader and the writer block each other`, 'run any write command (e.g. `case-calendar sync`): case-calendar sets journal_mode WAL when it writes'),
        usable: true,
        unavailable: null,
      };
    }
    return { result: ok(NAME, found), usable: true, unavailable: null };
  } catch (err) {
    const code = String((err as { code?: unknown } | null)?.code ?? '');
    // explainStoreError's advice follows its last ": "; doctor gives it as the fix instead.
    const what = explainStoreError(abs, err).message.replace(/: (restore it|give the user|check that)[^]*$/, '');
    return { result: fail(NAME, what, fixFor(code, abs)), usable: false, unavailable: 'the store cannot be read' };
  } finally {
    db?.close();
  }
}
