import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeVendor, type FakeVendor, type Scripted, type Seen } from './helpers/fake-vendor.js';
import { GeminiProvider, toGeminiSchema } from '../src/extract/llm/providers/gemini.js';
import { LlmError, type LlmRequest, type ProviderOptions } from '../src/extract/llm/types.js';

const KEY = 'AIzaSy-test-SECRET-0123456789';

// A fake generateContent endpoint: replies are scripted per test, requests are recorded.
let fake: FakeVendor;
let requests: Seen[];
let script: Scripted[];
let origin: string;
const sleeps: number[] = [];

beforeAll(async () => {
  fake = await startFakeVendor({ exhausted: { status: 500, body: googleError(500, 'script exhausted', 'INTERNAL') } });
  ({ origin, seen: requests, script } = fake);
});
afterAll(() => fake.close());
beforeEach(() => {
  requests.length = 0;
  script.length = 0;
  sleeps.length = 0;
});

function provider(over: Partial<ProviderOptions> = {}) {
  return new GeminiProvider({
    apiKey: KEY,
    model: 'gemini-2.5-flash',
    baseUrl: origin,
    retryBaseMs: 1,
    maxRetries: 3,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...over,
  });
}

const REQ: LlmRequest = { system: 'You extract hearings.', user: 'Docket text: hearing set for 2026-03-04.', maxTokens: 4096, purpose: 'extract' };

function generated(parts: unknown[], finishReason = 'STOP', usage: Record<string, number> = { promptTokenCount: 50, candidatesTokenCount: 8, totalTokenCount: 58 }) {
  return {
    candidates: [{ content: { parts, role: 'model' }, finishReason, index: 0 }],
    usageMetadata: { ...usage, promptTokensDetails: [{ modality: 'TEXT', tokenCount: usage.promptTokenCount ?? 0 }] },
    modelVersion: 'gemini-2.5-flash',
    responseId: 'mJ3kaPz1Fo2ekdUP',
  };
}
function googleError(code: number, message: string, status: string) {
  return { error: { code, message, status } };
}

async function failureOf(p: Promise<unknown>): Promise<LlmError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(LlmError);
  return err as LlmError;
}

describe('toGeminiSchema', () => {
  it('turns nullable unions into nullable, upper-cases types and drops unsupported keys', () => {
    const input = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      additionalProperties: false,
      required: ['actions'],
      properties: {
        actions: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['type'],
            properties: {
              type: { type: 'string', enum: ['add_hearing', 'ignore'] },
              significance: { type: ['string', 'null'], enum: ['major', 'minor', null] },
              duration_minutes: { type: ['integer', 'null'] },
              score: { type: 'number' },
              conditional: { type: ['boolean', 'null'], description: 'only if stated' },
            },
          },
        },
      },
    };
    const snapshot = structuredClone(input);
    expect(toGeminiSchema(input)).toEqual({
      type: 'OBJECT',
      required: ['actions'],
      properties: {
        actions: {
          type: 'ARRAY',
          items: {
            type: 'OBJECT',
            required: ['type'],
            properties: {
              type: { type: 'STRING', enum: ['add_hearing', 'ignore'] },
              significance: { type: 'STRING', nullable: true, enum: ['major', 'minor'] },
              duration_minutes: { type: 'INTEGER', nullable: true },
              score: { type: 'NUMBER' },
              conditional: { type: 'BOOLEAN', nullable: true, description: 'only if stated' },
            },
          },
        },
      },
    });
    expect(input).toEqual(snapshot); // a copy, not an in-place edit
  });
});

describe('GeminiProvider request', () => {
  it('posts to generateContent with the key in a header only, system instruction and temperature 0', async () => {
    script.push({ status: 200, body: generated([{ text: 'Hearing on ' }, { text: 'March 4.' }]) });
    const res = await provider().complete(REQ);

    expect(res).toMatchObject({ text: 'Hearing on March 4.', provider: 'gemini', model: 'gemini-2.5-flash' });
    const r = requests[0]!;
    expect(r.method).toBe('POST');
    expect(r.url).toBe('/v1beta/models/gemini-2.5-flash:generateContent');
    expect(r.url).not.toContain(KEY);
    expect(r.url).not.toContain('key=');
    expect(r.headers['x-goog-api-key']).toBe(KEY);
    expect(r.body).toEqual({
      systemInstruction: { parts: [{ text: 'You extract hearings.' }] },
      contents: [{ role: 'user', parts: [{ text: 'Docket text: hearing set for 2026-03-04.' }] }],
      generationConfig: { maxOutputTokens: 4096, temperature: 0 },
    });
  });

  it('sends a converted responseSchema with JSON mime type', async () => {
    script.push({ status: 200, body: generated([{ text: '{"actions":[]}' }]) });
    const schema = { type: 'object', additionalProperties: false, properties: { note: { type: ['string', 'null'] } } };
    const res = await provider().complete({ ...REQ, schema });
    expect(res.text).toBe('{"actions":[]}');
    expect(requests[0]!.body.generationConfig).toEqual({
      maxOutputTokens: 4096,
      temperature: 0,
      responseMimeType: 'application/json',
      responseSchema: { type: 'OBJECT', properties: { note: { type: 'STRING', nullable: true } } },
    });
  });

  it('asks for JSON without a schema in jsonMode', async () => {
    script.push({ status: 200, body: generated([{ text: '{}' }]) });
    await provider().complete({ ...REQ, jsonMode: true });
    const config = requests[0]!.body.generationConfig as Record<string, unknown>;
    expect(config.responseMimeType).toBe('application/json');
    expect(config).not.toHaveProperty('responseSchema');
  });
});

describe('GeminiProvider reply and usage', () => {
  it('skips thought parts and counts thinking tokens as output', async () => {
    script.push({
      status: 200,
      body: generated([{ text: 'Let me reason about the docket…', thought: true }, { text: '{"actions":[]}' }], 'STOP', {
        promptTokenCount: 9400,
        cachedContentTokenCount: 8000,
        candidatesTokenCount: 30,
        thoughtsTokenCount: 250,
        totalTokenCount: 9680,
      }),
    });
    const res = await provider().complete(REQ);
    expect(res.text).toBe('{"actions":[]}');
    expect(res.usage).toEqual({ input: 9400, cached: 8000, cacheWrite: 0, output: 280, thinking: 250 });
  });

  it('treats missing usage fields as zero', async () => {
    script.push({ status: 200, body: generated([{ text: 'x' }], 'STOP', { promptTokenCount: 7, candidatesTokenCount: 2 }) });
    const res = await provider().complete(REQ);
    expect(res.usage).toEqual({ input: 7, cached: 0, cacheWrite: 0, output: 2, thinking: 0 });
  });

  it('maps finishReason MAX_TOKENS to truncated', async () => {
    script.push({ status: 200, body: generated([{ text: '{"actions":[{"ty' }], 'MAX_TOKENS') });
    const err = await failureOf(provider().complete(REQ));
    expect(err.kind).toBe('truncated');
    expect(err.provider).toBe('gemini');
  });

  it('reports a reply with only thoughts as empty', async () => {
    script.push({ status: 200, body: generated([{ text: 'thinking only', thought: true }]) });
    const err = await failureOf(provider().complete(REQ));
    expect(err.kind).toBe('empty');
  });

  it('reports a blocked prompt as refused', async () => {
    script.push({ status: 200, body: { promptFeedback: { blockReason: 'SAFETY' }, usageMetadata: { promptTokenCount: 40, totalTokenCount: 40 }, modelVersion: 'gemini-2.5-flash' } });
    const err = await failureOf(provider().complete(REQ));
    expect(err.kind).toBe('refused');
    expect(err.message).toContain('SAFETY');
  });
});

describe('GeminiProvider errors', () => {
  it('maps an over-long prompt to context', async () => {
    script.push({ status: 400, body: googleError(400, 'The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).', 'INVALID_ARGUMENT') });
    const err = await failureOf(provider().complete(REQ));
    expect(err.kind).toBe('context');
    expect(err.status).toBe(400);
  });

  it('waits retry-after on 429 and then succeeds', async () => {
    script.push({ status: 429, headers: { 'retry-after': '3' }, body: googleError(429, 'Resource has been exhausted (e.g. check quota).', 'RESOURCE_EXHAUSTED') });
    script.push({ status: 200, body: generated([{ text: 'ok' }]) });
    const res = await provider().complete(REQ);
    expect(res.text).toBe('ok');
    expect(requests).toHaveLength(2);
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeCloseTo(3000, -1);
  });

  it('retries 503 unavailable', async () => {
    script.push({ status: 503, body: googleError(503, 'The model is overloaded. Please try again later.', 'UNAVAILABLE') });
    script.push({ status: 200, body: generated([{ text: 'recovered' }]) });
    const res = await provider().complete(REQ);
    expect(res.text).toBe('recovered');
    expect(requests).toHaveLength(2);
    expect(sleeps).toHaveLength(1);
  });

  it('maps 401 to http with a key hint and never echoes the key', async () => {
    script.push({ status: 401, body: googleError(401, 'API key not valid. Please pass a valid API key.', 'UNAUTHENTICATED') });
    const err = await failureOf(provider().complete(REQ));
    expect(err.kind).toBe('http');
    expect(err.status).toBe(401);
    expect(err.message).toContain('check the API key');
    expect(err.message).not.toContain(KEY);
  });

  it('retries once without temperature when the model rejects it, and remembers that', async () => {
    const model = 'gemini-no-temp-1';
    script.push({ status: 400, body: googleError(400, 'temperature is not supported for this model.', 'INVALID_ARGUMENT') });
    script.push({ status: 200, body: generated([{ text: 'first' }]) });
    script.push({ status: 200, body: generated([{ text: 'second' }]) });

    expect((await provider({ model }).complete(REQ)).text).toBe('first');
    expect(requests).toHaveLength(2);
    expect(requests[0]!.body.generationConfig).toHaveProperty('temperature', 0);
    expect(requests[1]!.body.generationConfig).not.toHaveProperty('temperature');
    expect(requests[1]!.url).toBe(`/v1beta/models/${model}:generateContent`);

    expect((await provider({ model }).complete(REQ)).text).toBe('second');
    expect(requests).toHaveLength(3);
    expect(requests[2]!.body.generationConfig).not.toHaveProperty('temperature');
  });
});
