import { retryAfterMs } from '../http/retry-after.js';

/**
 * Calendar API calls (Google Calendar v3, Microsoft Graph) with the retries both vendors ask for:
 * 429, 5xx and Google's 403 rate-limit answers wait (Retry-After when given, else exponential
 * backoff) and try again; a 401 refreshes the token once. Bodies are JSON both ways.
 */

/** An access token, fetched lazily: a push with nothing to send asks the token endpoint nothing. */
export interface TokenSource {
  token(): Promise<string>;
  /** A new token after the API refused `stale`. */
  refresh(stale?: string): Promise<string>;
}

/**
 * One token source shared by parallel calls: a single token request at a time, and calls refused
 * with a token already replaced take the new one instead of refreshing again (refresh tokens
 * rotate, so a second refresh with the old one would be refused).
 */
export class SharedTokens implements TokenSource {
  private inflight: Promise<string> | null = null;
  private last: string | null = null;

  constructor(private readonly source: TokenSource) {}

  token(): Promise<string> {
    return this.once(() => this.source.token());
  }

  refresh(stale?: string): Promise<string> {
    if (stale !== undefined && this.last !== null && this.last !== stale) return Promise.resolve(this.last);
    return this.once(() => this.source.refresh(stale));
  }

  private once(fetch: () => Promise<string>): Promise<string> {
    this.inflight ??= fetch()
      .then((t) => {
        this.last = t;
        return t;
      })
      .finally(() => {
        this.inflight = null;
      });
    return this.inflight;
  }
}

/** The credentials are gone for good (revoked, expired refresh token): the user must run `setup` again. */
export class PushAuthError extends Error {
  override name = 'PushAuthError';
}

export class PushHttpError extends Error {
  override name = 'PushHttpError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface RetryPolicy {
  maxAttempts: number;
  backoffBaseMs: number;
  retryAfterCapMs: number;
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 6, backoffBaseMs: 1000, retryAfterCapMs: 120_000 };

export interface ApiAnswer {
  status: number;
  body: unknown;
}

const sleepMs = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Google says "rate limit" with 403 too; other 403s (no access to the calendar) are final. */
function isRateLimit403(body: unknown): boolean {
  const reasons = JSON.stringify((body as { error?: { errors?: unknown } } | null)?.error ?? '');
  return /rateLimitExceeded|userRateLimitExceeded|quotaExceeded/.test(reasons);
}

/** What the API said went wrong, for messages: its own error text, never a token. */
export function apiErrorText(body: unknown): string {
  const e = (body as { error?: unknown } | null)?.error;
  if (typeof e === 'string') return e;
  if (e && typeof e === 'object') {
    const m = (e as { message?: unknown; code?: unknown }).message;
    if (typeof m === 'string') return m;
  }
  return typeof body === 'string' ? body.slice(0, 200) : '';
}

export interface CallOptions {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
  tokens: TokenSource;
  retry: RetryPolicy;
  /** Counts every HTTP request sent, retries included (for reports and benchmarks). */
  onRequest?: () => void;
}

/**
 * Sends one API call and returns its final answer, whatever the status, once retries are spent or
 * not called for. Throws PushAuthError when the API refuses a freshly refreshed token.
 */
export async function callApi(opts: CallOptions): Promise<ApiAnswer> {
  const sleep = opts.retry.sleep ?? sleepMs;
  let token = await opts.tokens.token();
  let refreshed = false;
  for (let attempt = 1; ; attempt++) {
    opts.onRequest?.();
    let status: number;
    let body: unknown;
    let retryAfter: number | null = null;
    try {
      const { request } = await import('undici'); // only runs that push pay for loading it
      const res = await request(opts.url, {
        method: opts.method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...opts.headers,
        },
        body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
        headersTimeout: 60_000,
        bodyTimeout: 60_000,
      });
      status = res.statusCode;
      retryAfter = retryAfterMs(res.headers);
      const text = await res.body.text();
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        body = text;
      }
    } catch (err) {
      // Connection reset, DNS, time-out: retried like a 503.
      if (attempt >= opts.retry.maxAttempts) throw new PushHttpError(0, `${opts.method} failed: ${(err as Error).message}`);
      await sleep(backoff(opts.retry, attempt));
      continue;
    }
    if (status === 401 && !refreshed) {
      refreshed = true;
      token = await opts.tokens.refresh(token);
      continue;
    }
    if (status === 401) throw new PushAuthError(`the API refused a freshly refreshed token (401): ${apiErrorText(body)}`);
    const retryable = status === 429 || status >= 500 || (status === 403 && isRateLimit403(body));
    if (!retryable || attempt >= opts.retry.maxAttempts) return { status, body };
    const wait = retryAfter;
    await sleep(wait !== null ? Math.min(wait, opts.retry.retryAfterCapMs) : backoff(opts.retry, attempt));
  }
}

function backoff(p: RetryPolicy, attempt: number): number {
  const base = p.backoffBaseMs * 2 ** (attempt - 1);
  return Math.min(base + Math.random() * p.backoffBaseMs, p.retryAfterCapMs);
}
