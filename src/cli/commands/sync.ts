import { Command, Option } from 'commander';
import { COMMAND_DESCRIPTIONS } from '../registry.js';
import { requireToken } from '../../config/env.js';
import { loadExtractor } from '../../extract/lazy-rules.js';
import type { PollMode } from '../../pipeline/poll-plan.js';
import { runSync } from '../../pipeline/run-sync.js';
import { summaryProviderFor } from '../../summaries/provider.js';
import { EXIT_OK, EXIT_QUOTA, EXIT_RUNTIME } from '../../errors.js';
import { checkCaseIds, collect, openContext, printJson } from '../context.js';
import { progressWriter } from '../progress-writer.js';

export function syncCommand(): Command {
  return new Command('sync')
    .description(COMMAND_DESCRIPTIONS['sync'])
    .option('--case <id>', 'only this case (repeatable)', collect)
    .option('--only-new', 'only cases with a docket not yet in the store')
    .option('--no-emit', 'update the store but do not re-render calendars')
    .option('--sweep', 'run the end-of-case verify and dedupe sweeps even for cases with nothing new')
    .option('--force-summaries', 'write every case summary again (case_summaries.enabled)')
    .addOption(new Option('--poll <mode>', 'this run only: poll every docket (always), or leave those covered by webhooks to serve (webhook-first); default sync.poll').choices(['always', 'webhook-first']))
    .option('--json', 'print the run summary as JSON on stdout (progress goes to stderr)')
    .action(async (opts: { case?: string[]; onlyNew?: boolean; emit: boolean; sweep?: boolean; forceSummaries?: boolean; poll?: PollMode; json?: boolean }, cmd: Command) => {
      const { config, env, store, log } = openContext(cmd, { access: 'create' });
      // --json keeps stdout for the one JSON document.
      const out = progressWriter(opts.json ? process.stderr : process.stdout);
      try {
        const token = requireToken(env);
        const caseIds = checkCaseIds(config, opts.case);
        const { extractor, reviewer, ledger } = await loadExtractor(config, process.env, log);
        const summaryProvider = summaryProviderFor(config.summaries);
        const summary = await runSync(
          { config, store, log, extractor, reviewer, ledger, origin: env.courtListenerOrigin, originFromEnv: env.courtListenerOriginFromEnv, token, progress: out.line, status: out.status, summaryProvider },
          { caseIds, onlyNew: opts.onlyNew, emit: opts.emit, sweep: opts.sweep, forceSummaries: opts.forceSummaries, poll: opts.poll },
        );
        if (opts.json) printJson(summary);
        process.exitCode = summary.failed ? EXIT_RUNTIME : summary.stopped ? EXIT_QUOTA : EXIT_OK;
      } finally {
        out.end();
        store.close();
      }
    });
}
