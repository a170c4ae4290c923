import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeVendor, type FakeVendor, type Scripted, type Seen } from './helpers/fake-vendor.js';
import { AnthropicProvider } from '../src/extract/llm/providers/anthropic.js';
import { LlmError, type LlmRequest, type ProviderOptions } from '../src/extract/llm/types.js';

const KEY = 'sk-ant-test-SECRET-0123456789';

// A fake Messages API: replies are scripted per test, requests are recorded.
let fake: FakeVendor;
let requests: Seen[];
let script: Scripted[];
let origin: string;
const sleeps: number[] = [];

beforeAll(async () => {
  fake = await startFakeVendor({ exhausted: { status: 500, body: { type: 'error', error: { type: 'api_error', message: 'script exhausted' } } }, headers: { 'request-id': 'req_fake' } });
  ({ origin, seen: requests, script } = fake);
});
afterAll(() => fake.close());
beforeEach(() => {
  requests.length = 0;
  script.length = 0;
  sleeps.length = 0;
});

function provider(over: Partial<ProviderOptions> = {}) {
  return new AnthropicProvider({
    apiKey: KEY,
    model: 'claude-haiku-4-5',
    baseUrl: origin,
    retryBaseMs: 1,
    maxRetries: 3,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...over,
  });
}

const REQ: LlmRequest = { system: 'You extract hearings.', user: 'Docket text: hearing set for 2026-03-04.', maxTokens: 2048, purpose: 'extract' };
const SCHEMA = { type: 'object', additionalProperties: false, required: ['actions'], properties: { actions: { type: 'array', items: { type: 'object' } } } };

function message(content: unknown[], stopReason: string, usage: Record<string, number> = { input_tokens: 10, output_tokens: 5, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 }) {
  return {
    id: 'msg_01XFDUDYJgAACzvnptvVoYEL',
    type: 'message',
    role: 'assistant',
    model: 'claude-haiku-4-5-20251001',
    content,
    stop_reason: stopReason,
    stop_sequence: null,
    usage: { ...usage, service_tier: 'standard' },
  };
}
const apiError = (type: string, msg: string) => ({ type: 'error', error: { type, message: msg }, request_id: 'req_011' });

async function failureOf(p: Promise<unknown>): Promise<LlmError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(LlmError);
  return err as LlmError;
}

describe('AnthropicProvider request', () => {
  it('posts to /v1/messages with the key header, version, cached system block and temperature 0', async () => {
    script.push({ status: 200, body: message([{ type: 'text', text: '{"actions":' }, { type: 'text', text: '[]}' }], 'end_turn') });
    const res = await provider().complete(REQ);

    expect(res).toMatchObject({ text: '{"actions":[]}', provider: 'anthropic', model: 'claude-haiku-4-5' });
    expect(requests).toHaveLength(1);
    const r = requests[0]!;
    expect(r.method).toBe('POST');
    expect(r.url).toBe('/v1/messages');
    expect(r.url).not.toContain(KEY);
    expect(r.headers['x-api-key']).toBe(KEY);
    expect(r.headers['anthropic-version']).toBe('2023-06-01');
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.body).toEqual({
      model: 'claude-haiku-4-5',
      max_tokens: 2048,
      system: [{ type: 'text', text: 'You extract hearings.', cache_control: { type: 'ephemeral' } }],
      messages: [{ role: 'user', content: 'Docket text: hearing set for 2026-03-04.' }],
      temperature: 0,
    });
  });

  it('passes an explicit temperature through', async () => {
    script.push({ status: 200, body: message([{ type: 'text', text: 'ok' }], 'end_turn') });
    await provider().complete({ ...REQ, temperature: 0.4 });
    expect(requests[0]!.body.temperature).toBe(0.4);
  });

  it('forces the structured_output tool for a schema and returns its input as JSON', async () => {
    const input = { actions: [{ type: 'add_hearing', local_date: '2026-03-04' }] };
    script.push({
      status: 200,
      body: message([{ type: 'tool_use', id: 'toolu_01A09q90qw90lq917835lq9', name: 'structured_output', input }], 'tool_use'),
    });
    const res = await provider().complete({ ...REQ, schema: SCHEMA });

    expect(JSON.parse(res.text)).toEqual(input);
    const body = requests[0]!.body;
    expect(body.tool_choice).toEqual({ type: 'tool', name: 'structured_output' });
    const tools = body.tools as Array<Record<string, unknown>>;
    expect(tools).toHaveLength(1);
    expect(tools[0]).toMatchObject({ name: 'structured_output', input_schema: SCHEMA });
    expect(typeof tools[0]!.description).toBe('string');
    expect(tools[0]).not.toHaveProperty('strict');
  });

  it('reports a schema reply without a tool_use block as empty', async () => {
    script.push({ status: 200, body: message([{ type: 'text', text: 'I cannot.' }], 'end_turn') });
    const err = await failureOf(provider().complete({ ...REQ, schema: SCHEMA }));
    expect(err.kind).toBe('empty');
  });
});

describe('AnthropicProvider usage', () => {
  it('counts cache reads and writes into input', async () => {
    script.push({
      status: 200,
      body: message([{ type: 'text', text: 'x' }], 'end_turn', { input_tokens: 120, cache_read_input_tokens: 9300, cache_creation_input_tokens: 40, output_tokens: 77 }),
    });
    const res = await provider().complete(REQ);
    expect(res.usage).toEqual({ input: 9460, cached: 9300, cacheWrite: 40, output: 77, thinking: 0 });
  });

  it('treats missing cache fields as zero', async () => {
    const body = { ...message([{ type: 'text', text: 'x' }], 'end_turn'), usage: { input_tokens: 12, output_tokens: 3 } };
    script.push({ status: 200, body });
    const res = await provider().complete(REQ);
    expect(res.usage).toEqual({ input: 12, cached: 0, cacheWrite: 0, output: 3, thinking: 0 });
  });
});

describe('AnthropicProvider errors', () => {
  it('maps stop_reason max_tokens to truncated', async () => {
    script.push({ status: 200, body: message([{ type: 'text', text: '{"actions":[{"ty' }], 'max_tokens') });
    const err = await failureOf(provider().complete(REQ));
    expect(err.kind).toBe('truncated');
    expect(err.provider).toBe('anthropic');
  });

  it('maps a too-long prompt to context', async () => {
    script.push({ status: 400, body: apiError('invalid_request_error', 'prompt is too long: 215000 tokens > 200000 maximum') });
    const err = await failureOf(provider().complete(REQ));
    expect(err.kind).toBe('context');
    expect(err.status).toBe(400);
    expect(requests).toHaveLength(1);
  });

  it('waits retry-after on 429 and then succeeds', async () => {
    script.push({ status: 429, headers: { 'retry-after': '2' }, body: apiError('rate_limit_error', 'Number of request tokens has exceeded your per-minute rate limit') });
    script.push({ status: 200, body: message([{ type: 'text', text: 'done' }], 'end_turn') });
    const res = await provider().complete(REQ);
    expect(res.text).toBe('done');
    expect(requests).toHaveLength(2);
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeCloseTo(2000, -1);
  });

  it('retries 529 overloaded with backoff', async () => {
    script.push({ status: 529, body: apiError('overloaded_error', 'Overloaded') });
    script.push({ status: 529, body: apiError('overloaded_error', 'Overloaded') });
    script.push({ status: 200, body: message([{ type: 'text', text: 'after overload' }], 'end_turn') });
    const res = await provider().complete(REQ);
    expect(res.text).toBe('after overload');
    expect(requests).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
  });

  it('gives up on 529 after maxRetries', async () => {
    for (let i = 0; i < 3; i++) script.push({ status: 529, body: apiError('overloaded_error', 'Overloaded') });
    const err = await failureOf(provider({ maxRetries: 2 }).complete(REQ));
    expect(err.kind).toBe('http');
    expect(err.status).toBe(529);
    expect(requests).toHaveLength(3);
  });

  it('maps 401 to http with a key hint and never echoes the key', async () => {
    script.push({ status: 401, body: apiError('authentication_error', 'invalid x-api-key') });
    const err = await failureOf(provider().complete(REQ));
    expect(err.kind).toBe('http');
    expect(err.status).toBe(401);
    expect(err.message).toContain('check the API key');
    expect(err.message).not.toContain(KEY);
    expect(requests).toHaveLength(1);
  });
});

describe('AnthropicProvider temperature rejection', () => {
  it('retries once without temperature and skips it for later calls to that model', async () => {
    const model = 'claude-no-temp-1';
    script.push({ status: 400, body: apiError('invalid_request_error', '`temperature` is not supported for this model.') });
    script.push({ status: 200, body: message([{ type: 'text', text: 'first' }], 'end_turn') });
    script.push({ status: 200, body: message([{ type: 'text', text: 'second' }], 'end_turn') });
    const p = provider({ model });

    expect((await p.complete(REQ)).text).toBe('first');
    expect(requests).toHaveLength(2);
    expect(requests[0]!.body).toHaveProperty('temperature', 0);
    expect(requests[1]!.body).not.toHaveProperty('temperature');

    // A fresh adapter for the same model remembers the rejection.
    expect((await provider({ model }).complete(REQ)).text).toBe('second');
    expect(requests).toHaveLength(3);
    expect(requests[2]!.body).not.toHaveProperty('temperature');

    // Other models still send it.
    script.push({ status: 200, body: message([{ type: 'text', text: 'third' }], 'end_turn') });
    await provider({ model: 'claude-other' }).complete(REQ);
    expect(requests[3]!.body).toHaveProperty('temperature', 0);
  });

  it('does not retry other 400s', async () => {
    script.push({ status: 400, body: apiError('invalid_request_error', 'max_tokens: must be at least 1') });
    const err = await failureOf(provider({ model: 'claude-bad-req' }).complete(REQ));
    expect(err.kind).toBe('http');
    expect(err.message).toContain('max_tokens');
    expect(requests).toHaveLength(1);
  });
});
