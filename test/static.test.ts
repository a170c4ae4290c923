import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestedFile, serveStatic } from '../src/server/static.js';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

let base: string;
let root: string;
let emptyRoot: string;
let server: http.Server;
let port: number;

const SECRET = 'BEGIN:VCALENDAR\r\nX-SECRET:outside-root\r\nEND:VCALENDAR\r\n';

/** Raw request: the path goes on the wire exactly as written (fetch would normalise `..`). */
function request(rawPath: string, opts: { method?: string; headers?: Record<string, string>; host?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: rawPath, method: opts.method ?? 'GET', headers: { ...opts.headers, host: opts.host ?? 'site' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

function write(rel: string, content: string | Buffer, mtimeSeconds?: number): string {
  const file = path.join(root, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  if (mtimeSeconds !== undefined) utimesSync(file, mtimeSeconds, mtimeSeconds);
  return file;
}

function expectedEtag(content: string | Buffer): string {
  return `"${createHash('sha256').update(content).digest('base64url').slice(0, 27)}"`;
}

beforeAll(async () => {
  base = mkdtempSync(path.join(tmpdir(), 'static-test-'));
  root = path.join(base, 'site');
  emptyRoot = path.join(base, 'empty');
  mkdirSync(root);
  mkdirSync(emptyRoot);
  // A file beside the root that a naive path join would hand out.
  writeFileSync(path.join(base, 'secret.ics'), SECRET);
  mkdirSync(path.join(base, 'etc'));
  writeFileSync(path.join(base, 'etc', 'passwd.txt'), 'root:x:0:0');

  server = http.createServer((req, res) => {
    const urlPath = (req.url ?? '/').split('?')[0] ?? '/';
    const site = { root: req.headers.host === 'empty' ? emptyRoot : root };
    serveStatic(site, req, res, urlPath).then(
      (served) => {
        if (!served) {
          res.writeHead(404, { 'content-type': 'text/plain' });
          res.end('fallback 404');
        }
      },
      () => {
        res.writeHead(599);
        res.end('serveStatic threw');
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(base, { recursive: true, force: true });
});

describe('content types and headers', () => {
  const cases: Array<[string, string]> = [
    ['feed.ics', 'text/calendar; charset=utf-8'],
    ['page.html', 'text/html; charset=utf-8'],
    ['style.css', 'text/css; charset=utf-8'],
    ['app.js', 'text/javascript; charset=utf-8'],
    ['data.json', 'application/json'],
    ['logo.png', 'image/png'],
    ['logo.svg', 'image/svg+xml'],
    ['favicon.ico', 'image/x-icon'],
    ['notes.txt', 'text/plain; charset=utf-8'],
  ];
  for (const [name, type] of cases) {
    it(`serves ${name} as ${type} with its bytes`, async () => {
      const content = `content of ${name}\n`;
      write(`types/${name}`, content);
      const r = await request(`/types/${name}`);
      expect(r.status).toBe(200);
      expect(r.headers['content-type']).toBe(type);
      expect(r.body.toString()).toBe(content);
      expect(r.headers['content-length']).toBe(String(Buffer.byteLength(content)));
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['cache-control']).toBe('public, max-age=300');
      expect(r.headers.etag).toBe(expectedEtag(content));
      expect(r.headers['content-disposition']).toBe(name.endsWith('.ics') ? `inline; filename="${name}"` : undefined);
    });
  }

  it('sends Last-Modified from the file mtime', async () => {
    write('lm.txt', 'x', 1_700_000_000);
    const r = await request('/lm.txt');
    expect(r.headers['last-modified']).toBe(new Date(1_700_000_000_000).toUTCString());
  });

  it('serves index.html for / and 404s / when there is none', async () => {
    write('index.html', '<h1>calendars</h1>');
    const r = await request('/');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.body.toString()).toBe('<h1>calendars</h1>');
    expect((await request('/', { host: 'empty' })).status).toBe(404);
  });

  it('decodes percent-encoding exactly once', async () => {
    write('my feed.ics', 'spaced');
    write('100%25.txt', 'literal percent-two-five');
    expect((await request('/my%20feed.ics')).body.toString()).toBe('spaced');
    expect((await request('/100%2525.txt')).body.toString()).toBe('literal percent-two-five');
  });

  it('gives non-ASCII .ics names a safe Content-Disposition instead of failing', async () => {
    write('日本.ics', 'jp');
    const r = await request(`/${encodeURIComponent('日本')}.ics`);
    expect(r.status).toBe(200);
    expect(r.headers['content-disposition']).toBe(`inline; filename="__.ics"; filename*=UTF-8''${encodeURIComponent('日本.ics')}`);
  });

  it('serves a symlink that stays inside the root', async () => {
    write('real/target.ics', 'inside');
    symlinkSync(path.join(root, 'real', 'target.ics'), path.join(root, 'alias.ics'));
    const r = await request('/alias.ics');
    expect(r.status).toBe(200);
    expect(r.body.toString()).toBe('inside');
  });
});

describe('ETag', () => {
  it('is stable across requests and across a rewrite with identical bytes', async () => {
    const content = 'BEGIN:VCALENDAR\r\nX-A:1\r\nEND:VCALENDAR\r\n';
    const file = write('stable.ics', content, 1_700_000_000);
    const first = await request('/stable.ics');
    const second = await request('/stable.ics');
    expect(first.headers.etag).toBe(expectedEtag(content));
    expect(second.headers.etag).toBe(first.headers.etag);

    writeFileSync(file, content);
    utimesSync(file, 1_700_000_500, 1_700_000_500);
    const rewritten = await request('/stable.ics');
    expect(rewritten.headers['last-modified']).not.toBe(first.headers['last-modified']);
    expect(rewritten.headers.etag).toBe(first.headers.etag);
  });

  it('survives an atomic rename of identical bytes (new inode)', async () => {
    const content = 'same bytes';
    write('renamed.ics', content, 1_700_000_000);
    const before = await request('/renamed.ics');
    write('.renamed.ics.42.tmp', content, 1_700_000_900);
    renameSync(path.join(root, '.renamed.ics.42.tmp'), path.join(root, 'renamed.ics'));
    const after = await request('/renamed.ics');
    expect(after.headers.etag).toBe(before.headers.etag);
  });

  it('changes when the content changes, even at the same size', async () => {
    const file = write('changing.ics', 'version-1', 1_700_000_000);
    const before = await request('/changing.ics');
    writeFileSync(file, 'version-2');
    utimesSync(file, 1_700_000_001, 1_700_000_001);
    const after = await request('/changing.ics');
    expect(after.body.toString()).toBe('version-2');
    expect(after.headers.etag).toBe(expectedEtag('version-2'));
    expect(after.headers.etag).not.toBe(before.headers.etag);
  });
  it('is remembered per (size, mtime): an in-place edit that keeps both is not re-hashed', async () => {
    // This pins the cache key. Our writer always renames a new file in, which changes the mtime.
    const file = write('cached.ics', 'AAAA', 1_700_000_000);
    const first = await request('/cached.ics');
    writeFileSync(file, 'BBBB');
    utimesSync(file, 1_700_000_000, 1_700_000_000);
    const sameStat = await request('/cached.ics');
    expect(sameStat.body.toString()).toBe('BBBB');
    expect(sameStat.headers.etag).toBe(first.headers.etag);
    utimesSync(file, 1_700_000_002, 1_700_000_002);
    expect((await request('/cached.ics')).headers.etag).toBe(expectedEtag('BBBB'));
  });
});

describe('conditional requests', () => {
  const content = 'conditional body';
  let etag: string;
  let lastModified: string;

  beforeAll(async () => {
    write('cond.ics', content, 1_700_000_000);
    const r = await request('/cond.ics');
    etag = String(r.headers.etag);
    lastModified = String(r.headers['last-modified']);
  });

  async function expect304(headers: Record<string, string>, method = 'GET') {
    const r = await request('/cond.ics', { headers, method });
    expect(r.status).toBe(304);
    expect(r.body.length).toBe(0);
    expect(r.headers.etag).toBe(etag);
  }

  it('answers 304 to a matching If-None-Match', () => expect304({ 'if-none-match': etag }));
  it('answers 304 when the ETag is in a list', () => expect304({ 'if-none-match': `"nope", ${etag} , "other"` }));
  it('compares weakly, accepting a W/ prefix', () => expect304({ 'if-none-match': `"nope", W/${etag}` }));
  it('answers 304 to If-None-Match: *', () => expect304({ 'if-none-match': '*' }));
  it('answers 304 to HEAD as well', () => expect304({ 'if-none-match': etag }, 'HEAD'));
  it('answers 304 when If-Modified-Since equals Last-Modified', () => expect304({ 'if-modified-since': lastModified }));
  it('answers 304 when If-Modified-Since is later', () =>
    expect304({ 'if-modified-since': new Date(1_700_000_100_000).toUTCString() }));

  it('answers 200 with the body to a non-matching If-None-Match', async () => {
    const r = await request('/cond.ics', { headers: { 'if-none-match': '"other", W/"another"' } });
    expect(r.status).toBe(200);
    expect(r.body.toString()).toBe(content);
  });

  it('answers 200 when If-Modified-Since is earlier than the mtime', async () => {
    const r = await request('/cond.ics', { headers: { 'if-modified-since': new Date(1_699_999_999_000).toUTCString() } });
    expect(r.status).toBe(200);
    expect(r.body.toString()).toBe(content);
  });

  it('lets a non-matching If-None-Match win over a satisfied If-Modified-Since', async () => {
    const r = await request('/cond.ics', { headers: { 'if-none-match': '"stale"', 'if-modified-since': lastModified } });
    expect(r.status).toBe(200);
  });

  it('ignores an unparseable If-Modified-Since', async () => {
    const r = await request('/cond.ics', { headers: { 'if-modified-since': 'yesterday-ish' } });
    expect(r.status).toBe(200);
  });
});

describe('HEAD', () => {
  it('sends headers with the right Content-Length and no body, before and after the ETag is cached', async () => {
    const content = 'héad çontent';
    write('head-cold.ics', content);
    const cold = await request('/head-cold.ics', { method: 'HEAD' });
    expect(cold.status).toBe(200);
    expect(cold.body.length).toBe(0);
    expect(cold.headers['content-length']).toBe(String(Buffer.byteLength(content)));
    expect(cold.headers.etag).toBe(expectedEtag(content));
    expect(cold.headers['content-type']).toBe('text/calendar; charset=utf-8');

    const warm = await request('/head-cold.ics', { method: 'HEAD' });
    expect(warm.body.length).toBe(0);
    expect(warm.headers['content-length']).toBe(String(Buffer.byteLength(content)));
    expect(warm.headers.etag).toBe(cold.headers.etag);
  });
});

describe('what is never served', () => {
  beforeAll(() => {
    write('sub/inner.ics', 'inner');
    write('.calendar.ics.123.tmp', 'half-written');
    write('.hidden.ics', 'hidden');
    write('.git/config.txt', 'dot dir');
    write('notes.md', 'markdown');
    write('key.pem', 'private');
    write('noext', 'none');
    mkdirSync(path.join(root, 'folder.ics'));
    symlinkSync(path.join(base, 'secret.ics'), path.join(root, 'escape.ics'));
    symlinkSync(base, path.join(root, 'updir'));
    symlinkSync(path.join(root, '.hidden.ics'), path.join(root, 'to-hidden.ics'));
    execFileSync('mkfifo', [path.join(root, 'pipe.ics')]);
  });

  const refused: Array<[string, string]> = [
    ['/../secret.ics', 'a raw .. segment'],
    ['/%2e%2e/secret.ics', 'an encoded .. segment'],
    ['/%2e%2e%2fsecret.ics', 'an encoded .. with an encoded slash'],
    ['/%2e%2e%2fetc/passwd.txt', 'an encoded ..%2f into a sibling dir'],
    ['/sub/..%2f..%2fsecret.ics', 'a .. hidden behind a real directory'],
    ['/%2E%2E/secret.ics', 'upper-case percent-encoding'],
    ['/sub/%2e/inner.ics', 'a . segment'],
    ['/inner%00.ics', 'an encoded NUL'],
    ['/sub%00/inner.ics', 'an encoded NUL in a directory'],
    ['/sub\\inner.ics', 'a raw backslash'],
    ['/sub%5cinner.ics', 'an encoded backslash'],
    ['/..%5csecret.ics', 'a backslash traversal'],
    ['//etc/passwd.txt', 'an empty leading segment'],
    ['/%2fetc%2fpasswd.txt', 'an encoded absolute path'],
    ['/%252e%252e/secret.ics', 'double encoding (decoded only once)'],
    ['/%E0%A4%A.ics', 'malformed percent-encoding'],
    ['/sub%0a.ics', 'a control character'],
    ['/.calendar.ics.123.tmp', 'an atomic-rename temp file'],
    ['/.hidden.ics', 'a dotfile with an allowed extension'],
    ['/.git/config.txt', 'a file in a dot directory'],
    ['/notes.md', 'an unknown extension'],
    ['/key.pem', 'a key file'],
    ['/noext', 'a name without extension'],
    ['/sub', 'a directory'],
    ['/sub/', 'a directory with a trailing slash'],
    ['/folder.ics', 'a directory named like a calendar'],
    ['/escape.ics', 'a symlink pointing outside the root'],
    ['/updir/secret.ics', 'a path through a symlinked directory outside the root'],
    ['/to-hidden.ics', 'a symlink onto a dotfile'],
    ['/pipe.ics', 'a FIFO (must not hang)'],
    ['/missing.ics', 'a missing file'],
  ];
  for (const [rawPath, why] of refused) {
    it(`404s ${why}: ${rawPath}`, async () => {
      const r = await request(rawPath);
      expect(r.status).toBe(404);
      expect(r.body.toString()).toBe('fallback 404');
      expect(r.headers.etag).toBeUndefined();
    });
  }

  it('sanity: the inner file itself is servable', async () => {
    expect((await request('/sub/inner.ics')).status).toBe(200);
  });

  it('leaves methods other than GET and HEAD to the caller', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS']) {
      const r = await request('/sub/inner.ics', { method });
      expect(r.status).toBe(404);
      expect(r.body.toString()).toBe('fallback 404');
    }
  });
});

describe('requestedFile', () => {
  it('maps / to index.html and keeps nested names', () => {
    expect(requestedFile('/')).toBe('index.html');
    expect(requestedFile('/a/b%20c.ics')).toBe('a/b c.ics');
  });
  it('rejects paths that do not start with a slash', () => {
    expect(requestedFile('feed.ics')).toBeNull();
    expect(requestedFile('%2ffeed.ics')).toBeNull();
  });
});
