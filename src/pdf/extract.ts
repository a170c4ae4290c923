/**
 * PDF → text (spec: summaries §7 steps 4 and 5): pdf.js for the text layer, poppler's
 * `pdftoppm` + `tesseract` for OCR when both are installed. Nothing here touches the network.
 */
import { spawn } from 'node:child_process';
import { constants as fsConstants } from 'node:fs';
import { access, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

let pdfjsPromise: Promise<{ pdfjs: PdfJs; assets: string }> | undefined;

/**
 * Loads pdf.js once, on first use (it is large, and most commands never read a PDF). The worker
 * module is imported in-process and published where pdf.js looks for a main-thread worker, so it
 * never resolves a worker URL of its own.
 */
function loadPdfJs(): Promise<{ pdfjs: PdfJs; assets: string }> {
  pdfjsPromise ??= (async () => {
    const workerSpecifier = 'pdfjs-dist/legacy/build/pdf.worker.mjs';
    const worker = (await import(workerSpecifier)) as { WorkerMessageHandler?: unknown };
    const g = globalThis as { pdfjsWorker?: unknown };
    g.pdfjsWorker ??= worker;
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    // cMaps and standard-font metrics ship in the package; pdf.js reads them with fs in Node.
    const assets = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
    return { pdfjs, assets };
  })();
  pdfjsPromise.catch(() => (pdfjsPromise = undefined));
  return pdfjsPromise;
}

/**
 * The text layer of every page, pages separated by a blank line. Pages pdf.js cannot read are
 * skipped; a file that is not a PDF at all rejects.
 */
export async function extractPdfText(bytes: Uint8Array): Promise<string> {
  const { pdfjs, assets } = await loadPdfJs();
  const task = pdfjs.getDocument({
    // A copy: pdf.js may take ownership of (detach) the buffer, and callers reuse theirs for OCR.
    data: new Uint8Array(bytes),
    cMapUrl: join(assets, 'cmaps') + '/',
    cMapPacked: true,
    standardFontDataUrl: join(assets, 'standard_fonts') + '/',
    wasmUrl: join(assets, 'wasm') + '/',
    disableFontFace: true,
    useSystemFonts: false,
    useWorkerFetch: false,
    isEvalSupported: false,
    enableXfa: false,
    verbosity: 0,
  });
  try {
    const doc = await task.promise;
    const pages: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      try {
        const page = await doc.getPage(n);
        try {
          const content = await page.getTextContent();
          let text = '';
          for (const item of content.items) {
            if (!('str' in item)) continue; // marked-content markers carry no text
            text += item.str;
            if (item.hasEOL) text += '\n';
          }
          pages.push(text.trim());
        } finally {
          page.cleanup();
        }
      } catch {
        // A bad page should not cost the rest of the document.
      }
    }
    return pages.filter((p) => p.length > 0).join('\n\n');
  } finally {
    await task.destroy();
  }
}

// ---------------------------------------------------------------------------------------------
// OCR

export interface OcrOptions {
  /** Cap on rendering all pages to images (default 5 min). */
  renderTimeoutMs?: number;
  /** Cap on recognising one page (default 2 min). */
  pageTimeoutMs?: number;
  /** Render resolution (default 300 DPI). */
  dpi?: number;
  /** Only the first N pages (default: all). */
  maxPages?: number;
  /** Tesseract language (default 'eng'). */
  lang?: string;
}

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

class ToolTimeoutError extends Error {}

/** Runs a tool with no shell and a hard deadline (SIGKILL: these tools hold no state worth saving). */
function run(cmd: string, args: string[], timeoutMs: number, cwd?: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Tesseract's OpenMP threads fight each other on small machines and make it much slower.
      env: { ...process.env, OMP_THREAD_LIMIT: '1' },
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (timedOut) reject(new ToolTimeoutError(`${cmd} exceeded ${Math.round(timeoutMs / 1000)} s`));
      else resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

async function onPath(name: string): Promise<boolean> {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      await access(join(dir, name), fsConstants.X_OK);
      return true;
    } catch {
      // not in this directory
    }
  }
  return false;
}

let ocrAvailablePromise: Promise<boolean> | undefined;

/**
 * Whether `pdftoppm` and `tesseract` (with English data) are installed. Asked once per process:
 * the answer cannot change while we run, and the check spawns a process.
 */
export function ocrAvailable(): Promise<boolean> {
  ocrAvailablePromise ??= (async () => {
    if (!(await onPath('pdftoppm')) || !(await onPath('tesseract'))) return false;
    try {
      const r = await run('tesseract', ['--list-langs'], 10_000);
      // Without the language data every page would fail; better to say OCR is unavailable.
      return r.code === 0 && /^eng$/m.test(r.stdout + r.stderr);
    } catch {
      return false;
    }
  })();
  return ocrAvailablePromise;
}

/**
 * OCR of every page: pdftoppm renders grayscale PNGs into a private temp dir, tesseract reads
 * each one. Pages tesseract fails on are skipped. Rejects when the tools are missing or rendering
 * fails or runs past its cap. The temp dir is always removed.
 */
export async function ocrPdf(bytes: Uint8Array, opts: OcrOptions = {}): Promise<string> {
  if (!(await ocrAvailable())) throw new Error('OCR needs pdftoppm and tesseract (with English data) on PATH');
  const renderTimeoutMs = opts.renderTimeoutMs ?? 5 * 60_000;
  const pageTimeoutMs = opts.pageTimeoutMs ?? 2 * 60_000;
  const dpi = opts.dpi ?? 300;
  const lang = opts.lang ?? 'eng';
  const dir = await mkdtemp(join(tmpdir(), 'case-calendar-ocr-'));
  try {
    await writeFile(join(dir, 'in.pdf'), bytes);
    const args = ['-r', String(dpi), '-gray', '-png'];
    if (opts.maxPages !== undefined) args.push('-l', String(Math.max(1, Math.floor(opts.maxPages))));
    args.push('in.pdf', 'page');
    const rendered = await run('pdftoppm', args, renderTimeoutMs, dir);
    if (rendered.code !== 0) throw new Error(`pdftoppm exited ${rendered.code}: ${rendered.stderr.trim().slice(0, 300)}`);
    // pdftoppm zero-pads page numbers to the width of the page count: page-01.png … page-12.png.
    const files = (await readdir(dir))
      .map((f) => ({ f, n: /^page-(\d+)\.png$/.exec(f)?.[1] }))
      .filter((x): x is { f: string; n: string } => x.n !== undefined)
      .sort((a, b) => Number(a.n) - Number(b.n));
    const pages: string[] = [];
    for (const { f } of files) {
      try {
        const r = await run('tesseract', [f, '-', '-l', lang], pageTimeoutMs, dir);
        if (r.code === 0 && r.stdout.trim()) pages.push(r.stdout.trim());
      } catch {
        // A page tesseract chokes on (or that takes too long) is skipped like a bad text-layer page.
      }
    }
    return pages.join('\n\n');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
