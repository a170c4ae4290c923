import * as z from 'zod';
import { DocketEntrySchema } from './types.js';

/** CourtListener webhook event types (courtlistener.md §7). */
export const EVENT = { DOCKET_ALERT: 1, SEARCH_ALERT: 2, RECAP_FETCH: 3, OLD_DOCKET_ALERTS_REPORT: 4, PRAY_AND_PAY: 5 } as const;

/** Only the envelope is checked at the door; payloads are read by the worker. */
export const WebhookEnvelopeSchema = z.looseObject({
  webhook: z.looseObject({
    event_type: z.number().int(),
    version: z.union([z.number(), z.string()]).nullish(),
    date_created: z.string().nullish(),
  }),
  payload: z.looseObject({}),
});
export type WebhookEnvelope = z.infer<typeof WebhookEnvelopeSchema>;

/** A docket entry as webhooks deliver it: like REST, but `docket` is the integer id. */
export const WebhookEntrySchema = DocketEntrySchema.extend({
  docket: z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]),
});
export type WebhookEntry = z.infer<typeof WebhookEntrySchema>;

export const DocketAlertPayloadSchema = z.looseObject({ results: z.array(z.unknown()).nullish() });

const AlertRefSchema = z.looseObject({ id: z.number().int(), docket: z.number().int(), alert_type: z.number().int().nullish() });
export const OldAlertsPayloadSchema = z.looseObject({
  old_alerts: z.array(AlertRefSchema).nullish(),
  disabled_alerts: z.array(AlertRefSchema).nullish(),
});

export const RecapFetchPayloadSchema = z.looseObject({
  docket: z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]).nullish(),
  status: z.number().int().nullish(),
});
