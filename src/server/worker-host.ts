import type { Logger } from 'pino';
import type { StoreHealth } from './store-health.js';
import type { InboxWorker } from './worker.js';
import { ToWorkerSchema, type FromWorker } from './worker-messages.js';

/** The thread's end of the channel: `parentPort` in the thread, a MessagePort in tests. */
export interface HostPort {
  postMessage(value: FromWorker): void;
  on(event: 'message', listener: (value: unknown) => void): unknown;
  off(event: 'message', listener: (value: unknown) => void): unknown;
}

export interface HostDeps {
  port: HostPort;
  worker: InboxWorker;
  /** The thread's own view of its connection; the main thread is told of each change. */
  health: StoreHealth;
  log: Logger;
  /** Runs once the worker started: background jobs that need the thread's client and store (the thread is not idle until they settle). */
  afterStart?: () => Promise<void> | void;
  /** Say 'idle' once the worker has had nothing in hand or queued for this long (0 or absent: never). */
  idleExitMs?: number;
  /** Runs after the worker stopped: closes what the thread opened. */
  close: () => Promise<void> | void;
}

/**
 * Runs an InboxWorker on the far side of a message channel: the main thread starts, wakes and
 * stops it, and each side tells the other when the store fails or works again, so a storage error
 * the worker hits still makes the receiver answer 503.
 */
export function hostWorker(deps: HostDeps): void {
  const { port, worker, health, log } = deps;
  health.onFailed((failure, where) => port.postMessage({ type: 'store-failing', problem: { code: failure.code, message: failure.message }, where }));
  health.onRecovered(() => port.postMessage({ type: 'store-ok' }));
  let stopping = false;
  let background: Promise<void> | null = null;
  const idle = watchIdle(deps, () => background !== null || stopping);
  const onMessage = (raw: unknown) => {
    const parsed = ToWorkerSchema.safeParse(raw);
    if (!parsed.success) {
      log.error({ err: parsed.error.message }, 'inbox worker thread: ignoring a malformed message');
      return;
    }
    const message = parsed.data;
    if (stopping) return;
    switch (message.type) {
      case 'start': {
        worker.start();
        const started = deps.afterStart?.();
        if (started) {
          background = started.finally(() => {
            background = null;
          });
        }
        break;
      }
      case 'wake':
        idle.reset();
        worker.wake();
        break;
      case 'recheck-store':
        // Recovery is judged on both connections: look at this one now, not at the next interval.
        if (health.failure) health.recheck();
        break;
      case 'stop':
        stopping = true;
        void stop();
        break;
    }
  };
  const stop = async () => {
    idle.stop();
    try {
      await worker.stop();
    } finally {
      try {
        await deps.close();
      } finally {
        port.off('message', onMessage);
        port.postMessage({ type: 'stopped' });
      }
    }
  };
  port.on('message', onMessage);
}

/**
 * Watches for the worker being idle (checked a few times per idle period) and tells the main thread
 * once it has been for deps.idleExitMs; a wake starts the watch over.
 */
function watchIdle(deps: HostDeps, busy: () => boolean): { reset(): void; stop(): void } {
  const idleMs = deps.idleExitMs ?? 0;
  if (idleMs <= 0) return { reset: () => undefined, stop: () => undefined };
  let quietSince: number | null = null;
  let told = false;
  const timer = setInterval(
    () => {
      if (told) return;
      const state = busy() ? null : deps.worker.idleState();
      if (!state?.idle) {
        quietSince = null;
        return;
      }
      quietSince ??= Date.now();
      if (Date.now() - quietSince < idleMs) return;
      told = true;
      deps.port.postMessage({ type: 'idle', wakeAt: state.wakeAt?.toISOString() ?? null });
    },
    Math.min(Math.max(Math.floor(idleMs / 4), 50), 5_000),
  );
  timer.unref();
  return {
    reset() {
      quietSince = null;
      told = false;
    },
    stop() {
      clearInterval(timer);
    },
  };
}
