import * as z from 'zod';
import type { Logger } from 'pino';
import { DEFAULT_COURTLISTENER_ORIGIN } from '../config/env.js';
import { Connections } from '../http/send.js';
import { BaseUrlError, CourtListenerError, RateLimitedError, describeStatus } from './errors.js';
import type { RequestPacer } from './pacer.js';
import { HEARTBEAT_MS, RequestPlan, requestLabel, sleepWithHeartbeat, waitLine, type WaitReport } from './progress.js';
import { byCodeUnits } from '../text-order.js';
import {
  CourtSchema,
  DocketAlertSchema,
  DocketEntrySchema,
  DocketSchema,
  pageSchema,
  type Court,
  type Docket,
  type DocketAlert,
  type DocketEntry,
} from './types.js';

export interface ClientOptions {
  origin: string; // e.g. https://www.courtlistener.com
  token: string;
  timeoutSeconds: number;
  maxAttempts: number;
  retryAfterCapSeconds: number;
  backoffBaseMs: number;
  logger?: Logger;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Quota pacing shared with other processes; every request (redirect hops too) takes a slot. */
  pacer?: RequestPacer;
  /** Hears a line at least every `heartbeatMs` while a request waits (pacer slot, Retry-After, backoff). */
  progress?: (line: string) => void;
  heartbeatMs?: number;
  /** Whether COURTLISTENER_BASE_URL set `origin` (for messages); guessed from the origin when unset. */
  originFromEnv?: boolean;
}

export interface RequestStats {
  total: number;
  byEndpoint: Record<string, number>;
}

const API_PREFIX = '/api/rest/v4/';
const MAX_REDIRECTS = 5;
/** Before any answer these mean "nothing is there": the base URL is wrong, or the network is down. */
const UNREACHABLE: Record<string, string> = {
  ECONNREFUSED: 'connection refused (nothing listens there)',
  ENOTFOUND: 'no such host (DNS)',
  EAI_NONAME: 'no such host (DNS)',
  EAI_FAIL: 'DNS lookup failed',
  EAI_AGAIN: 'DNS lookup failed (temporary; is the network up?)',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EADDRNOTAVAIL: 'address not available',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out (nothing answered)',
};
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO_|SELF_SIGNED_|UNABLE_TO_|EPROTO$)/;
const TRANSIENT_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CLOSED', 'EAI_AGAIN']);

interface RequestInit {
  method: 'GET' | 'PATCH' | 'POST';
  body?: string;
}

/** What the server said about a refusal (DRF `detail` or field errors), short, for the message. */
function serverDetail(text: string): string {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return '';
  }
  const detail = body && typeof body === 'object' && 'detail' in body ? String((body as { detail: unknown }).detail) : JSON.stringify(body);
  const short = detail.replace(/\s+/g, ' ').trim().slice(0, 200);
  return short && short !== '{}' ? ` — the server said: ${short}` : '';
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** An errno-style code, also from an AggregateError (several addresses tried) or a wrapped cause. */
function errorCode(err: unknown): string {
  const e = err as { code?: unknown; errors?: Array<{ code?: unknown }>; cause?: { code?: unknown } };
  // DOMException carries a numeric code (23 for a timeout); only string codes are errno names.
  for (const c of [e.code, e.errors?.[0]?.code, e.cause?.code]) if (typeof c === 'string') return c;
  return '';
}

/** A URL fit for a message: no userinfo (the token is a header and never in a URL). */
function shownUrl(url: URL): string {
  return url.origin + url.pathname + url.search;
}

/** Seconds to wait from a Retry-After header: delta-seconds or an HTTP-date. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v);
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, (at - nowMs) / 1000);
}

/**
 * CourtListener REST v4 over Node's http (src/http/send.ts): token auth, trailing-slash redirects, cursor pages,
 * Retry-After honoured up to a cap (shared by every later call), bounded retries with jittered
 * backoff for 5xx and dropped connections, and a count of requests per endpoint.
 */
export class CourtListenerClient {
  private readonly connections = new Connections();
  private readonly origin: URL;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private notBefore = 0; // client-wide barrier after a 429
  private readonly counts = new Map<string, number>();
  private answered = false; // any HTTP answer yet: before one, a refused connection means a wrong base URL
  private jsonSeen = false; // any JSON answer yet: before one, a web page means a wrong base URL
  /** What this run still expects to request, for the progress line. */
  readonly plan = new RequestPlan();

  constructor(private readonly opts: ClientOptions) {
    this.origin = new URL(opts.origin);
    this.sleep = opts.sleep ?? defaultSleep;
    this.random = opts.random ?? Math.random;
  }

  async close(): Promise<void> {
    this.connections.close();
  }

  stats(): RequestStats {
    const byEndpoint = Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => byCodeUnits(a, b)));
    return { total: [...this.counts.values()].reduce((a, b) => a + b, 0), byEndpoint };
  }

  getDocket(docketId: number): Promise<Docket> {
    return this.fetchJson(this.apiUrl(`dockets/${docketId}/`, {}), DocketSchema, { method: 'GET' }, requestLabel.docket(docketId));
  }

  getCourt(courtId: string): Promise<Court> {
    return this.fetchJson(this.apiUrl(`courts/${encodeURIComponent(courtId)}/`, {}), CourtSchema, { method: 'GET' }, requestLabel.court(courtId));
  }

  getDocketEntry(entryId: number): Promise<DocketEntry> {
    return this.fetchJson(this.apiUrl(`docket-entries/${entryId}/`, {}), DocketEntrySchema, { method: 'GET' }, requestLabel.entry(entryId));
  }

  /** Every docket alert of the account, all pages. */
  async listDocketAlerts(): Promise<DocketAlert[]> {
    const all: DocketAlert[] = [];
    for await (const page of this.pages('docket-alerts/', {}, DocketAlertSchema, requestLabel.alerts)) all.push(...page);
    return all;
  }

  /** Subscribes the account to a docket's webhooks. */
  createDocketAlert(docketId: number): Promise<DocketAlert> {
    const body = JSON.stringify({ docket: docketId, alert_type: 1 });
    return this.fetchJson(this.apiUrl('docket-alerts/', {}), DocketAlertSchema, { method: 'POST', body }, requestLabel.alert(docketId));
  }

  /** Re-arms a docket alert CourtListener is about to disable (alert_type 1 = subscribed). */
  patchDocketAlert(alertId: number, alertType: 0 | 1): Promise<unknown> {
    return this.fetchJson(this.apiUrl(`docket-alerts/${alertId}/`, {}), z.unknown(), { method: 'PATCH', body: JSON.stringify({ alert_type: alertType }) }, `docket alert ${alertId}`);
  }

  /**
   * Entries of a docket modified after `modifiedAfter` (UTC instant), oldest first, one page at a time,
   * so the caller can checkpoint after each page.
   */
  docketEntryPages(docketId: number, modifiedAfter: string | null): AsyncGenerator<DocketEntry[]> {
    const query: Record<string, string> = { docket: String(docketId), order_by: 'date_modified' };
    if (modifiedAfter) query.date_modified__gt = modifiedAfter;
    return this.pages('docket-entries/', query, DocketEntrySchema, (n) => requestLabel.entries(docketId, n), docketId);
  }

  /** `label(n)` names page n in progress lines; a page linking to a next one adds it to the plan. */
  async *pages<T extends z.ZodTypeAny>(
    path: string,
    query: Record<string, string>,
    item: T,
    label: (page: number) => string = (n) => `${path} page ${n}`,
    docketId: number | null = null,
  ): AsyncGenerator<z.infer<T>[]> {
    const schema = pageSchema(item);
    const seen = new Set<string>();
    const fetchPage = (url: URL, n: number): Promise<z.infer<typeof schema>> => {
      if (seen.has(url.href)) return Promise.reject(new CourtListenerError(`CourtListener pagination loops on ${this.endpointOf(url)}`, null, this.endpointOf(url)));
      seen.add(url.href);
      const page = this.fetchJson(url, schema, { method: 'GET' }, label(n)) as Promise<z.infer<typeof schema>>;
      // Awaited on the next turn of the loop, or dropped with the loop (its error then goes nowhere).
      page.catch(() => undefined);
      return page;
    };
    let pending: Promise<z.infer<typeof schema>> | null = fetchPage(this.apiUrl(path, query), 1);
    for (let n = 1; pending; n++) {
      const page: z.infer<typeof schema> = await pending;
      const next = page.next ? this.sameOrigin(new URL(page.next)) : null;
      if (next) this.plan.expect(label(n + 1), docketId);
      // The next page is asked for before this one is handed over, so CourtListener prepares it
      // while the caller works through this one (at most one page ahead: memory stays two pages).
      pending = next ? fetchPage(next, n + 1) : null;
      yield page.results as z.infer<T>[];
    }
  }

  private apiUrl(path: string, query: Record<string, string>): URL {
    const url = new URL(API_PREFIX + path, this.origin);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    return url;
  }

  /** `next` links are followed verbatim, but only ever sent to the configured origin (the token goes with them). */
  private sameOrigin(url: URL): URL {
    if (url.origin === this.origin.origin) return url;
    return new URL(url.pathname + url.search, this.origin);
  }

  private endpointOf(url: URL): string {
    const rest = url.pathname.startsWith(API_PREFIX) ? url.pathname.slice(API_PREFIX.length) : url.pathname;
    const name = rest.split('/').filter(Boolean)[0] ?? '/';
    return name;
  }

  private count(endpoint: string): void {
    this.counts.set(endpoint, (this.counts.get(endpoint) ?? 0) + 1);
  }

  /** Where the origin came from, for messages that ask the user to check it. */
  private originSource(): string {
    const fromEnv = this.opts.originFromEnv ?? this.origin.origin !== DEFAULT_COURTLISTENER_ORIGIN;
    return fromEnv ? `${this.origin.origin} (from COURTLISTENER_BASE_URL)` : `${this.origin.origin} (the default; COURTLISTENER_BASE_URL is not set)`;
  }

  /** An answer that is not JSON, before any JSON one: something other than a CourtListener API is there. */
  private notAnApi(status: number, headers: Record<string, string | string[] | undefined>, method: string, url: URL, endpoint: string): BaseUrlError {
    const type = String(headers['content-type'] ?? 'no content type').split(';')[0]!.trim();
    return new BaseUrlError(
      `${method} ${shownUrl(url)} answered ${status} ${type}, not CourtListener JSON: the base URL ${this.originSource()} ` +
        `probably does not point at a CourtListener API (a web page or a proxy answered) — check COURTLISTENER_BASE_URL`,
      status,
      endpoint,
    );
  }

  private report(reason: WaitReport['reason'], waitMs: number, next: string): void {
    this.opts.progress?.(waitLine({ reason, waitMs, perMinute: this.opts.pacer?.perMinute ?? null, done: this.stats().total, remaining: this.plan.remaining(), next }));
  }

  /** A wait the user hears about (when a progress callback is set). */
  private pause(ms: number, reason: WaitReport['reason'], label: string): Promise<void> {
    if (!this.opts.progress) return this.sleep(ms);
    return sleepWithHeartbeat(ms, this.sleep, (left) => this.report(reason, left, label), this.opts.heartbeatMs ?? HEARTBEAT_MS);
  }

  private backoffMs(attempt: number): number {
    const ceiling = Math.min(30_000, this.opts.backoffBaseMs * 2 ** (attempt - 1));
    return Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
  }

  private async fetchJson<T extends z.ZodTypeAny>(url: URL, schema: T, init: RequestInit, label: string): Promise<z.infer<T>> {
    this.plan.start(label);
    try {
      return await this.attempts(url, schema, init, label);
    } finally {
      this.plan.finish();
    }
  }

  private async attempts<T extends z.ZodTypeAny>(url: URL, schema: T, init: RequestInit, label: string): Promise<z.infer<T>> {
    const endpoint = this.endpointOf(url);
    const log = this.opts.logger;
    let lastError: CourtListenerError | null = null;
    for (let attempt = 1; attempt <= this.opts.maxAttempts; attempt++) {
      const wait = this.notBefore - Date.now();
      if (wait > 0) await this.pause(wait, 'retry-after', label);
      let res: { status: number; headers: Record<string, string | string[] | undefined>; text: string; url: URL };
      try {
        res = await this.follow(url, endpoint, init, label);
      } catch (err) {
        // Our own verdicts (the quota says stop, too many redirects) are not connection trouble.
        if (err instanceof CourtListenerError) throw err;
        const name = (err as Error).name;
        const timedOut = name === 'TimeoutError' || name === 'AbortError';
        const code = errorCode(err);
        // Nothing has ever answered: retrying a wrong base URL only delays the message by minutes.
        if (!this.answered && !timedOut && (Object.hasOwn(UNREACHABLE, code) || TLS_CODE.test(code))) {
          throw new BaseUrlError(`cannot reach CourtListener at ${this.originSource()}: ${UNREACHABLE[code] ?? code} — check COURTLISTENER_BASE_URL and the network`, null, endpoint);
        }
        const transient = timedOut || TRANSIENT_CODES.has(code) || /socket|terminated|other side closed/i.test((err as Error).message);
        const reason = timedOut ? `no answer within ${this.opts.timeoutSeconds} s` : code || (err as Error).message;
        lastError = new CourtListenerError(
          `cannot reach CourtListener (${endpoint}): ${reason}`,
          null,
          endpoint,
        );
        if (!transient || attempt === this.opts.maxAttempts) throw lastError;
        const delay = this.backoffMs(attempt);
        log?.warn({ endpoint, attempt, delayMs: delay, code }, 'CourtListener connection failed; retrying');
        await this.pause(delay, 'backoff', label);
        continue;
      }
      let body: unknown;
      try {
        body = JSON.parse(res.text);
        this.jsonSeen = true;
      } catch {
        body = undefined;
      }
      const notJson = body === undefined && res.status !== 429 && res.status < 500;
      if (notJson && (res.status < 300 || !this.jsonSeen)) {
        const err = this.notAnApi(res.status, res.headers, init.method, res.url, endpoint);
        // Once CourtListener has answered in JSON, one odd page is that request's failure, not the run's.
        throw this.jsonSeen ? new CourtListenerError(err.message, err.status, endpoint) : err;
      }
      if (res.status >= 200 && res.status < 300) {
        const parsed = schema.safeParse(body);
        if (!parsed.success) {
          throw new CourtListenerError(
            `CourtListener sent an unexpected ${endpoint} object: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
            res.status,
            endpoint,
          );
        }
        return parsed.data as z.infer<T>;
      }
      if (res.status === 429) {
        const header = res.headers['retry-after'];
        const retryAfter = parseRetryAfter(Array.isArray(header) ? header[0] : header, Date.now());
        const waitSeconds = retryAfter ?? this.backoffMs(attempt) / 1000;
        if (waitSeconds > this.opts.retryAfterCapSeconds) throw new RateLimitedError(endpoint, waitSeconds, this.opts.retryAfterCapSeconds);
        // One second beyond the server's figure: waiting exactly Retry-After re-hits the same window.
        const waitMs = Math.ceil(waitSeconds * 1000) + 1000;
        this.notBefore = Math.max(this.notBefore, Date.now() + waitMs);
        lastError = new CourtListenerError(`CourtListener kept answering 429 on ${endpoint}`, 429, endpoint);
        log?.warn({ endpoint, attempt, retryAfterSeconds: retryAfter, waitMs }, 'CourtListener rate limit (429); waiting');
        continue;
      }
      if (res.status >= 500) {
        lastError = new CourtListenerError(`CourtListener answered ${res.status} on ${endpoint} ${this.opts.maxAttempts} times`, res.status, endpoint);
        if (attempt === this.opts.maxAttempts) break;
        const delay = this.backoffMs(attempt);
        log?.warn({ endpoint, attempt, status: res.status, delayMs: delay }, 'CourtListener server error; retrying');
        await this.pause(delay, 'backoff', label);
        continue;
      }
      throw new CourtListenerError(`${describeStatus(res.status, endpoint)}${serverDetail(res.text)}`, res.status, endpoint);
    }
    throw lastError ?? new CourtListenerError(`CourtListener request failed on ${endpoint}`, null, endpoint);
  }

  /**
   * One logical request: follows redirects (CourtListener adds trailing slashes that way), counting
   * every response. A request that got no answer gives its pacer slot back: it cost no quota.
   */
  private async follow(start: URL, endpoint: string, init: RequestInit, label: string) {
    let url = start;
    const pacer = this.opts.pacer;
    const onWait = this.opts.progress ? (left: number) => this.report('slot', left, label) : undefined;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const slot = await pacer?.acquire(endpoint, onWait);
      let res;
      try {
        res = await this.connections.send(url, {
          method: init.method,
          body: init.body,
          headers: {
            authorization: `Token ${this.opts.token}`,
            accept: 'application/json',
            ...(init.body ? { 'content-type': 'application/json' } : {}),
            'user-agent': 'case-calendar',
          },
          timeoutMs: this.opts.timeoutSeconds * 1000,
        });
      } catch (err) {
        if (pacer && slot !== undefined) pacer.release(slot);
        throw err;
      }
      this.answered = true;
      this.count(endpoint);
      const location = res.headers.location;
      if (res.status >= 300 && res.status < 400 && location) {
        url = this.sameOrigin(new URL(location, url));
        continue;
      }
      return { status: res.status, headers: res.headers, text: res.text, url };
    }
    throw new CourtListenerError(`CourtListener redirected more than ${MAX_REDIRECTS} times on ${endpoint}`, null, endpoint);
  }
}
