/**
 * A fake CourtListener REST v4 server for tests, benchmarks and the offline demo: token auth,
 * Django's trailing-slash redirects, DRF cursor pagination, Pacific-time timestamps, and hooks to
 * inject failures (429 with Retry-After, 5xx, dropped connections) and to observe every request.
 */
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { URL } from 'node:url';
import type { CourtInput, CourtRecord } from './courts.js';
import { ApiError, notFound } from './errors.js';
import {
  FakeData,
  type DocketAlertView,
  type DocketInput,
  type DocketView,
  type EntryInput,
  type EntryPatch,
  type EntryView,
  type RecapDocumentPatch,
  type RecapDocumentView,
} from './model.js';
import { linkWith, type ListOutcome, type PageSizes } from './paginate.js';
import { API_BASE, renderAlert, renderCourt, renderDocket, renderDocument, renderEntry } from './render.js';

// Re-exported so users of the fake need a single import.
export type {
  DocketAlertView,
  DocketInput,
  DocketView,
  EntryInput,
  EntryPatch,
  EntryView,
  RecapDocumentInput,
  RecapDocumentPatch,
  RecapDocumentView,
} from './model.js';
export type { CourtInput, CourtRecord } from './courts.js';

export interface FakeCourtListenerOptions {
  /** The one token accepted (`Authorization: Token <token>`). Default `test-token`. */
  token?: string;
  /** Default page size of list endpoints. Default 20. */
  pageSize?: number;
  /** Largest `page_size` a client may ask for. Default 100. */
  maxPageSize?: number;
  /** Source of "now" for date_created/date_modified; the fake keeps it strictly increasing. */
  clock?: () => Date;
}

export interface FailureRule {
  /**
   * Which requests fail. A string is a path prefix, with or without the `/api/rest/v4` base
   * (`'/docket-entries/'` matches every entry request). A RegExp is tested against the path and
   * against the path with its query string. Omitted: every request.
   */
  path?: RegExp | string;
  /** HTTP method, any case. Omitted: every method. */
  method?: string;
  /** Status to answer with (ignored with resetConnection). */
  status: number;
  /** How many matching requests fail. Default 1. */
  times?: number;
  /** Value of the Retry-After header, sent verbatim (seconds or an HTTP-date). */
  retryAfter?: string;
  /** Response body: a string is sent as text/html, anything else as JSON. Default: a DRF-style detail. */
  body?: unknown;
  /** Extra response headers (e.g. X-RateLimit-*). */
  headers?: Record<string, string>;
  /** Destroy the socket instead of answering. */
  resetConnection?: boolean;
}

export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  /** Query parameters (the last value wins when one repeats). */
  query: Record<string, string>;
  /** Status sent; 0 when the connection was reset or no response was written. */
  status: number;
  /** Whether the request carried the right token. */
  authorized: boolean;
  /** Wall-clock arrival time (Date.now(), not the fake clock), for rate measurements. */
  at: number;
}

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface RequestContext {
  req: IncomingMessage;
  url: URL;
  /** Origin as the client addressed us, for absolute links. */
  origin: string;
  params: string[];
  owner: string;
}

type Handler = (ctx: RequestContext) => Reply | Promise<Reply>;

interface Route {
  pattern: RegExp;
  methods: Record<string, Handler>;
}

const MAX_BODY_BYTES = 1024 * 1024;

function matchesPath(matcher: RegExp | string | undefined, path: string, target: string): boolean {
  if (matcher === undefined) return true;
  if (typeof matcher === 'string') {
    const underApi = matcher.startsWith(API_BASE) ? matcher : API_BASE + matcher.replace(/^\/+/, '');
    return path.startsWith(matcher) || path.startsWith(underApi);
  }
  matcher.lastIndex = 0;
  if (matcher.test(path)) return true;
  matcher.lastIndex = 0;
  return matcher.test(target);
}

function defaultFailureBody(status: number, retryAfter: string | undefined): unknown {
  if (status === 429) {
    const wait = retryAfter && /^\d+$/.test(retryAfter) ? ` Expected available in ${retryAfter} seconds.` : '';
    return { detail: `Request was throttled.${wait}` };
  }
  if (status === 403) return { detail: 'You do not have permission to perform this action.' };
  if (status === 500) return { detail: 'A server error occurred.' };
  return { detail: STATUS_CODES[status] ?? `HTTP ${status}` };
}

const isDigits = (s: string) => /^\d+$/.test(s);

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // a malformed escape simply matches nothing
  }
}

export class FakeCourtListener {
  /** Every request received, in arrival order. */
  readonly requests: RecordedRequest[] = [];
  /** The data behind the API, for controls not mirrored on this class. */
  readonly data: FakeData;
  readonly token: string;

  private readonly sizes: PageSizes;
  private readonly failures: Array<FailureRule & { remaining: number }> = [];
  private readonly routes: Route[];
  private server: Server | null = null;
  private listeningOrigin: string | null = null;

  constructor(opts: FakeCourtListenerOptions = {}) {
    this.token = opts.token ?? 'test-token';
    const max = opts.maxPageSize ?? 100;
    this.sizes = { default: Math.min(opts.pageSize ?? 20, max), max };
    this.data = new FakeData(opts.clock ? { clock: opts.clock } : {});
    this.routes = [
      { pattern: /^dockets\/([^/]+)\/$/, methods: { GET: (c) => this.showDocket(c) } },
      { pattern: /^docket-entries\/$/, methods: { GET: (c) => this.listEntries(c) } },
      { pattern: /^docket-entries\/([^/]+)\/$/, methods: { GET: (c) => this.showEntry(c) } },
      { pattern: /^recap-documents\/([^/]+)\/$/, methods: { GET: (c) => this.showDocument(c) } },
      { pattern: /^courts\/([^/]+)\/$/, methods: { GET: (c) => this.showCourt(c) } },
      {
        pattern: /^docket-alerts\/$/,
        methods: { GET: (c) => this.listAlerts(c), POST: (c) => this.createAlert(c) },
      },
      {
        pattern: /^docket-alerts\/([^/]+)\/$/,
        methods: {
          GET: (c) => this.showAlert(c),
          PATCH: (c) => this.patchAlert(c),
          DELETE: (c) => this.deleteAlert(c),
        },
      },
    ];
  }

  // ---- lifecycle ----

  /** Starts listening; resolves with the origin, e.g. `http://127.0.0.1:54321`. */
  async start(port = 0, host = '127.0.0.1'): Promise<string> {
    if (this.server) throw new Error('FakeCourtListener is already started');
    const server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    const address = server.address() as AddressInfo;
    const ip = address.address === '0.0.0.0' || address.address === '::' ? '127.0.0.1' : address.address;
    this.listeningOrigin = `http://${ip.includes(':') ? `[${ip}]` : ip}:${address.port}`;
    return this.listeningOrigin;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    this.listeningOrigin = null;
    await new Promise<void>((resolve, reject) => {
      server.close((err) => (err ? reject(err) : resolve()));
      server.closeAllConnections();
    });
  }

  /** The origin returned by start(). */
  get origin(): string {
    if (!this.listeningOrigin) throw new Error('FakeCourtListener is not started');
    return this.listeningOrigin;
  }

  // ---- data controls ----

  addCourt(court: CourtInput): CourtRecord {
    return this.data.addCourt(court);
  }

  addDocket(docket: DocketInput): DocketView {
    return this.data.addDocket(docket);
  }

  getDocket(id: number): DocketView | undefined {
    return this.data.getDocket(id);
  }

  /** Adds an entry now; bumps the docket's date_modified and, if later, its date_last_filing. */
  addEntry(docketId: number, entry: EntryInput = {}): EntryView {
    return this.data.addEntry(docketId, entry);
  }

  updateEntry(entryId: number, patch: EntryPatch): EntryView {
    return this.data.updateEntry(entryId, patch);
  }

  updateDocument(documentId: number, patch: RecapDocumentPatch, opts?: { touchEntry?: boolean }): EntryView {
    return this.data.updateDocument(documentId, patch, opts);
  }

  getEntry(id: number): EntryView | undefined {
    return this.data.getEntry(id);
  }

  getDocument(id: number): RecapDocumentView | undefined {
    return this.data.getDocument(id);
  }

  /** Entries of a docket in id order. */
  entriesOf(docketId: number): EntryView[] {
    return this.data.entriesOf(docketId);
  }

  touchDocket(id: number): DocketView {
    return this.data.touchDocket(id);
  }

  /** Seeds an alert owned by this fake's token (as if created earlier through the API). */
  addDocketAlert(alert: { docket: number; alert_type?: 0 | 1 }): DocketAlertView {
    return this.data.addDocketAlert(this.token, alert);
  }

  docketAlerts(): DocketAlertView[] {
    return this.data.docketAlerts(this.token);
  }

  // ---- fault injection ----

  /** The next matching request(s) fail as described instead of being served. Rules apply in the order added. */
  failNext(rule: FailureRule): void {
    const times = rule.times ?? 1;
    if (!(times > 0)) throw new Error('failNext times must be positive');
    this.failures.push({ ...rule, remaining: times });
  }

  clearFailures(): void {
    this.failures.length = 0;
  }

  // ---- observation ----

  resetRequests(): void {
    this.requests.length = 0;
  }

  /** Requests whose path starts with the prefix (with or without `/api/rest/v4`) or matches the RegExp. */
  countRequests(pathPrefixOrRegex?: string | RegExp): number {
    if (pathPrefixOrRegex === undefined) return this.requests.length;
    return this.requests.filter((r) => matchesPath(pathPrefixOrRegex, r.path, r.path)).length;
  }

  // ---- request handling ----

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    const method = (req.method ?? 'GET').toUpperCase();
    const auth = this.checkAuth(req.headers.authorization);
    const record: RecordedRequest = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      status: 0,
      authorized: auth === null,
      at: Date.now(),
    };
    this.requests.push(record);
    res.on('finish', () => {
      record.status = res.statusCode;
    });

    try {
      const failure = this.takeFailure(method, url);
      if (failure) {
        if (failure.resetConnection) {
          req.socket.destroy();
          return;
        }
        const headers: Record<string, string> = { ...failure.headers };
        if (failure.retryAfter !== undefined) headers['Retry-After'] = failure.retryAfter;
        this.send(res, {
          status: failure.status,
          body: failure.body ?? defaultFailureBody(failure.status, failure.retryAfter),
          headers,
        });
        return;
      }
      this.send(res, await this.dispatch(req, url, method, auth));
    } catch (err) {
      if (err instanceof ApiError) {
        this.send(res, { status: err.status, body: err.body, headers: err.headers });
      } else if (!res.headersSent) {
        this.send(res, { status: 500, body: { detail: `Fake server error: ${(err as Error).message}` } });
      } else {
        res.destroy();
      }
    }
  }

  private async dispatch(req: IncomingMessage, url: URL, method: string, authError: ApiError | null): Promise<Reply> {
    const path = url.pathname;
    if (!path.startsWith(API_BASE)) throw new ApiError(404, { detail: 'Not found.' });
    const rest = path.slice(API_BASE.length);
    const found = this.findRoute(rest);
    if (!found) {
      // Django's APPEND_SLASH: redirect when the slashed path exists, before any view (and auth) runs.
      if (!path.endsWith('/') && this.findRoute(`${rest}/`)) {
        return { status: 301, headers: { Location: `${path}/${url.search}` } };
      }
      throw new ApiError(404, { detail: 'Not found.' });
    }
    if (authError) throw authError;
    const effective = method === 'HEAD' ? 'GET' : method;
    const handler = found.route.methods[effective];
    const allow = [...Object.keys(found.route.methods), 'HEAD', 'OPTIONS'].join(', ');
    if (!handler) throw new ApiError(405, { detail: `Method "${method}" not allowed.` }, { Allow: allow });
    const host = req.headers.host;
    const origin = host ? `http://${host}` : (this.listeningOrigin ?? 'http://127.0.0.1');
    const reply = await handler({ req, url, origin, params: found.params, owner: this.token });
    return { ...reply, headers: { Allow: allow, ...reply.headers } };
  }

  private findRoute(rest: string): { route: Route; params: string[] } | null {
    for (const route of this.routes) {
      const m = route.pattern.exec(rest);
      if (m) return { route, params: m.slice(1).map(decodeSegment) };
    }
    return null;
  }

  /** null when the header carries the right token, else the 401 DRF's TokenAuthentication sends. */
  private checkAuth(header: string | undefined): ApiError | null {
    const unauthorized = (detail: string) => new ApiError(401, { detail }, { 'WWW-Authenticate': 'Token' });
    const parts = (header ?? '').trim().split(/\s+/).filter(Boolean);
    if (parts.length === 0 || parts[0]!.toLowerCase() !== 'token') {
      return unauthorized('Authentication credentials were not provided.');
    }
    if (parts.length === 1) return unauthorized('Invalid token header. No credentials provided.');
    if (parts.length > 2) return unauthorized('Invalid token header. Token string should not contain spaces.');
    return parts[1] === this.token ? null : unauthorized('Invalid token.');
  }

  private takeFailure(method: string, url: URL): FailureRule | null {
    const target = url.pathname + url.search;
    const index = this.failures.findIndex(
      (f) => (!f.method || f.method.toUpperCase() === method) && matchesPath(f.path, url.pathname, target),
    );
    if (index < 0) return null;
    const rule = this.failures[index]!;
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.failures.splice(index, 1);
    return rule;
  }

  private send(res: ServerResponse, reply: Reply): void {
    if (res.headersSent) return;
    const headers: Record<string, string | number> = { Vary: 'Accept', ...reply.headers };
    let payload = '';
    if (reply.status === 301) {
      headers['Content-Type'] = 'text/html; charset=utf-8';
    } else if (typeof reply.body === 'string') {
      headers['Content-Type'] = 'text/html; charset=utf-8';
      payload = reply.body;
    } else if (reply.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(reply.body);
    }
    if (reply.status !== 204 && reply.status !== 304) headers['Content-Length'] = Buffer.byteLength(payload);
    res.writeHead(reply.status, headers);
    res.end(payload);
  }

  private async readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) throw new ApiError(413, { detail: 'Request body too large.' });
      chunks.push(chunk);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    if (text.trim() === '') return {};
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type === 'application/x-www-form-urlencoded') return Object.fromEntries(new URLSearchParams(text));
    if (type !== '' && type !== 'application/json') {
      throw new ApiError(415, { detail: `Unsupported media type "${type}" in request.` });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw new ApiError(400, { detail: `JSON parse error - ${(err as Error).message}` });
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      const got = Array.isArray(parsed) ? 'list' : parsed === null ? 'NoneType' : typeof parsed;
      throw new ApiError(400, { non_field_errors: [`Invalid data. Expected a dictionary, but got ${got}.`] });
    }
    return parsed as Record<string, unknown>;
  }

  /** `{count, next, previous, results}`, or `{count: N}` for `count=on`. */
  private listReply<T>(ctx: RequestContext, outcome: ListOutcome<T>, render: (item: T) => unknown): Reply {
    if (outcome.kind === 'count') return { status: 200, body: { count: outcome.count } };
    const base = ctx.origin + ctx.url.pathname;
    const params = ctx.url.searchParams;
    return {
      status: 200,
      body: {
        count: linkWith(base, params, { count: 'on' }),
        next: outcome.next ? linkWith(base, params, outcome.next) : null,
        previous: outcome.previous ? linkWith(base, params, outcome.previous) : null,
        results: outcome.items.map(render),
      },
    };
  }

  // ---- endpoints ----

  private showDocket(ctx: RequestContext): Reply {
    const id = ctx.params[0]!;
    const docket = isDigits(id) ? this.data.getDocket(Number(id)) : undefined;
    if (!docket) throw notFound('Docket');
    return { status: 200, body: renderDocket(docket, ctx.origin) };
  }

  private listEntries(ctx: RequestContext): Reply {
    const outcome = this.data.listEntries(ctx.url.searchParams, this.sizes);
    return this.listReply(ctx, outcome, (e) => renderEntry(e, ctx.origin));
  }

  private showEntry(ctx: RequestContext): Reply {
    const id = ctx.params[0]!;
    const entry = isDigits(id) ? this.data.getEntry(Number(id)) : undefined;
    if (!entry) throw notFound('DocketEntry');
    return { status: 200, body: renderEntry(entry, ctx.origin) };
  }

  private showDocument(ctx: RequestContext): Reply {
    const id = ctx.params[0]!;
    const doc = isDigits(id) ? this.data.getDocument(Number(id)) : undefined;
    if (!doc) throw notFound('RECAPDocument');
    return { status: 200, body: renderDocument(doc, ctx.origin) };
  }

  private showCourt(ctx: RequestContext): Reply {
    const court = this.data.getCourt(ctx.params[0]!);
    if (!court) throw notFound('Court');
    return { status: 200, body: renderCourt(court, ctx.origin) };
  }

  private listAlerts(ctx: RequestContext): Reply {
    const outcome = this.data.listDocketAlerts(ctx.owner, ctx.url.searchParams, this.sizes);
    return this.listReply(ctx, outcome, renderAlert);
  }

  private async createAlert(ctx: RequestContext): Promise<Reply> {
    const body = await this.readBody(ctx.req);
    return { status: 201, body: renderAlert(this.data.createDocketAlert(ctx.owner, body)) };
  }

  private alertId(ctx: RequestContext): number {
    const id = ctx.params[0]!;
    if (!isDigits(id)) throw notFound('DocketAlert');
    return Number(id);
  }

  private showAlert(ctx: RequestContext): Reply {
    return { status: 200, body: renderAlert(this.data.getDocketAlert(ctx.owner, this.alertId(ctx))) };
  }

  private async patchAlert(ctx: RequestContext): Promise<Reply> {
    const id = this.alertId(ctx);
    this.data.getDocketAlert(ctx.owner, id); // like DRF: 404 before the body is looked at
    const body = await this.readBody(ctx.req);
    return { status: 200, body: renderAlert(this.data.patchDocketAlert(ctx.owner, id, body)) };
  }

  private deleteAlert(ctx: RequestContext): Reply {
    this.data.deleteDocketAlert(ctx.owner, this.alertId(ctx));
    return { status: 204 };
  }
}
