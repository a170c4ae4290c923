import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseConfig } from '../src/config/load.js';
import type { Config } from '../src/config/types.js';
import { checkConfig } from '../src/doctor/config.js';
import { checkDockets } from '../src/doctor/courtlistener.js';
import { checkEnvironment } from '../src/doctor/environment.js';
import { checkIcsStructure } from '../src/doctor/ics-structure.js';
import { checkLlm } from '../src/doctor/llm.js';
import { checkQuota } from '../src/doctor/quota.js';
import type { DoctorContext } from '../src/doctor/types.js';
import { createLogger } from '../src/log.js';
import { SERVE_ALIVE_KEY } from '../src/pipeline/poll-plan.js';
import { Store } from '../src/store/store.js';
import { startFakeVendor, type FakeVendor } from './helpers/fake-vendor.js';

const CRLF = '\r\n';
const ics = (...lines: string[]) => lines.join(CRLF) + CRLF;

const GOOD = ics(
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//case-calendar//EN',
  'X-WR-CALNAME:Main',
  'BEGIN:VTIMEZONE',
  'TZID:America/Chicago',
  'BEGIN:STANDARD',
  'DTSTART:20301103T020000',
  'TZOFFSETFROM:-0500',
  'TZOFFSETTO:-0600',
  'END:STANDARD',
  'END:VTIMEZONE',
  'BEGIN:VEVENT',
  'UID:abc@case-calendar',
  'DTSTAMP:20310101T000000Z',
  'DTSTART;TZID=America/Chicago:20310202T100000',
  'SUMMARY:Status Conference',
  // A long line folded inside a word, a parameter value quoted because it holds ':' and ';'.
  'DESCRIPTION:Status conference before Judge Manish S. Shah\\, Courtroom 1925\\,',
  '  Chicago',
  'ATTENDEE;CN="Doe: Clerk; Room 1";RSVP=FALSE:mailto:clerk@example.org',
  'BEGIN:VALARM',
  'ACTION:DISPLAY',
  'TRIGGER:-PT1H',
  'END:VALARM',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UI',
  ' D:def@case-calendar',
  'DTST',
  ' ART;VALUE=DATE:20310301',
  'SUMMARY:Motions due',
  'END:VEVENT',
  'END:VCALENDAR',
);

describe('checkIcsStructure', () => {
  it('accepts a sound calendar, unfolding folded lines (even inside a property name)', () => {
    expect(checkIcsStructure(GOOD)).toEqual({ events: 2, problems: [] });
    expect(checkIcsStructure(`\uFEFF${GOOD}`).problems).toEqual([]);
    expect(checkIcsStructure(ics('BEGIN:VCALENDAR', 'VERSION:2.0', 'END:VCALENDAR'))).toEqual({ events: 0, problems: [] });
  });

  it('finds a truncated file', () => {
    const cut = GOOD.slice(0, GOOD.indexOf('SUMMARY:Motions due'));
    const r = checkIcsStructure(cut);
    expect(r.problems).toEqual(['BEGIN:VEVENT of line 26 never ends (a truncated file?)', 'BEGIN:VCALENDAR of line 1 never ends (a truncated file?)']);
  });

  it('finds bare LF line ends', () => {
    expect(checkIcsStructure(GOOD.replace(/\r\n/g, '\n')).problems).toEqual(['lines end in a bare LF instead of CRLF']);
  });

  it('finds events without UID or DTSTART (a UID inside a VALARM does not count)', () => {
    const noUid = GOOD.replace('UID:abc@case-calendar\r\n', '').replace('BEGIN:VALARM\r\n', 'BEGIN:VALARM\r\nUID:alarm\r\n');
    expect(checkIcsStructure(noUid).problems).toEqual(['the VEVENT of line 13 has no UID']);
    const neither = ics('BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'SUMMARY:x', 'END:VEVENT', 'END:VCALENDAR');
    expect(checkIcsStructure(neither)).toEqual({ events: 1, problems: ['the VEVENT of line 2 has no UID and no DTSTART'] });
  });

  it('finds unbalanced and misplaced components', () => {
    const crossed = ics('BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'UID:a', 'DTSTART:20310101', 'BEGIN:VALARM', 'END:VEVENT', 'END:VALARM', 'END:VCALENDAR');
    expect(checkIcsStructure(crossed)).toEqual({ events: 1, problems: ['line 6: END:VEVENT while BEGIN:VALARM of line 5 is still open', 'line 7: END:VALARM without a BEGIN:VALARM'] });
    const extraEnd = ics('BEGIN:VCALENDAR', 'END:VEVENT', 'END:VCALENDAR');
    expect(checkIcsStructure(extraEnd)).toEqual({ events: 0, problems: ['line 2: END:VEVENT without a BEGIN:VEVENT'] });
    expect(checkIcsStructure(ics('BEGIN:VEVENT', 'UID:a', 'DTSTART:20310101', 'END:VEVENT')).problems).toEqual(['line 1: BEGIN:VEVENT outside a VCALENDAR', 'no BEGIN:VCALENDAR']);
    expect(checkIcsStructure(GOOD + ics('BEGIN:VEVENT')).problems[0]).toBe('line 34: content after END:VCALENDAR');
  });

  it('finds text that is not a calendar at all', () => {
    expect(checkIcsStructure('').problems).toEqual(['the file is empty']);
    expect(checkIcsStructure('<html><body>502 Bad Gateway</body></html>\r\n').problems).toEqual([
      'line 1 is not a content line (NAME:value): "<html><body>502 Bad Gateway</body></html"',
      'no BEGIN:VCALENDAR',
    ]);
    const blank = GOOD.replace('SUMMARY:Status Conference\r\n', 'SUMMARY:Status Conference\r\n\r\n');
    expect(checkIcsStructure(blank).problems).toEqual(['line 18 is blank']);
    expect(checkIcsStructure(` X:1${CRLF}${GOOD}`).problems[0]).toBe('line 1 continues a line that does not exist');
  });
});

const BASE_CONFIG = `calendars: {main: {ics_path: out/main.ics}}
cases:
  - {id: a, name: A, calendar: main, dockets: [1, 2]}
  - {id: b, name: B, calendar: main, dockets: [3]}
`;
const cfg = (extra = '') => parseConfig(`${extra}${BASE_CONFIG}`, '/srv/cc/config.yaml');
const GOOD_SECRET = 'abcdefghijklmnopqrstuvwxyz0123456789_-AB';
const NOTIFY_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

describe('checkEnvironment', () => {
  it('says which variables are set without printing them', () => {
    const config = cfg('notifications: [{id: ops, url: "https://hooks.example.org/x", secret_env: OPS_SECRET}]\n');
    const { results } = checkEnvironment(config, { COURTLISTENER_TOKEN: 'tok-secret-value', CASE_CALENDAR_WEBHOOK_SECRET: GOOD_SECRET, OPS_SECRET: NOTIFY_SECRET });
    expect(results.map((r) => [r.name, r.status])).toEqual([
      ['env COURTLISTENER_TOKEN', 'ok'],
      ['env CASE_CALENDAR_WEBHOOK_SECRET', 'ok'],
      ['env OPS_SECRET', 'ok'],
    ]);
    const text = JSON.stringify(results);
    for (const s of ['tok-secret-value', GOOD_SECRET, NOTIFY_SECRET]) expect(text).not.toContain(s);
  });

  it('a missing token or signing secret fails; a missing webhook secret warns; a weak one fails', () => {
    const config = cfg('notifications: [{id: ops, url: "https://hooks.example.org/x", secret_env: OPS_SECRET}]\n');
    const byName = (env: NodeJS.ProcessEnv) => Object.fromEntries(checkEnvironment(config, env).results.map((r) => [r.name, r]));
    const none = byName({});
    expect(none['env COURTLISTENER_TOKEN']).toMatchObject({ status: 'FAIL', fix: expect.stringContaining('COURTLISTENER_TOKEN=') });
    expect(none['env CASE_CALENDAR_WEBHOOK_SECRET']).toMatchObject({ status: 'warn', message: expect.stringContaining('will not start') });
    expect(none['env OPS_SECRET']).toMatchObject({ status: 'FAIL', message: expect.stringContaining('notification endpoint ops'), fix: expect.stringContaining('notify secret') });
    const weak = byName({ CASE_CALENDAR_WEBHOOK_SECRET: 'short-one', OPS_SECRET: 'whsec_c2hvcnQ=' });
    expect(weak['env CASE_CALENDAR_WEBHOOK_SECRET']).toMatchObject({ status: 'FAIL', message: expect.stringMatching(/^is too short \(9 of at least 32 characters\)/) });
    expect(weak['env OPS_SECRET']).toMatchObject({ status: 'FAIL', message: expect.stringContaining('not a usable secret') });
    expect(JSON.stringify(weak)).not.toContain('short-one');
  });

  it('checks the M365 app id and the LLM keys only when the configuration needs them', () => {
    const saved = process.env.M365_CLIENT_ID;
    process.env.M365_CLIENT_ID = 'entra-app-id'; // config load itself refuses an m365 calendar without one
    try {
      const m365 = BASE_CONFIG.replace('{ics_path: out/main.ics}', '{ics_path: out/main.ics, m365_use_default_calendar: true}');
      const config = parseConfig(`extractor: hybrid\ncase_summaries: {enabled: true}\n${m365}`, '/srv/cc/config.yaml');
      const names = (env: NodeJS.ProcessEnv) => checkEnvironment(config, env).results.filter((r) => !r.name.includes('COURTLISTENER') && !r.name.includes('WEBHOOK')).map((r) => `${r.status} ${r.name}`);
      expect(names({})).toEqual(['ok env M365_CLIENT_ID', 'FAIL env LLM key (extraction)', 'FAIL env LLM key (summaries)']);
      expect(names({ ANTHROPIC_API_KEY: 'sk-ant-123456789' })).toEqual(['ok env M365_CLIENT_ID', 'ok env LLM key (extraction)', 'ok env LLM key (summaries)']);
      expect(names({ LLM_PROVIDER: 'mistral', ANTHROPIC_API_KEY: 'sk-ant-123456789' })).toEqual(['ok env M365_CLIENT_ID', 'FAIL env LLM key (extraction)', 'FAIL env LLM key (summaries)']);
      expect(checkEnvironment(cfg(), {}).results.map((r) => r.name)).toEqual(['env COURTLISTENER_TOKEN', 'env CASE_CALENDAR_WEBHOOK_SECRET']);
    } finally {
      if (saved === undefined) delete process.env.M365_CLIENT_ID;
      else process.env.M365_CLIENT_ID = saved;
    }
  });
});

describe('checkLlm', () => {
  const KEY = 'sk-ant-doctor-test-key-0001';
  let vendor: FakeVendor;
  beforeEach(async () => {
    vendor = await startFakeVendor({ exhausted: { status: 500, body: { type: 'error', error: { type: 'api_error', message: 'script exhausted' } } } });
  });
  afterEach(() => vendor.close());
  const env = () => ({ LLM_PROVIDER: 'anthropic', ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: vendor.origin });
  const reply = (stop: string) => ({ status: 200, body: { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-haiku-4-5', content: [{ type: 'text', text: 'OK' }], stop_reason: stop, usage: { input_tokens: 21, output_tokens: 2 } } });

  it('is not checked when no model is used', async () => {
    expect(await checkLlm(cfg(), env())).toEqual([{ name: 'llm', status: 'ok', message: 'not used (extractor: rules, case_summaries off): nothing to check' }]);
    expect(vendor.seen).toHaveLength(0);
  });

  it('makes one minimal call, and a reply cut at 16 tokens still counts as an answer', async () => {
    vendor.script.push(reply('end_turn'));
    const [r] = await checkLlm(cfg('extractor: llm\n'), env());
    expect(r).toEqual({ name: 'llm extraction', status: 'ok', message: 'anthropic/claude-haiku-4-5 (extraction) answered (21 + 2 tokens)' });
    expect(vendor.seen[0]!.body.max_tokens).toBe(16);
    vendor.script.push(reply('max_tokens'));
    expect((await checkLlm(cfg('extractor: llm\n'), env()))[0]!.status).toBe('ok');
  });

  it('a refused key fails with the error kind and status, never the key', async () => {
    vendor.script.push({ status: 401, body: { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } } });
    const [r] = await checkLlm(cfg('extractor: hybrid\n'), env());
    expect(r!.status).toBe('FAIL');
    expect(r!.message).toMatch(/^anthropic\/claude-haiku-4-5 \(extraction\): http \(HTTP 401\)/);
    expect(r!.fix).toContain('ANTHROPIC_API_KEY');
    expect(JSON.stringify(r)).not.toContain(KEY);
  });
});

describe('checkQuota', () => {
  let dir: string;
  let store: Store;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cc-doctor-quota-'));
    store = Store.open(path.join(dir, 's.sqlite'));
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const ctx = (config: Config): DoctorContext => ({ config, env: null, processEnv: {}, store, storeUnavailable: null, client: null, log: createLogger('silent'), now: () => new Date() });
  const active = new Map([1, 2, 3].map((d) => [d, 'active' as const]));

  it('warns when the hourly plan exceeds the free tier, and says what would fit', () => {
    // No serve heartbeat: every docket is polled every run, 3 × 24 × 2 = 144 a day.
    const r = checkQuota(ctx(cfg()), active);
    expect(r.status).toBe('warn');
    expect(r.message).toMatch(/^the plan \(≈ 144\/day\) exceeds the budget \(125\/day\): 0 requests in the last 24 h/);
    expect(r.fix).toContain('case-calendar serve');
    // With a live serve and active alerts the three dockets are polled once a day.
    store.setState(SERVE_ALIVE_KEY, new Date().toISOString());
    const covered = checkQuota(ctx(cfg()), active);
    expect(covered).toMatchObject({ status: 'ok', message: expect.stringContaining('polling plan ≈ 6/day assuming an hourly sync cron (3 of 3 dockets covered by webhooks') });
  });

  it('warns when the configured daily budget is spent', () => {
    store.setState(SERVE_ALIVE_KEY, new Date().toISOString());
    const config = cfg('courtlistener: {max_requests_per_day: 7}\n');
    for (let i = 0; i < 7; i++) expect(store.takeRequestSlot(Date.now(), 'dockets', 1000, null).granted).toBe(true);
    const r = checkQuota(ctx(config), active);
    expect(r.status).toBe('warn');
    expect(r.message).toContain('the daily budget is spent');
    expect(r.message).toContain('7 requests in the last 24 h of courtlistener.max_requests_per_day 7');
  });
});

describe('checkConfig', () => {
  it('turns config warnings into a warn and problems into a FAIL naming the key paths', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cc-doctor-config-'));
    try {
      const file = path.join(dir, 'config.yaml');
      writeFileSync(file, `extractr: llm\n${BASE_CONFIG}`);
      const warned = checkConfig(file);
      expect(warned.config).not.toBeNull();
      expect(warned.result).toMatchObject({ name: 'config', status: 'warn', message: expect.stringContaining('extractr') });
      writeFileSync(file, BASE_CONFIG.replace('dockets: [3]', 'dockets: [2]'));
      const failed = checkConfig(file);
      expect(failed.config).toBeNull();
      expect(failed.result.status).toBe('FAIL');
      expect(failed.result.message).toMatch(/cases\[1\]\.dockets/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('checkDockets', () => {
  it('spends no request on dockets read before, and says when one has not been polled lately', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cc-doctor-dockets-'));
    const file = path.join(dir, 's.sqlite');
    const fiveDaysAgo = new Date(Date.now() - 5 * 86_400_000);
    const old = Store.open(file, { clock: () => fiveDaysAgo });
    const fresh = Store.open(file);
    try {
      const meta = (docketId: number) => ({ docketId, courtId: 'dcd', docketNumber: `1:31-cr-${docketId}`, caseName: 'X', absoluteUrl: null, dateLastFiling: null });
      old.upsertDocketMeta(meta(1));
      old.completeDocketPoll(1, null);
      for (const id of [2, 3]) {
        fresh.upsertDocketMeta(meta(id));
        fresh.completeDocketPoll(id, null);
      }
      const ctx: DoctorContext = { config: cfg(), env: null, processEnv: {}, store: fresh, storeUnavailable: null, client: null, log: createLogger('silent'), now: () => new Date() };
      // client: null — any fetch would throw, so passing proves no request was attempted.
      const r = await checkDockets(ctx, { state: 'ok', alerts: [] });
      expect(r.status).toBe('warn');
      expect(r.message).toMatch(/^docket 1 of case a was read before but last polled \d{4}-\d\d-\d\d \d\d:\d\d UTC \(3 configured, 2 polled within 48 h/);
      expect(r.fix).toContain('case-calendar sync');
    } finally {
      old.close();
      fresh.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
