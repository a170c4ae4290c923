import { Command } from 'commander';
import { emitAll } from '../../render/emit.js';
import { openContext, printJson } from '../context.js';

export function emitCommand(): Command {
  return new Command('emit')
    .description('re-render every calendar and the index page from the store (no CourtListener requests)')
    .option('--json', 'print what was written as JSON')
    .action((opts: { json?: boolean }, cmd: Command) => {
      const { config, store, log } = openContext(cmd);
      try {
        const summary = emitAll(store, config, config.calendars.keys(), log);
        if (opts.json) return printJson(summary);
        for (const r of summary.calendars) {
          const where = r.path ?? '(no ics_path)';
          process.stdout.write(r.written ? `[${r.calendarId}] wrote ${r.events} events -> ${where}\n` : `[${r.calendarId}] unchanged (${r.events} events) ${where}\n`);
        }
        if (summary.index) process.stdout.write(`[index] ${summary.index.written ? 'wrote' : 'unchanged'} ${summary.index.path}\n`);
      } finally {
        store.close();
      }
    });
}
