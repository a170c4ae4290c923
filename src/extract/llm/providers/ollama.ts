import { failure, postJson } from '../http.js';
import { LlmError, type LlmProvider, type LlmRequest, type LlmResponse, type ProviderOptions } from '../types.js';
import { OpenAiProvider } from './openai.js';

const DEFAULT_BASE = 'http://localhost:11434';
const LOCAL_TIMEOUT_MS = 600_000;
const PROBE_TIMEOUT_MS = 10_000;
const OUT_OF_MEMORY = /out of memory|cudamalloc|failed to allocate|not enough memory|insufficient memory/i;

export interface OllamaProviderOptions extends ProviderOptions {
  numCtx?: number;
  seed?: number;
  /** Replaces the request's temperature (an operator override of the default 0). */
  temperature?: number;
  /** Skip the native API and talk to the OpenAI-compatible endpoint. */
  forceCompat?: boolean;
}

type Backend = 'native' | 'compat';

/** One /api/show probe per (root, model) per process; concurrent callers share it. */
const backendProbes = new Map<string, Promise<Backend>>();

function probeBackend(root: string, model: string, opts: ProviderOptions): Promise<Backend> {
  const key = `${root}\n${model}`;
  let probe = backendProbes.get(key);
  if (!probe) {
    probe = postJson('ollama', `${root}/api/show`, {}, { model }, { ...opts, maxRetries: 0, timeoutMs: PROBE_TIMEOUT_MS })
      .then((reply): Backend => (reply.status >= 200 && reply.status < 300 ? 'native' : 'compat'))
      .catch((): Backend => 'compat');
    backendProbes.set(key, probe);
  }
  return probe;
}

/** Out-of-memory failures are really "context window too large for this GPU": say so. */
function withMemoryHint(err: unknown): unknown {
  if (err instanceof LlmError && err.kind === 'http' && OUT_OF_MEMORY.test(err.message)) {
    return new LlmError(`${err.message} (the model ran out of memory: lower the context window, numCtx)`, 'http', 'ollama', err.status);
  }
  return err;
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** Local models through Ollama: native /api/chat when available, else its OpenAI-compatible API. */
export class OllamaProvider implements LlmProvider {
  readonly name = 'ollama' as const;
  readonly model: string;
  private readonly base: string;
  private readonly root: string;
  private compat: OpenAiProvider | undefined;

  constructor(private readonly opts: OllamaProviderOptions) {
    this.model = opts.model;
    this.base = (opts.baseUrl ?? DEFAULT_BASE).replace(/\/+$/, '');
    this.root = this.base.replace(/\/v1$/, '');
  }

  async complete(req: LlmRequest): Promise<LlmResponse> {
    this.checkContext(req);
    const backend = this.opts.forceCompat ? 'compat' : await probeBackend(this.root, this.model, this.opts);
    try {
      return backend === 'native' ? await this.native(req) : await this.compatProvider().complete({ ...req, temperature: this.temperature(req) });
    } catch (err) {
      throw withMemoryHint(err);
    }
  }

  /** Refuse before calling when the prompt plainly cannot fit (Ollama would silently truncate it). */
  private checkContext(req: LlmRequest): void {
    const limit = this.opts.numCtx;
    if (limit === undefined) return;
    const estimated = Math.floor((req.system.length + req.user.length) / 3.5) + 1;
    if (estimated + req.maxTokens > limit) {
      throw new LlmError(`ollama: prompt too long for the model: about ${estimated} prompt tokens + ${req.maxTokens} output tokens exceed num_ctx ${limit}`, 'context', 'ollama');
    }
  }

  private temperature(req: LlmRequest): number {
    return this.opts.temperature ?? req.temperature ?? 0;
  }

  private async native(req: LlmRequest): Promise<LlmResponse> {
    const options: Record<string, unknown> = { num_predict: req.maxTokens, temperature: this.temperature(req) };
    if (this.opts.seed !== undefined) options.seed = this.opts.seed;
    if (this.opts.numCtx !== undefined) options.num_ctx = this.opts.numCtx;
    const body: Record<string, unknown> = {
      model: this.model,
      messages: [
        { role: 'system', content: req.system },
        { role: 'user', content: req.user },
      ],
      stream: false,
      options,
    };
    if (req.schema) body.format = req.schema;
    else if (req.jsonMode) body.format = 'json';
    const reply = await postJson('ollama', `${this.root}/api/chat`, {}, body, this.opts, LOCAL_TIMEOUT_MS);
    if (reply.status < 200 || reply.status >= 300) throw failure('ollama', reply);
    const data = (reply.body && typeof reply.body === 'object' ? reply.body : {}) as Record<string, unknown>;
    const message = (data.message ?? {}) as Record<string, unknown>;
    const text = typeof message.content === 'string' ? message.content : '';
    if (data.done_reason === 'length') {
      throw new LlmError(`ollama: output truncated at the token limit (${text.length} chars received)`, 'truncated', 'ollama', reply.status);
    }
    if (!text.trim()) throw new LlmError(`ollama: empty reply (done_reason ${String(data.done_reason)})`, 'empty', 'ollama', reply.status);
    return {
      text,
      usage: { input: num(data.prompt_eval_count), output: num(data.eval_count), cached: 0, cacheWrite: 0, thinking: 0 },
      provider: 'ollama',
      model: this.model,
    };
  }

  private compatProvider(): OpenAiProvider {
    if (!this.compat) {
      const extraBody: Record<string, unknown> = {};
      if (this.opts.seed !== undefined) extraBody.seed = this.opts.seed;
      if (this.opts.numCtx !== undefined) extraBody.options = { num_ctx: this.opts.numCtx };
      this.compat = new OpenAiProvider({
        ...this.opts,
        baseUrl: this.root,
        apiKey: this.opts.apiKey || 'ollama',
        label: 'ollama',
        legacyMaxTokens: true,
        maxRetries: this.opts.maxRetries ?? 2,
        defaultTimeoutMs: LOCAL_TIMEOUT_MS,
        extraBody,
      });
    }
    return this.compat;
  }
}
