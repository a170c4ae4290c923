import type { Config } from '../config/types.js';
import { RulesExtractor } from './rules/index.js';
import type { Extractor } from './types.js';

/** The configured extractor. Only the deterministic rules extractor exists so far. */
export function createExtractor(config: Pick<Config, 'extractor'>): Extractor {
  switch (config.extractor) {
    case 'rules':
      return new RulesExtractor();
  }
}
