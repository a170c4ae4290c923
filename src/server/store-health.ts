import type { Logger } from 'pino';
import { storageErrorCode, type StoreProblem } from '../store/integrity.js';

export interface StoreFailure extends StoreProblem {
  since: string;
}

export interface StoreHealthOptions {
  /** Null when the store can be read and written again (see storeProblem). */
  check: () => StoreProblem | null;
  log: Logger;
  /** How often a failing store is re-checked. */
  recheckMs?: number;
}

const MAX_MESSAGE = 200;

/**
 * Whether the store file still works, shared by the receiver and the worker: the first storage
 * error either of them hits marks it failing (health answers 503, deliveries are refused so
 * CourtListener retries later), and a periodic re-check clears it once a write succeeds again.
 */
export class StoreHealth {
  private current: StoreFailure | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly listeners: Array<() => void> = [];
  private readonly failListeners: Array<(failure: StoreFailure, where: string) => void> = [];

  constructor(private readonly opts: StoreHealthOptions) {}

  get failure(): StoreFailure | null {
    return this.current;
  }

  /** Records err if it is a storage error (true), else leaves it to the caller (false). */
  record(err: unknown, where: string): boolean {
    const code = storageErrorCode(err);
    if (!code) return false;
    this.fail({ code, message: (err as Error).message }, where);
    return true;
  }

  /** Marks the store failing with a problem found elsewhere (the worker thread's connection). */
  report(problem: StoreProblem, where: string): void {
    this.fail(problem, where);
  }

  /** Called when the store goes from working to failing (the worker thread tells the receiver's side). */
  onFailed(fn: (failure: StoreFailure, where: string) => void): void {
    this.failListeners.push(fn);
  }

  /** Called with each recovery (the worker resumes on it). */
  onRecovered(fn: () => void): void {
    this.listeners.push(fn);
  }

  /** Runs the check now; true when the store is fine. */
  recheck(): boolean {
    let problem: StoreProblem | null;
    try {
      problem = this.opts.check();
    } catch (err) {
      problem = { code: storageErrorCode(err) ?? 'SQLITE_ERROR', message: (err as Error).message };
    }
    if (problem) {
      if (this.current) this.current = { ...this.current, ...this.short(problem) };
      else this.fail(problem, 'check');
      return false;
    }
    if (this.current) {
      this.opts.log.warn({ code: this.current.code, since: this.current.since }, 'store works again; accepting deliveries');
      this.current = null;
      this.stopTimer();
      for (const fn of this.listeners) fn();
    }
    return true;
  }

  stop(): void {
    this.stopTimer();
  }

  private fail(problem: StoreProblem, where: string): void {
    const first = !this.current;
    this.current = { ...this.short(problem), since: this.current?.since ?? new Date().toISOString() };
    if (!first) return;
    this.opts.log.error(
      { code: problem.code, err: problem.message, where },
      'store is failing: refusing deliveries (503) until a write succeeds again; restore it from a backup if it is corrupt',
    );
    this.timer = setInterval(() => this.recheck(), this.opts.recheckMs ?? 15_000);
    this.timer.unref();
    for (const fn of this.failListeners) fn(this.current, where);
  }

  private short(problem: StoreProblem): StoreProblem {
    return { code: problem.code, message: problem.message.slice(0, MAX_MESSAGE) };
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
