import * as z from 'zod';
import { isIsoDate } from '../time/zone.js';

/**
 * The end-of-sync reviews a language model can give (spec/extraction.md §10): is a stored row's
 * current state right (verify), and are a few hearings one proceeding recorded twice (dedupe).
 * The pipeline decides what a verdict may change; a reviewer only answers.
 */

/** A docket entry shown to the reviewer; `text` is the stored description (clipped when sent). */
export interface ReviewEntry {
  entryId: number;
  docketId: number;
  entryNumber: number | null;
  dateFiled: string | null;
  text: string;
}

/** The row under review, in court-local terms. `type` is the hearing or deadline type. */
export interface ReviewRow {
  key: string;
  title: string;
  type: string | null;
  status: string;
  localDate: string | null;
  localTime: string | null;
  durationMinutes: number | null;
  significance: string | null;
  docketId: number | null;
  sourceEntryIds: number[];
  notes: string | null;
}

export interface VerifyInput {
  kind: 'hearing' | 'deadline';
  caseName: string;
  courtId: string | null;
  timezone: string;
  today: string; // court-local YYYY-MM-DD
  row: ReviewRow;
  context: ReviewEntry[]; // oldest first
}

export interface DedupeInput {
  caseName: string;
  courtId: string | null;
  timezone: string;
  rows: ReviewRow[];
  context: ReviewEntry[];
}

export const VERIFY_VERDICTS = [
  'CONFIRM',
  'RESCHEDULE_HEARING',
  'CANCEL_HEARING',
  'MARK_HELD',
  'REINSTATE',
  'MARK_FILED',
  'DELETE_HALLUCINATION',
  'UNCLEAR',
] as const;
export const DEDUPE_VERDICTS = ['MERGE_INTO', 'KEEP_BOTH', 'UNCLEAR'] as const;

const blankToNull = (v: unknown) => (v === '' || v === 'null' ? null : v);
const upper = (v: unknown) => (typeof v === 'string' ? v.trim().toUpperCase() : v);

export const VerifyVerdictSchema = z.object({
  type: z.preprocess(upper, z.enum(VERIFY_VERDICTS)),
  reason: z.preprocess(blankToNull, z.string().nullish()).transform((v) => v ?? ''),
  local_date: z.preprocess(blankToNull, z.string().refine(isIsoDate, 'expected YYYY-MM-DD').nullish()).transform((v) => v ?? null),
  local_time: z.preprocess(blankToNull, z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/).nullish()).transform((v) => v ?? null),
  evidence_entry_ids: z.preprocess(
    (v) => (Array.isArray(v) ? v.map((x) => (typeof x === 'string' && /^\d+$/.test(x) ? Number(x) : x)) : v ?? []),
    z.array(z.number().int()),
  ),
});
export type VerifyVerdict = z.infer<typeof VerifyVerdictSchema>;

export const DedupeVerdictSchema = z.object({
  type: z.preprocess(upper, z.enum(DEDUPE_VERDICTS)),
  target_key: z.preprocess(blankToNull, z.string().nullish()).transform((v) => v ?? null),
  reason: z.preprocess(blankToNull, z.string().nullish()).transform((v) => v ?? ''),
});
export type DedupeVerdict = z.infer<typeof DedupeVerdictSchema>;

/** `failed`: no usable answer was had (transport, refusal, malformed reply); ask again next time. */
export type VerifyAnswer = VerifyVerdict & { failed?: boolean };
export type DedupeAnswer = DedupeVerdict & { failed?: boolean };

export const failedVerify = (reason: string): VerifyAnswer => ({ type: 'UNCLEAR', reason, local_date: null, local_time: null, evidence_entry_ids: [], failed: true });
export const failedDedupe = (reason: string): DedupeAnswer => ({ type: 'UNCLEAR', target_key: null, reason, failed: true });

/** Answers never throw: any failure is an UNCLEAR answer marked failed, which changes nothing. */
export interface Reviewer {
  readonly name: string;
  verify(input: VerifyInput): Promise<VerifyAnswer>;
  dedupe(input: DedupeInput): Promise<DedupeAnswer>;
}
