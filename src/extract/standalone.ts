import { z } from 'zod';
import { courtTimeZone } from '../render/courts.js';
import { titleFromKey } from '../pipeline/defaults.js';
import { DEADLINE_TYPES, HEARING_TYPES } from './actions.js';
import type { ExtractInput } from './types.js';

/**
 * One docket entry as `case-calendar extract` reads it (a JSON line): the entry's text and filing
 * date, its court, and optionally the hearings and deadlines already known for the case. The
 * labelled corpus uses the same shape.
 */
export const StandaloneEntrySchema = z.looseObject({
  id: z.union([z.string(), z.number()]).nullish(),
  description: z.string(),
  short_description: z.string().nullish(),
  document_descriptions: z.array(z.string()).nullish(),
  date_filed: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullish(),
  entry_number: z.union([z.number().int(), z.string()]).nullish(),
  court_id: z.string().nullish(),
  case_name: z.string().nullish(),
  context: z
    .looseObject({
      known_hearings: z
        .array(
          z.looseObject({
            key: z.string(),
            title: z.string().nullish(),
            type: z.enum(HEARING_TYPES).nullish(),
            date: z.string().nullish(),
            time: z.string().nullish(),
            status: z.enum(['scheduled', 'held', 'cancelled']),
          }),
        )
        .default([]),
      known_deadlines: z
        .array(
          z.looseObject({
            key: z.string(),
            title: z.string().nullish(),
            type: z.enum(DEADLINE_TYPES).nullish(),
            date: z.string().nullish(),
            status: z.enum(['pending', 'met', 'passed', 'cancelled']),
          }),
        )
        .default([]),
    })
    .nullish(),
});
export type StandaloneEntry = z.infer<typeof StandaloneEntrySchema>;

const DOCKET = 1; // one docket stands for the whole context

export function inputFromStandalone(e: StandaloneEntry): ExtractInput {
  const number = typeof e.entry_number === 'number' ? e.entry_number : /^\d+$/.test(e.entry_number ?? '') ? Number(e.entry_number) : null;
  return {
    caseName: e.case_name ?? '',
    courtId: e.court_id ?? null,
    timezone: courtTimeZone(e.court_id).zone,
    docketId: DOCKET,
    entry: {
      entryId: 1,
      entryNumber: number,
      dateFiled: e.date_filed ?? null,
      description: e.description,
      shortDescription: e.short_description ?? '',
      documentDescriptions: e.document_descriptions ?? [],
    },
    knownHearings: (e.context?.known_hearings ?? []).map((h) => ({
      key: h.key,
      title: h.title ?? titleFromKey(h.key),
      hearingType: h.type ?? null,
      status: h.status,
      localDate: h.date ?? null,
      localTime: h.time ?? null,
      docketId: DOCKET,
    })),
    knownDeadlines: (e.context?.known_deadlines ?? []).map((d) => ({
      key: d.key,
      title: d.title ?? titleFromKey(d.key),
      deadlineType: d.type ?? null,
      status: d.status,
      localDate: d.date ?? null,
      docketId: DOCKET,
    })),
  };
}
