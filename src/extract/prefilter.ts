import type { ExtractEntry } from './types.js';

/**
 * Spec §2 pre-filter: a cheap, deliberately over-inclusive regex gate in front of extraction.
 * Entries that fail it are recorded (fingerprint only) and never extracted.
 */

const HEARING_FAMILY =
  /\b(?:hearings?|sentenc\w*|arraignments?|argu\w*|(?:tele|video)?conferences?|trials?|proceedings?|set\s+for|reset\s+for|scheduled\s+for|set\/reset|notice\s+of\s+hearing|notice\s+of\s+rescheduling|change\s+of\s+plea|initial\s+appearances?|status|telephonic|video\s+conference|zoom|mandates?|calendared|continued\s+(?:to|until)|continue\s+to|vacated|presentment|meeting\s+of\s+creditors|341\s*\(a\)\s+meeting)\b/i;
// "on 10/27/2016 at 09:45 AM", "on March 3, 2031, at 2:00 p.m.": a dated appointment, whatever it is called.
const DATED_APPOINTMENT =
  /\b(?:on|for)\s+(?:\w+day,?\s+)?(?:\d{1,2}\/\d{1,2}\/\d{2,4}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}),?\s+(?:at|@)\s+\d{1,2}(?::\d{2})?\s*(?:[ap]\.?\s?m\b|noon)|\bat\s+\d{1,2}(?::\d{2})?\s*(?:[ap]\.?\s?m\.?|noon)\s+on\s+(?:\w+day,?\s+)?(?:\d{1,2}\/\d{1,2}\/\d{2,4}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4})/i;

const DEADLINE_FAMILY = new RegExp(
  [
    String.raw`\bdue\s+(?:by|on|no\s+later\s+than)\b`,
    String.raw`\bshall\s+(?:file|respond|reply|submit|serve|answer)\b`,
    String.raw`\bleave\s+to\s+(?:file|amend)\b[^.;]{0,80}?\b(?:by|on\s+or\s+before|no\s+later\s+than|until)\b`,
    // Passive and clerk forms of the same: "are to be electronically filed by", "must be refiled by".
    String.raw`\b(?:to|must|shall)\s+be\s+(?:electronically\s+)?(?:re)?(?:filed|submitted)\b`,
    String.raw`\b(?:responses?|repl(?:y|ies)|oppositions?|briefs?|appendix|appendices|answers?|notices?|reports?|memo(?:randum|randa)?|materials?)\s+(?:(?:is|are)\s+)?due\b`,
    String.raw`\bbriefing\s+(?:schedules?|orders?)\b`,
    String.raw`\bscheduling\s+orders?\b`,
    String.raw`\bdeadlines?\b`,
    String.raw`\buntil\b[^.;]{0,40}?\bto\s+(?:file|serve|respond|reply|submit|answer|object)\b`,
    String.raw`\bshow\s+cause\b`,
    String.raw`\bmotions?\b[^.\n]{0,80}?\b(?:to|for)\s+(?:\w+\s+)?(?:extend|extension)`,
    String.raw`\bextensions?\s+(?:of|granted|denied)\b`,
    String.raw`\brehearing\b`,
    String.raw`\bpresentenc\w*`,
    String.raw`\bpsr\b`,
    String.raw`\bcipa\b`,
    String.raw`\bjencks\b`,
    String.raw`\bnotice\s+of\s+appeal\b`,
    String.raw`\bdisclosures?\b`,
    String.raw`\bdiscovery\s+(?:cutoff|cut-off|closes?)\b`,
    String.raw`\bmotions?\s+in\s+limine\b`,
    String.raw`\bclass\s+cert(?:ification)?\b`,
    String.raw`\b(?:joint\s+)?status\s+reports?\b`,
    String.raw`\bmediations?\b`,
    String.raw`\bpretrial\s+orders?\b`,
    String.raw`\bclaim\s+construction\b`,
    String.raw`\bmarkman\b`,
    String.raw`\bstipulations?\b`,
    String.raw`\bstipulated\b`,
    String.raw`\bwaiv(?:e|es|ing|er)\s+(?:of\s+)?(?:the\s+)?filing\b`,
    String.raw`\bso\s+ordered\b`,
    String.raw`\bfile\s+(?:a|its|their)\s+(?:response|reply|opposition|brief|memorandum|answer|supplemental)\b`,
  ].join('|'),
  'i',
);

const MONTH = String.raw`(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?`;
/** A bare "due" next to something date-like: "due 04/08/2026", "due within 14 days", "due June 1". */
const BARE_DUE = new RegExp(
  String.raw`\bdue(?:\s+(?:by|on|within|no\s+later\s+than))?\s+(?:\d{1,2}[/-]\d|\d{4}\b|\d+\s+(?:business\s+)?days?\b|${MONTH}\b)`,
  'i',
);
const SERVICE_DATE = /\[Service Date:/i;
const FILING_START = new RegExp(
  // An optional filer in front: "Yahoo's ANSWER …", "Trustee's Objection to …", "Defendant's Answer …".
  String.raw`^\s*(?:\d+\s+)?(?:[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,3}['’]s?\s+)?(?:(?:petitioner|respondent|appellant|appellee|cross-appell\w*|opening|answering|amended|corrected|supplemental|first|second|third|final|joint)(?:'?s)?\s+)*(?:response|opposition|reply|sur-reply|brief|proposed\s+order|notice\s+of\s+compliance|memorandum(?:\s+of\s+law)?\s+in\s+opposition|case\s+management\s+statement|(?:certified\s+)?administrative\s+record|answer|appendix|objections?|(?:corporate\s+)?disclosure\s+statement|docketing\s+statement|notice\s+of\s+appearance|status\s+report|motion\s+to\s+dismiss)\b`,
  'i',
);

export function relevanceHaystack(entry: ExtractEntry): string {
  return [entry.description, entry.shortDescription, ...entry.documentDescriptions]
    .map((s) => (s ?? '').trim())
    .filter(Boolean)
    .join(' | ');
}

export function isRelevant(entry: ExtractEntry): boolean {
  const haystack = relevanceHaystack(entry);
  if (!haystack) return false;
  if (HEARING_FAMILY.test(haystack) || DEADLINE_FAMILY.test(haystack) || DATED_APPOINTMENT.test(haystack)) return true;
  if (BARE_DUE.test(haystack) || SERVICE_DATE.test(haystack)) return true;
  return haystack.split(/\s*\|\s*|\n/).some((segment) => FILING_START.test(segment));
}
