import type { Config } from '../config/types.js';
import type { Store } from '../store/store.js';
import type { PendingRenders } from '../store/types.js';

// Which calendars need writing, decided without loading the renderer: most runs write none.

/** Calendars whose cases are in `caseIds` (what a sync or a delivery changed). */
export function calendarsOfCases(config: Config, caseIds: Iterable<string>): Set<string> {
  const ids = new Set(caseIds);
  return new Set(config.cases.filter((c) => ids.has(c.id)).map((c) => c.calendar));
}

/** Whether any calendar is pushed to Google Calendar or Microsoft 365 (decided without loading the push code). */
export const pushesAnywhere = (config: Config): boolean => [...config.calendars.values()].some((c) => Boolean(c.googleCalendarId || c.m365CalendarId));

/** The UTC day a calendar was last rendered: its content can depend on the date (tombstones). */
export const renderedOnKey = (calendarId: string) => `rendered_on:${calendarId}`;

/** Calendars not yet rendered today: a date passing can change them even when no row did. */
export function calendarsStaleByDate(store: Store, config: Config, now: Date): Set<string> {
  const today = now.toISOString().slice(0, 10);
  return new Set([...config.calendars.keys()].filter((id) => store.getState(renderedOnKey(id)) !== today));
}

/** Calendars showing what changed in the store since it was last written out. */
function calendarsPending(config: Config, pending: PendingRenders): Set<string> {
  if (pending.all) return new Set(config.calendars.keys());
  return new Set(config.cases.filter((c) => pending.caseIds.has(c.id) || c.dockets.some((d) => pending.docketIds.has(d))).map((c) => c.calendar));
}

/**
 * The calendars to render now: those asked for and those with changes still pending (marks of cases
 * and dockets no calendar shows map to none). Only reads: callers use it to decide whether to load
 * the renderer at all. `pending` is read before any row is, so changes made while rendering stay pending.
 */
export function calendarsToRender(store: Store, config: Config, calendarIds: Iterable<string>): { pending: PendingRenders; wanted: Set<string> } {
  const pending = store.pendingRenders();
  return { pending, wanted: new Set([...calendarIds, ...calendarsPending(config, pending)]) };
}
