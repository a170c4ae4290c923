import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Connections, TimeoutError } from '../src/http/send.js';
import { testClient } from './helpers/client.js';
import { BaseUrlError, CourtListenerError } from '../src/courtlistener/errors.js';

// The CourtListener client's transport (Node's http with keep-alive), against real local servers
// that misbehave the ways networks do.

const servers: Array<http.Server | https.Server> = [];
const conns: Connections[] = [];

async function serve(handler: http.RequestListener, tls = false): Promise<string> {
  const fixtures = path.join(import.meta.dirname, 'fixtures', 'tls');
  const server = tls
    ? https.createServer({ cert: readFileSync(path.join(fixtures, 'cert.pem')), key: readFileSync(path.join(fixtures, 'key.pem')) }, handler)
    : http.createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `${tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function connections(): Connections {
  const c = new Connections();
  conns.push(c);
  return c;
}

afterEach(async () => {
  for (const c of conns.splice(0)) c.close();
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

describe('http transport', () => {
  it('sends method, headers and body, and reuses one connection for consecutive requests', async () => {
    const sockets = new Set<unknown>();
    const seen: Array<{ method?: string; auth?: string; type?: string; body: string }> = [];
    const origin = await serve((req, res) => {
      sockets.add(req.socket);
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        seen.push({ method: req.method, auth: req.headers.authorization, type: req.headers['content-type'], body });
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ ok: seen.length, text: 'é' }));
      });
    });
    const c = connections();
    const a = await c.send(new URL('/a/', origin), { method: 'POST', headers: { authorization: 'Token x', 'content-type': 'application/json' }, body: '{"docket":1}', timeoutMs: 2000 });
    const b = await c.send(new URL('/b/', origin), { method: 'GET', headers: {}, timeoutMs: 2000 });
    expect(a.status).toBe(200);
    expect(JSON.parse(a.text)).toEqual({ ok: 1, text: 'é' });
    expect(JSON.parse(b.text).ok).toBe(2);
    expect(seen[0]).toEqual({ method: 'POST', auth: 'Token x', type: 'application/json', body: '{"docket":1}' });
    expect(sockets.size).toBe(1); // keep-alive
  });

  it('fails with a TimeoutError when the body stalls, and with ECONNRESET when the connection drops mid-body', async () => {
    const origin = await serve((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"results": [');
      if (req.url === '/drop/') setTimeout(() => req.socket.destroy(), 20);
    });
    const c = connections();
    const started = Date.now();
    await expect(c.send(new URL('/stall/', origin), { method: 'GET', headers: {}, timeoutMs: 300 })).rejects.toBeInstanceOf(TimeoutError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    await expect(c.send(new URL('/drop/', origin), { method: 'GET', headers: {}, timeoutMs: 5000 })).rejects.toMatchObject({ code: 'ECONNRESET' });
  });

  it('the client retries a stalled answer as a timeout and names it, without the token', async () => {
    let calls = 0;
    const origin = await serve((_req, res) => {
      calls++;
      if (calls === 1) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"id": 5'); // and never more
        return;
      }
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ id: 5, court_id: 'dcd', docket_number: '1:26-cv-1', case_name: 'A v. B', date_modified: '2026-01-01T00:00:00Z' }));
    });
    const sleeps: number[] = [];
    const c = testClient(origin, 'secret-token-123456', sleeps, { timeoutSeconds: 0.3 });
    const docket = await c.getDocket(5);
    expect(docket.id).toBe(5);
    expect(calls).toBe(2);
    expect(sleeps).toHaveLength(1); // one backoff between the two attempts
    const never = await serve(() => {});
    const d = testClient(never, 'secret-token-123456', [], { timeoutSeconds: 0.2, maxAttempts: 2 });
    const err = await d.getDocket(5).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CourtListenerError);
    expect((err as Error).message).toContain('no answer within 0.2 s');
    expect((err as Error).message).not.toContain('secret-token');
    await c.close();
    await d.close();
  });

  it('a TLS certificate the machine does not trust is a base-URL problem named at once', async () => {
    const origin = await serve((_req, res) => res.end('{}'), true);
    const c = testClient(origin, 'tok-1234567890', []);
    const err = await c.getDocket(1).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BaseUrlError);
    expect((err as Error).message).toMatch(/cannot reach CourtListener at https:\/\/127\.0\.0\.1:\d+ .*(CERT|SELF_SIGNED|UNABLE_TO)/);
    await c.close();
  });
});
