import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeGoogle } from '../../src/fakepush/google.js';
import { Store } from '../../src/store/store.js';
import { assertBuilt, BIN, runCli } from '../helpers/cli.js';
import { deadlineRow, hearingRow } from '../helpers/rows.js';

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
let dir: string;
let google: FakeGoogle;

beforeAll(() => assertBuilt());
beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cc-push-e2e-'));
  google = new FakeGoogle();
  await google.start();
  google.serviceAccounts.set('pusher@proj.iam.gserviceaccount.com', publicKey);
  writeFileSync(path.join(dir, 'sa.json'), JSON.stringify({ type: 'service_account', client_email: 'pusher@proj.iam.gserviceaccount.com', private_key: privateKey, token_uri: 'https://oauth2.googleapis.com/token' }));
  writeFileSync(path.join(dir, 'client.json'), JSON.stringify({ installed: { client_id: 'cid.apps.googleusercontent.com', client_secret: 'client-secret-value' } }));
  const store = Store.open(path.join(dir, 's.sqlite'));
  store.transaction(() => {
    store.upsertDocketMeta({ docketId: 7, courtId: 'nysd', docketNumber: '1:26-cr-00007', caseName: null, absoluteUrl: null, dateLastFiling: null });
    store.completeDocketPoll(7, '2026-04-01T00:00:00.000000Z');
    for (let i = 0; i < 6; i++) store.putHearing(hearingRow({ key: `hearing-${i}`, title: `Status Conference ${i}`, localDate: `2030-05-1${i}`, docketId: 7 }));
    store.putDeadline(deadlineRow({ localDate: '2030-06-01', docketId: 7 }));
  });
  store.close();
});
afterEach(async () => {
  await google.stop();
  rmSync(dir, { recursive: true, force: true });
});

function config(credentials: string): void {
  writeFileSync(
    path.join(dir, 'config.yaml'),
    `store_path: s.sqlite
google_credentials_path: ${credentials}
google_token_path: tokens/google.json
calendars:
  main: {name: Main, ics_path: public/main.ics, google_calendar_id: primary}
cases:
  - {id: doe, name: US v. Doe, calendar: main, dockets: [7]}
`,
  );
}
const env = () => ({ GOOGLE_CALENDAR_BASE_URL: google.service.origin, GOOGLE_OAUTH_TOKEN_URL: google.tokenUrl });

describe('push and emit, as a process', () => {
  it('dry run sends nothing; a crash between an API call and its record re-sends without duplicating; then a quiet push makes no call', async () => {
    config('sa.json');
    const dry = await runCli(['push', '--dry-run', '--json'], { cwd: dir, env: env() });
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout).targets[0]).toMatchObject({ target: 'gcal:primary', create: 7, update: 0, remove: 0 });
    expect(google.service.requests).toHaveLength(0);

    const crashed = await runCli(['push'], { cwd: dir, env: { ...env(), CASE_CALENDAR_CRASH_AT: 'after-push-call' } });
    expect(crashed.code).toBeNull(); // killed right after the first event was created, before it was recorded
    expect(google.live('primary').length).toBeGreaterThanOrEqual(1);

    const again = await runCli(['push'], { cwd: dir, env: env() });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/\[gcal:primary\] created 7, updated 0, removed 0, 0 unchanged/);
    expect(google.events.size).toBe(7); // each row's id is fixed: the re-sent insert answered 409 and became a PATCH
    expect(google.live('primary')).toHaveLength(7);

    const before = google.service.requests.length;
    const quiet = await runCli(['emit'], { cwd: dir, env: env() });
    expect(quiet.code).toBe(0);
    expect(quiet.stdout).toMatch(/\[gcal:primary\] created 0, updated 0, removed 0, 7 unchanged \(0 requests\)/);
    expect(google.service.requests.length).toBe(before);
  });

  it('a missing or revoked Google token names setup, still writes the feed, and exits 1', async () => {
    config('client.json');
    let r = await runCli(['emit'], { cwd: dir, env: env() });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/NOT pushed: no Google token at .*google\.json — run `case-calendar setup gcal`/);
    expect(readFileSync(path.join(dir, 'public', 'main.ics'), 'utf8')).toContain('Status Conference 5');

    writeFileSync(path.join(dir, 'config.yaml'), readFileSync(path.join(dir, 'config.yaml'), 'utf8').replace('tokens/google.json', 'tok.json'));
    writeFileSync(path.join(dir, 'tok.json'), JSON.stringify({ refresh_token: 'revoked-refresh-token', access_token: 'old', expiry_date: 1 }));
    r = await runCli(['emit'], { cwd: dir, env: env() });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/revoked or has expired — run `case-calendar setup gcal`/);
    expect(r.stderr + r.stdout).not.toMatch(/revoked-refresh-token|client-secret-value/);
    expect(google.live('primary')).toHaveLength(0);
  });

  it('setup gcal: the loopback sign-in saves an owner-only token that push then uses', async () => {
    config('client.json');
    google.authCodes.set('auth-code-1', 'refresh-from-setup');
    const child = spawn(process.execPath, [BIN, 'setup', 'gcal', '--timeout', '30'], { cwd: dir, env: { ...process.env, ...env(), LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const authUrl = await new Promise<URL>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 15_000);
      child.stdout.on('data', () => {
        const m = /^(https:\/\/accounts\.google\.com\/\S+)$/m.exec(out);
        if (m) {
          clearTimeout(t);
          resolve(new URL(m[1]!));
        }
      });
    });
    expect(authUrl.searchParams.get('access_type')).toBe('offline');
    expect(authUrl.searchParams.get('scope')).toBe('https://www.googleapis.com/auth/calendar');
    expect(authUrl.searchParams.get('code_challenge_method')).toBe('S256');
    const redirect = authUrl.searchParams.get('redirect_uri')!;
    expect(redirect).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    // A request with the wrong state is not taken for the answer.
    expect((await fetch(`${redirect}?code=evil&state=nope`)).status).toBe(400);
    const ok = await fetch(`${redirect}?code=auth-code-1&state=${authUrl.searchParams.get('state')}`);
    expect(ok.status).toBe(200);
    const code = await new Promise<number | null>((r) => child.on('close', r));
    expect(code).toBe(0);
    expect(out).toContain(`gcal token staged at ${path.join(dir, 'tokens', 'google.json')}`);
    expect(out).not.toContain('refresh-from-setup');
    const file = path.join(dir, 'tokens', 'google.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8')).refresh_token).toBe('refresh-from-setup');
    const tokenRequest = google.service.requests.find((q) => q.path === '/token')!;
    expect((tokenRequest.body as Record<string, string>).code_verifier).toMatch(/^[\w.~-]{43,128}$/);

    const pushed = await runCli(['push'], { cwd: dir, env: env() });
    expect(pushed.code).toBe(0);
    expect(google.live('primary')).toHaveLength(7);
    expect(existsSync(path.join(dir, 'tokens', 'google.json'))).toBe(true);
  });

  it('setup gcal with a service-account key needs no token file and says whom to share with', async () => {
    config('sa.json');
    const r = await runCli(['setup', 'gcal'], { cwd: dir, env: env() });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Share Google calendar(s) primary with pusher@proj.iam.gserviceaccount.com');
    expect(existsSync(path.join(dir, 'tokens', 'google.json'))).toBe(false);
  });
});
