import type { Logger } from 'pino';
import type { Config } from '../config/types.js';
import { UserError, EXIT_USAGE } from '../errors.js';
import { HybridExtractor, LlmExtractor } from './llm/extractor.js';
import { UsageLedger } from './llm/ledger.js';
import { LlmReviewer } from './llm/reviewer.js';
import { resolveExtractionProvider } from './llm/resolve.js';
import { RulesExtractor } from './rules/index.js';
import type { Reviewer } from './review.js';
import type { Extractor } from './types.js';

export interface ExtractorSetup {
  extractor: Extractor;
  reviewer: Reviewer | null; // end-of-sync verify and dedupe (llm and hybrid); null for rules
  ledger: UsageLedger; // token and cost totals of LLM calls (empty for `rules`)
}

/**
 * The configured extractor: `rules` (default, no key), `llm` (every relevant entry goes to the
 * model) or `hybrid` (rules first, the model for entries the rules cannot read).
 */
export function createExtractor(config: Pick<Config, 'extractor'>, env: NodeJS.ProcessEnv = process.env, log?: Logger): ExtractorSetup {
  const ledger = new UsageLedger();
  const rules = new RulesExtractor();
  if (config.extractor === 'rules') return { extractor: rules, reviewer: null, ledger };
  let resolved;
  try {
    resolved = resolveExtractionProvider(env);
  } catch (err) {
    throw new UserError(`${(err as Error).message}`, EXIT_USAGE);
  }
  if (!resolved) {
    throw new UserError(
      `extractor: ${config.extractor} needs a language model: set GEMINI_API_KEY, ANTHROPIC_API_KEY or OPENAI_API_KEY (or LLM_PROVIDER=ollama with a local Ollama) in .env, or use extractor: rules`,
      EXIT_USAGE,
    );
  }
  log?.info({ extractor: config.extractor, provider: resolved.provider.name, model: resolved.provider.model, chosen: resolved.source }, 'extraction model');
  const llm = new LlmExtractor(resolved.provider, ledger, log);
  return { extractor: config.extractor === 'llm' ? llm : new HybridExtractor(rules, llm), reviewer: new LlmReviewer(resolved.provider, ledger, log), ledger };
}
