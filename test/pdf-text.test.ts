import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { documentText, fetchUrlText, htmlToText, type DocumentTextOptions } from '../src/pdf/document-text.js';
import { extractPdfText, ocrAvailable, ocrPdf } from '../src/pdf/extract.js';
import { stripPacerStamps, usableText } from '../src/pdf/usable.js';
import { imagePdf, renderGray, textPdf } from './helpers/pdf.js';

const PROSE =
  'The Court has considered the motion to continue the sentencing hearing, the government response, ' +
  'and the entire record. For good cause shown the motion is GRANTED and sentencing is reset.';
const STAMP = 'Case 1:23-cr-00045-ABC Document 12-3 Filed 05/06/24 Page 3 of 10 PageID #: 123';

const tools = await ocrAvailable();

describe('usableText', () => {
  it('accepts ordinary prose of 100+ characters', () => {
    expect(PROSE.length).toBeGreaterThan(100);
    expect(usableText(PROSE)).toBe(true);
  });

  it('rejects short, empty and missing text', () => {
    expect(usableText('ORDER granting motion.')).toBe(false);
    expect(usableText('')).toBe(false);
    expect(usableText(null)).toBe(false);
    expect(usableText(undefined)).toBe(false);
    // Padding does not count toward the 100.
    expect(usableText(`ORDER ${' '.repeat(200)}\n\n\n granted.`)).toBe(false);
  });

  it('rejects font-encoding gibberish (under 40% ASCII letters)', () => {
    const gibberish = '#$%&\'()*+,-./0123456789:;<=>?@[\\]^_`{|}~ '.repeat(5) + 'abc';
    expect(gibberish.length).toBeGreaterThan(100);
    expect(usableText(gibberish)).toBe(false);
    // 40% letters exactly is enough; just under is not.
    expect(usableText('ab123 '.repeat(40))).toBe(true);
    expect(usableText('ab1234 '.repeat(40))).toBe(false);
  });

  it('rejects a scan whose only text is the PACER stamp band, however many pages', () => {
    const band = Array.from({ length: 10 }, (_, i) => `Case 1:23-cr-00045-ABC Document 12-3 Filed 05/06/24 Page ${i + 1} of 10 PageID #: ${120 + i}`).join('\n\n');
    expect(band.length).toBeGreaterThan(500);
    expect(usableText(band)).toBe(false);
    // The same stamps around real text are fine.
    expect(usableText(`${STAMP}\n${PROSE}\n${STAMP}`)).toBe(true);
  });
});

describe('stripPacerStamps', () => {
  it('removes the full stamp and keeps the text around it', () => {
    const out = stripPacerStamps(`before ${STAMP} after`);
    expect(out.replace(/\s+/g, ' ').trim()).toBe('before after');
  });

  it.each([
    ['case number only', 'Case 1:23-cr-00045'],
    ['case number with judge initials', 'Case 2:19-cv-01234-JLR-MAT'],
    ['through the document number', 'Case 1:23-cr-00045-ABC Document 12'],
    ['attachment number and filing date', 'Case 1:23-cr-00045 Document 12-3 Filed 5/6/2024'],
    ['no PageID', 'Case 3:21-cv-00999-X Document 7 Filed 01/02/22 Page 1 of 2'],
    ['PageID without #', 'Case 1:20-cv-00001 Document 5 Filed 01/02/21 Page 2 of 9 PageID 44'],
    ['Michigan PageID.N', 'Case 2:22-cv-10000-ABC-DEF ECF No. 3, PageID.45'],
    ['stamp split across lines', 'Case 1:23-cr-00045-ABC\nDocument 12-3\nFiled 05/06/24\nPage 3 of 10\nPageID #: 123'],
    ['bankruptcy stamp', 'Case 19-12345-KJC Doc 12 Filed 01/02/20 Page 1 of 5'],
  ])('removes a stamp: %s', (_name, stamp) => {
    const out = stripPacerStamps(`Alpha ${stamp} Omega`);
    expect(out).toMatch(/^Alpha\s/);
    expect(out).toMatch(/\sOmega$/);
    expect(out).not.toMatch(/Case|Document|Filed|Page \d|PageID|\d:\d\d-/);
  });

  it('leaves ordinary prose alone', () => {
    expect(stripPacerStamps(PROSE)).toBe(PROSE);
    expect(stripPacerStamps('In this case the document was filed late.')).toBe('In this case the document was filed late.');
  });
});

describe('extractPdfText', () => {
  it('reads the text layer of every page in order, pages separated by a blank line', async () => {
    const pdf = textPdf([['ORDER (sealed part) back\\slash', 'Sentencing reset to June 3, 2026.'], ['Page two: SO ORDERED.']]);
    const text = await extractPdfText(pdf);
    expect(text).toBe('ORDER (sealed part) back\\slash\nSentencing reset to June 3, 2026.\n\nPage two: SO ORDERED.');
    // The caller's buffer is not detached by pdf.js.
    expect(pdf.length).toBeGreaterThan(0);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('skips a page it cannot load and keeps the pages after it', async () => {
    const text = await extractPdfText(textPdf([['First page text'], null, ['Third page text']]));
    expect(text).toBe('First page text\n\nThird page text');
  });

  it('returns no text for an image-only PDF', async () => {
    const blank = { width: 20, height: 20, pixels: Buffer.alloc(400, 255) };
    expect(await extractPdfText(imagePdf([blank]))).toBe('');
  });

  it('rejects bytes that are not a PDF', async () => {
    await expect(extractPdfText(Buffer.from('<html>not a pdf</html>'))).rejects.toThrow();
  });
});

// ---------------------------------------------------------------------------------------------
// The §7 ladder against a real HTTP server on 127.0.0.1.

const GOOD_PDF = textPdf([[PROSE.slice(0, 90), PROSE.slice(90)], ['IT IS SO ORDERED.']]);
const IA_PDF = textPdf([['Internet Archive copy.', PROSE]]);
const BLANK_IMAGE_PDF = imagePdf([{ width: 40, height: 40, pixels: Buffer.alloc(1600, 255) }]);

let server: Server;
let origin: string;
const log: string[] = [];
const hits = new Map<string, number>();
const sleeps: number[] = [];

function sendPdf(res: ServerResponse, pdf: Buffer, type = 'application/pdf') {
  res.writeHead(200, { 'content-type': type, 'content-length': pdf.length });
  res.end(pdf);
}

function route(req: IncomingMessage, res: ServerResponse) {
  const path = req.url ?? '/';
  log.push(path);
  const n = (hits.get(path) ?? 0) + 1;
  hits.set(path, n);
  switch (path) {
    case '/recap/good.pdf':
      return sendPdf(res, GOOD_PDF);
    case '/recap/flaky.pdf':
      if (n === 1) return void res.writeHead(503).end('busy');
      return sendPdf(res, GOOD_PDF);
    case '/recap/down.pdf':
      return void res.writeHead(503).end('busy');
    case '/recap/missing.pdf':
      return void res.writeHead(404).end('not found');
    case '/recap/forbidden.pdf':
      return void res.writeHead(403).end('no');
    case '/recap/moved.pdf':
      return void res.writeHead(302, { location: '/recap/good.pdf' }).end();
    case '/recap/hang.pdf':
      if (n === 1) return; // never answers: the client's timeout has to fire
      return sendPdf(res, GOOD_PDF);
    case '/recap/reset.pdf':
      if (n === 1) return void req.socket.destroy();
      return sendPdf(res, GOOD_PDF);
    case '/recap/empty.pdf':
      return void res.writeHead(200, { 'content-type': 'application/pdf' }).end();
    case '/recap/blank-scan.pdf':
      return sendPdf(res, BLANK_IMAGE_PDF);
    case '/ia/copy.pdf':
      return sendPdf(res, IA_PDF);
    case '/op/page.html':
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return void res.end(
        '<!doctype html><html><head><title>t</title><style>p{color:red}</style></head><body>' +
          '<script>var secret = "do not keep";</script><h1>Minute Order</h1>' +
          `<p>${PROSE.replace('motion', '<b>motion</b>')}</p><p>Fees &amp; costs &#167; 3 &lt;= &#x24;500.</p></body></html>`,
      );
    case '/op/note.txt':
      res.writeHead(200, { 'content-type': 'text/plain' });
      return void res.end(`  ${PROSE}\n`);
    case '/op/doc':
      return sendPdf(res, GOOD_PDF, 'application/octet-stream');
    case '/op/image.png':
      res.writeHead(200, { 'content-type': 'image/png' });
      return void res.end(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    default:
      return void res.writeHead(404).end();
  }
}

beforeAll(async () => {
  server = createServer(route);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  log.length = 0;
  hits.clear();
  sleeps.length = 0;
});

function opts(over: DocumentTextOptions = {}): DocumentTextOptions {
  return {
    storageBaseUrl: origin,
    sleep: async (ms) => void sleeps.push(ms),
    ...over,
  };
}

describe('documentText', () => {
  it('uses usable CourtListener plain_text without any request', async () => {
    const r = await documentText({ plain_text: PROSE, filepath_local: 'recap/good.pdf' }, opts());
    expect(r).toEqual({ text: PROSE, source: 'plain_text', usable: true, bytesFetched: 0, requests: 0 });
    expect(log).toEqual([]);
  });

  it('fetches and parses the PDF when plain_text is unusable', async () => {
    const r = await documentText({ plain_text: 'ORDER', filepath_local: 'recap/good.pdf' }, opts());
    expect(r.source).toBe('pdf');
    expect(r.usable).toBe(true);
    expect(r.text).toContain('motion to continue the sentencing hearing');
    expect(r.text).toContain('IT IS SO ORDERED.');
    expect(r.requests).toBe(1);
    expect(r.bytesFetched).toBe(GOOD_PDF.length);
    expect(log).toEqual(['/recap/good.pdf']);
  });

  it('joins a storage origin with a trailing slash and a path with a leading one', async () => {
    const r = await documentText({ filepath_local: '/recap/good.pdf' }, opts({ storageBaseUrl: `${origin}/` }));
    expect(r.source).toBe('pdf');
    expect(log).toEqual(['/recap/good.pdf']);
  });

  it('returns nothing for a sealed document, without a request', async () => {
    const r = await documentText({ plain_text: 'SEALED', is_sealed: true, filepath_local: 'recap/good.pdf', filepath_ia: `${origin}/ia/copy.pdf` }, opts());
    expect(r).toEqual({ text: null, source: 'none', usable: false, bytesFetched: 0, requests: 0 });
    expect(log).toEqual([]);
  });

  it('retries a 503 after 0.5 s and succeeds', async () => {
    const r = await documentText({ filepath_local: 'recap/flaky.pdf' }, opts());
    expect(r.source).toBe('pdf');
    expect(r.usable).toBe(true);
    expect(r.requests).toBe(2);
    expect(sleeps).toEqual([500]);
    expect(log).toEqual(['/recap/flaky.pdf', '/recap/flaky.pdf']);
  });

  it('gives up on storage after 4 attempts (0.5/1/2 s apart), then tries the Internet Archive copy', async () => {
    const r = await documentText({ plain_text: 'x', filepath_local: 'recap/down.pdf', filepath_ia: `${origin}/ia/copy.pdf` }, opts());
    expect(sleeps).toEqual([500, 1000, 2000]);
    expect(log).toEqual(['/recap/down.pdf', '/recap/down.pdf', '/recap/down.pdf', '/recap/down.pdf', '/ia/copy.pdf']);
    expect(r.source).toBe('pdf');
    expect(r.text).toContain('Internet Archive copy.');
    expect(r.requests).toBe(5);
  });

  it('falls back to filepath_ia on a 404 from storage, without retrying the 404', async () => {
    const r = await documentText({ plain_text: '', filepath_local: 'recap/missing.pdf', filepath_ia: `${origin}/ia/copy.pdf` }, opts());
    expect(log).toEqual(['/recap/missing.pdf', '/ia/copy.pdf']);
    expect(sleeps).toEqual([]);
    expect(r.source).toBe('pdf');
    expect(r.usable).toBe(true);
    expect(r.text).toContain('Internet Archive copy.');
    expect(r.requests).toBe(2);
    expect(r.bytesFetched).toBe(IA_PDF.length);
  });

  it('returns the unusable plain_text when there is no URL', async () => {
    const r = await documentText({ plain_text: 'Minute entry.', filepath_local: null, filepath_ia: '' }, opts());
    expect(r).toEqual({ text: 'Minute entry.', source: 'plain_text', usable: false, bytesFetched: 0, requests: 0 });
    expect(log).toEqual([]);
  });

  it('returns nothing when there is neither a URL nor plain_text', async () => {
    const r = await documentText({}, opts());
    expect(r).toEqual({ text: null, source: 'none', usable: false, bytesFetched: 0, requests: 0 });
  });

  it('ignores a filepath_ia that is not an absolute http(s) URL', async () => {
    const r = await documentText({ plain_text: 'Short.', filepath_ia: 'gov.uscourts.dcd.1/doc.pdf' }, opts());
    expect(r).toMatchObject({ text: 'Short.', source: 'plain_text', usable: false, requests: 0 });
    expect(log).toEqual([]);
  });

  it('returns the unusable plain_text when every copy fails', async () => {
    const r = await documentText({ plain_text: 'Short.', filepath_local: 'recap/forbidden.pdf', filepath_ia: `${origin}/missing/ia.pdf` }, opts());
    expect(r).toMatchObject({ text: 'Short.', source: 'plain_text', usable: false, requests: 2 });
    expect(sleeps).toEqual([]);
  });

  it('treats a 200 with an empty body as a failure', async () => {
    const r = await documentText({ plain_text: 'Short.', filepath_local: 'recap/empty.pdf' }, opts());
    expect(r).toMatchObject({ text: 'Short.', source: 'plain_text', usable: false, requests: 1 });
  });

  it('follows redirects, counting each hop', async () => {
    const r = await documentText({ filepath_local: 'recap/moved.pdf' }, opts());
    expect(log).toEqual(['/recap/moved.pdf', '/recap/good.pdf']);
    expect(r.requests).toBe(2);
    expect(r.source).toBe('pdf');
  });

  it('retries after a timeout', async () => {
    const r = await documentText({ filepath_local: 'recap/hang.pdf' }, opts({ timeoutMs: 300 }));
    expect(log).toEqual(['/recap/hang.pdf', '/recap/hang.pdf']);
    expect(sleeps).toEqual([500]);
    expect(r.source).toBe('pdf');
    expect(r.usable).toBe(true);
  });

  it('retries after the connection is dropped', async () => {
    const r = await documentText({ filepath_local: 'recap/reset.pdf' }, opts());
    expect(r.requests).toBe(2);
    expect(r.source).toBe('pdf');
  });

  it('never falls back to CourtListener text once PDF bytes were fetched', async () => {
    const r = await documentText({ plain_text: 'Short.', filepath_local: 'recap/blank-scan.pdf' }, opts({ allowOcr: false }));
    expect(r).toEqual({ text: null, source: 'none', usable: false, bytesFetched: BLANK_IMAGE_PDF.length, requests: 1 });
  });

  it('returns a non-empty but unusable text layer as a last resort', async () => {
    const pdf = textPdf([['Case 1:23-cr-00045-ABC Document 12 Filed 05/06/24 Page 1 of 1', 'ORDER']]);
    const srv = createServer((_req, res) => sendPdf(res, pdf));
    await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
      const r = await documentText({ plain_text: 'ORDER granting.', filepath_local: 'x.pdf' }, opts({ storageBaseUrl: base }));
      expect(r.source).toBe('pdf');
      expect(r.usable).toBe(false);
      expect(r.text).toContain('ORDER');
      expect(r.text).not.toContain('granting');
    } finally {
      await new Promise<void>((resolve) => srv.close(() => resolve()));
    }
  });
});

describe('fetchUrlText', () => {
  it('strips an HTML page to its text, dropping scripts and styles and decoding entities', async () => {
    const r = await fetchUrlText(`${origin}/op/page.html`, opts());
    expect(r.source).toBe('html');
    expect(r.usable).toBe(true);
    expect(r.text).toContain('Minute Order');
    expect(r.text).toContain('motion to continue the sentencing hearing');
    expect(r.text).toContain('Fees & costs § 3 <= $500.');
    expect(r.text).not.toMatch(/secret|color|<\/?[a-z!]|\bt\b/);
    expect(r.requests).toBe(1);
  });

  it('takes text/plain as is', async () => {
    const r = await fetchUrlText(`${origin}/op/note.txt`, opts());
    expect(r).toMatchObject({ text: PROSE, source: 'text', usable: true, requests: 1 });
  });

  it('recognises a PDF served as application/octet-stream', async () => {
    const r = await fetchUrlText(`${origin}/op/doc`, opts());
    expect(r.source).toBe('pdf');
    expect(r.text).toContain('IT IS SO ORDERED.');
  });

  it('reports an HTTP error and an unsupported type', async () => {
    const missing = await fetchUrlText(`${origin}/op/gone`, opts());
    expect(missing.text).toBeNull();
    expect(missing.error).toMatch(/HTTP 404/);
    const image = await fetchUrlText(`${origin}/op/image.png`, opts());
    expect(image.text).toBeNull();
    expect(image.error).toMatch(/unsupported content type: image\/png/);
    const notHttp = await fetchUrlText('file:///etc/passwd', opts());
    expect(notHttp.error).toMatch(/not an http/);
    expect(notHttp.requests).toBe(0);
  });

  it('htmlToText keeps block boundaries as line breaks', () => {
    expect(htmlToText('<div>One</div><div>Two<br>Three</div><ul><li>a</li><li>b</li></ul>')).toBe('One\n\nTwo\nThree\n\na\n\nb');
  });
});

// ---------------------------------------------------------------------------------------------
// OCR needs poppler's pdftoppm and tesseract with English data (.ci/run installs them).

const SCAN_LINES = [
  'ORDER ON MOTION TO CONTINUE',
  'The defendant moves to continue the sentencing',
  'hearing. The government does not oppose the',
  'motion. The motion is granted and sentencing',
  'is reset to the first available date in June.',
];

describe('OCR', () => {
  it.skipIf(!tools)(tools ? 'reads an image-only PDF with tesseract' : 'reads an image-only PDF (skipped: pdftoppm and tesseract with English data are not on PATH)', async () => {
    const scan = imagePdf([renderGray(textPdf([SCAN_LINES]), 150)]);
    expect(await extractPdfText(scan)).toBe('');
    const before = readdirSync(tmpdir()).filter((f) => f.startsWith('case-calendar-ocr-')).length;
    const text = await ocrPdf(scan);
    expect(text).toMatch(/MOTION TO CONTINUE/);
    expect(text).toMatch(/sentencing/);
    expect(text).toMatch(/government does not oppose/);
    expect(readdirSync(tmpdir()).filter((f) => f.startsWith('case-calendar-ocr-')).length).toBe(before);
  });

  it.skipIf(!tools)(tools ? 'documentText OCRs a fetched scan when allowOcr is set' : 'documentText OCRs a fetched scan (skipped: pdftoppm and tesseract with English data are not on PATH)', async () => {
    const scan = imagePdf([renderGray(textPdf([SCAN_LINES]), 150)]);
    const srv = createServer((_req, res) => sendPdf(res, scan));
    await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
      const withOcr = await documentText({ plain_text: 'Short.', filepath_local: 'scan.pdf' }, opts({ storageBaseUrl: base, allowOcr: true }));
      expect(withOcr.source).toBe('ocr');
      expect(withOcr.usable).toBe(true);
      expect(withOcr.text).toMatch(/motion is granted/);
      const without = await documentText({ plain_text: 'Short.', filepath_local: 'scan.pdf' }, opts({ storageBaseUrl: base, allowOcr: false }));
      expect(without.source).toBe('none');
      expect(without.text).toBeNull();
    } finally {
      await new Promise<void>((resolve) => srv.close(() => resolve()));
    }
  });

  it.skipIf(tools)('ocrPdf rejects when the OCR tools are missing', async () => {
    await expect(ocrPdf(textPdf([['x']]))).rejects.toThrow(/pdftoppm and tesseract/);
  });
});
