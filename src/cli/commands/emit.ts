import { Command } from 'commander';
import { emitCalendars } from '../../render/emit.js';
import { openContext, printJson } from '../context.js';

export function emitCommand(): Command {
  return new Command('emit')
    .description('re-render every calendar from the store (no CourtListener requests)')
    .option('--json', 'print what was written as JSON')
    .action((opts: { json?: boolean }, cmd: Command) => {
      const { config, store, log } = openContext(cmd);
      try {
        const results = emitCalendars(store, config, config.calendars.keys(), log);
        if (opts.json) return printJson(results);
        for (const r of results) {
          const where = r.path ?? '(no ics_path)';
          process.stdout.write(r.written ? `[${r.calendarId}] wrote ${r.events} events -> ${where}\n` : `[${r.calendarId}] unchanged (${r.events} events) ${where}\n`);
        }
      } finally {
        store.close();
      }
    });
}
