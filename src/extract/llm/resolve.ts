import * as z from 'zod';
import { AnthropicProvider } from './providers/anthropic.js';
import { GeminiProvider } from './providers/gemini.js';
import { OllamaProvider } from './providers/ollama.js';
import { OpenAiProvider } from './providers/openai.js';
import type { LlmProvider, ProviderName } from './types.js';

/** Default extraction models (spec/llm-providers.md §1). */
export const DEFAULT_EXTRACTION_MODELS: Record<ProviderName, string> = {
  anthropic: 'claude-haiku-4-5',
  gemini: 'gemini-3.1-flash-lite',
  openai: 'gpt-5.4-nano',
  ollama: 'gpt-oss:20b',
};

const PROVIDERS = ['anthropic', 'gemini', 'openai', 'ollama'] as const;
const blank = (s: string | undefined) => (s && s.trim() !== '' ? s.trim() : undefined);
/** Settings whose values are case-insensitive words. */
const LOWER_CASED = new Set(['OLLAMA_THINK_LEVEL']);

const LlmEnvSchema = z.object({
  LLM_PROVIDER: z.string().optional(),
  LLM_EXTRACTION_PROVIDER: z.string().optional(),
  LLM_MODEL: z.string().optional(),
  ANTHROPIC_API_KEY: z.string().optional(),
  ANTHROPIC_BASE_URL: z.string().url().optional(),
  GEMINI_API_KEY: z.string().optional(),
  GOOGLE_API_KEY: z.string().optional(),
  GEMINI_BASE_URL: z.string().url().optional(),
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_BASE_URL: z.string().url().optional(),
  OLLAMA_BASE_URL: z.string().url().optional(),
  OLLAMA_API_KEY: z.string().optional(),
  OLLAMA_NUM_CTX: z.coerce.number().int().positive().optional(),
  OLLAMA_SEED: z.coerce.number().int().optional(),
  OLLAMA_USE_OPENAI_COMPAT: z.string().optional(),
  OLLAMA_TEMPERATURE: z.coerce.number().min(0).optional(),
  OLLAMA_THINK_BUDGET: z.coerce.number().int().nonnegative().optional(),
  OLLAMA_THINK_LEVEL: z.enum(['low', 'medium', 'high']).optional(),
  // A set flag means yes, except the usual spellings of "no" (so OLLAMA_FORCE_NO_THINK=0 is off).
  OLLAMA_FORCE_NO_THINK: z
    .string()
    .optional()
    .transform((v) => v !== undefined && !/^(0|false|no|off)$/i.test(v)),
});

export interface ResolvedProvider {
  provider: LlmProvider;
  source: string; // how it was chosen, for the start-up log line
}

/**
 * The extraction provider: LLM_EXTRACTION_PROVIDER, else LLM_PROVIDER, else the first key found of
 * Gemini, Anthropic, OpenAI (Ollama is only used when named). Model: LLM_MODEL, else the
 * provider's default. Null when nothing is configured. Unknown names are an error (the original
 * ignored them silently).
 */
export function resolveExtractionProvider(env: NodeJS.ProcessEnv): ResolvedProvider | null {
  const cleaned = Object.fromEntries(Object.keys(LlmEnvSchema.shape).map((k) => [k, LOWER_CASED.has(k) ? blank(env[k])?.toLowerCase() : blank(env[k])]));
  const parsed = LlmEnvSchema.safeParse(cleaned);
  if (!parsed.success) throw new Error(`LLM settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const e = parsed.data;
  const geminiKey = e.GEMINI_API_KEY ?? e.GOOGLE_API_KEY;
  const named = (e.LLM_EXTRACTION_PROVIDER ?? e.LLM_PROVIDER)?.toLowerCase();
  if (named && !(PROVIDERS as readonly string[]).includes(named)) {
    throw new Error(`LLM_EXTRACTION_PROVIDER/LLM_PROVIDER "${named}" is not one of ${PROVIDERS.join(', ')}`);
  }
  const keyOf: Record<ProviderName, string | undefined> = { gemini: geminiKey, anthropic: e.ANTHROPIC_API_KEY, openai: e.OPENAI_API_KEY, ollama: e.OLLAMA_API_KEY ?? 'ollama' };
  const name = (named as ProviderName | undefined) ?? (['gemini', 'anthropic', 'openai'] as const).find((p) => keyOf[p]);
  if (!name) return null;
  const apiKey = keyOf[name];
  if (!apiKey) throw new Error(`LLM provider "${name}" is selected but its API key is not set`);
  const model = e.LLM_MODEL ?? DEFAULT_EXTRACTION_MODELS[name];
  const source = named ? `named by ${e.LLM_EXTRACTION_PROVIDER ? 'LLM_EXTRACTION_PROVIDER' : 'LLM_PROVIDER'}` : 'first API key found';
  switch (name) {
    case 'anthropic':
      return { provider: new AnthropicProvider({ apiKey, model, baseUrl: e.ANTHROPIC_BASE_URL }), source };
    case 'gemini':
      return { provider: new GeminiProvider({ apiKey, model, baseUrl: e.GEMINI_BASE_URL }), source };
    case 'openai':
      return { provider: new OpenAiProvider({ apiKey, model, baseUrl: e.OPENAI_BASE_URL }), source };
    case 'ollama':
      return {
        provider: new OllamaProvider({
          apiKey,
          model,
          baseUrl: e.OLLAMA_BASE_URL,
          numCtx: e.OLLAMA_NUM_CTX,
          seed: e.OLLAMA_SEED,
          temperature: e.OLLAMA_TEMPERATURE,
          thinkBudget: e.OLLAMA_THINK_BUDGET,
          thinkLevel: e.OLLAMA_THINK_LEVEL,
          forceNoThink: e.OLLAMA_FORCE_NO_THINK,
          forceCompat: Boolean(e.OLLAMA_USE_OPENAI_COMPAT),
        }),
        source,
      };
  }
}
