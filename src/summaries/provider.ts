import { resolveExtractionProvider } from '../extract/llm/resolve.js';
import type { LlmProvider, ProviderName } from '../extract/llm/types.js';
import type { SummarySettings } from '../config/types.js';
import { EXIT_USAGE, UserError } from '../errors.js';

/** Default summary models (spec llm-providers §1): a stronger model than extraction's. */
export const DEFAULT_SUMMARY_MODELS: Record<ProviderName, string> = {
  anthropic: 'claude-sonnet-4-6',
  gemini: 'gemini-2.5-pro',
  openai: 'gpt-5.4',
  ollama: 'gpt-oss:20b',
};

const NAMES = ['anthropic', 'gemini', 'openai', 'ollama'] as const;

/**
 * The summary model: config `case_summaries.provider` → LLM_SUMMARY_PROVIDER → LLM_PROVIDER → the
 * first key of Anthropic, Gemini, OpenAI; model: config → LLM_SUMMARY_MODEL → the default. Null
 * when no provider can be had. An unknown provider name is an error.
 */
export function resolveSummaryProvider(settings: SummarySettings, env: NodeJS.ProcessEnv = process.env): LlmProvider | null {
  const named = (settings.provider ?? env.LLM_SUMMARY_PROVIDER?.trim().toLowerCase() ?? env.LLM_PROVIDER?.trim().toLowerCase()) || undefined;
  if (named && !(NAMES as readonly string[]).includes(named)) throw new Error(`LLM_SUMMARY_PROVIDER "${named}" is not one of ${NAMES.join(', ')}`);
  const has = (k: string) => Boolean(env[k]?.trim());
  const name = (named as ProviderName | undefined) ?? (has('ANTHROPIC_API_KEY') ? 'anthropic' : has('GEMINI_API_KEY') || has('GOOGLE_API_KEY') ? 'gemini' : has('OPENAI_API_KEY') ? 'openai' : undefined);
  if (!name) return null;
  const model = settings.model ?? (env.LLM_SUMMARY_MODEL?.trim() || DEFAULT_SUMMARY_MODELS[name]);
  const resolved = resolveExtractionProvider({ ...env, LLM_EXTRACTION_PROVIDER: name, LLM_PROVIDER: name, LLM_MODEL: model });
  return resolved?.provider ?? null;
}

/** Reasoning models spend output tokens thinking: give them room (spec llm-providers §1). */
export function summaryMaxTokens(provider: LlmProvider): number {
  const m = provider.model.toLowerCase();
  const thinking = provider.name === 'gemini' || (provider.name === 'openai' && /^(?:gpt-5|o1|o3|o4)/.test(m)) || provider.name === 'ollama';
  return thinking ? 25_000 : 800;
}

/** For commands: the provider when summaries are on, a usage error naming the setting when it cannot be had. */
export function summaryProviderFor(settings: SummarySettings, env: NodeJS.ProcessEnv = process.env): LlmProvider | null {
  if (!settings.enabled) return null;
  try {
    return resolveSummaryProvider(settings, env);
  } catch (err) {
    throw new UserError(`case_summaries: ${(err as Error).message}`, EXIT_USAGE);
  }
}
