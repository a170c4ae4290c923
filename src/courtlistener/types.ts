import * as z from 'zod';

/**
 * The parts of CourtListener REST v4 responses we read. Objects are open (`z.looseObject`) because
 * the API adds fields over time; only what we use is checked.
 */

export const RecapDocumentSchema = z.looseObject({
  id: z.number().int().nullish(),
  document_number: z.union([z.string(), z.number()]).nullish(),
  attachment_number: z.number().int().nullish(),
  description: z.string().nullish(),
  is_available: z.boolean().nullish(),
  is_sealed: z.boolean().nullish(),
  filepath_local: z.string().nullish(),
  filepath_ia: z.string().nullish(),
  plain_text: z.string().nullish(),
});
export type RecapDocument = z.infer<typeof RecapDocumentSchema>;

export const DocketEntrySchema = z.looseObject({
  id: z.number().int(),
  // REST gives a URL, webhooks an integer id.
  docket: z.union([z.string(), z.number().int()]).nullish(),
  entry_number: z.number().int().nullish(),
  recap_sequence_number: z.string().nullish(),
  date_filed: z.string().nullish(),
  date_modified: z.string(),
  description: z.string().nullish(),
  short_description: z.string().nullish(),
  recap_documents: z.array(RecapDocumentSchema).nullish(),
});
export type DocketEntry = z.infer<typeof DocketEntrySchema>;

export const DocketSchema = z.looseObject({
  id: z.number().int(),
  court_id: z.string().nullish(),
  court: z.string().nullish(),
  docket_number: z.string().nullish(),
  case_name: z.string().nullish(),
  absolute_url: z.string().nullish(),
  date_modified: z.string().nullish(),
  date_last_filing: z.string().nullish(),
});
export type Docket = z.infer<typeof DocketSchema>;

export const CourtSchema = z.looseObject({
  id: z.string(),
  citation_string: z.string().nullish(),
  short_name: z.string().nullish(),
  full_name: z.string().nullish(),
});
export type Court = z.infer<typeof CourtSchema>;

export function pageSchema<T extends z.ZodTypeAny>(item: T) {
  return z.looseObject({
    next: z.string().nullish(),
    previous: z.string().nullish(),
    results: z.array(item),
  });
}

/** A docket alert (webhook subscription) of the token's account; alert_type 1 = subscribed. */
export const DocketAlertSchema = z.looseObject({
  id: z.number().int(),
  docket: z.number().int(),
  alert_type: z.number().int(),
  date_created: z.string().nullish(),
  date_last_hit: z.string().nullish(),
});
export type DocketAlert = z.infer<typeof DocketAlertSchema>;
