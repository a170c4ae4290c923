import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeCourtListener } from '../../src/fakecl/server.js';
import { populateSyntheticDocket } from '../../src/fakecl/generate.js';
import { assertBuilt, ROOT, runCli } from '../helpers/cli.js';
import { parseIcs } from '../helpers/ics.js';

// CourtListener is served over https, and the bundled CLI reaches Node's https and tls modules
// through stand-ins that load them on first use (scripts/bundle.mjs). This runs a real sync through
// a TLS front for the fake, trusted the way an operator's extra CA would be.
const TLS = path.join(ROOT, 'test', 'fixtures', 'tls');
const TOKEN = 'https-e2e-token-93c1';

let fake: FakeCourtListener;
let front: https.Server;
let origin: string;
let dir: string;
let tlsRequests = 0;

/** Passes each request to the fake over plain http, rewriting the fake's own origin in what it answers. */
async function startFront(upstream: URL): Promise<string> {
  front = https.createServer({ key: readFileSync(path.join(TLS, 'key.pem')), cert: readFileSync(path.join(TLS, 'cert.pem')) }, (req, res) => {
    tlsRequests++;
    const up = http.request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: { ...req.headers, host: upstream.host } }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (c: Buffer) => chunks.push(c));
      answer.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8').replaceAll(upstream.origin, origin);
        const headers: http.OutgoingHttpHeaders = {};
        for (const [k, v] of Object.entries(answer.headers)) if (k !== 'content-length' && k !== 'transfer-encoding' && v !== undefined) headers[k] = typeof v === 'string' ? v.replaceAll(upstream.origin, origin) : v;
        res.writeHead(answer.statusCode ?? 502, headers);
        res.end(body);
      });
    });
    req.pipe(up);
  });
  await new Promise<void>((r) => front.listen(0, '127.0.0.1', r));
  return `https://127.0.0.1:${(front.address() as AddressInfo).port}`;
}

beforeAll(() => assertBuilt());

beforeEach(async () => {
  tlsRequests = 0;
  fake = new FakeCourtListener({ token: TOKEN, pageSize: 20 });
  populateSyntheticDocket(fake, { docketId: 4401, courtId: 'nysd', entries: 45, seed: 5 });
  origin = await startFront(new URL(await fake.start()));
  dir = mkdtempSync(path.join(tmpdir(), 'cc-https-'));
  writeFileSync(
    path.join(dir, 'config.yaml'),
    `store_path: data/store.sqlite
courtlistener: {max_requests_per_minute: 10000}
calendars: {main: {ics_path: out/main.ics}}
cases: [{id: one, name: "United States v. One", calendar: main, dockets: [4401]}]
`,
  );
});

afterEach(async () => {
  await new Promise((r) => front.close(r));
  await fake.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('sync over https (the bundled CLI)', () => {
  it('pages through the docket over TLS, writes the calendar, and a quiet re-sync asks once', async () => {
    const env = { COURTLISTENER_TOKEN: TOKEN, COURTLISTENER_BASE_URL: origin, NODE_EXTRA_CA_CERTS: path.join(TLS, 'cert.pem') };
    const first = await runCli(['sync', '--json'], { cwd: dir, env });
    expect(first.stderr).not.toMatch(/cannot reach|TLS|certificate/i);
    expect(first.code).toBe(0);
    const summary = JSON.parse(first.stdout) as { cases: Array<{ entriesSeen: number }>; requests: { byEndpoint: Record<string, number> } };
    expect(summary.cases[0]!.entriesSeen).toBe(45);
    expect(summary.requests.byEndpoint['docket-entries']).toBe(3); // 20 + 20 + 5, following `next` links
    expect(tlsRequests).toBe(fake.requests.length);
    const events = parseIcs(readFileSync(path.join(dir, 'out', 'main.ics'), 'utf8'));
    expect(events.length).toBeGreaterThan(0);

    const before = fake.requests.length;
    const quiet = await runCli(['sync'], { cwd: dir, env });
    expect(quiet.code).toBe(0);
    expect(fake.requests.length - before).toBe(1);
  });
});
