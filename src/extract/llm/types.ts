/** The one call every LLM provider adapter offers; the extractor never sees vendor shapes. */

export type ProviderName = 'anthropic' | 'gemini' | 'openai' | 'ollama';

/** A JSON Schema object (draft 2020-12 subset: type, properties, required, items, enum, nullable unions). */
export type JsonSchema = Record<string, unknown>;

export interface LlmRequest {
  system: string; // byte-stable across calls (prompt caching)
  user: string;
  maxTokens: number;
  /** Structured output: the adapter uses its vendor's schema mechanism; the reply text is the JSON. */
  schema?: JsonSchema;
  /** JSON without a schema (vendor "JSON mode"). Ignored when schema is set. */
  jsonMode?: boolean;
  temperature?: number; // default 0
  purpose: string; // for logs and accounting: "extract", "verify_hearing", …
}

export interface LlmUsage {
  input: number; // total prompt tokens, cached ones included
  output: number; // completion tokens, thinking included
  cached: number; // prompt tokens read from a cache
  cacheWrite: number; // prompt tokens written to a cache (Anthropic)
  thinking: number; // of `output`, the reasoning tokens, when the vendor reports them
}

export interface LlmResponse {
  text: string;
  usage: LlmUsage;
  provider: ProviderName;
  model: string;
}

export interface LlmProvider {
  readonly name: ProviderName;
  readonly model: string;
  complete(req: LlmRequest): Promise<LlmResponse>;
}

export type LlmErrorKind = 'truncated' | 'context' | 'http' | 'empty' | 'network' | 'refused';

/** Any failure of a call. Messages never contain the API key. */
export class LlmError extends Error {
  override readonly name = 'LlmError';
  constructor(
    message: string,
    readonly kind: LlmErrorKind,
    readonly provider: ProviderName,
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

export interface ProviderOptions {
  apiKey: string;
  model: string;
  /** Origin (and path prefix) override, e.g. a fake server in tests or a proxy. */
  baseUrl?: string;
  timeoutMs?: number; // default 120 s hosted, 600 s local
  maxRetries?: number; // default 6
  retryBaseMs?: number; // default 500, doubling with jitter
  maxRetryAfterMs?: number; // longest retry-after honoured (default 60 s); longer → fail
  sleep?: (ms: number) => Promise<void>;
}

export const ZERO_USAGE: LlmUsage = { input: 0, output: 0, cached: 0, cacheWrite: 0, thinking: 0 };
