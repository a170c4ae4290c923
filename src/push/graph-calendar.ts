import type { RemoteEvent } from '../render/ics.js';
import { apiErrorText, callApi, PushHttpError, type RetryPolicy, type TokenSource } from './http.js';
import { GRAPH_KEY_PROPERTY, rowDigest } from './identity.js';
import type { RemoteCalendar } from './remote.js';

export const DEFAULT_GRAPH_BASE_URL = 'https://graph.microsoft.com';

/** Microsoft Graph v1.0 event body (spec render §7): all-day rows are a 09:00–17:00 block. */
export function graphBody(e: RemoteEvent): Record<string, unknown> {
  const start = e.allDay ? `${e.startDate}T09:00:00` : e.startLocal;
  const end = e.allDay ? `${e.startDate}T17:00:00` : e.endLocal;
  const popups = e.reminders.filter((r) => r.method === 'popup').map((r) => r.minutes);
  const key = rowDigest(e.rowRef);
  return {
    subject: e.summary,
    body: { contentType: 'text', content: e.description },
    location: { displayName: e.location ?? '' },
    start: { dateTime: start, timeZone: e.timeZone },
    end: { dateTime: end, timeZone: e.timeZone },
    showAs: e.allDay ? 'free' : 'busy',
    attendees: e.attendees.map((address) => ({ emailAddress: { address }, type: 'required' })),
    isReminderOn: popups.length > 0,
    ...(popups.length ? { reminderMinutesBeforeStart: Math.min(...popups) } : {}),
    singleValueExtendedProperties: [{ id: GRAPH_KEY_PROPERTY, value: key }],
    transactionId: key,
  };
}

export class GraphCalendar implements RemoteCalendar {
  readonly target: string;
  requests = 0;
  private readonly root: string;
  private readonly collection: string;

  /** calendarId "default": the signed-in user's own calendar. */
  constructor(
    private readonly calendarId: string,
    private readonly tokens: TokenSource,
    private readonly retry: RetryPolicy,
    baseUrl: string = DEFAULT_GRAPH_BASE_URL,
  ) {
    this.target = `m365:${calendarId}`;
    this.root = `${baseUrl.replace(/\/+$/, '')}/v1.0/me`;
    this.collection = calendarId === 'default' ? `${this.root}/events` : `${this.root}/calendars/${encodeURIComponent(calendarId)}/events`;
  }

  bodyOf(e: RemoteEvent): unknown {
    return graphBody(e);
  }

  private call(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown) {
    return callApi({ method, url, body, tokens: this.tokens, retry: this.retry, onRequest: () => this.requests++ });
  }

  private fail(what: string, status: number, body: unknown): never {
    const hint = status === 403 || status === 404 ? ` — check m365_calendar_id "${this.calendarId}" and that the signed-in account may write to it` : '';
    throw new PushHttpError(status, `Microsoft Graph ${what}: HTTP ${status} ${apiErrorText(body)}${hint}`);
  }

  /** The event created earlier for this row, found by its extended property (a crash lost its id). */
  private async find(rowRef: string): Promise<string | null> {
    const filter = `singleValueExtendedProperties/any(ep: ep/id eq '${GRAPH_KEY_PROPERTY}' and ep/value eq '${rowDigest(rowRef)}')`;
    const res = await this.call('GET', `${this.collection}?$filter=${encodeURIComponent(filter)}&$top=1&$select=id`);
    if (res.status !== 200) return this.fail('lookup', res.status, res.body);
    const id = (res.body as { value?: Array<{ id?: unknown }> } | null)?.value?.[0]?.id;
    return typeof id === 'string' ? id : null;
  }

  async create(e: RemoteEvent, body: unknown): Promise<string> {
    const existing = await this.find(e.rowRef);
    if (existing) return this.update(existing, e, body, false);
    const res = await this.call('POST', this.collection, body);
    const id = (res.body as { id?: unknown } | null)?.id;
    if ((res.status === 200 || res.status === 201) && typeof id === 'string') return id;
    return this.fail('create', res.status, res.body);
  }

  async update(remoteId: string, e: RemoteEvent, body: unknown, recreate = true): Promise<string> {
    const res = await this.call('PATCH', `${this.root}/events/${encodeURIComponent(remoteId)}`, body);
    if (res.status === 200) return remoteId;
    // Deleted in Outlook (or moved): make it again, as a row that is still on the docket should be.
    if (res.status === 404 && recreate) return this.create(e, body);
    return this.fail('update', res.status, res.body);
  }

  async remove(remoteId: string): Promise<void> {
    const res = await this.call('DELETE', `${this.root}/events/${encodeURIComponent(remoteId)}`);
    if (res.status === 204 || res.status === 200 || res.status === 404) return;
    this.fail('delete', res.status, res.body);
  }
}
