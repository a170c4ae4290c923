import { retryAfterMs } from '../../http/retry-after.js';
import { LlmError, type ProviderName, type ProviderOptions } from './types.js';

export { retryAfterMs };

const RETRYABLE = new Set([408, 409, 425, 429, 500, 502, 503, 504, 529]);
const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface JsonReply {
  status: number;
  body: unknown; // parsed JSON, or the raw text when the body is not JSON
}

/**
 * POSTs JSON with bounded retries: connection failures and 408/409/429/5xx/529 back off
 * exponentially with jitter, honouring retry-after up to a cap. Other statuses come back to the
 * adapter, which knows what its vendor's error bodies mean. The key is sent only in `headers`.
 */
export async function postJson(provider: ProviderName, url: string, headers: Record<string, string>, payload: unknown, opts: ProviderOptions, defaultTimeoutMs = 120_000): Promise<JsonReply> {
  const sleep = opts.sleep ?? defaultSleep;
  const maxRetries = opts.maxRetries ?? 6;
  const base = opts.retryBaseMs ?? 500;
  const cap = opts.maxRetryAfterMs ?? 60_000;
  const body = JSON.stringify(payload);
  for (let attempt = 0; ; attempt++) {
    let status: number;
    let text: string;
    let resHeaders: Record<string, string | string[] | undefined>;
    try {
      const { request } = await import('undici'); // only runs that call a model pay for loading it
      const res = await request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
        signal: AbortSignal.timeout(opts.timeoutMs ?? defaultTimeoutMs),
      });
      status = res.statusCode;
      resHeaders = res.headers;
      text = await res.body.text();
    } catch (err) {
      if (attempt >= maxRetries) throw new LlmError(`${provider}: cannot reach the API (${(err as { code?: string }).code ?? (err as Error).message})`, 'network', provider);
      await sleep(Math.min(30_000, base * 2 ** attempt) * (0.5 + Math.random() / 2));
      continue;
    }
    if (RETRYABLE.has(status) && attempt < maxRetries) {
      const wait = retryAfterMs(resHeaders);
      if (wait !== null && wait > cap) {
        throw new LlmError(`${provider}: asked to wait ${Math.round(wait / 1000)} s (more than the ${Math.round(cap / 1000)} s cap)`, 'http', provider, status);
      }
      await sleep(wait ?? Math.min(30_000, base * 2 ** attempt) * (0.5 + Math.random() / 2));
      continue;
    }
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // leave as text
    }
    return { status, body: parsed };
  }
}

/** Vendor phrases that mean "the prompt is too long for this model". */
const CONTEXT_PHRASES = ['context length', 'context_length_exceeded', 'maximum context', 'context window', 'prompt is too long', 'input token count', 'exceeds the maximum number of tokens', 'too many input tokens', 'reduce the length of the messages'];

export function isContextError(message: string): boolean {
  const m = message.toLowerCase();
  return CONTEXT_PHRASES.some((p) => m.includes(p));
}

/** The error text of a vendor error body, whatever its shape ({error: {message}}, {error: "…"}, text). */
export function errorMessage(body: unknown): string {
  if (typeof body === 'string') return body.slice(0, 500);
  if (body && typeof body === 'object') {
    const e = (body as Record<string, unknown>).error;
    if (typeof e === 'string') return e;
    if (e && typeof e === 'object' && typeof (e as Record<string, unknown>).message === 'string') return (e as Record<string, string>).message!;
    if (typeof (body as Record<string, unknown>).message === 'string') return (body as Record<string, string>).message!;
  }
  return JSON.stringify(body).slice(0, 500);
}

/** Turns a non-2xx reply into the right LlmError. */
export function failure(provider: ProviderName, reply: JsonReply): LlmError {
  const msg = errorMessage(reply.body);
  if (isContextError(msg)) return new LlmError(`${provider}: prompt too long for the model: ${msg}`, 'context', provider, reply.status);
  const hint = reply.status === 401 || reply.status === 403 ? ' (check the API key)' : reply.status === 404 ? ' (check the model name)' : '';
  return new LlmError(`${provider}: HTTP ${reply.status}${hint}: ${msg}`, 'http', provider, reply.status);
}
