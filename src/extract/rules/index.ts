import type { Action } from '../actions.js';
import type { ExtractInput, Extractor } from '../types.js';
import { extractWithRules } from './extract.js';

export { explainWithRules, extractWithRules, type ExplainedAction } from './extract.js';

/** The no-key, no-network extractor: same entry and known rows in, same actions out. */
export class RulesExtractor implements Extractor {
  readonly name = 'rules';

  async extract(input: ExtractInput): Promise<Action[]> {
    return extractWithRules(input);
  }

  extractNow(input: ExtractInput): Action[] {
    return extractWithRules(input);
  }
}
