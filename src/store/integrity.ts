import type Database from 'better-sqlite3';

/** Result codes that mean the file itself is unusable, not that a query or a lock was wrong. */
const STORAGE_CODES = ['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_IOERR', 'SQLITE_READONLY', 'SQLITE_FULL', 'SQLITE_CANTOPEN', 'SQLITE_PERM'];

/** The storage error's code (extended codes such as SQLITE_IOERR_WRITE included), or null for any other error. */
export function storageErrorCode(err: unknown): string | null {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  return STORAGE_CODES.some((c) => code === c || code.startsWith(`${c}_`)) ? code : null;
}

/**
 * SQLite's `PRAGMA quick_check`: an empty list when the file is sound, else its findings (at most
 * `max`). A file too damaged to be read at all comes back as one finding, not an exception.
 */
export function quickCheck(db: Database.Database, max = 5): string[] {
  try {
    const rows = db.pragma(`quick_check(${Math.max(1, Math.floor(max))})`, { simple: false }) as Array<{ quick_check: string }>;
    const findings = rows.map((r) => String(r.quick_check));
    return findings.length === 1 && findings[0] === 'ok' ? [] : findings;
  } catch (err) {
    return [(err as Error).message];
  }
}

export interface StoreProblem {
  code: string;
  message: string;
}

/**
 * A cheap test that the store can be read and written again: quick_check, then one small committed
 * write (a full disk or a read-only file shows only on writing). Null when both pass.
 */
export function storeProblem(db: Database.Database, nowIso: string): StoreProblem | null {
  const findings = quickCheck(db, 1);
  if (findings.length > 0) return { code: 'SQLITE_CORRUPT', message: `quick_check: ${findings[0]!}` };
  try {
    db.prepare(
      `INSERT INTO service_state (key, value, updated_at) VALUES ('store_checked_at', ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    ).run(nowIso, nowIso);
    return null;
  } catch (err) {
    return { code: storageErrorCode(err) ?? 'SQLITE_ERROR', message: (err as Error).message };
  }
}
