import { randomBytes } from 'node:crypto';
import { COMMAND_DESCRIPTIONS } from '../registry.js';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { Command } from 'commander';
import { EXIT_RUNTIME, EXIT_USAGE, UserError } from '../../errors.js';
import { GOOGLE_CALENDAR_SCOPE, oauthClientFor, readGoogleCredentials, ServiceAccountTokens, type OAuthClientInfo } from '../../push/auth/google.js';
import { writeSecretFile } from '../../push/auth/files.js';
import { signInWithDeviceCode } from '../../push/auth/m365.js';
import { loadConfig } from '../../config/load.js';
import type { Config } from '../../config/types.js';
import { globalOptions } from '../context.js';

const say = (line: string) => process.stdout.write(`${line}\n`);

export function setupCommand(): Command {
  return new Command('setup')
    .description(COMMAND_DESCRIPTIONS['setup'])
    .argument('<service>', 'gcal or m365')
    .option('--timeout <seconds>', 'how long to wait for the sign-in', (v) => Number(v), 600)
    .action(async (service: string, opts: { timeout: number }, cmd: Command) => {
      const config = loadConfig(globalOptions(cmd).config);
      if (service === 'gcal') return setupGoogle(config, opts.timeout * 1000);
      if (service === 'm365') return setupM365(config);
      throw new UserError(`unknown service '${service}' — use \`setup gcal\` or \`setup m365\``, EXIT_USAGE);
    });
}

async function setupGoogle(config: Config, timeoutMs: number): Promise<void> {
  const file = config.push.googleCredentialsPath;
  if (!file) throw new UserError('google_credentials_path is not set in config.yaml — download an OAuth client (Desktop app) JSON or a service-account key from the Google Cloud console and point google_credentials_path at it', EXIT_USAGE);
  let creds;
  try {
    creds = readGoogleCredentials(file);
  } catch (err) {
    throw new UserError((err as Error).message, EXIT_USAGE);
  }
  const calendars = [...config.calendars.values()].map((c) => c.googleCalendarId).filter((id): id is string => Boolean(id));
  if (creds.kind === 'service_account') {
    const tokens = new ServiceAccountTokens(creds.key);
    try {
      await tokens.token();
    } catch (err) {
      process.stderr.write(`${(err as Error).message}\n`);
      process.exitCode = EXIT_RUNTIME;
      return;
    }
    say(`service account ${creds.key.client_email}: signed in; no token file is needed.`);
    say(`Share ${calendars.length ? `Google calendar(s) ${calendars.join(', ')}` : 'each Google calendar you push to'} with ${creds.key.client_email} ("Make changes to events").`);
    return;
  }
  await googleLoopback(config, creds.client, timeoutMs);
}

/**
 * The installed-app flow: a one-off listener on 127.0.0.1 receives Google's redirect. When the
 * browser runs on another computer, the redirect fails to load there; the user pastes the address
 * it ended at, and the code is taken from that instead.
 */
async function googleLoopback(config: Config, client: OAuthClientInfo, timeoutMs: number): Promise<void> {
  const state = randomBytes(16).toString('hex');
  let finish: (v: { code: string } | { error: string }) => void = () => {};
  const answer = new Promise<{ code: string } | { error: string }>((r) => (finish = r));
  const fromUrl = (url: URL): { code: string } | { error: string } | null => {
    if (url.searchParams.get('state') !== state) return null;
    const code = url.searchParams.get('code');
    return code ? { code } : { error: url.searchParams.get('error') ?? 'no code in the redirect' };
  };
  const server = createServer((req, res) => {
    const got = fromUrl(new URL(req.url ?? '/', 'http://127.0.0.1'));
    res.writeHead(got ? 200 : 400, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(got && 'code' in got ? 'case-calendar: signed in. You can close this tab.\n' : 'case-calendar: this is not the sign-in answer it waits for.\n');
    if (got) finish(got);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const redirectUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const oauth = oauthClientFor(client, process.env, redirectUri);
  const { codeVerifier, codeChallenge } = await oauth.generateCodeVerifierAsync();
  const url = oauth.generateAuthUrl({ access_type: 'offline', prompt: 'consent', scope: [GOOGLE_CALENDAR_SCOPE], state, code_challenge: codeChallenge, code_challenge_method: 'S256' as never, redirect_uri: redirectUri });
  say('Open this address in a browser and allow access to your calendars:');
  say(url);
  say(`Waiting for Google to send the browser back to ${redirectUri}`);
  say('If the browser is on another computer, that last page will not load: copy the address from its address bar and paste it here.');
  const stdin = process.stdin.isTTY || process.env.CASE_CALENDAR_SETUP_STDIN === '1' ? createInterface({ input: process.stdin }) : null;
  stdin?.on('line', (line) => {
    try {
      const got = fromUrl(new URL(line.trim()));
      if (got) finish(got);
      else say('That address does not carry this sign-in\'s answer (state differs); paste the address the browser ended at.');
    } catch {
      say('Paste the whole address, starting with http://127.0.0.1');
    }
  });
  const timer = setTimeout(() => finish({ error: `no answer within ${Math.round(timeoutMs / 1000)} s` }), timeoutMs);
  const got = await answer;
  clearTimeout(timer);
  stdin?.close();
  server.close();
  if ('error' in got) {
    process.stderr.write(`Google sign-in failed: ${got.error}\n`);
    process.exitCode = EXIT_RUNTIME;
    return;
  }
  try {
    const { tokens } = await oauth.getToken({ code: got.code, codeVerifier, redirect_uri: redirectUri });
    if (!tokens.refresh_token) throw new Error('Google sent no refresh token (remove the app\'s access at myaccount.google.com/permissions and run setup again)');
    writeSecretFile(config.push.googleTokenPath, `${JSON.stringify(tokens, null, 2)}\n`);
  } catch (err) {
    const code = (err as { response?: { data?: { error?: string } } }).response?.data?.error;
    process.stderr.write(`Google sign-in failed: ${code ?? (err as Error).message}\n`);
    process.exitCode = EXIT_RUNTIME;
    return;
  }
  say(`gcal token staged at ${config.push.googleTokenPath}`);
}

async function setupM365(config: Config): Promise<void> {
  const clientId = config.push.m365ClientId;
  if (!clientId) throw new UserError('no Microsoft app id — register a public-client app in Microsoft Entra and set m365_client_id in config.yaml (or M365_CLIENT_ID in .env)', EXIT_USAGE);
  try {
    const user = await signInWithDeviceCode({ clientId, tenant: config.push.m365Tenant, cacheFile: config.push.m365TokenPath }, say);
    say(`signed in as ${user}`);
    say(`m365 auth record staged at ${config.push.m365TokenPath}`);
  } catch (err) {
    const e = err as { errorCode?: string; message: string };
    process.stderr.write(`Microsoft sign-in failed: ${e.errorCode ?? e.message}\n`);
    process.exitCode = EXIT_RUNTIME;
  }
}
