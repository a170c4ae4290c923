import type { Command } from 'commander';
import { loadConfig } from '../config/load.js';
import { readEnv, type Env } from '../config/env.js';
import type { Config } from '../config/types.js';
import { createLogger } from '../log.js';
import { Store } from '../store/store.js';
import { UserError, EXIT_USAGE } from '../errors.js';

export interface GlobalOptions {
  config: string;
}

export function globalOptions(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals() as GlobalOptions;
}

/**
 * How a command may open the store: only the commands that fill it may create it ('create'); the
 * others open an existing one, read-only when they only read, so a mistyped store_path is an error
 * naming the path instead of a new empty store (whose calendars would then be published empty).
 */
export type StoreAccess = 'create' | 'write' | 'read';

/** Loads env and config, prints config warnings once, and opens the store. */
export function openContext(cmd: Command, opts: { synchronous?: 'NORMAL' | 'FULL'; access?: StoreAccess } = {}): { config: Config; env: Env; store: Store; log: ReturnType<typeof createLogger> } {
  const env = readEnv();
  const log = createLogger(env.logLevel);
  const config = loadConfig(globalOptions(cmd).config);
  for (const w of config.warnings) process.stderr.write(`warning: ${w}\n`);
  const access = opts.access ?? 'write';
  const store = Store.open(config.storePath, { synchronous: opts.synchronous, mustExist: access !== 'create', readonly: access === 'read' });
  store.announceChanges = config.notifications.length > 0;
  return { config, env, store, log };
}

/** --case values must name configured cases (a typo should not silently sync nothing). */
export function checkCaseIds(config: Config, ids: string[] | undefined): string[] | undefined {
  if (!ids || ids.length === 0) return undefined;
  for (const id of ids) {
    if (!config.cases.some((c) => c.id === id)) {
      throw new UserError(`no case with id '${id}' — configured: ${config.cases.map((c) => c.id).join(', ')}`, EXIT_USAGE);
    }
  }
  return ids;
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
