/**
 * Strips clerk bookkeeping from docket text before anything reads dates or times from it: entry
 * timestamps, signature stamps, staff initials, courtroom recording clocks. Their dates and times are
 * never settings, and leaving them in would make "set for" lookalikes out of stamps.
 */

const DATE = String.raw`\d{1,2}/\d{1,2}/\d{2,4}`;

const ENTITIES: Record<string, string> = { amp: '&', quot: '"', apos: "'", lt: '<', gt: '>', nbsp: ' ' };

export function decodeEntities(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&(amp|quot|apos|lt|gt|nbsp);/g, (_, name: string) => ENTITIES[name] ?? '');
}

// Order matters: longer stamps first so their inner dates are gone before shorter rules look.
const STRIP: RegExp[] = [
  /\(\s*Entered:[^)]*\)/gi,
  /\[\s*Entered:[^\]]*\]/gi,
  /\[\s*Edited:[^\]]*\]/gi,
  /--\s*\[COURT UPDATE:[^\]]*\]/gi,
  /\(\s*Filed on [^)]*\)/gi,
  /\(\s*Date Filed:[^)]*\)/gi,
  /\(\s*Main Document \d+ replaced on [^)]*\)/gi,
  new RegExp(String.raw`\(?\s*Modified on ${DATE}(?:\s*\([^)]*\))?\.?`, 'gi'),
  new RegExp(String.raw`Additional attachment\(s\) added on ${DATE}(?:\s*\([^)]*\))?\.?`, 'gi'),
  // "Signed by Judge X on 3/25/2013." / "Entered by ... on ..." / "So Ordered by ... on ..." / "Signed on 11/5/2009."
  // The signer's name never holds a setting: "So Ordered by /s/ X.Hearing to be held on 9/15/2008" keeps its hearing.
  new RegExp(String.raw`\b(?:Signed|Entered|(?:So\s+)?Ordered)\s+(?:by\s+(?:(?!\b(?:hearing|held|set|scheduled|continued|adjourned|trial|conference|due)\b)[^\n]){0,120}?\s+)?on\s+${DATE}\.?`, 'gi'),
  /\bTime\s+(?:Start|Stop|End|in Court)\s*:\s*[^;.)]*(?:\.\s*m\.?)?[^;.)]*[;.]?/gi,
  /\(\s*Recording Time[^)]*\)/gi,
  /\(\s*CD#[^)]*\)/gi,
  /Court Date\s*&\s*Time\s*\[[^\]]*\]\.?/gi,
  /\b(?:Run Time|File Size)\s*\[[^\]]*\]\.?/gi,
  new RegExp(String.raw`\[?\s*Service Date:?\s*${DATE}\s*\]?\.?`, 'gi'),
  new RegExp(String.raw`Certificate of Service(?::| dated)\s*${DATE}\.?`, 'gi'),
  new RegExp(String.raw`Date of service:\s*${DATE}(?:\s+via\s+\w+)?`, 'gi'),
  new RegExp(String.raw`Issued As Mandate:\s*${DATE}\.*`, 'gi'),
  // Speedy Trial exclusions name date ranges that are not settings.
  new RegExp(String.raw`\(?\s*Time excluded from ${DATE}\s+(?:until|to|through)\s+${DATE}\s*\}?\)?\.?`, 'gi'),
  /\bExcludables?(?:\(s\))?\s+started[^.]*\.?/gi,
  /\(\s*(?:no document attached|NO PDF ATTACHED|PDF available for court use only)\s*\)\.?/gi,
  /\bNo attached document\./gi,
  // Staff initials: "(ag, )", "(hrllc2, COURT STAFF)", "(snc)", "( CCB )", "(JAB)".
  /\(\s*[A-Za-z][A-Za-z0-9]{0,7}\s*,\s*(?:COURT STAFF)?\s*\)/g,
  /\(\s*[a-z]{2,6}\s*\)/g,
  /\(\s*[A-Z]{2,4}\s*\)/g,
  // Filer tags "(Clark, David)" at the end of attorney filings.
  /\(\s*[A-Z][A-Za-z'’-]+,\s*[A-Z][A-Za-z'’.-]*(?:\s+[A-Z][A-Za-z'’.-]*){0,2}\s*\)/g,
];

/** Everything after the clerk's "original text prior to review" marker is superseded text. */
const SUPERSEDED = /REVIEWED AND\/OR EDITED\s*-\s*The original text prior to review appeared as follows:[\s\S]*$/i;

export function stripFooters(text: string): string {
  let out = text.replace(SUPERSEDED, '');
  for (const re of STRIP) out = out.replace(re, ' ');
  return out;
}

/**
 * "(RE: related document(s) 67 Motion for relief … Objections due by 9/25/2009.)" quotes another
 * entry: its number still says which matter this entry is about, but its dates belong to that entry.
 * They are blanked so no setting or deadline is read from them twice.
 */
export function blankQuotedDates(text: string): string {
  const opener = /\(\s*(?:re:?\s*)?related\s+doc(?:ument)?s?(?:\(s\))?/gi;
  let out = '';
  let from = 0;
  for (let m = opener.exec(text); m; m = opener.exec(text)) {
    if (m.index < from) continue;
    let depth = 0;
    let end = text.length;
    for (let i = m.index; i < text.length; i++) {
      if (text[i] === '(') depth++;
      else if (text[i] === ')' && --depth === 0) {
        end = i + 1;
        break;
      }
    }
    const quoted = text.slice(m.index, end).replace(/\b\d{1,2}[/-]\d{1,2}[/-]\d{2,4}\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}\b/gi, '(date)');
    out += text.slice(from, m.index) + quoted;
    from = end;
    opener.lastIndex = end;
  }
  return out + text.slice(from);
}

/** Docket text ready for the matchers: entities decoded, footers gone, whitespace tidy. */
export function cleanDocketText(raw: string): string {
  const text = stripFooters(decodeEntities(raw));
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\f\v\u00a0]+/g, ' ')
    .replace(/ *\n[ \n]*/g, '\n')
    .replace(/ +([.,;:])/g, '$1')
    // "as to Ana RuizThis is a TEXT ONLY ENTRY …": the name ends where the clerk's boilerplate begins.
    .replace(/([a-z])(?=This is a TEXT ONLY ENTRY)/gi, '$1. ')
    .trim();
}
