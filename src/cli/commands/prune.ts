import { Command } from 'commander';
import { COMMAND_DESCRIPTIONS } from '../registry.js';
import { openContext, printJson } from '../context.js';

export function pruneCommand(): Command {
  return new Command('prune')
    .description(COMMAND_DESCRIPTIONS['prune'])
    .option('--apply', 'really delete')
    .option('--json', 'print the orphans as JSON')
    .action((opts: { apply?: boolean; json?: boolean }, cmd: Command) => {
      const { config, store } = openContext(cmd);
      try {
        const configured = new Set(config.cases.flatMap((c) => c.dockets));
        const orphans = store.findOrphanDockets(configured);
        if (opts.apply) for (const o of orphans) store.deleteDocket(o.docketId);
        if (opts.json) return printJson({ applied: Boolean(opts.apply), orphans });
        if (orphans.length === 0) {
          process.stdout.write(`No orphan dockets — store has ${store.listDockets().length} docket(s), all referenced by config.\n`);
          return;
        }
        for (const o of orphans) {
          const d = o.docket;
          process.stdout.write(
            `docket_id=${o.docketId}  ${d?.docketNumber ?? '?'} (${d?.courtId ?? '?'}) — ${d?.caseName ?? '?'}: ` +
              `entries=${o.entries} hearings=${o.hearings} deadlines=${o.deadlines}\n`,
          );
        }
        process.stdout.write(opts.apply ? `Deleted ${orphans.length} orphan docket(s).\n` : 'Dry run — re-run with --apply to delete.\n');
      } finally {
        store.close();
      }
    });
}
