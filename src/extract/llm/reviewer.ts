import type { Logger } from 'pino';
import type * as z from 'zod';
import {
  DEDUPE_VERDICTS,
  DedupeVerdictSchema,
  VERIFY_VERDICTS,
  VerifyVerdictSchema,
  failedDedupe,
  failedVerify,
  type DedupeInput,
  type DedupeAnswer,
  type Reviewer,
  type VerifyInput,
  type VerifyAnswer,
} from '../review.js';
import type { UsageLedger } from './ledger.js';
import { readJsonObject } from './parse.js';
import { DEDUPE_PROMPT, VERIFY_DEADLINE_PROMPT, VERIFY_HEARING_PROMPT, dedupeUserMessage, verifyUserMessage } from './review-prompts.js';
import type { JsonSchema, LlmProvider } from './types.js';

const MAX_TOKENS = 1500;

const nullable = (type: string) => ({ type: [type, 'null'] });

const VERIFY_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'reason'],
  properties: {
    type: { type: 'string', enum: [...VERIFY_VERDICTS] },
    reason: { type: 'string' },
    local_date: nullable('string'),
    local_time: nullable('string'),
    evidence_entry_ids: { type: 'array', items: { type: 'integer' } },
  },
};

const DEDUPE_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'reason'],
  properties: {
    type: { type: 'string', enum: [...DEDUPE_VERDICTS] },
    target_key: nullable('string'),
    reason: { type: 'string' },
  },
};

/** Models sometimes wrap the one object as {"actions": [x]} or {"verdict": x}; unwrap it. */
function unwrap(value: unknown): unknown {
  if (value && typeof value === 'object' && !('type' in value)) {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.actions) && v.actions.length === 1) return v.actions[0];
    if (v.verdict && typeof v.verdict === 'object') return v.verdict;
  }
  return value;
}

/**
 * Verify and dedupe reviews by a language model. Any failure (transport, refusal, a reply that is
 * not the expected object) becomes UNCLEAR, so a bad call can never change a row.
 */
export class LlmReviewer implements Reviewer {
  readonly name: string;

  constructor(
    private readonly provider: LlmProvider,
    private readonly ledger: UsageLedger,
    private readonly log?: Logger,
  ) {
    this.name = `llm:${provider.name}/${provider.model}`;
  }

  verify(input: VerifyInput): Promise<VerifyAnswer> {
    const system = input.kind === 'hearing' ? VERIFY_HEARING_PROMPT : VERIFY_DEADLINE_PROMPT;
    return this.ask(`verify_${input.kind}`, system, verifyUserMessage(input), VERIFY_SCHEMA, VerifyVerdictSchema, failedVerify);
  }

  dedupe(input: DedupeInput): Promise<DedupeAnswer> {
    return this.ask('dedupe_hearings', DEDUPE_PROMPT, dedupeUserMessage(input), DEDUPE_SCHEMA, DedupeVerdictSchema, failedDedupe);
  }

  private async ask<T>(purpose: string, system: string, user: string, schema: JsonSchema, parser: z.ZodType<T>, unclear: (why: string) => T): Promise<T> {
    let text: string;
    try {
      const reply = await this.provider.complete({ system, user, maxTokens: MAX_TOKENS, schema, temperature: 0, purpose });
      const cost = this.ledger.record(reply);
      this.log?.info({ purpose, provider: reply.provider, model: reply.model, ...reply.usage, costUsd: cost }, 'llm call');
      text = reply.text;
    } catch (err) {
      this.log?.warn({ purpose, err: (err as Error).message }, 'review call failed; treated as unclear');
      return unclear(`model call failed: ${(err as Error).message}`);
    }
    try {
      const parsed = parser.safeParse(unwrap(readJsonObject(text)));
      if (parsed.success) return parsed.data;
      return unclear(`unusable reply: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    } catch (err) {
      return unclear(`unusable reply: ${(err as Error).message}`);
    }
  }
}
