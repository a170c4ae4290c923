import type { Action } from './actions.js';
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

/** What `createExtractor` gives for `extractor: rules`, with the rules loaded on first use. */
export function rulesOnFirstUse(): { extractor: Extractor; reviewer: null; ledger: UsageLedger } {
  return { extractor: new LazyRulesExtractor(), reviewer: null, ledger: new UsageLedger() };
}
