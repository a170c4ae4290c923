import type { Logger } from 'pino';
import type { Config } from '../config/types.js';
import type { Store } from '../store/store.js';
import { DEFAULT_GOOGLE_CALENDAR_BASE_URL, GoogleCalendar } from './google-calendar.js';
import { DEFAULT_GRAPH_BASE_URL, GraphCalendar } from './graph-calendar.js';
import { DEFAULT_RETRY, PushAuthError, SharedTokens, type RetryPolicy, type TokenSource } from './http.js';
import { pushTargets, type PushOptions, type PushTarget, type PushTargetResult } from './push.js';

/** The remote calendars config.yaml asks for, each with the config calendars that feed it. */
export function configuredTargets(config: Config, only?: string[]): Array<{ target: string; kind: 'gcal' | 'm365'; remoteId: string; calendars: string[] }> {
  const byTarget = new Map<string, { target: string; kind: 'gcal' | 'm365'; remoteId: string; calendars: string[] }>();
  for (const cal of [...config.calendars.values()].sort((a, b) => a.id.localeCompare(b.id))) {
    if (only && !only.includes(cal.id)) continue;
    const wanted: Array<['gcal' | 'm365', string | null]> = [['gcal', cal.googleCalendarId], ['m365', cal.m365CalendarId]];
    for (const [kind, remoteId] of wanted) {
      if (!remoteId) continue;
      const target = `${kind}:${remoteId}`;
      const t = byTarget.get(target) ?? { target, kind, remoteId, calendars: [] };
      t.calendars.push(cal.id);
      byTarget.set(target, t);
    }
  }
  return [...byTarget.values()];
}

export interface PushEnvironment {
  env?: NodeJS.ProcessEnv;
  retry?: RetryPolicy;
}

// The vendors' auth libraries are large (google-auth-library, MSAL): loaded only when a target needs them.
async function googleTokens(config: Config, env: NodeJS.ProcessEnv): Promise<TokenSource> {
  const file = config.push.googleCredentialsPath;
  if (!file) throw new PushAuthError('google_credentials_path is not set');
  const { readGoogleCredentials, ServiceAccountTokens, UserOAuthTokens } = await import('./auth/google.js');
  let creds;
  try {
    creds = readGoogleCredentials(file);
  } catch (err) {
    throw new PushAuthError((err as Error).message);
  }
  return creds.kind === 'service_account' ? new ServiceAccountTokens(creds.key, env) : new UserOAuthTokens(creds.client, config.push.googleTokenPath, env);
}

async function m365Tokens(config: Config, env: NodeJS.ProcessEnv): Promise<TokenSource> {
  const clientId = config.push.m365ClientId;
  if (!clientId) throw new PushAuthError('no Microsoft app id: set m365_client_id in config.yaml or M365_CLIENT_ID in .env');
  const { M365Tokens } = await import('./auth/m365.js');
  return new M365Tokens({ clientId, tenant: config.push.m365Tenant, cacheFile: config.push.m365TokenPath }, env);
}

function baseUrl(value: string | undefined, fallback: string): string {
  return value?.trim() || fallback;
}

/**
 * Pushes every configured remote calendar (or those fed by `only`). A target whose credentials are
 * missing or revoked is reported, and the others still run.
 */
export async function pushConfigured(store: Store, config: Config, opts: PushOptions & PushEnvironment & { only?: string[] } = {}): Promise<PushTargetResult[]> {
  const env = opts.env ?? process.env;
  const retry = opts.retry ?? DEFAULT_RETRY;
  const results: PushTargetResult[] = [];
  const ready: PushTarget[] = [];
  // Token sources are shared by the targets of one service: one refresh serves them all.
  let google: TokenSource | PushAuthError | null = null;
  let m365: TokenSource | PushAuthError | null = null;
  const tokensFor = async (kind: 'gcal' | 'm365'): Promise<TokenSource | PushAuthError> => {
    try {
      if (kind === 'gcal') return (google ??= new SharedTokens(await googleTokens(config, env)));
      return (m365 ??= new SharedTokens(await m365Tokens(config, env)));
    } catch (err) {
      if (!(err instanceof PushAuthError)) throw err;
      if (kind === 'gcal') google = err;
      else m365 = err;
      return err;
    }
  };
  const credentialProblems = new Map<string, string>();
  for (const t of configuredTargets(config, opts.only)) {
    let tokens = await tokensFor(t.kind);
    if (tokens instanceof PushAuthError) {
      opts.log?.error({ target: t.target }, tokens.message);
      if (!opts.dryRun) {
        results.push({ target: t.target, calendars: t.calendars, create: 0, update: 0, remove: 0, unchanged: 0, requests: 0, failed: 0, error: tokens.message, authFailed: true });
        continue;
      }
      // A dry run still shows what would change; it sends nothing, so it needs no token.
      credentialProblems.set(t.target, tokens.message);
      const problem = tokens;
      tokens = { token: () => Promise.reject(problem), refresh: () => Promise.reject(problem) };
    }
    const remote =
      t.kind === 'gcal'
        ? new GoogleCalendar(t.remoteId, tokens, retry, baseUrl(env.GOOGLE_CALENDAR_BASE_URL, DEFAULT_GOOGLE_CALENDAR_BASE_URL))
        : new GraphCalendar(t.remoteId, tokens, retry, baseUrl(env.MICROSOFT_GRAPH_BASE_URL, DEFAULT_GRAPH_BASE_URL));
    ready.push({ remote, calendars: t.calendars });
  }
  for (const r of await pushTargets(store, config, ready, opts)) {
    const problem = credentialProblems.get(r.target);
    results.push(problem ? { ...r, error: r.error ?? problem, authFailed: true } : r);
  }
  return results.sort((a, b) => a.target.localeCompare(b.target));
}

/** One line per target for people: "[gcal:<id>] created 3, updated 1, removed 0 (4 requests)". */
export function describePush(r: PushTargetResult, dryRun = false): string {
  if (r.error && r.create + r.update + r.remove === 0 && r.requests === 0 && !dryRun) return `[${r.target}] NOT pushed: ${r.error}`;
  if (dryRun) return `[${r.target}] would create ${r.create}, update ${r.update}, remove ${r.remove} (${r.unchanged} unchanged)${r.error ? ` — ${r.error}` : ''}`;
  const failed = r.failed ? `, ${r.failed} failed (retried next run)` : '';
  return `[${r.target}] created ${r.create}, updated ${r.update}, removed ${r.remove}, ${r.unchanged} unchanged${failed} (${r.requests} requests)${r.error ? ` — ${r.error}` : ''}`;
}

export type { Logger };
