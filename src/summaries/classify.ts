/**
 * Which docket entries a summary is written from (spec summaries §2): primary documents (the
 * charging document or complaint) and dispositions (judgments, pleas, dismissals…). Each test
 * reads one description; callers try the entry's head and every document's own description.
 */

const NUMBER = String.raw`^\W*(?:\d+\s+)?`;
const ONE_WORD = String.raw`(?:[A-Za-z'’]+\s+)?`;
const AMENDMENT = String.raw`(?:(?:superseding|amended|first|second|third|fourth|corrected|redacted|sealed|unsealed)\s+)*`;
const PRIMARY = new RegExp(`${NUMBER}${ONE_WORD}${AMENDMENT}(?:indictment|information|complaint|petition(?:\\s+for\\s+(?:a\\s+)?writ)?)\\b`, 'i');

/** The charging document, complaint or petition that says who the case is about and why. */
export function isPrimary(description: string | null | undefined): boolean {
  if (!description) return false;
  // "Complaint" heads motions and notices too ("COMPLAINT DEFICIENCY NOTICE" is not a complaint).
  if (/^\W*(?:\d+\s+)?(?:\w+\s+)?(?:complaint|petition)\s+(?:deficiency|cover|summons)\b/i.test(description)) return false;
  return PRIMARY.test(description);
}

const ANCHORED_DISPOSITION = new RegExp(
  NUMBER +
    String.raw`(?:final\s+judgment|judgment|verdict(?:\s+form)?|order\s+of\s+dismissal|order\s+granting\s+motion\s+to\s+dismiss|stipulat(?:ion\s+of|ed)\s+dismissal|notice\s+of\s+voluntary\s+dismissal|plea\s+agreement|(?:factual\s+)?proffer\s+statement|(?:amended\s+)?(?:report\s+and\s+recommendation|r\s*&\s*r)\s+(?:on|re|concerning)\s+(?:plea\s+of\s+guilty|change\s+of\s+plea)|sentencing\s+judgment|sentence|settlement\s+agreement|memorandum\s+(?:opinion|order)|opinion(?:\s+and\s+order)?)\b`,
  'i',
);
const ANYWHERE_DISPOSITION =
  /\b(?:sentencing|sentenced|mistrial|acquittal|acquitted|forfeiture|nolle\s+pros(?:equi|sed)|pled\s+guilty|pleads?\s+guilty|plea\s+of\s+guilty|r\s*&\s*r\s+on\s+plea|class\s+certification|remand(?:ed)?|entry\s+of\s+default|tros?\b|temporary\s+restraining\s+order|injunction|judgment|decree|dismissal|dismissed|mandate|affirm\w*|reversed|vacated)\b/i;

/** A disposition in the wide sense: enough to make a summary stale. */
export function isBroadDisposition(description: string | null | undefined): boolean {
  if (!description || /\bconference\b/i.test(description)) return false;
  return ANCHORED_DISPOSITION.test(description) || ANYWHERE_DISPOSITION.test(description);
}

const PROCEDURAL =
  /\bmotion\s+hearing\s+(?:re|held|on)\b|\border\s+(?:re|on)\s+(?:joint\s+)?stipulation\b|\b(?:paperless\s+)?order\s+setting\s+(?:case|trial|sentencing|hearing|status|motion|briefing)\b|\bmotion\s+(?:to|for)\s+continu\w*|\bcontinue[ds]?\s+(?:the\s+)?(?:sentencing|hearing|trial)\b|\bnotice\s+of\s+(?:sentencing|hearing)(?:\s+date)?\b/i;
const MODIFIERS = String.raw`(?:(?:paperless|text-only|text\s+only|amended|final|preliminary|stipulated|consent|default|corrected|redacted|sealed|unsealed|superseding|interim|temporary|permanent)\s+)*`;
const COURT_ACT = new RegExp(
  NUMBER +
    MODIFIERS +
    String.raw`(?:order|judge?ment|verdict|opinion|memorandum\s+(?:opinion|order)|minute\s+(?:entry|order)|(?:electronic\s+)?clerk'?s\s+notes|plea\s+agreement|settlement\s+agreement|decree|injunction|mandate|nolle\s+prosequi)\b`,
  'i',
);

/** A disposition the summary is written from: the court's act deciding something, not its calendar. */
export function isStrictDisposition(description: string | null | undefined): boolean {
  if (!description || /\bconference\b/i.test(description) || PROCEDURAL.test(description)) return false;
  if (ANCHORED_DISPOSITION.test(description)) return true;
  return COURT_ACT.test(description) && ANYWHERE_DISPOSITION.test(description);
}

export interface ClassifiableEntry {
  description: string | null;
  shortDescription: string | null;
  documents: ReadonlyArray<{ description: string | null }>;
}

/** The entry's head: its short description, else its description, else its first document's. */
export function entryHead(e: ClassifiableEntry): string {
  return [e.shortDescription, e.description, e.documents[0]?.description].find((s) => s && s.trim()) ?? '';
}

function anyOf(e: ClassifiableEntry, test: (s: string | null) => boolean): boolean {
  return test(entryHead(e)) || test(e.description) || e.documents.some((d) => test(d.description));
}

export function entryIsPrimary(e: ClassifiableEntry): boolean {
  return anyOf(e, isPrimary);
}

export function entryIsBroadDisposition(e: ClassifiableEntry): boolean {
  return anyOf(e, isBroadDisposition);
}

export function entryIsStrictDisposition(e: ClassifiableEntry): boolean {
  return anyOf(e, isStrictDisposition);
}
