import { CourtListenerClient } from '../../src/courtlistener/client.js';

export type ClientOptions = ConstructorParameters<typeof CourtListenerClient>[0];

/** A client with test-sized timeouts and backoff that records every wait it asks for in `sleeps`. */
export function testClient(origin: string, token: string, sleeps: number[], over: Partial<ClientOptions> = {}, realWaitCapMs = 0): CourtListenerClient {
  return new CourtListenerClient({
    origin,
    token,
    timeoutSeconds: 5,
    maxAttempts: 4,
    retryAfterCapSeconds: 60,
    backoffBaseMs: 10,
    sleep: async (ms) => {
      sleeps.push(ms);
      if (realWaitCapMs > 0) await new Promise((r) => setTimeout(r, Math.min(ms, realWaitCapMs)));
    },
    ...over,
  });
}
