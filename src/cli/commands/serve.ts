import { Command } from 'commander';
import { COMMAND_DESCRIPTIONS } from '../registry.js';
import { requireToken } from '../../config/env.js';
import { SERVE_ALIVE_KEY, SERVE_HEARTBEAT_MS } from '../../pipeline/poll-plan.js';
import { UserError, EXIT_RUNTIME, EXIT_USAGE } from '../../errors.js';
import { createReceiver } from '../../server/receiver.js';
import { validateSecret } from '../../server/secret.js';
import { StoreHealth } from '../../server/store-health.js';
import { WorkerThread } from '../../server/worker-thread.js';
import { InboxWorkerSupervisor } from '../../server/worker-supervisor.js';
import { quickCheck, storeProblem } from '../../store/integrity.js';
import { Store } from '../../store/store.js';
import { openContext } from '../context.js';
import { version } from '../version.js';

const HOUR = 3_600_000;

const shellQuote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** A corrupt store opens fine and fails later, one delivery at a time: refuse to start on one instead. */
function assertStoreIntact(store: Store): void {
  const findings = quickCheck(store.db);
  if (findings.length === 0) return;
  store.close();
  const file = shellQuote(store.file);
  const salvaged = shellQuote(store.file.replace(/(\.sqlite3?|\.db)?$/, '.recovered$1'));
  throw new UserError(
    `store ${store.file} is corrupt (PRAGMA quick_check: ${findings[0]!.slice(0, 200)}); not starting on it. ` +
      `Stop every process using it, then restore it from a backup, or salvage what is readable into a new file: ` +
      `sqlite3 ${file} ".recover" | sqlite3 ${salvaged} — and move that into place or point store_path at it.`,
  );
}

export function serveCommand(): Command {
  return new Command('serve')
    .description(COMMAND_DESCRIPTIONS['serve'])
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on', '8000')
    .option('--no-worker', 'only accept deliveries into the inbox; do not process them (diagnostics, benchmarks)')
    .action(async (opts: { host: string; port: string; worker: boolean }, cmd: Command) => {
      const checked = validateSecret(process.env.CASE_CALENDAR_WEBHOOK_SECRET);
      if (!checked.ok) throw new UserError(checked.message, EXIT_USAGE);
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UserError(`--port must be a port number, got "${opts.port}"`, EXIT_USAGE);
      // Acknowledged deliveries exist nowhere else: every commit reaches the disk before the 2xx.
      const { config, env, store, log } = openContext(cmd, { synchronous: 'FULL', access: 'create' });
      assertStoreIntact(store);
      requireToken(env); // the worker thread reads it from the same environment; say so before it starts
      // The worker gets a thread of its own (its connection, client and extractor built there), so
      // its CPU work never delays an acknowledgement. It loads while this thread starts listening:
      // deliveries wait in the inbox until it is ready.
      // After webhook.worker_idle_seconds with nothing to do the thread ends, freeing its memory, and
      // the next delivery starts another (see InboxWorkerSupervisor); each reads the config read here.
      const workerData = { configFile: config.file, configText: config.text, idleExitMs: Math.round(config.webhook.workerIdleSeconds * 1000) };
      const worker = opts.worker ? new InboxWorkerSupervisor(() => WorkerThread.spawn(workerData, log), store, log) : null;
      // One view of whether the file still works, for the receiver and health: the re-check writes
      // through this thread's connection, then has the worker thread re-check its own if it failed.
      const storeHealth = new StoreHealth({ check: () => storeProblem(store.db, new Date().toISOString()) ?? worker?.storeProblem() ?? null, log });
      worker?.bindHealth(storeHealth);
      // A worker thread that cannot start (say, extractor: llm without a key) ends serve with its
      // error. One that ends unasked later (an uncaught error, out of memory) ends serve with exit 1
      // for systemd to restart: acknowledged deliveries wait in the inbox and the next start resumes
      // them, whereas a receiver left running alone would acknowledge work nobody does.
      const workerEnded = new Promise<Error>((resolve) => {
        worker?.ready.catch((err: Error) => resolve(err));
        worker?.onDied((reason) =>
          resolve(new UserError(`the inbox worker thread died (${reason}); exiting so the service manager restarts serve — acknowledged deliveries stay in the inbox and are resumed at the next start`, EXIT_RUNTIME)),
        );
      });
      const server = createReceiver({ store, config, secret: checked.secret, version: version(), log, onQueued: () => worker?.wake(), publicDir: config.publicDir, storeHealth, workerStatus: () => worker?.status() ?? { thread: 'off', restarts: 0 } });

      const prune = () => {
        const cutoff = new Date(Date.now() - config.webhook.retentionDays * 24 * HOUR).toISOString();
        try {
          const removed = store.inboxPrune(cutoff);
          if (removed > 0) log.info({ removed, retentionDays: config.webhook.retentionDays }, 'pruned processed deliveries');
        } catch (err) {
          if (!storeHealth.record(err, 'prune')) log.error({ err: (err as Error).message }, 'pruning the inbox failed');
        }
      };
      prune();
      const pruneTimer = setInterval(prune, HOUR);

      await new Promise<void>((resolve, reject) => {
        server.once('error', (err: NodeJS.ErrnoException) =>
          reject(new UserError(`cannot listen on ${opts.host}:${port}: ${err.code ?? err.message}${err.code === 'EADDRINUSE' ? ' (another process has the port)' : ''}`)),
        );
        server.listen(port, opts.host, () => resolve());
      }).catch(async (err: unknown) => {
        clearInterval(pruneTimer);
        storeHealth.stop();
        await worker?.stop();
        store.close();
        throw err;
      });
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      log.info(
        { host: opts.host, port: bound, cases: config.cases.length, dockets: new Set(config.cases.flatMap((c) => c.dockets)).size, worker: Boolean(worker), publicDir: config.publicDir },
        'listening (POST /webhooks/case-calendar/<secret>)',
      );
      process.stdout.write(`case-calendar serve: listening on http://${opts.host}:${bound}\n`);
      worker?.start(); // resumes deliveries left pending by a previous run, then checks docket alerts
      // While this is fresh, a webhook-first `sync` leaves dockets with an active alert to us. Without
      // a worker nothing applies the deliveries, so no heartbeat: sync keeps polling them.
      const setAlive = (value: string) => {
        try {
          store.setState(SERVE_ALIVE_KEY, value);
        } catch (err) {
          if (!storeHealth.record(err, 'heartbeat')) log.error({ err: (err as Error).message }, 'recording the serve heartbeat failed');
        }
      };
      const heartbeat = () => setAlive(new Date().toISOString());
      let heartbeatTimer: NodeJS.Timeout | null = null;
      if (worker) {
        heartbeat();
        heartbeatTimer = setInterval(heartbeat, SERVE_HEARTBEAT_MS).unref();
      }

      const failure = await new Promise<Error | null>((resolve) => {
        let stopping = false;
        const stop = (signal: string | null, err: Error | null) => {
          if (stopping) return;
          stopping = true;
          if (err) log.error({ err: err.message }, 'the inbox worker thread ended; stopping serve');
          else log.info({ signal }, 'shutting down: no new requests; finishing the delivery in hand');
          clearInterval(pruneTimer);
          if (heartbeatTimer) {
            clearInterval(heartbeatTimer);
            setAlive(''); // nothing receives deliveries any more: the next sync polls every docket
          }
          storeHealth.stop();
          server.close();
          server.closeIdleConnections();
          void (worker?.stop() ?? Promise.resolve()).finally(() => {
            store.close();
            resolve(err);
          });
        };
        process.once('SIGTERM', () => stop('SIGTERM', null));
        process.once('SIGINT', () => stop('SIGINT', null));
        void workerEnded.then((err) => stop(null, err));
      });
      if (failure) throw failure;
    });
}
