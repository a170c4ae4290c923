import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeGraph } from '../../src/fakepush/graph.js';
import { FakeMicrosoftLogin } from '../../src/fakepush/login.js';
import { Store } from '../../src/store/store.js';
import { assertBuilt, BIN, ROOT, runCli } from '../helpers/cli.js';
import { hearingRow } from '../helpers/rows.js';

const TLS = path.join(ROOT, 'test', 'fixtures', 'tls');
let dir: string;
let graph: FakeGraph;
let login: FakeMicrosoftLogin;

beforeAll(() => assertBuilt());
beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cc-m365-e2e-'));
  graph = new FakeGraph();
  await graph.start();
  login = new FakeMicrosoftLogin({ key: readFileSync(path.join(TLS, 'key.pem'), 'utf8'), cert: readFileSync(path.join(TLS, 'cert.pem'), 'utf8') }, (t) => graph.validTokens.add(t));
  await login.start();
  const store = Store.open(path.join(dir, 's.sqlite'));
  store.transaction(() => {
    store.upsertDocketMeta({ docketId: 7, courtId: 'nysd', docketNumber: '1:26-cr-00007', caseName: null, absoluteUrl: null, dateLastFiling: null });
    store.completeDocketPoll(7, '2026-04-01T00:00:00.000000Z');
    for (let i = 0; i < 3; i++) store.putHearing(hearingRow({ key: `hearing-${i}`, title: `Status Conference ${i}`, localDate: `2030-05-1${i}`, docketId: 7 }));
  });
  store.close();
  writeFileSync(
    path.join(dir, 'config.yaml'),
    `store_path: s.sqlite
m365_client_id: ${login.clientId}
calendars:
  main: {name: Main, ics_path: public/main.ics, m365_use_default_calendar: true}
cases:
  - {id: doe, name: US v. Doe, calendar: main, dockets: [7]}
`,
  );
});
afterEach(async () => {
  await graph.stop();
  await login.stop();
  rmSync(dir, { recursive: true, force: true });
});

const env = () => ({ MICROSOFT_LOGIN_BASE_URL: login.service.origin, MICROSOFT_GRAPH_BASE_URL: graph.service.origin, NODE_EXTRA_CA_CERTS: path.join(TLS, 'cert.pem') });

describe('Microsoft 365, signed in with a device code through MSAL', () => {
  it('setup m365 prints the code, waits for the sign-in, keeps an owner-only cache; push then refreshes silently; a revoked sign-in names setup', async () => {
    const child = spawn(process.execPath, [BIN, 'setup', 'm365'], { cwd: dir, env: { ...process.env, ...env(), LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no device code shown: ${out} ${err}`)), 20_000);
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('FAKE-CODE')) {
          clearTimeout(t);
          resolve();
        }
      });
    });
    login.approve();
    const code = await new Promise<number | null>((r) => child.on('close', r));
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('signed in as clerk@example.org');
    const cache = path.join(dir, 'tokens', 'm365-token.json');
    expect(out).toContain(`m365 auth record staged at ${cache}`);
    expect(statSync(cache).mode & 0o777).toBe(0o600);

    // The access token from sign-in has "expired" at Graph: push renews it from the cached refresh token.
    graph.validTokens.clear();
    let r = await runCli(['push'], { cwd: dir, env: env() });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\[m365:default\] created 3, updated 0, removed 0/);
    expect(graph.live('default')).toHaveLength(3);

    login.revokeAll();
    graph.validTokens.clear();
    const s = Store.open(path.join(dir, 's.sqlite'));
    s.putHearing(hearingRow({ key: 'hearing-0', title: 'Status Conference 0', localDate: '2030-05-20', docketId: 7, sequence: 1 }));
    s.close();
    r = await runCli(['push'], { cwd: dir, env: env() });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/run `case-calendar setup m365`/);
    expect(r.stderr).not.toMatch(/fake-refresh-|fake-graph-/);
  });
});
