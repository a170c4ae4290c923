import type { Logger } from 'pino';
import type { Config } from '../config/types.js';
import type { Store } from '../store/store.js';
import { writeFileAtomic } from './atomic.js';
import { renderIcs, type RenderCase, type RenderDocket, type RenderEntry } from './ics.js';

export interface EmitResult {
  calendarId: string;
  path: string | null;
  events: number; // VEVENTs in the file
  written: boolean; // false when the file already had this content
}

/** Calendars whose cases are in `caseIds` (what a sync or a delivery changed). */
export function calendarsOfCases(config: Config, caseIds: Iterable<string>): Set<string> {
  const ids = new Set(caseIds);
  return new Set(config.cases.filter((c) => ids.has(c.id)).map((c) => c.calendar));
}

/** Collects a calendar's rows and their decoration from the store, for the renderer. */
export function buildRenderInput(store: Store, config: Config, calendarId: string) {
  const cal = config.calendars.get(calendarId);
  if (!cal) throw new Error(`unknown calendar ${calendarId}`);
  const cases: RenderCase[] = [];
  const dockets = new Map<number, RenderDocket>();
  const sourceIds = new Set<number>();
  for (const k of config.cases.filter((c) => c.calendar === calendarId)) {
    const hearings = store.listHearings(k.id);
    const deadlines = store.listDeadlines(k.id);
    for (const r of [...hearings, ...deadlines]) r.sourceEntryIds.forEach((id) => sourceIds.add(id));
    for (const docketId of k.dockets) {
      const d = store.getDocket(docketId);
      if (!d) continue;
      const court = d.courtId ? store.getCourt(d.courtId) : null;
      dockets.set(docketId, { docketId, docketNumber: d.docketNumber, courtCitation: court?.citationString ?? null, absoluteUrl: d.absoluteUrl });
    }
    cases.push({ caseId: k.id, caseName: k.name, tags: k.tags, reminders: k.reminders, notifyEmails: k.notifyEmails, hearings, deadlines });
  }
  const entries = new Map<number, RenderEntry>();
  for (const e of store.getEntriesByIds([...sourceIds])) {
    entries.set(e.entryId, { entryId: e.entryId, docketId: e.docketId, entryNumber: e.entryNumber, documents: e.documents });
  }
  return { calendarId, name: cal.name, reminders: cal.reminders, notifyEmails: cal.notifyEmails, cases, dockets, entries };
}

/** Renders only the given calendars; identical output leaves the file untouched. */
export function emitCalendars(store: Store, config: Config, calendarIds: Iterable<string>, log?: Logger): EmitResult[] {
  const results: EmitResult[] = [];
  for (const calendarId of [...new Set(calendarIds)].sort()) {
    const cal = config.calendars.get(calendarId);
    if (!cal) continue;
    const input = buildRenderInput(store, config, calendarId);
    const ics = renderIcs(input);
    const events = (ics.match(/^BEGIN:VEVENT\r?$/gm) ?? []).length;
    const written = cal.icsPath ? writeFileAtomic(cal.icsPath, ics) : false;
    log?.info({ calendarId, events, written }, written ? 'calendar written' : 'calendar unchanged');
    results.push({ calendarId, path: cal.icsPath, events, written });
  }
  return results;
}
