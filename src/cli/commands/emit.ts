import { Command } from 'commander';
import { COMMAND_DESCRIPTIONS } from '../registry.js';
import { emitAll } from '../../render/emit.js';
import { describePush, pushConfigured } from '../../push/targets.js';
import { EXIT_RUNTIME } from '../../errors.js';
import { openContext, printJson } from '../context.js';

export function emitCommand(): Command {
  return new Command('emit')
    .description(COMMAND_DESCRIPTIONS['emit'])
    .option('--json', 'print what was written as JSON')
    .option('--allow-empty', 'replace a calendar holding events with an empty one even when the store has no rows for its cases')
    .option('--no-push', 'write the files only; leave Google / Microsoft 365 calendars alone')
    .action(async (opts: { json?: boolean; allowEmpty?: boolean; push: boolean }, cmd: Command) => {
      const { config, store, log } = openContext(cmd);
      try {
        const summary = emitAll(store, config, config.calendars.keys(), log, new Date(), { allowEmpty: opts.allowEmpty });
        const pushed = opts.push ? await pushConfigured(store, config, { log }) : [];
        // A calendar held back is left as it was: say so, and exit 1 so cron mails it.
        if (summary.calendars.some((r) => r.held) || pushed.some((p) => p.authFailed || p.failed > 0)) process.exitCode = EXIT_RUNTIME;
        if (opts.json) return printJson({ ...summary, pushed });
        for (const r of summary.calendars) {
          const where = r.path ?? '(no ics_path)';
          if (r.held) process.stderr.write(`[${r.calendarId}] NOT written (${where} left as it was): ${r.held}\n`);
          else process.stdout.write(r.written ? `[${r.calendarId}] wrote ${r.events} events -> ${where}\n` : `[${r.calendarId}] unchanged (${r.events} events) ${where}\n`);
        }
        if (summary.index) process.stdout.write(`[index] ${summary.index.written ? 'wrote' : 'unchanged'} ${summary.index.path}\n`);
        for (const p of pushed) (p.error ? process.stderr : process.stdout).write(`${describePush(p)}\n`);
      } finally {
        store.close();
      }
    });
}
