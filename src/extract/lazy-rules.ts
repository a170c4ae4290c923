import type { Action } from './actions.js';
import type { Logger } from 'pino';
import type { Config } from '../config/types.js';
import type { ExtractorSetup } from './index.js';
import { UsageLedger } from './llm/ledger.js';
import type { ExtractInput, Extractor } from './types.js';

/**
 * The rules extractor, loaded on first use. Most `sync` runs read no entry at all (nothing new on
 * any docket), and the rules are the largest part of what a run would otherwise load at start.
 */
export class LazyRulesExtractor implements Extractor {
  readonly name = 'rules';
  private rules: Required<Pick<Extractor, 'extract' | 'extractNow'>> | null = null;

  async prepare(): Promise<void> {
    if (!this.rules) {
      const { RulesExtractor } = await import('./rules/index.js');
      this.rules = new RulesExtractor();
    }
  }

  async extract(input: ExtractInput): Promise<Action[]> {
    await this.prepare();
    return this.rules!.extract(input);
  }

  /** Present once `prepare` has loaded the rules (drivers call it before reading a page). */
  get extractNow(): ((input: ExtractInput) => Action[]) | undefined {
    const rules = this.rules;
    return rules ? (input) => rules.extractNow(input) : undefined;
  }
}

/**
 * The configured extractor for a long-lived driver (`sync`, serve's worker): the rules load on first
 * use; the model-backed modes are set up, and their settings checked, at once (createExtractor).
 */
export async function loadExtractor(config: Pick<Config, 'extractor'>, env: NodeJS.ProcessEnv, log: Logger): Promise<ExtractorSetup> {
  if (config.extractor === 'rules') return { extractor: new LazyRulesExtractor(), reviewer: null, ledger: new UsageLedger() };
  return (await import('./index.js')).createExtractor(config, env, log);
}
