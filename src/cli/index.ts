import { Command, CommanderError } from 'commander';
import { config as loadDotenv } from 'dotenv';
import { EXIT_RUNTIME, EXIT_USAGE, UserError } from '../errors.js';
import { COMMAND_DESCRIPTIONS, loadCommand, type CommandName } from './registry.js';
import { version } from './version.js';

/** The command named on the command line, after the global options (`-c x.yaml sync …`). */
export function commandNameOf(argv: string[]): CommandName | null {
  const args = argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-c' || a === '--config') {
      i++;
      continue;
    }
    if (a.startsWith('-') || a === 'help') continue; // `help sync` shows sync's own help
    return Object.hasOwn(COMMAND_DESCRIPTIONS, a) ? (a as CommandName) : null;
  }
  return null;
}

/**
 * The program with the one command that runs loaded in full, and the others as names and
 * descriptions only (for the top-level help and "did you mean"): each command's module is loaded
 * only when it runs, so `--help` and light commands start fast.
 */
export async function buildProgram(argv: string[]): Promise<Command> {
  const program = new Command('case-calendar')
    .description('Turn CourtListener dockets into calendar feeds of hearings and filing deadlines')
    .version(version())
    .option('-c, --config <path>', 'configuration file', 'config.yaml')
    .showHelpAfterError()
    .exitOverride();
  const running = commandNameOf(argv);
  for (const name of Object.keys(COMMAND_DESCRIPTIONS) as CommandName[]) {
    program.addCommand(name === running ? await loadCommand(name) : new Command(name).description(COMMAND_DESCRIPTIONS[name]));
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
  try {
    const program = await buildProgram(argv);
    await program.parseAsync(argv);
  } catch (caught) {
    let err = caught;
    if (err instanceof CommanderError) {
      // Help and --version "fail" with exit code 0; real usage errors already printed their message.
      process.exitCode = err.exitCode === 0 ? 0 : EXIT_USAGE;
      return;
    }
    const { explainStoreError, isStorageError } = await import('../store/open-errors.js');
    if (isStorageError(err)) {
      // The file under the store, not the code, is the problem: say which file and what to do.
      const { openedStores } = await import('../store/store.js');
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
