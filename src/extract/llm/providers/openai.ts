import { errorMessage, failure, postJson, type JsonReply } from '../http.js';
import { sendWithTemperatureFallback } from './common.js';
import { LlmError, type JsonSchema, type LlmProvider, type LlmRequest, type LlmResponse, type LlmUsage, type ProviderName, type ProviderOptions } from '../types.js';

const DEFAULT_BASE = 'https://api.openai.com';

export interface OpenAiProviderOptions extends ProviderOptions {
  /** Provider name reported in responses and errors ('ollama' when used as its compat backend). */
  label?: ProviderName;
  /** Send `max_tokens` instead of `max_completion_tokens` (OpenAI-compatible servers). */
  legacyMaxTokens?: boolean;
  /** Extra top-level body fields (e.g. Ollama's `seed`, `options`). */
  extraBody?: Record<string, unknown>;
  /** Default timeout for postJson when opts.timeoutMs is unset (default 120 s). */
  defaultTimeoutMs?: number;
}

/**
 * Copies a schema into the shape OpenAI's strict structured output demands: every object lists all
 * its properties as required and is closed. Optional fields stay expressible through a null union.
 */
export function strictSchema(schema: JsonSchema): JsonSchema {
  return tighten(schema) as JsonSchema;
}

function tighten(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(tighten);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    if ((k === 'properties' || k === '$defs' || k === 'definitions') && v && typeof v === 'object' && !Array.isArray(v)) {
      out[k] = Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([name, sub]) => [name, tighten(sub)]));
    } else if (k === 'enum' || k === 'const' || k === 'required') {
      out[k] = v; // literal values, not subschemas
    } else {
      out[k] = tighten(v);
    }
  }
  const type = out.type;
  const isObject = type === 'object' || (Array.isArray(type) && type.includes('object')) || (out.properties !== undefined && type === undefined);
  if (isObject) {
    const props = (out.properties as Record<string, unknown> | undefined) ?? {};
    out.properties = props;
    out.required = Object.keys(props);
    out.additionalProperties = false;
  }
  return out;
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

function usageOf(body: Record<string, unknown>): LlmUsage {
  const u = (body.usage ?? {}) as Record<string, unknown>;
  const promptDetails = (u.prompt_tokens_details ?? {}) as Record<string, unknown>;
  const completionDetails = (u.completion_tokens_details ?? {}) as Record<string, unknown>;
  return {
    input: num(u.prompt_tokens),
    output: num(u.completion_tokens),
    cached: num(promptDetails.cached_tokens),
    cacheWrite: 0,
    thinking: num(completionDetails.reasoning_tokens),
  };
}

function isContextCode(body: unknown): boolean {
  const err = body && typeof body === 'object' ? (body as Record<string, unknown>).error : undefined;
  return !!err && typeof err === 'object' && (err as Record<string, unknown>).code === 'context_length_exceeded';
}

/** Chat Completions adapter (OpenAI, or any server speaking its dialect). */
export class OpenAiProvider implements LlmProvider {
  readonly name: ProviderName;
  readonly model: string;
  private readonly url: string;

  constructor(private readonly opts: OpenAiProviderOptions) {
    this.name = opts.label ?? 'openai';
    this.model = opts.model;
    this.url = `${(opts.baseUrl ?? DEFAULT_BASE).replace(/\/+$/, '')}/v1/chat/completions`;
  }

  async complete(req: LlmRequest): Promise<LlmResponse> {
    const headers = { authorization: `Bearer ${this.opts.apiKey}` };
    const send = (withTemperature: boolean) => postJson(this.name, this.url, headers, this.body(req, withTemperature), this.opts, this.opts.defaultTimeoutMs);
    // Local OpenAI-compatible servers take whatever temperature they are given; only hosted OpenAI refuses it.
    const reply = this.name === 'openai' ? await sendWithTemperatureFallback(this.name, this.model, send) : await send(true);
    if (reply.status < 200 || reply.status >= 300) {
      const err = failure(this.name, reply);
      if (err.kind !== 'context' && isContextCode(reply.body)) {
        throw new LlmError(`${this.name}: prompt too long for the model: ${errorMessage(reply.body)}`, 'context', this.name, reply.status);
      }
      throw err;
    }
    return this.parse(reply);
  }

  private body(req: LlmRequest, withTemperature: boolean): Record<string, unknown> {
    const body: Record<string, unknown> = {
      model: this.model,
      [this.opts.legacyMaxTokens ? 'max_tokens' : 'max_completion_tokens']: req.maxTokens,
      messages: [
        { role: 'system', content: req.system },
        { role: 'user', content: req.user },
      ],
      ...this.opts.extraBody,
    };
    if (withTemperature) body.temperature = req.temperature ?? 0;
    if (req.schema) {
      body.response_format = { type: 'json_schema', json_schema: { name: 'structured_output', schema: strictSchema(req.schema), strict: true } };
    } else if (req.jsonMode) {
      body.response_format = { type: 'json_object' };
    }
    return body;
  }

  private parse(reply: JsonReply): LlmResponse {
    if (!reply.body || typeof reply.body !== 'object') {
      throw new LlmError(`${this.name}: reply is not JSON`, 'empty', this.name, reply.status);
    }
    const body = reply.body as Record<string, unknown>;
    const choices = Array.isArray(body.choices) ? body.choices : [];
    const choice = (choices[0] ?? {}) as Record<string, unknown>;
    const message = (choice.message ?? {}) as Record<string, unknown>;
    if (typeof message.refusal === 'string' && message.refusal) {
      throw new LlmError(`${this.name}: the model refused: ${message.refusal.slice(0, 300)}`, 'refused', this.name, reply.status);
    }
    const text = typeof message.content === 'string' ? message.content : '';
    if (choice.finish_reason === 'length') {
      throw new LlmError(`${this.name}: output truncated at the token limit (${text.length} chars received)`, 'truncated', this.name, reply.status);
    }
    if (!text.trim()) throw new LlmError(`${this.name}: empty reply (finish_reason ${String(choice.finish_reason)})`, 'empty', this.name, reply.status);
    return { text, usage: usageOf(body), provider: this.name, model: this.model };
  }
}
