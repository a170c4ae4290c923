import type { Logger } from 'pino';
import type { StoreProblem } from '../store/integrity.js';
import type { Store } from '../store/store.js';
import type { WorkerStatus } from './receiver.js';
import type { StoreHealth } from './store-health.js';
import type { WorkerThread } from './worker-thread.js';

/** How often the inbox is looked at while no thread runs, for retries coming due and rows `inbox replay` re-queued. */
const PARKED_POLL_MS = 2_000;
/** setTimeout's longest delay. */
const MAX_TIMER_MS = 2_147_000_000;

type State = 'running' | 'parking' | 'parked' | 'stopped';

/**
 * serve's inbox worker over its life: one thread at a time. A thread idle for
 * webhook.worker_idle_seconds says so and is stopped, which gives back most of what it holds (its
 * isolate, the pipeline and renderer it loaded: ~10 MB of an idle serve's ~76). The next
 * delivery starts a new one, as does a retry or a replayed delivery coming due (the inbox is read
 * every 2 s through the receiver's connection) or a notification retry falling due. Deliveries
 * wait in the inbox meanwhile, as they do while a thread loads, so nothing accepted is lost.
 */
export class InboxWorkerSupervisor {
  /** The first thread's readiness: serve reports its failure to start as its own. */
  readonly ready: Promise<void>;
  private thread: WorkerThread | null;
  private state: State = 'running';
  private started = false;
  /** A delivery arrived while the idle thread was stopping: start another once it has. */
  private wakeWhenParked = false;
  private parking: Promise<void> | null = null;
  private health: StoreHealth | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private wakeTimer: NodeJS.Timeout | null = null;
  private readonly diedListeners: Array<(reason: string) => void> = [];
  /** Threads started after the first (for health and tests). */
  restarts = 0;

  constructor(
    private readonly spawnThread: () => WorkerThread,
    /** The receiver's connection: read while no thread runs, and it checkpoints the WAL then. */
    private readonly store: Store,
    private readonly log: Logger,
    private readonly pollMs = PARKED_POLL_MS,
  ) {
    // A thread's connection commits far more than this one and checkpoints the WAL after its
    // commits; this one does it only while no thread runs (without either, the WAL grows without end).
    store.setAutoCheckpoint(false);
    this.thread = this.adopt(spawnThread());
    this.ready = this.thread.ready;
  }

  /** For the receiver's health answer. */
  status(): WorkerStatus {
    return { thread: this.thread ? 'up' : 'ended-idle', restarts: this.restarts };
  }

  bindHealth(health: StoreHealth): void {
    this.health = health;
    this.thread?.bindHealth(health);
  }

  /** The running thread's connection problem; none while parked (the receiver's own connection speaks for the file). */
  storeProblem(): StoreProblem | null {
    return this.thread?.storeProblem() ?? null;
  }

  /** Called when a thread ends unasked, or a new one cannot start: serve exits for its service manager to restart it. */
  onDied(fn: (reason: string) => void): void {
    this.diedListeners.push(fn);
  }

  start(): void {
    this.started = true;
    this.thread?.start();
  }

  /** A delivery was queued. */
  wake(): void {
    if (this.state === 'running') this.thread?.wake();
    else if (this.state === 'parking') this.wakeWhenParked = true;
    else if (this.state === 'parked') this.restart('a delivery arrived');
  }

  async stop(): Promise<void> {
    this.state = 'stopped';
    this.clearTimers();
    await this.parking;
    await this.thread?.stop();
  }

  private adopt(thread: WorkerThread): WorkerThread {
    if (this.health) thread.bindHealth(this.health);
    thread.onDied((reason) => this.died(reason));
    thread.onIdle((wakeAt) => {
      if (thread === this.thread && this.state === 'running') this.parking = this.park(thread, wakeAt);
    });
    return thread;
  }

  private died(reason: string): void {
    if (this.state === 'stopped') return;
    for (const fn of this.diedListeners) fn(reason);
  }

  private async park(thread: WorkerThread, wakeAt: Date | null): Promise<void> {
    this.state = 'parking';
    this.wakeWhenParked = false;
    try {
      await thread.stop();
    } finally {
      this.parking = null;
    }
    if (this.state !== 'parking') return; // serve is stopping
    this.thread = null;
    this.state = 'parked';
    // Nothing else commits much now, but the heartbeat and pruning still write.
    this.store.setAutoCheckpoint(true);
    this.log.info({ wakeAt: wakeAt?.toISOString() ?? null }, 'inbox worker thread ended while idle; the next delivery starts another');
    // A delivery accepted while it stopped (its wake came too late for that thread) is in the inbox.
    if (this.wakeWhenParked || this.inboxDue()) return this.restart('a delivery arrived while the idle thread stopped');
    this.pollTimer = setInterval(() => {
      if (this.inboxDue()) this.restart('a retry or a replayed delivery came due');
    }, this.pollMs);
    this.pollTimer.unref();
    if (wakeAt) {
      this.wakeTimer = setTimeout(() => this.restart('a notification retry came due'), Math.min(Math.max(0, wakeAt.getTime() - Date.now()), MAX_TIMER_MS));
      this.wakeTimer.unref();
    }
  }

  private restart(reason: string): void {
    if (this.state !== 'parked') return;
    this.clearTimers();
    this.store.setAutoCheckpoint(false);
    const thread = this.adopt(this.spawnThread());
    thread.ready.catch((err: Error) => this.died(`a new inbox worker thread could not start: ${err.message}`));
    this.thread = thread;
    this.state = 'running';
    this.restarts++;
    if (this.started) thread.start();
    this.log.info({ reason }, 'inbox worker thread started again');
  }

  private inboxDue(): boolean {
    try {
      const next = this.store.inboxNextDueAt();
      return next !== null && Date.parse(next) <= Date.now();
    } catch (err) {
      // The receiver answers 503 while the file fails; rows are looked for again once it recovers.
      if (!this.health?.record(err, 'inbox poll')) this.log.error({ err: (err as Error).message }, 'reading the inbox failed');
      return false;
    }
  }

  private clearTimers(): void {
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.pollTimer = null;
    this.wakeTimer = null;
  }
}
