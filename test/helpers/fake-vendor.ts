import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted reply of a fake LLM vendor. A string body is sent as is. */
export interface Scripted {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** One request the fake received (`url` and `path` are the same: path plus query). */
export interface Seen {
  method: string;
  url: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

export interface FakeVendor {
  origin: string;
  /** Replies, consumed in order; tests may push to it at any time. */
  script: Scripted[];
  seen: Seen[];
  close(): Promise<void>;
}

/**
 * A fake vendor API on 127.0.0.1: records every request and answers with the next scripted reply
 * (`fixed` paths always get their own reply; an empty script gets `exhausted`).
 */
export async function startFakeVendor(opts: { exhausted: Scripted; script?: Scripted[]; fixed?: Record<string, Scripted>; headers?: Record<string, string> }): Promise<FakeVendor> {
  const script = opts.script ?? [];
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const url = req.url ?? '';
      seen.push({ method: req.method ?? '', url, path: url, headers: req.headers, body: JSON.parse(raw || '{}') as Record<string, unknown> });
      const next = opts.fixed?.[url] ?? script.shift() ?? opts.exhausted;
      res.writeHead(next.status, { 'content-type': 'application/json', ...opts.headers, ...next.headers });
      res.end(typeof next.body === 'string' ? next.body : JSON.stringify(next.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    script,
    seen,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
