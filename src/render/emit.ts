import path from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config/types.js';
import { readFileSync } from 'node:fs';
import { crashPoint } from '../crash-points.js';
import type { Store } from '../store/store.js';
import { writeFileAtomic } from './atomic.js';
import { calendarsToRender, renderedOnKey } from './due.js';

export { calendarsOfCases, calendarsStaleByDate } from './due.js';
import { linkWords, summaryRuns } from '../summaries/links.js';
import { docketPageUrl } from './description.js';
import { feedEvents, renderFeed, type CalendarRenderInput, type FeedEvent, type RenderCase, type RenderDocket, type RenderEntry } from './ics.js';
import { renderIndexPage, type IndexCalendar, type IndexPageInput } from './index-html.js';

export interface EmitResult {
  calendarId: string;
  path: string | null;
  events: number; // VEVENTs in the file
  written: boolean; // false when the file already had this content
  /** Why the file was left as it was, when a guard held it back (never read, or would be emptied). */
  held: string | null;
  /** The held file holds events the store has no rows for: a wrong store, worth failing the run for. */
  refused: boolean;
}

export interface EmitOptions {
  /** Replace a calendar holding events with an empty one even when the store has no rows for it. */
  allowEmpty?: boolean;
}

export interface EmitSummary {
  calendars: EmitResult[];
  index: { path: string; written: boolean } | null;
}

const DEFAULT_DESCRIPTION = 'Hearings and filing deadlines from federal court dockets on CourtListener, as calendars you can subscribe to.';

/** Collects a calendar's rows and their decoration from the store, for the renderer. */
export function buildRenderInput(store: Store, config: Config, calendarId: string, now: Date): CalendarRenderInput {
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
  for (const e of store.getEntryRefsByIds([...sourceIds])) entries.set(e.entryId, e);
  // A calendar that follows one case carries its summary as the calendar's description.
  const only = config.cases.filter((c) => c.calendar === calendarId);
  const description = only.length === 1 ? summaryPlainText(store, only[0]!.id) : null;
  return {
    calendarId,
    name: cal.name,
    description,
    nowMs: now.getTime(),
    refreshMinutes: config.refreshIntervalMinutes,
    reminders: cal.reminders,
    notifyEmails: cal.notifyEmails,
    cases,
    dockets,
    entries,
  };
}

/** The case's summaries as plain text (links reduced to their words), or null when it has none. */
function summaryPlainText(store: Store, caseId: string): string | null {
  const rows = store.listSummaries(caseId);
  if (rows.length === 0) return null;
  const label = rows.length > 1;
  return rows.map((r) => `${label ? `${r.docketNumber}: ` : ''}${linkWords(r.summary)}`).join('\n\n');
}

/** Feed links: absolute https and webcal when public_base_url is set, else relative to the index page. */
function feedLinks(config: Config, icsPath: string | null): { feedHref: string | null; webcalHref: string | null } {
  if (!icsPath) return { feedHref: null, webcalHref: null };
  const name = encodeURIComponent(path.basename(icsPath));
  if (config.publicBaseUrl) {
    const base = config.publicBaseUrl.replace(/\/+$/, '');
    const https = `${base}/${name}`;
    return { feedHref: https, webcalHref: https.replace(/^https?:\/\//i, 'webcal://') };
  }
  const from = config.indexPath ? path.dirname(config.indexPath) : path.dirname(icsPath);
  const rel = path.relative(from, icsPath).split(path.sep).map(encodeURIComponent).join('/');
  return { feedHref: rel, webcalHref: null };
}

/** The index page's view of one calendar, from the same events its feed holds. */
function indexCalendar(store: Store, config: Config, input: CalendarRenderInput, events: FeedEvent[]): IndexCalendar {
  const cal = config.calendars.get(input.calendarId)!;
  const byCase = new Map<string, FeedEvent[]>();
  for (const e of events) byCase.set(e.caseId, [...(byCase.get(e.caseId) ?? []), e]);
  return {
    calendarId: input.calendarId,
    name: cal.name,
    ...feedLinks(config, cal.icsPath),
    cases: config.cases
      .filter((k) => k.calendar === input.calendarId)
      .map((k) => {
        const dockets = k.dockets.map((id) => ({ id, row: store.getDocket(id) }));
        const lastFiling = dockets.map((d) => d.row?.dateLastFiling?.slice(0, 10) ?? '').sort().pop() || null;
        return {
          caseId: k.id,
          caseName: k.name,
          tags: k.tags,
          dockets: dockets.map(({ id, row }) => ({
            docketId: id,
            docketNumber: row?.docketNumber ?? null,
            courtCitation: (row?.courtId ? store.getCourt(row.courtId)?.citationString : null) ?? null,
            url: docketPageUrl(row?.absoluteUrl) ?? `https://www.courtlistener.com/docket/${id}/`,
          })),
          lastFilingDate: lastFiling,
          summaries: store.listSummaries(k.id).map((r) => ({ label: k.dockets.length > 1 ? r.docketNumber : null, runs: summaryRuns(r.summary) })),
          events: (byCase.get(k.id) ?? []).map((e) => ({ uid: e.uid, kind: e.kind, title: e.title, status: e.status, localDate: e.localDate, localTime: e.localTime, zoneAbbrev: e.zoneAbbrev, startMs: e.startMs })),
        };
      }),
  };
}

/** VEVENTs in a calendar file already published (0 when there is none). */
function publishedEvents(file: string): number {
  try {
    return (readFileSync(file, 'utf8').match(/^BEGIN:VEVENT\r?$/gm) ?? []).length;
  } catch {
    return 0;
  }
}

/**
 * Why a calendar must not be written now, or null. A feed is not created or replaced for cases
 * none of whose dockets were ever read (a first sync that failed), and a feed holding events is
 * not replaced by an empty one when the store has no rows for its cases at all: that is a wrong
 * or fresh store (a mistyped store_path), not a docket whose hearings all went away.
 */
function holdBack(store: Store, config: Config, calendarId: string, icsPath: string | null, events: number, opts: EmitOptions): { why: string; refused: boolean } | null {
  const cases = config.cases.filter((c) => c.calendar === calendarId);
  const dockets = cases.flatMap((c) => c.dockets);
  if (dockets.length > 0 && !dockets.some((d) => store.docketWasRead(d))) {
    return { why: 'none of its dockets has been read from CourtListener yet; the feed is written after the first successful sync', refused: false };
  }
  if (events > 0 || opts.allowEmpty || !icsPath) return null;
  const published = publishedEvents(icsPath);
  if (published > 0 && store.countRows(cases.map((c) => c.id)) === 0) {
    return {
      why: `it would replace ${published} published event(s) with none, and the store (${store.file}) has no hearings or deadlines for its cases — is store_path right? Pass --allow-empty to empty it anyway`,
      refused: true,
    };
  }
  return null;
}

/**
 * Renders the given calendars (identical output leaves a file untouched) and, when `index_path` is
 * set, the index page over every calendar. Records the day each calendar was rendered.
 */
export function emitCalendars(store: Store, config: Config, calendarIds: Iterable<string>, log?: Logger, now: Date = new Date(), opts: EmitOptions = {}): EmitResult[] {
  return emitAll(store, config, calendarIds, log, now, opts).calendars;
}

/**
 * Renders the calendars asked for plus every calendar with store changes still pending (a crash
 * between a commit and its render leaves them recorded). A calendar's pending changes are cleared
 * only after its file is in place, and only those read before its rows were.
 */
export function emitAll(store: Store, config: Config, calendarIds: Iterable<string>, log?: Logger, now: Date = new Date(), opts: EmitOptions = {}): EmitSummary {
  // Marks of cases and dockets no calendar shows any more would stay pending for ever: drop them.
  store.dropPendingRendersExcept(config.cases.map((c) => c.id), config.cases.flatMap((c) => c.dockets));
  const { pending, wanted } = calendarsToRender(store, config, calendarIds);
  // Nothing to render: the index page is only rewritten alongside a calendar, so skip building any.
  if (wanted.size === 0) return { calendars: [], index: null };
  const results: EmitResult[] = [];
  const indexCalendars: IndexCalendar[] = [];
  const today = now.toISOString().slice(0, 10);
  let updated = '';
  let allRendered = true;
  for (const calendarId of [...config.calendars.keys()].sort()) {
    const cal = config.calendars.get(calendarId)!;
    const render = wanted.has(calendarId);
    if (!render) allRendered = false;
    if (!render && !config.indexPath) continue;
    const input = buildRenderInput(store, config, calendarId, now);
    // A calendar only needed for the index page is planned, not serialised.
    const { ics, events } = render ? renderFeed(input) : { ics: null, events: feedEvents(input) };
    for (const c of input.cases) for (const r of [...c.hearings, ...c.deadlines]) if (r.lastUpdated > updated) updated = r.lastUpdated;
    if (config.indexPath) indexCalendars.push(indexCalendar(store, config, input, events));
    if (!render) continue;
    const held = holdBack(store, config, calendarId, cal.icsPath, events.length, opts);
    if (held) {
      allRendered = false;
      log?.warn({ calendarId, path: cal.icsPath, events: events.length }, `calendar not written: ${held.why}`);
      results.push({ calendarId, path: cal.icsPath, events: events.length, written: false, held: held.why, refused: held.refused });
      continue;
    }
    const written = cal.icsPath && ics !== null ? writeFileAtomic(cal.icsPath, ics) : false;
    crashPoint('after-calendar-write');
    const cases = config.cases.filter((c) => c.calendar === calendarId);
    store.transaction(() => {
      store.setState(renderedOnKey(calendarId), today);
      store.clearPendingRenders(pending.upToId, cases.map((c) => c.id), cases.flatMap((c) => c.dockets), false);
    });
    log?.info({ calendarId, events: events.length, written }, written ? 'calendar written' : 'calendar unchanged');
    results.push({ calendarId, path: cal.icsPath, events: events.length, written, held: null, refused: false });
  }
  if (allRendered && pending.all) store.transaction(() => store.clearPendingRenders(pending.upToId, [], [], true));
  let index: EmitSummary['index'] = null;
  if (config.indexPath && results.some((r) => r.held === null)) {
    const page: IndexPageInput = {
      siteTitle: config.siteTitle,
      siteDescription: config.siteDescription ?? DEFAULT_DESCRIPTION,
      today,
      // From the data, not the clock, so an unchanged store leaves the page byte-identical.
      updated: updated ? updated.slice(0, 10) : null,
      calendars: indexCalendars,
    };
    const written = writeFileAtomic(config.indexPath, renderIndexPage(page));
    log?.info({ path: config.indexPath, written }, written ? 'index page written' : 'index page unchanged');
    index = { path: config.indexPath, written };
  }
  return { calendars: results, index };
}
