/**
 * The plain-text body of a calendar event: what the docket said about it and where to check.
 * Paragraphs are separated by a blank line; empty ones are left out.
 */
import type { CompactDocument } from '../store/types.js';
import { longEnglishDate } from '../time/english-date.js';

const COURTLISTENER = 'https://www.courtlistener.com';
const RECAP_STORAGE = 'https://storage.courtlistener.com';

export const AUTOMATIC_EXTRACTION_NOTICE =
  'This event was extracted automatically from the court docket and may contain errors; ' +
  'the docket is the authoritative record.';

export interface RenderDocket {
  docketId: number;
  docketNumber: string | null;
  courtCitation: string | null;
  absoluteUrl: string | null;
}

export interface RenderEntry {
  entryId: number;
  docketId: number;
  entryNumber: number | null;
  documents: CompactDocument[];
}

export interface DescriptionInput {
  /** What the event is: "Sentencing", "Deadline: Government's response (ECF 40)". */
  what?: string | null;
  /** When, in court-local time, already formatted: "Tuesday, March 10, 2026, 10:00 AM EDT". */
  when?: string | null;
  /** Set only when the event is not simply "scheduled": "Cancelled", "Held", "Filed". */
  status?: string | null;
  notes?: string | null;
  tags?: readonly string[];
  judge?: string | null;
  location?: string | null;
  dialIn?: string | null;
  docket: RenderDocket | null;
  /** The row's source entries, in the row's order (already looked up; unknown ids dropped). */
  sourceEntries: readonly RenderEntry[];
  /** For entries that belong to another docket of the same case. */
  dockets: ReadonlyMap<number, RenderDocket>;
}

/** CourtListener docket page; `absolute_url` is usually a site-relative path. */
export function docketPageUrl(absoluteUrl: string | null | undefined): string | null {
  const url = absoluteUrl?.trim();
  if (!url) return null;
  if (/^https?:\/\//i.test(url)) return url;
  return COURTLISTENER + (url.startsWith('/') ? url : `/${url}`);
}

/** Where a RECAP document can be read: CourtListener storage first, else the Internet Archive copy. */
export function documentUrl(doc: CompactDocument): string | null {
  const local = doc.filepathLocal?.trim();
  if (local) return /^https?:\/\//i.test(local) ? local : `${RECAP_STORAGE}/${local.replace(/^\/+/, '')}`;
  const ia = doc.filepathIa?.trim();
  return ia || null;
}

function nonEmpty(s: string | null | undefined): string | null {
  const t = s?.trim();
  return t ? t : null;
}

function uniqueTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of tags) {
    const tag = raw.trim();
    if (tag && !seen.has(tag.toLowerCase())) {
      seen.add(tag.toLowerCase());
      out.push(tag);
    }
  }
  return out;
}

function caseLine(docket: RenderDocket | null): string | null {
  const number = nonEmpty(docket?.docketNumber);
  const citation = nonEmpty(docket?.courtCitation);
  if (number) return `Case: ${number}${citation ? ` (${citation})` : ''}`;
  return citation ? `Court: ${citation}` : null;
}

function entryLine(entry: RenderEntry, eventDocket: RenderDocket | null, dockets: ReadonlyMap<number, RenderDocket>): string {
  const docket = dockets.get(entry.docketId) ?? (eventDocket?.docketId === entry.docketId ? eventDocket : null);
  const page = docketPageUrl(docket?.absoluteUrl);
  // Name the docket only when the entry is not on the event's own docket (multi-docket cases).
  const otherDocket = docket && docket.docketId !== eventDocket?.docketId ? nonEmpty(docket.docketNumber) : null;
  const where = otherDocket ? ` (${otherDocket})` : '';
  if (entry.entryNumber === null) {
    return `Unnumbered entry${where} (CourtListener id ${entry.entryId})${page ? ` — ${page}` : ''}`;
  }
  return `#${entry.entryNumber}${where}${page ? ` — ${page}#entry-${entry.entryNumber}` : ''}`;
}

function documentLabel(doc: CompactDocument): string {
  const attachment = doc.attachmentNumber ? `-${doc.attachmentNumber}` : '';
  return `${doc.documentNumber!.trim()}${attachment}`;
}

function documentLines(entries: readonly RenderEntry[]): string[] {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const entry of entries) {
    // Main document first, then attachments in order.
    const docs = entry.documents
      .filter((d) => nonEmpty(d.documentNumber))
      .sort((a, b) => (a.attachmentNumber ?? 0) - (b.attachmentNumber ?? 0));
    for (const doc of docs) {
      const label = documentLabel(doc);
      const key = `${entry.docketId}:${label}`;
      if (seen.has(key)) continue;
      seen.add(key);
      // A sealed document is never linked, even if a copy was uploaded before sealing.
      const where = doc.isSealed ? '(sealed)' : (documentUrl(doc) ?? '(not yet uploaded to RECAP)');
      lines.push(`${label}: ${where}`);
    }
  }
  return lines;
}

/** "Tuesday, March 10, 2026" for a court-local calendar date (formatted in UTC: no zone shift). */
export function longDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return longEnglishDate(new Date(Date.UTC(y, m - 1, d)));
}

export function describeEvent(input: DescriptionInput): string {
  const paragraphs: (string | null)[] = [];
  // The essentials first, so they survive apps that show only the start of a description.
  const head = [
    nonEmpty(input.what) && `What: ${input.what!.trim()}`,
    nonEmpty(input.status) && `Status: ${input.status!.trim()}`,
    nonEmpty(input.when) && `When: ${input.when!.trim()}`,
    nonEmpty(input.location) && `Where: ${input.location!.trim()}`,
    nonEmpty(input.judge) && `Judge: ${input.judge!.trim()}`,
  ].filter((l): l is string => typeof l === 'string');
  paragraphs.push(head.length ? head.join('\n') : null);
  paragraphs.push(nonEmpty(input.notes));
  const tags = uniqueTags(input.tags ?? []);
  paragraphs.push(tags.length ? `Tags: ${tags.join(', ')}` : null);
  const dialIn = nonEmpty(input.dialIn);
  paragraphs.push(dialIn ? `Dial-in / link:\n${dialIn}` : null);
  paragraphs.push(caseLine(input.docket));
  const page = docketPageUrl(input.docket?.absoluteUrl);
  paragraphs.push(page ? `Docket: ${page}` : null);

  const entries = input.sourceEntries;
  if (entries.length) {
    const lines = entries.map((e) => entryLine(e, input.docket, input.dockets));
    paragraphs.push(`Source docket entries:\n${lines.join('\n')}`);
  }
  const docs = documentLines(entries);
  paragraphs.push(docs.length ? `Documents:\n${docs.join('\n')}` : null);
  paragraphs.push(AUTOMATIC_EXTRACTION_NOTICE);
  return paragraphs.filter((p): p is string => p !== null).join('\n\n');
}
