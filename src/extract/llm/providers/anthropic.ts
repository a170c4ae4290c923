import { errorMessage, failure, postJson, type JsonReply } from '../http.js';
import { LlmError, type LlmProvider, type LlmRequest, type LlmResponse, type LlmUsage, type ProviderOptions } from '../types.js';
import { sendWithTemperatureFallback, tokenCount } from './common.js';

const DEFAULT_BASE = 'https://api.anthropic.com';
const API_VERSION = '2023-06-01';
const TOOL_NAME = 'structured_output';

interface ContentBlock {
  type?: unknown;
  text?: unknown;
  input?: unknown;
}

/** Anthropic Messages API; structured output goes through a single forced tool call. */
export class AnthropicProvider implements LlmProvider {
  readonly name = 'anthropic' as const;
  readonly model: string;
  private readonly url: string;

  constructor(private readonly opts: ProviderOptions) {
    this.model = opts.model;
    this.url = `${(opts.baseUrl ?? DEFAULT_BASE).replace(/\/+$/, '')}/v1/messages`;
  }

  async complete(req: LlmRequest): Promise<LlmResponse> {
    const reply = await sendWithTemperatureFallback(this.name, this.model, (withTemperature) => this.post(this.body(req, withTemperature)));
    if (reply.status < 200 || reply.status >= 300) throw failure(this.name, reply);
    return this.parse(reply.body, req);
  }

  private post(payload: unknown): Promise<JsonReply> {
    const headers = { 'x-api-key': this.opts.apiKey, 'anthropic-version': API_VERSION };
    return postJson(this.name, this.url, headers, payload, this.opts);
  }

  private body(req: LlmRequest, withTemperature: boolean): Record<string, unknown> {
    const body: Record<string, unknown> = {
      model: this.model,
      max_tokens: req.maxTokens,
      // Cache breakpoint on the (byte-stable) system prompt; variable data lives in the user turn.
      system: [{ type: 'text', text: req.system, cache_control: { type: 'ephemeral' } }],
      messages: [{ role: 'user', content: req.user }],
    };
    if (withTemperature) body.temperature = req.temperature ?? 0;
    if (req.schema) {
      // No `strict: true`: the vendor rejected our schema as too complex in strict mode.
      body.tools = [{ name: TOOL_NAME, description: 'Return the result as structured data matching this schema.', input_schema: req.schema }];
      body.tool_choice = { type: 'tool', name: TOOL_NAME };
    }
    return body;
  }

  private parse(raw: unknown, req: LlmRequest): LlmResponse {
    const body = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
    const blocks = (Array.isArray(body.content) ? body.content : []) as ContentBlock[];
    if (body.stop_reason === 'max_tokens') {
      throw new LlmError(`anthropic: output truncated at max_tokens=${req.maxTokens}`, 'truncated', this.name);
    }
    let text: string;
    if (req.schema) {
      const call = blocks.find((b) => b && b.type === 'tool_use');
      if (!call || call.input === undefined) throw new LlmError('anthropic: no structured_output tool call in the reply', 'empty', this.name);
      text = JSON.stringify(call.input);
    } else {
      text = blocks
        .filter((b) => b && b.type === 'text' && typeof b.text === 'string')
        .map((b) => b.text as string)
        .join('');
      if (!text) throw new LlmError('anthropic: reply has no text', 'empty', this.name);
    }
    return { text, usage: anthropicUsage(body.usage), provider: this.name, model: this.model };
  }
}

/** Anthropic's `input_tokens` excludes cache reads and writes; our `input` is the whole prompt. */
export function anthropicUsage(raw: unknown): LlmUsage {
  const u = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const cached = tokenCount(u.cache_read_input_tokens);
  const cacheWrite = tokenCount(u.cache_creation_input_tokens);
  return {
    input: tokenCount(u.input_tokens) + cached + cacheWrite,
    output: tokenCount(u.output_tokens),
    cached,
    cacheWrite,
    thinking: 0,
  };
}
