import { Command } from 'commander';
import { COMMAND_DESCRIPTIONS } from '../registry.js';
import type { CaseConfig } from '../../config/types.js';
import { docketPageUrl } from '../../render/description.js';
import type { Store } from '../../store/store.js';
import { checkCaseIds, collect, openContext, printJson } from '../context.js';

/** Each case's unread entries with a link to the entry on CourtListener, for a person to read. */
function printUnread(store: Store, cases: CaseConfig[], json: boolean): void {
  const data = cases.map((c) => ({
    id: c.id,
    name: c.name,
    unread: store.listUnread(c.dockets).map((e) => {
      const page = docketPageUrl(store.getDocket(e.docketId)?.absoluteUrl) ?? `https://www.courtlistener.com/docket/${e.docketId}/`;
      return {
        docketId: e.docketId,
        entryId: e.entryId,
        entryNumber: e.entryNumber,
        dateFiled: e.dateFiled,
        reason: e.unreadReason,
        url: e.entryNumber !== null ? `${page}#entry-${e.entryNumber}` : page,
        description: e.description,
      };
    }),
  }));
  if (json) return printJson(data);
  for (const c of data) {
    process.stdout.write(`=== ${c.id} — ${c.name} (${c.unread.length} unread) ===\n`);
    for (const e of c.unread) {
      process.stdout.write(`  ${e.dateFiled ?? '????-??-??'} #${e.entryNumber ?? '-'}  ${e.reason}\n               ${e.url}\n`);
      process.stdout.write(`               ${(e.description ?? '').replace(/\s+/g, ' ').slice(0, 160)}\n`);
    }
  }
}

export function showCommand(): Command {
  return new Command('show')
    .description(COMMAND_DESCRIPTIONS['show'])
    .option('--case <id>', 'only this case (repeatable)', collect)
    .option('--unread', 'list the entries kept as unread: they name a coming date near hearing or deadline words, yet no event was read from them')
    .option('--json', 'print as JSON')
    .action((opts: { case?: string[]; unread?: boolean; json?: boolean }, cmd: Command) => {
      const { config, store } = openContext(cmd, { access: 'read' });
      try {
        const ids = checkCaseIds(config, opts.case);
        const cases = config.cases.filter((c) => !ids || ids.includes(c.id));
        if (opts.unread) return printUnread(store, cases, Boolean(opts.json));
        const data = cases.map((c) => ({ id: c.id, name: c.name, calendar: c.calendar, hearings: store.listHearings(c.id), deadlines: store.listDeadlines(c.id) }));
        if (opts.json) return printJson(data);
        for (const c of data) {
          process.stdout.write(`=== ${c.id} — ${c.name} (${c.hearings.length} hearings, ${c.deadlines.length} deadlines) ===\n`);
          for (const h of c.hearings) {
            const when = h.localDate ? `${h.localDate} ${h.localTime ?? 'time TBD'}` : '????';
            const minor = h.significance === 'minor' ? ' (minor)' : '';
            process.stdout.write(`  [${h.status.padEnd(10)}] ${when}  ${h.title}${minor}  (${h.key})\n`);
            const details = [h.location && `loc=${h.location}`, h.judge && `judge=${h.judge}`].filter(Boolean).join(' ');
            if (details) process.stdout.write(`               ${details}\n`);
            if (h.dialIn) process.stdout.write(`               dial-in=${h.dialIn}\n`);
          }
          for (const d of c.deadlines) {
            const when = d.localDate ? `${d.localDate}${d.localTime ? ` ${d.localTime}` : ''}` : d.conditional ? 'conditional' : '????';
            const minor = d.significance === 'minor' ? ' (minor)' : '';
            process.stdout.write(`  [${d.status.padEnd(10)}] ${when}  DEADLINE: ${d.title}${minor}  (${d.key})\n`);
            if (d.conditional && d.notes) process.stdout.write(`               when: ${d.notes}\n`);
          }
        }
      } finally {
        store.close();
      }
    });
}
