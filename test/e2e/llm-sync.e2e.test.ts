import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeCourtListener } from '../../src/fakecl/server.js';
import { assertBuilt, runCli } from '../helpers/cli.js';

const TOKEN = 'llm-e2e-token';
let dir: string;
let fake: FakeCourtListener;
let anthropic: http.Server;
let env: Record<string, string>;
type Call = { headers: http.IncomingHttpHeaders; body: Record<string, unknown> };
let calls: Call[]; // extraction requests
let reviews: Call[]; // end-of-sync verify and dedupe requests
let failNext = 0;

beforeAll(() => assertBuilt());
beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cc-llm-'));
  writeFileSync(path.join(dir, 'config.yaml'), `store_path: data/s.sqlite
courtlistener: {max_requests_per_minute: 10000}
extractor: hybrid
calendars: {main: {ics_path: out/main.ics}}
cases: [{id: us-v-fern, name: "United States v. Fern", calendar: main, dockets: [801]}]
`);
  calls = [];
  reviews = [];
  failNext = 0;
  // A stand-in for Anthropic's Messages API, answering with its real response shape.
  anthropic = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString()));
    req.on('end', () => {
      const body = JSON.parse(raw) as Record<string, unknown>;
      if (JSON.stringify(body.system).includes('You check one calendar row')) {
        reviews.push({ headers: req.headers, body });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            id: 'msg_2',
            type: 'message',
            role: 'assistant',
            model: 'claude-haiku-4-5',
            content: [{ type: 'tool_use', id: 'toolu_2', name: 'structured_output', input: { type: 'CONFIRM', reason: 'The order sets it as stored.' } }],
            stop_reason: 'tool_use',
            usage: { input_tokens: 900, output_tokens: 20, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 },
          }),
        );
        return;
      }
      calls.push({ headers: req.headers, body });
      if (failNext > 0) {
        failNext--;
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ type: 'error', error: { type: 'invalid_request_error', message: 'simulated refusal' } }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: 'msg_1',
          type: 'message',
          role: 'assistant',
          model: 'claude-haiku-4-5',
          content: [{ type: 'tool_use', id: 'toolu_1', name: 'structured_output', input: { actions: [{ type: 'ADD_HEARING', hearing_key: 'status-conf', title: 'Status Conference', hearing_type: 'status_conference', local_date: '2031-02-02', local_time: '14:00' }] } }],
          stop_reason: 'tool_use',
          usage: { input_tokens: 300, output_tokens: 80, cache_read_input_tokens: 2000, cache_creation_input_tokens: 0 },
        }),
      );
    });
  });
  await new Promise<void>((r) => anthropic.listen(0, '127.0.0.1', r));
  fake = new FakeCourtListener({ token: TOKEN });
  fake.addDocket({ id: 801, court_id: 'mad', docket_number: '1:31-cr-00801', case_name: 'United States v. Fern' });
  fake.addEntry(801, { description: 'Sentencing set for 6/6/2031 10:00 AM in Courtroom 9 before Judge Leo Sorokin.' });
  fake.addEntry(801, { description: "ORDER: Counsel shall appear before the Court on the second day of February, 2031, at two o'clock in the afternoon, to confer about the status of the case." });
  env = {
    COURTLISTENER_TOKEN: TOKEN,
    COURTLISTENER_BASE_URL: await fake.start(),
    ANTHROPIC_API_KEY: 'sk-ant-test-key-123',
    ANTHROPIC_BASE_URL: `http://127.0.0.1:${(anthropic.address() as AddressInfo).port}`,
  };
});
afterEach(async () => {
  await fake.stop();
  await new Promise((r) => anthropic.close(r));
  rmSync(dir, { recursive: true, force: true });
});

describe('sync with extractor: hybrid (rules first, then an LLM)', () => {
  it('sends only what the rules cannot read to the model, and retries an entry whose model call failed', async () => {
    failNext = 1;
    const first = await runCli(['sync', '--json'], { cwd: dir, env });
    expect(first.code).toBe(1); // the failed entry is reported and left for the next run
    expect(calls).toHaveLength(1);
    expect(calls[0]!.headers['x-api-key']).toBe('sk-ant-test-key-123');
    expect(calls[0]!.body).toMatchObject({ model: 'claude-haiku-4-5', temperature: 0, tool_choice: { type: 'tool', name: 'structured_output' } });
    expect(JSON.stringify(calls[0]!.body)).toContain('second day of February');
    expect(first.stderr + first.stdout).not.toContain('sk-ant-test-key-123');

    const second = await runCli(['sync', '--json'], { cwd: dir, env });
    expect(second.code).toBe(0);
    expect(calls).toHaveLength(2); // the rules handled the sentencing; only the prose order went to the model
    // End-of-sync verify: run 1 asked about the sentencing; run 2 read a new relevant entry, so
    // both hearings are asked about with the new evidence.
    const asked = () => reviews.map((r) => /key=([a-z-]+)/.exec(JSON.stringify(r.body.messages))![1]);
    expect(asked()).toEqual(['sentencing', 'status-conf', 'sentencing']); // run 2 in date order
    expect(reviews[0]!.body).toMatchObject({ max_tokens: 1500, temperature: 0 });
    expect(second.stderr).toMatch(/reviews=2 reviews_reused=0 review_changes=0/);
    expect(second.stderr).toMatch(/llm calls=3 in=4100 out=120/);

    // Nothing new: no sweep at all. Forced: every answer is reused, no model call is made.
    await runCli(['sync'], { cwd: dir, env });
    const forced = await runCli(['sync', '--sweep'], { cwd: dir, env });
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/reviews=0 reviews_reused=2 review_changes=0/);
    expect(reviews).toHaveLength(3);
    const show = JSON.parse((await runCli(['show', '--json'], { cwd: dir, env })).stdout) as Array<{ hearings: Array<{ key: string; localDate: string; localTime: string }> }>;
    expect(show[0]!.hearings.map((h) => [h.key, h.localDate, h.localTime]).sort()).toEqual([
      ['sentencing', '2031-06-06', '10:00'],
      ['status-conf', '2031-02-02', '14:00'],
    ]);
  });

  it('refuses extractor: llm without any model configured (exit 2)', async () => {
    writeFileSync(path.join(dir, 'config.yaml'), `store_path: data/s.sqlite
courtlistener: {max_requests_per_minute: 10000}
extractor: llm
calendars: {main: {ics_path: out/main.ics}}
cases: [{id: us-v-fern, name: "United States v. Fern", calendar: main, dockets: [801]}]
`);
    const r = await runCli(['sync'], { cwd: dir, env: { ...env, ANTHROPIC_API_KEY: '' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/needs a language model/);
  });
});
