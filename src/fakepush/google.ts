import { createVerify } from 'node:crypto';
import { bearer, FakeService, type RecordedRequest } from './http.js';

/**
 * A fake Google Calendar API v3 (events insert/patch/get) and OAuth token endpoint, answering like
 * Google: 409 when an inserted id exists (cancelled events included), 404 for an unknown id, 410
 * once an event is deleted for good, 401 for an expired or unknown access token, and
 * `invalid_grant` for a revoked refresh token.
 */

export interface FakeGoogleEvent {
  id: string;
  calendarId: string;
  status: 'confirmed' | 'cancelled';
  body: Record<string, unknown>;
  purged: boolean; // deleted for good: 410 from then on
  /** Made by someone in Google Calendar, not by the tool. */
  foreign: boolean;
}

export class FakeGoogle {
  readonly service: FakeService;
  readonly events = new Map<string, FakeGoogleEvent>();
  private validTokens = new Set<string>();
  private tokenCount = 0;
  refreshTokens = new Set<string>(['refresh-1']);
  authCodes = new Map<string, string>(); // code → refresh token it yields
  /** Service-account keys accepted: client_email → public key PEM. */
  serviceAccounts = new Map<string, string>();
  /** Assertions must name this audience (the token URL); checked when set. */
  expectedAudience: string | null = null;
  calendars = new Set<string>(['primary']);

  constructor() {
    this.service = new FakeService((r, raw) => this.route(r, bearer(raw)));
  }

  start(): Promise<string> {
    return this.service.start();
  }
  stop(): Promise<void> {
    return this.service.stop();
  }
  get tokenUrl(): string {
    return `${this.service.origin}/token`;
  }

  /** Every access token handed out so far stops working (they expired). */
  expireAccessTokens(): void {
    this.validTokens.clear();
  }

  /** Calendar API requests (token exchanges not counted). */
  get apiCalls(): RecordedRequest[] {
    return this.service.requests.filter((r) => r.path.startsWith('/calendar/'));
  }

  live(calendarId: string): FakeGoogleEvent[] {
    return [...this.events.values()].filter((e) => e.calendarId === calendarId && e.status === 'confirmed' && !e.purged);
  }

  addForeignEvent(calendarId: string, id: string, summary: string): void {
    this.events.set(`${calendarId}/${id}`, { id, calendarId, status: 'confirmed', body: { summary }, purged: false, foreign: true });
  }

  private issue(): { access_token: string; expires_in: number; token_type: string } {
    const t = `ya29.fake-${++this.tokenCount}`;
    this.validTokens.add(t);
    return { access_token: t, expires_in: 3599, token_type: 'Bearer' };
  }

  private token(r: RecordedRequest): { status: number; body: unknown } {
    const f = (r.body ?? {}) as Record<string, string>;
    if (f.grant_type === 'refresh_token') {
      if (!this.refreshTokens.has(f.refresh_token ?? '')) return { status: 400, body: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' } };
      return { status: 200, body: { ...this.issue(), scope: 'https://www.googleapis.com/auth/calendar' } };
    }
    if (f.grant_type === 'authorization_code') {
      const refresh = this.authCodes.get(f.code ?? '');
      if (!refresh) return { status: 400, body: { error: 'invalid_grant', error_description: 'Malformed auth code.' } };
      this.authCodes.delete(f.code!);
      this.refreshTokens.add(refresh);
      return { status: 200, body: { ...this.issue(), refresh_token: refresh, scope: 'https://www.googleapis.com/auth/calendar' } };
    }
    if (f.grant_type === 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
      const [h, p, s] = (f.assertion ?? '').split('.');
      if (!h || !p || !s) return { status: 400, body: { error: 'invalid_grant', error_description: 'Invalid JWT' } };
      const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as { iss?: string; aud?: string; exp?: number; scope?: string };
      const pub = this.serviceAccounts.get(claims.iss ?? '');
      if (!pub) return { status: 400, body: { error: 'invalid_grant', error_description: 'Invalid grant: account not found' } };
      const ok = createVerify('RSA-SHA256').update(`${h}.${p}`).verify(pub, s, 'base64url');
      if (!ok) return { status: 400, body: { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' } };
      if (this.expectedAudience && claims.aud !== this.expectedAudience) return { status: 400, body: { error: 'invalid_grant', error_description: 'Invalid JWT audience' } };
      if (!claims.scope?.includes('calendar')) return { status: 400, body: { error: 'invalid_scope' } };
      return { status: 200, body: this.issue() };
    }
    return { status: 400, body: { error: 'unsupported_grant_type' } };
  }

  private route(r: RecordedRequest, token: string | null): { status: number; body?: unknown } {
    if (r.path === '/token' && r.method === 'POST') return this.token(r);
    const m = /^\/calendar\/v3\/calendars\/([^/]+)\/events(?:\/([^/]+))?$/.exec(r.path);
    if (!m) return { status: 404, body: { error: { code: 404, message: 'Not Found' } } };
    if (!token || !this.validTokens.has(token)) {
      return { status: 401, body: { error: { code: 401, message: 'Request had invalid authentication credentials.', status: 'UNAUTHENTICATED' } } };
    }
    const calendarId = decodeURIComponent(m[1]!);
    if (!this.calendars.has(calendarId)) return { status: 404, body: { error: { code: 404, message: 'Not Found' } } };
    const id = m[2] ? decodeURIComponent(m[2]) : null;
    const body = (r.body ?? {}) as Record<string, unknown>;
    if (!id && r.method === 'POST') {
      const newId = typeof body.id === 'string' ? body.id : `auto${this.events.size}`;
      if (!/^[a-v0-9]{5,1024}$/.test(newId)) return { status: 400, body: { error: { code: 400, message: 'Invalid resource id value.' } } };
      if (this.events.has(`${calendarId}/${newId}`)) return { status: 409, body: { error: { code: 409, message: 'The requested identifier already exists.' } } };
      const { id: _omit, ...rest } = body;
      const ev: FakeGoogleEvent = { id: newId, calendarId, status: body.status === 'cancelled' ? 'cancelled' : 'confirmed', body: rest, purged: false, foreign: false };
      this.events.set(`${calendarId}/${newId}`, ev);
      return { status: 200, body: { kind: 'calendar#event', id: newId, status: ev.status, ...rest } };
    }
    if (!id) return { status: 405, body: { error: { code: 405, message: 'Method Not Allowed' } } };
    const ev = this.events.get(`${calendarId}/${id}`);
    if (!ev) return { status: 404, body: { error: { code: 404, message: 'Not Found' } } };
    if (ev.purged) return { status: 410, body: { error: { code: 410, message: 'Resource has been deleted' } } };
    if (r.method === 'GET') return { status: 200, body: { id: ev.id, status: ev.status, ...ev.body } };
    if (r.method === 'PATCH') {
      const { status, ...rest } = body;
      ev.body = { ...ev.body, ...rest };
      if (status === 'cancelled' || status === 'confirmed') ev.status = status;
      return { status: 200, body: { id: ev.id, status: ev.status, ...ev.body } };
    }
    return { status: 405, body: { error: { code: 405, message: 'Method Not Allowed' } } };
  }
}
