import { findDates } from './dates.js';
import { splitClauses } from './sentences.js';

/**
 * Whole-entry shapes: entries that never carry a court-set date (spec §6 IGNORE list), whether an
 * entry is a party's own filing, and the heading cues (reschedule notices, extension orders,
 * minute entries, transcripts) that colour how its clauses are read.
 */

const IGNORED: RegExp[] = [
  /^\W*(?:\*+\s*)?(?:SEALED|RESTRICTED)\b/i,
  /THIS DOCKET ENTRY AND PDF DOCUMENT ARE SEALED/i,
  /^\W*sealed\s+(?:document|transcript|motion|order|entry)\b/i,
  /^\W*AUDIO\s+FILE\b/i,
  // The clerk withdrew it: "ENTERED IN ERROR….. TRANSCRIPT OF …".
  /^\W*(?:\*+\s*)?(?:ENTERED|FILED|DOCKETED)\s+IN\s+ERROR\b/i,
  // A certificate that notices were mailed or served repeats dates the notice itself set.
  /^\W*(?:BNC\s+)?Certificate\s+of\s+(?:Mailing|Service|Notice)\b/i,
  /^\W*(?:NOTICE\s+OF\s+(?:ATTORNEY\s+)?APPEARANCE|APPEARANCE\s+(?:of\s+counsel|filed|form)|Notice\s+of\s+Appearance)\b/i,
  /^\W*(?:ORDER\s+for\s+Transcript|Transcript\s+Order\s+Form|TRANSCRIPT\s+REQUEST)\b/i,
  // Exhibit bookkeeping quotes trial dates ("from Non-Jury Trial held 05/23/2016") without recording anything.
  /\bexhibits?\b[^.]{0,80}\b(?:destroyed|returned|released|retrieved)\b/i,
  /^\W*(?:case\s+designated\s+ECF|the\s+case\s+manager\s+for\s+this\s+case)\b/i,
];

/** Stipulations bind nothing until the court adopts them (spec §6). */
function unadoptedStipulation(text: string): boolean {
  if (!/^\W*(?:joint\s+|consent\s+)?stipulat(?:ion|ed)\b/i.test(text)) return false;
  if (/\[\s*proposed\s*\]|\bproposed\s+order\b/i.test(text)) return true;
  return !/\bso[-\s]ordered\b|\bstipulat(?:ion|ed)\s+(?:and|&)\s+order\b|\bstipulated\s+order\b|\bit\s+is\s+(?:so\s+)?ordered\b/i.test(text);
}

export function isIgnoredShape(text: string): boolean {
  if (IGNORED.some((re) => re.test(text))) {
    // Appellate transcript-order notices do set a deadline or record one met.
    return !(/^\W*transcript\s+order/i.test(text) && /\bdue\b|\bsatisfied\b/i.test(text));
  }
  return unadoptedStipulation(text);
}

const COURT_HEAD =
  /^\W*(?:memo[-\s]*endorse\w*|memorandum\s+endorse\w*|endorsed\s+letter|summons(?:\s+(?:issued|and\s+notice))?|minute|(?:memorandum\s+)?opinion|report\s+and\s+recommendation|findings\s+of\s+fact|notice\s+of\s+(?:hearing|rescheduling|change|initial|oral\s+argument|docket|adjourned|setting|resetting|reassignment|(?:jury\s+|bench\s+)?trial|sentencing|(?:status\s+|pretrial\s+|settlement\s+)?conference|arraignment|detention)|notice\s+to\s+appear|notice\s+of\s+(?:appointment|chapter\s+\d+|deficien\w*|commencement|bankruptcy\s+case|meeting\s+of\s+creditors|intent\s+to\s+dismiss)|(?:first\s+)?meeting\s+of\s+creditors|clerk|set\/reset|set\s+deadlines|terminate|judgment|mandate|ruling\s+letter|briefing|case\s+(?:calendared|argued|opened)|electronic\s+notice)/i;
/** "ORDER …", "TEXT ORDER", "CIVIL CASE MANAGEMENT PLAN AND SCHEDULING ORDER" — but not a proposed order. */
const ORDER_HEAD = /^\W*(?:[A-Z][A-Za-z\/&'’-]*\s+){0,8}?ORDER\b/;
const NOT_COURT_ORDER = /\b(?:proposed|stipulat\w*|motion|letter\s+motion)\b/i;

function isOrderHead(text: string): boolean {
  const order = ORDER_HEAD.exec(text) ?? /^\W*(?:[A-Za-z\/&'’-]+\s+){0,3}?order\b/i.exec(text);
  return order !== null && !NOT_COURT_ORDER.test(order[0]);
}

function isCourtHead(text: string): boolean {
  return COURT_HEAD.test(text) || isOrderHead(text);
}

const MOTION_QUALIFIERS =
  /^(?:[\s*#\d.,:-]|\b(?:joint|unopposed|opposed|consent|emergency|expedited|amended|renewed|corrected|supplemental|sealed|first|second|third|fourth|oral|pro\s+se|ex\s*parte|exparte|letter|notice\s+of|defendants?'?s?|plaintiffs?'?s?|government'?s?|united\s+states'?|usa'?s?|the|[A-Z][a-z]+'s)\b|\/)*$/i;

/** A motion or notice of motion by a party: only its own hearing auto-text means anything. */
export function isMotionFiling(text: string): boolean {
  if (isCourtHead(text)) return false;
  const m = /\bMOTION\b(?!\s+hearing)/i.exec(text);
  if (!m || m.index > 70) return false;
  const before = text.slice(0, m.index);
  return MOTION_QUALIFIERS.test(before);
}

const PARTY_HEAD =
  /^\W*(?:(?:[\w'’\/&.-]+\s+){0,4}?)(?:LETTER|RESPONSE|REPLY|MEMORANDUM|BRIEF|STIPULATION|ACKNOWLEDG|DECLARATION|AFFIDAVIT|EXHIBIT|CERTIFICATE|ANSWER|COMPLAINT|PETITION|APPLICATION|PROPOSED|OBJECTION|APPENDIX|RECORD\s+EXCERPTS|RECEIPT|CORPORATE\s+DISCLOSURE|MONTHLY|NOTICE\s+(?:of|to|re))\b/i;

/** A party's filing (or a clerk's note of one), rather than an order, minute or clerk notice. */
export function isPartyFiling(text: string, raw: string, courtId: string | null): boolean {
  if (isMotionFiling(text)) return true;
  if (isTranscript(text)) return false; // the court reporter's record of a proceeding
  // District e-filings end with the filing attorney's "(Lastname, Firstname)"; bankruptcy clerks sign that way too.
  const filerTag = /\(\s*[A-Z][A-Za-z'’-]+,\s*[A-Z][A-Za-z'’.-]*(?:\s+[A-Z][A-Za-z'’.-]*){0,2}\s*\)\s*(?:\((?:Entered|Filed)[^)]*\)\s*)?$/.test(raw.trim());
  // Chambers e-file orders under the judge's name, so an order heading still wins.
  if (filerTag && !isBankruptcyCourt(courtId) && !isOrderHead(text)) return true;
  if (isCourtHead(text)) return false;
  // "STIPULATION AND ORDER …", "Application for Extension … is GRANTED pursuant to Local Rule …": the court's act.
  if (/^\W*(?:joint\s+)?stipulat(?:ion|ed)\s+(?:and|&)\s+order\b|^\W*stipulated\s+order\b/i.test(text)) return false;
  if (/\b(?:is|are)\s+(?:hereby\s+)?GRANTED\b/.test(text)) return false;
  return PARTY_HEAD.test(text);
}

export function isResetNotice(text: string): boolean {
  // A granted continuance moves the setting it names (spec §6: RESCHEDULE the underlying key).
  if (/\bgrant(?:ing|ed|s)\b[^.]{0,80}?\bmotions?\s+(?:\w+\s+){0,2}?to\s+(?:continue|reschedule|reset|adjourn|postpone)\b/i.test(text)) return true;
  if (/^\W*(?:amended\s+)?notice\s+of\s+(?:continuance|continued|adjournment)\b|^\W*(?:order\s+(?:of\s+the\s+court\s+)?)?to\s+adjourn\b|\b(?:meeting\s+of\s+creditors|hearing|conference)\s+(?:continued|rescheduled|re-?set|adjourned)\b/i.test(text)) return true;
  return /notice\s+of\s+rescheduling|notice\s+of\s+change\s+of\s+hearing|resetting\s+hearing|re-?setting\b|hearing\s+continued|notice\s+of\s+adjourned|time\s+change\s+only|rescheduled\s+hearing/i.test(text);
}

export function isExtensionNotice(text: string): boolean {
  return /\b(?:extend|extending|extended|extension|enlarge|enlarging|enlarged)\b|resetting\s+briefing|amended\s+briefing\s+schedule|briefing\s+schedule\s+(?:is\s+)?(?:updated|revised|amended|reset)|\bbriefing\b[^.]{0,60}?\b(?:is|are)\s+(?:hereby\s+)?(?:revised|amended|modified|reset)\b|\bnow\s+due\b/i.test(text);
}

export function isTranscript(text: string): boolean {
  return (
    /^\W*(?:\w+\s+){0,2}transcript\s+(?:of|regarding|re|for)\b/i.test(text) ||
    /\btranscript\s+of\s+(?:record\s+of\s+)?proceedings\b/i.test(text) ||
    /^\W*notice\s+of\s+filing\s+of\s+(?:an?\s+)?(?:official\s+)?transcript\b/i.test(text)
  );
}

/** The date a minute entry's heading says its proceedings were held. */
export function minuteEntryDate(text: string): string | null {
  const head = /\b(?:minute\s+entry|minutes|minute\s+order|clerk'?s\s+notes|courtroom\s+minutes)\b/i.exec(text);
  if (!head || head.index > 60) return null;
  // Only the heading clause: later dates in the minutes are settings, not the proceeding's date.
  const window = splitClauses(text.slice(head.index))[0] ?? '';
  for (const d of findDates(window)) {
    const lead = window.slice(Math.max(0, d.index - 16), d.index);
    if (/(?:\bon|\bof|\bheld)\s*:?\s*(?:\w+day,?\s+)?$/i.test(lead)) return d.iso;
  }
  return null;
}

/** "All deadlines and hearings are hereby VACATED" (settlement, stay, dismissal orders). */
export function blanketVacatur(text: string): { hearings: boolean; deadlines: boolean } | null {
  const m =
    /\ball\s+(?:(?:pending|remaining|scheduled|other|case|pretrial|existing)\s+)*((?:deadlines|dates|settings|hearings|conferences|proceedings)(?:,?\s+(?:and\s+)?(?:deadlines|dates|settings|hearings|conferences|proceedings))*)\s+(?:(?:previously\s+)?(?:set|scheduled)\s+)?(?:in\s+this\s+(?:case|matter|action)\s+)?(?:are|is)\s+(?:hereby\s+)?(?:vacated|terminated|cancell?ed)\b/i.exec(text);
  if (!m) return null;
  const named = m[1]!.toLowerCase();
  const both = /dates|settings/.test(named);
  return { hearings: both || /hearings|conferences|proceedings/.test(named), deadlines: both || /deadlines/.test(named) };
}

export function isBankruptcyCourt(courtId: string | null): boolean {
  return courtId !== null && /^[a-z]{2,4}b$/.test(courtId);
}

export function isAppellateCourt(courtId: string | null): boolean {
  return courtId !== null && /^ca\d{1,2}$|^cadc$|^cafc$/.test(courtId);
}
