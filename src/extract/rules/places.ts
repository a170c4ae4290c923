/**
 * Where and before whom a setting happens: "in Courtroom 24A", "at 219 South Dearborn,
 * Courtroom 682, Chicago, Illinois 60604", "by telephone", "before Magistrate Judge X".
 */

const PLACE_WORDS = String.raw`(?:courtroom|ctrm|room|courthouse|building|federal|floor|suite|chambers|street|avenue|plaza|square|annex|post\s+office)`;
const NOT_A_CLOCK = String.raw`(?!\d{1,2}(?::\d{2})?\s*[ap]\.?\s?m\b)(?!\d{1,2}:\d{2})(?!noon\b)`;
const PLACE_START = new RegExp(String.raw`\b(?:in|at)\s+${NOT_A_CLOCK}(?=[^;()]{0,45}?\b${PLACE_WORDS}\b)`, 'gi');
// A full stop ends the place, except after an initial or an address abbreviation ("Robert V. Denney", "Market St.").
const PLACE_END = /\s+(?:[Bb]efore|BEFORE)\b|\s+by\s+(?:the\s+)?(?:[Cc]lerk|[Cc]ourt)|\s+(?:on|at)\s+(?:\w+day,\s+)?(?:\d{1,2}\/|\d{1,2}:|[A-Z][a-z]+\s+\d)|[;()]|(?<!\b(?:[A-Z]|St|Ave|Blvd|Fl|Rm|Ste|No|Bldg|Mt|Ft))\.(?:\s|$)|\s+to\s+(?:discuss|address)|$/;

function tidy(place: string): string {
  return place.replace(/\s+/g, ' ').replace(/[\s,.:-]+$/, '').trim();
}

export function findLocation(clause: string): string | null {
  for (const m of clause.matchAll(PLACE_START)) {
    const rest = clause.slice(m.index + m[0].length);
    const end = PLACE_END.exec(rest);
    const place = tidy(rest.slice(0, end ? end.index : rest.length));
    if (place.length >= 3 && place.length <= 160) return place;
  }
  if (/\bzoom\b/i.test(clause)) return 'Zoom';
  if (/\b(?:by|via|through)\s+video(?:\s*conference)?\b|\bvideo\s*conference\b|\bin\s+video\b/i.test(clause)) return 'Videoconference';
  if (/\b(?:by|via)\s+(?:tele)?phone\b|\btelephonic(?:ally)?\b|\bteleconference\b|\bin\s+telephonic\b/i.test(clause)) return 'Telephonic';
  return null;
}

const JUDGE =
  /\bbefore\s+(?:the\s+)?(?:Honorable\s+|Hon\.\s+)?((?:(?:Chief|Senior|United\s+States|U\.\s?S\.|District|Magistrate|Duty\s+Magistrate|Bankruptcy|Circuit)\s+)*Judge\s+(?:(?:[A-Z]\.\s?){1,3}\s*|[A-Z][A-Za-z'’-]+\s+|[A-Z]\.\s+|[A-Z]\s+(?=[A-Z][a-z]))*(?:[A-Z][A-Za-z'’-]+)(?:\s+(?:Jr\.?|Sr\.?|II|III|IV))?)/;

export function findJudge(clause: string): string | null {
  const m = JUDGE.exec(clause);
  if (!m) return null;
  return m[1]!.replace(/\s+/g, ' ').replace(/\s+(?:on|in|at|for|by)$/i, '').trim();
}

const MEETING_URL = /\bhttps?:\/\/[^\s)<>"]*(?:zoom|webex|teams|meet|uscourts|vtc|video)[^\s)<>"]*/i;
const PHONE = /\b(?:dial|call)(?:-?in)?\b[^0-9(]{0,30}(\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4})(?:[^.;]{0,40}?\b((?:access|conference|meeting|participant)\s+(?:code|id|number)|phone\s+conference\s+id)\s*:?\s*([\d][\d\s#]{3,20}\d#?))?/i;

/** How to join remotely, when the text says: a meeting link, or a phone number with its access code. */
export function findDialIn(text: string): string | null {
  const url = MEETING_URL.exec(text);
  if (url) return url[0].replace(/[.,;]+$/, '');
  const phone = PHONE.exec(text);
  if (!phone) return null;
  return phone[2] ? `${phone[1]}, ${phone[2].toLowerCase()} ${phone[3]!.trim()}` : phone[1]!;
}
