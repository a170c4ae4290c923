import { UserError } from '../errors.js';
import { storageErrorCode } from './integrity.js';


const RECOVER = (file: string) =>
  `restore it from a backup, or salvage it with \`sqlite3 ${file} ".recover" | sqlite3 recovered.sqlite\` and point store_path at the result`;

/** An error about the store file itself (corrupt, unreadable, unwritable, full), not a query or a bug. */
export function isStorageError(err: unknown): err is Error & { code: string } {
  return storageErrorCode(err) !== null;
}

/**
 * Turns a SQLite or file-system error about the store file into one line an operator can act on:
 * which file, what is probably wrong, and what to do about it.
 */
export function explainStoreError(file: string, err: unknown): UserError {
  const code = String((err as { code?: unknown } | null)?.code ?? '');
  const detail = (err as Error | null)?.message ?? String(err);
  let cause: string;
  if (code === 'SQLITE_NOTADB') cause = `is not a SQLite database (wrong store_path, or the file was overwritten): ${RECOVER(file)}`;
  else if (code.startsWith('SQLITE_CORRUPT')) cause = `is corrupt (${detail}): ${RECOVER(file)}`;
  else if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_PERM' || code === 'EACCES' || code === 'EPERM')
    cause = `cannot be written (${detail}): give the user running case-calendar write access to the file and its directory (SQLite creates ${file}-wal and ${file}-shm beside it)`;
  else if (code.startsWith('SQLITE_CANTOPEN'))
    cause = `cannot be opened (${detail}): check that the path is right and that the file and its directory are readable and writable`;
  else if (code.startsWith('SQLITE_FULL')) cause = `cannot grow: the disk is full (${detail})`;
  else if (code.startsWith('SQLITE_IOERR')) cause = `could not be read or written (${detail}): check the disk and the file's permissions`;
  else cause = `failed: ${detail}`;
  return new UserError(`store ${file} ${cause}`);
}
