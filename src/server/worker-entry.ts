/**
 * Entry of `serve`'s inbox worker thread (started by WorkerThread.spawn). It builds its own
 * connection, CourtListener client, extractor and logger from the config path it is given and the
 * environment it inherited, then hosts an InboxWorker for the main thread.
 */
import { getPriority, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { Logger } from 'pino';
import { readEnv, requireToken } from '../config/env.js';
import { loadConfig, parseConfig } from '../config/load.js';
import type { Config } from '../config/types.js';
import type { CourtListenerClient } from '../courtlistener/client.js';
import { createClient } from '../courtlistener/factory.js';
import { UserError, EXIT_RUNTIME } from '../errors.js';
import { loadExtractor } from '../extract/lazy-rules.js';
import { createLogger } from '../log.js';
import { alertSummaryLine, alertsCheckDue, markAlertsChecked, reconcileDocketAlerts, recordAlertStates } from '../pipeline/alerts.js';
import { summaryProviderFor } from '../summaries/provider.js';
import { storeProblem } from '../store/integrity.js';
import { Store } from '../store/store.js';
import { StoreHealth } from './store-health.js';
import { withTestHooks } from './test-hooks.js';
import { InboxWorker } from './worker.js';
import { hostWorker } from './worker-host.js';
import { WorkerDataSchema } from './worker-messages.js';

const port = parentPort;
if (!port) throw new Error('worker-entry.js runs only as a worker thread (WorkerThread.spawn)');

/**
 * The worker thread's nice value: the lowest priority there is (Linux keeps nice per thread). With
 * ten steps (the earlier value) its share of a contended core still showed in the receiver's p99.
 */
const WORKER_NICE = 19;

/**
 * When the CPU is contended (a cron sync, other services, a small VM), the scheduler should run the
 * receiver's acknowledgements before the worker's extraction: the worker's work waits in the inbox,
 * an acknowledgement waits on a clock. On Linux, priority 0 names the calling thread only.
 */
function lowerThisThreadsPriority(log: Logger): void {
  if (process.platform !== 'linux') return; // elsewhere it would lower the receiver's thread too
  try {
    if (getPriority(0) < WORKER_NICE) setPriority(0, WORKER_NICE);
  } catch (err) {
    log.debug({ err: (err as Error).message }, 'could not lower the worker thread\'s CPU priority');
  }
}

/** Subscribes configured dockets to webhooks in the background; a slow or refused CourtListener never holds up the worker. */
function ensureDocketAlerts(config: Config, store: Store, client: CourtListenerClient, log: Logger): Promise<void> | undefined {
  if (!config.ensureDocketAlerts || !alertsCheckDue(store, config.cases, Date.now())) return undefined;
  return reconcileDocketAlerts(client, config.cases, log, true)
    .then((report) => {
      const line = alertSummaryLine(report);
      if (line) log.warn({ created: report.created, rearmed: report.rearmed, failed: report.failed }, line);
      if (!report.listError) markAlertsChecked(store, config.cases, Date.now());
      recordAlertStates(store, report);
    })
    .catch((err: Error) => log.warn({ err: err.message }, 'docket alerts not checked'));
}

/** Builds the worker from the thread's data and environment; an async function because the bundle is CommonJS (no top-level await). */
async function start(channel: NonNullable<typeof parentPort>): Promise<void> {
  try {
    const data = WorkerDataSchema.parse(workerData);
    const env = readEnv();
    const log = createLogger(env.logLevel);
    lowerThisThreadsPriority(log);
    const config = data.configText === undefined ? loadConfig(data.configFile) : parseConfig(data.configText, data.configFile);
    const token = requireToken(env);
    // No per-commit fsync here: what the worker writes can be redone from the inbox, and its commits
    // then never hold up the receiver's (FULL) acknowledgements for a disk flush.
    const store = Store.open(config.storePath, { synchronous: 'NORMAL', mustExist: true });
    store.announceChanges = config.notifications.length > 0;
    const client = createClient(config, store, env.courtListenerOrigin, token, log);
    const extractor = withTestHooks((await loadExtractor(config, process.env, log)).extractor, process.env, log);
    const health = new StoreHealth({ check: () => storeProblem(store.db, new Date().toISOString()), log });
    const worker = new InboxWorker({
      store,
      config,
      extractor,
      client,
      log,
      retryBaseMs: config.webhook.retryBaseSeconds * 1000,
      storeHealth: health,
      summaryProvider: summaryProviderFor(config.summaries),
    });
    hostWorker({
      port: channel,
      worker,
      health,
      log,
      afterStart: () => ensureDocketAlerts(config, store, client, log),
      idleExitMs: data.idleExitMs,
      close: async () => {
        health.stop();
        await client.close();
        store.close();
      },
    });
    channel.postMessage({ type: 'ready' });
  } catch (err) {
    // The main thread prints it as the CLI would and exits with the same code.
    channel.postMessage({ type: 'failed', message: (err as Error).message, exitCode: err instanceof UserError ? err.exitCode : EXIT_RUNTIME });
  }
}

void start(port);
