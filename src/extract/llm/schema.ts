import { ACTION_TYPES, DEADLINE_TYPES, HEARING_TYPES } from '../actions.js';
import type { JsonSchema } from './types.js';

const nullable = (type: string, extra: Record<string, unknown> = {}) => ({ type: [type, 'null'], ...extra });

/**
 * The structured-output schema sent to every provider: closed objects, every field declared, only
 * `type` required (adapters tighten or translate it for their vendor). The reply is validated
 * again with zod (ActionSchema) before anything is applied.
 */
export const ACTIONS_JSON_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['actions'],
  properties: {
    actions: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['type'],
        properties: {
          type: { type: 'string', enum: [...ACTION_TYPES] },
          hearing_key: nullable('string'),
          deadline_key: nullable('string'),
          title: nullable('string'),
          hearing_type: nullable('string', { enum: [...HEARING_TYPES, null] }),
          deadline_type: nullable('string', { enum: [...DEADLINE_TYPES, null] }),
          local_date: nullable('string', { description: 'YYYY-MM-DD, court-local' }),
          local_time: nullable('string', { description: 'HH:MM 24-hour, court-local, only if stated' }),
          duration_minutes: nullable('integer'),
          significance: nullable('string', { enum: ['major', 'minor', null] }),
          location: nullable('string'),
          judge: nullable('string'),
          dial_in: nullable('string'),
          notes: nullable('string'),
          reason: nullable('string'),
          conditional: nullable('boolean'),
          defendant: nullable('string'),
        },
      },
    },
  },
};
