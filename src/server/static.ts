import { createHash } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

export interface StaticSite {
  root: string;
}

const TYPES: Record<string, string> = {
  '.ics': 'text/calendar; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

// Content-derived ETags, remembered per (size, mtime) so polled feeds are not re-hashed each time.
const etags = new Map<string, { size: number; mtimeMs: number; etag: string }>();

function safeRelative(urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const parts = decoded.split('/').filter((p) => p !== '');
  // Dot segments and dotfiles (temp files of atomic writes) are never served.
  if (parts.some((p) => p.startsWith('.'))) return null;
  return parts.length === 0 ? 'index.html' : parts.join('/');
}

/** Serves GET/HEAD of a published file with ETag/Last-Modified; false when there is no such file. */
export async function serveStatic(site: StaticSite, req: IncomingMessage, res: ServerResponse, urlPath: string): Promise<boolean> {
  const rel = safeRelative(urlPath);
  if (!rel) return false;
  const type = TYPES[path.extname(rel).toLowerCase()];
  if (!type) return false;
  let file: string;
  let content: Buffer;
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    const root = await realpath(site.root);
    file = await realpath(path.join(root, rel));
    if (!file.startsWith(root + path.sep)) return false;
    info = await stat(file);
    if (!info.isFile()) return false;
    content = await readFile(file);
  } catch {
    return false;
  }
  let cached = etags.get(file);
  if (!cached || cached.size !== info.size || cached.mtimeMs !== info.mtimeMs) {
    const etag = `"${createHash('sha256').update(content).digest('base64url').slice(0, 27)}"`;
    cached = { size: info.size, mtimeMs: info.mtimeMs, etag };
    etags.set(file, cached);
  }
  const headers: Record<string, string | number> = {
    'content-type': type,
    etag: cached.etag,
    'last-modified': new Date(info.mtimeMs).toUTCString(),
    'cache-control': 'public, max-age=300',
    'x-content-type-options': 'nosniff',
  };
  if (rel.endsWith('.ics')) headers['content-disposition'] = `inline; filename="${path.basename(rel)}"`;
  const inm = req.headers['if-none-match'];
  const ims = req.headers['if-modified-since'];
  const strip = (t: string) => t.trim().replace(/^W\//, '');
  const notModified = inm
    ? inm.split(',').some((t) => t.trim() === '*' || strip(t) === cached!.etag)
    : ims
      ? Math.floor(info.mtimeMs / 1000) * 1000 <= Date.parse(ims)
      : false;
  if (notModified) {
    res.writeHead(304, headers);
    res.end();
    return true;
  }
  res.writeHead(200, { ...headers, 'content-length': content.length });
  res.end(req.method === 'HEAD' ? undefined : content);
  return true;
}
