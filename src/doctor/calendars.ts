import { readFileSync, statSync } from 'node:fs';
import type { Config } from '../config/types.js';
import type { Store } from '../store/store.js';
import { checkIcsStructure } from './ics-structure.js';
import { fail, ok, warn, type CheckResult } from './types.js';

/** A feed older than a day and a bit has missed at least one daily re-render (tombstones depend on the date). */
const FRESH_MS = 26 * 3_600_000;

const ago = (ms: number) => (ms < 3_600_000 ? `${Math.max(0, Math.round(ms / 60_000))} min ago` : ms < 48 * 3_600_000 ? `${Math.round(ms / 3_600_000)} h ago` : `${Math.round(ms / 86_400_000)} days ago`);

/**
 * Check 8: every calendar with an ics_path has a file that calendar apps can read and that was
 * rendered today (emit's `rendered_on:<id>` state, a UTC day) or at least within 26 hours.
 */
export function checkCalendars(config: Config, store: Store | null, now: Date): CheckResult[] {
  const withFiles = [...config.calendars.values()].filter((c) => c.icsPath);
  if (withFiles.length === 0) return [ok('calendars', 'no calendar has an ics_path (nothing published as a file)')];
  const today = now.toISOString().slice(0, 10);
  return withFiles.map((cal) => {
    const name = `calendar ${cal.id}`;
    const file = cal.icsPath!;
    let text: string;
    let mtimeMs: number;
    try {
      mtimeMs = statSync(file).mtimeMs;
      text = readFileSync(file, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        return fail(name, `${file}: missing`, 'run `case-calendar sync` (or `case-calendar emit`); a calendar is written once one of its dockets has been read');
      }
      return fail(name, `${file}: cannot be read (${code ?? (err as Error).message})`, `give the user running case-calendar access to ${file}`);
    }
    const { events, problems } = checkIcsStructure(text);
    if (problems.length > 0) {
      const shown = problems.slice(0, 3).join('; ') + (problems.length > 3 ? `; and ${problems.length - 3} more` : '');
      return fail(name, `${file}: not a sound calendar: ${shown}`, 'run `case-calendar emit` to write it again from the store, and find out what else wrote to that file');
    }
    const renderedOn = store?.getState(`rendered_on:${cal.id}`) ?? null;
    const age = now.getTime() - mtimeMs;
    const found = `${file}: ${events} event${events === 1 ? '' : 's'}`;
    if (renderedOn === today) return ok(name, `${found}, rendered today`);
    if (age <= FRESH_MS) return ok(name, `${found}, written ${ago(age)}`);
    return warn(name, `${found}, last rendered ${renderedOn ?? 'on an unknown day'}, written ${ago(age)}`, 'run `case-calendar sync` or `case-calendar emit` (and check that cron runs sync at least daily)');
  });
}
