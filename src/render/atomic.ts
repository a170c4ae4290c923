import { mkdirSync, readFileSync, renameSync, writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';

/**
 * Writes a file so readers (a web server, a calendar app) never see half of it: write a temp file
 * beside it, then rename over. Skips the write when the content is already there, so unchanged
 * calendars keep their mtime and ETag. Returns whether it wrote.
 */
export function writeFileAtomic(file: string, content: string, opts: { mode?: number } = {}): boolean {
  try {
    if (readFileSync(file, 'utf8') === content) return false;
  } catch {
    // missing or unreadable: write it
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    writeFileSync(tmp, content, { encoding: 'utf8', ...(opts.mode !== undefined ? { mode: opts.mode } : {}) });
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  return true;
}
