import { Command } from 'commander';
import { COMMAND_DESCRIPTIONS } from '../registry.js';
import { requireToken } from '../../config/env.js';
import { QuotaStopError, RateLimitedError } from '../../courtlistener/errors.js';
import { createClient } from '../../courtlistener/factory.js';
import { EXIT_OK, EXIT_QUOTA, EXIT_RUNTIME, EXIT_USAGE, UserError } from '../../errors.js';
import { createExtractor } from '../../extract/index.js';
import { reconcileCase, type ReconcileStats } from '../../pipeline/reconcile.js';
import { calendarsOfCases, emitCalendars, type EmitResult } from '../../render/emit.js';
import { describePush, pushConfigured } from '../../push/targets.js';
import { describeNotifyRun, Notifier } from '../../notify/deliver.js';
import { checkCaseIds, collect, openContext, printJson } from '../context.js';

export function reconcileCommand(): Command {
  return new Command('reconcile')
    .description(COMMAND_DESCRIPTIONS['reconcile'])
    .option('--case <id>', 'only this case (repeatable)', collect)
    .option('--days <n>', 'look at placeholders filed in the last N days', '7')
    .option('--no-emit', 'update the store but do not re-render calendars')
    .option('--json', 'print the summary as JSON on stdout (progress goes to stderr)')
    .action(async (opts: { case?: string[]; days: string; emit: boolean; json?: boolean }, cmd: Command) => {
      const days = Number(opts.days);
      if (!Number.isInteger(days) || days < 0 || days > 3650) throw new UserError(`--days must be a whole number of days (0-3650), got "${opts.days}"`, EXIT_USAGE);
      const { config, env, store, log } = openContext(cmd);
      try {
        const token = requireToken(env);
        const ids = checkCaseIds(config, opts.case);
        const say = opts.json ? (l: string) => process.stderr.write(`${l}\n`) : (l: string) => process.stdout.write(`${l}\n`);
        const { extractor } = createExtractor(config, process.env, log);
        const client = createClient(config, store, env.courtListenerOrigin, token, log);
        new Notifier({ store, config, log }).ensureEndpoints(); // new endpoints start at the present
        const cases = ids ? config.cases.filter((c) => ids.includes(c.id)) : config.cases;
        const results: ReconcileStats[] = [];
        let stopped: string | null = null;
        try {
          for (const kase of cases) {
            try {
              const s = await reconcileCase({ store, client, extractor, log: log.child({ caseId: kase.id }), now: () => new Date() }, kase, days);
              results.push(s);
              say(`${kase.id}: checked=${s.checked} enriched=${s.enriched} actions=${s.actions} events_changed=${s.rowsChanged}${s.failed ? ` FAILED=${s.failed}` : ''}`);
              for (const e of s.errors) say(`  ! ${e}`);
            } catch (err) {
              if (!(err instanceof QuotaStopError || err instanceof RateLimitedError)) throw err;
              stopped = `${err.message}; stopped at case ${kase.id}, run reconcile again later`;
              say(`stopped: ${stopped}`);
              break;
            }
          }
        } finally {
          await client.close();
        }
        let emitted: EmitResult[] = [];
        const changed = results.filter((r) => r.rowsChanged > 0).map((r) => r.caseId);
        if (opts.emit && changed.length > 0) {
          emitted = emitCalendars(store, config, calendarsOfCases(config, changed), log);
          for (const r of emitted) say(r.written ? `[${r.calendarId}] wrote ${r.events} events -> ${r.path}` : `[${r.calendarId}] unchanged (${r.events} events)`);
        }
        const pushed = opts.emit ? await pushConfigured(store, config, { log }) : [];
        for (const p of pushed) say(describePush(p));
        if (config.notifications.length > 0) {
          say(describeNotifyRun(await new Notifier({ store, config, log }).deliverDue({ flushAll: true })));
        }
        const failed = results.some((r) => r.failed > 0) || pushed.some((p) => p.authFailed);
        if (opts.json) printJson({ cases: results, emitted, pushed, stopped, failed });
        process.exitCode = failed ? EXIT_RUNTIME : stopped ? EXIT_QUOTA : EXIT_OK;
      } finally {
        store.close();
      }
    });
}
