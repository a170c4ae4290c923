import type { Logger } from 'pino';
import type { Config } from '../config/types.js';
import type { Store } from '../store/store.js';
import { CourtListenerClient, type ClientOptions } from './client.js';
import { StorePacer } from './pacer.js';

/** The client every command uses: the configured retries, and pacing shared through the store. */
export function createClient(
  config: Config,
  store: Store,
  origin: string,
  token: string,
  log: Logger,
  extra: Pick<ClientOptions, 'progress' | 'originFromEnv'> = {},
): CourtListenerClient {
  const c = config.courtlistener;
  return new CourtListenerClient({
    origin,
    token,
    timeoutSeconds: c.timeoutSeconds,
    maxAttempts: c.maxAttempts,
    retryAfterCapSeconds: c.retryAfterCapSeconds,
    backoffBaseMs: c.backoffBaseMs,
    logger: log,
    pacer: new StorePacer(store, { perMinute: c.maxRequestsPerMinute, perDay: c.maxRequestsPerDay, maxWaitSeconds: c.retryAfterCapSeconds, log }),
    ...extra,
  });
}
