import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { FakeCourtListener } from '../../src/fakecl/server.js';
import { FakeGoogle } from '../../src/fakepush/google.js';
import { generateKeyPairSync } from 'node:crypto';
import { quickCheck } from '../../src/store/integrity.js';
import { Store } from '../../src/store/store.js';
import { assertBuilt, runCli } from '../helpers/cli.js';
import { parseIcs } from '../helpers/ics.js';
import { SECRET, docketAlert, post, startServe, waitFor, type Served, tearDown, valeWorkspace } from '../helpers/serve.js';

const TOKEN = 'serve-token-4c1d';
const CONFIG = `
store_path: data/store.sqlite
courtlistener: {backoff_base_ms: 10, timeout_seconds: 5, max_requests_per_minute: 10000}
webhook: {max_body_bytes: 20000, retry_base_seconds: 0.05, max_attempts: 3}
calendars:
  main: {name: "Main", ics_path: out/main.ics}
cases:
  - {id: us-v-vale, name: "United States v. Vale", calendar: main, dockets: [3001]}
`;

let fake: FakeCourtListener;
let dir: string;
let env: Record<string, string>;
let served: Served | null = null;
let entryId = 70_000;

function entry(description: string, extra: Record<string, unknown> = {}) {
  entryId++;
  return {
    id: entryId,
    docket: 3001,
    entry_number: entryId - 70_000,
    recap_sequence_number: `2031-01-01.${String(entryId).padStart(6, '0')}`,
    date_filed: '2030-12-01',
    date_modified: '2030-12-01T10:00:00.000000-08:00',
    description,
    short_description: '',
    recap_documents: [],
    ...extra,
  };
}

const db = () => new Database(path.join(dir, 'data', 'store.sqlite'), { readonly: true, fileMustExist: true });
function query<T>(sql: string, ...args: unknown[]): T[] {
  const d = db();
  try {
    return d.prepare(sql).all(...args) as T[];
  } finally {
    d.close();
  }
}
const pending = () => query<{ n: number }>(`SELECT COUNT(*) AS n FROM inbox WHERE status = 'pending'`)[0]!.n;

/**
 * A store that opens fine but has a damaged table: real rows written and checkpointed, then one
 * leaf page of the inbox table in the middle of the file overwritten with garbage.
 */
function corruptStore(file: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const store = Store.open(file);
  const receivedAt = new Date().toISOString();
  store.inboxInsertMany(Array.from({ length: 200 }, (_, i) => ({ key: `k-${i}`, keySource: 'header' as const, eventType: 1, body: JSON.stringify({ pad: 'x'.repeat(1000), i }), receivedAt })));
  store.close();
  const d = new Database(file);
  d.pragma('wal_checkpoint(TRUNCATE)');
  const pageSize = d.pragma('page_size', { simple: true }) as number;
  const leaves = (d.prepare(`SELECT pageno FROM dbstat WHERE name = 'inbox' AND pagetype = 'leaf' ORDER BY pageno`).all() as Array<{ pageno: number }>).map((r) => r.pageno);
  d.close();
  expect(leaves.length).toBeGreaterThan(10);
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (leaves[Math.floor(leaves.length / 2)]! - 1) * pageSize);
  closeSync(fd);
  const check = new Database(file, { readonly: true });
  try {
    expect(quickCheck(check)).not.toEqual([]);
  } finally {
    check.close();
  }
}

beforeAll(() => assertBuilt());
beforeEach(async () => {
  ({ dir, fake, env } = await valeWorkspace('cc-serve-', CONFIG, TOKEN));
});
afterEach(async () => {
  await tearDown(served, fake, dir);
  served = null;
});

describe('serve: the webhook receiver', () => {
  it('refuses to start with a weak secret, explaining how to make one (exit 2)', async () => {
    const r = await runCli(['serve', '--port', '0'], { cwd: dir, env: { ...env, CASE_CALENDAR_WEBHOOK_SECRET: 'short' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/randomBytes\(32\)/);
  });

  it('refuses to start on a store that fails PRAGMA quick_check, naming the file and how to recover it (exit 1)', async () => {
    const file = path.join(dir, 'data', 'store.sqlite');
    corruptStore(file);
    const started = startServe(dir, env);
    const failure = await started.then(
      (s) => {
        served = s;
        return 'it started';
      },
      (err: Error) => err.message,
    );
    expect(failure).toMatch(/^serve exited 1 before listening/);
    expect(failure).toContain(`store ${file} is corrupt (PRAGMA quick_check:`);
    expect(failure).toMatch(/restore it from a backup/);
    expect(failure).toContain(`sqlite3 ${file} ".recover" | sqlite3 ${path.join(dir, 'data', 'store.recovered.sqlite')}`);
    expect(failure.trim().split('\n')).toHaveLength(2); // the one message, no stack
  });

  it('acknowledges a delivery, processes it behind the inbox, and treats a re-serialised retry as a duplicate', async () => {
    served = await startServe(dir, env);
    const body = docketAlert([entry('Sentencing set for 4/15/2031 11:00 AM in Courtroom 1925 before Judge Manish S. Shah.')]);
    const first = await post(served.base, body, { key: 'key-one' });
    expect(first.status).toBe(200);
    expect(first.headers.get('x-case-calendar')).toBeTruthy();
    expect(await first.json()).toEqual({ status: 'queued' });
    // CourtListener retries with the same key; the body may be serialised differently.
    const retry = await post(served.base, null, { key: 'key-one', raw: JSON.stringify(body, null, 2) });
    expect(await retry.json()).toEqual({ status: 'duplicate' });

    const ics = await waitFor(() => (existsSync(path.join(dir, 'out/main.ics')) ? readFileSync(path.join(dir, 'out/main.ics'), 'utf8') : null), 'the calendar');
    const events = parseIcs(ics);
    expect(events).toHaveLength(1);
    expect(events[0]!.summary).toContain('Sentencing');
    expect(events[0]!.tzid).toBe('America/Chicago');
    expect(query('SELECT idempotency_key, status FROM inbox')).toEqual([{ idempotency_key: 'key-one', status: 'done' }]);
    expect(fake.countRequests('/dockets/3001/')).toBe(1); // metadata fetched once for the unknown docket
    // The poller's cutoffs are not moved by webhooks.
    expect(query('SELECT entries_cutoff, date_modified FROM dockets')).toEqual([{ entries_cutoff: null, date_modified: null }]);
    expect(served.stdout() + served.stderr()).not.toContain(SECRET);
  });

  it('pushes a delivered hearing to Google Calendar within seconds, and a reschedule as one PATCH', async () => {
    const google = new FakeGoogle();
    await google.start();
    try {
      const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
      google.serviceAccounts.set('serve@proj.iam.gserviceaccount.com', publicKey);
      writeFileSync(path.join(dir, 'sa.json'), JSON.stringify({ type: 'service_account', client_email: 'serve@proj.iam.gserviceaccount.com', private_key: privateKey, token_uri: google.tokenUrl }));
      writeFileSync(path.join(dir, 'config.yaml'), CONFIG.replace('ics_path: out/main.ics}', 'ics_path: out/main.ics, google_calendar_id: primary}') + 'google_credentials_path: sa.json\n');
      served = await startServe(dir, { ...env, GOOGLE_CALENDAR_BASE_URL: google.service.origin });
      await post(served.base, docketAlert([entry('Sentencing set for 4/15/2031 11:00 AM in Courtroom 1925 before Judge Manish S. Shah.')]), { key: 'push-1' });
      const [event] = await waitFor(() => (google.live('primary').length ? google.live('primary') : null), 'the event in Google Calendar');
      expect(event!.body).toMatchObject({ start: { dateTime: '2031-04-15T11:00:00', timeZone: 'America/Chicago' } });
      const before = google.apiCalls.length;
      await post(served.base, docketAlert([entry('ORDER: Sentencing reset to 4/22/2031 at 11:00 AM.')]), { key: 'push-2' });
      await waitFor(() => (google.live('primary')[0]?.body.start as { dateTime?: string } | undefined)?.dateTime === '2031-04-22T11:00:00', 'the rescheduled event');
      expect(google.apiCalls.slice(before).map((c) => c.method)).toEqual(['PATCH']);
      expect(google.live('primary')).toHaveLength(1);
    } finally {
      await google.stop();
    }
  });

  it('answers bad requests with the right status and stores nothing', async () => {
    served = await startServe(dir, env);
    const wrong = await post(served.base, docketAlert([]), { key: 'x', secret: 'not-the-secret-not-the-secret-12345' });
    expect(wrong.status).toBe(404);
    expect(wrong.headers.get('x-case-calendar')).toBeTruthy();
    expect((await post(served.base, null, { raw: 'x'.repeat(30_000) })).status).toBe(413);
    expect((await post(served.base, docketAlert([]), { contentType: 'text/plain' })).status).toBe(415);
    expect((await post(served.base, null, { raw: '{"webhook": ' })).status).toBe(400);
    expect((await post(served.base, { hello: 'world' })).status).toBe(400);
    // Chunked (no Content-Length) bodies are counted while they stream.
    const chunked = await fetch(`${served.base}/webhooks/case-calendar/${SECRET}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new ReadableStream({
        start(c) {
          for (let i = 0; i < 30; i++) c.enqueue(new TextEncoder().encode('x'.repeat(1000)));
          c.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(query<{ n: number }>('SELECT COUNT(*) AS n FROM inbox')[0]!.n).toBe(0);
    const health = await fetch(`${served.base}/health`);
    expect(await health.json()).toEqual({ status: 'ok' });
    const deep = await (await fetch(`${served.base}/webhooks/case-calendar/${SECRET}/health`)).json();
    expect(deep).toMatchObject({ service: 'case-calendar', status: 'ok', tracking: { cases: 1, dockets: 1 }, inbox: { pending: 0, dead: 0 }, store: 'ok' });
  });

  it('handles every event type with a 2xx: batches in order, stubs, unknown dockets, alert re-arming, RECAP fetch refresh', async () => {
    fake.addDocketAlert({ docket: 3001, alert_type: 1 });
    const alertId = fake.docketAlerts()[0]!.id;
    served = await startServe(dir, env);
    const batch = docketAlert([
      entry('Status Conference reset for 3/10/2031 at 10:00 AM before Judge Manish S. Shah.', { recap_sequence_number: '2031-01-02.000002' }),
      entry('Status Conference set for 3/3/2031 at 10:00 AM before Judge Manish S. Shah.', { recap_sequence_number: '2031-01-02.000001' }),
      entry('', { recap_documents: [{ id: 1, document_number: '9', attachment_number: null, description: '', is_available: false, is_sealed: false, plain_text: '' }] }),
      { ...entry('Jury Trial set for 5/5/2031 before Judge X.'), docket: 4214664 },
    ]);
    for (const [i, body] of [
      batch,
      { webhook: { event_type: 2 }, payload: { alert: {}, results: [] } },
      { webhook: { event_type: 3 }, payload: { docket: 3001, status: 2 } },
      { webhook: { event_type: 4 }, payload: { old_alerts: [{ id: alertId, docket: 3001, alert_type: 1 }], disabled_alerts: [{ id: 999, docket: 123, alert_type: 0 }] } },
      { webhook: { event_type: 5 }, payload: {} },
    ].entries()) {
      const r = await post(served.base, body, { key: `evt-${i}` });
      expect(r.status).toBe(200);
    }
    await waitFor(() => pending() === 0, 'the inbox to drain');
    const rows = query<{ idempotency_key: string; status: string; result: string }>('SELECT idempotency_key, status, result FROM inbox ORDER BY id');
    expect(rows.map((r) => r.status)).toEqual(['done', 'done', 'done', 'done', 'done']);
    const results = rows.map((r) => JSON.parse(r.result) as Record<string, unknown>);
    expect(results[0]).toMatchObject({ entries: 4, processed: 2, unknownDockets: 1 });
    expect(results[1]).toMatchObject({ ignored: true });
    expect(results[3]).toMatchObject({ alertsRearmed: 1 });
    expect(results[4]).toMatchObject({ ignored: true });
    expect(fake.requests.some((q) => q.method === 'PATCH' && q.path === `/api/rest/v4/docket-alerts/${alertId}/`)).toBe(true);
    expect(fake.requests.some((q) => q.path === '/api/rest/v4/docket-entries/')).toBe(true); // RECAP fetch → docket refresh
    // Sorted by sequence: set 3/3 then reset to 3/10 → one conference on 3/10.
    const hearings = query<{ local_date: string }>('SELECT local_date FROM hearings');
    expect(hearings).toEqual([{ local_date: '2031-03-10' }]);
    // The stub is stored (for reconcile) but extracted nothing.
    expect(query<{ n: number }>(`SELECT COUNT(*) AS n FROM entries WHERE description = ''`)[0]!.n).toBe(1);
  });

  it('subscribes configured dockets to webhooks in the background once listening (ensure_docket_alerts)', async () => {
    expect(fake.docketAlerts()).toEqual([]);
    served = await startServe(dir, env);
    const alerts = await waitFor(() => (fake.docketAlerts().length ? fake.docketAlerts() : null), 'the docket alert to be created');
    expect(alerts.map((a) => [a.docket, a.alert_type])).toEqual([[3001, 1]]);
    // Checked for today: a restart does not spend another request on it.
    served.child.kill('SIGTERM');
    await served.exited;
    fake.resetRequests();
    served = await startServe(dir, env);
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.requests.filter((q) => q.path.includes('docket-alerts'))).toEqual([]);
  });

  it('coalesces re-renders: a burst of 20 deliveries for one case renders its calendar once or twice', async () => {
    served = await startServe(dir, env);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        post(served!.base, docketAlert([entry(`Motion Hearing set for 10/${i + 1}/2031 at 10:00 AM re ${300 + i} MOTION to Compel before Judge Manish S. Shah.`)]), { key: `coalesce-${i}` }),
      ),
    );
    await waitFor(() => pending() === 0, 'the inbox to drain');
    await waitFor(() => /calendar (written|unchanged)/.test(served!.stderr()), 'a re-render');
    await new Promise((r) => setTimeout(r, 800)); // past the coalescing window
    const renders = served.stderr().split('\n').filter((l) => /"msg":"calendar (written|unchanged)"/.test(l));
    expect(renders.length).toBeGreaterThanOrEqual(1);
    expect(renders.length).toBeLessThanOrEqual(2);
    expect(parseIcs(readFileSync(path.join(dir, 'out/main.ics'), 'utf8')).length).toBe(20);
    // One log line per delivery, with its key and event type, and never the secret.
    expect(served.stderr().split('\n').filter((l) => l.includes('"msg":"delivery acknowledged"'))).toHaveLength(20);
    const entryLines = served.stderr().split('\n').filter((l) => l.includes('"msg":"webhook entry"'));
    expect(entryLines).toHaveLength(20);
    expect(entryLines.every((l) => l.includes('"caseId":"us-v-vale"') && l.includes('"docketId":3001'))).toBe(true);
    expect(served.stderr()).not.toContain(SECRET);
  });

  it('parks a delivery that keeps failing as dead, visible in health and replayable', async () => {
    fake.failNext({ path: '/dockets/3001/', status: 503, times: 100 });
    served = await startServe(dir, env);
    await post(served.base, docketAlert([entry('Sentencing set for 4/15/2031 11:00 AM.')]), { key: 'doomed' });
    await waitFor(() => query<{ status: string }>('SELECT status FROM inbox')[0]?.status === 'dead', 'the delivery to die', 20_000);
    const deep = (await (await fetch(`${served.base}/webhooks/case-calendar/${SECRET}/health`)).json()) as { inbox: { dead: number } };
    expect(deep.inbox.dead).toBe(1);
    const list = await runCli(['inbox', '--status', 'dead'], { cwd: dir, env });
    expect(list.stdout).toMatch(/dead +\S+ +event=1 attempts=3 +doomed/);
    fake.clearFailures();
    const replay = await runCli(['inbox', 'replay', '--dead'], { cwd: dir, env });
    expect(replay.stdout).toMatch(/requeued 1 delivery/);
    await waitFor(() => query<{ status: string }>('SELECT status FROM inbox')[0]?.status === 'done', 'the replayed delivery', 70_000);
  }, 90_000);

  it('loses no acknowledged delivery when killed mid-burst (SIGKILL, restart, every one applied once)', async () => {
    served = await startServe(dir, env);
    const acked: string[] = [];
    const N = 30;
    for (let i = 0; i < N; i++) {
      const day = String(1 + (i % 28)).padStart(2, '0');
      const body = docketAlert([entry(`Motion Hearing set for 6/${day}/2031 at 9:${String(i).padStart(2, '0')} AM re ${100 + i} MOTION to Compel.`)]);
      const r = await post(served.base, body, { key: `burst-${i}` });
      if (r.status === 200) acked.push(`burst-${i}`);
      if (i === 14) served.child.kill('SIGKILL');
      if (i >= 14) break;
    }
    await served.exited;
    expect(acked).toHaveLength(15);
    served = await startServe(dir, env);
    for (let i = 15; i < N; i++) {
      const body = docketAlert([entry(`Motion Hearing set for 7/${String(1 + (i % 28)).padStart(2, '0')}/2031 at 9:${String(i).padStart(2, '0')} AM re ${100 + i} MOTION to Compel.`)]);
      expect((await post(served.base, body, { key: `burst-${i}` })).status).toBe(200);
      acked.push(`burst-${i}`);
    }
    await waitFor(() => pending() === 0, 'the inbox to drain after restart');
    const done = query<{ idempotency_key: string }>(`SELECT idempotency_key FROM inbox WHERE status = 'done'`).map((r) => r.idempotency_key);
    expect(done.sort()).toEqual([...acked].sort());
    const hearings = query<{ hearing_key: string; source_entry_ids: string }>('SELECT hearing_key, source_entry_ids FROM hearings');
    expect(hearings).toHaveLength(N);
    for (const h of hearings) expect(JSON.parse(h.source_entry_ids)).toHaveLength(1);
    expect(query<{ n: number }>('SELECT COUNT(*) AS n FROM entries')[0]!.n).toBe(N);
  }, 60_000);

  it('runs alongside sync on the same store without lock errors, and stops cleanly on SIGTERM', async () => {
    for (let i = 0; i < 40; i++) fake.addEntry(3001, { description: `Status Conference set for 8/${1 + (i % 28)}/2031 at 1:${String(i).padStart(2, '0')} PM re ${200 + i} MOTION.` });
    served = await startServe(dir, env);
    const syncing = runCli(['sync'], { cwd: dir, env });
    const posts: Promise<Response>[] = [];
    for (let i = 0; i < 25; i++) posts.push(post(served.base, docketAlert([entry(`Motion Hearing set for 9/${1 + i}/2031 at 10:00 AM re ${500 + i} MOTION to Sever.`)]), { key: `both-${i}` }));
    const statuses = (await Promise.all(posts)).map((r) => r.status);
    expect(statuses.every((s) => s === 200)).toBe(true);
    const s = await syncing;
    expect(s.code).toBe(0);
    await waitFor(() => pending() === 0, 'the inbox to drain');
    expect(served.stderr()).not.toMatch(/SQLITE_BUSY|database is locked/);
    expect(s.stderr).not.toMatch(/SQLITE_BUSY|database is locked/);
    expect(query<{ n: number }>('SELECT COUNT(*) AS n FROM entries')[0]!.n).toBe(65);
    served.child.kill('SIGTERM');
    expect(await served.exited).toBe(0);
  }, 60_000);
});
