import { Command } from 'commander';
import { COMMAND_DESCRIPTIONS } from '../registry.js';
import { UserError, EXIT_USAGE } from '../../errors.js';
import { MAX_JSON_DEPTH, jsonTooDeep } from '../../server/json-depth.js';
import type { InboxRow, InboxStatus } from '../../store/types.js';
import { openContext, printJson } from '../context.js';

const STATUSES: InboxStatus[] = ['pending', 'done', 'dead'];

function line(r: InboxRow): string {
  const err = r.lastError ? `  last error: ${r.lastError.slice(0, 120)}` : '';
  return `${r.status.padEnd(7)} ${r.receivedAt}  event=${r.eventType ?? '?'} attempts=${r.attempts}  ${r.idempotencyKey}${err}`;
}

/**
 * Stored text as JSON when that is safe to print, else the raw text and why: rows written before
 * the receiver checked nesting (or by hand) must not crash the command that inspects them.
 */
function storedJson(text: string): { value: unknown; note?: string } {
  if (jsonTooDeep(text)) return { value: text, note: `nests deeper than ${MAX_JSON_DEPTH} levels; shown as raw text` };
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return { value: text, note: 'not valid JSON; shown as raw text' };
  }
}

/** Without the body unless asked: payloads can be large. */
function summary(r: InboxRow, withBody: boolean) {
  const { body, result, ...rest } = r;
  const res = result ? storedJson(result) : { value: null };
  const b = withBody ? storedJson(body) : null;
  return {
    ...rest,
    result: res.value,
    ...(res.note ? { resultNote: res.note } : {}),
    ...(b ? { body: b.value, ...(b.note ? { bodyNote: b.note } : {}) } : {}),
  };
}

export function inboxCommand(): Command {
  const inbox = new Command('inbox').description(COMMAND_DESCRIPTIONS['inbox']);

  inbox
    .command('list', { isDefault: true })
    .description('list deliveries, newest first')
    .option('--status <status>', `only ${STATUSES.join(' | ')}`)
    .option('--limit <n>', 'how many', '50')
    .option('--json', 'print as JSON')
    .action((opts: { status?: string; limit: string; json?: boolean }, cmd: Command) => {
      if (opts.status && !STATUSES.includes(opts.status as InboxStatus)) throw new UserError(`--status must be one of ${STATUSES.join(', ')}`, EXIT_USAGE);
      const { store } = openContext(cmd, { access: 'read' });
      try {
        const rows = store.inboxList((opts.status as InboxStatus | undefined) ?? null, Math.max(1, Number(opts.limit) || 50));
        const stats = store.inboxStats();
        if (opts.json) return printJson({ stats, deliveries: rows.map((r) => summary(r, false)) });
        process.stdout.write(`inbox: pending=${stats.pending} done=${stats.done} dead=${stats.dead}\n`);
        for (const r of rows) process.stdout.write(`${line(r)}\n`);
      } finally {
        store.close();
      }
    });

  inbox
    .command('show <key>')
    .description('one delivery with its payload and result')
    .action((key: string, _opts: unknown, cmd: Command) => {
      const { store } = openContext(cmd, { access: 'read' });
      try {
        const row = store.inboxGet(key);
        if (!row) throw new UserError(`no delivery with idempotency key '${key}'`, EXIT_USAGE);
        const shown = summary(row, true);
        printJson(shown);
        if (shown.bodyNote) process.stderr.write(`note: the stored body ${shown.bodyNote}\n`);
      } finally {
        store.close();
      }
    });

  inbox
    .command('replay [key]')
    .description('queue a delivery again (a running `serve` picks it up within seconds); --dead: every dead one')
    .option('--dead', 'replay every delivery parked as dead')
    .action((key: string | undefined, opts: { dead?: boolean }, cmd: Command) => {
      if (!key && !opts.dead) throw new UserError('name a delivery key, or pass --dead', EXIT_USAGE);
      const { store } = openContext(cmd);
      try {
        const n = store.inboxReplay(opts.dead ? null : key!);
        if (n === 0 && key) throw new UserError(`no delivery with idempotency key '${key}'`, EXIT_USAGE);
        process.stdout.write(`requeued ${n} deliver${n === 1 ? 'y' : 'ies'}\n`);
      } finally {
        store.close();
      }
    });

  inbox
    .command('prune')
    .description('forget processed deliveries older than webhook.retention_days (or --days, at least 3)')
    .option('--days <n>', 'retention in days (minimum 3: CourtListener retries for about 54 hours)')
    .action((opts: { days?: string }, cmd: Command) => {
      const { config, store } = openContext(cmd);
      try {
        const days = opts.days === undefined ? config.webhook.retentionDays : Number(opts.days);
        if (!Number.isFinite(days) || days < 3) throw new UserError('--days must be a number of at least 3', EXIT_USAGE);
        const removed = store.inboxPrune(new Date(Date.now() - days * 86_400_000).toISOString());
        process.stdout.write(`pruned ${removed} processed deliver${removed === 1 ? 'y' : 'ies'} older than ${days} days\n`);
      } finally {
        store.close();
      }
    });
  return inbox;
}
