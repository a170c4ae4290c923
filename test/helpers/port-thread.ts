import { EventEmitter } from 'node:events';
import type { MessagePort } from 'node:worker_threads';
import type { ToWorker } from '../../src/server/worker-messages.js';
import type { ThreadLike } from '../../src/server/worker-thread.js';

/**
 * The main thread's end of a MessageChannel, as a Worker presents it to WorkerThread: messages
 * still cross by structured clone. The host's 'stopped' ends the "thread".
 */
export class PortThread extends EventEmitter implements ThreadLike {
  /** The types of the messages sent to the thread, in order. */
  readonly sent: string[] = [];
  constructor(private readonly port: MessagePort) {
    super();
    port.on('message', (m: unknown) => {
      this.emit('message', m);
      if ((m as { type?: string }).type === 'stopped') this.end(0);
    });
  }
  postMessage(value: ToWorker): void {
    this.sent.push(value.type);
    this.port.postMessage(value);
  }
  terminate(): Promise<number> {
    this.end(1);
    return Promise.resolve(1);
  }
  end(code: number): void {
    this.port.close();
    this.emit('exit', code);
  }
}
