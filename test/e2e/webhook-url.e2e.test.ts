import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeCourtListener } from '../../src/fakecl/server.js';
import { assertBuilt, runCli } from '../helpers/cli.js';
import { SECRET, startServe, type Served } from '../helpers/serve.js';

const TOKEN = 'wu-token-77';
let dir: string;
let fake: FakeCourtListener;
let env: Record<string, string>;
let served: Served | null = null;

beforeAll(() => assertBuilt());
beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cc-wu-'));
  writeFileSync(path.join(dir, 'config.yaml'), `store_path: data/s.sqlite
courtlistener: {max_requests_per_minute: 10000}
calendars: {main: {ics_path: out/main.ics}}
cases: [{id: x, name: X, calendar: main, dockets: [1, 2]}]
`);
  fake = new FakeCourtListener({ token: TOKEN });
  env = { COURTLISTENER_TOKEN: TOKEN, COURTLISTENER_BASE_URL: await fake.start(), CASE_CALENDAR_WEBHOOK_SECRET: SECRET };
});
afterEach(async () => {
  if (served && served.child.exitCode === null) {
    served.child.kill('SIGTERM');
    await served.exited;
  }
  served = null;
  await fake.stop();
  rmSync(dir, { recursive: true, force: true });
});

const check = (host: string, secret = SECRET) => runCli(['webhook-url', '--host', host, '--check'], { cwd: dir, env: { ...env, CASE_CALENDAR_WEBHOOK_SECRET: secret } });

describe('webhook-url --check against real processes', () => {
  it('prints the URL and confirms a running receiver (exit 0)', async () => {
    served = await startServe(dir, env);
    const r = await check(served.base);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${served.base}/webhooks/case-calendar/${SECRET}`);
    expect(r.stdout).toMatch(/health check OK: case-calendar \S+ tracking 2 dockets across 1 case; inbox pending 0, dead 0/);
    expect(r.stderr).not.toContain(SECRET);
  });

  it('names a secret that differs from the running receiver\'s', async () => {
    served = await startServe(dir, env);
    const r = await check(served.base, 'another-secret-abcdefghijklmnopqrstuvwxyz012');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/case-calendar answered 404: the secret in \.env differs/);
    expect(r.stderr).not.toContain('another-secret-abcdefghijklmnopqrstuvwxyz012');
  });

  it('names another service answering, and a closed port', async () => {
    const other = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', server: 'nginx' });
      res.end('<html>welcome</html>');
    });
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    const port = (other.address() as AddressInfo).port;
    const r = await check(`http://127.0.0.1:${port}`);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/something else answered/);
    await new Promise((r2) => other.close(r2));
    const closed = await check(`http://127.0.0.1:${port}`);
    expect(closed.code).toBe(1);
    expect(closed.stderr).toMatch(/connection refused/);
  });

  it('refuses a missing or weak secret with exit 2', async () => {
    const r = await runCli(['webhook-url', '--host', 'example.org'], { cwd: dir, env: { ...env, CASE_CALENDAR_WEBHOOK_SECRET: '' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/CASE_CALENDAR_WEBHOOK_SECRET/);
    const noHost = await runCli(['webhook-url', '--check'], { cwd: dir, env });
    expect(noHost.code).toBe(2);
    const plain = await runCli(['webhook-url', '--host', 'calendars.example.org'], { cwd: dir, env });
    expect(plain.code).toBe(0);
    expect(plain.stdout.trim()).toBe(`https://calendars.example.org/webhooks/case-calendar/${SECRET}`);
  });
});
