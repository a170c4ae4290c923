import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig, parseConfig } from '../src/config/load.js';
import { ConfigError, UserError } from '../src/errors.js';
import { readEnv } from '../src/config/env.js';

const good = `
store_path: data/x.sqlite
calendars:
  main: {name: "Main", ics_path: out/main.ics}
cases:
  - id: us-v-doe
    name: "United States v. Doe"
    calendar: main
    dockets: [123, 456]
    tags: [Fraud, " fraud ", DPRK]
`;

function problemsOf(text: string) {
  try {
    parseConfig(text, '/etc/cc/config.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('config', () => {
  it('resolves paths against the config file directory and applies defaults', () => {
    const c = parseConfig(good, '/etc/cc/config.yaml');
    expect(c.storePath).toBe('/etc/cc/data/x.sqlite');
    expect(c.calendars.get('main')?.icsPath).toBe('/etc/cc/out/main.ics');
    expect(c.cases[0]!.tags).toEqual(['Fraud', 'DPRK']);
    expect(c.courtlistener.retryAfterCapSeconds).toBe(900);
    expect(c.extractor).toBe('rules');
    expect(c.warnings).toEqual([]);
  });

  it('reports every problem at once, each with its key path and a fix', () => {
    const problems = problemsOf(`
calendars:
  main: {ics_path: out/main.ics}
cases:
  - id: us-v-doe
    name: "Doe"
    calendar: mian
    dockets: [123, "456", 7.5]
  - id: us-v-doe
    name: "Doe again"
    calendar: main
    dockets: [123]
  - id: Bad_Id
    calendar: main
    dockets: []
`);
    const byPath = new Map(problems.map((p) => [p.path, p.message]));
    expect(byPath.get('cases[0].calendar')).toMatch(/unknown calendar "mian".*main/);
    expect(byPath.get('cases[0].dockets[1]')).toMatch(/docket id.*whole number.*got string "456"/);
    expect(byPath.get('cases[0].dockets[2]')).toMatch(/whole number/);
    expect(byPath.get('cases[1].id')).toMatch(/duplicate case id "us-v-doe"/);
    expect(byPath.get('cases[1].dockets[0]')).toMatch(/already listed under case "us-v-doe"/);
    expect(byPath.get('cases[2].id')).toMatch(/kebab-case/);
    expect(byPath.get('cases[2].name')).toMatch(/required/);
    expect(byPath.get('cases[2].dockets')).toMatch(/at least one/);
    expect(problems.length).toBeGreaterThanOrEqual(8);
  });

  it('names missing top-level sections', () => {
    const problems = problemsOf('store_path: x.sqlite\n');
    expect(problems.map((p) => p.path).sort()).toEqual(['calendars', 'cases']);
    expect(problems.find((p) => p.path === 'calendars')!.message).toMatch(/add a `calendars:` mapping/);
  });

  it('warns about unknown keys with a suggestion instead of failing', () => {
    const c = parseConfig(good.replace('store_path', 'stor_path').replace('tags:', 'tag:'), '/x/config.yaml');
    expect(c.warnings).toContain('stor_path: unknown key, ignored (did you mean `store_path`?)');
    expect(c.warnings.some((w) => w.startsWith('cases[0].tag: unknown key') && w.includes('`tags`'))).toBe(true);
  });

  it('reports YAML syntax errors as config errors', () => {
    const problems = problemsOf('cases: [\n  - id: x\n');
    expect(problems[0]!.path).toBe('(yaml)');
  });

  it('explains a missing file with exit code 2', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cc-config-'));
    expect(() => loadConfig(path.join(dir, 'nope.yaml'))).toThrow(/config file not found.*config.example.yaml/);
    try {
      loadConfig(path.join(dir, 'nope.yaml'));
    } catch (err) {
      expect((err as UserError).exitCode).toBe(2);
    }
    writeFileSync(path.join(dir, 'config.yaml'), good);
    expect(loadConfig(path.join(dir, 'config.yaml')).cases).toHaveLength(1);
  });

  it('reads the environment: origin without trailing slash, default origin, bad URL rejected', () => {
    expect(readEnv({ COURTLISTENER_BASE_URL: 'http://127.0.0.1:9999/' }).courtListenerOrigin).toBe('http://127.0.0.1:9999');
    expect(readEnv({}).courtListenerOrigin).toBe('https://www.courtlistener.com');
    expect(readEnv({ COURTLISTENER_TOKEN: '  ' }).courtListenerToken).toBeUndefined();
    expect(() => readEnv({ COURTLISTENER_BASE_URL: 'ftp://x' })).toThrow(/COURTLISTENER_BASE_URL/);
  });
});

describe('config: remote calendars', () => {
  const withPush = (calendar: string, top = '') => `
store_path: data/x.sqlite
${top}calendars:
  main: {name: "Main", ics_path: out/main.ics, ${calendar}}
cases:
  - {id: us-v-doe, name: "United States v. Doe", calendar: main, dockets: [123]}
`;

  it('reads the push settings with the spec defaults, resolving paths against the config file', () => {
    const c = parseConfig(withPush('google_calendar_id: team@group.calendar.google.com, m365_use_default_calendar: true', 'google_credentials_path: secrets/client.json\nm365_client_id: abc\n'), '/etc/cc/config.yaml');
    expect(c.calendars.get('main')).toMatchObject({ googleCalendarId: 'team@group.calendar.google.com', m365CalendarId: 'default' });
    expect(c.push).toEqual({
      googleCredentialsPath: '/etc/cc/secrets/client.json',
      googleTokenPath: '/etc/cc/tokens/google-token.json',
      m365ClientId: 'abc',
      m365TokenPath: '/etc/cc/tokens/m365-token.json',
      m365Tenant: 'common',
    });
  });

  it('names the key and the fix when a calendar asks for a push without the credentials', () => {
    const saved = process.env.M365_CLIENT_ID;
    delete process.env.M365_CLIENT_ID;
    try {
      expect(problemsOf(withPush('google_calendar_id: primary'))).toEqual([
        { path: 'calendars.main.google_calendar_id', message: expect.stringMatching(/google_credentials_path is not — add google_credentials_path:/) },
      ]);
      expect(problemsOf(withPush('m365_calendar_id: AAMkAD'))).toEqual([
        { path: 'calendars.main.m365_calendar_id', message: expect.stringMatching(/m365_client_id: <your Entra app .* or M365_CLIENT_ID=<id> to \.env/) },
      ]);
      expect(problemsOf(withPush('m365_calendar_id: AAMkAD, m365_use_default_calendar: true', 'm365_client_id: abc\n'))).toEqual([
        { path: 'calendars.main.m365_use_default_calendar', message: 'cannot be true together with m365_calendar_id — keep one of them' },
      ]);
      process.env.M365_CLIENT_ID = 'from-env';
      expect(parseConfig(withPush('m365_use_default_calendar: true'), '/etc/cc/config.yaml').push.m365ClientId).toBe('from-env');
    } finally {
      if (saved === undefined) delete process.env.M365_CLIENT_ID;
      else process.env.M365_CLIENT_ID = saved;
    }
  });
});
