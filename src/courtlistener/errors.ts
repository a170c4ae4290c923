import { UserError, EXIT_RUNTIME } from '../errors.js';

/** A CourtListener answer we cannot use. Messages never contain the token. */
export class CourtListenerError extends UserError {
  override readonly name: string = 'CourtListenerError';
  constructor(
    message: string,
    readonly status: number | null,
    readonly endpoint: string,
  ) {
    super(message, EXIT_RUNTIME);
  }
}

/** CourtListener asked us to wait longer than the configured cap; the run gives up on that work. */
export class RateLimitedError extends CourtListenerError {
  override readonly name = 'RateLimitedError';
  constructor(
    endpoint: string,
    readonly retryAfterSeconds: number,
    capSeconds: number,
  ) {
    super(
      `CourtListener rate limit: asked to wait ${Math.round(retryAfterSeconds)} s, more than the ${capSeconds} s cap ` +
        `(courtlistener.retry_after_cap_seconds); try again later or raise the cap`,
      429,
      endpoint,
    );
  }
}

/**
 * The quota (our pacer's daily budget, or a Retry-After beyond the cap) says stop: the run ends
 * cleanly, its checkpoints kept, and the next run continues where it stopped.
 */
export class QuotaStopError extends CourtListenerError {
  override readonly name = 'QuotaStopError';
  constructor(
    message: string,
    endpoint: string,
    readonly waitMs: number,
  ) {
    super(message, null, endpoint);
  }
}

/**
 * COURTLISTENER_BASE_URL (or the default origin) leads nowhere useful: nothing listens, no such
 * host, or a web page answers. Every request would fail the same way, so the run stops at once.
 */
export class BaseUrlError extends CourtListenerError {
  override readonly name = 'BaseUrlError';
}

export function describeStatus(status: number, endpoint: string): string {
  switch (status) {
    case 401:
      return `CourtListener rejected the credentials (401) on ${endpoint}: COURTLISTENER_TOKEN is missing or invalid — check it at https://www.courtlistener.com/profile/api/`;
    case 403:
      return `CourtListener refused access (403) to ${endpoint}: the token is valid but the account lacks permission for this API (docket entries need RECAP API access), or the token is wrong`;
    case 404:
      return `CourtListener has no such object (404) at ${endpoint}: check the docket id in config.yaml`;
    default:
      return `CourtListener answered ${status} on ${endpoint}`;
  }
}
