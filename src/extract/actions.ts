import * as z from 'zod';
import { isIsoDate } from '../time/zone.js';

/**
 * The one output shape every extractor (rules, LLM) returns, validated before it is applied.
 * Field meanings follow spec/extraction.md §5: dates and times are court-local wall clock.
 */
export const HEARING_ACTION_TYPES = [
  'ADD_HEARING',
  'RESCHEDULE_HEARING',
  'UPDATE_DETAILS',
  'CANCEL_HEARING',
  'MARK_HELD',
] as const;
export const DEADLINE_ACTION_TYPES = [
  'ADD_DEADLINE',
  'RESCHEDULE_DEADLINE',
  'CANCEL_DEADLINE',
  'MARK_FILED',
] as const;
export const ACTION_TYPES = [...HEARING_ACTION_TYPES, ...DEADLINE_ACTION_TYPES, 'IGNORE'] as const;

export const HEARING_TYPES = [
  'arraignment',
  'initial_appearance',
  'status_conference',
  'change_of_plea',
  'sentencing',
  'motion_hearing',
  'evidentiary_hearing',
  'trial',
  'oral_argument',
  'telephonic_conference',
  'other',
] as const;
export const DEADLINE_TYPES = [
  'response',
  'reply',
  'opposition',
  'brief',
  'memo',
  'status_report',
  'answer',
  'proposed_order',
  'amicus',
  'supplemental',
  'other',
] as const;

export type ActionType = (typeof ACTION_TYPES)[number];
export type HearingType = (typeof HEARING_TYPES)[number];
export type DeadlineType = (typeof DEADLINE_TYPES)[number];
export type Significance = 'major' | 'minor';

const isoDate = z.string().refine(isIsoDate, 'expected a real calendar date as YYYY-MM-DD');
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (24 h)');
const key = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected a kebab-case key');

export const ActionSchema = z.object({
  type: z.enum(ACTION_TYPES),
  hearing_key: key.nullish(),
  deadline_key: key.nullish(),
  title: z.string().min(1).nullish(),
  hearing_type: z.enum(HEARING_TYPES).nullish(),
  deadline_type: z.enum(DEADLINE_TYPES).nullish(),
  local_date: isoDate.nullish(),
  local_time: hhmm.nullish(),
  duration_minutes: z.number().int().positive().nullish(),
  significance: z.enum(['major', 'minor']).nullish(),
  location: z.string().nullish(),
  judge: z.string().nullish(),
  dial_in: z.string().nullish(),
  notes: z.string().nullish(),
  reason: z.string().nullish(),
  conditional: z.boolean().nullish(),
  /** Not in the original's schema: the defendant an event is "as to", when the text names one. */
  defendant: z.string().nullish(),
});
export type Action = z.infer<typeof ActionSchema>;

export const ActionListSchema = z.array(ActionSchema).min(1);

export function isHearingAction(type: ActionType): boolean {
  return (HEARING_ACTION_TYPES as readonly string[]).includes(type);
}
export function isDeadlineAction(type: ActionType): boolean {
  return (DEADLINE_ACTION_TYPES as readonly string[]).includes(type);
}

export const IGNORE: Action = { type: 'IGNORE' };
