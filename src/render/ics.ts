/**
 * One calendar's hearings and deadlines as an iCalendar feed (RFC 5545), built with ical-generator.
 * The output is a pure function of the input:
 * DTSTAMP and SEQUENCE come from the rows, events are sorted, and nothing reads the clock otherwise,
 * so an unchanged calendar renders byte-identically and its file is left alone.
 */
import ical, {
  ICalAlarmType,
  ICalEventStatus,
  ICalEventTransparency,
  escape,
  type ICalAlarmData,
  type ICalEventData,
  type ICalTemporalInstantStub,
  type ICalTemporalPlainDateStub,
  type ICalTemporalPlainDateTimeStub,
  type ICalTemporalZonedDateTimeStub,
} from 'ical-generator';
import type { DeadlineRow, HearingRow } from '../store/types.js';
import { addDays, isValidTimeZone, localToEpoch, utcToLocal, wallClockAt, type WallClock } from '../time/zone.js';
import { DEFAULT_COURT_TIME_ZONE } from './courts.js';
import { describeEvent, longDate, type RenderDocket, type RenderEntry } from './description.js';
import { vtimezoneGenerator, zoneAbbreviation } from './vtimezone.js';

export type { RenderDocket, RenderEntry } from './description.js';

export interface Reminder {
  method: 'popup' | 'email';
  minutes: number;
}

export interface RenderCase {
  caseId: string;
  caseName: string;
  tags: string[];
  reminders?: Reminder[]; // override the calendar's when non-empty
  notifyEmails?: string[]; // override the calendar's when non-empty
  hearings: HearingRow[];
  deadlines: DeadlineRow[];
}

export interface CalendarRenderInput {
  calendarId: string;
  name: string;
  /** X-WR-CALDESC: the case summary, when the calendar follows one case (plain text). */
  description?: string | null;
  /** Render time: only decides whether a cancelled row's tombstone is still shown. */
  nowMs: number;
  refreshMinutes?: number; // REFRESH-INTERVAL / X-PUBLISHED-TTL, default 60
  reminders: Reminder[];
  notifyEmails: string[];
  cases: RenderCase[];
  dockets: Map<number, RenderDocket>;
  entries: Map<number, RenderEntry>;
}

const DEFAULT_HEARING_MINUTES = 60;
const PRODUCT_ID = '//case-calendar//EN'; // ical-generator prepends the "-"
const DEFAULT_REFRESH_MINUTES = 60;

// ---------------------------------------------------------------------------------------------
// Date values. ical-generator formats a plain Date carrying a TZID with the *process* time zone,
// so wall-clock times are handed over as minimal Temporal-shaped objects, which it formats
// field by field. Only the members it inspects are provided.


const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function isoWallClock(w: WallClock): string {
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
}

// Classes rather than object literals full of closures: a large feed makes thousands of these.

class InstantStub implements ICalTemporalInstantStub {
  constructor(readonly epochMilliseconds: number) {}
  toJSON(): string {
    return new Date(this.epochMilliseconds).toISOString();
  }
  toString(): string {
    return this.toJSON();
  }
  toZonedDateTimeISO(zone: string): ICalTemporalZonedDateTimeStub {
    return new ZonedStub(this.epochMilliseconds, zone);
  }
}

class PlainDateTimeStub implements ICalTemporalPlainDateTimeStub {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  constructor(
    w: WallClock,
    private readonly epochMs: number,
  ) {
    this.year = w.year;
    this.month = w.month;
    this.day = w.day;
    this.hour = w.hour;
    this.minute = w.minute;
    this.second = w.second;
  }
  toJSON(): string {
    return isoWallClock(this);
  }
  toString(): string {
    return isoWallClock(this);
  }
  toPlainDate(): ICalTemporalPlainDateStub {
    return new PlainDateStub(isoWallClock(this).slice(0, 10));
  }
  toZonedDateTime(zone: string): ICalTemporalZonedDateTimeStub {
    return new ZonedStub(this.epochMs, zone);
  }
}

/** An instant as wall clock in `zone` (whole minutes). */
class ZonedStub implements ICalTemporalZonedDateTimeStub {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second = 0;
  constructor(
    private readonly epochMs: number,
    readonly timeZoneId: string,
  ) {
    const w = wallClockAt(epochMs, timeZoneId);
    this.year = w.year;
    this.month = w.month;
    this.day = w.day;
    this.hour = w.hour;
    this.minute = w.minute;
  }
  toInstant(): ICalTemporalInstantStub {
    return new InstantStub(this.epochMs);
  }
  toJSON(): string {
    return this.toString();
  }
  toString(): string {
    return `${isoWallClock(this)}[${this.timeZoneId}]`;
  }
  toPlainDateTime(): ICalTemporalPlainDateTimeStub {
    return new PlainDateTimeStub(this, this.epochMs);
  }
  withTimeZone(other: string): ICalTemporalZonedDateTimeStub {
    return new ZonedStub(this.epochMs, other);
  }
}

/** A calendar date (VALUE=DATE); ical-generator recognises one by its toPlainDateTime method. */
class PlainDateStub implements ICalTemporalPlainDateStub {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  constructor(private readonly date: string) {
    const [year, month, day] = date.split('-').map(Number) as [number, number, number];
    this.year = year;
    this.month = month;
    this.day = day;
  }
  toJSON(): string {
    return this.date;
  }
  toString(): string {
    return this.date;
  }
  toPlainDateTime(): ICalTemporalPlainDateTimeStub {
    return new PlainDateTimeStub({ year: this.year, month: this.month, day: this.day, hour: 0, minute: 0, second: 0 }, Date.UTC(this.year, this.month - 1, this.day));
  }
}

const zonedStub = (epochMs: number, zone: string) => new ZonedStub(epochMs, zone);
const plainDateStub = (date: string) => new PlainDateStub(date);

// ---------------------------------------------------------------------------------------------

/** One VEVENT as the feed holds it, in court-local terms (also what the index page previews). */
export interface FeedEvent {
  uid: string;
  caseId: string;
  kind: 'hearing' | 'deadline';
  title: string; // the row's title
  status: HearingRow['status'] | DeadlineRow['status'];
  localDate: string;
  localTime: string | null; // null: all day / time not set
  zoneAbbrev: string | null; // for timed events, e.g. "EDT"
  startMs: number;
}

interface PlannedEvent {
  uid: string;
  /** "<case_id>::<hearing key>" or "<case_id>::deadline:<key>": the remote calendars' identity. */
  rowRef: string;
  zone: string;
  audience: Audience;
  sortKey: number; // start instant
  localDate: string;
  feed: FeedEvent;
  data: ICalEventData;
}

interface Audience {
  reminders: Reminder[];
  emails: string[];
}

/** Control characters other than tab and line breaks are not allowed in iCalendar text. */
function cleanText(s: string): string {
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '');
}

function cleanOptional(s: string | null | undefined): string | null {
  const t = s === null || s === undefined ? '' : cleanText(s).trim();
  return t ? t : null;
}

/**
 * Minor rows and rows without a date are never shown. A cancelled row stays as a STATUS:CANCELLED
 * tombstone (same UID) through its date, so subscribed apps learn of the cancellation; after that
 * it is dropped.
 */
function inFeed(row: HearingRow | DeadlineRow, nowMs: number): row is (HearingRow | DeadlineRow) & { localDate: string } {
  if (row.significance === 'minor' || row.localDate === null) return false;
  return row.status !== 'cancelled' || row.localDate >= utcToLocal(nowMs, rowZone(row)).date;
}

const HEARING_STATUS_LABEL: Record<HearingRow['status'], string | null> = { scheduled: null, held: 'Held', cancelled: 'Cancelled' };
const DEADLINE_STATUS_LABEL: Record<DeadlineRow['status'], string | null> = { pending: null, met: 'Filed', passed: 'Date passed', cancelled: 'Cancelled' };

function rowZone(row: { timezone: string }): string {
  return row.timezone && isValidTimeZone(row.timezone) ? row.timezone : DEFAULT_COURT_TIME_ZONE;
}

/** DTSTAMP from the row's last change; an unparsable value falls back to a fixed instant to stay deterministic. */
function stampOf(row: { lastUpdated: string }): Date {
  const d = new Date(row.lastUpdated);
  return Number.isNaN(d.getTime()) ? new Date(0) : d;
}

/** "17:05" → "5:05 PM". */
function twelveHourClock(time: string): string {
  const [h, m] = time.split(':').map(Number) as [number, number];
  return `${h % 12 === 0 ? 12 : h % 12}:${pad(m)} ${h < 12 ? 'AM' : 'PM'}`;
}

function uniqueEntries(ids: readonly number[], entries: ReadonlyMap<number, RenderEntry>): RenderEntry[] {
  const out: RenderEntry[] = [];
  for (const id of new Set(ids)) {
    const e = entries.get(id);
    if (e) out.push(e);
  }
  return out;
}

function audienceOf(c: RenderCase, input: CalendarRenderInput): Audience {
  const reminders = c.reminders?.length ? c.reminders : input.reminders;
  const emails = c.notifyEmails?.length ? c.notifyEmails : input.notifyEmails;
  const seenReminders = new Set<string>();
  return {
    reminders: reminders.filter((r) => {
      const key = `${r.method}:${r.minutes}`;
      if (!(r.minutes > 0) || seenReminders.has(key)) return false;
      seenReminders.add(key);
      return true;
    }),
    emails: [...new Set(emails.map((e) => e.trim()).filter(Boolean))],
  };
}

function alarmsFor(summary: string, audience: Audience): ICalAlarmData[] {
  const alarms: ICalAlarmData[] = [];
  for (const r of audience.reminders) {
    const trigger = Math.round(r.minutes * 60);
    if (r.method === 'popup') {
      alarms.push({ type: ICalAlarmType.display, trigger, description: summary });
    } else if (audience.emails.length) {
      // An EMAIL alarm without recipients is invalid (RFC 5545 §3.6.6), so it needs notify emails.
      alarms.push({
        type: ICalAlarmType.email,
        trigger,
        summary: `Reminder: ${summary}`,
        description: summary,
        attendees: audience.emails.map((email) => ({ email })),
      });
    }
  }
  return alarms;
}

function commonEventData(uid: string, summary: string, row: HearingRow | DeadlineRow, audience: Audience) {
  const cancelled = row.status === 'cancelled';
  return {
    id: uid,
    summary,
    sequence: row.sequence,
    stamp: stampOf(row),
    status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    // Nobody should be invited to, or reminded of, a cancelled event.
    attendees: cancelled ? [] : audience.emails.map((email) => ({ email, rsvp: true })),
    alarms: cancelled ? [] : alarmsFor(summary, audience),
  };
}

function hearingEvent(c: RenderCase, row: HearingRow & { localDate: string }, input: CalendarRenderInput, audience: Audience): PlannedEvent {
  const zone = rowZone(row);
  const uid = `${c.caseId}--${row.key}@case-calendar`;
  const allDay = row.localTime === null;
  // Depends on the row only (not today's date), so an unchanged store renders byte-identical files.
  const stillAhead = row.status === 'scheduled';
  const prefix = row.status === 'cancelled' ? 'Cancelled: ' : allDay && stillAhead ? '[time TBD] ' : '';
  const summary = cleanText(`${prefix}${c.caseName}: ${row.title}`);
  const location = cleanOptional(row.location);
  const startMs = localToEpoch(row.localDate, row.localTime, zone);
  const zoneAbbrev = allDay ? null : zoneAbbreviation(startMs, zone);
  const when = allDay
    ? `${longDate(row.localDate)}${stillAhead ? ' (time not set yet)' : ''}`
    : `${longDate(row.localDate)}, ${twelveHourClock(row.localTime!)} ${zoneAbbrev} (court time)`;
  const description = describeEvent({
    what: cleanOptional(row.title),
    status: HEARING_STATUS_LABEL[row.status],
    when,
    location,
    judge: cleanOptional(row.judge),
    notes: cleanOptional(row.notes),
    tags: c.tags,
    dialIn: cleanOptional(row.dialIn),
    docket: row.docketId !== null ? (input.dockets.get(row.docketId) ?? null) : null,
    sourceEntries: uniqueEntries(row.sourceEntryIds, input.entries),
    dockets: input.dockets,
  });
  const base = { ...commonEventData(uid, summary, row, audience), description: cleanText(description), location };
  const feed: FeedEvent = { uid, caseId: c.caseId, kind: 'hearing', title: row.title, status: row.status, localDate: row.localDate, localTime: row.localTime, zoneAbbrev, startMs };
  if (allDay) {
    return {
      uid,
      rowRef: `${c.caseId}::${row.key}`,
      zone,
      audience,
      sortKey: startMs,
      localDate: row.localDate,
      feed,
      data: {
        ...base,
        allDay: true,
        start: plainDateStub(row.localDate),
        end: plainDateStub(addDays(row.localDate, 1)),
        transparency: ICalEventTransparency.TRANSPARENT,
      },
    };
  }
  // Elapsed-time arithmetic on instants, so a hearing across a DST change still lasts its duration.
  // (An end falling in the repeated hour of a fall-back night is written as wall clock and so read as
  // its first occurrence; courts do not sit at 1 AM, so this is accepted.)
  const minutes = row.durationMinutes && row.durationMinutes > 0 ? row.durationMinutes : DEFAULT_HEARING_MINUTES;
  const endMs = startMs + minutes * 60_000;
  return {
    uid,
    rowRef: `${c.caseId}::${row.key}`,
    zone,
    audience,
    sortKey: startMs,
    localDate: row.localDate,
    feed,
    data: { ...base, timezone: zone, start: zonedStub(startMs, zone), end: zonedStub(endMs, zone) },
  };
}

function deadlineEvent(c: RenderCase, row: DeadlineRow & { localDate: string }, input: CalendarRenderInput, audience: Audience): PlannedEvent {
  const zone = rowZone(row);
  const uid = `${c.caseId}--deadline:${row.key}@case-calendar`;
  const summary = cleanText(`${row.status === 'cancelled' ? 'Cancelled: ' : ''}${c.caseName}: Deadline: ${row.title}`);
  // Deadlines are all-day so they never block time; a stated hour is kept in the text.
  const dueMs = localToEpoch(row.localDate, row.localTime, zone);
  const zoneAbbrev = row.localTime ? zoneAbbreviation(dueMs, zone) : null;
  const when = `due ${longDate(row.localDate)}${row.localTime ? `, ${twelveHourClock(row.localTime)} ${zoneAbbrev} (court time)` : ''}`;
  const description = describeEvent({
    what: cleanOptional(`Deadline: ${row.title}`),
    status: DEADLINE_STATUS_LABEL[row.status],
    when,
    notes: cleanOptional(row.notes),
    tags: c.tags,
    docket: row.docketId !== null ? (input.dockets.get(row.docketId) ?? null) : null,
    sourceEntries: uniqueEntries(row.sourceEntryIds, input.entries),
    dockets: input.dockets,
  });
  return {
    uid,
    rowRef: `${c.caseId}::deadline:${row.key}`,
    zone,
    audience,
    sortKey: localToEpoch(row.localDate, null, zone),
    localDate: row.localDate,
    feed: { uid, caseId: c.caseId, kind: 'deadline', title: row.title, status: row.status, localDate: row.localDate, localTime: row.localTime, zoneAbbrev, startMs: dueMs },
    data: {
      ...commonEventData(uid, summary, row, audience),
      description: cleanText(description),
      allDay: true,
      start: plainDateStub(row.localDate),
      end: plainDateStub(addDays(row.localDate, 1)),
      transparency: ICalEventTransparency.TRANSPARENT,
    },
  };
}

function plannedEvents(input: CalendarRenderInput): PlannedEvent[] {
  const events: PlannedEvent[] = [];
  for (const c of input.cases) {
    const audience = audienceOf(c, input);
    for (const h of c.hearings) if (inFeed(h, input.nowMs)) events.push(hearingEvent(c, h, input, audience));
    for (const d of c.deadlines) if (inFeed(d, input.nowMs)) events.push(deadlineEvent(c, d, input, audience));
  }
  return events.sort((a, b) => a.sortKey - b.sortKey || (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));
}

/** An event as pushed to a remote calendar (Google, Microsoft 365): the feed's event, vendor-neutral. */
export interface RemoteEvent {
  rowRef: string;
  caseId: string;
  summary: string;
  description: string;
  location: string | null;
  /** All-day: startDate and the exclusive endDate. Timed: local wall clocks in timeZone. */
  allDay: boolean;
  startDate: string;
  endDate: string;
  startLocal: string | null; // "YYYY-MM-DDTHH:MM:SS"
  endLocal: string | null;
  timeZone: string; // the court's IANA zone
  attendees: string[];
  reminders: Reminder[];
}

/**
 * The events a remote calendar should hold: the feed's events less cancelled ones, which a remote
 * calendar removes instead of showing a tombstone (Google cancels, Graph deletes, attendees are told).
 */
export function remoteEvents(input: CalendarRenderInput): RemoteEvent[] {
  const out: RemoteEvent[] = [];
  for (const e of plannedEvents(input)) {
    if (e.feed.status === 'cancelled') continue;
    const d = e.data;
    const start = d.start as ZonedStub | PlainDateStub;
    const end = d.end as ZonedStub | PlainDateStub;
    const timed = start instanceof ZonedStub && end instanceof ZonedStub;
    out.push({
      rowRef: e.rowRef,
      caseId: e.feed.caseId,
      summary: String(d.summary ?? ''),
      description: typeof d.description === 'string' ? d.description : '',
      location: typeof d.location === 'string' ? d.location : null,
      allDay: !timed,
      startDate: e.localDate,
      endDate: timed ? wallClockDate(end) : addDays(e.localDate, 1),
      startLocal: timed ? isoWallClock(start) : null,
      endLocal: timed ? isoWallClock(end) : null,
      timeZone: e.zone,
      attendees: e.audience.emails,
      reminders: e.audience.reminders,
    });
  }
  return out;
}

function wallClockDate(z: ZonedStub): string {
  return isoWallClock(z).slice(0, 10);
}

/** The events the feed holds, in its order (the index page previews exactly these). */
export function feedEvents(input: CalendarRenderInput): FeedEvent[] {
  return plannedEvents(input).map((e) => e.feed);
}

/** Years the VTIMEZONEs must cover: those of the events, one either side. */
function yearSpan(events: readonly PlannedEvent[]): [number, number] {
  if (events.length === 0) return [0, 0]; // no timed events, so the generator is never called
  const years = events.map((e) => Number(e.localDate.slice(0, 4)));
  return [Math.min(...years) - 1, Math.max(...years) + 1];
}

export function renderIcs(input: CalendarRenderInput): string {
  return renderPlanned(input, plannedEvents(input));
}

/** Renders the feed and returns its events too (one planning pass for the ICS and the index page). */
export function renderFeed(input: CalendarRenderInput): { ics: string; events: FeedEvent[] } {
  const planned = plannedEvents(input);
  return { ics: renderPlanned(input, planned), events: planned.map((e) => e.feed) };
}

/** The calendar as an ical-generator object, without its events yet. */
function newCalendar(input: CalendarRenderInput, events: readonly PlannedEvent[]) {
  const [fromYear, toYear] = yearSpan(events);
  const generator = vtimezoneGenerator(fromYear, toYear);
  const calendar = ical({
    prodId: PRODUCT_ID,
    // ical-generator writes NAME / X-WR-CALNAME unescaped.
    name: escape(cleanText(input.name), false),
    ...(input.description ? { description: escape(cleanText(input.description), false) } : {}),
    scale: 'GREGORIAN',
    ttl: (input.refreshMinutes ?? DEFAULT_REFRESH_MINUTES) * 60, // REFRESH-INTERVAL and X-PUBLISHED-TTL
    timezone: { name: null, generator },
  });
  return { calendar, generator };
}

/** For tests: ical-generator's own serialisation of the same calendar, to compare with ours. */
export function renderIcsWithLibrary(input: CalendarRenderInput): string {
  const events = plannedEvents(input);
  const { calendar } = newCalendar(input, events);
  for (const e of events) calendar.createEvent(e.data);
  const text = calendar.toString();
  return text.endsWith('\r\n') ? text : `${text}\r\n`;
}

/** "PT1H", "PT1H30M", "P1D": a whole number of minutes as an RFC 5545 duration. */
function duration(minutes: number): string {
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  const time = `${h ? `${h}H` : ''}${m ? `${m}M` : ''}`;
  return `P${d ? `${d}D` : ''}${time ? `T${time}` : ''}`;
}

const ASCII = /^[\x00-\x7f]*$/;

/** UTF-8 octets of one code point. */
function octets(cp: number): number {
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/**
 * Folds content lines longer than 75 octets (RFC 5545 §3.1) without splitting a character, the
 * same way ical-generator does, in linear time (its fold builds a TextEncoder per character and
 * took seconds on a large feed).
 */
export function foldLines(text: string): string {
  const out: string[] = [];
  let from = 0;
  while (from <= text.length) {
    let to = text.indexOf('\r\n', from);
    if (to < 0) to = text.length;
    out.push(foldLine(text.slice(from, to)));
    from = to + 2;
  }
  return out.join('\r\n');
}

function foldLine(line: string): string {
  if (line.length <= 24) return line;
  // ASCII (most lines): one octet per character, so fixed 74-character pieces.
  if (ASCII.test(line)) {
    if (line.length <= 74) return line;
    const parts: string[] = [];
    for (let i = 0; i < line.length; i += 74) parts.push(line.slice(i, i + 74));
    return parts.join('\r\n ');
  }
  if (Buffer.byteLength(line, 'utf8') <= 74) return line;
  const parts: string[] = [];
  let start = 0;
  let bytes = 0;
  for (let i = 0; i < line.length; ) {
    const cp = line.codePointAt(i)!;
    const size = octets(cp);
    bytes += size;
    if (bytes > 74) {
      parts.push(line.slice(start, i));
      start = i;
      bytes = size;
    }
    i += cp > 0xffff ? 2 : 1;
  }
  parts.push(line.slice(start));
  return parts.join('\r\n ');
}

/**
 * Our serialisation: ical-generator writes each event (escaping, dates, alarms, attendees); the
 * calendar wrapper and the folding are done here, identically but in linear time.
 */
function renderPlanned(input: CalendarRenderInput, events: PlannedEvent[]): string {
  const { calendar, generator } = newCalendar(input, events);
  // One event at a time, folded as it is written: ical-generator's objects for a thousand events,
  // and the text built up from them, are never all held at once (a render's peak memory).
  const eventTexts: string[] = [];
  const zones = new Set<string>();
  for (const e of events) {
    const event = calendar.createEvent(e.data);
    const zone = event.timezone();
    if (zone !== null && !zone.startsWith('/')) zones.add(zone);
    eventTexts.push(foldLines(event.toString()));
    calendar.clear();
  }
  const name = escape(cleanText(input.name), false);
  const refresh = duration(input.refreshMinutes ?? DEFAULT_REFRESH_MINUTES);
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', `PRODID:-${PRODUCT_ID}`, 'CALSCALE:GREGORIAN'];
  if (name) lines.push(`NAME:${name}`, `X-WR-CALNAME:${name}`);
  if (input.description) lines.push(`X-WR-CALDESC:${escape(cleanText(input.description), false)}`);
  let head = `${lines.join('\r\n')}\r\n`;
  for (const zone of zones) {
    const vtz = generator(zone);
    if (vtz) head += `${vtz.replace(/\r\n/g, '\n').replace(/\n/g, '\r\n').trim()}\r\n`;
  }
  head += `REFRESH-INTERVAL;VALUE=DURATION:${refresh}\r\nX-PUBLISHED-TTL:${refresh}\r\n`;
  // Pieces end at line ends, so folding them one by one folds the whole. Every content line, the
  // last included, ends with CRLF (RFC 5545 §3.1). One join: joining the events and then adding the
  // head would hold the feed's text twice once it is flattened for writing.
  eventTexts.unshift(foldLines(head));
  eventTexts.push('END:VCALENDAR\r\n');
  return eventTexts.join('');
}
