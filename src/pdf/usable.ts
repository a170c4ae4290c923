/**
 * The "usable text" test (spec: summaries §7): enough characters, mostly letters, and not just
 * the PACER header band that every page of a filed document carries.
 */

const MIN_CHARS = 100;
const MIN_LETTER_SHARE = 0.4;

// A PACER page stamp: `Case N:NN-xx-NNNNN[-X] Document N[-N] [Filed M/D/YY] [Page N of N]
// [PageID #N]`. Everything after the case number is optional, since the OCR'd band of a scan is
// often cut short, and the parts are taken in any order because courts differ: E.D. Mich. prints
// `ECF No. 3, PageID.45 Filed …`, bankruptcy courts `Case 19-12345-KJC Doc 12 Filed … Entered …`.
const DATE = String.raw`\d{1,2}/\d{1,2}/\d{2,4}`;
const CASE_NUMBER = String.raw`\bCase\s*(?:No\.?\s*)?:?\s*(?:\d{1,2}\s*:\s*)?\d{2}\s*-\s*(?:[a-z]{1,4}\s*-\s*)?\d{3,6}(?:-[a-z0-9]{1,6})*`;
const STAMP_PARTS = [
  String.raw`(?:Document|Doc\.?|Dkt\.?|ECF\s*No\.?)\s*#?\s*\d+(?:\s*-\s*\d+)*`,
  String.raw`Filed\s*:?\s*(?:on\s*)?${DATE}`,
  String.raw`Entered(?:\s+on\s+[a-z]{2,6}\s+Docket)?\s*:?\s*${DATE}(?:\s+\d{1,2}:\d{2}:\d{2})?`,
  String.raw`Page\s*\d+\s*of\s*\d+`,
  String.raw`(?:Page\s*ID|Pg\s*ID)\s*(?:#|\.)?\s*:?\s*\d+`,
];
const STAMP = new RegExp(`${CASE_NUMBER}(?:\\s*,?\\s*(?:${STAMP_PARTS.join('|')}))*`, 'gi');

/** Removes PACER page stamps ("Case 1:23-cr-00045-ABC Document 12-3 Filed 05/06/24 Page 3 of 10 PageID #: 123"). */
export function stripPacerStamps(text: string): string {
  return text.replace(STAMP, ' ');
}

/** Length with runs of whitespace counted once, so blank lines and padding cannot make up the 100 chars. */
function visibleLength(text: string): number {
  return text.replace(/\s+/g, ' ').trim().length;
}

/**
 * True when the text is worth using: ≥100 chars, ≥40% of the non-whitespace chars ASCII letters
 * (font-encoding gibberish fails this), and ≥100 chars left once PACER stamps are gone (an image
 * scan whose only text layer is the court's stamp band fails this).
 */
export function usableText(text: string | null | undefined): boolean {
  if (!text) return false;
  if (visibleLength(text) < MIN_CHARS) return false;
  const dense = text.replace(/\s+/g, '');
  const letters = dense.replace(/[^A-Za-z]+/g, '').length;
  if (letters < dense.length * MIN_LETTER_SHARE) return false;
  return visibleLength(stripPacerStamps(text)) >= MIN_CHARS;
}
