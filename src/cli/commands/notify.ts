import { Command } from 'commander';
import { COMMAND_DESCRIPTIONS } from '../registry.js';
import type { Config, NotificationEndpoint } from '../../config/types.js';
import { EXIT_RUNTIME, EXIT_USAGE, UserError } from '../../errors.js';
import { Notifier } from '../../notify/deliver.js';
import { eventData, webhookId } from '../../notify/payload.js';
import { newSecret } from '../../notify/sign.js';
import type { Store } from '../../store/store.js';
import { openContext, printJson } from '../context.js';

function endpointOf(config: Config, id: string): NotificationEndpoint {
  const e = config.notifications.find((n) => n.id === id);
  if (!e) throw new UserError(`no notification endpoint '${id}' — configured: ${config.notifications.map((n) => n.id).join(', ') || '(none: add notifications: to config.yaml)'}`, EXIT_USAGE);
  return e;
}

/** Each endpoint's state, as `notify list` and `doctor` show it. */
export function endpointStatus(store: Store, config: Config) {
  const latest = store.latestNotifyEventId();
  return config.notifications.map((n) => {
    const s = store.getEndpointState(n.id);
    return {
      id: n.id,
      url: n.url,
      format: n.format,
      signed: Boolean(n.secretEnv),
      state: s.disabledAt ? 'disabled' : s.nextAttemptAt ? 'retrying' : 'ok',
      waiting: s.cursor < 0 ? 0 : Math.max(0, latest - s.cursor),
      consecutiveFailures: s.consecutiveFailures,
      nextAttemptAt: s.nextAttemptAt,
      disabledAt: s.disabledAt,
      disabledReason: s.disabledReason,
    };
  });
}

export function notifyCommand(): Command {
  const notify = new Command('notify').description(COMMAND_DESCRIPTIONS['notify']);

  notify
    .command('list', { isDefault: true })
    .description('endpoints and their state, then the newest events with what each endpoint did with them')
    .option('--limit <n>', 'how many events', '30')
    .option('--json', 'print as JSON')
    .action((opts: { limit: string; json?: boolean }, cmd: Command) => {
      const { config, store } = openContext(cmd, { access: 'read' });
      try {
        const endpoints = endpointStatus(store, config);
        const events = store.listNotifyEvents(Math.max(1, Number(opts.limit) || 30)).map((e) => ({ id: e.id, webhookId: webhookId(e.id), type: e.type, caseId: e.caseId, subject: e.subject, occurredAt: e.occurredAt, deliveries: store.notifyDeliveriesOf(e.id) }));
        if (opts.json) return printJson({ endpoints, events });
        for (const e of endpoints) {
          process.stdout.write(`endpoint ${e.id} (${e.format}${e.signed ? ', signed' : ''}) ${e.url}: ${e.state}${e.waiting ? `, ${e.waiting} event(s) not yet sent` : ''}${e.disabledReason ? ` — ${e.disabledReason}` : ''}\n`);
        }
        for (const e of events) {
          const d = e.deliveries.map((x) => `${x.endpointId}=${x.status}${x.attempts > 1 ? `(${x.attempts})` : ''}`).join(' ');
          process.stdout.write(`${String(e.id).padStart(6)} ${e.occurredAt} ${e.type.padEnd(20)} ${e.caseId} ${e.subject}${d ? `  ${d}` : ''}\n`);
        }
      } finally {
        store.close();
      }
    });

  notify
    .command('show')
    .description('one event: its payload and each endpoint\'s attempts')
    .argument('<id>', 'event id (as in `notify list`)')
    .action((id: string, _opts: unknown, cmd: Command) => {
      const { config, store } = openContext(cmd, { access: 'read' });
      try {
        const e = store.getNotifyEvent(Number(id));
        if (!e) throw new UserError(`no notification event ${id}`, EXIT_USAGE);
        printJson({ id: e.id, webhookId: webhookId(e.id), type: e.type, occurredAt: e.occurredAt, data: eventData(store, config, e), deliveries: store.notifyDeliveriesOf(e.id) });
      } finally {
        store.close();
      }
    });

  notify
    .command('replay')
    .description('send an event again now, with its original webhook-id (receivers that dedupe drop it)')
    .argument('<id>', 'event id')
    .option('--endpoint <id>', 'only this endpoint (default: every endpoint that wants the event)')
    .action(async (id: string, opts: { endpoint?: string }, cmd: Command) => {
      const { config, store, log } = openContext(cmd);
      try {
        const e = store.getNotifyEvent(Number(id));
        if (!e) throw new UserError(`no notification event ${id}`, EXIT_USAGE);
        const targets = opts.endpoint ? [endpointOf(config, opts.endpoint)] : config.notifications;
        const notifier = new Notifier({ store, config, log });
        for (const t of targets) {
          const r = await notifier.replay(e.id, t);
          process.stdout.write(`${t.id}: ${r.ok ? `delivered (HTTP ${r.status})` : `failed: ${r.error}`}\n`);
          if (!r.ok) process.exitCode = EXIT_RUNTIME;
        }
      } finally {
        store.close();
      }
    });

  notify
    .command('test')
    .description('send a signed "ping" to an endpoint and say how it answered')
    .argument('<endpoint>', 'endpoint id')
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      const { config, store, log } = openContext(cmd, { access: 'read' });
      try {
        const r = await new Notifier({ store, config, log }).ping(endpointOf(config, id));
        process.stdout.write(r.ok ? `${id}: answered HTTP ${r.status}\n` : `${id}: FAILED — ${r.error}\n`);
        if (!r.ok) process.exitCode = EXIT_RUNTIME;
      } finally {
        store.close();
      }
    });

  notify
    .command('enable')
    .description('re-enable an endpoint that was disabled after failing; it resumes with the event it stopped at')
    .argument('<endpoint>', 'endpoint id')
    .action((id: string, _opts: unknown, cmd: Command) => {
      const { config, store, log } = openContext(cmd);
      try {
        endpointOf(config, id);
        new Notifier({ store, config, log }).enable(id);
        process.stdout.write(`${id}: enabled; a running serve resumes it with its next delivery, else the next sync does\n`);
      } finally {
        store.close();
      }
    });

  notify
    .command('secret')
    .description('print a new signing secret ("whsec_…") to put in the environment variable an endpoint\'s secret_env names')
    .action(() => {
      process.stdout.write(`${newSecret()}\n`);
    });

  return notify;
}
