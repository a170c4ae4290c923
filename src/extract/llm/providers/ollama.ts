import { failure, postJson } from '../http.js';
import { LlmError, type LlmProvider, type LlmRequest, type LlmResponse, type ProviderOptions } from '../types.js';
import { OpenAiProvider } from './openai.js';

const DEFAULT_BASE = 'http://localhost:11434';
const LOCAL_TIMEOUT_MS = 600_000;
const PROBE_TIMEOUT_MS = 10_000;
const DEFAULT_THINK_BUDGET = 8192;
const OUT_OF_MEMORY = /out of memory|cudamalloc|failed to allocate|not enough memory|insufficient memory/i;

export type ThinkLevel = 'low' | 'medium' | 'high';

export interface OllamaProviderOptions extends ProviderOptions {
  numCtx?: number;
  seed?: number;
  /** Replaces the request's temperature (an operator override of the default 0). */
  temperature?: number;
  /** Skip the native API and talk to the OpenAI-compatible endpoint. */
  forceCompat?: boolean;
  /** Extra num_predict room for a thinking model's reasoning (default 8192). */
  thinkBudget?: number;
  /** Reasoning level for gpt-oss models, replacing the per-purpose default. */
  thinkLevel?: ThinkLevel;
  /** Ask thinking models not to think (gpt-oss cannot, and keeps its level). */
  forceNoThink?: boolean;
}

type Backend = 'native' | 'compat';

/** What /api/show told us about the model; null fields mean "unknown". */
interface ModelProbe {
  backend: Backend;
  capabilities: string[] | null;
  contextLength: number | null;
}

const UNREACHABLE: ModelProbe = { backend: 'compat', capabilities: null, contextLength: null };

/** One /api/show probe per (root, model) per process; concurrent callers share it. */
const modelProbes = new Map<string, Promise<ModelProbe>>();

/** Forgets every memoized probe (tests; a long-lived process never needs it). */
export function resetOllamaProbes(): void {
  modelProbes.clear();
}

function readProbe(body: unknown): ModelProbe {
  const data = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const caps = Array.isArray(data.capabilities) ? data.capabilities.filter((c): c is string => typeof c === 'string') : null;
  let contextLength: number | null = null;
  const info = data.model_info;
  if (info && typeof info === 'object') {
    // The key is prefixed by the architecture ("llama.context_length", "gptoss.context_length", …).
    for (const [key, value] of Object.entries(info as Record<string, unknown>)) {
      if (key.endsWith('.context_length') && typeof value === 'number' && Number.isFinite(value) && value > 0) {
        contextLength = value;
        break;
      }
    }
  }
  return { backend: 'native', capabilities: caps, contextLength };
}

function probeModel(root: string, model: string, opts: ProviderOptions): Promise<ModelProbe> {
  const key = `${root}\n${model}`;
  let probe = modelProbes.get(key);
  if (!probe) {
    probe = postJson('ollama', `${root}/api/show`, {}, { model }, { ...opts, maxRetries: 0, timeoutMs: PROBE_TIMEOUT_MS })
      .then((reply): ModelProbe => (reply.status >= 200 && reply.status < 300 ? readProbe(reply.body) : UNREACHABLE))
      .catch((): ModelProbe => UNREACHABLE);
    modelProbes.set(key, probe);
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
const promptChars = (req: LlmRequest): number => req.system.length + req.user.length;

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
    // An explicit num_ctx is known without asking the server: refuse before any request.
    if (this.opts.numCtx !== undefined) this.checkContext(req, this.opts.numCtx, 'num_ctx');
    const probe = this.opts.forceCompat ? UNREACHABLE : await probeModel(this.root, this.model, this.opts);
    if (this.opts.numCtx === undefined && probe.contextLength !== null) this.checkContext(req, probe.contextLength, "the model's context length");
    try {
      return probe.backend === 'native' ? await this.native(req, probe) : await this.compatProvider().complete({ ...req, temperature: this.temperature(req) });
    } catch (err) {
      throw withMemoryHint(err);
    }
  }

  /** Refuse before calling when the prompt plainly cannot fit (Ollama would silently truncate it). */
  private checkContext(req: LlmRequest, limit: number, source: string): void {
    const estimated = Math.floor(promptChars(req) / 3.5) + 1;
    if (estimated + req.maxTokens > limit) {
      throw new LlmError(
        `ollama: prompt too long for the model: about ${estimated} prompt tokens + ${req.maxTokens} output tokens exceed ${source} ${limit}; raise OLLAMA_NUM_CTX (if the model allows) or shorten the input`,
        'context',
        'ollama',
      );
    }
  }

  /**
   * Ollama keeps going when the prompt overflows the window: it drops the excess and answers
   * anyway. The only evidence is the prompt token count it reports, so compare that with what
   * was sent.
   */
  private checkProcessed(req: LlmRequest, processed: number, contextLength: number | null): void {
    const limit = this.opts.numCtx ?? contextLength;
    if (limit !== null) {
      if (processed >= limit - req.maxTokens) {
        throw new LlmError(
          `ollama: prompt probably truncated by the server: it processed ${processed} prompt tokens, which leaves less than the ${req.maxTokens} output tokens in a context window of ${limit}; raise OLLAMA_NUM_CTX`,
          'context',
          'ollama',
        );
      }
      // model_info gives the model's maximum, but the server runs a smaller default window unless
      // num_ctx is set: only an explicit num_ctx makes the ratio check below unnecessary.
      if (this.opts.numCtx !== undefined) return;
    }
    // Window unknown (or only the model's maximum): a prompt far longer (by ~3.83 chars/token) than what was processed was cut.
    const expected = promptChars(req) / 3.83;
    if (expected > 1.6 * processed && expected - processed > 1000) {
      throw new LlmError(
        `ollama: prompt probably truncated by the server: about ${Math.round(expected)} prompt tokens sent but only ${processed} processed; raise OLLAMA_NUM_CTX`,
        'context',
        'ollama',
      );
    }
  }

  private temperature(req: LlmRequest): number {
    return this.opts.temperature ?? req.temperature ?? 0;
  }

  /** The `think` value (undefined = leave the key out) and how many tokens the reply may use. */
  private thinking(req: LlmRequest, probe: ModelProbe): { think: boolean | ThinkLevel | undefined; numPredict: number } {
    const budget = this.opts.thinkBudget ?? DEFAULT_THINK_BUDGET;
    // gpt-oss always reasons (think:false is ignored), so it always gets a level and the budget.
    if (this.model.toLowerCase().includes('gpt-oss')) {
      const level = this.opts.thinkLevel ?? (req.purpose === 'summary' ? 'high' : 'low');
      return { think: level, numPredict: req.maxTokens + budget };
    }
    // Unknown capabilities (older servers omit the field): assume a thinking model, so that its
    // reasoning cannot eat the whole output allowance.
    const thinks = probe.capabilities === null || probe.capabilities.includes('thinking');
    if (!thinks) return { think: undefined, numPredict: req.maxTokens };
    if (this.opts.forceNoThink) return { think: false, numPredict: req.maxTokens };
    return { think: true, numPredict: req.maxTokens + budget };
  }

  private async native(req: LlmRequest, probe: ModelProbe): Promise<LlmResponse> {
    const { think, numPredict } = this.thinking(req, probe);
    const options: Record<string, unknown> = { num_predict: numPredict, temperature: this.temperature(req) };
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
    if (think !== undefined) body.think = think;
    const reply = await postJson('ollama', `${this.root}/api/chat`, {}, body, this.opts, LOCAL_TIMEOUT_MS);
    if (reply.status < 200 || reply.status >= 300) throw failure('ollama', reply);
    const data = (reply.body && typeof reply.body === 'object' ? reply.body : {}) as Record<string, unknown>;
    const message = (data.message ?? {}) as Record<string, unknown>;
    const text = typeof message.content === 'string' ? message.content : '';
    if (data.done_reason === 'length') {
      throw new LlmError(`ollama: output truncated at the token limit (${text.length} chars received)`, 'truncated', 'ollama', reply.status);
    }
    if (!text.trim()) throw new LlmError(`ollama: empty reply (done_reason ${String(data.done_reason)})`, 'empty', 'ollama', reply.status);
    // Older servers omit prompt_eval_count when the prompt came from their cache; no count, no check.
    const processed = num(data.prompt_eval_count);
    if (processed > 0) this.checkProcessed(req, processed, probe.contextLength);
    const output = num(data.eval_count);
    // Ollama folds reasoning into eval_count and never reports it apart. When the reasoning text
    // comes back, estimate it at ~4 chars/token, never more than the whole output.
    const reasoning = typeof message.thinking === 'string' ? message.thinking : '';
    const thinkingTokens = reasoning ? Math.min(Math.ceil(reasoning.length / 4), output) : 0;
    return {
      text,
      usage: { input: processed, output, cached: 0, cacheWrite: 0, thinking: thinkingTokens },
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
