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

/** Loads env and config, prints config warnings once, and opens the store. */
export function openContext(cmd: Command, opts: { synchronous?: 'NORMAL' | 'FULL' } = {}): { config: Config; env: Env; store: Store; log: ReturnType<typeof createLogger> } {
  const env = readEnv();
  const log = createLogger(env.logLevel);
  const config = loadConfig(globalOptions(cmd).config);
  for (const w of config.warnings) process.stderr.write(`warning: ${w}\n`);
  const store = Store.open(config.storePath, { synchronous: opts.synchronous });
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
