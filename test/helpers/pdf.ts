/**
 * Tiny PDF writer for tests: real, spec-conformant files (correct xref offsets) with either a
 * Helvetica text layer or a page that is only a grayscale image.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

type PdfObject = string | { dict: string; stream: Buffer };

/** Serialises objects 1..n (object 1 must be the catalog) with a byte-exact xref table. */
function buildPdf(objects: PdfObject[]): Buffer {
  const parts: Buffer[] = [];
  let length = 0;
  const push = (b: Buffer | string) => {
    const buf = typeof b === 'string' ? Buffer.from(b, 'latin1') : b;
    parts.push(buf);
    length += buf.length;
  };
  // The binary comment tells tools the file is not 7-bit text.
  push('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n');
  const offsets: number[] = [];
  objects.forEach((obj, i) => {
    offsets.push(length);
    push(`${i + 1} 0 obj\n`);
    if (typeof obj === 'string') {
      push(`${obj}\n`);
    } else {
      push(`<< ${obj.dict} /Length ${obj.stream.length} >>\nstream\n`);
      push(obj.stream);
      push('\nendstream\n');
    }
    push('endobj\n');
  });
  const xref = length;
  push(`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`);
  for (const off of offsets) push(`${String(off).padStart(10, '0')} 00000 n \n`);
  push(`trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return Buffer.concat(parts);
}

function escapePdfString(s: string): string {
  return s.replace(/[\\()]/g, (c) => `\\${c}`);
}

/**
 * US Letter pages of 12-pt Helvetica, one string[] per page, one entry per line. A `null` page is
 * a broken page-tree entry that readers fail to load while still reading the pages after it.
 */
export function textPdf(pages: (string[] | null)[]): Buffer {
  // 1 catalog, 2 pages, 3 font, then (page, content) pairs.
  const objects: PdfObject[] = [];
  const kids = pages.map((_, i) => `${4 + i * 2} 0 R`).join(' ');
  objects.push('<< /Type /Catalog /Pages 2 0 R >>');
  objects.push(`<< /Type /Pages /Kids [${kids}] /Count ${pages.length} >>`);
  objects.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  pages.forEach((lines, i) => {
    const contentRef = 5 + i * 2;
    if (lines === null) {
      // An intermediate /Pages node whose only kid is a string: the page tree stays walkable, so
      // readers lose just this page.
      objects.push(`<< /Type /Pages /Parent 2 0 R /Kids [${contentRef} 0 R] /Count 1 >>`);
      objects.push('(not a page)');
      return;
    }
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${contentRef} 0 R >>`);
    const ops = ['BT', '/F1 12 Tf', '14 TL', '72 720 Td'];
    for (const line of lines) ops.push(`(${escapePdfString(line)}) Tj T*`);
    ops.push('ET');
    objects.push({ dict: '', stream: Buffer.from(ops.join('\n'), 'latin1') });
  });
  return buildPdf(objects);
}

export interface GrayImage {
  width: number;
  height: number;
  /** One byte per pixel, rows top to bottom. */
  pixels: Buffer;
}

/** One US Letter page per image, the image filling the page; no text layer at all. */
export function imagePdf(images: GrayImage[]): Buffer {
  // 1 catalog, 2 pages, then (page, content, image) triples.
  const objects: PdfObject[] = [];
  const kids = images.map((_, i) => `${3 + i * 3} 0 R`).join(' ');
  objects.push('<< /Type /Catalog /Pages 2 0 R >>');
  objects.push(`<< /Type /Pages /Kids [${kids}] /Count ${images.length} >>`);
  images.forEach((img, i) => {
    const contentRef = 4 + i * 3;
    const imageRef = 5 + i * 3;
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /XObject << /Im1 ${imageRef} 0 R >> >> /Contents ${contentRef} 0 R >>`);
    objects.push({ dict: '', stream: Buffer.from('q 612 0 0 792 0 0 cm /Im1 Do Q', 'latin1') });
    objects.push({
      dict: `/Type /XObject /Subtype /Image /Width ${img.width} /Height ${img.height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode`,
      stream: deflateSync(img.pixels),
    });
  });
  return buildPdf(objects);
}

/** Parses a binary PGM (P5, maxval ≤ 255) as pdftoppm writes it. */
function parsePgm(buf: Buffer): GrayImage {
  // Header: magic, width, height, maxval as whitespace-separated tokens, then one whitespace byte.
  let pos = 0;
  const token = (): string => {
    while (pos < buf.length) {
      const c = buf[pos]!;
      if (c === 0x23) while (pos < buf.length && buf[pos] !== 0x0a) pos++; // comment
      else if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) pos++;
      else break;
    }
    const start = pos;
    while (pos < buf.length && ![0x20, 0x0a, 0x0d, 0x09].includes(buf[pos]!)) pos++;
    return buf.subarray(start, pos).toString('latin1');
  };
  if (token() !== 'P5') throw new Error('not a binary PGM');
  const width = Number(token());
  const height = Number(token());
  const maxval = Number(token());
  if (maxval > 255) throw new Error('16-bit PGM not supported');
  pos++;
  return { width, height, pixels: Buffer.from(buf.subarray(pos, pos + width * height)) };
}

/**
 * Renders page 1 of a PDF to a grayscale bitmap with poppler's pdftoppm (tests that use this run
 * only where pdftoppm exists).
 */
export function renderGray(pdf: Buffer, dpi = 150): GrayImage {
  const dir = mkdtempSync(join(tmpdir(), 'pdf-helper-'));
  try {
    writeFileSync(join(dir, 'in.pdf'), pdf);
    const r = spawnSync('pdftoppm', ['-r', String(dpi), '-gray', '-f', '1', '-l', '1', 'in.pdf', 'out'], { cwd: dir });
    if (r.status !== 0) throw new Error(`pdftoppm failed: ${r.stderr?.toString() ?? r.error?.message}`);
    const file = readdirSync(dir).find((f) => f.startsWith('out') && f.endsWith('.pgm'));
    if (!file) throw new Error('pdftoppm wrote no image');
    return parsePgm(readFileSync(join(dir, file)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
