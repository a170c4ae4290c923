import type { Logger } from 'pino';
import type { Env } from '../config/env.js';
import type { Config } from '../config/types.js';
import type { CourtListenerClient } from '../courtlistener/client.js';
import type { DocketAlert } from '../courtlistener/types.js';
import type { Store } from '../store/store.js';

export type CheckStatus = 'ok' | 'warn' | 'FAIL';

/** One line of doctor's report: a verdict, what was found, and for warn/FAIL what to do. */
export interface CheckResult {
  name: string;
  status: CheckStatus;
  message: string;
  fix?: string;
}

export const ok = (name: string, message: string): CheckResult => ({ name, status: 'ok', message });
export const warn = (name: string, message: string, fix: string): CheckResult => ({ name, status: 'warn', message, fix });
export const fail = (name: string, message: string, fix: string): CheckResult => ({ name, status: 'FAIL', message, fix });

/** What the CourtListener token check learnt, for the checks that follow it. */
export type CourtListenerProbe =
  | { state: 'ok'; alerts: DocketAlert[] }
  // No usable answer: later CourtListener checks are not tried (they would fail the same way).
  | { state: 'failed' | 'skipped'; why: string };

/** Everything a check may need; null where an earlier step could not provide it. */
export interface DoctorContext {
  config: Config;
  env: Env | null;
  processEnv: NodeJS.ProcessEnv;
  /** Opened only when the file is sound and of the current schema (doctor never migrates or creates it). */
  store: Store | null;
  /** Why `store` is null, in a few words, for the checks that depend on it. */
  storeUnavailable: string | null;
  client: CourtListenerClient | null;
  log: Logger;
  now: () => Date;
}
