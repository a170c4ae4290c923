export interface Reminder {
  method: 'popup' | 'email';
  minutes: number;
}

export interface CalendarConfig {
  id: string;
  name: string;
  icsPath: string | null; // absolute
  notifyEmails: string[];
  reminders: Reminder[];
  googleCalendarId: string | null; // push to this Google calendar
  m365CalendarId: string | null; // push to this Microsoft 365 calendar, or "default" (the user's own)
}

export interface CaseConfig {
  id: string;
  name: string;
  calendar: string;
  dockets: number[];
  tags: string[];
  aggregationNote: string | null;
  extraDocuments: Array<{ docket: number; url: string; note: string }>;
  notifyEmails: string[];
  reminders: Reminder[];
}

export interface CourtListenerSettings {
  timeoutSeconds: number;
  maxAttempts: number;
  retryAfterCapSeconds: number;
  backoffBaseMs: number;
  maxRequestsPerMinute: number; // request pacer (sliding minute, every process on the store)
  maxRequestsPerDay: number | null; // optional rolling-24-hour budget; spent → the run stops cleanly
}

export interface WebhookSettings {
  maxBodyBytes: number;
  maxAttempts: number;
  retryBaseSeconds: number;
  retentionDays: number; // never below 3: CourtListener retries for ~54 hours
  allowedIps: string[]; // empty = any
  trustedProxies: string[]; // X-Forwarded-For is believed only from these
  workerIdleSeconds: number; // serve's inbox worker thread ends after this long with nothing to do (0: never)
}

export interface Config {
  file: string; // absolute path of config.yaml
  text?: string; // the YAML it was parsed from (serve hands it to its worker threads)
  baseDir: string; // relative paths in the file resolve against this directory
  storePath: string;
  indexPath: string | null;
  publicBaseUrl: string | null;
  siteTitle: string;
  siteDescription: string | null;
  refreshIntervalMinutes: number;
  ensureDocketAlerts: boolean;
  extractor: 'rules' | 'llm' | 'hybrid';
  courtlistener: CourtListenerSettings;
  webhook: WebhookSettings;
  publicDir: string | null; // what `serve` publishes over HTTP (ICS files, index page)
  calendars: Map<string, CalendarConfig>;
  cases: CaseConfig[];
  push: PushSettings;
  summaries: SummarySettings;
  sync: { poll: 'always' | 'webhook-first'; catchAllHours: number };
  notifications: NotificationEndpoint[];
  notify: { debounceSeconds: number; maxAttempts: number; retryBaseSeconds: number; disableAfterFailures: number };
  warnings: string[];
}

/** An outbound change-notification endpoint (Standard Webhooks deliveries, or Slack / Teams messages). */
export interface NotificationEndpoint {
  id: string;
  url: string;
  events: string[]; // globs: "hearing.*", "deadline.met", "*"
  cases: 'all' | string[];
  format: 'json' | 'slack' | 'teams';
  secretEnv: string | null;
}

/** case_summaries: opt-in; provider and model win over LLM_SUMMARY_PROVIDER / LLM_SUMMARY_MODEL. */
export interface SummarySettings {
  enabled: boolean;
  provider: 'anthropic' | 'gemini' | 'openai' | 'ollama' | null;
  model: string | null;
  allowOcr: boolean;
  debounceSeconds: number;
}

/** Where the remote calendars' credentials live (absolute paths). */
export interface PushSettings {
  googleCredentialsPath: string | null; // OAuth client JSON, or a service-account key
  googleTokenPath: string; // the user's OAuth token (not used with a service account)
  m365ClientId: string | null; // config wins over M365_CLIENT_ID
  m365TokenPath: string; // MSAL token cache
  m365Tenant: string; // "common" accepts work and personal accounts
}
