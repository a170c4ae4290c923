import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

/** Plumbing shared by the fake calendar services: a server on 127.0.0.1, JSON answers, injected faults. */

export interface Fault {
  status: number;
  retryAfter?: string;
  body?: unknown;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}

export type Handler = (req: RecordedRequest, raw: IncomingMessage) => { status: number; body?: unknown; headers?: Record<string, string> };

export class FakeService {
  private server: Server | null = null;
  readonly requests: RecordedRequest[] = [];
  /** Answers for the next requests matching `match`, before the real handling (429s, 503s, 401s). */
  private faults: Array<{ match: (r: RecordedRequest) => boolean; fault: Fault }> = [];
  origin = '';

  constructor(
    private readonly handle: Handler,
    private readonly tls: { key: string; cert: string } | null = null,
  ) {}

  async start(): Promise<string> {
    const listener = (req: IncomingMessage, res: ServerResponse) => void this.dispatch(req, res);
    this.server = this.tls ? createTlsServer(this.tls, listener) : createServer(listener);
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    const { port } = this.server.address() as AddressInfo;
    this.origin = `${this.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
    return this.origin;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server!.close(() => r()));
    this.server = null;
  }

  failNext(count: number, fault: Fault, match: (r: RecordedRequest) => boolean = () => true): void {
    for (let i = 0; i < count; i++) this.faults.push({ match, fault });
  }

  countWhere(pred: (r: RecordedRequest) => boolean): number {
    return this.requests.filter(pred).length;
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://x');
    let body: unknown = text;
    if (/json/.test(req.headers['content-type'] ?? '') && text) {
      try {
        body = JSON.parse(text);
      } catch {
        return send(res, 400, { error: { code: 400, message: 'Parse Error' } });
      }
    } else if (/x-www-form-urlencoded/.test(req.headers['content-type'] ?? '')) {
      body = Object.fromEntries(new URLSearchParams(text));
    }
    const rec: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, body };
    this.requests.push(rec);
    const i = this.faults.findIndex((f) => f.match(rec));
    if (i >= 0) {
      const { fault } = this.faults.splice(i, 1)[0]!;
      return send(res, fault.status, fault.body ?? { error: { code: fault.status, message: 'injected' } }, fault.retryAfter ? { 'retry-after': fault.retryAfter } : {});
    }
    const out = this.handle(rec, req);
    send(res, out.status, out.body, out.headers);
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { ...(text ? { 'content-type': 'application/json; charset=utf-8' } : {}), ...headers });
  res.end(text);
}

export function bearer(raw: IncomingMessage): string | null {
  const m = /^Bearer\s+(\S+)$/.exec(raw.headers.authorization ?? '');
  return m ? m[1]! : null;
}
