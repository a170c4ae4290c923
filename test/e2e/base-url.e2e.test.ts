import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Store } from '../../src/store/store.js';
import { assertBuilt, runCli } from '../helpers/cli.js';

const TOKEN = 'base-url-token-5150';

// Default pacing (5 a minute) and default retries: what took minutes before.
const CONFIG = `store_path: data/store.sqlite
calendars:
  main: {name: "Main", ics_path: out/main.ics}
cases:
  - {id: us-v-ash, name: "United States v. Ash", calendar: main, dockets: [5001]}
  - {id: us-v-birch, name: "United States v. Birch", calendar: main, dockets: [5002]}
  - {id: us-v-cedar, name: "United States v. Cedar", calendar: main, dockets: [5003]}
`;

let dirs: string[] = [];
let servers: Server[] = [];

function workdir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cc-baseurl-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, 'config.yaml'), CONFIG);
  return dir;
}

function requestsLogged(dir: string): number {
  const store = Store.open(path.join(dir, 'data', 'store.sqlite'), { mustExist: true });
  try {
    return store.requestsInLastDay(Date.now());
  } finally {
    store.close();
  }
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

beforeAll(() => assertBuilt());
afterEach(async () => {
  for (const s of servers) await new Promise((r) => s.close(r));
  servers = [];
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

describe('a wrong COURTLISTENER_BASE_URL', () => {
  it('a closed port: exit 1 within seconds, naming the URL and the variable, nothing counted', async () => {
    const closed = createServer();
    const port = await listen(closed);
    await new Promise((r) => closed.close(r));
    const origin = `http://127.0.0.1:${port}`;
    const dir = workdir();
    const r = await runCli(['sync'], { cwd: dir, env: { COURTLISTENER_TOKEN: TOKEN, COURTLISTENER_BASE_URL: origin } });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.ms).toBeLessThan(10_000);
    expect(r.stderr).toContain(`cannot reach CourtListener at ${origin} (from COURTLISTENER_BASE_URL): connection refused`);
    expect(r.stderr + r.stdout).not.toMatch(/probably transient/);
    expect(r.stderr + r.stdout).not.toContain(TOKEN);
    expect(requestsLogged(dir)).toBe(0);
  }, 30_000);

  it('a web server: exit 1, naming the URL requested and the variable', async () => {
    const web = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><html><body><h1>It works!</h1></body></html>');
    });
    const origin = `http://127.0.0.1:${await listen(web)}`;
    const dir = workdir();
    const r = await runCli(['sync', '--json'], { cwd: dir, env: { COURTLISTENER_TOKEN: TOKEN, COURTLISTENER_BASE_URL: origin } });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.ms).toBeLessThan(10_000);
    // The first request of a sync lists the account's docket alerts.
    expect(r.stderr).toContain(`GET ${origin}/api/rest/v4/docket-alerts/ answered 200 text/html, not CourtListener JSON`);
    expect(r.stderr).toContain(`the base URL ${origin} (from COURTLISTENER_BASE_URL) probably does not point at a CourtListener API`);
    expect(r.stderr + r.stdout).not.toContain(TOKEN);
    expect(requestsLogged(dir)).toBe(1); // it answered, so it counts
  }, 30_000);
});
