import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Webhook } from 'standardwebhooks';
import { FakeCourtListener } from '../../src/fakecl/server.js';
import { newSecret } from '../../src/notify/sign.js';
import { assertBuilt, runCli } from '../helpers/cli.js';
import { SECRET as RECEIVER_SECRET, docketAlert, post, startServe, tearDown, waitFor, type Served } from '../helpers/serve.js';

const TOKEN = 'notify-e2e-token';
const SECRET = newSecret();
let dir: string;
let fake: FakeCourtListener;
let receiver: Server;
let received: Array<{ headers: IncomingHttpHeaders; body: string }>;
let env: Record<string, string>;
let served: Served | null = null;

beforeAll(() => assertBuilt());
beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cc-notify-e2e-'));
  received = [];
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(204);
      res.end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  writeFileSync(
    path.join(dir, 'config.yaml'),
    `store_path: data/s.sqlite
courtlistener: {backoff_base_ms: 10, max_requests_per_minute: 10000}
webhook: {retry_base_seconds: 0.05}
notify: {debounce_seconds: 0}
notifications:
  - {id: ops, url: "http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook", secret_env: CC_NOTIFY_SECRET}
calendars: {main: {ics_path: out/main.ics}}
cases: [{id: us-v-vale, name: "United States v. Vale", calendar: main, dockets: [3001]}]
`,
  );
  fake = new FakeCourtListener({ token: TOKEN });
  fake.addDocket({ id: 3001, court_id: 'ilnd', docket_number: '1:30-cr-00300', case_name: 'United States v. Vale' });
  fake.addEntry(3001, { description: 'Status Conference set for 2/2/2031 at 10:00 AM before Judge Manish S. Shah.' });
  env = { COURTLISTENER_TOKEN: TOKEN, COURTLISTENER_BASE_URL: await fake.start(), CC_NOTIFY_SECRET: SECRET };
});
afterEach(async () => {
  await tearDown(served, fake, dir);
  served = null;
  await new Promise((r) => receiver.close(r));
});

const verified = () => received.map((r) => new Webhook(SECRET).verify(r.body, r.headers as Record<string, string>) as { type: string; data: { row: { title: string } } });

describe('notifications, as processes', () => {
  it('the first backfill is not announced; a change after it is, once, even when serve is killed between the commit and the delivery', async () => {
    const first = await runCli(['sync'], { cwd: dir, env });
    expect(first.code).toBe(0);
    expect(received).toHaveLength(0); // history, not news

    served = await startServe(dir, { ...env, CASE_CALENDAR_CRASH_AT: 'after-entry-commit' });
    const body = docketAlert([{ id: 99001, docket: 3001, entry_number: 9, recap_sequence_number: '2031-01-10.000001', date_filed: '2031-01-10', date_modified: '2031-01-10T10:00:00.000000-08:00', description: 'Sentencing set for 4/15/2031 11:00 AM in Courtroom 1925 before Judge Manish S. Shah.', short_description: '', recap_documents: [] }]);
    expect((await post(served.base, body, { key: 'crash-1' })).status).toBe(200);
    expect(await served.exited).toBeNull(); // SIGKILL right after the entry (and its outbox event) committed
    expect(received).toHaveLength(0);

    served = await startServe(dir, env);
    await waitFor(() => received.length >= 1, 'the notification after restart');
    await new Promise((r) => setTimeout(r, 500));
    expect(verified().map((v) => `${v.type} ${v.data.row.title}`)).toEqual(['hearing.scheduled Sentencing']);
    const id = received[0]!.headers['webhook-id'];
    const health = (await (await fetch(`${served.base}/webhooks/case-calendar/${RECEIVER_SECRET}/health`)).json()) as { notifications: unknown };
    expect(health.notifications).toEqual([{ id: 'ops', state: 'ok', waiting: 0 }]);

    const list = await runCli(['notify', 'list', '--json'], { cwd: dir, env });
    const listed = JSON.parse(list.stdout);
    expect(listed.endpoints).toMatchObject([{ id: 'ops', state: 'ok', waiting: 0, signed: true }]);
    expect(listed.events[0]).toMatchObject({ type: 'hearing.scheduled', deliveries: [{ endpointId: 'ops', status: 'delivered' }] });

    const replay = await runCli(['notify', 'replay', String(listed.events[0].id)], { cwd: dir, env });
    expect(replay.code).toBe(0);
    expect(received).toHaveLength(2);
    expect(received[1]!.headers['webhook-id']).toBe(id); // the same id: a receiver that dedupes drops it

    const ping = await runCli(['notify', 'test', 'ops'], { cwd: dir, env });
    expect(ping.stdout).toContain('ops: answered HTTP 204');
    expect(verified()[2]!.type).toBe('ping');
    expect(list.stdout + replay.stdout + ping.stdout).not.toContain(SECRET);
  }, 60_000);

  it('sync delivers what it changed at its end, and a re-run sends nothing again', async () => {
    expect((await runCli(['sync'], { cwd: dir, env })).code).toBe(0);
    fake.addEntry(3001, { description: 'ORDER: The status conference set for 2/2/2031 is VACATED.' });
    const r = await runCli(['sync'], { cwd: dir, env });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/notifications: 1 delivered/);
    expect(verified().map((v) => v.type)).toEqual(['hearing.cancelled']);
    expect((await runCli(['sync'], { cwd: dir, env })).code).toBe(0);
    expect(received).toHaveLength(1);
  });
});
