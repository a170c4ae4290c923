import { createSign } from 'node:crypto';
import { existsSync } from 'node:fs';
import { OAuth2Client, type Credentials } from 'google-auth-library';
import * as z from 'zod';
import { PushAuthError, type TokenSource } from '../http.js';
import { readJsonFile, writeSecretFile } from './files.js';

/**
 * Google credentials: an OAuth client (desktop app) with the user's token file made by `setup gcal`,
 * or a service-account key, which needs neither a token file nor `setup`.
 */

export const GOOGLE_CALENDAR_SCOPE = 'https://www.googleapis.com/auth/calendar';
export const DEFAULT_GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
const DEFAULT_GOOGLE_AUTH_URL = 'https://accounts.google.com/o/oauth2/v2/auth';

const ServiceAccountSchema = z.object({
  type: z.literal('service_account'),
  client_email: z.string().email(),
  private_key: z.string().includes('PRIVATE KEY'),
  token_uri: z.string().url().optional(),
});
export type ServiceAccountKey = z.infer<typeof ServiceAccountSchema>;

const ClientSchema = z.object({
  client_id: z.string().min(1),
  client_secret: z.string().optional(),
  auth_uri: z.string().url().optional(),
  token_uri: z.string().url().optional(),
});
export type OAuthClientInfo = z.infer<typeof ClientSchema>;

export type GoogleCredentials = { kind: 'service_account'; key: ServiceAccountKey } | { kind: 'oauth_client'; client: OAuthClientInfo };

/** Reads google_credentials_path: a service-account key, or a desktop/web OAuth client JSON. */
export function readGoogleCredentials(file: string): GoogleCredentials {
  const raw = readJsonFile(file, 'google_credentials_path');
  if (raw.type === 'service_account') {
    const sa = ServiceAccountSchema.safeParse(raw);
    if (!sa.success) throw new Error(`google_credentials_path ${file}: a service-account key needs client_email and private_key (download a fresh JSON key)`);
    return { kind: 'service_account', key: sa.data };
  }
  const client = ClientSchema.safeParse(raw.installed ?? raw.web);
  if (!client.success) {
    throw new Error(`google_credentials_path ${file} is neither an OAuth client JSON ("installed" or "web") nor a service-account key — download one from the Google Cloud console`);
  }
  return { kind: 'oauth_client', client: client.data };
}

/** GOOGLE_OAUTH_TOKEN_URL overrides every token endpoint (tests, proxies); else the file's, else Google's. */
export function googleTokenUrl(fromFile: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return env.GOOGLE_OAUTH_TOKEN_URL?.trim() || fromFile || DEFAULT_GOOGLE_TOKEN_URL;
}

const TokenAnswerSchema = z.object({ access_token: z.string().min(1), expires_in: z.number().optional() });

/**
 * A service account signs a JWT assertion (RS256) with its key and trades it at the key's token_uri
 * (google-auth-library's JWT client always posts to Google's own endpoint, which tests and
 * national clouds cannot use, so the two-step exchange is done here).
 */
export class ServiceAccountTokens implements TokenSource {
  private cached: { token: string; expiresAt: number } | null = null;
  private readonly tokenUrl: string;

  constructor(
    private readonly key: ServiceAccountKey,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    this.tokenUrl = googleTokenUrl(key.token_uri, env);
  }

  get clientEmail(): string {
    return this.key.client_email;
  }

  async token(): Promise<string> {
    if (this.cached && this.cached.expiresAt - 60_000 > Date.now()) return this.cached.token;
    return this.refresh();
  }

  async refresh(): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const unsigned = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({ iss: this.key.client_email, scope: GOOGLE_CALENDAR_SCOPE, aud: this.tokenUrl, iat: now, exp: now + 3600 })}`;
    let signature: string;
    try {
      signature = createSign('RSA-SHA256').update(unsigned).sign(this.key.private_key, 'base64url');
    } catch {
      throw new PushAuthError('the service-account key in google_credentials_path cannot sign (its private_key is damaged) — download a new JSON key');
    }
    const { request } = await import('undici');
    const res = await request(this.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: `${unsigned}.${signature}` }).toString(),
      headersTimeout: 30_000,
      bodyTimeout: 30_000,
    });
    const text = await res.body.text();
    if (res.statusCode !== 200) {
      const why = /"error"\s*:\s*"([\w-]+)"/.exec(text)?.[1] ?? `HTTP ${res.statusCode}`;
      const err = `Google refused the service account ${this.key.client_email} (${why}) — check the key is current and not deleted`;
      if (res.statusCode >= 500) throw new Error(err);
      throw new PushAuthError(err);
    }
    const answer = TokenAnswerSchema.parse(JSON.parse(text));
    this.cached = { token: answer.access_token, expiresAt: Date.now() + (answer.expires_in ?? 3600) * 1000 };
    return answer.access_token;
  }
}

/** The Python original saves google-auth's format ({token, expiry}); this project google-auth-library's. */
function credentialsFromFile(raw: Record<string, unknown>): Credentials {
  const refresh = typeof raw.refresh_token === 'string' ? raw.refresh_token : null;
  if (!refresh) throw new Error('has no refresh_token');
  const access = typeof raw.access_token === 'string' ? raw.access_token : typeof raw.token === 'string' ? raw.token : null;
  // google-auth (Python) writes a naive UTC time: read it as UTC, not in the host's zone.
  const pyExpiry = typeof raw.expiry === 'string' ? (/[zZ]|[+-]\d\d:?\d\d$/.test(raw.expiry) ? raw.expiry : `${raw.expiry}Z`) : null;
  const expiry = typeof raw.expiry_date === 'number' ? raw.expiry_date : pyExpiry ? Date.parse(pyExpiry) : null;
  return { refresh_token: refresh, access_token: access, expiry_date: Number.isFinite(expiry) ? expiry : 0, token_type: 'Bearer', scope: GOOGLE_CALENDAR_SCOPE };
}

export function oauthClientFor(client: OAuthClientInfo, env: NodeJS.ProcessEnv = process.env, redirectUri?: string): OAuth2Client {
  return new OAuth2Client({
    clientId: client.client_id,
    clientSecret: client.client_secret,
    redirectUri,
    endpoints: { oauth2TokenUrl: googleTokenUrl(client.token_uri, env), oauth2AuthBaseUrl: client.auth_uri ?? DEFAULT_GOOGLE_AUTH_URL },
  });
}

/** The user's OAuth token (google_token_path), refreshed by google-auth-library and saved back (0600). */
export class UserOAuthTokens implements TokenSource {
  private readonly client: OAuth2Client;

  constructor(
    client: OAuthClientInfo,
    private readonly tokenFile: string,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    if (!existsSync(tokenFile)) throw new PushAuthError(`no Google token at ${tokenFile} — run \`case-calendar setup gcal\``);
    let creds: Credentials;
    try {
      creds = credentialsFromFile(readJsonFile(tokenFile, 'google_token_path'));
    } catch (err) {
      throw new PushAuthError(`the Google token ${tokenFile} ${(err as Error).message.replace(/^google_token_path \S+ /, '')} — run \`case-calendar setup gcal\``);
    }
    this.client = oauthClientFor(client, env);
    this.client.setCredentials(creds);
    this.client.on('tokens', (t) => {
      const merged = { ...this.client.credentials, ...t, refresh_token: t.refresh_token ?? this.client.credentials.refresh_token };
      writeSecretFile(this.tokenFile, `${JSON.stringify(merged, null, 2)}\n`);
    });
  }

  async token(): Promise<string> {
    try {
      const { token } = await this.client.getAccessToken();
      if (!token) throw new PushAuthError('Google returned no access token — run `case-calendar setup gcal`');
      return token;
    } catch (err) {
      throw this.explain(err);
    }
  }

  async refresh(): Promise<string> {
    this.client.setCredentials({ ...this.client.credentials, access_token: null, expiry_date: 1 });
    return this.token();
  }

  private explain(err: unknown): Error {
    if (err instanceof PushAuthError) return err;
    const data = (err as { response?: { data?: { error?: unknown }; status?: number } }).response;
    const code = typeof data?.data?.error === 'string' ? data.data.error : null;
    if (code === 'invalid_grant' || code === 'invalid_client' || code === 'unauthorized_client' || data?.status === 401) {
      return new PushAuthError(`Google refused the saved token (${code ?? 'HTTP 401'}): it was revoked or has expired — run \`case-calendar setup gcal\``);
    }
    // Not the library's message: it can quote the request, and the request holds the refresh token.
    const what = code ?? (data?.status ? `HTTP ${data.status}` : ((err as { code?: string }).code ?? 'no answer'));
    return new Error(`cannot refresh the Google token (${what}); retried next run`);
  }
}
