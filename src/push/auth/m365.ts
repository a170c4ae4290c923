import { existsSync, readFileSync } from 'node:fs';
import { InteractionRequiredAuthError, PublicClientApplication, type ICachePlugin } from '@azure/msal-node';
import { PushAuthError, type TokenSource } from '../http.js';
import { writeSecretFile } from './files.js';

/**
 * Microsoft 365 sign-in through MSAL (public client, delegated Calendars.ReadWrite): `setup m365`
 * runs the device-code flow, which works on a headless server; afterwards the token cache file
 * (0600, no OS keyring) lets every run refresh silently.
 */

export const GRAPH_CALENDAR_SCOPES = ['https://graph.microsoft.com/Calendars.ReadWrite'];
export const DEFAULT_MICROSOFT_LOGIN_BASE_URL = 'https://login.microsoftonline.com';

/** MSAL's cache, kept in one file readable by its owner only. */
function fileCache(file: string): ICachePlugin {
  return {
    beforeCacheAccess: async (ctx) => {
      if (existsSync(file)) ctx.tokenCache.deserialize(readFileSync(file, 'utf8'));
    },
    afterCacheAccess: async (ctx) => {
      if (ctx.cacheHasChanged) writeSecretFile(file, ctx.tokenCache.serialize());
    },
  };
}

export interface M365AuthSettings {
  clientId: string;
  tenant: string;
  cacheFile: string;
}

export function m365App(s: M365AuthSettings, env: NodeJS.ProcessEnv = process.env): PublicClientApplication {
  const base = (env.MICROSOFT_LOGIN_BASE_URL?.trim() || DEFAULT_MICROSOFT_LOGIN_BASE_URL).replace(/\/+$/, '');
  const custom = base !== DEFAULT_MICROSOFT_LOGIN_BASE_URL;
  return new PublicClientApplication({
    auth: {
      clientId: s.clientId,
      authority: `${base}/${s.tenant}`,
      // A login host other than Microsoft's (a test double, a national cloud) is trusted as configured.
      ...(custom ? { knownAuthorities: [new URL(base).host] } : {}),
    },
    cache: { cachePlugin: fileCache(s.cacheFile) },
  });
}

/** `setup m365`: prints the device-code message and waits for the user to sign in elsewhere. */
export async function signInWithDeviceCode(s: M365AuthSettings, say: (line: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const app = m365App(s, env);
  const result = await app.acquireTokenByDeviceCode({ scopes: GRAPH_CALENDAR_SCOPES, deviceCodeCallback: (r) => say(r.message) });
  if (!result?.account) throw new Error('Microsoft sign-in returned no account');
  return result.account.username;
}

export class M365Tokens implements TokenSource {
  private readonly app: PublicClientApplication;

  constructor(
    private readonly s: M365AuthSettings,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    if (!existsSync(s.cacheFile)) throw new PushAuthError(`no Microsoft 365 sign-in at ${s.cacheFile} — run \`case-calendar setup m365\``);
    this.app = m365App(s, env);
  }

  token(): Promise<string> {
    return this.acquire(false);
  }

  refresh(): Promise<string> {
    return this.acquire(true);
  }

  private async acquire(forceRefresh: boolean): Promise<string> {
    const [account] = await this.app.getTokenCache().getAllAccounts();
    if (!account) throw new PushAuthError(`the Microsoft 365 sign-in at ${this.s.cacheFile} holds no account — run \`case-calendar setup m365\``);
    try {
      const r = await this.app.acquireTokenSilent({ account, scopes: GRAPH_CALENDAR_SCOPES, forceRefresh });
      return r.accessToken;
    } catch (err) {
      if (err instanceof InteractionRequiredAuthError) {
        throw new PushAuthError(`Microsoft 365 needs you to sign in again (${err.errorCode}) — run \`case-calendar setup m365\``);
      }
      const code = (err as { errorCode?: string }).errorCode;
      if (code === 'invalid_grant' || code === 'unauthorized_client') {
        throw new PushAuthError(`Microsoft refused the saved sign-in (${code}) — run \`case-calendar setup m365\``);
      }
      throw new Error(`cannot refresh the Microsoft 365 token (${code ?? 'no answer'}); retried next run`);
    }
  }
}
