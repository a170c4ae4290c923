import { publicBase } from '../cli/commands/webhook-url.js';
import { version } from '../cli/version.js';
import { probeHealth, type ProbeCauseKind, type ProbeOptions } from '../server/probe.js';
import { healthUrl, validateSecret } from '../server/secret.js';
import { fail, ok, warn, type CheckResult } from './types.js';

const NAME = 'receiver';

const FIXES: Record<ProbeCauseKind, string> = {
  dns: 'point the host name at the proxy in front of `case-calendar serve`, or pass the right --host',
  refused: 'start `case-calendar serve` (e.g. `systemctl start case-calendar`) and make sure the proxy forwards to its port',
  tls: "fix the proxy's certificate: CourtListener needs a publicly trusted one",
  timeout: 'check that serve is running and that no firewall drops the connection',
  network: 'check the address, the port and any firewall in between',
  foreign: 'make the proxy forward /webhooks/case-calendar/ to `case-calendar serve`',
  redirect: 'register the final URL with CourtListener and pass it as --host',
  'wrong-secret': 'restart serve after changing CASE_CALENDAR_WEBHOOK_SECRET, or run doctor with the same secret as serve',
  forbidden: 'run doctor from an address in webhook.allowed_ips, or check webhook.trusted_proxies',
  'http-status': "look at serve's logs and the proxy's configuration",
  'bad-body': "look at the proxy's configuration: something rewrites serve's answer",
  unhealthy: "look at serve's logs; restore the store from a backup if it is corrupt",
};

/**
 * Check 9: the receiver answers its secret-gated health endpoint through the public name, probed
 * exactly as `webhook-url --check` does (same probe, same causes, the secret redacted).
 */
export async function checkReceiver(host: string | undefined, processEnv: NodeJS.ProcessEnv, probe: ProbeOptions = {}): Promise<CheckResult> {
  if (host === undefined) return warn(NAME, 'not checked: pass --host <public host> to probe the webhook receiver', 'case-calendar doctor --host <the host CourtListener posts to>');
  const base = publicBase(host);
  const secret = validateSecret(processEnv.CASE_CALENDAR_WEBHOOK_SECRET);
  if (!secret.ok) return fail(NAME, `${base}: cannot probe without a usable CASE_CALENDAR_WEBHOOK_SECRET (see env)`, 'set CASE_CALENDAR_WEBHOOK_SECRET to the secret serve runs with');
  const result = await probeHealth(healthUrl(base, secret.secret), secret.secret, { userAgent: `case-calendar-doctor/${version()}`, ...probe });
  if (!result.ok) return fail(NAME, `${base}: ${result.cause.message}`, `${FIXES[result.cause.kind]}; \`case-calendar webhook-url --host ${host} --check\` repeats this probe`);
  const found = `${base}: ${result.summary.replace(/^health check OK: /, '')}`;
  const dead = (result.health.inbox as { dead?: unknown } | undefined)?.dead;
  if (typeof dead === 'number' && dead > 0) {
    return warn(NAME, `${found}; ${dead} deliver${dead === 1 ? 'y is' : 'ies are'} parked as dead`, 'see `case-calendar inbox list --status dead`, then `case-calendar inbox replay --dead` once the cause is fixed');
  }
  return ok(NAME, found);
}
