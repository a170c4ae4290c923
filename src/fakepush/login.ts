import { randomUUID } from 'node:crypto';
import { FakeService, type RecordedRequest } from './http.js';

/**
 * A fake Microsoft identity platform for one tenant (OpenID metadata, device-code and token
 * endpoints) over TLS, as MSAL requires https. The device code is approved by the test
 * (`approve()`), the way a user signs in on another device; tokens it issues are handed to
 * `onAccessToken` so the fake Graph accepts them.
 */
export class FakeMicrosoftLogin {
  readonly service: FakeService;
  private deviceCodes = new Map<string, 'pending' | 'approved'>();
  refreshTokens = new Set<string>();
  private n = 0;
  readonly clientId: string;
  readonly tenantId = '9188040d-6c67-4c5b-b112-36a304b66dad';
  readonly user = 'clerk@example.org';

  constructor(
    tls: { key: string; cert: string },
    private readonly onAccessToken: (token: string) => void,
    clientId = '11111111-2222-3333-4444-555555555555',
  ) {
    this.clientId = clientId;
    this.service = new FakeService((r) => this.route(r), tls);
  }
  start(): Promise<string> {
    return this.service.start();
  }
  stop(): Promise<void> {
    return this.service.stop();
  }

  /** The user signs in with the code shown (all pending codes). */
  approve(): void {
    for (const k of this.deviceCodes.keys()) this.deviceCodes.set(k, 'approved');
  }

  revokeAll(): void {
    this.refreshTokens.clear();
  }

  private tokens(tenant: string): Record<string, unknown> {
    const access = `eyJ0eXAiOiJKV1QifQ.fake-graph-${++this.n}.sig`;
    const refresh = `fake-refresh-${randomUUID()}`;
    this.onAccessToken(access);
    this.refreshTokens.add(refresh);
    const oid = '00000000-0000-0000-66f3-3332eca7ea81';
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const idToken = `${b64({ typ: 'JWT', alg: 'none' })}.${b64({
      aud: this.clientId,
      iss: `${this.service.origin}/${this.tenantId}/v2.0`,
      iat: now,
      nbf: now,
      exp: now + 3600,
      name: 'Court Clerk',
      oid,
      preferred_username: this.user,
      sub: 'subject',
      tid: this.tenantId,
      ver: '2.0',
    })}.`;
    return {
      token_type: 'Bearer',
      scope: 'https://graph.microsoft.com/Calendars.ReadWrite openid profile offline_access',
      expires_in: 3600,
      ext_expires_in: 3600,
      access_token: access,
      refresh_token: refresh,
      id_token: idToken,
      client_info: b64({ uid: oid, utid: this.tenantId }),
      tenant,
    };
  }

  private route(r: RecordedRequest): { status: number; body?: unknown } {
    const m = /^\/([^/]+)\/(v2\.0\/\.well-known\/openid-configuration|oauth2\/v2\.0\/devicecode|oauth2\/v2\.0\/token)$/.exec(r.path);
    if (!m) return { status: 404, body: { error: 'not_found' } };
    const tenant = m[1]!;
    const base = `${this.service.origin}/${tenant}`;
    if (m[2]!.startsWith('v2.0')) {
      return {
        status: 200,
        body: {
          token_endpoint: `${base}/oauth2/v2.0/token`,
          token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
          jwks_uri: `${base}/discovery/v2.0/keys`,
          response_modes_supported: ['query', 'fragment', 'form_post'],
          subject_types_supported: ['pairwise'],
          id_token_signing_alg_values_supported: ['RS256'],
          response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
          scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
          issuer: `${this.service.origin}/{tenantid}/v2.0`,
          request_uri_parameter_supported: false,
          userinfo_endpoint: `${base}/oidc/userinfo`,
          authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
          device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
          http_logout_supported: true,
          frontchannel_logout_supported: true,
          end_session_endpoint: `${base}/oauth2/v2.0/logout`,
          claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nonce', 'preferred_username', 'name', 'tid', 'ver', 'oid'],
          tenant_region_scope: null,
          cloud_instance_name: 'microsoftonline.com',
          cloud_graph_host_name: 'graph.windows.net',
          msgraph_host: 'graph.microsoft.com',
          rbac_url: 'https://pas.windows.net',
        },
      };
    }
    const f = (r.body ?? {}) as Record<string, string>;
    if (f.client_id !== this.clientId) return { status: 400, body: { error: 'unauthorized_client', error_description: 'AADSTS700016: Application not found', error_codes: [700016] } };
    if (m[2]!.endsWith('devicecode')) {
      const code = `device-${randomUUID()}`;
      this.deviceCodes.set(code, 'pending');
      return {
        status: 200,
        body: {
          user_code: 'FAKE-CODE',
          device_code: code,
          verification_uri: 'https://microsoft.com/devicelogin',
          expires_in: 900,
          interval: 1,
          message: 'To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code FAKE-CODE to authenticate.',
        },
      };
    }
    if (f.grant_type === 'device_code') {
      const state = this.deviceCodes.get(f.device_code ?? '');
      if (!state) return { status: 400, body: { error: 'expired_token', error_description: 'AADSTS70019: code expired' } };
      if (state === 'pending') return { status: 400, body: { error: 'authorization_pending', error_description: 'AADSTS70016: pending' } };
      this.deviceCodes.delete(f.device_code!);
      return { status: 200, body: this.tokens(tenant) };
    }
    if (f.grant_type === 'refresh_token') {
      if (!this.refreshTokens.has(f.refresh_token ?? '')) {
        return { status: 400, body: { error: 'invalid_grant', error_description: 'AADSTS70008: The refresh token has expired or was revoked.', error_codes: [70008], suberror: 'bad_token' } };
      }
      this.refreshTokens.delete(f.refresh_token!);
      return { status: 200, body: this.tokens(tenant) };
    }
    return { status: 400, body: { error: 'unsupported_grant_type' } };
  }
}
