import type { Logger } from 'pino';
import type { Extractor } from '../extract/types.js';

/**
 * Test-only fault injection for `serve`'s worker thread, read from the environment when the thread
 * builds its extractor. Nothing sets these in use; without them the extractor is returned as is.
 *
 * - CASE_CALENDAR_TEST_BUSY_EXTRACT_MS=<ms>: every entry that reaches the extractor first keeps the
 *   thread's CPU busy for that long (a synchronous loop, like a slow regex over a long order), so a
 *   test can show that acknowledgements do not wait for the worker.
 * - CASE_CALENDAR_TEST_WORKER_DIE=1: the first entry that reaches the extractor never gets an answer,
 *   and an error thrown outside any promise chain ends the thread with that delivery in hand, so a
 *   test can show what serve does then.
 */
export function withTestHooks(extractor: Extractor, env: NodeJS.ProcessEnv, log: Logger): Extractor {
  const busyMs = Number(env.CASE_CALENDAR_TEST_BUSY_EXTRACT_MS ?? 0);
  const die = env.CASE_CALENDAR_TEST_WORKER_DIE === '1';
  if (!(busyMs > 0) && !die) return extractor;
  return {
    name: extractor.name,
    extract(input) {
      if (die) {
        log.warn('test hook: the worker thread dies now');
        setImmediate(() => {
          throw new Error('test hook: CASE_CALENDAR_TEST_WORKER_DIE');
        });
        // Never answers: the delivery is still in hand when the thread goes, as in a real crash.
        return new Promise<never>(() => undefined);
      }
      if (busyMs > 0) {
        log.warn({ busyMs }, 'test hook: extraction keeps the CPU busy');
        const until = performance.now() + busyMs;
        while (performance.now() < until) {
          // spin: CPU-bound on purpose
        }
      }
      return extractor.extract(input);
    },
  };
}
