import * as z from 'zod';

/**
 * What crosses between `serve`'s main thread (receiver, health) and the inbox worker's thread.
 * Both sides parse what they receive: a message of the wrong shape is a bug worth a log line, not
 * something to act on half-understood.
 */

const StoreProblemSchema = z.object({ code: z.string().min(1).max(100), message: z.string().max(1000) });

/** Everything the thread needs to build its own worker; secrets come from its environment, never from here. */
export const WorkerDataSchema = z.object({
  /** The config file the main thread loaded (absolute). */
  configFile: z.string().min(1),
  /**
   * The config text the main thread read at start: a thread started later (after one that exited
   * while idle) reads the same config as the receiver, even if the file was edited since.
   */
  configText: z.string().optional(),
  /** How long the worker may sit idle before it says so (0: never). */
  idleExitMs: z.number().int().min(0).default(0),
});
export type WorkerData = z.infer<typeof WorkerDataSchema>;
export type WorkerDataInput = z.input<typeof WorkerDataSchema>;

export const ToWorkerSchema = z.discriminatedUnion('type', [
  /** Begin draining (sent once the receiver listens), and check docket alerts if due. */
  z.object({ type: z.literal('start') }),
  /** New deliveries were queued. */
  z.object({ type: z.literal('wake') }),
  /** The receiver's connection works again: re-check this one now instead of at the next interval. */
  z.object({ type: z.literal('recheck-store') }),
  /** Finish the delivery in hand, close the store, end the thread. */
  z.object({ type: z.literal('stop') }),
]);
export type ToWorker = z.infer<typeof ToWorkerSchema>;

export const FromWorkerSchema = z.discriminatedUnion('type', [
  /** Built (config, store, client, extractor): the receiver may start listening. */
  z.object({ type: z.literal('ready') }),
  /** Could not be built; exitCode follows the CLI's (2 for configuration, 1 otherwise). */
  z.object({ type: z.literal('failed'), message: z.string(), exitCode: z.number().int() }),
  /** The thread's connection hit a storage error: the receiver must refuse deliveries too. */
  z.object({ type: z.literal('store-failing'), problem: StoreProblemSchema, where: z.string() }),
  /** The thread's connection writes again. */
  z.object({ type: z.literal('store-ok') }),
  /**
   * Nothing has been in hand or queued for the idle time serve gave: it may stop the thread to free
   * its memory, and start another for the next delivery, or at wakeAt (a notification retry).
   */
  z.object({ type: z.literal('idle'), wakeAt: z.string().datetime().nullable() }),
  /** Stopped as asked: the delivery in hand finished, the client and the store closed. */
  z.object({ type: z.literal('stopped') }),
]);
export type FromWorker = z.infer<typeof FromWorkerSchema>;
