import { createHash } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { open, realpath, type FileHandle } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

export interface StaticSite {
  root: string; // absolute directory
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
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

// Published files are small; anything far larger is not something we meant to publish.
const MAX_FILE_BYTES = 64 * 1024 * 1024;
const MAX_CACHED_ETAGS = 1000;

// O_NONBLOCK keeps a FIFO planted in the root from hanging the open; O_NOFOLLOW refuses a final
// component swapped for a symlink after realpath checked it.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);

/**
 * Turns the request path into a root-relative file path, or null when it must not be served.
 * Decodes exactly once, so `%252e` stays a literal `%2e` rather than becoming a dot.
 */
export function requestedFile(urlPath: string): string | null {
  if (!urlPath.startsWith('/')) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded === '/') return 'index.html';
  const segments = decoded.slice(1).split('/');
  // Empty segments (`//etc`, trailing `/`) would make absolute paths or directories; dot segments
  // cover `..`, `.` and dotfiles such as the temp files of atomic renames.
  const unsafe = segments.some((s) => s === '' || s.startsWith('.') || s.includes('\\') || /[\x00-\x1f\x7f]/.test(s));
  return unsafe ? null : segments.join('/');
}

export function contentTypeFor(file: string): string | null {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? null;
}

/** Strong, content-derived, so byte-identical re-renders keep their ETag across writes and restarts. */
export function contentEtag(content: Buffer): string {
  return `"${createHash('sha256').update(content).digest('base64url').slice(0, 27)}"`;
}

interface CachedEtag {
  size: number;
  mtimeMs: number;
  etag: string;
}

// Keyed by real path; a feed polled every few minutes is hashed only when it changes.
const etagCache = new Map<string, CachedEtag>();

function cachedEtag(file: string, info: Stats): string | null {
  const hit = etagCache.get(file);
  return hit && hit.size === info.size && hit.mtimeMs === info.mtimeMs ? hit.etag : null;
}

function rememberEtag(file: string, info: Stats, etag: string): void {
  etagCache.delete(file);
  etagCache.set(file, { size: info.size, mtimeMs: info.mtimeMs, etag });
  if (etagCache.size > MAX_CACHED_ETAGS) {
    const oldest = etagCache.keys().next().value;
    if (oldest !== undefined) etagCache.delete(oldest);
  }
}

/** Resolves symlinks and insists the result is still inside root and not hidden there. */
async function resolveInsideRoot(root: string, relative: string): Promise<string | null> {
  const realRoot = await realpath(root);
  const real = await realpath(path.join(realRoot, relative));
  const inside = path.relative(realRoot, real);
  if (inside === '' || path.isAbsolute(inside)) return null;
  if (inside.split(path.sep).some((s) => s.startsWith('.'))) return null;
  return real;
}

function isNotModified(req: IncomingMessage, etag: string, mtimeMs: number): boolean {
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    // Weak comparison: W/"x" matches "x". If-Modified-Since is ignored when this header is present.
    return ifNoneMatch.split(',').some((raw) => {
      const tag = raw.trim();
      return tag === '*' || tag.replace(/^W\//, '') === etag;
    });
  }
  const ifModifiedSince = req.headers['if-modified-since'];
  if (ifModifiedSince === undefined) return false;
  const since = Date.parse(ifModifiedSince);
  // HTTP dates have whole seconds, so compare against the mtime truncated the same way.
  return !Number.isNaN(since) && Math.floor(mtimeMs / 1000) * 1000 <= since;
}

function contentDisposition(file: string): string {
  const name = path.basename(file);
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return ascii === name ? `inline; filename="${name}"` : `inline; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

interface OpenedFile {
  handle: FileHandle;
  real: string;
  info: Stats;
}

async function openServable(site: StaticSite, relative: string): Promise<OpenedFile | null> {
  const real = await resolveInsideRoot(site.root, relative);
  if (!real) return null;
  const handle = await open(real, OPEN_FLAGS);
  try {
    // Stat the open handle, not the path, so what we describe is what we read even if an atomic
    // rename replaces the file meanwhile.
    const info = await handle.stat();
    if (info.isFile() && info.size <= MAX_FILE_BYTES) return { handle, real, info };
  } catch {
    // fall through: treated as not servable
  }
  await handle.close();
  return null;
}

/** Serves GET/HEAD for a file under root. Returns false (and writes nothing) when the path is not a servable file, so the caller can answer 404 itself. */
export async function serveStatic(site: StaticSite, req: IncomingMessage, res: ServerResponse, urlPath: string): Promise<boolean> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const relative = requestedFile(urlPath);
  if (!relative) return false;
  const contentType = contentTypeFor(relative);
  if (!contentType) return false;

  let opened: OpenedFile | null;
  try {
    opened = await openServable(site, relative);
  } catch {
    return false; // missing, vanished, unreadable, or a symlink that appeared after realpath
  }
  if (!opened) return false;

  const { handle, real, info } = opened;
  let etag = cachedEtag(real, info);
  let body: Buffer | null = null;
  try {
    // Only a GET that will answer 200 needs the bytes, unless the ETag is not known yet.
    const needsBody = req.method === 'GET' && !(etag && isNotModified(req, etag, info.mtimeMs));
    if (etag === null || needsBody) {
      body = await handle.readFile();
      // A read that disagrees with the stat means the file changed under us: hash what we got, cache nothing.
      const consistent = body.length === info.size;
      if (etag === null || !consistent) {
        etag = contentEtag(body);
        if (consistent) rememberEtag(real, info, etag);
      }
    }
  } catch {
    return false;
  } finally {
    await handle.close().catch(() => undefined);
  }

  const headers: Record<string, string | number> = {
    etag,
    'last-modified': new Date(info.mtimeMs).toUTCString(),
    'cache-control': 'public, max-age=300',
    'x-content-type-options': 'nosniff',
  };
  if (isNotModified(req, etag, info.mtimeMs)) {
    res.writeHead(304, headers);
    res.end();
    return true;
  }
  headers['content-type'] = contentType;
  headers['content-length'] = body ? body.length : info.size;
  if (path.extname(relative).toLowerCase() === '.ics') headers['content-disposition'] = contentDisposition(relative);
  res.writeHead(200, headers);
  if (req.method === 'HEAD' || !body) res.end();
  else res.end(body);
  return true;
}
