import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import type * as z from 'zod';
import { ConfigError, UserError, EXIT_USAGE, type ConfigProblem } from '../errors.js';
import { ConfigFileSchema, KNOWN_KEYS, type ConfigFile } from './schema.js';
import type { CaseConfig, CalendarConfig, Config } from './types.js';

/** Loads and validates config.yaml; every problem is reported at once with its key path and fix. */
export function loadConfig(file: string): Config {
  const abs = path.resolve(file);
  if (!existsSync(abs)) {
    throw new UserError(
      `config file not found: ${abs} — copy config.example.yaml to config.yaml and edit it, or pass -c PATH`,
      EXIT_USAGE,
    );
  }
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (err) {
    throw new UserError(`cannot read config file ${abs}: ${(err as Error).message}`, EXIT_USAGE);
  }
  return parseConfig(text, abs);
}

export function parseConfig(text: string, file: string): Config {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      file,
      doc.errors.map((e) => ({ path: '(yaml)', message: `${e.message.split('\n')[0]} — fix the YAML syntax there` })),
    );
  }
  const raw: unknown = doc.toJS();
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(file, [
      { path: '', message: 'the file must be a YAML mapping with at least `calendars:` and `cases:` (see config.example.yaml)' },
    ]);
  }

  const problems: ConfigProblem[] = [];
  const parsed = ConfigFileSchema.safeParse(raw);
  if (!parsed.success) problems.push(...parsed.error.issues.map((i) => describeIssue(i, raw)));
  problems.push(...crossCheck(raw as Record<string, unknown>));
  if (problems.length > 0 || !parsed.success) throw new ConfigError(file, dedupe(problems));

  return { ...toConfig(parsed.data, file, unknownKeyWarnings(raw as Record<string, unknown>)), text };
}

function toConfig(c: ConfigFile, file: string, warnings: string[]): Config {
  const baseDir = path.dirname(file);
  const resolve = (p: string) => path.resolve(baseDir, p);
  const calendars = new Map<string, CalendarConfig>();
  for (const [id, cal] of Object.entries(c.calendars)) {
    calendars.set(id, {
      id,
      name: cal.name ?? id,
      icsPath: cal.ics_path ? resolve(cal.ics_path) : null,
      notifyEmails: cal.notify_emails ?? [],
      reminders: cal.reminders ?? [],
      googleCalendarId: cal.google_calendar_id ?? null,
      m365CalendarId: cal.m365_calendar_id ?? (cal.m365_use_default_calendar ? 'default' : null),
    });
    if (!cal.ics_path) warnings.push(`calendars.${id}: no ics_path, so no ICS file is written for it`);
  }
  const cases: CaseConfig[] = c.cases.map((k) => ({
    id: k.id,
    name: k.name,
    calendar: k.calendar,
    dockets: k.dockets,
    tags: dedupeTags(k.tags ?? []),
    aggregationNote: k.aggregation_note ?? null,
    extraDocuments: k.extra_documents ?? [],
    notifyEmails: k.notify_emails ?? [],
    reminders: k.reminders ?? [],
  }));
  return {
    file,
    baseDir,
    storePath: resolve(c.store_path),
    indexPath: c.index_path ? resolve(c.index_path) : null,
    publicBaseUrl: c.public_base_url ?? null,
    siteTitle: c.site_title,
    siteDescription: c.site_description ?? null,
    refreshIntervalMinutes: c.refresh_interval_minutes,
    ensureDocketAlerts: c.ensure_docket_alerts,
    extractor: c.extractor,
    courtlistener: {
      timeoutSeconds: c.courtlistener.timeout_seconds,
      maxAttempts: c.courtlistener.max_attempts,
      retryAfterCapSeconds: c.courtlistener.retry_after_cap_seconds,
      backoffBaseMs: c.courtlistener.backoff_base_ms,
      maxRequestsPerMinute: c.courtlistener.max_requests_per_minute,
      maxRequestsPerDay: c.courtlistener.max_requests_per_day,
    },
    webhook: {
      maxBodyBytes: c.webhook.max_body_bytes,
      maxAttempts: c.webhook.max_attempts,
      retryBaseSeconds: c.webhook.retry_base_seconds,
      retentionDays: c.webhook.retention_days,
      allowedIps: c.webhook.allowed_ips,
      trustedProxies: c.webhook.trusted_proxies,
      workerIdleSeconds: c.webhook.worker_idle_seconds,
    },
    publicDir: c.public_dir ? resolve(c.public_dir) : defaultPublicDir([...calendars.values()]),
    calendars,
    cases,
    push: {
      googleCredentialsPath: c.google_credentials_path ? resolve(c.google_credentials_path) : null,
      googleTokenPath: resolve(c.google_token_path),
      m365ClientId: c.m365_client_id ?? (process.env.M365_CLIENT_ID?.trim() || null),
      m365TokenPath: resolve(c.m365_token_path),
      m365Tenant: c.m365_tenant,
    },
    sync: { poll: c.sync.poll, catchAllHours: c.sync.catch_all_hours },
    notifications: c.notifications.map((n) => ({ id: n.id, url: n.url, events: n.events, cases: n.cases, format: n.format, secretEnv: n.secret_env ?? null })),
    notify: {
      debounceSeconds: c.notify.debounce_seconds,
      maxAttempts: c.notify.max_attempts,
      retryBaseSeconds: c.notify.retry_base_seconds,
      disableAfterFailures: c.notify.disable_after_failures,
    },
    summaries: {
      enabled: c.case_summaries?.enabled ?? false,
      provider: c.case_summaries?.provider ?? null,
      model: c.case_summaries?.model ?? null,
      allowOcr: c.case_summaries?.allow_ocr ?? true,
      debounceSeconds: c.case_summaries?.debounce_seconds ?? 300,
    },
    warnings,
  };
}

/** Without `public_dir`, serve the folder the (first) calendar file is written to. */
function defaultPublicDir(calendars: CalendarConfig[]): string | null {
  const first = calendars.find((c) => c.icsPath);
  return first?.icsPath ? path.dirname(first.icsPath) : null;
}

/** Trimmed, de-duplicated case-insensitively, first spelling kept. */
function dedupeTags(tags: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const t of tags.map((x) => x.trim())) {
    if (!seen.has(t.toLowerCase())) {
      seen.add(t.toLowerCase());
      out.push(t);
    }
  }
  return out;
}

function formatPath(p: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const seg of p) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out ? `.${String(seg)}` : String(seg);
  }
  return out;
}

function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${JSON.stringify(v)}`;
}

function valueAt(raw: unknown, p: ReadonlyArray<PropertyKey>): unknown {
  let cur: unknown = raw;
  for (const seg of p) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[seg as string];
  }
  return cur;
}

/** Turns a zod issue into "what is wrong, and how to fix it" for the key path. */
function describeIssue(issue: z.core.$ZodIssue, raw: unknown): ConfigProblem {
  const p = formatPath(issue.path);
  const value = valueAt(raw, issue.path);
  const last = issue.path[issue.path.length - 1];
  const inDockets = issue.path.includes('dockets');
  if (issue.code === 'invalid_type' && value === undefined) {
    return { path: p, message: `is required — ${requiredHint(String(last))}` };
  }
  if (inDockets && issue.path.length === 4) {
    return {
      path: p,
      message: `must be a CourtListener docket id (a whole number, as in https://www.courtlistener.com/docket/<id>/…), got ${typeName(value)}`,
    };
  }
  if (inDockets && issue.code === 'too_small') {
    return { path: p, message: 'list at least one CourtListener docket id' };
  }
  if (last === 'cases' && issue.code === 'too_small') {
    return { path: p, message: 'list at least one case (see config.example.yaml)' };
  }
  if (issue.code === 'invalid_type') {
    return { path: p, message: `expected ${issue.expected}, got ${typeName(value)}` };
  }
  if (issue.code === 'invalid_value' && 'values' in issue) {
    return { path: p, message: `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${typeName(value)}` };
  }
  if (issue.code === 'invalid_key') {
    return { path: p, message: `calendar id ${JSON.stringify(last)} must be kebab-case, e.g. "cyber-cases"` };
  }
  return { path: p, message: `${issue.message}${value !== undefined ? ` (got ${typeName(value)})` : ''}` };
}

function requiredHint(key: string): string {
  switch (key) {
    case 'calendars':
      return 'add a `calendars:` mapping, e.g. `calendars: {main: {name: "My cases", ics_path: out/main.ics}}`';
    case 'cases':
      return 'add a `cases:` list (see config.example.yaml)';
    case 'id':
      return 'give the case a stable kebab-case id, e.g. `id: us-v-doe`';
    case 'name':
      return 'give the case a display name, e.g. `name: "United States v. Doe"`';
    case 'calendar':
      return 'name the calendar (a key under `calendars:`) this case belongs to';
    case 'dockets':
      return 'list its CourtListener docket ids, e.g. `dockets: [68571705]`';
    default:
      return `add \`${key}:\``;
  }
}

/** Notification endpoints name configured cases, once each. */
function notificationCheck(raw: Record<string, unknown>): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const caseIds = new Set((Array.isArray(raw.cases) ? raw.cases : []).map((c) => (c && typeof c === 'object' ? (c as Record<string, unknown>).id : null)).filter((id): id is string => typeof id === 'string'));
  const seen = new Set<string>();
  (Array.isArray(raw.notifications) ? raw.notifications : []).forEach((n: unknown, i) => {
    if (!n || typeof n !== 'object') return;
    const e = n as Record<string, unknown>;
    if (typeof e.id === 'string') {
      if (seen.has(e.id)) problems.push({ path: `notifications[${i}].id`, message: `duplicate endpoint id "${e.id}" — ids name endpoints in \`notify\` commands; make them unique` });
      seen.add(e.id);
    }
    if (Array.isArray(e.cases)) {
      e.cases.forEach((c: unknown, j) => {
        if (typeof c === 'string' && !caseIds.has(c)) problems.push({ path: `notifications[${i}].cases[${j}]`, message: `unknown case "${c}" — use one of: ${[...caseIds].join(', ')} (or cases: all)` });
      });
    }
  });
  return problems;
}

/** A calendar that asks to be pushed needs the credentials of its service. */
function pushCheck(raw: Record<string, unknown>): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const calendars = raw.calendars && typeof raw.calendars === 'object' ? (raw.calendars as Record<string, unknown>) : {};
  for (const [id, value] of Object.entries(calendars)) {
    if (!value || typeof value !== 'object') continue;
    const cal = value as Record<string, unknown>;
    if (typeof cal.google_calendar_id === 'string' && typeof raw.google_credentials_path !== 'string') {
      problems.push({
        path: `calendars.${id}.google_calendar_id`,
        message: 'is set but google_credentials_path is not — add google_credentials_path: <your OAuth client JSON or service-account key> at the top level',
      });
    }
    const m365 = typeof cal.m365_calendar_id === 'string' || cal.m365_use_default_calendar === true;
    if (typeof cal.m365_calendar_id === 'string' && cal.m365_use_default_calendar === true) {
      problems.push({ path: `calendars.${id}.m365_use_default_calendar`, message: 'cannot be true together with m365_calendar_id — keep one of them' });
    }
    if (m365 && typeof raw.m365_client_id !== 'string' && !process.env.M365_CLIENT_ID?.trim()) {
      problems.push({
        path: `calendars.${id}.${typeof cal.m365_calendar_id === 'string' ? 'm365_calendar_id' : 'm365_use_default_calendar'}`,
        message: 'is set but no Microsoft app is — add m365_client_id: <your Entra app (public client) id> at the top level, or M365_CLIENT_ID=<id> to .env',
      });
    }
  }
  return problems;
}

/** Rules zod cannot express per-field: references and uniqueness across the whole file. */
function crossCheck(raw: Record<string, unknown>): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const calendars = raw.calendars && typeof raw.calendars === 'object' ? Object.keys(raw.calendars) : [];
  const cases = Array.isArray(raw.cases) ? raw.cases : [];
  const caseIds = new Map<string, number>();
  const docketOwner = new Map<number, { label: string; index: number }>();
  problems.push(...pushCheck(raw), ...notificationCheck(raw));
  cases.forEach((c: unknown, i) => {
    if (!c || typeof c !== 'object') return;
    const k = c as Record<string, unknown>;
    const label = typeof k.id === 'string' ? k.id : `#${i}`;
    if (typeof k.id === 'string') {
      const prev = caseIds.get(k.id);
      if (prev !== undefined) {
        problems.push({
          path: `cases[${i}].id`,
          message: `duplicate case id "${k.id}" (also cases[${prev}].id) — case ids must be unique; they are part of every event's UID`,
        });
      } else caseIds.set(k.id, i);
    }
    if (typeof k.calendar === 'string' && calendars.length > 0 && !calendars.includes(k.calendar)) {
      problems.push({
        path: `cases[${i}].calendar`,
        message: `unknown calendar "${k.calendar}" — use one of: ${calendars.join(', ')} (or add it under calendars:)`,
      });
    }
    if (Array.isArray(k.dockets)) {
      k.dockets.forEach((d: unknown, j) => {
        if (typeof d !== 'number' || !Number.isInteger(d)) return;
        const owner = docketOwner.get(d);
        if (owner && owner.index !== i) {
          problems.push({
            path: `cases[${i}].dockets[${j}]`,
            message: `docket ${d} is already listed under case "${owner.label}" (cases[${owner.index}]) — a docket belongs to exactly one case; remove one of them`,
          });
        } else if (owner) {
          problems.push({ path: `cases[${i}].dockets[${j}]`, message: `docket ${d} is listed twice in this case — remove the repeat` });
        } else docketOwner.set(d, { label, index: i });
      });
    }
    if (Array.isArray(k.extra_documents) && Array.isArray(k.dockets)) {
      k.extra_documents.forEach((x: unknown, j) => {
        const docket = x && typeof x === 'object' ? (x as Record<string, unknown>).docket : undefined;
        if (typeof docket === 'number' && !(k.dockets as unknown[]).includes(docket)) {
          problems.push({
            path: `cases[${i}].extra_documents[${j}].docket`,
            message: `docket ${docket} is not in this case's dockets list [${(k.dockets as unknown[]).join(', ')}]`,
          });
        }
      });
    }
  });
  return problems;
}

function unknownKeyWarnings(raw: Record<string, unknown>): string[] {
  const warnings: string[] = [];
  const check = (obj: unknown, known: string[], where: string) => {
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return;
    for (const key of Object.keys(obj)) {
      if (!known.includes(key)) {
        const near = known.find((k) => similar(k, key));
        warnings.push(`${where ? `${where}.` : ''}${key}: unknown key, ignored${near ? ` (did you mean \`${near}\`?)` : ''}`);
      }
    }
  };
  check(raw, KNOWN_KEYS.top, '');
  check(raw.courtlistener, KNOWN_KEYS.courtlistener, 'courtlistener');
  check(raw.webhook, KNOWN_KEYS.webhook, 'webhook');
  check(raw.case_summaries, KNOWN_KEYS.caseSummaries, 'case_summaries');
  check(raw.sync, KNOWN_KEYS.sync, 'sync');
  check(raw.notify, KNOWN_KEYS.notify, 'notify');
  if (Array.isArray(raw.notifications)) raw.notifications.forEach((n, i) => check(n, KNOWN_KEYS.notification, `notifications[${i}]`));
  if (raw.calendars && typeof raw.calendars === 'object') {
    for (const [id, cal] of Object.entries(raw.calendars)) {
      check(cal, KNOWN_KEYS.calendar, `calendars.${id}`);
      const reminders = (cal as Record<string, unknown> | null)?.reminders;
      if (Array.isArray(reminders)) reminders.forEach((r, j) => check(r, KNOWN_KEYS.reminder, `calendars.${id}.reminders[${j}]`));
    }
  }
  if (Array.isArray(raw.cases)) {
    raw.cases.forEach((c, i) => {
      check(c, KNOWN_KEYS.case, `cases[${i}]`);
      const k = c as Record<string, unknown> | null;
      if (Array.isArray(k?.reminders)) k.reminders.forEach((r, j) => check(r, KNOWN_KEYS.reminder, `cases[${i}].reminders[${j}]`));
      if (Array.isArray(k?.extra_documents))
        k.extra_documents.forEach((r, j) => check(r, KNOWN_KEYS.extraDocument, `cases[${i}].extra_documents[${j}]`));
    });
  }
  return warnings;
}

/** Cheap typo detector: same letters give or take one edit, or one is a prefix of the other. */
function similar(a: string, b: string): boolean {
  if (a === b) return false;
  if (a.startsWith(b) || b.startsWith(a)) return Math.abs(a.length - b.length) <= 2;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return a.slice(i + 1) === b.slice(i + 1) || a.slice(i + 1) === b.slice(i) || a.slice(i) === b.slice(i + 1);
}

function dedupe(problems: ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.path}\u0000${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
