import { randomUUID } from 'node:crypto';
import { bearer, FakeService, type RecordedRequest } from './http.js';

/**
 * A fake Microsoft Graph v1.0 calendar (/me/events, /me/calendars/{id}/events): $filter on the
 * single-value extended property, PATCH and DELETE by id (404 when unknown), 401 for a token it did
 * not issue or that expired. Tokens are registered by the test (or by the fake login service).
 */

export interface FakeGraphEvent {
  id: string;
  calendarId: string; // "default" for /me/events
  body: Record<string, unknown>;
  foreign: boolean;
}

export class FakeGraph {
  readonly service: FakeService;
  readonly events = new Map<string, FakeGraphEvent>();
  readonly validTokens = new Set<string>();
  calendars = new Set<string>(['default']);

  constructor() {
    this.service = new FakeService((r, raw) => this.route(r, bearer(raw)));
  }
  start(): Promise<string> {
    return this.service.start();
  }
  stop(): Promise<void> {
    return this.service.stop();
  }

  get apiCalls(): RecordedRequest[] {
    return this.service.requests;
  }

  live(calendarId: string): FakeGraphEvent[] {
    return [...this.events.values()].filter((e) => e.calendarId === calendarId);
  }

  addForeignEvent(calendarId: string, subject: string): string {
    const id = `AAMk${randomUUID()}`;
    this.events.set(id, { id, calendarId, body: { subject }, foreign: true });
    return id;
  }

  private route(r: RecordedRequest, token: string | null): { status: number; body?: unknown } {
    if (!token || !this.validTokens.has(token)) {
      return { status: 401, body: { error: { code: 'InvalidAuthenticationToken', message: 'Access token has expired or is not yet valid.' } } };
    }
    const coll = /^\/v1\.0\/me\/(?:calendars\/([^/]+)\/)?events$/.exec(r.path);
    if (coll) {
      const calendarId = coll[1] ? decodeURIComponent(coll[1]) : 'default';
      if (!this.calendars.has(calendarId)) return { status: 404, body: { error: { code: 'ErrorItemNotFound', message: 'The specified object was not found in the store.' } } };
      if (r.method === 'GET') {
        const filter = r.query.get('$filter') ?? '';
        const want = /ep\/id eq '([^']+)' and ep\/value eq '([^']+)'/.exec(filter);
        const found = [...this.events.values()].filter((e) => {
          if (e.calendarId !== calendarId) return false;
          if (!want) return true;
          const props = (e.body.singleValueExtendedProperties ?? []) as Array<{ id: string; value: string }>;
          return props.some((p) => p.id.toLowerCase() === want[1]!.toLowerCase() && p.value === want[2]);
        });
        const top = Number(r.query.get('$top') ?? '10');
        return { status: 200, body: { value: found.slice(0, top).map((e) => ({ id: e.id })) } };
      }
      if (r.method === 'POST') {
        const body = (r.body ?? {}) as Record<string, unknown>;
        if (typeof body.subject !== 'string' || !body.start || !body.end) return { status: 400, body: { error: { code: 'ErrorInvalidRequest', message: 'missing subject/start/end' } } };
        const id = `AAMk${randomUUID()}`;
        this.events.set(id, { id, calendarId, body, foreign: false });
        return { status: 201, body: { id, ...body } };
      }
      return { status: 405, body: { error: { code: 'ErrorInvalidRequest', message: 'method not allowed' } } };
    }
    const one = /^\/v1\.0\/me\/events\/([^/]+)$/.exec(r.path);
    if (!one) return { status: 404, body: { error: { code: 'ResourceNotFound', message: 'Resource not found' } } };
    const id = decodeURIComponent(one[1]!);
    const ev = this.events.get(id);
    if (!ev) return { status: 404, body: { error: { code: 'ErrorItemNotFound', message: 'The specified object was not found in the store.' } } };
    if (r.method === 'PATCH') {
      ev.body = { ...ev.body, ...((r.body ?? {}) as Record<string, unknown>) };
      return { status: 200, body: { id, ...ev.body } };
    }
    if (r.method === 'DELETE') {
      this.events.delete(id);
      return { status: 204 };
    }
    if (r.method === 'GET') return { status: 200, body: { id, ...ev.body } };
    return { status: 405, body: { error: { code: 'ErrorInvalidRequest', message: 'method not allowed' } } };
  }
}
