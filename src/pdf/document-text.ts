/**
 * A document's text by the ladder of spec summaries §7: CourtListener's plain_text when usable,
 * else the PDF from RECAP storage (then the Internet Archive copy), its text layer, then OCR.
 * Also fetches operator-supplied URLs (PDF, HTML or plain text).
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Dispatcher } from 'undici';
import { extractPdfText, ocrAvailable, ocrPdf, type OcrOptions } from './extract.js';
import { usableText } from './usable.js';

export const DEFAULT_STORAGE_BASE_URL = 'https://storage.courtlistener.com';

/** The fields of a CourtListener RECAP document this layer reads. */
export interface TextSourceDocument {
  plain_text?: string | null;
  is_sealed?: boolean | null;
  /** Path under the storage origin, e.g. `recap/gov.uscourts.dcd.1234/gov.uscourts.dcd.1234.12.0.pdf`. */
  filepath_local?: string | null;
  /** An absolute URL of the Internet Archive copy. */
  filepath_ia?: string | null;
}

export interface FetchOptions {
  /** Per-request connect/headers/body-idle timeout (default 30 s; 60 s for operator URLs). */
  timeoutMs?: number;
  /** Attempts per URL on timeouts, network errors and 429/502/503/504 (default 4). */
  maxAttempts?: number;
  /** Waits between attempts; tests pass a no-op. */
  sleep?: (ms: number) => Promise<void>;
  /** Largest body accepted (default 100 MiB): a runaway download must not take the process down. */
  maxBytes?: number;
  userAgent?: string;
  /** An undici dispatcher to use instead of a private one (its timeouts then apply). */
  dispatcher?: Dispatcher;
}

export interface DocumentTextOptions extends FetchOptions {
  /** Step 5: OCR image-only PDFs when pdftoppm and tesseract exist. */
  allowOcr?: boolean;
  /** Origin that `filepath_local` is relative to; tests point it at 127.0.0.1. */
  storageBaseUrl?: string;
  ocr?: OcrOptions;
}

export type TextSource = 'plain_text' | 'pdf' | 'ocr' | 'none';

export interface DocumentText {
  text: string | null;
  source: TextSource;
  usable: boolean;
  /** Bytes of 200 bodies received, including any attempt cut off mid-transfer (error pages are not counted). */
  bytesFetched: number;
  /** HTTP requests made, counting retries and redirect hops. */
  requests: number;
}

export interface UrlText {
  text: string | null;
  source: 'pdf' | 'ocr' | 'html' | 'text' | 'none';
  usable: boolean;
  bytesFetched: number;
  requests: number;
  /** Why there is no text (HTTP status, network error, unsupported type), for the operator. */
  error?: string;
}

const BACKOFF_MS = [500, 1000, 2000];
const RETRY_STATUS = new Set([429, 502, 503, 504]);
const MAX_REDIRECTS = 5;

interface Fetched {
  body: Buffer;
  contentType: string;
}

interface Counters {
  bytes: number;
  requests: number;
}

class FetchFailure extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/** One attempt: GET with redirects followed by hand, so every hop is counted. */
async function getOnce(url: string, dispatcher: Dispatcher, opts: FetchOptions, counters: Counters): Promise<Fetched> {
  const maxBytes = opts.maxBytes ?? 100 * 1024 * 1024;
  let current = url;
  for (let hop = 0; ; hop++) {
    counters.requests++;
    let res: Dispatcher.ResponseData;
    try {
      const { request } = await import('undici'); // only runs that read documents pay for loading it
      res = await request(current, {
        method: 'GET',
        dispatcher,
        headers: { 'user-agent': opts.userAgent ?? 'case-calendar', accept: '*/*' },
      });
    } catch (e) {
      throw new FetchFailure(`${current}: ${(e as Error).message}`, true);
    }
    const { statusCode, headers } = res;
    if (statusCode >= 300 && statusCode < 400 && statusCode !== 304) {
      await res.body.dump().catch(() => undefined);
      const location = headers.location;
      const target = Array.isArray(location) ? location[0] : location;
      if (!target) throw new FetchFailure(`${current}: HTTP ${statusCode} without Location`, false);
      if (hop >= MAX_REDIRECTS) throw new FetchFailure(`${url}: more than ${MAX_REDIRECTS} redirects`, false);
      current = new URL(target, current).href;
      continue;
    }
    if (statusCode !== 200) {
      await res.body.dump().catch(() => undefined);
      throw new FetchFailure(`${current}: HTTP ${statusCode}`, RETRY_STATUS.has(statusCode));
    }
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of res.body) {
        const buf = chunk as Buffer;
        size += buf.length;
        counters.bytes += buf.length;
        if (size > maxBytes) {
          res.body.destroy();
          throw new FetchFailure(`${current}: body larger than ${maxBytes} bytes`, false);
        }
        chunks.push(buf);
      }
    } catch (e) {
      if (e instanceof FetchFailure) throw e;
      // A body cut off or stalled mid-transfer is a network error like any other.
      throw new FetchFailure(`${current}: ${(e as Error).message}`, true);
    }
    if (size === 0) throw new FetchFailure(`${current}: empty body`, false);
    const ct = headers['content-type'];
    return { body: Buffer.concat(chunks), contentType: (Array.isArray(ct) ? ct[0] : ct) ?? '' };
  }
}

/** Up to `maxAttempts` tries with 0.5/1/2 s backoff on transient failures only. */
async function getWithRetry(url: string, dispatcher: Dispatcher, opts: FetchOptions, counters: Counters): Promise<Fetched> {
  const attempts = opts.maxAttempts ?? 4;
  const sleep = opts.sleep ?? ((ms: number) => delay(ms));
  for (let attempt = 1; ; attempt++) {
    try {
      return await getOnce(url, dispatcher, opts, counters);
    } catch (e) {
      const failure = e instanceof FetchFailure ? e : new FetchFailure(String(e), false);
      if (!failure.retryable || attempt >= attempts) throw failure;
      await sleep(BACKOFF_MS[Math.min(attempt - 1, BACKOFF_MS.length - 1)]!);
    }
  }
}

/** Runs `fn` with the caller's dispatcher, or a private Agent closed afterwards. */
async function withDispatcher<T>(opts: FetchOptions, timeoutMs: number, fn: (d: Dispatcher) => Promise<T>): Promise<T> {
  if (opts.dispatcher) return fn(opts.dispatcher);
  const { Agent } = await import('undici');
  const agent = new Agent({
    connectTimeout: Math.min(timeoutMs, 10_000),
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    keepAliveTimeout: 4_000,
  });
  try {
    return await fn(agent);
  } finally {
    await agent.close().catch(() => undefined);
  }
}

/** Steps 4–6 on downloaded PDF bytes. */
async function textFromPdf(bytes: Uint8Array, allowOcr: boolean, ocrOpts: OcrOptions | undefined): Promise<{ text: string | null; source: 'pdf' | 'ocr' | 'none'; usable: boolean }> {
  let layer = '';
  try {
    layer = await extractPdfText(bytes);
  } catch {
    // Not a PDF pdf.js can open; OCR (poppler) may still manage, else there is no text.
  }
  if (usableText(layer)) return { text: layer, source: 'pdf', usable: true };
  if (allowOcr && (await ocrAvailable())) {
    try {
      const ocr = await ocrPdf(bytes, ocrOpts);
      if (usableText(ocr)) return { text: ocr, source: 'ocr', usable: true };
    } catch {
      // Rendering failed or ran past its cap: fall back to whatever the text layer had.
    }
  }
  return layer.trim() ? { text: layer, source: 'pdf', usable: false } : { text: null, source: 'none', usable: false };
}

function storageUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

function isAbsoluteHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * The text of one CourtListener document (spec summaries §7). Never throws for network or parse
 * trouble: the result says what was found and what it cost in requests and bytes.
 */
export async function documentText(doc: TextSourceDocument, opts: DocumentTextOptions = {}): Promise<DocumentText> {
  const counters: Counters = { bytes: 0, requests: 0 };
  const plain = doc.plain_text ?? '';
  const result = (text: string | null, source: TextSource, usable: boolean): DocumentText => ({
    text,
    source,
    usable,
    bytesFetched: counters.bytes,
    requests: counters.requests,
  });
  const fallback = () => (plain.trim() ? result(plain, 'plain_text', false) : result(null, 'none', false));

  // 1. CourtListener's own extraction.
  if (usableText(plain)) return result(plain, 'plain_text', true);
  // 2. Sealed: nothing, not even a stale plain_text (unsealing changes the fingerprint anyway).
  if (doc.is_sealed) return result(null, 'none', false);

  // 3. The PDF: RECAP storage first, then the Internet Archive copy.
  const urls: string[] = [];
  if (doc.filepath_local?.trim()) urls.push(storageUrl(opts.storageBaseUrl ?? DEFAULT_STORAGE_BASE_URL, doc.filepath_local.trim()));
  if (doc.filepath_ia?.trim() && isAbsoluteHttpUrl(doc.filepath_ia.trim())) urls.push(doc.filepath_ia.trim());
  if (urls.length === 0) return fallback();

  const timeoutMs = opts.timeoutMs ?? 30_000;
  const fetched = await withDispatcher(opts, timeoutMs, async (dispatcher) => {
    for (const url of urls) {
      try {
        return await getWithRetry(url, dispatcher, opts, counters);
      } catch {
        // This copy is unreachable; try the next.
      }
    }
    return null;
  });
  if (!fetched) return fallback();

  // 4–6. Once bytes are in hand, CourtListener's unusable text is never the answer.
  const pdf = await textFromPdf(fetched.body, opts.allowOcr ?? false, opts.ocr);
  return result(pdf.text, pdf.source, pdf.usable);
}

// ---------------------------------------------------------------------------------------------
// Operator URLs

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—', rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“', sect: '§', para: '¶', hellip: '…' };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** Crude HTML → text: drops scripts, styles and tags, keeps block boundaries as line breaks. */
export function htmlToText(html: string): string {
  const text = html
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<(script|style|noscript|template|svg|head)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/?(p|div|li|ul|ol|tr|table|h[1-6]|section|article|header|footer|blockquote|pre|dd|dt)\b[^>]*>/gi, '\n')
    .replace(/<[^>]*>/g, ' ');
  return decodeEntities(text)
    .split('\n')
    .map((line) => line.replace(/[ \t\f\v\r\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function decodeBody(body: Buffer, contentType: string): string {
  const charset = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType)?.[1];
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(body);
  } catch {
    return new TextDecoder('utf-8').decode(body);
  }
}

/**
 * The text behind an operator-supplied URL (60 s timeout): a PDF goes through the same text-layer
 * → OCR steps as a court document; HTML is stripped of tags; plain text is taken as is.
 */
export async function fetchUrlText(url: string, opts: DocumentTextOptions = {}): Promise<UrlText> {
  const counters: Counters = { bytes: 0, requests: 0 };
  const done = (text: string | null, source: UrlText['source'], usable: boolean, error?: string): UrlText => ({
    text,
    source,
    usable,
    bytesFetched: counters.bytes,
    requests: counters.requests,
    ...(error !== undefined ? { error } : {}),
  });
  if (!isAbsoluteHttpUrl(url)) return done(null, 'none', false, `not an http(s) URL: ${url}`);

  const timeoutMs = opts.timeoutMs ?? 60_000;
  let fetched: Fetched;
  try {
    fetched = await withDispatcher(opts, timeoutMs, (d) => getWithRetry(url, d, opts, counters));
  } catch (e) {
    return done(null, 'none', false, (e as Error).message);
  }

  const type = fetched.contentType.toLowerCase();
  const head = fetched.body.subarray(0, 1024).toString('latin1');
  // Servers often label PDFs application/octet-stream, so the magic number decides too.
  if (type.includes('pdf') || head.startsWith('%PDF-')) {
    const pdf = await textFromPdf(fetched.body, opts.allowOcr ?? false, opts.ocr);
    return done(pdf.text, pdf.source, pdf.usable, pdf.text === null ? 'no text could be extracted from the PDF' : undefined);
  }
  const looksHtml = /^\s*(<!doctype html|<html|<head|<body)/i.test(head);
  if (type.includes('html') || type.includes('xhtml') || (!type.startsWith('text/plain') && looksHtml)) {
    const text = htmlToText(decodeBody(fetched.body, fetched.contentType));
    return text ? done(text, 'html', usableText(text)) : done(null, 'none', false, 'the page has no text');
  }
  if (type.startsWith('text/') || type === '') {
    const text = decodeBody(fetched.body, fetched.contentType).trim();
    return text ? done(text, 'text', usableText(text)) : done(null, 'none', false, 'the document is empty');
  }
  return done(null, 'none', false, `unsupported content type: ${fetched.contentType}`);
}
