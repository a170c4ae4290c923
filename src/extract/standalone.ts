import * as z from 'zod';
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
            key: z.string().nullish(),
            title: z.string().nullish(),
            type: lenientEnum(HEARING_TYPES),
            date: z.string().nullish(),
            time: z.string().nullish(),
            status: z.enum(['scheduled', 'held', 'cancelled', 'vacated']).transform((s) => (s === 'vacated' ? 'cancelled' : s)),
          }),
        )
        .default([]),
      known_deadlines: z
        .array(
          z.looseObject({
            key: z.string().nullish(),
            title: z.string().nullish(),
            type: lenientEnum(DEADLINE_TYPES),
            date: z.string().nullish(),
            // "filed" is how people (and other tools) say met.
            status: z.enum(['pending', 'met', 'filed', 'passed', 'cancelled']).transform((s) => (s === 'filed' ? 'met' : s)),
          }),
        )
        .default([]),
    })
    .nullish(),
});
export type StandaloneEntry = z.infer<typeof StandaloneEntrySchema>;

const DOCKET = 1; // one docket stands for the whole context

/** A type the extractor does not know is left untyped rather than failing the whole line. */
function lenientEnum<T extends readonly [string, ...string[]]>(values: T) {
  return z
    .string()
    .nullish()
    .transform((v) => (v && (values as readonly string[]).includes(v) ? (v as T[number]) : null));
}

/** A known row given without a key gets one from its type and date, as the extractor would mint it. */
function derivedKey(type: string | null | undefined, date: string | null | undefined, fallback: string, taken: Set<string>): string {
  const base = [type ? type.replace(/_/g, '-') : fallback, date].filter(Boolean).join('-');
  let key = base;
  for (let n = 2; taken.has(key); n++) key = `${base}-${n}`;
  taken.add(key);
  return key;
}

export function inputFromStandalone(e: StandaloneEntry): ExtractInput {
  const takenH = new Set((e.context?.known_hearings ?? []).map((h) => h.key).filter((k): k is string => Boolean(k)));
  const takenD = new Set((e.context?.known_deadlines ?? []).map((d) => d.key).filter((k): k is string => Boolean(k)));
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
    knownHearings: (e.context?.known_hearings ?? []).map((h) => {
      const key = h.key ?? derivedKey(h.type, h.date, 'hearing', takenH);
      return { key, title: h.title ?? titleFromKey(key), hearingType: h.type, status: h.status, localDate: h.date ?? null, localTime: h.time ?? null, docketId: DOCKET };
    }),
    knownDeadlines: (e.context?.known_deadlines ?? []).map((d) => {
      const key = d.key ?? derivedKey(d.type, d.date, 'deadline', takenD);
      return { key, title: d.title ?? titleFromKey(key), deadlineType: d.type, status: d.status, localDate: d.date ?? null, docketId: DOCKET };
    }),
  };
}
