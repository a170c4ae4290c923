import { loadConfig } from '../config/load.js';
import type { Config } from '../config/types.js';
import { ConfigError, UserError } from '../errors.js';
import { fail, ok, warn, type CheckResult } from './types.js';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Check 1: the configuration loads; its warnings are a warn. Config is null when it cannot load. */
export function checkConfig(file: string): { result: CheckResult; config: Config | null } {
  let config: Config;
  try {
    config = loadConfig(file);
  } catch (err) {
    if (err instanceof ConfigError) {
      // One line: every problem with its key path, as loadConfig found them.
      const problems = err.problems.map((p) => `${p.path || '(top level)'}: ${p.message}`).join('; ');
      return {
        result: fail('config', `${err.file}: ${plural(err.problems.length, 'problem')}: ${problems}`, `fix those keys in ${err.file} (config.example.yaml shows each one)`),
        config: null,
      };
    }
    if (err instanceof UserError) {
      // loadConfig's own advice follows " — ": it becomes the fix.
      const text = err.message.split('\n').join(' ');
      const at = text.indexOf(' — ');
      const [what, how] = at < 0 ? [text, 'copy config.example.yaml to config.yaml, or pass -c <path> before the command'] : [text.slice(0, at), text.slice(at + 3)];
      return { result: fail('config', what, how), config: null };
    }
    throw err;
  }
  const dockets = new Set(config.cases.flatMap((c) => c.dockets)).size;
  const found = `${config.file}: ${plural(config.calendars.size, 'calendar')}, ${plural(config.cases.length, 'case')}, ${plural(dockets, 'docket')}`;
  if (config.warnings.length > 0) {
    return { result: warn('config', `${found}; ${config.warnings.join('; ')}`, `edit ${config.file} as the warnings say (unknown keys are ignored)`), config };
  }
  return { result: ok('config', found), config };
}
