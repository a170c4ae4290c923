import type { Logger } from 'pino';
import { createClient } from '../courtlistener/factory.js';
import type { CourtListenerClient } from '../courtlistener/client.js';
import { createLogger } from '../log.js';
import type { ProbeOptions } from '../server/probe.js';
import { explainStoreError } from '../store/open-errors.js';
import { Store } from '../store/store.js';
import { checkCalendars } from './calendars.js';
import { checkTimeZones } from './time-zones.js';
import { checkConfig } from './config.js';
import { checkAlerts, checkDockets, checkToken } from './courtlistener.js';
import { checkEnvironment } from './environment.js';
import { checkLlm } from './llm.js';
import { checkNotifications } from './notifications.js';
import { checkQuota } from './quota.js';
import { checkReceiver } from './receiver.js';
import { inspectStore } from './store.js';
import { fail, type CheckResult, type DoctorContext } from './types.js';

export interface DoctorOptions {
  configPath: string;
  /** Public host (or base URL) of the webhook receiver; without it the receiver is not probed. */
  host?: string;
  env: NodeJS.ProcessEnv;
  /** Hears each check as soon as it is known, in report order (for streaming output). */
  onCheck?: (check: CheckResult) => void;
  probe?: ProbeOptions;
  /** Hears the client's waiting lines (a pacer slot, a Retry-After): doctor shares the quota with sync and serve. */
  progress?: (line: string) => void;
  now?: () => Date;
  log?: Logger;
}

export interface DoctorReport {
  checks: CheckResult[];
  /** No check failed (warnings allowed). */
  ok: boolean;
  /** 0: no FAIL; 1: a check failed; 2: the configuration could not be loaded. */
  exitCode: 0 | 1 | 2;
}

/** Runs every check in the documented order. Never creates or migrates the store; its only write is the pacer logging the requests it spends. */
export async function runDoctor(opts: DoctorOptions): Promise<DoctorReport> {
  const checks: CheckResult[] = [];
  let secrets = secretValues(opts.env, []);
  const add = (...cs: CheckResult[]) => {
    for (const c of cs) {
      const clean = redact(c, secrets);
      checks.push(clean);
      opts.onCheck?.(clean);
    }
  };
  const finish = (exitCode?: 2): DoctorReport => {
    const ok = !checks.some((c) => c.status === 'FAIL');
    return { checks, ok, exitCode: exitCode ?? (ok ? 0 : 1) };
  };

  const { result: configResult, config } = checkConfig(opts.configPath);
  add(configResult);
  if (!config) {
    // What can be said without a configuration still helps the first set-up.
    add(...checkEnvironment(null, opts.env).results);
    return finish(2);
  }
  secrets = secretValues(opts.env, config.notifications.flatMap((n) => (n.secretEnv ? [n.secretEnv] : [])));
  const { results: envResults, env } = checkEnvironment(config, opts.env);
  add(...envResults);

  const log = opts.log ?? createLogger(env?.logLevel ?? opts.env.LOG_LEVEL);
  const now = opts.now ?? (() => new Date());
  // The store is inspected first (the CourtListener checks pace through it) and reported seventh.
  const inspection = inspectStore(config.storePath);
  let storeResult = inspection.result;
  let store: Store | null = null;
  let storeUnavailable = inspection.unavailable;
  if (inspection.usable) {
    try {
      // mustExist: never creates it; the schema is current, so nothing is migrated.
      store = Store.open(config.storePath, { mustExist: true });
    } catch (err) {
      storeResult = fail('store', explainStoreError(config.storePath, err).message, 'fix what the message says; sync and serve need to write the store too');
      storeUnavailable = 'the store cannot be opened for writing';
    }
  }
  const token = opts.env.COURTLISTENER_TOKEN?.trim();
  let client: CourtListenerClient | null = null;
  try {
    if (store && env && token) client = createClient(config, store, env.courtListenerOrigin, token, log, { originFromEnv: env.courtListenerOriginFromEnv, ...(opts.progress ? { progress: opts.progress } : {}) });
    const ctx: DoctorContext = { config, env, processEnv: opts.env, store, storeUnavailable, client, log, now };

    const { result: tokenResult, probe } = await checkToken(ctx);
    add(tokenResult);
    add(await checkDockets(ctx, probe));
    const { result: alertsResult, states } = checkAlerts(ctx, probe);
    add(alertsResult);
    add(checkQuota(ctx, states));
    add(storeResult);
    add(...checkCalendars(config, store, now()));
    add(checkTimeZones());
    add(await checkReceiver(opts.host, opts.env, opts.probe));
    add(...(await checkLlm(config, opts.env)));
    add(...(await checkNotifications(config, store, opts.env, log)));
  } finally {
    await client?.close();
    store?.close();
  }
  return finish();
}

const SECRET_VARS = ['COURTLISTENER_TOKEN', 'CASE_CALENDAR_WEBHOOK_SECRET', 'ANTHROPIC_API_KEY', 'GEMINI_API_KEY', 'GOOGLE_API_KEY', 'OPENAI_API_KEY', 'OLLAMA_API_KEY'];

/** The values no line may contain; short ones are skipped (they would mangle ordinary words). */
function secretValues(env: NodeJS.ProcessEnv, extra: string[]): string[] {
  return [...SECRET_VARS, ...extra].map((k) => env[k]?.trim() ?? '').filter((v) => v.length >= 8);
}

/** A last guard: no check is meant to print a secret, and this makes sure none does. */
function redact(c: CheckResult, secrets: string[]): CheckResult {
  const scrub = (t: string) => secrets.reduce((acc, s) => acc.split(s).join('***'), t);
  return { ...c, message: scrub(c.message), ...(c.fix !== undefined ? { fix: scrub(c.fix) } : {}) };
}
