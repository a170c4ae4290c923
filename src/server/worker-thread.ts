import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { EXIT_RUNTIME, UserError } from '../errors.js';
import type { StoreProblem } from '../store/integrity.js';
import type { StoreHealth } from './store-health.js';
import { FromWorkerSchema, type ToWorker, type WorkerDataInput } from './worker-messages.js';

/** The main thread's end: a node:worker_threads Worker, or a stand-in over a MessagePort in tests. */
export interface ThreadLike {
  postMessage(value: ToWorker): void;
  on(event: 'message', listener: (value: unknown) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  terminate(): Promise<number>;
}

/** How long a thread that said it stopped may take to end before it is terminated. */
const EXIT_GRACE_MS = 2_000;

/** The environment the thread gets: the process's (tokens, API keys), minus the receiver's own secret. */
function threadEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.CASE_CALENDAR_WEBHOOK_SECRET;
  return env;
}

/**
 * The inbox worker as seen from `serve`'s main thread. The worker's extraction and rendering are
 * CPU work; in its own thread they cannot delay an acknowledgement. This side starts and wakes it,
 * stops it on SIGTERM, mirrors its storage errors into the receiver's StoreHealth, and reports its
 * unexpected end through onDied.
 */
export class WorkerThread {
  /** Resolves once the thread built its worker; rejects with the reason it could not. */
  readonly ready: Promise<void>;
  /** The storage problem the thread's connection last reported; null while it works. */
  private problem: StoreProblem | null = null;
  private health: StoreHealth | null = null;
  private isReady = false;
  private stopping = false;
  private stopped = false;
  private exitCode: number | null = null;
  private lastError: Error | null = null;
  private wakeQueued = false;
  private readonly exited: Promise<number>;
  private readonly diedListeners: Array<(reason: string) => void> = [];
  private readonly idleListeners: Array<(wakeAt: Date | null) => void> = [];
  private settleReady!: (err?: Error) => void;

  /**
   * Starts the thread from the entry next to this module: dist/server/worker-entry.js as tsc writes
   * it, or dist/bundle/worker/worker-entry.js next to the bundled CLI (dist/bundle/cli.cjs).
   */
  static spawn(data: WorkerDataInput, log: Logger): WorkerThread {
    const entry = import.meta.url.endsWith('.cjs') ? './worker/worker-entry.js' : './worker-entry.js';
    const thread = new Worker(new URL(entry, import.meta.url), { workerData: data, env: threadEnv(), name: 'inbox-worker' });
    return new WorkerThread(thread, log);
  }

  constructor(
    private readonly thread: ThreadLike,
    private readonly log: Logger,
  ) {
    this.ready = new Promise<void>((resolve, reject) => {
      this.settleReady = (err) => (err ? reject(err) : resolve());
    });
    // A rejection nobody awaits yet (the thread failing while serve opens its store) must not crash the process.
    this.ready.catch(() => undefined);
    this.exited = new Promise<number>((resolve) =>
      thread.on('exit', (code) => {
        this.exitCode = code;
        resolve(code);
        this.onExit(code);
      }),
    );
    thread.on('error', (err) => {
      this.lastError = err;
    });
    thread.on('message', (raw) => this.onMessage(raw));
  }

  /** Has the thread's storage errors mark the receiver's StoreHealth failing, and its recovery clear it. */
  bindHealth(health: StoreHealth): void {
    this.health = health;
  }

  /**
   * For the receiver's StoreHealth check: the thread's connection's problem, null when it works. A
   * problem is re-checked in the thread at once; its 'store-ok' answer then clears the failure here.
   */
  storeProblem(): StoreProblem | null {
    if (this.problem) this.post({ type: 'recheck-store' });
    return this.problem;
  }

  /** Called with a description when the thread ends without being asked to. */
  onDied(fn: (reason: string) => void): void {
    this.diedListeners.push(fn);
  }

  /** Called when the thread says it has been idle for the time it was given (see WorkerData.idleExitMs). */
  onIdle(fn: (wakeAt: Date | null) => void): void {
    this.idleListeners.push(fn);
  }

  /** Begins draining the inbox (after the receiver listens). */
  start(): void {
    this.post({ type: 'start' });
  }

  /** New deliveries were queued. One message per turn of the event loop covers a whole group commit. */
  wake(): void {
    if (this.wakeQueued) return;
    this.wakeQueued = true;
    setImmediate(() => {
      this.wakeQueued = false;
      this.post({ type: 'wake' });
    });
  }

  /** Lets the worker finish the delivery in hand and close its store, then ends the thread. */
  async stop(): Promise<void> {
    if (this.exitCode !== null) return;
    this.stopping = true;
    // Still loading, or failed to build: nothing is in hand, and nothing may be listening for 'stop'.
    if (!this.isReady) {
      await this.thread.terminate();
      return;
    }
    this.post({ type: 'stop' });
    await this.exited;
  }

  private post(message: ToWorker): void {
    if (this.exitCode === null) this.thread.postMessage(message);
  }

  private onMessage(raw: unknown): void {
    const parsed = FromWorkerSchema.safeParse(raw);
    if (!parsed.success) {
      this.log.error({ err: parsed.error.message }, 'ignoring a malformed message from the inbox worker thread');
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'ready':
        this.isReady = true;
        this.settleReady();
        break;
      case 'failed':
        this.settleReady(new UserError(message.message, message.exitCode));
        break;
      case 'store-failing':
        this.problem = message.problem;
        this.health?.report(message.problem, `worker thread: ${message.where}`);
        break;
      case 'store-ok':
        this.problem = null;
        if (this.health?.failure) this.health.recheck();
        break;
      case 'idle': {
        const wakeAt = message.wakeAt === null ? null : new Date(message.wakeAt);
        for (const fn of this.idleListeners) fn(wakeAt);
        break;
      }
      case 'stopped':
        this.stopped = true;
        // Everything is closed; a handle left open must not hold up the exit.
        setTimeout(() => void this.thread.terminate(), EXIT_GRACE_MS).unref();
        break;
    }
  }

  private onExit(code: number): void {
    const error = this.lastError ? `: ${this.lastError.message}` : '';
    this.settleReady(new UserError(`the inbox worker thread ended before it was ready (exit code ${code})${error}`, EXIT_RUNTIME));
    if (this.stopping) {
      if (this.isReady && !this.stopped) this.log.error({ code, err: this.lastError?.message }, 'the inbox worker thread ended before it finished stopping');
      return;
    }
    if (!this.isReady) return; // `ready` carries it
    const reason = `exit code ${code}${error}`;
    for (const fn of this.diedListeners) fn(reason);
  }
}
