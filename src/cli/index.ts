import { Command, CommanderError } from 'commander';
import { config as loadDotenv } from 'dotenv';
import { EXIT_RUNTIME, EXIT_USAGE, UserError } from '../errors.js';
import { demoCommand } from './commands/demo.js';
import { emitCommand } from './commands/emit.js';
import { pushCommand } from './commands/push.js';
import { setupCommand } from './commands/setup.js';
import { summarizeCommand } from './commands/summarize.js';
import { notifyCommand } from './commands/notify.js';
import { pruneCommand } from './commands/prune.js';
import { showCommand } from './commands/show.js';
import { syncCommand } from './commands/sync.js';
import { reconcileCommand } from './commands/reconcile.js';
import { alertsCommand } from './commands/alerts.js';
import { serveCommand } from './commands/serve.js';
import { inboxCommand } from './commands/inbox.js';
import { webhookUrlCommand } from './commands/webhook-url.js';
import { doctorCommand } from './commands/doctor.js';
import { extractCommand } from './commands/extract.js';
import { version } from './version.js';
import { explainStoreError, isStorageError } from '../store/open-errors.js';
import { openedStores } from '../store/store.js';

export function buildProgram(): Command {
  const program = new Command('case-calendar')
    .description('Turn CourtListener dockets into calendar feeds of hearings and filing deadlines')
    .version(version())
    .option('-c, --config <path>', 'configuration file', 'config.yaml')
    .showHelpAfterError()
    .exitOverride();
  for (const cmd of [syncCommand(), reconcileCommand(), alertsCommand(), serveCommand(), webhookUrlCommand(), inboxCommand(), extractCommand(), emitCommand(), pushCommand(), setupCommand(), summarizeCommand(), notifyCommand(), doctorCommand(), showCommand(), pruneCommand(), demoCommand()]) {
    program.addCommand(cmd);
  }
  // Usage errors anywhere (sub-subcommands too) come back here instead of exiting, so they map to exit 2.
  const walk = (c: Command) => {
    c.exitOverride().showHelpAfterError();
    c.commands.forEach(walk);
  };
  program.commands.forEach(walk);
  return program;
}

/** Entry point: .env (never overriding the real environment), then the command, then the exit policy. */
export async function main(argv: string[]): Promise<void> {
  loadDotenv({ quiet: true, override: false });
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (caught) {
    let err = caught;
    if (err instanceof CommanderError) {
      // Help and --version "fail" with exit code 0; real usage errors already printed their message.
      process.exitCode = err.exitCode === 0 ? 0 : EXIT_USAGE;
      return;
    }
    if (isStorageError(err)) {
      // The file under the store, not the code, is the problem: say which file and what to do.
      err = explainStoreError(openedStores()[0] ?? 'file', err);
    }
    if (err instanceof UserError) {
      process.stderr.write(`case-calendar: ${err.message}\n`);
      process.exitCode = err.exitCode;
      return;
    }
    process.stderr.write(`case-calendar: unexpected error (a bug — please report it):\n${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = EXIT_RUNTIME;
  }
}
