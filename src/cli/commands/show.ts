import { Command } from 'commander';
import { checkCaseIds, collect, openContext, printJson } from '../context.js';

export function showCommand(): Command {
  return new Command('show')
    .description('list the stored hearings and deadlines of each case (court-local times)')
    .option('--case <id>', 'only this case (repeatable)', collect)
    .option('--json', 'print as JSON')
    .action((opts: { case?: string[]; json?: boolean }, cmd: Command) => {
      const { config, store } = openContext(cmd, { access: 'read' });
      try {
        const ids = checkCaseIds(config, opts.case);
        const cases = config.cases.filter((c) => !ids || ids.includes(c.id));
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
