import { Command } from 'commander';
import { COMMAND_DESCRIPTIONS } from '../registry.js';
import { createInterface } from 'node:readline';
import { IGNORE, type Action } from '../../extract/actions.js';
import { isRelevant } from '../../extract/prefilter.js';
import { explainWithRules } from '../../extract/rules/index.js';
import { StandaloneEntrySchema, inputFromStandalone } from '../../extract/standalone.js';
import { unreadReason } from '../../extract/unread.js';
import { EXIT_OK, EXIT_RUNTIME } from '../../errors.js';

function describe(a: Action): string {
  if (a.type === 'IGNORE') return 'IGNORE';
  const key = a.hearing_key ?? a.deadline_key ?? '?';
  const when = [a.local_date ?? (a.conditional ? 'conditional' : null), a.local_time].filter(Boolean).join(' ');
  const extra = [a.title && `"${a.title}"`, a.significance === 'minor' && 'minor', a.location && `at ${a.location}`, a.judge && `before ${a.judge}`, a.notes && `notes: ${a.notes}`]
    .filter(Boolean)
    .join(', ');
  return `${a.type} ${key}${when ? ` ${when}` : ''}${extra ? `  (${extra})` : ''}`;
}

export function extractCommand(): Command {
  return new Command('extract')
    .description(COMMAND_DESCRIPTIONS['extract'])
    .option('--json', 'print one JSON line per entry: {id, relevant, actions, unread}')
    .option('--no-prefilter', 'run the extractor even on entries the prefilter would drop')
    .option('--explain', 'say, for each action, which recogniser read it in which clause; for an entry that gave nothing, at which step it stopped')
    .addHelpText(
      'after',
      '\nEach input line: {"description": "...", "date_filed": "YYYY-MM-DD", "court_id": "dcd", "entry_number": 12,\n' +
        '  "case_name": "...", "context": {"known_hearings": [{"key", "type", "date", "time", "status"}],\n' +
        '  "known_deadlines": [{"key", "type", "date", "status"}]}} — everything but description optional.',
    )
    .action(async (opts: { json?: boolean; prefilter: boolean; explain?: boolean }) => {
      const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
      let n = 0;
      let bad = 0;
      for await (const line of lines) {
        if (!line.trim()) continue;
        n++;
        let parsed;
        try {
          parsed = StandaloneEntrySchema.safeParse(JSON.parse(line));
        } catch (err) {
          parsed = null;
          process.stderr.write(`line ${n}: not JSON (${(err as Error).message})\n`);
        }
        if (parsed && !parsed.success) process.stderr.write(`line ${n}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(entry)'}: ${i.message}`).join('; ')}\n`);
        if (!parsed?.success) {
          bad++;
          continue;
        }
        const input = inputFromStandalone(parsed.data);
        const relevant = isRelevant(input.entry);
        const read = relevant || !opts.prefilter ? explainWithRules(input) : { actions: [], why: 'the prefilter dropped it: no hearing or deadline words' };
        // Dropped by the prefilter: no extraction ran, so no actions at all (not even IGNORE).
        const actions: Action[] = read.actions.length ? read.actions.map((x) => x.action) : relevant || !opts.prefilter ? [{ ...IGNORE }] : [];
        const id = parsed.data.id ?? n;
        const unread = unreadReason(input.entry, actions, input);
        const why = actions.some((a) => a.type !== 'IGNORE') ? null : unread ? `UNREAD: ${unread}` : read.why;
        if (opts.json) {
          const explain = opts.explain ? { explain: read.actions.map((x) => ({ recogniser: x.recogniser, clause: x.clause })), why } : {};
          process.stdout.write(`${JSON.stringify({ id, relevant, actions, unread, ...explain })}\n`);
          continue;
        }
        process.stdout.write(`[${id}] ${relevant ? '' : '(dropped by the prefilter: no hearing or deadline words) '}${input.entry.description.replace(/\s+/g, ' ').slice(0, 100)}\n`);
        if (!read.actions.length) {
          process.stdout.write(`    IGNORE  — ${unread ? `UNREAD: ${unread}` : opts.explain ? (read.why ?? 'nothing read') : 'nothing in it looks like a setting or a due date'}\n`);
          continue;
        }
        for (const x of read.actions) {
          process.stdout.write(`    ${describe(x.action)}\n`);
          if (opts.explain) process.stdout.write(`        ← ${x.recogniser ?? 'rules'}${x.clause ? `: "${x.clause.replace(/\s+/g, ' ').slice(0, 140)}"` : ''}\n`);
        }
        if (unread) process.stdout.write(`    UNREAD: ${unread}\n`);
      }
      process.exitCode = bad > 0 ? EXIT_RUNTIME : EXIT_OK;
    });
}
