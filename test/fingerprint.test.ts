import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { compactDocuments, fingerprint } from '../src/pipeline/fingerprint.js';

const sha1 = (s: string) => createHash('sha1').update(s, 'utf8').digest('hex');

describe('entry fingerprint', () => {
  it('matches the Python original byte for byte', () => {
    const fp = fingerprint({
      description: 'Sentencing set',
      short_description: null,
      date_filed: '2026-01-07',
      recap_documents: [{ description: 'Order', is_available: true, is_sealed: false, plain_text: '  ' }],
    });
    expect(fp).toBe(sha1('Sentencing set||2026-01-07|Order|True|False|0'));
  });

  it('changes when a document is unsealed or gains text, not otherwise', () => {
    const base = { description: 'ORDER', short_description: '', date_filed: '2026-01-07', recap_documents: [{ description: 'Order', is_available: false, is_sealed: true, plain_text: '' }] };
    const same = { ...base, recap_documents: [{ ...base.recap_documents[0]!, filepath_local: 'x.pdf' }] };
    const unsealed = { ...base, recap_documents: [{ ...base.recap_documents[0]!, is_sealed: false }] };
    const text = { ...base, recap_documents: [{ ...base.recap_documents[0]!, plain_text: 'IT IS ORDERED' }] };
    expect(fingerprint(same)).toBe(fingerprint(base));
    expect(fingerprint(unsealed)).not.toBe(fingerprint(base));
    expect(fingerprint(text)).not.toBe(fingerprint(base));
  });

  it('compacts documents main first and blanks to null', () => {
    const docs = compactDocuments([
      { id: 3, document_number: '12', attachment_number: 2, description: ' Exhibit B ', is_available: true, filepath_local: '' },
      { id: 1, document_number: '12', attachment_number: null, description: '', plain_text: 'text' },
      { id: 2, document_number: '12', attachment_number: 1, description: 'Exhibit A' },
    ]);
    expect(docs.map((d) => d.id)).toEqual([1, 2, 3]);
    expect(docs[0]).toMatchObject({ description: null, hasText: true, isSealed: false });
    expect(docs[2]).toMatchObject({ description: 'Exhibit B', filepathLocal: null, isAvailable: true });
  });
});
