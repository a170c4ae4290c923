import { Command } from 'commander';
import { COMMAND_DESCRIPTIONS } from '../registry.js';
import { UserError, EXIT_RUNTIME, EXIT_USAGE } from '../../errors.js';
import { configuredTargets, describePush, pushConfigured } from '../../push/targets.js';
import { collect, openContext, printJson } from '../context.js';

export function pushCommand(): Command {
  return new Command('push')
    .description(COMMAND_DESCRIPTIONS['push'])
    .option('--calendar <id>', 'only the remote calendars this config calendar feeds (repeatable)', collect)
    .option('--dry-run', 'print what would be created, updated and removed, and send nothing')
    .option('--json', 'print the per-target counts as JSON')
    .action(async (opts: { calendar?: string[]; dryRun?: boolean; json?: boolean }, cmd: Command) => {
      // Even a dry run opens for writing: a store from before push_state existed is migrated first.
      const { config, store, log } = openContext(cmd);
      try {
        for (const id of opts.calendar ?? []) {
          if (!config.calendars.has(id)) throw new UserError(`no calendar '${id}' — configured: ${[...config.calendars.keys()].join(', ')}`, EXIT_USAGE);
        }
        if (configuredTargets(config, opts.calendar).length === 0) {
          throw new UserError('no calendar has google_calendar_id, m365_calendar_id or m365_use_default_calendar: nothing to push (see config.example.yaml)', EXIT_USAGE);
        }
        const results = await pushConfigured(store, config, { log, dryRun: opts.dryRun, only: opts.calendar });
        if (results.some((r) => r.authFailed || r.failed > 0 || (r.error && !opts.dryRun))) process.exitCode = EXIT_RUNTIME;
        if (opts.json) return printJson({ dryRun: Boolean(opts.dryRun), targets: results });
        for (const r of results) (r.error ? process.stderr : process.stdout).write(`${describePush(r, opts.dryRun)}\n`);
      } finally {
        store.close();
      }
    });
}
