import { SERVICE_HEADER } from './secret.js';

/** The single thing a failed check blames; `kind` is stable for scripts, `message` is for people. */
export type ProbeCauseKind =
  | 'dns'
  | 'refused'
  | 'tls'
  | 'timeout'
  | 'network'
  | 'foreign'
  | 'redirect'
  | 'wrong-secret'
  | 'forbidden'
  | 'http-status'
  | 'bad-body'
  | 'unhealthy';

export interface ProbeCause {
  kind: ProbeCauseKind;
  message: string;
}

export type ProbeResult = { ok: true; summary: string; health: Record<string, unknown> } | { ok: false; cause: ProbeCause };

export interface ProbeOptions {
  /** Whole-probe budget: connect, TLS, headers and body together. */
  timeoutMs?: number;
  userAgent?: string;
  /** Replaces the system trust store (PEM). Only for tests and private test set-ups. */
  trustedCa?: string;
}

export const DEFAULT_PROBE_TIMEOUT_MS = 10_000;
// The health document is a few hundred bytes; a proxy's error page is only sniffed, never needed whole.
const MAX_BODY_BYTES = 64 * 1024;

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_NODATA', 'EAI_FAIL']);
const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);
const PROXY_UNREACHABLE_STATUSES = new Set([502, 503, 504]);

interface ErrorLike {
  code?: unknown;
  name?: unknown;
  message?: unknown;
  reason?: unknown;
  cause?: unknown;
  errors?: unknown;
}

/** The error and everything it wraps (`cause` chains, and AggregateError from dual-stack connects). */
function errorChain(err: unknown): ErrorLike[] {
  const out: ErrorLike[] = [];
  const visit = (e: unknown, depth: number) => {
    if (!e || typeof e !== 'object' || depth > 8 || out.includes(e as ErrorLike)) return;
    const x = e as ErrorLike;
    out.push(x);
    if (Array.isArray(x.errors)) x.errors.forEach((inner) => visit(inner, depth + 1));
    visit(x.cause, depth + 1);
  };
  visit(err, 0);
  return out;
}

const codeOf = (e: ErrorLike) => (typeof e.code === 'string' ? e.code : '');
const messageOf = (e: ErrorLike) => (typeof e.message === 'string' ? e.message : '');

function isTlsError(e: ErrorLike): boolean {
  const code = codeOf(e);
  return (
    /^(ERR_SSL_|ERR_TLS_|CERT_)/.test(code) ||
    /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/.test(code) ||
    code === 'EPROTO' ||
    /SSL routines|certificate/i.test(messageOf(e))
  );
}

/** OpenSSL's own text ("…:SSL routines:ssl3_get_record:wrong version number:…") cut to its reason. */
function opensslReason(message: string): string {
  const m = /SSL routines:[^:]*:([^:]+)/.exec(message);
  return (m ? m[1]! : message.split('\n')[0]!).trim();
}

/** A TLS failure in words an operator can act on. */
export function tlsReason(e: ErrorLike, hostname: string): string {
  const code = codeOf(e);
  switch (code) {
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return 'the certificate is self-signed, so CourtListener will not trust it either (let the proxy obtain a public certificate)';
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return 'the certificate chain is incomplete or signed by an unknown authority (serve the full chain)';
    case 'CERT_HAS_EXPIRED':
      return 'the certificate has expired (is the proxy renewing it?)';
    case 'CERT_NOT_YET_VALID':
      return "the certificate is not valid yet (check this machine's and the server's clocks)";
    case 'ERR_TLS_CERT_ALTNAME_INVALID': {
      // Node's reason names the certificate's own names ("… is not in the cert's altnames: DNS:x").
      const reason = typeof e.reason === 'string' ? e.reason.trim().replace(/:$/, '') : '';
      const detail = reason ? ` (${reason})` : '';
      return `the certificate is not valid for ${hostname}${detail}`;
    }
  }
  const reason = opensslReason(messageOf(e));
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || /wrong version number/i.test(reason)) {
    return 'the server did not answer in TLS (plain HTTP on an https port? use http:// only for local tests)';
  }
  return reason || code;
}

function hostPort(target: URL): string {
  return `${target.hostname}:${target.port || (target.protocol === 'https:' ? '443' : '80')}`;
}

export function formatSeconds(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}

/** Names the one cause of a request that produced no HTTP response. */
export function describeConnectionError(err: unknown, target: URL, timeoutMs: number): ProbeCause {
  const chain = errorChain(err);
  const codes = chain.map(codeOf);
  if (codes.some((c) => DNS_CODES.has(c))) {
    return { kind: 'dns', message: `cannot resolve ${target.hostname}: check DNS for the host` };
  }
  if (codes.includes('ECONNREFUSED')) {
    return { kind: 'refused', message: `connection refused at ${hostPort(target)}: is \`case-calendar serve\` running and is the proxy forwarding to it?` };
  }
  const tls = chain.find(isTlsError);
  if (tls) return { kind: 'tls', message: `TLS failed: ${tlsReason(tls, target.hostname)}` };
  if (codes.some((c) => TIMEOUT_CODES.has(c)) || chain.some((e) => e.name === 'TimeoutError')) {
    return { kind: 'timeout', message: `no answer within ${formatSeconds(timeoutMs)} s` };
  }
  if (codes.includes('EHOSTUNREACH') || codes.includes('ENETUNREACH')) {
    return { kind: 'network', message: `no route to ${hostPort(target)}: check the address and any firewall in between` };
  }
  if (codes.includes('ECONNRESET') || codes.includes('UND_ERR_SOCKET') || codes.includes('EPIPE')) {
    return { kind: 'network', message: `${hostPort(target)} closed the connection without an answer: something other than an HTTP server may be listening there` };
  }
  const first = chain.find((e) => codeOf(e) || messageOf(e));
  const detail = first ? codeOf(first) || messageOf(first) : String(err);
  return { kind: 'network', message: `cannot connect to ${hostPort(target)}: ${detail}` };
}

function headerValue(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function field(obj: unknown, ...path: string[]): unknown {
  let cur = obj;
  for (const key of path) cur = isRecord(cur) ? cur[key] : undefined;
  return cur;
}

const shown = (v: unknown) => (typeof v === 'number' || (typeof v === 'string' && v) ? String(v) : '?');
const counted = (v: unknown, noun: string) => `${shown(v)} ${noun}${v === 1 ? '' : 's'}`;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export interface ProbeResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Classifies an HTTP answer: exactly one cause, or the OK summary. */
export function classifyResponse(res: ProbeResponse, target: URL): ProbeResult {
  const ours = headerValue(res.headers, SERVICE_HEADER) !== undefined;
  const location = headerValue(res.headers, 'location');
  // Whoever redirects (our receiver, or a proxy's http→https hop), CourtListener will not follow.
  if (res.status >= 300 && res.status < 400 && location) {
    let where = location;
    try {
      where = new URL(location, target).href;
    } catch {
      // keep the header as sent
    }
    return { ok: false, cause: { kind: 'redirect', message: `redirected to ${where}: CourtListener will not follow redirects; register the final URL` } };
  }
  if (!ours) {
    const server = headerValue(res.headers, 'server');
    const who = `HTTP ${res.status}${server ? `, server "${server}"` : ''}`;
    const why = PROXY_UNREACHABLE_STATUSES.has(res.status)
      ? 'a proxy answered because it could not reach case-calendar: is `case-calendar serve` running and is the proxy forwarding to its port?'
      : 'the proxy or another service is in the way, not case-calendar';
    return { ok: false, cause: { kind: 'foreign', message: `something else answered (${who}): ${why}` } };
  }
  if (res.status === 404) {
    return {
      ok: false,
      cause: { kind: 'wrong-secret', message: "case-calendar answered 404: the secret in .env differs from the running receiver's (restart serve after changing it)" },
    };
  }
  if (res.status === 403) {
    return {
      ok: false,
      cause: {
        kind: 'forbidden',
        message: 'case-calendar answered 403: webhook.allowed_ips does not include the address this check comes from (run it from an allowed address, or check webhook.trusted_proxies)',
      },
    };
  }
  // The receiver's own 503: a store that fails to read or write (serve logs the SQLite error).
  const failing = res.status === 503 ? parseJson(res.body) : undefined;
  if (field(failing, 'status') === 'failing') {
    const code = field(failing, 'storeError', 'code');
    const detail = typeof code === 'string' ? ` (${code})` : '';
    return {
      ok: false,
      cause: {
        kind: 'unhealthy',
        message: `case-calendar answered 503: its store is failing${detail} and deliveries are refused until it works again: look at serve's logs (restore the database from a backup if it is corrupt)`,
      },
    };
  }
  if (res.status !== 200) {
    const error = field(parseJson(res.body), 'error');
    return { ok: false, cause: { kind: 'http-status', message: `case-calendar answered HTTP ${res.status}${typeof error === 'string' ? ` (${error})` : ''}` } };
  }
  const health = parseJson(res.body);
  if (!isRecord(health) || health.service !== 'case-calendar') {
    return { ok: false, cause: { kind: 'bad-body', message: "health body is not case-calendar's JSON" } };
  }
  if (health.store !== undefined && health.store !== 'ok') {
    return { ok: false, cause: { kind: 'unhealthy', message: `case-calendar answered but its store is ${shown(health.store)}: check the database file, its folder and their permissions` } };
  }
  if (health.status !== undefined && health.status !== 'ok') {
    return { ok: false, cause: { kind: 'unhealthy', message: `case-calendar answered but reports status "${shown(health.status)}"` } };
  }
  const summary =
    `health check OK: case-calendar ${shown(health.version)} tracking ${counted(field(health, 'tracking', 'dockets'), 'docket')} ` +
    `across ${counted(field(health, 'tracking', 'cases'), 'case')}; inbox pending ${shown(field(health, 'inbox', 'pending'))}, dead ${shown(field(health, 'inbox', 'dead'))}`;
  return { ok: true, summary, health };
}

/** Replaces every occurrence of the secret, so no message or echoed header can leak it. */
export function redact(text: string, secret: string): string {
  return secret ? text.split(secret).join('***') : text;
}

function redactResult(result: ProbeResult, secret: string): ProbeResult {
  return result.ok ? result : { ok: false, cause: { kind: result.cause.kind, message: redact(result.cause.message, secret) } };
}

async function readCapped(body: AsyncIterable<Buffer>, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= limit) break; // leaving the loop destroys the stream
  }
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}

/**
 * GETs the receiver's secret-gated health URL the way CourtListener would reach the receiver:
 * through the public name, the proxy and its certificate, without following redirects. Network
 * and HTTP problems come back as a cause, never as an exception; the secret is redacted from
 * every message.
 */
export async function probeHealth(url: string, secret: string, options: ProbeOptions = {}): Promise<ProbeResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  const target = new URL(url);
  // A private agent: its own timeouts and trust store, no pooled sockets left behind.
  const { Agent, request } = await import('undici'); // loaded when a probe runs, not with every command
  const agent = new Agent({
    connect: { timeout: timeoutMs, ...(options.trustedCa ? { ca: options.trustedCa } : {}) },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeoutMs);
  try {
    const res = await request(target, {
      method: 'GET',
      headers: { 'user-agent': options.userAgent ?? 'case-calendar-webhook-check', accept: 'application/json' },
      dispatcher: agent,
      signal: deadline.signal,
    });
    const body = await readCapped(res.body, MAX_BODY_BYTES);
    return redactResult(classifyResponse({ status: res.statusCode, headers: res.headers, body }, target), secret);
  } catch (err) {
    if (deadline.signal.aborted) return { ok: false, cause: { kind: 'timeout', message: `no answer within ${formatSeconds(timeoutMs)} s` } };
    return redactResult({ ok: false, cause: describeConnectionError(err, target, timeoutMs) }, secret);
  } finally {
    clearTimeout(timer);
    await agent.destroy().catch(() => undefined);
  }
}
