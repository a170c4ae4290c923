import { Command } from 'commander';
import { COMMAND_DESCRIPTIONS } from '../registry.js';
import { requireToken } from '../../config/env.js';
import { createClient } from '../../courtlistener/factory.js';
import { UsageLedger } from '../../extract/llm/ledger.js';
import { EXIT_RUNTIME, EXIT_USAGE, UserError } from '../../errors.js';
import { calendarsOfCases, emitCalendars } from '../../render/emit.js';
import { resolveSummaryProvider } from '../../summaries/provider.js';
import { refreshSummaries, summaryProgress } from '../../summaries/summarize.js';
import { loadConfig } from '../../config/load.js';
import { checkCaseIds, collect, globalOptions, openContext, printJson } from '../context.js';

export function summarizeCommand(): Command {
  return new Command('summarize')
    .description(COMMAND_DESCRIPTIONS['summarize'])
    .option('--case <id>', 'only this case (repeatable)', collect)
    .option('--force', 'write every summary again, current or not')
    .option('--no-emit', 'store the summaries but do not re-render the index page and calendars')
    .option('--json', 'print the results as JSON')
    .action(async (opts: { case?: string[]; force?: boolean; emit: boolean; json?: boolean }, cmd: Command) => {
      // Before the store is opened: "summaries are off" is the message that helps, not a missing store.
      if (!loadConfig(globalOptions(cmd).config).summaries.enabled) throw new UserError('case summaries are off — set case_summaries: {enabled: true} in config.yaml', EXIT_USAGE);
      const { config, env, store, log } = openContext(cmd);
      try {
        const caseIds = checkCaseIds(config, opts.case);
        let provider;
        try {
          provider = resolveSummaryProvider(config.summaries);
        } catch (err) {
          throw new UserError((err as Error).message, EXIT_USAGE);
        }
        if (!provider) throw new UserError('no summary model: set case_summaries.provider (and its API key in .env: ANTHROPIC_API_KEY, GEMINI_API_KEY or OPENAI_API_KEY), or LLM_SUMMARY_PROVIDER=ollama', EXIT_USAGE);
        const client = createClient(config, store, env.courtListenerOrigin, requireToken(env), log, { originFromEnv: env.courtListenerOriginFromEnv });
        const ledger = new UsageLedger();
        const say = opts.json ? () => {} : (l: string) => process.stdout.write(`${l}\n`);
        let results;
        try {
          results = await refreshSummaries({ store, config, client, provider, ledger, log }, { caseIds, force: opts.force, onGroup: summaryProgress(config, say) });
        } finally {
          await client.close();
        }
        const written = results.filter((r) => r.written).map((r) => r.caseId);
        if (opts.emit && written.length) emitCalendars(store, config, calendarsOfCases(config, written), log);
        if (results.some((r) => r.error)) process.exitCode = EXIT_RUNTIME;
        const requests = client.stats().total;
        if (opts.json) return printJson({ summaries: results, courtlistenerRequests: client.stats(), llm: ledger.totals });
        if (results.length === 0) say('every summary is current (use --force to write them again)');
        say(`courtlistener_requests=${requests} ${ledger.summary()}`);
      } finally {
        store.close();
      }
    });
}
