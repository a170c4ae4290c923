import type { RemoteEvent } from '../render/ics.js';
import { apiErrorText, callApi, PushHttpError, type RetryPolicy, type TokenSource } from './http.js';
import { googleEventId } from './identity.js';
import type { RemoteCalendar } from './remote.js';

export const DEFAULT_GOOGLE_CALENDAR_BASE_URL = 'https://www.googleapis.com';

/** Google Calendar API v3 event body (spec render §6), attendees invited as the row's notify emails. */
export function googleBody(e: RemoteEvent): Record<string, unknown> {
  const when = e.allDay
    ? { start: { date: e.startDate }, end: { date: e.endDate }, transparency: 'transparent' }
    : { start: { dateTime: e.startLocal, timeZone: e.timeZone }, end: { dateTime: e.endLocal, timeZone: e.timeZone }, transparency: 'opaque' };
  return {
    summary: e.summary,
    description: e.description,
    location: e.location,
    status: 'confirmed',
    ...when,
    attendees: e.attendees.map((email) => ({ email })),
    reminders: { useDefault: false, overrides: e.reminders.map((r) => ({ method: r.method, minutes: r.minutes })) },
  };
}

export class GoogleCalendar implements RemoteCalendar {
  readonly target: string;
  requests = 0;
  private readonly events: string;

  constructor(
    private readonly calendarId: string,
    private readonly tokens: TokenSource,
    private readonly retry: RetryPolicy,
    baseUrl: string = DEFAULT_GOOGLE_CALENDAR_BASE_URL,
  ) {
    this.target = `gcal:${calendarId}`;
    this.events = `${baseUrl.replace(/\/+$/, '')}/calendar/v3/calendars/${encodeURIComponent(calendarId)}/events`;
  }

  bodyOf(e: RemoteEvent): unknown {
    return googleBody(e);
  }

  private call(method: 'POST' | 'PATCH', url: string, body: unknown) {
    return callApi({ method, url, body, tokens: this.tokens, retry: this.retry, onRequest: () => this.requests++ });
  }

  private fail(what: string, status: number, body: unknown): never {
    const hint = status === 403 || status === 404 ? ` — check that google_calendar_id "${this.calendarId}" is right and shared with this account (make changes to events)` : '';
    throw new PushHttpError(status, `Google Calendar ${what}: HTTP ${status} ${apiErrorText(body)}${hint}`);
  }

  async create(e: RemoteEvent, body: unknown): Promise<string> {
    const id = googleEventId(e.rowRef);
    const res = await this.call('POST', `${this.events}?sendUpdates=externalOnly`, { ...(body as object), id });
    if (res.status === 200 || res.status === 201) return id;
    // The id exists already (an earlier run crashed before recording it, or a store carried over).
    if (res.status === 409) return this.patch(id, body, false);
    return this.fail('insert', res.status, res.body);
  }

  update(remoteId: string, _e: RemoteEvent, body: unknown): Promise<string> {
    return this.patch(remoteId, body, true);
  }

  private async patch(id: string, body: unknown, insertIfMissing: boolean): Promise<string> {
    const res = await this.call('PATCH', `${this.events}/${encodeURIComponent(id)}?sendUpdates=externalOnly`, body);
    if (res.status === 200) return id;
    if (res.status === 404 && insertIfMissing) {
      const ins = await this.call('POST', `${this.events}?sendUpdates=externalOnly`, { ...(body as object), id });
      if (ins.status === 200 || ins.status === 201) return id;
      return this.fail('insert', ins.status, ins.body);
    }
    // 410: deleted for good by someone in Google Calendar; its id cannot be used again. Left deleted.
    if (res.status === 410) return id;
    return this.fail('update', res.status, res.body);
  }

  async remove(remoteId: string): Promise<void> {
    const res = await this.call('PATCH', `${this.events}/${encodeURIComponent(remoteId)}?sendUpdates=externalOnly`, { status: 'cancelled' });
    if (res.status === 200 || res.status === 404 || res.status === 410) return;
    this.fail('cancel', res.status, res.body);
  }
}
