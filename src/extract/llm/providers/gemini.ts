import { errorMessage, failure, postJson, type JsonReply } from '../http.js';
import { LlmError, type JsonSchema, type LlmProvider, type LlmRequest, type LlmResponse, type LlmUsage, type ProviderOptions } from '../types.js';
import { asRecord, sendWithTemperatureFallback, tokenCount } from './common.js';

const DEFAULT_BASE = 'https://generativelanguage.googleapis.com';
/** Finish reasons that mean the model declined to answer rather than ran dry. */
const REFUSAL_FINISH = new Set(['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'IMAGE_SAFETY']);

/** Google Gemini generateContent; structured output via responseSchema (OpenAPI-style subset). */
export class GeminiProvider implements LlmProvider {
  readonly name = 'gemini' as const;
  readonly model: string;
  private readonly url: string;

  constructor(private readonly opts: ProviderOptions) {
    this.model = opts.model;
    const base = (opts.baseUrl ?? DEFAULT_BASE).replace(/\/+$/, '');
    const id = encodeURIComponent(opts.model.replace(/^models\//, ''));
    // The key travels only in a header, so URLs in logs and errors never reveal it.
    this.url = `${base}/v1beta/models/${id}:generateContent`;
  }

  async complete(req: LlmRequest): Promise<LlmResponse> {
    const reply = await sendWithTemperatureFallback(this.name, this.model, (withTemperature) => this.post(this.body(req, withTemperature)));
    if (reply.status < 200 || reply.status >= 300) throw failure(this.name, reply);
    return this.parse(reply.body, req);
  }

  private post(payload: unknown): Promise<JsonReply> {
    return postJson(this.name, this.url, { 'x-goog-api-key': this.opts.apiKey }, payload, this.opts);
  }

  private body(req: LlmRequest, withTemperature: boolean): Record<string, unknown> {
    const generationConfig: Record<string, unknown> = { maxOutputTokens: req.maxTokens };
    if (withTemperature) generationConfig.temperature = req.temperature ?? 0;
    if (req.schema) {
      generationConfig.responseMimeType = 'application/json';
      generationConfig.responseSchema = toGeminiSchema(req.schema);
    } else if (req.jsonMode) {
      generationConfig.responseMimeType = 'application/json';
    }
    return {
      systemInstruction: { parts: [{ text: req.system }] },
      contents: [{ role: 'user', parts: [{ text: req.user }] }],
      generationConfig,
    };
  }

  private parse(raw: unknown, req: LlmRequest): LlmResponse {
    const body = asRecord(raw);
    const candidate = asRecord(Array.isArray(body.candidates) ? body.candidates[0] : undefined);
    const parts = Array.isArray(asRecord(candidate.content).parts) ? (asRecord(candidate.content).parts as unknown[]) : [];
    const text = parts
      .map(asRecord)
      .filter((p) => p.thought !== true && typeof p.text === 'string')
      .map((p) => p.text as string)
      .join('');
    const finish = candidate.finishReason;
    if (finish === 'MAX_TOKENS') {
      throw new LlmError(`gemini: output truncated at maxOutputTokens=${req.maxTokens}`, 'truncated', this.name);
    }
    if (!text) {
      const blocked = asRecord(body.promptFeedback).blockReason;
      if (typeof blocked === 'string') throw new LlmError(`gemini: prompt blocked (${blocked})`, 'refused', this.name);
      if (typeof finish === 'string' && REFUSAL_FINISH.has(finish)) throw new LlmError(`gemini: reply withheld (${finish})`, 'refused', this.name);
      throw new LlmError(`gemini: reply has no text${typeof finish === 'string' ? ` (finishReason ${finish})` : ''}`, 'empty', this.name);
    }
    return { text, usage: geminiUsage(body.usageMetadata), provider: this.name, model: this.model };
  }
}

/** Gemini bills thinking as output, so `output` includes thoughtsTokenCount. */
export function geminiUsage(raw: unknown): LlmUsage {
  const u = asRecord(raw);
  const thinking = tokenCount(u.thoughtsTokenCount);
  return {
    input: tokenCount(u.promptTokenCount),
    output: tokenCount(u.candidatesTokenCount) + thinking,
    cached: tokenCount(u.cachedContentTokenCount),
    cacheWrite: 0,
    thinking,
  };
}

const DROPPED_KEYS = new Set(['additionalProperties', '$schema']);

/**
 * JSON Schema → Gemini responseSchema: nullable unions become `nullable: true`, type names are
 * upper-cased, and keywords Gemini rejects are dropped. Returns a copy; the input is untouched.
 */
export function toGeminiSchema(schema: JsonSchema): JsonSchema {
  return convert(schema) as JsonSchema;
}

function convert(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(convert);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (DROPPED_KEYS.has(key)) continue;
    if (key === 'type') {
      Object.assign(out, convertType(value));
    } else if (key === 'properties' && value && typeof value === 'object' && !Array.isArray(value)) {
      // Property names are data, not keywords: copy them verbatim and convert only their schemas.
      out.properties = Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([name, sub]) => [name, convert(sub)]));
    } else if (key === 'enum' && Array.isArray(value)) {
      // Gemini enums are strings only; null is expressed by `nullable`.
      out.enum = value.filter((v) => v !== null);
    } else {
      out[key] = convert(value);
    }
  }
  return out;
}

function convertType(value: unknown): Record<string, unknown> {
  if (typeof value === 'string') return { type: value.toUpperCase() };
  if (Array.isArray(value)) {
    const types = value.filter((t): t is string => typeof t === 'string');
    const nonNull = types.filter((t) => t !== 'null');
    const nullable = nonNull.length < types.length ? { nullable: true } : {};
    if (nonNull.length === 1) return { type: nonNull[0]!.toUpperCase(), ...nullable };
    if (nonNull.length === 0) return { type: 'STRING', ...nullable }; // bare null: nothing better to offer
    return { anyOf: nonNull.map((t) => ({ type: t.toUpperCase() })), ...nullable };
  }
  return { type: value };
}
