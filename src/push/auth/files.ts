import { chmodSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../render/atomic.js';

/** Writes a credentials file readable by its owner only (0600), atomically. */
export function writeSecretFile(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileAtomic(file, text, { mode: 0o600 });
  chmodSync(file, 0o600); // also when the content was unchanged but the file was readable by others
}

export function readJsonFile(file: string, what: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `${what} ${file} does not exist` : `cannot read ${what} ${file}: ${code ?? (err as Error).message}`);
  }
  try {
    const v = JSON.parse(text) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new Error(`${what} ${file} is not a JSON object`);
}
