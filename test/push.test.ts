import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config/load.js';
import type { Config } from '../src/config/types.js';
import { FakeGoogle } from '../src/fakepush/google.js';
import { FakeGraph } from '../src/fakepush/graph.js';
import { GraphCalendar } from '../src/push/graph-calendar.js';
import type { RetryPolicy, TokenSource } from '../src/push/http.js';
import { googleEventId } from '../src/push/identity.js';
import { pushTargets } from '../src/push/push.js';
import { pushConfigured } from '../src/push/targets.js';
import { Store } from '../src/store/store.js';
import type { DeadlineRow, HearingRow } from '../src/store/types.js';
import { deadlineRow, hearingRow } from './helpers/rows.js';

let dir: string;
let store: Store;
let google: FakeGoogle;
let waits: number[];
const retry = (): RetryPolicy => ({ maxAttempts: 5, backoffBaseMs: 10, retryAfterCapMs: 60_000, sleep: async (ms) => void waits.push(ms) });
const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });

const hearing = (over: Partial<HearingRow> = {}) =>
  hearingRow({ key: 'status-conf', title: 'Status Conference', hearingType: 'status_conference', localDate: '2026-05-05', localTime: '10:00', startsAtUtc: '2026-05-05T14:00:00.000Z', durationMinutes: 30, timezone: 'America/New_York', docketId: 7, ...over });
const deadline = (over: Partial<DeadlineRow> = {}) => deadlineRow({ docketId: 7, localDate: '2026-05-20', ...over });

function writeConfig(cases: string, extra = ''): Config {
  writeFileSync(
    path.join(dir, 'config.yaml'),
    `store_path: s.sqlite
google_credentials_path: sa.json
${extra}calendars:
  main: {name: Main, ics_path: public/main.ics, google_calendar_id: primary, notify_emails: [clerk@example.org], reminders: [{method: popup, minutes: 30}]}
cases:
${cases}`,
  );
  return loadConfig(path.join(dir, 'config.yaml'));
}
const BOTH = `  - {id: doe, name: US v. Doe, calendar: main, dockets: [7]}
  - {id: roe, name: US v. Roe, calendar: main, dockets: [8]}
`;

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cc-push-'));
  waits = [];
  google = new FakeGoogle();
  await google.start();
  google.serviceAccounts.set('pusher@proj.iam.gserviceaccount.com', publicKey);
  google.expectedAudience = google.tokenUrl;
  writeFileSync(path.join(dir, 'sa.json'), JSON.stringify({ type: 'service_account', client_email: 'pusher@proj.iam.gserviceaccount.com', private_key: privateKey, token_uri: google.tokenUrl }));
  const config = writeConfig(BOTH);
  store = Store.open(config.storePath);
  store.transaction(() => {
    for (const id of [7, 8]) {
      store.upsertDocketMeta({ docketId: id, courtId: 'nysd', docketNumber: `1:26-cv-0000${id}`, caseName: null, absoluteUrl: null, dateLastFiling: null });
      store.completeDocketPoll(id, '2026-04-01T00:00:00.000000Z');
    }
    store.putHearing(hearing());
    store.putHearing(hearing({ key: 'trial', title: 'Jury Trial', hearingType: 'trial', localDate: '2026-06-01', startsAtUtc: '2026-06-01T13:00:00.000Z', localTime: '09:00' }));
    store.putHearing(hearing({ key: 'minor-call', title: 'Scheduling call', significance: 'minor' }));
    store.putHearing(hearing({ key: 'vacated', title: 'Motion Hearing', status: 'cancelled' }));
    store.putDeadline(deadline());
    store.putHearing(hearing({ caseId: 'roe', key: 'plea', title: 'Change of Plea', docketId: 8 }));
  });
});
afterEach(async () => {
  store.close();
  await google.stop();
  rmSync(dir, { recursive: true, force: true });
});

const env = () => ({ GOOGLE_CALENDAR_BASE_URL: google.service.origin });
const push = (config: Config = loadConfig(path.join(dir, 'config.yaml'))) => pushConfigured(store, config, { env: env(), retry: retry(), now: new Date('2026-04-10T12:00:00Z') });
const summaries = () => google.live('primary').map((e) => e.body.summary).sort();

describe('Google Calendar push', () => {
  it('creates the shown rows once, then makes no calls while nothing changes', async () => {
    const [r] = await push();
    expect(r).toMatchObject({ target: 'gcal:primary', create: 4, update: 0, remove: 0, failed: 0, error: null });
    expect(summaries()).toEqual(['US v. Doe: Deadline: Reply brief', 'US v. Doe: Jury Trial', 'US v. Doe: Status Conference', 'US v. Roe: Change of Plea']);
    const trial = google.events.get(`primary/${googleEventId('doe::trial')}`)!;
    expect(trial.body).toMatchObject({ start: { dateTime: '2026-06-01T09:00:00', timeZone: 'America/New_York' }, end: { dateTime: '2026-06-01T09:30:00', timeZone: 'America/New_York' }, attendees: [{ email: 'clerk@example.org' }], reminders: { useDefault: false, overrides: [{ method: 'popup', minutes: 30 }] } });
    expect(google.events.get(`primary/${googleEventId('doe::deadline:reply')}`)!.body).toMatchObject({ start: { date: '2026-05-20' }, end: { date: '2026-05-21' }, transparency: 'transparent' });
    expect(google.apiCalls.every((c) => c.query.get('sendUpdates') === 'externalOnly')).toBe(true);

    const before = google.service.requests.length;
    const [quiet] = await push();
    expect(quiet).toMatchObject({ create: 0, update: 0, remove: 0, unchanged: 4, requests: 0 });
    expect(google.service.requests.length).toBe(before); // not even a token exchange
  });

  it('a reschedule is one PATCH of the same event', async () => {
    await push();
    const before = google.apiCalls.length;
    store.putHearing(hearing({ key: 'trial', title: 'Jury Trial', hearingType: 'trial', localDate: '2026-06-08', startsAtUtc: '2026-06-08T13:00:00.000Z', localTime: '09:00', sequence: 1 }));
    const [r] = await push();
    expect(r).toMatchObject({ create: 0, update: 1, remove: 0 });
    const calls = google.apiCalls.slice(before);
    expect(calls.map((c) => `${c.method} ${c.path.split('/').pop()}`)).toEqual([`PATCH ${googleEventId('doe::trial')}`]);
    expect(google.events.get(`primary/${googleEventId('doe::trial')}`)!.body.start).toEqual({ dateTime: '2026-06-08T09:00:00', timeZone: 'America/New_York' });
  });

  it('removes once what is no longer shown: cancelled, merged away, turned minor, lost its date, and a case left the config', async () => {
    google.addForeignEvent('primary', 'someoneelses1', 'Lunch');
    await push();
    store.putHearing(hearing({ status: 'cancelled', sequence: 1 })); // status-conf cancelled
    store.deleteHearing('doe', 'trial'); // merged into another row
    store.putDeadline(deadline({ significance: 'minor' }));
    let [r] = await push();
    expect(r).toMatchObject({ create: 0, update: 0, remove: 3, failed: 0 });
    expect(summaries()).toEqual(['Lunch', 'US v. Roe: Change of Plea']);
    expect(google.events.get(`primary/${googleEventId('doe::trial')}`)!.status).toBe('cancelled');
    expect(google.events.get('primary/someoneelses1')!.status).toBe('confirmed'); // never touched

    const config = writeConfig(`  - {id: doe, name: US v. Doe, calendar: main, dockets: [7]}\n`);
    [r] = await push(config);
    expect(r).toMatchObject({ remove: 1 });
    expect(summaries()).toEqual(['Lunch']);
    const before = google.apiCalls.length;
    [r] = await push(config);
    expect(r).toMatchObject({ remove: 0, requests: 0 });
    expect(google.apiCalls.length).toBe(before);
    expect(google.apiCalls.filter((c) => c.path.endsWith('someoneelses1'))).toEqual([]);
  });

  it('takes over an event that already exists under its id (a store carried over, or a crash before the record) without duplicating it', async () => {
    google.events.set(`primary/${googleEventId('doe::trial')}`, { id: googleEventId('doe::trial'), calendarId: 'primary', status: 'cancelled', body: { summary: 'old' }, purged: false, foreign: false });
    const [r] = await push();
    expect(r).toMatchObject({ create: 4, failed: 0 });
    expect(google.events.size).toBe(4);
    expect(google.events.get(`primary/${googleEventId('doe::trial')}`)).toMatchObject({ status: 'confirmed', body: { summary: 'US v. Doe: Jury Trial' } });
  });

  it('waits out 429, 503 and rate-limit 403 answers (Retry-After honoured) and renews an expired token once', async () => {
    google.service.failNext(1, { status: 429, retryAfter: '7' }, (q) => q.path.startsWith('/calendar/'));
    google.service.failNext(1, { status: 503 }, (q) => q.path.startsWith('/calendar/'));
    google.service.failNext(1, { status: 403, body: { error: { code: 403, errors: [{ reason: 'rateLimitExceeded' }], message: 'Rate Limit Exceeded' } } }, (q) => q.path.startsWith('/calendar/'));
    const [r] = await push();
    expect(r).toMatchObject({ create: 4, failed: 0 });
    expect(waits).toContain(7000);
    expect(waits).toHaveLength(3);
    expect(google.live('primary')).toHaveLength(4);

    // The access token expires mid-run: one 401, one renewal, the call goes through.
    google.service.failNext(1, { status: 401, body: { error: { code: 401, message: 'Invalid Credentials' } } }, (q) => q.path.startsWith('/calendar/'));
    store.putHearing(hearing({ localTime: '11:00', startsAtUtc: '2026-05-05T15:00:00.000Z', sequence: 1 }));
    const tokenCalls = () => google.service.countWhere((q) => q.path === '/token');
    const before = tokenCalls();
    const [again] = await pushConfigured(store, loadConfig(path.join(dir, 'config.yaml')), { env: env(), retry: retry() });
    expect(again).toMatchObject({ update: 1, failed: 0, error: null });
    expect(tokenCalls()).toBe(before + 2); // first token of this run, then the renewal after the 401
  });

  it('re-creates an event that vanished from the calendar (404), and leaves one deleted for good (410) alone', async () => {
    await push();
    google.events.delete(`primary/${googleEventId('doe::trial')}`);
    google.events.get(`primary/${googleEventId('roe::plea')}`)!.purged = true;
    store.putHearing(hearing({ key: 'trial', title: 'Jury Trial', hearingType: 'trial', localDate: '2026-06-02', startsAtUtc: '2026-06-02T13:00:00.000Z', localTime: '09:00', sequence: 1 }));
    store.putHearing(hearing({ caseId: 'roe', key: 'plea', title: 'Change of Plea', docketId: 8, localDate: '2026-05-06', sequence: 1 }));
    const before = google.apiCalls.length;
    const [r] = await push();
    expect(r).toMatchObject({ update: 2, failed: 0 });
    const calls = google.apiCalls.slice(before).map((c) => `${c.method} ${c.path.endsWith('/events') ? 'insert' : c.path.split('/').pop()}`).sort();
    expect(calls).toEqual([`PATCH ${googleEventId('doe::trial')}`, `PATCH ${googleEventId('roe::plea')}`, 'POST insert'].sort());
    expect(google.events.get(`primary/${googleEventId('doe::trial')}`)).toMatchObject({ status: 'confirmed', body: { start: { dateTime: '2026-06-02T09:00:00', timeZone: 'America/New_York' } } });
    expect((await push())[0]).toMatchObject({ update: 0, requests: 0 }); // the purged one is not retried every run
  });

  it('pushes only the remote calendars fed by the config calendars asked for', async () => {
    expect(await pushConfigured(store, loadConfig(path.join(dir, 'config.yaml')), { env: env(), retry: retry(), only: ['nope'] })).toEqual([]);
    expect((await pushConfigured(store, loadConfig(path.join(dir, 'config.yaml')), { env: env(), retry: retry(), only: ['main'], dryRun: true }))[0]).toMatchObject({ target: 'gcal:primary', create: 4 });
    expect(google.service.requests).toHaveLength(0);
  });

  it('a final error leaves the row for the next run (its record is written only after success)', async () => {
    google.service.failNext(5, { status: 500 }, (q) => q.method === 'POST' && (q.body as { id?: string }).id === googleEventId('roe::plea'));
    const [r] = await push();
    expect(r!.failed).toBe(1);
    expect(google.live('primary')).toHaveLength(3);
    const [next] = await push();
    expect(next).toMatchObject({ create: 1, failed: 0 });
    expect(google.live('primary')).toHaveLength(4);
  });

  it('does not remove everything when pointed at a store without the rows', async () => {
    await push();
    store.transaction(() => {
      for (const h of store.listHearings('doe')) store.deleteHearing('doe', h.key);
      for (const d of store.listDeadlines('doe')) store.deleteDeadline('doe', d.key);
      store.deleteHearing('roe', 'plea');
    });
    const [r] = await push();
    expect(r!.error).toMatch(/would remove all 4 event\(s\).*store_path/);
    expect(google.live('primary')).toHaveLength(4);
  });
});

describe('Google user OAuth token', () => {
  const oauthSetup = () => {
    writeFileSync(path.join(dir, 'client.json'), JSON.stringify({ installed: { client_id: 'cid.apps.googleusercontent.com', client_secret: 'shh', token_uri: google.tokenUrl } }));
    writeFileSync(path.join(dir, 'tok.json'), JSON.stringify({ token: 'stale', refresh_token: 'refresh-1', expiry: '2020-01-01T00:00:00Z' }), { mode: 0o644 });
    const config = writeConfig(BOTH, '');
    config.push.googleCredentialsPath = path.join(dir, 'client.json');
    config.push.googleTokenPath = path.join(dir, 'tok.json');
    return config;
  };

  it('refreshes an expired token from the saved refresh token and saves it back owner-only', async () => {
    const config = oauthSetup();
    const [r] = await push(config);
    expect(r).toMatchObject({ create: 4, failed: 0, error: null });
    const saved = JSON.parse(readFileSync(path.join(dir, 'tok.json'), 'utf8'));
    expect(saved.access_token).toMatch(/^ya29\.fake-/);
    expect(saved.refresh_token).toBe('refresh-1');
    expect(statSync(path.join(dir, 'tok.json')).mode & 0o777).toBe(0o600);
  });

  it('a revoked token stops that target with a message naming setup, and no secret', async () => {
    const config = oauthSetup();
    google.refreshTokens.clear();
    const [r] = await push(config);
    expect(r!.authFailed).toBe(true);
    expect(r!.error).toMatch(/revoked or has expired — run `case-calendar setup gcal`/);
    expect(r!.error).not.toMatch(/refresh-1|shh/);
    expect(google.live('primary')).toHaveLength(0);
  });
});

describe('Microsoft Graph push', () => {
  let graph: FakeGraph;
  const tokens: TokenSource = { token: async () => 'graph-token', refresh: async () => 'graph-token' };
  beforeEach(async () => {
    graph = new FakeGraph();
    graph.validTokens.add('graph-token');
    graph.calendars.add('cal-1');
    await graph.start();
  });
  afterEach(() => graph.stop());
  const target = () => ({ remote: new GraphCalendar('cal-1', tokens, retry(), graph.service.origin), calendars: ['main'] });
  const run = (config = loadConfig(path.join(dir, 'config.yaml'))) => pushTargets(store, config, [target()], { now: new Date('2026-04-10T12:00:00Z') });

  it('creates, stays quiet, patches a reschedule, deletes a cancelled row, and finds its own event after a lost id', async () => {
    const [r] = await run();
    expect(r).toMatchObject({ target: 'm365:cal-1', create: 4, failed: 0 });
    expect(graph.live('cal-1')).toHaveLength(4);
    const deadlineEvent = graph.live('cal-1').find((e) => String(e.body.subject).includes('Reply brief'))!;
    expect(deadlineEvent.body).toMatchObject({ start: { dateTime: '2026-05-20T09:00:00', timeZone: 'America/New_York' }, end: { dateTime: '2026-05-20T17:00:00' }, isReminderOn: true, reminderMinutesBeforeStart: 30 });
    expect(graph.apiCalls.filter((c) => c.method === 'POST').every((c) => (c.body as { transactionId?: string }).transactionId?.length === 40)).toBe(true);

    let before = graph.apiCalls.length;
    expect((await run())[0]).toMatchObject({ unchanged: 4, requests: 0 });
    expect(graph.apiCalls.length).toBe(before);

    store.putHearing(hearing({ localDate: '2026-05-07', startsAtUtc: '2026-05-07T14:00:00.000Z', sequence: 1 }));
    before = graph.apiCalls.length;
    expect((await run())[0]).toMatchObject({ update: 1 });
    expect(graph.apiCalls.slice(before).map((c) => c.method)).toEqual(['PATCH']);

    store.putHearing(hearing({ key: 'trial', title: 'Jury Trial', status: 'cancelled', localDate: '2026-06-01', sequence: 2 }));
    expect((await run())[0]).toMatchObject({ remove: 1 });
    expect(graph.live('cal-1')).toHaveLength(3);

    // The record of one event is lost (a crash right after the create): the next push finds it by its key.
    store.deletePushState('m365:cal-1', 'roe::plea');
    expect((await run())[0]).toMatchObject({ create: 1, failed: 0 });
    expect(graph.live('cal-1')).toHaveLength(3);
  });

  it('re-creates an event deleted in Outlook when its row changes', async () => {
    await run();
    const id = graph.live('cal-1').find((e) => String(e.body.subject).includes('Jury Trial'))!.id;
    graph.events.delete(id);
    store.putHearing(hearing({ key: 'trial', title: 'Jury Trial', hearingType: 'trial', localDate: '2026-06-03', startsAtUtc: '2026-06-03T13:00:00.000Z', localTime: '09:00', sequence: 1 }));
    const before = graph.apiCalls.length;
    expect((await run())[0]).toMatchObject({ update: 1, failed: 0 });
    expect(graph.apiCalls.slice(before).map((c) => c.method)).toEqual(['PATCH', 'GET', 'POST']);
    expect(graph.live('cal-1').filter((e) => String(e.body.subject).includes('Jury Trial'))).toHaveLength(1);
  });

  it('never touches events it did not create', async () => {
    const foreign = graph.addForeignEvent('cal-1', 'Dentist');
    await run();
    store.deleteHearing('doe', 'trial');
    await run();
    expect(graph.events.get(foreign)?.body.subject).toBe('Dentist');
    expect(graph.apiCalls.filter((c) => c.path.includes(foreign))).toEqual([]);
  });
});

describe('SharedTokens', () => {
  it('parallel calls refused with the same token cause one refresh, and a call holding an old token takes the new one', async () => {
    const { SharedTokens } = await import('../src/push/http.js');
    let refreshes = 0;
    const shared = new SharedTokens({ token: async () => 'token-0', refresh: async () => `token-${++refreshes}` });
    expect(await shared.token()).toBe('token-0');
    const all = await Promise.all([1, 2, 3, 4].map(() => shared.refresh('token-0')));
    expect(all).toEqual(['token-1', 'token-1', 'token-1', 'token-1']);
    expect(refreshes).toBe(1);
    expect(await shared.refresh('token-0')).toBe('token-1'); // late: already replaced
    expect(await shared.refresh('token-1')).toBe('token-2');
  });
});
