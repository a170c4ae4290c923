import type { RemoteEvent } from '../render/ics.js';

/** One remote calendar service, as the push engine drives it. */
export interface RemoteCalendar {
  /** "gcal:<id>" / "m365:<id|default>": names the calendar in push_state and in reports. */
  readonly target: string;
  /** The JSON the service is sent for an event; its hash decides whether the event changed. */
  bodyOf(event: RemoteEvent): unknown;
  /** Creates (or takes over, if it already exists) the event; returns its remote id. */
  create(event: RemoteEvent, body: unknown): Promise<string>;
  /** Updates the event pushed earlier under remoteId; returns its (possibly new) remote id. */
  update(remoteId: string, event: RemoteEvent, body: unknown): Promise<string>;
  /** Takes the event off people's calendars (Google cancels, Graph deletes); gone already is fine. */
  remove(remoteId: string, rowRef: string): Promise<void>;
  /** HTTP requests sent so far. */
  readonly requests: number;
}
