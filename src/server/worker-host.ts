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
  /** Runs once the worker started: background jobs that need the thread's client and store. */
  afterStart?: () => void;
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
  const onMessage = (raw: unknown) => {
    const parsed = ToWorkerSchema.safeParse(raw);
    if (!parsed.success) {
      log.error({ err: parsed.error.message }, 'inbox worker thread: ignoring a malformed message');
      return;
    }
    const message = parsed.data;
    if (stopping) return;
    switch (message.type) {
      case 'start':
        worker.start();
        deps.afterStart?.();
        break;
      case 'wake':
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
