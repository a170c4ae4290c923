import { Command } from 'commander';
import { COMMAND_DESCRIPTIONS } from '../registry.js';
import { EXIT_OK, EXIT_RUNTIME, EXIT_USAGE, UserError } from '../../errors.js';
import { probeHealth, type ProbeOptions, type ProbeResult } from '../../server/probe.js';
import { healthUrl, receiverUrl, validateSecret } from '../../server/secret.js';
import { version } from '../version.js';

const PLACEHOLDER_BASE = 'https://<your-public-host>';

/**
 * The public base URL from `--host`: a bare host gets https://, an explicit http(s):// scheme is
 * kept (http:// for local tests), a path prefix is kept, trailing slashes go.
 */
export function publicBase(host: string): string {
  const trimmed = host.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(trimmed);
  if (scheme && !/^https?$/i.test(scheme[1]!)) {
    throw new UserError(`--host must be a host name or an http(s):// URL, not a ${scheme[1]}:// URL`, EXIT_USAGE);
  }
  let url: URL;
  try {
    url = new URL(scheme ? trimmed : `https://${trimmed}`);
  } catch {
    throw new UserError(`--host "${trimmed}" is not a host name or URL (e.g. --host webhook.example.com)`, EXIT_USAGE);
  }
  if (!trimmed || !url.hostname) throw new UserError('--host needs a host name, e.g. --host webhook.example.com', EXIT_USAGE);
  if (url.username || url.password || url.search || url.hash) {
    throw new UserError('--host must be a host name or base URL without credentials, query or fragment', EXIT_USAGE);
  }
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

export interface WebhookUrlOptions {
  host?: string;
  check?: boolean;
  json?: boolean;
}

export interface WebhookUrlIo {
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  probe?: ProbeOptions;
}

/**
 * The command's work, separate from commander so tests can drive it in-process. Usage problems
 * throw UserError (exit 2); the resolved value is the exit code. The secret reaches stdout only
 * inside the URL, never stderr.
 */
export async function runWebhookUrl(opts: WebhookUrlOptions, io: WebhookUrlIo): Promise<number> {
  if (opts.check && opts.host === undefined) {
    throw new UserError('--check requires --host: the check goes through the public name, e.g. --host webhook.example.com --check', EXIT_USAGE);
  }
  const checked = validateSecret(io.env.CASE_CALENDAR_WEBHOOK_SECRET);
  if (!checked.ok) throw new UserError(checked.message, EXIT_USAGE);
  const secret = checked.secret;
  const base = opts.host === undefined ? PLACEHOLDER_BASE : publicBase(opts.host);
  const url = receiverUrl(base, secret);

  if (opts.host === undefined) io.stderr('note: pass --host <your public host name> to print the exact URL\n');
  else if (base.startsWith('http://') && !LOOPBACK.test(new URL(base).hostname)) {
    io.stderr('note: an http:// URL sends the secret in clear text; give CourtListener an https:// URL\n');
  }
  io.stderr('note: this URL contains the webhook secret — treat it like a password; paste it only into CourtListener\'s webhook settings\n');

  if (!opts.check) {
    io.stdout(opts.json ? `${JSON.stringify({ url, checked: false }, null, 2)}\n` : `${url}\n`);
    return EXIT_OK;
  }

  const result: ProbeResult = await probeHealth(healthUrl(base, secret), secret, { userAgent: `case-calendar-webhook-check/${version()}`, ...io.probe });
  if (opts.json) {
    const report = result.ok ? { url, checked: true, ok: true, health: result.health } : { url, checked: true, ok: false, cause: result.cause };
    io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    io.stdout(`${url}\n`);
    if (result.ok) io.stdout(`${result.summary}\n`);
    else io.stderr(`health check FAILED: ${result.cause.message}\n`);
  }
  if (!result.ok) return EXIT_RUNTIME;
  const dead = (result.health.inbox as { dead?: unknown } | undefined)?.dead;
  if (typeof dead === 'number' && dead > 0) {
    io.stderr(`note: ${dead} deliver${dead === 1 ? 'y is' : 'ies are'} parked as dead: see \`case-calendar inbox list --status dead\`\n`);
  }
  return EXIT_OK;
}

export function webhookUrlCommand(): Command {
  return new Command('webhook-url')
    .description(COMMAND_DESCRIPTIONS['webhook-url'])
    .option('--host <host>', 'public host name (https:// is assumed) or base URL of the receiver')
    .option('--check', "GET the receiver's secret-gated health endpoint through that URL and name what is wrong, if anything")
    .option('--json', 'print {url, checked, ok, cause, health} as JSON')
    .action(async (opts: WebhookUrlOptions) => {
      process.exitCode = await runWebhookUrl(opts, {
        env: process.env,
        stdout: (t) => process.stdout.write(t),
        stderr: (t) => process.stderr.write(t),
      });
    });
}
