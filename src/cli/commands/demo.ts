import { Command } from 'commander';
import { COMMAND_DESCRIPTIONS } from '../registry.js';
import { createLogger } from '../../log.js';
import { Store } from '../../store/store.js';
import { loadConfig } from '../../config/load.js';
import { EXIT_OK, EXIT_RUNTIME } from '../../errors.js';
import { printJson } from '../context.js';

export function demoCommand(): Command {
  return new Command('demo')
    .description(COMMAND_DESCRIPTIONS['demo'])
    .option('--dir <path>', 'where to put the demo config, store and calendar', 'demo')
    .option('--json', 'print the extracted events as JSON')
    .action(async (opts: { dir: string; json?: boolean }) => {
      const log = createLogger(process.env.LOG_LEVEL ?? 'warn');
      const say = opts.json ? (l: string) => process.stderr.write(`${l}\n`) : (l: string) => process.stdout.write(`${l}\n`);
      // Loaded on demand: the fake server and the bundled docket are not needed by any other command.
      const { runDemo } = await import('../../demo/run-demo.js');
      const result = await runDemo(opts.dir, log, say);
      const config = loadConfig(result.configPath);
      const store = Store.open(config.storePath, { readonly: true });
      try {
        const kase = config.cases[0]!;
        const hearings = store.listHearings(kase.id);
        const deadlines = store.listDeadlines(kase.id);
        if (opts.json) {
          printJson({ icsPath: result.icsPath, indexPath: config.indexPath, configPath: result.configPath, hearings, deadlines });
        } else {
          say('');
          say(`Extracted for ${kase.name}:`);
          for (const h of hearings) say(`  hearing   [${h.status.padEnd(9)}] ${h.localDate ?? '????'} ${h.localTime ?? '(time TBD)'}  ${h.title}${h.location ? ` — ${h.location}` : ''}`);
          for (const d of deadlines) say(`  deadline  [${d.status.padEnd(9)}] ${d.localDate ?? 'conditional'}  ${d.title}`);
          say('');
          say(`Calendar: ${result.icsPath}`);
          if (config.indexPath) say(`Page:     ${config.indexPath}`);
          say(`Config:   ${result.configPath} (try: npx case-calendar -c ${result.configPath} show)`);
        }
      } finally {
        store.close();
      }
      process.exitCode = result.summary.failed ? EXIT_RUNTIME : EXIT_OK;
    });
}
