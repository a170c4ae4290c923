import type { Logger } from 'pino';
import type { Config } from '../config/types.js';
import { crashPoint } from '../crash-points.js';
import { buildRenderInput } from '../render/emit.js';
import { remoteEvents, type RemoteEvent } from '../render/ics.js';
import type { Store } from '../store/store.js';
import { PushAuthError } from './http.js';
import { bodyHash } from './identity.js';
import type { RemoteCalendar } from './remote.js';

/**
 * Keeps remote calendars (Google, Microsoft 365) exactly in step with the store: an event is sent
 * only when its body changed since the last successful push, and an event pushed earlier whose row
 * is no longer shown (deleted, merged, cancelled, turned minor, lost its date, or its case left the
 * config) is removed, once. Only events recorded in push_state are ever touched.
 */

export interface PushTargetPlan {
  target: string;
  calendars: string[]; // the config calendars feeding it
  create: number;
  update: number;
  remove: number;
  unchanged: number;
}

export interface PushTargetResult extends PushTargetPlan {
  requests: number; // HTTP requests sent, retries included
  failed: number; // events left for the next run
  /** Why the target was not pushed at all (credentials, a guard), or null. */
  error: string | null;
  /** The credentials must be renewed with `setup`. */
  authFailed: boolean;
}

export interface PushTarget {
  remote: RemoteCalendar;
  calendars: string[];
}

interface Work {
  creates: Array<{ event: RemoteEvent; body: unknown; hash: string }>;
  updates: Array<{ event: RemoteEvent; body: unknown; hash: string; remoteId: string }>;
  removes: Array<{ rowRef: string; remoteId: string }>;
  unchanged: number;
  held: string | null;
}

/** Why a target must not be pushed now (removing everything on a wrong or unread store), or null. */
function holdBack(store: Store, config: Config, calendars: string[], desired: number, known: number): string | null {
  const cases = config.cases.filter((c) => calendars.includes(c.calendar));
  const dockets = cases.flatMap((c) => c.dockets);
  if (dockets.length > 0 && !dockets.some((d) => store.docketWasRead(d))) return 'none of its dockets has been read from CourtListener yet';
  if (desired === 0 && known > 0 && store.countRows(cases.map((c) => c.id)) === 0) {
    return `it would remove all ${known} event(s) pushed earlier, and the store (${store.file}) has no rows for its cases — is store_path right?`;
  }
  return null;
}

function plan(store: Store, config: Config, target: PushTarget, now: Date): Work {
  const desired = new Map<string, RemoteEvent>();
  for (const calendarId of target.calendars) {
    for (const e of remoteEvents(buildRenderInput(store, config, calendarId, now))) desired.set(e.rowRef, e);
  }
  const known = new Map(store.listPushState(target.remote.target).map((s) => [s.rowRef, s]));
  const work: Work = { creates: [], updates: [], removes: [], unchanged: 0, held: holdBack(store, config, target.calendars, desired.size, known.size) };
  for (const [rowRef, event] of desired) {
    const body = target.remote.bodyOf(event);
    const hash = bodyHash(body);
    const prev = known.get(rowRef);
    if (!prev) work.creates.push({ event, body, hash });
    else if (prev.bodyHash !== hash) work.updates.push({ event, body, hash, remoteId: prev.remoteId });
    else work.unchanged++;
  }
  for (const [rowRef, prev] of known) if (!desired.has(rowRef)) work.removes.push({ rowRef, remoteId: prev.remoteId });
  return work;
}

/** Runs `jobs` with at most `width` in flight: calendar APIs throttle bursts, and one call per row is slow alone. */
async function pool<T>(items: T[], width: number, job: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await job(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
}

export interface PushOptions {
  dryRun?: boolean;
  log?: Logger;
  now?: Date;
  concurrency?: number;
}

/** Pushes each target; one target's failure (a revoked token) never stops the others or the ICS files. */
export async function pushTargets(store: Store, config: Config, targets: PushTarget[], opts: PushOptions = {}): Promise<PushTargetResult[]> {
  const results: PushTargetResult[] = [];
  for (const target of targets) results.push(await pushTarget(store, config, target, opts));
  return results;
}

async function pushTarget(store: Store, config: Config, target: PushTarget, opts: PushOptions): Promise<PushTargetResult> {
  const remote = target.remote;
  const work = plan(store, config, target, opts.now ?? new Date());
  const result: PushTargetResult = {
    target: remote.target,
    calendars: target.calendars,
    create: work.creates.length,
    update: work.updates.length,
    remove: work.removes.length,
    unchanged: work.unchanged,
    requests: 0,
    failed: 0,
    error: null,
    authFailed: false,
  };
  if (work.held) {
    result.error = `not pushed: ${work.held}`;
    opts.log?.warn({ target: remote.target }, result.error);
    return result;
  }
  if (opts.dryRun) return result;
  let authError: PushAuthError | null = null;
  const attempt = async (what: string, rowRef: string, fn: () => Promise<void>) => {
    if (authError) {
      result.failed++;
      return;
    }
    try {
      await fn();
    } catch (err) {
      result.failed++;
      if (err instanceof PushAuthError) authError = err;
      else opts.log?.warn({ target: remote.target, rowRef, err: (err as Error).message }, `push ${what} failed; retried next run`);
    }
  };
  const width = opts.concurrency ?? 4;
  await pool(work.creates, width, (c) =>
    attempt('create', c.event.rowRef, async () => {
      const id = await remote.create(c.event, c.body);
      crashPoint('after-push-call');
      store.putPushState(remote.target, { rowRef: c.event.rowRef, remoteId: id, bodyHash: c.hash });
    }),
  );
  await pool(work.updates, width, (u) =>
    attempt('update', u.event.rowRef, async () => {
      const id = await remote.update(u.remoteId, u.event, u.body);
      crashPoint('after-push-call');
      store.putPushState(remote.target, { rowRef: u.event.rowRef, remoteId: id, bodyHash: u.hash });
    }),
  );
  await pool(work.removes, width, (r) =>
    attempt('remove', r.rowRef, async () => {
      await remote.remove(r.remoteId, r.rowRef);
      crashPoint('after-push-call');
      store.deletePushState(remote.target, r.rowRef);
    }),
  );
  result.requests = remote.requests;
  if (authError) {
    result.authFailed = true;
    result.error = (authError as PushAuthError).message;
    opts.log?.error({ target: remote.target }, result.error);
  }
  opts.log?.info({ target: remote.target, create: result.create, update: result.update, remove: result.remove, failed: result.failed, requests: result.requests }, 'calendar pushed');
  return result;
}
