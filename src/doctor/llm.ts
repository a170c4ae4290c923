import type { Config } from '../config/types.js';
import { resolveExtractionProvider } from '../extract/llm/resolve.js';
import { LlmError, type LlmProvider, type ProviderName } from '../extract/llm/types.js';
import { resolveSummaryProvider } from '../summaries/provider.js';
import { llmNeeded } from './environment.js';
import { fail, ok, warn, type CheckResult } from './types.js';

const KEY_VAR: Record<ProviderName, string> = {
  anthropic: 'ANTHROPIC_API_KEY',
  gemini: 'GEMINI_API_KEY (or GOOGLE_API_KEY)',
  openai: 'OPENAI_API_KEY',
  ollama: 'OLLAMA_BASE_URL',
};
const BASE_VAR: Record<ProviderName, string> = { anthropic: 'ANTHROPIC_BASE_URL', gemini: 'GEMINI_BASE_URL', openai: 'OPENAI_BASE_URL', ollama: 'OLLAMA_BASE_URL' };
const KEYS = ['ANTHROPIC_API_KEY', 'GEMINI_API_KEY', 'GOOGLE_API_KEY', 'OPENAI_API_KEY', 'OLLAMA_API_KEY'];

/** Belt and braces: providers never put keys in messages, and doctor never prints one either way. */
function scrub(text: string, env: NodeJS.ProcessEnv): string {
  let out = text;
  for (const k of KEYS) {
    const v = env[k]?.trim();
    if (v && v.length >= 8) out = out.split(v).join('***');
  }
  return out;
}

function fixFor(p: LlmProvider, err: LlmError): string {
  if (err.kind === 'network') return `check ${BASE_VAR[p.name]} (if set) and that this machine reaches the provider`;
  if (err.status === 401 || err.status === 403) return `check ${KEY_VAR[p.name]}: the provider refused it`;
  if (err.status === 404) return `check the model name (LLM_MODEL, LLM_SUMMARY_MODEL or case_summaries.model): ${p.model} was not found`;
  if (err.status === 429) return "the provider's rate limit or credit is spent: check the account's billing and limits";
  return `check ${KEY_VAR[p.name]}, the model name and the provider's status page`;
}

/** One minimal call: does the key work and does the model exist? */
async function call(name: string, p: LlmProvider, env: NodeJS.ProcessEnv, uses: string): Promise<CheckResult> {
  const who = `${p.name}/${p.model} (${uses})`;
  try {
    const r = await p.complete({ system: 'You are a connectivity check. Reply with the single word OK.', user: 'Reply with OK.', maxTokens: 16, purpose: 'doctor' });
    return ok(name, `${who} answered (${r.usage.input} + ${r.usage.output} tokens)`);
  } catch (err) {
    if (err instanceof LlmError) {
      // The provider answered; 16 tokens were just too few for a reasoning model to finish.
      if (err.kind === 'truncated' || err.kind === 'empty') return ok(name, `${who} answered (the reply was cut at 16 tokens, as expected for this check)`);
      return fail(name, scrub(`${who}: ${err.kind}${err.status !== null ? ` (HTTP ${err.status})` : ''}: ${err.message}`, env), fixFor(p, err));
    }
    return fail(name, scrub(`${who}: ${(err as Error).message}`, env), `check ${KEY_VAR[p.name]} and the network`);
  }
}

/** Check 10: when the configuration uses a model, one minimal call to each provider it resolves to. */
export async function checkLlm(config: Config, env: NodeJS.ProcessEnv): Promise<CheckResult[]> {
  const need = llmNeeded(config);
  if (!need.extraction && !need.summaries) return [ok('llm', `not used (extractor: ${config.extractor}, case_summaries off): nothing to check`)];
  const resolve = (fn: () => LlmProvider | null): LlmProvider | null => {
    try {
      return fn();
    } catch {
      return null; // the env line already names the problem
    }
  };
  const extraction = need.extraction ? resolve(() => resolveExtractionProvider(env)?.provider ?? null) : null;
  const summaries = need.summaries ? resolve(() => resolveSummaryProvider(config.summaries, env)) : null;
  const out: CheckResult[] = [];
  const missing = (what: string) => warn(`llm ${what}`, `not checked: no usable provider (see env LLM key (${what}))`, 'set the provider key as the env line says');
  // The same provider and model serving both is called once.
  if (extraction && summaries && extraction.name === summaries.name && extraction.model === summaries.model) return [await call('llm', extraction, env, 'extraction and summaries')];
  if (need.extraction) out.push(extraction ? await call('llm extraction', extraction, env, 'extraction') : missing('extraction'));
  if (need.summaries) out.push(summaries ? await call('llm summaries', summaries, env, 'summaries') : missing('summaries'));
  return out;
}
