import http from 'node:http';
import https from 'node:https';

/**
 * One HTTP exchange over Node's own http/https with keep-alive, the body read whole as text.
 * The CourtListener client runs on this rather than undici: `sync` starts for every cron tick, and
 * undici costs about 100 ms and 15 MB to load plus a WebAssembly parser that V8 recompiles as it
 * warms up; Node's http is part of the runtime.
 */
export interface SendOptions {
  method: string;
  headers: Record<string, string>;
  body?: string;
  /** The whole exchange, connect to last byte; on expiry the request fails with a TimeoutError. */
  timeoutMs: number;
}

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

/** Keep-alive connections for one client; `close` ends them so the process can exit. */
export class Connections {
  private readonly plain = new http.Agent({ keepAlive: true, keepAliveMsecs: 10_000, maxSockets: 8 });
  // Made on first https use: a plain-http origin (a local fake, a proxy) never loads TLS.
  private secureAgent: https.Agent | null = null;

  send(url: URL, opts: SendOptions): Promise<Answer> {
    const secure = url.protocol === 'https:';
    if (!secure && url.protocol !== 'http:') return Promise.reject(new Error(`unsupported URL scheme ${url.protocol}`));
    const lib = secure ? https : http;
    return new Promise<Answer>((resolve, reject) => {
      let settled = false;
      const fail = (err: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        req.destroy();
        reject(err);
      };
      const headers: Record<string, string> = { ...opts.headers };
      if (opts.body !== undefined) headers['content-length'] = String(Buffer.byteLength(opts.body));
      const req = lib.request(url, { method: opts.method, headers, agent: secure ? (this.secureAgent ??= new https.Agent({ keepAlive: true, keepAliveMsecs: 10_000, maxSockets: 8 })) : this.plain }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', fail);
        // A connection dropped mid-body: 'close' without 'end'.
        res.on('close', () => {
          if (!res.complete) fail(Object.assign(new Error('other side closed the connection mid-response'), { code: 'ECONNRESET' }));
        });
        res.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') });
        });
      });
      const timer = setTimeout(() => fail(new TimeoutError(`no complete answer within ${opts.timeoutMs} ms`)), opts.timeoutMs);
      req.on('error', fail);
      req.end(opts.body);
    });
  }

  close(): void {
    this.plain.destroy();
    this.secureAgent?.destroy();
  }
}
