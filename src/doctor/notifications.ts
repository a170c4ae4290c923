import type { Logger } from 'pino';
import { endpointStatus } from '../cli/commands/notify.js';
import type { Config, NotificationEndpoint } from '../config/types.js';
import { Notifier } from '../notify/deliver.js';
import { Store } from '../store/store.js';
import { fail, ok, warn, type CheckResult } from './types.js';

/** Slack and Teams webhook URLs are credentials: show where an endpoint is, never its path. */
export function shownEndpoint(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '(an unparseable URL)';
  }
}

/**
 * Check 11: each endpoint's delivery state from the store, then a signed `ping` (not from the
 * outbox, so nothing is queued or marked). Without a usable store the ping still runs, through a
 * scratch in-memory store.
 */
export async function checkNotifications(config: Config, store: Store | null, env: NodeJS.ProcessEnv, log: Logger): Promise<CheckResult[]> {
  if (config.notifications.length === 0) return [ok('notifications', 'none configured')];
  const scratch = store ? null : Store.open(':memory:');
  try {
    const notifier = new Notifier({ store: store ?? scratch!, config, log, env });
    const states = store ? new Map(endpointStatus(store, config).map((s) => [s.id, s])) : null;
    const out: CheckResult[] = [];
    for (const endpoint of config.notifications) out.push(await checkEndpoint(endpoint, notifier, states?.get(endpoint.id) ?? null));
    return out;
  } finally {
    scratch?.close();
  }
}

type EndpointState = ReturnType<typeof endpointStatus>[number];

async function checkEndpoint(endpoint: NotificationEndpoint, notifier: Notifier, state: EndpointState | null): Promise<CheckResult> {
  const name = `notify ${endpoint.id}`;
  const where = shownEndpoint(endpoint.url);
  const retest = `\`case-calendar notify test ${endpoint.id}\` repeats the ping`;
  let ping: string;
  let pingFailed = false;
  try {
    const r = await notifier.ping(endpoint);
    pingFailed = !r.ok;
    ping = r.ok ? `answered HTTP ${r.status} to a signed ping` : `${r.status !== null ? `answered HTTP ${r.status}` : `did not answer (${r.error ?? 'no response'})`} to a signed ping`;
  } catch (err) {
    // keysOf throws when the signing secret's variable is unset or malformed.
    pingFailed = true;
    ping = `not pinged: ${(err as Error).message}`;
  }
  const waiting = state && state.waiting > 0 ? `; ${state.waiting} event${state.waiting === 1 ? '' : 's'} not yet sent` : '';
  const found = `${where} ${ping}${waiting}`;
  if (state?.state === 'disabled') {
    return fail(name, `disabled since ${state.disabledAt ?? '?'}${state.disabledReason ? ` (${state.disabledReason})` : ''}; ${found}`, `fix the receiver, then run \`case-calendar notify enable ${endpoint.id}\``);
  }
  if (pingFailed) return fail(name, found, `check the receiver at ${where}: its logs, and that it accepts Standard Webhooks signatures with the secret in ${endpoint.secretEnv ?? '(unsigned)'}; ${retest}`);
  if (state?.state === 'retrying') {
    return warn(name, `retrying after ${state.consecutiveFailures} failure${state.consecutiveFailures === 1 ? '' : 's'} in a row (next attempt ${state.nextAttemptAt ?? 'soon'}); ${found}`, `the ping got through, so the next attempt should too; \`case-calendar notify list\` shows what failed`);
  }
  return ok(name, found);
}
