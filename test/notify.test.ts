import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { Webhook } from 'standardwebhooks';
import { parseConfig } from '../src/config/load.js';
import type { Config } from '../src/config/types.js';
import { Notifier } from '../src/notify/deliver.js';
import { eventMatches } from '../src/notify/events.js';
import { newSecret } from '../src/notify/sign.js';
import { Store } from '../src/store/store.js';
import type { HearingRow } from '../src/store/types.js';
import { deadlineRow, hearingRow } from './helpers/rows.js';

const silent = pino({ level: 'silent' });
const SECRET = newSecret();
const OLD_SECRET = newSecret();
let dir: string;
let store: Store;
let config: Config;
let receiver: Server;
let url: string;
let received: Array<{ headers: IncomingHttpHeaders; body: string; path: string }>;
let answers: Array<{ status: number; headers?: Record<string, string> }>;
let clock: Date;

function configure(extra = '', endpoint = '') {
  config = parseConfig(
    `store_path: s.sqlite
calendars: {main: {ics_path: out/main.ics}}
cases:
  - {id: us-v-lark, name: "United States v. Lark", calendar: main, dockets: [7]}
  - {id: us-v-wren, name: "United States v. Wren", calendar: main, dockets: [8]}
notify: {debounce_seconds: 30, max_attempts: 4, retry_base_seconds: 10, disable_after_failures: 3${extra}}
notifications:
  - {id: ops, url: "${url}/hook", events: ["hearing.*", "deadline.*", "entry.unread"], secret_env: CC_TEST_SECRET${endpoint}}
`,
    path.join(dir, 'config.yaml'),
  );
}

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cc-notify-'));
  received = [];
  answers = [];
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, body, path: req.url ?? '' });
      const a = answers.shift() ?? { status: 204 };
      res.writeHead(a.status, a.headers ?? {});
      res.end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  configure();
  clock = new Date('2026-04-10T15:00:00Z');
  store = Store.open(config.storePath, { clock: () => clock });
  store.announceChanges = true;
  store.transaction(() => {
    for (const id of [7, 8]) {
      store.upsertDocketMeta({ docketId: id, courtId: 'ilnd', docketNumber: `1:26-cr-0000${id}`, caseName: null, absoluteUrl: `/docket/${id}/us-v-x/`, dateLastFiling: null });
      store.completeDocketPoll(id, '2026-04-01T00:00:00.000000Z'); // read through once: changes are news now
    }
  });
});
afterEach(async () => {
  store.close();
  await new Promise((r) => receiver.close(r));
  rmSync(dir, { recursive: true, force: true });
});

const env = { CC_TEST_SECRET: SECRET };
const notifier = (e: NodeJS.ProcessEnv = env) => {
  const n = new Notifier({ store, config, log: silent, now: () => clock, env: e });
  n.ensureEndpoints();
  return n;
};
const hearing = (over: Partial<HearingRow> = {}) => hearingRow({ caseId: 'us-v-lark', key: 'sentencing', title: 'Sentencing', localDate: '2026-06-01', localTime: '10:00', startsAtUtc: '2026-06-01T15:00:00.000Z', timezone: 'America/Chicago', docketId: 7, ...over });
const put = (h: HearingRow) => store.transaction(() => store.putHearing(h));
const bodies = () => received.map((r) => JSON.parse(r.body) as { type: string; timestamp: string; data: Record<string, any> });

describe('change notifications', () => {
  it('announces a new hearing as a signed Standard Webhooks delivery that an independent verifier accepts', async () => {
    clock = new Date(); // the verifier refuses timestamps far from its own clock
    const n = notifier();
    put(hearing());
    const r = await n.deliverDue({ flushAll: true });
    expect(r).toMatchObject({ delivered: 1, failed: 0 });
    expect(received).toHaveLength(1);
    const verified = new Webhook(SECRET).verify(received[0]!.body, received[0]!.headers as Record<string, string>) as { type: string; data: any };
    expect(verified.type).toBe('hearing.scheduled');
    expect(received[0]!.headers['webhook-id']).toMatch(/^msg_cc\d+$/);
    expect(verified.data).toMatchObject({
      case: { id: 'us-v-lark', name: 'United States v. Lark', dockets: [{ docket_id: 7, docket_number: '1:26-cr-00007', url: 'https://www.courtlistener.com/docket/7/us-v-x/' }] },
      row: { kind: 'hearing', key: 'sentencing', title: 'Sentencing', status: 'scheduled', when: { local_date: '2026-06-01', local_time: '10:00', time_zone: 'America/Chicago', display: 'Monday, June 1, 2026, 10:00 AM CDT (court time)' } },
      previous: null,
    });
    expect(() => new Webhook(newSecret()).verify(received[0]!.body, received[0]!.headers as Record<string, string>)).toThrow();
    // Nothing new: nothing sent.
    expect((await n.deliverDue({ flushAll: true })).delivered).toBe(0);
  });

  it('a burst of reschedules within the debounce is one hearing.rescheduled from the first time to the last', async () => {
    put(hearing());
    const n = notifier();
    await n.deliverDue({ flushAll: true });
    received = [];
    put(hearing({ localTime: '11:00', startsAtUtc: '2026-06-01T16:00:00.000Z', sequence: 1 }));
    put(hearing({ localDate: '2026-06-02', startsAtUtc: '2026-06-02T16:00:00.000Z', localTime: '11:00', sequence: 2 }));
    put(hearing({ localDate: '2026-06-03', startsAtUtc: '2026-06-03T14:30:00.000Z', localTime: '09:30', sequence: 3 }));
    // Inside the debounce the daemon waits for the burst to end.
    const early = await n.deliverDue();
    expect(early.delivered).toBe(0);
    expect(early.nextWakeAt?.toISOString()).toBe('2026-04-10T15:00:30.000Z');
    clock = new Date('2026-04-10T15:00:31Z');
    const r = await n.deliverDue();
    expect(r).toMatchObject({ delivered: 1, merged: 2 });
    const [b] = bodies();
    expect(b!.type).toBe('hearing.rescheduled');
    expect(b!.data.previous.when.display).toBe('Monday, June 1, 2026, 10:00 AM CDT (court time)');
    expect(b!.data.row.when.display).toBe('Wednesday, June 3, 2026, 9:30 AM CDT (court time)');
    expect(b!.data.merged_event_ids).toHaveLength(2);
  });

  it('announces cancellations, held hearings and deadline changes; not minor rows, not a first backfill', async () => {
    const n = notifier();
    put(hearing());
    put(hearing({ status: 'cancelled', sequence: 1 }));
    put(hearing({ key: 'status', title: 'Status Conference', significance: 'minor' }));
    store.transaction(() => store.putDeadline(deadlineRow({ caseId: 'us-v-lark', key: 'reply', docketId: 7, localDate: '2026-05-01' })));
    store.transaction(() => store.putDeadline(deadlineRow({ caseId: 'us-v-lark', key: 'reply', docketId: 7, localDate: '2026-05-01', status: 'met', sequence: 1 })));
    store.transaction(() => store.upsertDocketMeta({ docketId: 9, courtId: 'ilnd', docketNumber: '1:26-cr-00009', caseName: null, absoluteUrl: null, dateLastFiling: null }));
    put(hearing({ key: 'arraignment', title: 'Arraignment', docketId: 9 })); // docket 9 was never read through
    await n.deliverDue({ flushAll: true });
    expect(bodies().map((b) => b.type)).toEqual(['hearing.scheduled', 'hearing.cancelled', 'deadline.set', 'deadline.met']);
  });

  it('retries 500 with backoff and 429 after Retry-After, same webhook-id, later events waiting their turn', async () => {
    const n = notifier();
    put(hearing());
    put(hearing({ caseId: 'us-v-wren', key: 'trial', title: 'Jury Trial', docketId: 8 }));
    answers.push({ status: 500 });
    let r = await n.deliverDue({ flushAll: true });
    expect(r).toMatchObject({ delivered: 0, retrying: 1 });
    expect(r.nextWakeAt?.toISOString()).toBe('2026-04-10T15:00:10.000Z'); // retry_base_seconds
    expect(received).toHaveLength(1);
    clock = new Date('2026-04-10T15:00:11Z');
    answers.push({ status: 429, headers: { 'retry-after': '7' } });
    r = await n.deliverDue({ flushAll: true });
    expect(r.nextWakeAt?.toISOString()).toBe('2026-04-10T15:00:18.000Z');
    clock = new Date('2026-04-10T15:00:19Z');
    r = await n.deliverDue({ flushAll: true });
    expect(r.delivered).toBe(2);
    expect(received.map((x) => x.headers['webhook-id'])).toEqual([received[0]!.headers['webhook-id'], received[0]!.headers['webhook-id'], received[0]!.headers['webhook-id'], received[3]!.headers['webhook-id']]);
    expect(bodies().map((b) => b.data.case.id)).toEqual(['us-v-lark', 'us-v-lark', 'us-v-lark', 'us-v-wren']);
    expect(store.notifyDeliveriesOf(1)).toMatchObject([{ endpointId: 'ops', status: 'delivered', attempts: 3 }]);
  });

  it('a 4xx is not retried; failures in a row disable the endpoint until `enable`; 410 disables at once', async () => {
    const n = notifier();
    for (let i = 0; i < 4; i++) put(hearing({ key: `h${i}`, title: `Hearing ${i}` }));
    answers.push({ status: 400 }, { status: 422 }, { status: 404 });
    const r = await n.deliverDue({ flushAll: true });
    expect(r).toMatchObject({ delivered: 0, failed: 3, disabled: ['ops'] });
    expect(received).toHaveLength(3);
    expect(store.getEndpointState('ops')).toMatchObject({ consecutiveFailures: 3, disabledReason: '3 failures in a row (last: HTTP 404)' });
    expect((await n.deliverDue({ flushAll: true })).delivered).toBe(0);
    n.enable('ops');
    expect((await n.deliverDue({ flushAll: true })).delivered).toBe(1); // the 4th, where it stopped
    put(hearing({ key: 'h9', title: 'Hearing 9' }));
    answers.push({ status: 410 });
    expect(await n.deliverDue({ flushAll: true })).toMatchObject({ disabled: ['ops'] });
    expect(store.getEndpointState('ops').disabledReason).toBe('the endpoint answered 410 Gone');
  });

  it('signs with both secrets during a rotation; a missing secret sends nothing and says which variable', async () => {
    clock = new Date();
    const missing = notifier({});
    put(hearing());
    expect((await missing.deliverDue({ flushAll: true })).delivered).toBe(0);
    expect(received).toHaveLength(0);
    const n = notifier({ CC_TEST_SECRET: `${SECRET} ${OLD_SECRET}` });
    await n.deliverDue({ flushAll: true });
    const h = received[0]!.headers as Record<string, string>;
    expect(h['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(new Webhook(SECRET).verify(received[0]!.body, h)).toBeTruthy();
    expect(new Webhook(OLD_SECRET).verify(received[0]!.body, h)).toBeTruthy();
  });

  it('filters by event glob and case, and renders Slack and Teams messages', async () => {
    configure('', ', format: slack, cases: [us-v-wren]');
    const n = notifier();
    put(hearing()); // us-v-lark: not for this endpoint
    put(hearing({ caseId: 'us-v-wren', key: 'trial', title: 'Jury <Trial> & more', docketId: 8 }));
    await n.deliverDue({ flushAll: true });
    expect(bodies()).toHaveLength(1);
    expect(JSON.parse(received[0]!.body)).toEqual({ text: 'New hearing — United States v. Wren: Jury &lt;Trial&gt; &amp; more: Monday, June 1, 2026, 10:00 AM CDT (court time) <https://www.courtlistener.com/docket/8/us-v-x/|docket>' });
    configure('', ', format: teams');
    received = [];
    put(hearing({ key: 'plea', title: 'Change of Plea' }));
    await notifier().deliverDue({ flushAll: true });
    const teams = JSON.parse(received[0]!.body);
    expect(teams.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(teams.attachments[0].content.body[0].text).toBe('New hearing — United States v. Lark: Change of Plea: Monday, June 1, 2026, 10:00 AM CDT (court time)');
    expect(eventMatches('*.cancelled', 'deadline.cancelled')).toBe(true);
    expect(eventMatches('hearing.*', 'deadline.set')).toBe(false);
  });

  it('a new endpoint starts at the present, not with the outbox history', async () => {
    put(hearing()); // before any endpoint state exists… but the docket announces, so it is queued
    store.transaction(() => store.putEndpointState({ ...store.getEndpointState('ops'), cursor: -1 }));
    // ensureEndpoints with no state row: starts after the newest event
    const fresh = Store.open(path.join(dir, 'other.sqlite'));
    fresh.close();
    const n = new Notifier({ store, config: { ...config, notifications: [{ ...config.notifications[0]!, id: 'late' }] }, log: silent, now: () => clock, env });
    n.ensureEndpoints();
    expect((await n.deliverDue({ flushAll: true })).delivered).toBe(0);
    put(hearing({ key: 'later', title: 'Later Hearing' }));
    expect((await n.deliverDue({ flushAll: true })).delivered).toBe(1);
  });
});
