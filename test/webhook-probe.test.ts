import { X509Certificate, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { publicBase, runWebhookUrl } from '../src/cli/commands/webhook-url.js';
import { UserError } from '../src/errors.js';
import { describeConnectionError, probeHealth, redact, type ProbeResult } from '../src/server/probe.js';
import { SERVICE_HEADER, WEBHOOK_PREFIX, healthUrl } from '../src/server/secret.js';

const SECRET = 'probeSecret_Aa1Bb2Cc3Dd4Ee5Ff6Gg7Hh8-Ii9';
const OTHER_SECRET = 'anotherSecret_Zz9Yy8Xx7Ww6Vv5Uu4Tt3-Ss2';

const HEALTH = {
  service: 'case-calendar',
  status: 'ok',
  version: '9.9.9',
  tracking: { cases: 2, dockets: 5 },
  inbox: { pending: 1, dead: 0, oldestPendingAgeSeconds: 4 },
  lastDeliveryAt: '2026-03-01T12:00:00.000Z',
  lastSyncAt: null,
  store: 'ok',
};

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const servers: (http.Server | https.Server)[] = [];

afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

async function listen(server: http.Server | https.Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** An HTTP server on an ephemeral loopback port; returns its base URL. */
async function serve(handler: Handler): Promise<string> {
  return `http://127.0.0.1:${await listen(http.createServer(handler))}`;
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** Speaks the receiver's contract for the routes a probe touches. */
function fakeReceiver(secret: string, health: unknown = HEALTH): Handler {
  return (req, res) => {
    const ours = { [SERVICE_HEADER]: '9.9.9' };
    if (req.url === `${WEBHOOK_PREFIX}${secret}/health`) json(res, 200, health, ours);
    else json(res, 404, { error: 'not found' }, ours);
  };
}

/** A receiver that answers the health path with whatever the test needs, always with our header. */
function ourAnswer(status: number, body: string, headers: Record<string, string> = {}): Handler {
  return (_req, res) => {
    res.writeHead(status, { [SERVICE_HEADER]: '9.9.9', ...headers });
    res.end(body);
  };
}

function cause(result: ProbeResult) {
  if (result.ok) throw new Error(`expected a failure, got: ${result.summary}`);
  expect(JSON.stringify(result)).not.toContain(SECRET);
  return result.cause;
}

const probe = (base: string, timeoutMs = 5_000, trustedCa?: string) => probeHealth(healthUrl(base, SECRET), SECRET, { timeoutMs, trustedCa });

describe('probeHealth against real servers', () => {
  it('reports OK with the receiver summary when case-calendar answers the contract', async () => {
    let userAgent: string | undefined;
    const base = await serve((req, res) => {
      userAgent = req.headers['user-agent'];
      fakeReceiver(SECRET)(req, res);
    });
    const result = await probeHealth(healthUrl(base, SECRET), SECRET, { userAgent: 'case-calendar-webhook-check/test' });
    expect(result).toEqual({
      ok: true,
      summary: 'health check OK: case-calendar 9.9.9 tracking 5 dockets across 2 cases; inbox pending 1, dead 0',
      health: HEALTH,
    });
    expect(userAgent).toBe('case-calendar-webhook-check/test');
  });

  it('blames the secret when case-calendar answers 404 (a receiver started with another secret)', async () => {
    const base = await serve(fakeReceiver(OTHER_SECRET));
    expect(cause(await probe(base))).toEqual({
      kind: 'wrong-secret',
      message: "case-calendar answered 404: the secret in .env differs from the running receiver's (restart serve after changing it)",
    });
  });

  it('says something else answered when a plain web server returns a 200 page', async () => {
    const base = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', server: 'nginx/1.25.3' });
      res.end('<html><body>Welcome to nginx!</body></html>');
    });
    expect(cause(await probe(base))).toEqual({
      kind: 'foreign',
      message: 'something else answered (HTTP 200, server "nginx/1.25.3"): the proxy or another service is in the way, not case-calendar',
    });
  });

  it('says something else answered on a 404 without the case-calendar header, even with a JSON body', async () => {
    const base = await serve((_req, res) => json(res, 404, { error: 'not found' }));
    expect(cause(await probe(base))).toEqual({
      kind: 'foreign',
      message: 'something else answered (HTTP 404): the proxy or another service is in the way, not case-calendar',
    });
  });

  it('points at the receiver behind the proxy when the proxy answers 502', async () => {
    const base = await serve((_req, res) => {
      res.writeHead(502, { server: 'Caddy' });
      res.end();
    });
    const c = cause(await probe(base));
    expect(c.kind).toBe('foreign');
    expect(c.message).toBe(
      'something else answered (HTTP 502, server "Caddy"): a proxy answered because it could not reach case-calendar: is `case-calendar serve` running and is the proxy forwarding to its port?',
    );
  });

  it('reports a redirect from case-calendar without following it, and hides the secret in the location', async () => {
    let followed = 0;
    const elsewhere = await serve((req, res) => {
      followed++;
      fakeReceiver(SECRET)(req, res);
    });
    const base = await serve(ourAnswer(301, '', { location: `${elsewhere}${WEBHOOK_PREFIX}${SECRET}/health` }));
    expect(cause(await probe(base))).toEqual({
      kind: 'redirect',
      message: `redirected to ${elsewhere}${WEBHOOK_PREFIX}***/health: CourtListener will not follow redirects; register the final URL`,
    });
    expect(followed).toBe(0);
  });

  it("treats a proxy's own redirect (http to https, relative location) as the redirect it is", async () => {
    const base = await serve((req, res) => {
      res.writeHead(308, { server: 'Caddy', location: `/moved${req.url}` });
      res.end();
    });
    expect(cause(await probe(base))).toEqual({
      kind: 'redirect',
      message: `redirected to ${base}/moved${WEBHOOK_PREFIX}***/health: CourtListener will not follow redirects; register the final URL`,
    });
  });

  it('reports a timeout when the server accepts but never answers', async () => {
    const base = await serve(() => undefined);
    const started = Date.now();
    expect(cause(await probe(base, 300))).toEqual({ kind: 'timeout', message: 'no answer within 0.3 s' });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('reports a timeout when the headers come but the body never finishes', async () => {
    const base = await serve((_req, res) => {
      res.writeHead(200, { [SERVICE_HEADER]: '9.9.9', 'content-type': 'application/json' });
      res.write('{"service":');
    });
    expect(cause(await probe(base, 300))).toEqual({ kind: 'timeout', message: 'no answer within 0.3 s' });
  });

  it('reports connection refused on a closed port, naming host and port', async () => {
    const server = http.createServer();
    const port = await listen(server);
    servers.splice(servers.indexOf(server), 1);
    await new Promise((resolve) => server.close(resolve));
    expect(cause(await probe(`http://127.0.0.1:${port}`))).toEqual({
      kind: 'refused',
      message: `connection refused at 127.0.0.1:${port}: is \`case-calendar serve\` running and is the proxy forwarding to it?`,
    });
  });

  it('rejects a 200 from case-calendar whose body is not its health JSON', async () => {
    for (const body of ['<html>ok</html>', JSON.stringify({ service: 'something-else', status: 'ok' }), JSON.stringify([HEALTH]), '']) {
      const base = await serve(ourAnswer(200, body, { 'content-type': 'application/json' }));
      expect(cause(await probe(base)), body).toEqual({ kind: 'bad-body', message: "health body is not case-calendar's JSON" });
    }
  });

  it('reports other statuses from case-calendar with their error text, secret redacted', async () => {
    const base = await serve(ourAnswer(500, JSON.stringify({ error: `cannot route ${WEBHOOK_PREFIX}${SECRET}/health` })));
    expect(cause(await probe(base))).toEqual({ kind: 'http-status', message: `case-calendar answered HTTP 500 (cannot route ${WEBHOOK_PREFIX}***/health)` });
    const plain = await serve(ourAnswer(418, 'teapot'));
    expect(cause(await probe(plain))).toEqual({ kind: 'http-status', message: 'case-calendar answered HTTP 418' });
  });

  it('explains a 403 from case-calendar as the IP allow-list refusing this machine', async () => {
    const base = await serve(ourAnswer(403, JSON.stringify({ error: 'forbidden' })));
    const c = cause(await probe(base));
    expect(c.kind).toBe('forbidden');
    expect(c.message).toMatch(/^case-calendar answered 403: webhook\.allowed_ips does not include/);
  });

  it('fails when case-calendar answers but reports its store unreachable', async () => {
    const base = await serve(fakeReceiver(SECRET, { ...HEALTH, status: 'degraded', store: 'unreachable' }));
    expect(cause(await probe(base))).toEqual({
      kind: 'unhealthy',
      message: 'case-calendar answered but its store is unreachable: check the database file, its folder and their permissions',
    });
  });

  it("fails on the receiver's 503 for a failing store, saying so and pointing at serve's logs", async () => {
    const failing = { ...HEALTH, status: 'failing', store: 'failing', storeError: { code: 'SQLITE_CORRUPT', message: 'database disk image is malformed', since: '2026-03-01T12:00:00.000Z' } };
    const base = await serve(ourAnswer(503, JSON.stringify(failing), { 'content-type': 'application/json' }));
    expect(cause(await probe(base))).toEqual({
      kind: 'unhealthy',
      message:
        "case-calendar answered 503: its store is failing (SQLITE_CORRUPT) and deliveries are refused until it works again: look at serve's logs (restore the database from a backup if it is corrupt)",
    });
    // Any other 503 of ours stays a plain status report.
    const other = await serve(ourAnswer(503, JSON.stringify({ error: 'busy' })));
    expect(cause(await probe(other))).toEqual({ kind: 'http-status', message: 'case-calendar answered HTTP 503 (busy)' });
  });

  it('uses the singular for one docket and one case', async () => {
    const base = await serve(fakeReceiver(SECRET, { ...HEALTH, tracking: { cases: 1, dockets: 1 } }));
    const result = await probe(base);
    expect(result.ok && result.summary).toBe('health check OK: case-calendar 9.9.9 tracking 1 docket across 1 case; inbox pending 1, dead 0');
  });

  it('shows ? for counts missing from an older receiver rather than failing', async () => {
    const base = await serve(fakeReceiver(SECRET, { service: 'case-calendar', status: 'ok' }));
    const result = await probe(base);
    expect(result.ok && result.summary).toBe('health check OK: case-calendar ? tracking ? dockets across ? cases; inbox pending ?, dead ?');
  });
});

// --- TLS: a throwaway self-signed certificate, DER-encoded by hand (node:crypto cannot issue X.509) ---

function der(tag: number, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  let length: Buffer;
  if (body.length < 0x80) length = Buffer.from([body.length]);
  else {
    const hex = body.length.toString(16);
    const bytes = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
    length = Buffer.concat([Buffer.from([0x80 | bytes.length]), bytes]);
  }
  return Buffer.concat([Buffer.from([tag]), length, body]);
}
const sequence = (...parts: Buffer[]) => der(0x30, ...parts);
function objectId(dotted: string): Buffer {
  const [first, second, ...rest] = dotted.split('.').map(Number);
  const bytes = [40 * first! + second!];
  for (const n of rest) {
    const groups: number[] = [];
    for (let v = n; ; v >>>= 7) {
      groups.unshift(v & 0x7f);
      if (v < 0x80) break;
    }
    groups.forEach((g, i) => bytes.push(i < groups.length - 1 ? g | 0x80 : g));
  }
  return der(0x06, Buffer.from(bytes));
}
const utcTime = (d: Date) => der(0x17, Buffer.from(`${d.toISOString().replace(/[-:T]/g, '').slice(2, 14)}Z`));
const distinguishedName = (cn: string) => sequence(der(0x31, sequence(objectId('2.5.4.3'), der(0x0c, Buffer.from(cn)))));

function selfSignedCertificate(altNames: { dns?: string[]; ips?: string[] }): { cert: string; key: string } {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const ecdsaWithSha256 = sequence(objectId('1.2.840.10045.4.3.2'));
  const serial = randomBytes(8);
  serial[0] = (serial[0]! & 0x7f) | 0x01; // positive, no leading zero
  const san = sequence(
    ...(altNames.dns ?? []).map((d) => der(0x82, Buffer.from(d))),
    ...(altNames.ips ?? []).map((ip) => der(0x87, Buffer.from(ip.split('.').map(Number)))),
  );
  const now = Date.now();
  const tbs = sequence(
    der(0xa0, der(0x02, Buffer.from([2]))), // v3
    der(0x02, serial),
    ecdsaWithSha256,
    distinguishedName('case-calendar test'),
    sequence(utcTime(new Date(now - 3_600_000)), utcTime(new Date(now + 86_400_000))),
    distinguishedName('case-calendar test'),
    publicKey.export({ type: 'spki', format: 'der' }),
    der(0xa3, sequence(sequence(objectId('2.5.29.17'), der(0x04, san)))),
  );
  const cert = sequence(tbs, ecdsaWithSha256, der(0x03, Buffer.concat([Buffer.from([0]), sign('sha256', tbs, privateKey)])));
  const pem = `-----BEGIN CERTIFICATE-----\n${cert.toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
  return { cert: pem, key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

async function serveTls(tls: { cert: string; key: string }, handler: Handler): Promise<string> {
  return `https://127.0.0.1:${await listen(https.createServer(tls, handler))}`;
}

describe('probeHealth over TLS', () => {
  const forLoopback = selfSignedCertificate({ ips: ['127.0.0.1'] });
  const forOtherName = selfSignedCertificate({ dns: ['other.example'] });

  it('generates a certificate Node itself can parse (sanity check of the test helper)', () => {
    expect(new X509Certificate(forLoopback.cert).subjectAltName).toBe('IP Address:127.0.0.1');
  });

  it('reports OK over https when the certificate is trusted and matches', async () => {
    const base = await serveTls(forLoopback, fakeReceiver(SECRET));
    const result = await probe(base, 5_000, forLoopback.cert);
    expect(result.ok).toBe(true);
  });

  it('names a self-signed certificate', async () => {
    const base = await serveTls(forLoopback, fakeReceiver(SECRET));
    expect(cause(await probe(base))).toEqual({
      kind: 'tls',
      message: 'TLS failed: the certificate is self-signed, so CourtListener will not trust it either (let the proxy obtain a public certificate)',
    });
  });

  it('names a certificate issued for another host', async () => {
    const base = await serveTls(forOtherName, fakeReceiver(SECRET));
    const c = cause(await probe(base, 5_000, forOtherName.cert));
    expect(c.kind).toBe('tls');
    expect(c.message).toMatch(/^TLS failed: the certificate is not valid for 127\.0\.0\.1 \(.*127\.0\.0\.1.*\)$/);
  });

  it('names plain HTTP answering where TLS was expected', async () => {
    const plain = await serve(fakeReceiver(SECRET));
    expect(cause(await probe(plain.replace('http://', 'https://')))).toEqual({
      kind: 'tls',
      message: 'TLS failed: the server did not answer in TLS (plain HTTP on an https port? use http:// only for local tests)',
    });
  });
});

describe('describeConnectionError (no real DNS: the errors Node raises, built by hand)', () => {
  const target = new URL(`https://webhook.example.com${WEBHOOK_PREFIX}${SECRET}/health`);
  const nodeError = (code: string, message = code, extra: Record<string, unknown> = {}) => Object.assign(new Error(message), { code, ...extra });

  it('names DNS failures, also when wrapped', () => {
    const expected = { kind: 'dns', message: 'cannot resolve webhook.example.com: check DNS for the host' };
    expect(describeConnectionError(nodeError('ENOTFOUND', 'getaddrinfo ENOTFOUND webhook.example.com'), target, 10_000)).toEqual(expected);
    expect(describeConnectionError(new TypeError('fetch failed', { cause: nodeError('EAI_AGAIN') }), target, 10_000)).toEqual(expected);
  });

  it('names refused connections, with the default port of the scheme', () => {
    const both = new AggregateError([nodeError('ECONNREFUSED'), nodeError('ECONNREFUSED')], 'connect failed');
    expect(describeConnectionError(both, target, 10_000)).toEqual({
      kind: 'refused',
      message: 'connection refused at webhook.example.com:443: is `case-calendar serve` running and is the proxy forwarding to it?',
    });
    expect(describeConnectionError(nodeError('ECONNREFUSED'), new URL('http://[::1]/x'), 10_000).message).toMatch(/^connection refused at \[::1\]:80:/);
  });

  it('translates certificate problems into what to fix', () => {
    const cases: [Error, string][] = [
      [nodeError('CERT_HAS_EXPIRED', 'certificate has expired'), 'TLS failed: the certificate has expired (is the proxy renewing it?)'],
      [nodeError('UNABLE_TO_VERIFY_LEAF_SIGNATURE'), 'TLS failed: the certificate chain is incomplete or signed by an unknown authority (serve the full chain)'],
      [
        nodeError('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames", { reason: "Host: webhook.example.com. is not in the cert's altnames: DNS:calendars.example.com" }),
        "TLS failed: the certificate is not valid for webhook.example.com (Host: webhook.example.com. is not in the cert's altnames: DNS:calendars.example.com)",
      ],
      [nodeError('ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION', 'A0:error:0A00042E:SSL routines:ssl3_read_bytes:tlsv1 alert protocol version:../ssl.c:1'), 'TLS failed: tlsv1 alert protocol version'],
    ];
    for (const [err, message] of cases) expect(describeConnectionError(err, target, 10_000)).toEqual({ kind: 'tls', message });
  });

  it('names undici timeouts with the configured budget', () => {
    expect(describeConnectionError(nodeError('UND_ERR_CONNECT_TIMEOUT'), target, 10_000)).toEqual({ kind: 'timeout', message: 'no answer within 10 s' });
    expect(describeConnectionError(nodeError('UND_ERR_HEADERS_TIMEOUT'), target, 2_500)).toEqual({ kind: 'timeout', message: 'no answer within 2.5 s' });
  });

  it('falls back to one plain network cause for anything else', () => {
    expect(describeConnectionError(nodeError('EHOSTUNREACH'), target, 10_000)).toEqual({
      kind: 'network',
      message: 'no route to webhook.example.com:443: check the address and any firewall in between',
    });
    expect(describeConnectionError(nodeError('EWEIRD'), target, 10_000)).toEqual({ kind: 'network', message: 'cannot connect to webhook.example.com:443: EWEIRD' });
  });

  it('redact replaces every occurrence of the secret', () => {
    expect(redact(`a${SECRET}b${SECRET}`, SECRET)).toBe('a***b***');
    expect(redact('nothing here', SECRET)).toBe('nothing here');
  });
});

describe('publicBase (--host)', () => {
  it('assumes https for a bare host, keeps an explicit scheme, a port and a path prefix, drops trailing slashes', () => {
    expect(publicBase('webhook.example.com')).toBe('https://webhook.example.com');
    expect(publicBase(' webhook.example.com/ ')).toBe('https://webhook.example.com');
    expect(publicBase('hook.example.com:8443')).toBe('https://hook.example.com:8443');
    expect(publicBase('HTTPS://Hook.Example.com//')).toBe('https://hook.example.com');
    expect(publicBase('http://127.0.0.1:8000/')).toBe('http://127.0.0.1:8000');
    expect(publicBase('https://example.org/case-calendar/')).toBe('https://example.org/case-calendar');
  });

  it('refuses other schemes, credentials, queries and empty hosts as usage errors', () => {
    for (const bad of ['ftp://example.com', 'https://user:pw@example.com', 'example.com/?x=1', 'example.com/#top', '', 'exa mple.com']) {
      let thrown: unknown;
      try {
        publicBase(bad);
      } catch (err) {
        thrown = err;
      }
      expect(thrown, bad).toBeInstanceOf(UserError);
      expect((thrown as UserError).exitCode, bad).toBe(2);
    }
  });
});

describe('runWebhookUrl (the command, in-process)', () => {
  function capture(env: Record<string, string | undefined>, timeoutMs = 5_000) {
    const out: string[] = [];
    const err: string[] = [];
    return {
      io: { env, stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t), probe: { timeoutMs } },
      stdout: () => out.join(''),
      stderr: () => err.join(''),
    };
  }

  async function usageError(run: Promise<number>): Promise<UserError> {
    const err = await run.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).exitCode).toBe(2);
    return err as UserError;
  }

  it('prints the URL alone on stdout and the password warning on stderr only', async () => {
    const c = capture({ CASE_CALENDAR_WEBHOOK_SECRET: ` ${SECRET} ` });
    expect(await runWebhookUrl({ host: 'webhook.example.com/' }, c.io)).toBe(0);
    expect(c.stdout()).toBe(`https://webhook.example.com/webhooks/case-calendar/${SECRET}\n`);
    expect(c.stderr()).toMatch(/contains the webhook secret — treat it like a password/);
    expect(c.stderr()).not.toContain(SECRET);
  });

  it('without --host prints a placeholder URL and recommends --host', async () => {
    const c = capture({ CASE_CALENDAR_WEBHOOK_SECRET: SECRET });
    expect(await runWebhookUrl({}, c.io)).toBe(0);
    expect(c.stdout()).toBe(`https://<your-public-host>/webhooks/case-calendar/${SECRET}\n`);
    expect(c.stderr()).toContain('pass --host');
  });

  it('warns that a public http:// URL sends the secret in clear text, but not for loopback', async () => {
    const pub = capture({ CASE_CALENDAR_WEBHOOK_SECRET: SECRET });
    await runWebhookUrl({ host: 'http://webhook.example.com' }, pub.io);
    expect(pub.stderr()).toContain('clear text');
    const local = capture({ CASE_CALENDAR_WEBHOOK_SECRET: SECRET });
    await runWebhookUrl({ host: 'http://127.0.0.1:8000' }, local.io);
    expect(local.stderr()).not.toContain('clear text');
  });

  it('refuses a missing or invalid secret with exit 2, without echoing it', async () => {
    const missing = await usageError(runWebhookUrl({ host: 'h.example' }, capture({}).io));
    expect(missing.message).toContain("randomBytes(32).toString('base64url')");
    const weak = 'short+secret/value';
    const invalid = await usageError(runWebhookUrl({ host: 'h.example' }, capture({ CASE_CALENDAR_WEBHOOK_SECRET: weak }).io));
    expect(invalid.message).not.toContain(weak);
  });

  it('refuses --check without --host with a hint (exit 2)', async () => {
    const c = capture({ CASE_CALENDAR_WEBHOOK_SECRET: SECRET });
    const err = await usageError(runWebhookUrl({ check: true }, c.io));
    expect(err.message).toMatch(/^--check requires --host/);
    expect(c.stdout()).toBe('');
  });

  it('--check: exit 0 with the OK line after the URL when the receiver answers', async () => {
    const base = await serve(fakeReceiver(SECRET));
    const c = capture({ CASE_CALENDAR_WEBHOOK_SECRET: SECRET });
    expect(await runWebhookUrl({ host: base, check: true }, c.io)).toBe(0);
    expect(c.stdout()).toBe(
      `${base}/webhooks/case-calendar/${SECRET}\nhealth check OK: case-calendar 9.9.9 tracking 5 dockets across 2 cases; inbox pending 1, dead 0\n`,
    );
  });

  it('--check: notes dead deliveries even when the check passes', async () => {
    const base = await serve(fakeReceiver(SECRET, { ...HEALTH, inbox: { pending: 0, dead: 3, oldestPendingAgeSeconds: null } }));
    const c = capture({ CASE_CALENDAR_WEBHOOK_SECRET: SECRET });
    expect(await runWebhookUrl({ host: base, check: true }, c.io)).toBe(0);
    expect(c.stderr()).toContain('3 deliveries are parked as dead');
  });

  it('--check: exit 1 with exactly one cause on stderr, secret never on stderr', async () => {
    const base = await serve(fakeReceiver(OTHER_SECRET));
    const c = capture({ CASE_CALENDAR_WEBHOOK_SECRET: SECRET });
    expect(await runWebhookUrl({ host: base, check: true }, c.io)).toBe(1);
    const failures = c.stderr().split('\n').filter((l) => l.startsWith('health check FAILED'));
    expect(failures).toEqual(["health check FAILED: case-calendar answered 404: the secret in .env differs from the running receiver's (restart serve after changing it)"]);
    expect(c.stderr()).not.toContain(SECRET);
  });

  it('--check --json: one JSON document with the URL, ok and the cause', async () => {
    const base = await serve(() => undefined);
    const c = capture({ CASE_CALENDAR_WEBHOOK_SECRET: SECRET }, 300);
    expect(await runWebhookUrl({ host: base, check: true, json: true }, c.io)).toBe(1);
    expect(JSON.parse(c.stdout())).toEqual({
      url: `${base}/webhooks/case-calendar/${SECRET}`,
      checked: true,
      ok: false,
      cause: { kind: 'timeout', message: 'no answer within 0.3 s' },
    });
    expect(c.stderr()).not.toContain(SECRET);
  });

  it('--check --json: the health document on success', async () => {
    const base = await serve(fakeReceiver(SECRET));
    const c = capture({ CASE_CALENDAR_WEBHOOK_SECRET: SECRET });
    expect(await runWebhookUrl({ host: base, check: true, json: true }, c.io)).toBe(0);
    expect(JSON.parse(c.stdout())).toEqual({ url: `${base}/webhooks/case-calendar/${SECRET}`, checked: true, ok: true, health: HEALTH });
  });
});
