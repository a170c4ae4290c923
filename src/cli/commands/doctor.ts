import { Command } from 'commander';
import { COMMAND_DESCRIPTIONS } from '../registry.js';
import { runDoctor } from '../../doctor/run.js';
import type { CheckResult } from '../../doctor/types.js';
import { globalOptions, printJson } from '../context.js';
import { publicBase } from './webhook-url.js';

/** One line per check: verdict, name, what was found, and the fix for warn/FAIL. */
export function formatCheck(c: CheckResult): string {
  return `${c.status.padEnd(4)} ${c.name.padEnd(24)} ${c.message}${c.fix ? ` — fix: ${c.fix}` : ''}`;
}

export function doctorCommand(): Command {
  return new Command('doctor')
    .description(COMMAND_DESCRIPTIONS['doctor'])
    .option('--json', 'print {checks: [{name, status, message, fix?}], ok} as JSON')
    .option('--host <host>', 'public host name (https:// is assumed) or base URL of the webhook receiver, to probe it')
    .action(async (opts: { json?: boolean; host?: string }, cmd: Command) => {
      if (opts.host !== undefined) publicBase(opts.host); // a malformed --host is a usage error (exit 2) before any check
      const report = await runDoctor({
        configPath: globalOptions(cmd).config,
        host: opts.host,
        env: process.env,
        onCheck: opts.json ? undefined : (c) => process.stdout.write(`${formatCheck(c)}\n`),
        progress: (line) => process.stderr.write(`${line}\n`),
      });
      if (opts.json) printJson({ checks: report.checks, ok: report.ok });
      else {
        const count = (s: CheckResult['status']) => report.checks.filter((c) => c.status === s).length;
        process.stderr.write(`doctor: ${count('ok')} ok, ${count('warn')} warn, ${count('FAIL')} FAIL\n`);
      }
      process.exitCode = report.exitCode;
    });
}
