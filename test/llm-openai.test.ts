import { startFakeVendor, type FakeVendor, type Scripted } from './helpers/fake-vendor.js';
import { afterEach, describe, expect, it } from 'vitest';
import { OpenAiProvider, strictSchema } from '../src/extract/llm/providers/openai.js';
import { LlmError, type LlmRequest } from '../src/extract/llm/types.js';

/** A fake Chat Completions server answering with a script, recording every request. */
const fakes: FakeVendor[] = [];
async function fakeServer(script: Scripted[]): Promise<FakeVendor> {
  const fake = await startFakeVendor({ script, exhausted: { status: 599, body: { error: { message: 'script exhausted' } } } });
  fakes.push(fake);
  return fake;
}
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

const KEY = 'sk-test-SECRET-123';

/** A real-shaped chat.completion reply. */
function completion(content: string | null, opts: { finish?: string; refusal?: string | null; cached?: number; reasoning?: number } = {}) {
  return {
    id: 'chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG',
    object: 'chat.completion',
    created: 1741570283,
    model: 'gpt-5-mini-2025-08-07',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content, refusal: opts.refusal ?? null, annotations: [] },
        logprobs: null,
        finish_reason: opts.finish ?? 'stop',
      },
    ],
    usage: {
      prompt_tokens: 1117,
      completion_tokens: 46,
      total_tokens: 1163,
      prompt_tokens_details: { cached_tokens: opts.cached ?? 0, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: opts.reasoning ?? 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    },
    service_tier: 'default',
    system_fingerprint: null,
  };
}

function provider(origin: string, model = 'gpt-5-mini') {
  const delays: number[] = [];
  const p = new OpenAiProvider({
    apiKey: KEY,
    model,
    baseUrl: origin,
    retryBaseMs: 1,
    sleep: async (ms) => {
      delays.push(ms);
    },
  });
  return { p, delays };
}

const req = (extra: Partial<LlmRequest> = {}): LlmRequest => ({ system: 'You extract hearings.', user: 'Docket text', maxTokens: 800, purpose: 'extract', ...extra });

async function failureOf(promise: Promise<unknown>): Promise<LlmError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(LlmError);
    return err as LlmError;
  }
  throw new Error('expected the call to fail');
}

const SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['actions'],
  properties: {
    actions: {
      type: 'array',
      items: {
        type: 'object',
        required: ['type'],
        properties: {
          type: { type: 'string', enum: ['IGNORE', 'ADD_HEARING'] },
          local_time: { type: ['string', 'null'] },
          venue: { type: ['object', 'null'], properties: { room: { type: 'string' } } },
        },
      },
    },
  },
};

describe('strictSchema', () => {
  it('requires every property and closes every object, nested ones included, without touching the input', () => {
    const before = JSON.stringify(SCHEMA);
    const strict = strictSchema(SCHEMA);
    expect(JSON.stringify(SCHEMA)).toBe(before);
    const item = (strict.properties as any).actions.items;
    expect(item.required).toEqual(['type', 'local_time', 'venue']);
    expect(item.additionalProperties).toBe(false);
    expect(item.properties.local_time).toEqual({ type: ['string', 'null'] });
    expect(item.properties.type.enum).toEqual(['IGNORE', 'ADD_HEARING']);
    expect(item.properties.venue).toEqual({ type: ['object', 'null'], properties: { room: { type: 'string' } }, required: ['room'], additionalProperties: false });
    expect(strict.required).toEqual(['actions']);
    expect(strict.additionalProperties).toBe(false);
  });

  it('treats a property literally named "required" or "properties" as a property, not a keyword', () => {
    const strict = strictSchema({ type: 'object', properties: { required: { type: 'boolean' }, properties: { type: 'object', properties: {} } } });
    expect(strict.required).toEqual(['required', 'properties']);
    expect((strict.properties as any).properties).toEqual({ type: 'object', properties: {}, required: [], additionalProperties: false });
  });
});

describe('OpenAiProvider', () => {
  it('posts a strict json_schema request with the key only in the Bearer header and normalises usage', async () => {
    const fake = await fakeServer([{ status: 200, body: completion('{"actions":[]}', { cached: 1024, reasoning: 30 }) }]);
    const { p } = provider(fake.origin);
    const res = await p.complete(req({ schema: SCHEMA }));
    expect(res).toEqual({ text: '{"actions":[]}', provider: 'openai', model: 'gpt-5-mini', usage: { input: 1117, output: 46, cached: 1024, cacheWrite: 0, thinking: 30 } });
    const [r] = fake.seen;
    expect(r!.method).toBe('POST');
    expect(r!.path).toBe('/v1/chat/completions');
    expect(r!.path).not.toContain(KEY);
    expect(r!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(r!.body).toEqual({
      model: 'gpt-5-mini',
      max_completion_tokens: 800,
      temperature: 0,
      messages: [
        { role: 'system', content: 'You extract hearings.' },
        { role: 'user', content: 'Docket text' },
      ],
      response_format: { type: 'json_schema', json_schema: { name: 'structured_output', schema: strictSchema(SCHEMA), strict: true } },
    });
  });

  it('uses json_object for JSON mode and no response_format for plain text; passes an explicit temperature', async () => {
    const fake = await fakeServer([
      { status: 200, body: completion('{"a":1}') },
      { status: 200, body: completion('A summary.') },
    ]);
    const { p } = provider(fake.origin);
    expect((await p.complete(req({ jsonMode: true }))).text).toBe('{"a":1}');
    expect((await p.complete(req({ temperature: 0.4 }))).text).toBe('A summary.');
    expect(fake.seen[0]!.body.response_format).toEqual({ type: 'json_object' });
    expect(fake.seen[1]!.body).not.toHaveProperty('response_format');
    expect(fake.seen[1]!.body.temperature).toBe(0.4);
  });

  it('reports finish_reason "length" as truncated', async () => {
    const fake = await fakeServer([{ status: 200, body: completion('{"actions":[{"ty', { finish: 'length' }) }]);
    const err = await failureOf(provider(fake.origin).p.complete(req()));
    expect(err.kind).toBe('truncated');
    expect(err.provider).toBe('openai');
  });

  it('reports a refusal as refused and empty content as empty', async () => {
    const fake = await fakeServer([
      { status: 200, body: completion(null, { refusal: "I'm sorry, I can't help with that." }) },
      { status: 200, body: completion('') },
    ]);
    const { p } = provider(fake.origin);
    const refused = await failureOf(p.complete(req({ schema: SCHEMA })));
    expect(refused.kind).toBe('refused');
    expect(refused.message).toContain("can't help");
    expect((await failureOf(p.complete(req()))).kind).toBe('empty');
  });

  it('maps context_length_exceeded bodies to context, by message or by code alone', async () => {
    const fake = await fakeServer([
      {
        status: 400,
        body: { error: { message: "This model's maximum context length is 128000 tokens. However, your messages resulted in 131072 tokens. Please reduce the length of the messages.", type: 'invalid_request_error', param: 'messages', code: 'context_length_exceeded' } },
      },
      { status: 400, body: { error: { message: 'Input tokens exceed the configured limit of 272000 tokens.', type: 'invalid_request_error', param: 'messages', code: 'context_length_exceeded' } } },
    ]);
    const { p } = provider(fake.origin);
    const first = await failureOf(p.complete(req()));
    expect([first.kind, first.status]).toEqual(['context', 400]);
    const second = await failureOf(p.complete(req()));
    expect([second.kind, second.status]).toEqual(['context', 400]);
    expect(second.message).toContain('272000');
  });

  it('waits as long as retry-after asks on 429, then succeeds', async () => {
    const rateLimited = { error: { message: 'Rate limit reached for gpt-5-mini on tokens per min (TPM): Limit 200000, Used 199000.', type: 'tokens', param: null, code: 'rate_limit_exceeded' } };
    const fake = await fakeServer([
      { status: 429, body: rateLimited, headers: { 'retry-after': '2' } },
      { status: 200, body: completion('ok') },
    ]);
    const { p, delays } = provider(fake.origin);
    expect((await p.complete(req())).text).toBe('ok');
    expect(delays).toEqual([2000]);
    expect(fake.seen).toHaveLength(2);
  });

  it('retries a 500 with a short backoff', async () => {
    const fake = await fakeServer([
      { status: 500, body: { error: { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', param: null, code: null } } },
      { status: 200, body: completion('ok') },
    ]);
    const { p, delays } = provider(fake.origin);
    expect((await p.complete(req())).text).toBe('ok');
    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeLessThanOrEqual(1);
  });

  it('reports 401 as http with a key hint, never echoing the key', async () => {
    const fake = await fakeServer([
      { status: 401, body: { error: { message: 'Incorrect API key provided: sk-test-*****-123. You can find your API key at https://platform.openai.com/account/api-keys.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } } },
    ]);
    const err = await failureOf(provider(fake.origin).p.complete(req()));
    expect([err.kind, err.status]).toEqual(['http', 401]);
    expect(err.message).toContain('check the API key');
    expect(err.message).not.toContain(KEY);
    expect(fake.seen).toHaveLength(1);
  });

  it('retries once without temperature when the model rejects it, and omits it for that model afterwards', async () => {
    const rejected = { error: { message: "Unsupported value: 'temperature' does not support 0 with this model. Only the default (1) value is supported.", type: 'invalid_request_error', param: 'temperature', code: 'unsupported_value' } };
    const fake = await fakeServer([
      { status: 400, body: rejected },
      { status: 200, body: completion('first') },
      { status: 200, body: completion('second') },
      { status: 200, body: completion('other model') },
    ]);
    const { p } = provider(fake.origin, 'o-series-no-temp');
    expect((await p.complete(req())).text).toBe('first');
    expect((await p.complete(req())).text).toBe('second');
    expect((await provider(fake.origin, 'gpt-5-mini').p.complete(req())).text).toBe('other model');
    expect(fake.seen.map((s) => 'temperature' in s.body)).toEqual([true, false, false, true]);
  });

  it('does not retry an unrelated 400', async () => {
    const fake = await fakeServer([{ status: 400, body: { error: { message: "Invalid schema for response_format 'structured_output'.", type: 'invalid_request_error', param: 'response_format', code: null } } }]);
    const err = await failureOf(provider(fake.origin).p.complete(req({ schema: SCHEMA })));
    expect([err.kind, err.status]).toEqual(['http', 400]);
    expect(fake.seen).toHaveLength(1);
  });
});
