import type { Logger } from 'pino';
import type { Action } from '../actions.js';
import { unreadReason } from '../unread.js';
import { ExtractionError, type ExtractInput, type Extractor } from '../types.js';
import type { UsageLedger } from './ledger.js';
import { ReplyFormatError, parseActions } from './parse.js';
import { EXTRACTION_SYSTEM_PROMPT, extractionUserMessage } from './prompt.js';
import { ACTIONS_JSON_SCHEMA } from './schema.js';
import { LlmError, type LlmProvider, type LlmResponse } from './types.js';

const MAX_TOKENS = 8192;

/**
 * Extraction by a language model. A provider failure throws ExtractionError, so the pipeline
 * leaves the entry unrecorded and the next run tries again (the original stored it as seen and
 * lost it). A reply that is not usable JSON gets one repair request before giving up.
 */
export class LlmExtractor implements Extractor {
  readonly name: string;

  constructor(
    private readonly provider: LlmProvider,
    private readonly ledger: UsageLedger,
    private readonly log?: Logger,
  ) {
    this.name = `llm:${provider.name}/${provider.model}`;
  }

  private async call(user: string, docketId: number): Promise<LlmResponse> {
    try {
      const reply = await this.provider.complete({ system: EXTRACTION_SYSTEM_PROMPT, user, maxTokens: MAX_TOKENS, schema: ACTIONS_JSON_SCHEMA, temperature: 0, purpose: 'extract' });
      const cost = this.ledger.record(reply);
      this.log?.info({ purpose: 'extract', provider: reply.provider, model: reply.model, docketId, ...reply.usage, costUsd: cost }, 'llm call');
      return reply;
    } catch (err) {
      if (err instanceof LlmError) throw new ExtractionError(`${err.message} (${err.kind})`);
      throw err;
    }
  }

  async extract(input: ExtractInput): Promise<Action[]> {
    const user = extractionUserMessage(input);
    const first = await this.call(user, input.docketId);
    try {
      return this.accept(first.text, input);
    } catch (err) {
      if (!(err instanceof ReplyFormatError)) throw err;
      const again = await this.call(`${user}\n\nYour previous reply could not be used: ${err.message}. Reply again with JSON only, in the form {"actions": [...]}.`, input.docketId);
      try {
        return this.accept(again.text, input);
      } catch (err2) {
        throw new ExtractionError(`the model's reply was unusable twice: ${(err2 as Error).message}`);
      }
    }
  }

  private accept(text: string, input: ExtractInput): Action[] {
    const { actions, dropped } = parseActions(text);
    if (dropped.length) this.log?.warn({ docketId: input.docketId, entryId: input.entry.entryId, dropped }, 'model returned invalid actions; dropped');
    return actions;
  }
}

/** Rules first (free, deterministic); only entries the rules left unread go to the model. */
export class HybridExtractor implements Extractor {
  readonly name: string;

  constructor(
    private readonly rules: Extractor,
    private readonly llm: Extractor,
  ) {
    this.name = `hybrid(${rules.name}+${llm.name})`;
  }

  async extract(input: ExtractInput): Promise<Action[]> {
    const actions = await this.rules.extract(input);
    // The model reads exactly what the rules left unread: an entry naming a coming date near
    // hearing or deadline words that gave no action. The rest costs nothing.
    if (unreadReason(input.entry, actions, input) === null) return actions;
    return this.llm.extract(input);
  }
}
