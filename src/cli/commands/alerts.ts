import { Command } from 'commander';
import { COMMAND_DESCRIPTIONS } from '../registry.js';
import { requireToken } from '../../config/env.js';
import { createClient } from '../../courtlistener/factory.js';
import { EXIT_OK, EXIT_RUNTIME } from '../../errors.js';
import { markAlertsChecked, reconcileDocketAlerts, recordAlertStates } from '../../pipeline/alerts.js';
import { openContext, printJson } from '../context.js';

export function alertsCommand(): Command {
  return new Command('alerts')
    .description(COMMAND_DESCRIPTIONS['alerts'])
    .option('--sync', 'create missing alerts and re-arm disabled ones')
    .option('--json', 'print the report as JSON')
    .action(async (opts: { sync?: boolean; json?: boolean }, cmd: Command) => {
      const { config, env, store, log } = openContext(cmd, { access: 'create' });
      try {
        const token = requireToken(env);
        const client = createClient(config, store, env.courtListenerOrigin, token, log);
        let report;
        try {
          report = await reconcileDocketAlerts(client, config.cases, log, Boolean(opts.sync));
        } finally {
          await client.close();
        }
        if (opts.sync && !report.listError) markAlertsChecked(store, config.cases, Date.now());
        recordAlertStates(store, report); // fresh states for webhook-first sync, listed or changed
        const failed = report.listError !== null || report.failed > 0;
        process.exitCode = failed ? EXIT_RUNTIME : EXIT_OK;
        if (opts.json) return printJson(report);
        const out = (l: string): void => void process.stdout.write(`${l}\n`);
        if (report.listError) return out(report.listError);
        for (const c of report.configured) {
          const now = c.action === 'created' || c.action === 're-armed' ? 'active' : c.state;
          out(`${String(c.docketId).padEnd(10)} ${c.caseId.padEnd(24)} ${now.padEnd(8)}${c.action !== 'none' ? ` (${c.action}${c.error ? `: ${c.error}` : ''})` : ''}`);
        }
        if (report.unconfigured.length) {
          out('');
          out('Alerts for dockets not in the config (left alone):');
          for (const u of report.unconfigured) out(`${String(u.docketId).padEnd(10)} alert ${u.alertId} ${u.active ? 'active' : 'disabled'}`);
        }
        const missing = report.configured.filter((c) => c.state !== 'active' && c.action === 'none').length;
        if (!opts.sync && missing > 0) out(`\n${missing} docket(s) without an active alert: run \`case-calendar alerts --sync\` to subscribe.`);
      } finally {
        store.close();
      }
    });
}
