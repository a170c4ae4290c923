import type { Logger } from 'pino';
import type { Store } from '../store/store.js';
import { QuotaStopError } from './errors.js';
import { HEARTBEAT_MS, sleepWithHeartbeat } from './progress.js';

/** Decides when the next CourtListener request may go out. */
export interface RequestPacer {
  readonly perMinute: number;
  /**
   * Resolves with the slot taken when a request may be sent; throws QuotaStopError when waiting
   * would be too long. `onWait(remainingMs)` hears about a wait at least every heartbeat.
   */
  acquire(endpoint: string, onWait?: (remainingMs: number) => void): Promise<number>;
  /** Gives a slot back: its request got no answer, so it cost no quota. */
  release(slot: number): void;
  /** Requests sent in the last 24 hours (every process sharing the quota) and the daily budget. */
  usage(): { usedToday: number; perDay: number | null; perMinute: number };
}

export interface PacerOptions {
  perMinute: number;
  perDay: number | null;
  /** Longest single wait accepted; a longer one (the day budget spent) stops the run instead. */
  maxWaitSeconds: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  log?: Logger;
  /** Longest silence while waiting, for `onWait`. Default 5 s. */
  heartbeatMs?: number;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Spreads requests to stay inside CourtListener's quota (free tier: 5 a minute), counting every
 * request any process logged in the shared store, so `sync` and `serve` share one budget rather
 * than each spending it. Waiting a minute is normal at the free tier; waiting out a spent daily
 * budget is not: that ends the run, and the next one resumes from its checkpoints.
 */
export class StorePacer implements RequestPacer {
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private announced = false;

  constructor(
    private readonly store: Store,
    private readonly opts: PacerOptions,
  ) {
    this.now = opts.now ?? Date.now;
    this.sleep = opts.sleep ?? defaultSleep;
  }

  get perMinute(): number {
    return this.opts.perMinute;
  }

  async acquire(endpoint: string, onWait?: (remainingMs: number) => void): Promise<number> {
    for (;;) {
      const slot = this.store.takeRequestSlot(this.now(), endpoint, this.opts.perMinute, this.opts.perDay);
      if (slot.granted) return slot.id;
      if (slot.dayExhausted || slot.waitMs > this.opts.maxWaitSeconds * 1000) {
        throw new QuotaStopError(
          slot.dayExhausted
            ? `the daily CourtListener budget (courtlistener.max_requests_per_day: ${this.opts.perDay}) is spent; a request slot frees up in ${Math.ceil(slot.waitMs / 60_000)} min`
            : `the next CourtListener request slot is ${Math.ceil(slot.waitMs / 1000)} s away, beyond courtlistener.retry_after_cap_seconds`,
          endpoint,
          slot.waitMs,
        );
      }
      if (!this.announced) {
        this.announced = true;
        this.opts.log?.info({ endpoint, waitMs: slot.waitMs, perMinute: this.opts.perMinute }, 'pacing CourtListener requests to stay within the quota');
      }
      if (onWait) await sleepWithHeartbeat(slot.waitMs, this.sleep, onWait, this.opts.heartbeatMs ?? HEARTBEAT_MS);
      else await this.sleep(slot.waitMs);
    }
  }

  release(slot: number): void {
    this.store.releaseRequestSlot(slot);
  }

  usage(): { usedToday: number; perDay: number | null; perMinute: number } {
    return { usedToday: this.store.requestsInLastDay(this.now()), perDay: this.opts.perDay, perMinute: this.opts.perMinute };
  }
}

/** The most requests inside any window of `windowMs` (sliding), from sorted times: sizes the tier. */
export function busiestWindow(sortedTimes: number[], windowMs: number): number {
  let best = 0;
  let from = 0;
  for (let to = 0; to < sortedTimes.length; to++) {
    while (sortedTimes[to]! - sortedTimes[from]! >= windowMs) from++;
    best = Math.max(best, to - from + 1);
  }
  return best;
}
