import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeCourtListener } from '../../src/fakecl/server.js';
import { assertBuilt, runCli } from '../helpers/cli.js';
import { docketAlert, post, startServe, tearDown, waitFor, type Served } from '../helpers/serve.js';

const TOKEN = 'summaries-e2e-token';
let dir: string;
let fake: FakeCourtListener;
let anthropic: http.Server;
let summaryCalls: Array<Record<string, unknown>>;
let env: Record<string, string>;
let served: Served | null = null;
let entryId = 90_000;

const INDICTMENT = 'UNITED STATES v. MAYA FERN. INDICTMENT. The Grand Jury charges that from 2022 through 2024 the defendant MAYA FERN operated an unlicensed money transmitting business. '.repeat(15);

beforeAll(() => assertBuilt());
beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cc-sum-e2e-'));
  writeFileSync(
    path.join(dir, 'config.yaml'),
    `store_path: data/s.sqlite
courtlistener: {backoff_base_ms: 10, max_requests_per_minute: 10000}
webhook: {retry_base_seconds: 0.05}
case_summaries: {enabled: true, provider: anthropic, model: claude-sonnet-4-6, debounce_seconds: 1}
index_path: out/index.html
calendars: {main: {ics_path: out/main.ics}}
cases: [{id: us-v-fern, name: "United States v. Fern", calendar: main, dockets: [801]}]
`,
  );
  summaryCalls = [];
  // Anthropic's Messages API, answering summary requests with plain text in its real response shape.
  anthropic = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString()));
    req.on('end', () => {
      const body = JSON.parse(raw) as Record<string, unknown>;
      summaryCalls.push(body);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: `msg_${summaryCalls.length}`,
          type: 'message',
          role: 'assistant',
          model: 'claude-sonnet-4-6',
          content: [{ type: 'text', text: `Maya Fern [is charged](doc:D1) with operating an unlicensed money transmitting business (draft ${summaryCalls.length}).` }],
          stop_reason: 'end_turn',
          usage: { input_tokens: 4000, output_tokens: 60, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 },
        }),
      );
    });
  });
  await new Promise<void>((r) => anthropic.listen(0, '127.0.0.1', r));
  fake = new FakeCourtListener({ token: TOKEN });
  fake.addDocket({ id: 801, court_id: 'mad', docket_number: '1:31-cr-00801', case_name: 'United States v. Fern' });
  fake.addEntry(801, { entry_number: 1, date_filed: '2031-01-05', description: 'INDICTMENT as to Maya Fern (1) count(s) 1.', recap_documents: [{ description: 'Indictment', plain_text: INDICTMENT, filepath_local: 'recap/gov.uscourts.mad.801/gov.uscourts.mad.801.1.0.pdf', is_available: true }] });
  env = {
    COURTLISTENER_TOKEN: TOKEN,
    COURTLISTENER_BASE_URL: await fake.start(),
    ANTHROPIC_API_KEY: 'sk-ant-test-key-456',
    ANTHROPIC_BASE_URL: `http://127.0.0.1:${(anthropic.address() as AddressInfo).port}`,
  };
});
afterEach(async () => {
  await tearDown(served, fake, dir);
  served = null;
  await new Promise((r) => anthropic.close(r));
});

describe('case summaries, as processes', () => {
  it('sync writes the summary before rendering; summarize skips current ones and --force writes them again', async () => {
    const r = await runCli(['sync'], { cwd: dir, env });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('=== summarizing us-v-fern — United States v. Fern ===');
    expect(r.stdout).toMatch(/ {2}1:31-cr-00801 \(mad\): \d+ chars \(model=anthropic\/claude-sonnet-4-6\)/);
    expect(summaryCalls).toHaveLength(1);
    expect(summaryCalls[0]!.model).toBe('claude-sonnet-4-6');
    expect(summaryCalls[0]!.temperature).toBe(0);
    const html = readFileSync(path.join(dir, 'out', 'index.html'), 'utf8');
    expect(html).toContain('<div class="summary"><p>Maya Fern <a href="https://storage.courtlistener.com/recap/gov.uscourts.mad.801/gov.uscourts.mad.801.1.0.pdf" target="_blank" rel="noopener">is charged</a> with operating an unlicensed money transmitting business (draft 1).</p></div>');
    expect(readFileSync(path.join(dir, 'out', 'main.ics'), 'utf8').replace(/\r\n /g, '')).toContain('X-WR-CALDESC:Maya Fern is charged with operating an unlicensed money transmitting business (draft 1).');
    expect(r.stdout + r.stderr).not.toContain('sk-ant-test-key-456');

    const again = await runCli(['summarize'], { cwd: dir, env });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('every summary is current');
    expect(summaryCalls).toHaveLength(1);

    const forced = await runCli(['summarize', '--force', '--json'], { cwd: dir, env });
    expect(forced.code).toBe(0);
    const out = JSON.parse(forced.stdout);
    expect(out.summaries).toMatchObject([{ caseId: 'us-v-fern', written: true, documents: 1, requests: 1 }]);
    expect(out.courtlistenerRequests.total).toBe(1);
    expect(out.llm.calls).toBe(1);
    expect(readFileSync(path.join(dir, 'out', 'index.html'), 'utf8')).toContain('(draft 2)');
  });

  it('refuses summarize with summaries off or no model (exit 2), naming the fix', async () => {
    writeFileSync(path.join(dir, 'config.yaml'), readFileSync(path.join(dir, 'config.yaml'), 'utf8').replace('enabled: true', 'enabled: false'));
    let r = await runCli(['summarize'], { cwd: dir, env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('case_summaries: {enabled: true}');
    writeFileSync(path.join(dir, 'config.yaml'), readFileSync(path.join(dir, 'config.yaml'), 'utf8').replace('enabled: false, provider: anthropic, ', 'enabled: true, '));
    expect((await runCli(['sync'], { cwd: dir, env: { ...env, ANTHROPIC_API_KEY: '' } })).code).toBe(0); // no model: the summary waits
    r = await runCli(['summarize'], { cwd: dir, env: { ...env, ANTHROPIC_API_KEY: '' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no summary model/);
  });

  it('serve: a burst of deliveries rewrites the summary once, after the debounce', async () => {
    const first = await runCli(['sync'], { cwd: dir, env });
    expect(first.code).toBe(0);
    expect(summaryCalls).toHaveLength(1);
    served = await startServe(dir, env);
    // Five dispositions arrive within the debounce window: each would make the summary stale.
    for (let i = 0; i < 5; i++) {
      entryId++;
      const body = docketAlert([{ id: entryId, docket: 801, entry_number: 10 + i, recap_sequence_number: `2031-03-0${i + 1}.000001`, date_filed: `2031-03-0${i + 1}`, date_modified: '2031-03-01T10:00:00.000000-08:00', description: `ORDER granting motion to dismiss count ${i + 1} as to Maya Fern.`, short_description: '', recap_documents: [] }]);
      expect((await post(served.base, body, { key: `burst-${i}` })).status).toBe(200);
    }
    await waitFor(() => summaryCalls.length >= 2, 'the rewritten summary', 20_000);
    await new Promise((r) => setTimeout(r, 2500)); // longer than the debounce: no second rewrite follows
    expect(summaryCalls).toHaveLength(2);
    await waitFor(() => readFileSync(path.join(dir, 'out', 'index.html'), 'utf8').includes('(draft 2)'), 'the index page with the new summary');
  });
});
