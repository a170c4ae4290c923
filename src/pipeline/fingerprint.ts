import { hash } from 'node:crypto';
import type { DocketEntry, RecapDocument } from '../courtlistener/types.js';
import type { CompactDocument } from '../store/types.js';

/**
 * Content fingerprint of an entry (spec/store.md §3, byte-compatible with the Python original):
 * unsealing, a PDF or OCR text appearing changes it; metadata churn does not.
 */
export function fingerprint(entry: Pick<DocketEntry, 'description' | 'short_description' | 'date_filed' | 'recap_documents'>): string {
  const parts: string[] = [entry.description ?? '', entry.short_description ?? '', entry.date_filed ?? ''];
  for (const d of entry.recap_documents ?? []) {
    parts.push(
      d.description ?? '',
      d.is_available ? 'True' : 'False',
      d.is_sealed ? 'True' : 'False',
      d.plain_text && d.plain_text.trim() !== '' ? '1' : '0',
    );
  }
  return hash('sha1', parts.join('|'), 'hex'); // strings hash as UTF-8, as the original's
}

const blankToNull = (s: string | null | undefined): string | null => {
  const t = (s ?? '').trim();
  return t === '' ? null : t;
};

const intOr0 = (v: unknown): number => {
  const n = Number.parseInt(String(v ?? ''), 10);
  return Number.isNaN(n) ? 0 : n;
};

/** The parts of each recap document we keep, main document first. Text itself is not stored. */
export function compactDocuments(docs: RecapDocument[] | null | undefined): CompactDocument[] {
  return (docs ?? [])
    .map((d) => ({
      id: d.id ?? null,
      documentNumber: d.document_number === null || d.document_number === undefined ? null : String(d.document_number),
      attachmentNumber: d.attachment_number ?? null,
      description: blankToNull(d.description),
      isAvailable: Boolean(d.is_available),
      isSealed: Boolean(d.is_sealed),
      filepathLocal: blankToNull(d.filepath_local),
      filepathIa: blankToNull(d.filepath_ia),
      hasText: Boolean(d.plain_text && d.plain_text.trim() !== ''),
    }))
    .sort((a, b) => intOr0(a.documentNumber) - intOr0(b.documentNumber) || intOr0(a.attachmentNumber) - intOr0(b.attachmentNumber));
}
