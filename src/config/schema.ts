import * as z from 'zod';

/** config.yaml as written by people (snake_case). Cross-field rules live in load.ts. */

const kebabId = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be kebab-case (lowercase letters, digits and single dashes), e.g. "us-v-doe"');

export const ReminderSchema = z.object({
  method: z.enum(['popup', 'email']),
  minutes: z.number().int().positive(),
});

const emailList = z.array(z.string().email());

export const CalendarSchema = z.object({
  name: z.string().min(1).optional(),
  ics_path: z.string().min(1).optional(),
  notify_emails: emailList.optional(),
  reminders: z.array(ReminderSchema).optional(),
  google_calendar_id: z.string().min(1).optional(),
  m365_calendar_id: z.string().min(1).optional(),
  m365_use_default_calendar: z.boolean().optional(),
});

export const ExtraDocumentSchema = z.object({
  docket: z.number().int().positive(),
  url: z.string().url(),
  note: z.string().trim().min(1),
});

export const CaseSchema = z.object({
  id: kebabId,
  name: z.string().trim().min(1),
  calendar: z.string().min(1),
  dockets: z.array(z.number().int().positive()).min(1),
  tags: z.array(z.string().trim().min(1)).optional(),
  aggregation_note: z.string().optional(),
  notify_emails: emailList.optional(),
  reminders: z.array(ReminderSchema).optional(),
  extra_documents: z.array(ExtraDocumentSchema).optional(),
});

export const CourtListenerSettingsSchema = z.object({
  timeout_seconds: z.number().positive().max(600).default(30),
  max_attempts: z.number().int().min(1).max(20).default(5),
  retry_after_cap_seconds: z.number().min(0).default(900),
  backoff_base_ms: z.number().int().min(0).max(60_000).default(1000),
  // CourtListener's free tier: 5 requests a minute (and 125 a day). Shared by every process on the store.
  max_requests_per_minute: z.number().int().min(1).max(10_000).default(5),
  max_requests_per_day: z.number().int().min(1).nullable().default(null),
});

export const WebhookSettingsSchema = z.object({
  max_body_bytes: z.number().int().min(1024).max(64 * 1024 * 1024).default(1024 * 1024),
  max_attempts: z.number().int().min(1).max(100).default(5),
  retry_base_seconds: z.number().min(0.01).max(3600).default(30),
  retention_days: z.number().min(3).max(3650).default(7),
  allowed_ips: z.array(z.string().min(1)).default([]),
  trusted_proxies: z.array(z.string().min(1)).default([]),
  worker_idle_seconds: z.number().min(0).max(86_400).default(60),
});

export const CaseSummariesSchema = z.object({
  enabled: z.boolean().default(false),
  provider: z.enum(['anthropic', 'gemini', 'openai', 'ollama']).optional(),
  model: z.string().trim().min(1).optional(),
  allow_ocr: z.boolean().default(true),
  debounce_seconds: z.number().min(0).max(86_400).default(300),
});

export const SyncSettingsSchema = z.object({
  // webhook-first: a docket whose alert is active while `serve` answers is polled only every catch_all_hours.
  poll: z.enum(['always', 'webhook-first']).default('webhook-first'),
  catch_all_hours: z.number().min(1).max(24 * 30).default(24),
});

const EVENT_GLOB = z.string().regex(/^[a-z*]+(?:\.[a-z*_]+)?$/, 'an event name or glob such as "hearing.*", "deadline.met" or "*"');

export const NotificationEndpointSchema = z.object({
  id: kebabId,
  url: z.string().url().refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL'),
  events: z.array(EVENT_GLOB).min(1).default(['*']),
  cases: z.union([z.literal('all'), z.array(z.string().min(1)).min(1)]).default('all'),
  format: z.enum(['json', 'slack', 'teams']).default('json'),
  // The signing secret ("whsec_…", Standard Webhooks) is read from this environment variable; never from the file.
  secret_env: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'an environment variable name such as CASE_CALENDAR_NOTIFY_SECRET').optional(),
});

export const NotifySettingsSchema = z.object({
  debounce_seconds: z.number().min(0).max(3600).default(30),
  max_attempts: z.number().int().min(1).max(100).default(10),
  retry_base_seconds: z.number().min(0.01).max(3600).default(30),
  disable_after_failures: z.number().int().min(1).max(1000).default(10),
});

export const ConfigFileSchema = z.object({
  store_path: z.string().min(1).default('data/case-calendar.sqlite'),
  index_path: z.string().min(1).optional(),
  public_base_url: z.string().url().optional(),
  site_title: z.string().min(1).default('Case Calendar'),
  site_description: z.string().min(1).optional(),
  // How often calendar apps should re-fetch the feeds (REFRESH-INTERVAL and X-PUBLISHED-TTL).
  refresh_interval_minutes: z.number().int().min(5).max(10080).default(60),
  ensure_docket_alerts: z.boolean().default(true),
  extractor: z.enum(['rules', 'llm', 'hybrid']).default('rules'),
  courtlistener: CourtListenerSettingsSchema.default({
    timeout_seconds: 30,
    max_attempts: 5,
    retry_after_cap_seconds: 900,
    backoff_base_ms: 1000,
    max_requests_per_minute: 5,
    max_requests_per_day: null,
  }),
  webhook: WebhookSettingsSchema.default({ max_body_bytes: 1024 * 1024, max_attempts: 5, retry_base_seconds: 30, retention_days: 7, allowed_ips: [], trusted_proxies: [], worker_idle_seconds: 60 }),
  public_dir: z.string().min(1).optional(),
  calendars: z.record(kebabId, CalendarSchema).refine((c) => Object.keys(c).length > 0, {
    message: 'define at least one calendar',
  }),
  cases: z.array(CaseSchema).min(1),
  google_credentials_path: z.string().min(1).optional(),
  google_token_path: z.string().min(1).default('tokens/google-token.json'),
  m365_client_id: z.string().min(1).optional(),
  m365_token_path: z.string().min(1).default('tokens/m365-token.json'),
  m365_tenant: z.string().min(1).default('common'),
  case_summaries: CaseSummariesSchema.optional(),
  sync: SyncSettingsSchema.default({ poll: 'webhook-first', catch_all_hours: 24 }),
  notifications: z.array(NotificationEndpointSchema).default([]),
  notify: NotifySettingsSchema.default({ debounce_seconds: 30, max_attempts: 10, retry_base_seconds: 30, disable_after_failures: 10 }),
});
export type ConfigFile = z.infer<typeof ConfigFileSchema>;

/** Known keys per object, for "unknown key" warnings (typos like `docket:` or `calender:`). */
export const KNOWN_KEYS = {
  top: Object.keys(ConfigFileSchema.shape),
  calendar: Object.keys(CalendarSchema.shape),
  case: Object.keys(CaseSchema.shape),
  courtlistener: Object.keys(CourtListenerSettingsSchema.shape),
  webhook: Object.keys(WebhookSettingsSchema.shape),
  reminder: Object.keys(ReminderSchema.shape),
  extraDocument: Object.keys(ExtraDocumentSchema.shape),
  caseSummaries: Object.keys(CaseSummariesSchema.shape),
  sync: Object.keys(SyncSettingsSchema.shape),
  notification: Object.keys(NotificationEndpointSchema.shape),
  notify: Object.keys(NotifySettingsSchema.shape),
};
