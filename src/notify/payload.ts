import type { Config, NotificationEndpoint } from '../config/types.js';
import { docketPageUrl, longDate } from '../render/description.js';
import { zoneAbbreviation } from '../render/vtimezone.js';
import type { Store } from '../store/store.js';
import type { NotifyEventRow } from '../store/types.js';
import { isValidTimeZone, localToEpoch } from '../time/zone.js';
import type { RowSnapshot } from './events.js';

/**
 * What an endpoint receives: the Standard Webhooks body `{type, timestamp, data}` (format json),
 * or the incoming-webhook message Slack or Teams shows as a readable line.
 */

export interface WhenView {
  local_date: string | null;
  local_time: string | null;
  time_zone: string;
  display: string; // "Monday, June 8, 2031, 10:30 AM CDT (court time)"
}

function when(s: RowSnapshot): WhenView {
  const zone = isValidTimeZone(s.timezone) ? s.timezone : 'America/New_York';
  if (!s.localDate) return { local_date: null, local_time: null, time_zone: zone, display: 'date not set' };
  let display = longDate(s.localDate);
  if (s.localTime) {
    const [h, m] = s.localTime.split(':').map(Number) as [number, number];
    const abbrev = zoneAbbreviation(localToEpoch(s.localDate, s.localTime, zone), zone);
    display += `, ${h % 12 === 0 ? 12 : h % 12}:${String(m).padStart(2, '0')} ${h < 12 ? 'AM' : 'PM'} ${abbrev} (court time)`;
  }
  return { local_date: s.localDate, local_time: s.localTime, time_zone: zone, display };
}

function rowView(s: RowSnapshot) {
  return { kind: s.kind, key: s.key, title: s.title, status: s.status, when: when(s), location: s.location, judge: s.judge };
}

export interface EventData {
  event_id: string;
  occurred_at: string;
  case: { id: string; name: string; dockets: Array<{ docket_id: number; docket_number: string | null; court: string | null; url: string }> };
  row: ReturnType<typeof rowView> | null;
  previous: ReturnType<typeof rowView> | null;
  source_entries: Array<{ entry_id: number; entry_number: number | null; date_filed: string | null; description: string | null; url: string | null }>;
  /** Events merged into this one (a burst of reschedules of one hearing). */
  merged_event_ids?: string[];
}

export const webhookId = (eventId: number) => `msg_cc${eventId}`;

/** The event's data, as of now: the case's name and links from config and store, the row as it changed. */
export function eventData(store: Store, config: Config, e: NotifyEventRow, merged: NotifyEventRow[] = []): EventData {
  const kase = config.cases.find((c) => c.id === e.caseId);
  const last = merged.length ? merged[merged.length - 1]! : e;
  const after = last.after as RowSnapshot & { entry?: { entryId: number; docketId: number; entryNumber: number | null; dateFiled: string | null; description: string | null; reason: string } };
  const isRow = after.kind === 'hearing' || after.kind === 'deadline';
  const dockets = (kase?.dockets ?? []).map((id) => {
    const d = store.getDocket(id);
    return { docket_id: id, docket_number: d?.docketNumber ?? null, court: d?.courtId ?? null, url: docketPageUrl(d?.absoluteUrl) ?? `https://www.courtlistener.com/docket/${id}/` };
  });
  const entryIds = isRow ? after.sourceEntryIds : after.entry ? [after.entry.entryId] : [];
  const entries = store.getEntriesByIds(entryIds).map((x) => {
    const page = dockets.find((d) => d.docket_id === x.docketId)?.url ?? null;
    return { entry_id: x.entryId, entry_number: x.entryNumber, date_filed: x.dateFiled, description: x.description, url: page && x.entryNumber !== null ? `${page}#entry-${x.entryNumber}` : page };
  });
  return {
    event_id: webhookId(e.id),
    occurred_at: last.occurredAt,
    case: { id: e.caseId, name: kase?.name ?? e.caseId, dockets },
    row: isRow ? rowView(after) : null,
    previous: isRow && e.before ? rowView(e.before as RowSnapshot) : null,
    source_entries: entries,
    ...(merged.length ? { merged_event_ids: merged.map((m) => webhookId(m.id)) } : {}),
  };
}

const VERB: Record<string, string> = {
  'hearing.scheduled': 'New hearing',
  'hearing.rescheduled': 'Hearing moved',
  'hearing.cancelled': 'Hearing cancelled',
  'hearing.held': 'Hearing held',
  'deadline.set': 'New deadline',
  'deadline.rescheduled': 'Deadline moved',
  'deadline.met': 'Deadline met',
  'deadline.cancelled': 'Deadline cancelled',
  'entry.unread': 'Entry needs a person',
  ping: 'Test notification',
};

/** One line a person reads in a channel. */
export function headline(type: string, d: EventData): string {
  const what = d.row ? `${d.row.title}: ${d.previous && d.previous.when.display !== d.row.when.display ? `${d.previous.when.display} → ` : ''}${d.row.when.display}` : (d.source_entries[0]?.description ?? '').slice(0, 200);
  return `${VERB[type] ?? type} — ${d.case.name}: ${what}`;
}

export function messageBody(endpoint: NotificationEndpoint, type: string, timestamp: Date, data: EventData | Record<string, unknown>): string {
  if (endpoint.format === 'json') return JSON.stringify({ type, timestamp: timestamp.toISOString(), data });
  const d = data as EventData;
  const line = type === 'ping' ? 'case-calendar test notification: this endpoint is reachable.' : headline(type, d);
  const link = d.source_entries?.[0]?.url ?? d.case?.dockets?.[0]?.url ?? null;
  if (endpoint.format === 'slack') {
    // Slack's mrkdwn: & < > are the only characters to escape; a link is <url|text>.
    const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    return JSON.stringify({ text: `${esc(line)}${link ? ` <${link}|docket>` : ''}` });
  }
  // Teams: an Adaptive Card message, which Teams workflows' "post to a channel" webhooks accept.
  return JSON.stringify({
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [{ type: 'TextBlock', text: line, wrap: true }],
          ...(link ? { actions: [{ type: 'Action.OpenUrl', title: 'Docket', url: link }] } : {}),
        },
      },
    ],
  });
}
