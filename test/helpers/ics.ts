import ICAL from 'ical.js';

export interface ParsedEvent {
  uid: string;
  summary: string;
  startUtc: string | null; // ISO, for timed events
  startDate: string | null; // YYYY-MM-DD, for all-day events
  isDate: boolean;
  tzid: string | null;
  location: string | null;
  description: string;
  sequence: number;
}

/** Parses an ICS text with ical.js (an independent parser), resolving TZIDs via the file's VTIMEZONEs. */
export function parseIcs(text: string): ParsedEvent[] {
  const comp = new ICAL.Component(ICAL.parse(text));
  for (const tz of comp.getAllSubcomponents('vtimezone')) {
    const zone = new ICAL.Timezone(tz);
    if (!ICAL.TimezoneService.has(zone.tzid)) ICAL.TimezoneService.register(zone);
  }
  return comp.getAllSubcomponents('vevent').map((v) => {
    const ev = new ICAL.Event(v);
    const start = ev.startDate;
    const prop = v.getFirstProperty('dtstart');
    const tzid = prop?.getParameter('tzid');
    return {
      uid: ev.uid,
      summary: ev.summary,
      startUtc: start.isDate ? null : start.toJSDate().toISOString(),
      startDate: start.isDate ? start.toString().slice(0, 10) : null,
      isDate: start.isDate,
      tzid: typeof tzid === 'string' ? tzid : null,
      location: ev.location || null,
      description: ev.description ?? '',
      sequence: ev.sequence,
    };
  });
}
