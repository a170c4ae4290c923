import ICAL from 'ical.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CompactDocument } from '../src/store/types.js';
import { deadlineRow, hearingRow } from './helpers/rows.js';
import { AUTOMATIC_EXTRACTION_NOTICE, describeEvent } from '../src/render/description.js';
import { renderIcs, type CalendarRenderInput, type RenderCase, type RenderDocket, type RenderEntry } from '../src/render/ics.js';

// ---------------------------------------------------------------------------------------------
// Fixtures


const hearing = hearingRow;
const deadline = deadlineRow;

function doc(over: Partial<CompactDocument> = {}): CompactDocument {
  return {
    id: 1,
    documentNumber: '65',
    attachmentNumber: null,
    description: null,
    isAvailable: false,
    isSealed: false,
    filepathLocal: null,
    filepathIa: null,
    hasText: false,
    ...over,
  };
}

const DOCKET: RenderDocket = { docketId: 1, docketNumber: '3:24-cr-00123', courtCitation: 'N.D. Cal.', absoluteUrl: '/docket/1/us-v-doe/' };

function calendar(cases: RenderCase[], over: Partial<CalendarRenderInput> = {}): CalendarRenderInput {
  return {
    calendarId: 'main',
    name: 'Court dates',
    nowMs: Date.parse('2026-01-15T12:00:00Z'),
    reminders: [],
    notifyEmails: [],
    cases,
    dockets: new Map([[1, DOCKET]]),
    entries: new Map(),
    ...over,
  };
}

function doeCase(over: Partial<RenderCase> = {}): RenderCase {
  return { caseId: 'doe', caseName: 'US v. Doe', tags: [], hearings: [], deadlines: [], ...over };
}

// ---------------------------------------------------------------------------------------------
// Parsing with ical.js

function parse(text: string) {
  const root = new ICAL.Component(ICAL.parse(text));
  // So TZID times convert through the feed's own VTIMEZONEs.
  for (const vtz of root.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(vtz);
  const events = root.getAllSubcomponents('vevent').map((c) => ({ component: c, event: new ICAL.Event(c) }));
  const byUid = (uid: string) => {
    const found = events.find((e) => e.event.uid === uid);
    if (!found) throw new Error(`no event ${uid}; have ${events.map((e) => e.event.uid).join(', ')}`);
    return found;
  };
  return { root, events, byUid };
}

function render(input: CalendarRenderInput): string {
  return renderIcs(input);
}

afterEach(() => {
  vi.useRealTimers();
});

// ---------------------------------------------------------------------------------------------

describe('renderIcs: which rows become events', () => {
  it('shows major and unclassified rows with a date, and cancelled ones as tombstones until their date passes', () => {
    const text = render(
      calendar([
        doeCase({
          hearings: [
            hearing({ key: 'major' }),
            hearing({ key: 'unclassified', significance: null }),
            hearing({ key: 'held', status: 'held', localDate: '2026-01-05' }),
            hearing({ key: 'minor', significance: 'minor' }),
            hearing({ key: 'undated', localDate: null, localTime: null }),
            hearing({ key: 'cancelled', status: 'cancelled' }),
            hearing({ key: 'cancelled-past', status: 'cancelled', localDate: '2026-01-14' }),
            hearing({ key: 'cancelled-today', status: 'cancelled', localDate: '2026-01-15' }),
          ],
          deadlines: [
            deadline({ key: 'pending' }),
            deadline({ key: 'met', status: 'met' }),
            deadline({ key: 'passed', status: 'passed', localDate: '2026-01-10' }),
            deadline({ key: 'minor', significance: 'minor' }),
            deadline({ key: 'conditional', localDate: null, conditional: true }),
            deadline({ key: 'cancelled', status: 'cancelled' }),
            deadline({ key: 'cancelled-past', status: 'cancelled', localDate: '2026-01-01' }),
          ],
        }),
      ]),
    );
    const uids = parse(text).events.map((e) => e.event.uid).sort();
    expect(uids).toEqual(
      [
        'doe--cancelled@case-calendar',
        'doe--cancelled-today@case-calendar',
        'doe--deadline:cancelled@case-calendar',
        'doe--deadline:met@case-calendar',
        'doe--deadline:passed@case-calendar',
        'doe--deadline:pending@case-calendar',
        'doe--held@case-calendar',
        'doe--major@case-calendar',
        'doe--unclassified@case-calendar',
      ].sort(),
    );
  });

  it('writes a cancelled event as STATUS:CANCELLED with the same UID, a marked summary and no alarms or attendees', () => {
    const input = (status: 'scheduled' | 'cancelled', sequence: number) =>
      calendar([doeCase({ hearings: [hearing({ status, sequence })] })], { reminders: [{ method: 'popup', minutes: 60 }], notifyEmails: ['a@example.org'] });
    const live = parse(render(input('scheduled', 0))).byUid('doe--sentencing@case-calendar');
    expect(live.component.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(live.component.getAllSubcomponents('valarm')).toHaveLength(1);
    const gone = parse(render(input('cancelled', 1))).byUid('doe--sentencing@case-calendar');
    expect(gone.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(gone.event.summary).toBe('Cancelled: US v. Doe: Sentencing');
    expect(gone.event.sequence).toBe(1);
    expect(gone.component.getAllSubcomponents('valarm')).toHaveLength(0);
    expect(gone.component.getAllProperties('attendee')).toHaveLength(0);
    expect(gone.event.description).toMatch(/^What: Sentencing\nStatus: Cancelled\n/);
  });

  it('writes a valid empty calendar when nothing is visible', () => {
    const text = render(calendar([doeCase({ hearings: [hearing({ status: 'cancelled', localDate: '2026-01-01' })] })]));
    const { root, events } = parse(text);
    expect(events).toHaveLength(0);
    expect(root.getAllSubcomponents('vtimezone')).toHaveLength(0);
    expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
  });
});

describe('renderIcs: hearings', () => {
  it('places a Los Angeles hearing on the day after the March DST switch at the right UTC instant', () => {
    const text = render(calendar([doeCase({ hearings: [hearing()] })]));
    expect(text).toContain('DTSTART;TZID=America/Los_Angeles:20260309T103000\r\n');
    const { event } = parse(text).byUid('doe--sentencing@case-calendar');
    expect(event.summary).toBe('US v. Doe: Sentencing');
    expect(event.startDate.zone?.tzid).toBe('America/Los_Angeles');
    // PDT (-07:00) already applies on 9 March 2026.
    expect(event.startDate.toJSDate().toISOString()).toBe('2026-03-09T17:30:00.000Z');
  });

  it('ends a 90-minute hearing 90 minutes after it starts', () => {
    const text = render(calendar([doeCase({ hearings: [hearing({ localDate: '2026-05-12', localTime: '09:00', timezone: 'America/New_York' })] })]));
    expect(text).toContain('DTEND;TZID=America/New_York:20260512T103000\r\n');
    const { event } = parse(text).byUid('doe--sentencing@case-calendar');
    expect(event.startDate.toJSDate().toISOString()).toBe('2026-05-12T13:00:00.000Z');
    expect(event.endDate.toJSDate().getTime() - event.startDate.toJSDate().getTime()).toBe(90 * 60_000);
  });

  it('gives a hearing without duration one hour', () => {
    const text = render(calendar([doeCase({ hearings: [hearing({ durationMinutes: null, localTime: '14:00' })] })]));
    expect(text).toContain('DTEND;TZID=America/Los_Angeles:20260309T150000\r\n');
  });

  it('keeps elapsed time across a DST change: 01:30 + 60 min on spring-forward day ends 03:30', () => {
    const text = render(
      calendar([doeCase({ hearings: [hearing({ localDate: '2026-03-08', localTime: '01:30', durationMinutes: 60, timezone: 'America/New_York' })] })]),
    );
    expect(text).toContain('DTEND;TZID=America/New_York:20260308T033000\r\n');
    const { event } = parse(text).byUid('doe--sentencing@case-calendar');
    expect(event.startDate.toJSDate().toISOString()).toBe('2026-03-08T06:30:00.000Z');
    expect(event.endDate.toJSDate().toISOString()).toBe('2026-03-08T07:30:00.000Z');
  });

  it('renders a dateless-time hearing as an all-day, transparent DATE event flagged [time TBD] while ahead', () => {
    const text = render(calendar([doeCase({ hearings: [hearing({ localTime: null, localDate: '2026-06-01' })] })]));
    const { event, component } = parse(text).byUid('doe--sentencing@case-calendar');
    expect(event.startDate.isDate).toBe(true);
    expect(event.endDate.isDate).toBe(true);
    expect(event.startDate.toString()).toBe('2026-06-01');
    expect(event.endDate.toString()).toBe('2026-06-02');
    expect(component.getFirstPropertyValue('transp')).toBe('TRANSPARENT');
    expect(event.summary).toBe('[time TBD] US v. Doe: Sentencing');
    expect(text).not.toContain('[HEARING]');
  });

  it('flags [time TBD] from the row alone (never today\'s date) and drops it once the hearing is held', () => {
    const old = renderIcs(calendar([doeCase({ hearings: [hearing({ localTime: null, localDate: '2001-06-01' })] })]));
    expect(parse(old).byUid('doe--sentencing@case-calendar').event.summary).toBe('[time TBD] US v. Doe: Sentencing');
    const held = render(calendar([doeCase({ hearings: [hearing({ localTime: null, status: 'held' })] })]));
    expect(parse(held).byUid('doe--sentencing@case-calendar').event.summary).toBe('US v. Doe: Sentencing');
  });

  it('sets LOCATION, STATUS:CONFIRMED, opaque timing and keeps the location out of the description', () => {
    const text = render(calendar([doeCase({ hearings: [hearing({ location: 'Courtroom 4, 17th Floor; San Francisco' })] })]));
    const { event, component } = parse(text).byUid('doe--sentencing@case-calendar');
    expect(event.location).toBe('Courtroom 4, 17th Floor; San Francisco');
    expect(component.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(component.getFirstPropertyValue('transp')).toBeNull();
    expect(event.description).not.toContain('Location:');
  });

  it('falls back to New York for a row whose zone the runtime does not know', () => {
    const text = render(calendar([doeCase({ hearings: [hearing({ timezone: 'Mars/Olympus_Mons' })] })]));
    expect(text).toContain('DTSTART;TZID=America/New_York:20260309T103000\r\n');
    expect(text).not.toContain('Mars/');
  });
});

describe('renderIcs: deadlines', () => {
  it('is an all-day transparent DATE event with the stated time in the description', () => {
    const text = render(calendar([doeCase({ deadlines: [deadline({ localTime: '17:00' })] })]));
    const { event, component } = parse(text).byUid('doe--deadline:reply@case-calendar');
    expect(event.summary).toBe('US v. Doe: Deadline: Reply brief');
    expect(event.startDate.isDate).toBe(true);
    expect(event.startDate.toString()).toBe('2026-04-01');
    expect(event.endDate.toString()).toBe('2026-04-02');
    expect(component.getFirstPropertyValue('transp')).toBe('TRANSPARENT');
    expect(component.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(event.description.split('\n\n')[0]).toBe('What: Deadline: Reply brief\nWhen: due Wednesday, April 1, 2026, 5:00 PM EDT (court time)');
    expect(text).not.toMatch(/TZID=/);
    expect(parse(text).root.getAllSubcomponents('vtimezone')).toHaveLength(0);
  });

  it('names standard time in winter and states only the date when no time was stated', () => {
    const winter = render(calendar([doeCase({ deadlines: [deadline({ localDate: '2026-12-01', localTime: '09:05' })] })]));
    expect(parse(winter).byUid('doe--deadline:reply@case-calendar').event.description).toContain('When: due Tuesday, December 1, 2026, 9:05 AM EST (court time)\n');
    const untimed = render(calendar([doeCase({ deadlines: [deadline({ status: 'met' })] })]));
    expect(parse(untimed).byUid('doe--deadline:reply@case-calendar').event.description).toMatch(/^What: Deadline: Reply brief\nStatus: Filed\nWhen: due Wednesday, April 1, 2026\n\n/);
  });
});

describe('renderIcs: stamps and determinism', () => {
  it('takes SEQUENCE and DTSTAMP from the row', () => {
    const text = render(
      calendar([
        doeCase({
          hearings: [hearing({ sequence: 4, lastUpdated: '2026-02-03T04:05:06.123456Z' })],
          deadlines: [deadline({ sequence: 2, lastUpdated: '2026-01-20T08:00:00.000000Z' })],
        }),
      ]),
    );
    const { byUid } = parse(text);
    const h = byUid('doe--sentencing@case-calendar');
    expect(h.event.sequence).toBe(4);
    expect((h.component.getFirstPropertyValue('dtstamp') as ICAL.Time).toJSDate().toISOString()).toBe('2026-02-03T04:05:06.000Z');
    const d = byUid('doe--deadline:reply@case-calendar');
    expect(d.event.sequence).toBe(2);
    expect((d.component.getFirstPropertyValue('dtstamp') as ICAL.Time).toJSDate().toISOString()).toBe('2026-01-20T08:00:00.000Z');
    expect(text).not.toMatch(/^(CREATED|LAST-MODIFIED)[;:]/m);
  });

  it('renders byte-identical output at different wall-clock times', () => {
    const input = () =>
      calendar(
        [
          doeCase({
            tags: ['fraud'],
            hearings: [hearing(), hearing({ key: 'trial', localTime: null, localDate: '2026-09-14' })],
            deadlines: [deadline({ localTime: '17:00' })],
          }),
        ],
        { reminders: [{ method: 'popup', minutes: 30 }, { method: 'email', minutes: 1440 }], notifyEmails: ['clerk@example.com'] },
      );
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-02-20T09:00:00Z'));
    const first = renderIcs(input());
    vi.setSystemTime(new Date('2026-02-20T15:47:13Z'));
    const second = renderIcs(input());
    expect(second).toBe(first);
    expect(first).not.toContain('20260220T');
  });

  it('orders events by start instant, then UID, whatever the input order', () => {
    const rows = [
      hearing({ key: 'b-same-time', localDate: '2026-05-01', localTime: '09:00', timezone: 'America/New_York' }),
      hearing({ key: 'a-same-time', localDate: '2026-05-01', localTime: '09:00', timezone: 'America/New_York' }),
      hearing({ key: 'earliest', localDate: '2026-04-01', localTime: '12:00' }),
      // 07:00 in Los Angeles is 10:00 in New York, after the two 09:00 New York hearings.
      hearing({ key: 'west', localDate: '2026-05-01', localTime: '07:00', timezone: 'America/Los_Angeles' }),
    ];
    const forward = render(calendar([doeCase({ hearings: rows })]));
    const backward = render(calendar([doeCase({ hearings: [...rows].reverse() })]));
    expect(backward).toBe(forward);
    expect(parse(forward).events.map((e) => e.event.uid)).toEqual([
      'doe--earliest@case-calendar',
      'doe--a-same-time@case-calendar',
      'doe--b-same-time@case-calendar',
      'doe--west@case-calendar',
    ]);
  });
});

describe('renderIcs: text encoding', () => {
  const FATAL_UTF8 = new TextDecoder('utf-8', { fatal: true });

  function physicalLines(text: string): Buffer[] {
    const bytes = Buffer.from(text, 'utf8');
    const lines: Buffer[] = [];
    let start = 0;
    for (let i = 0; i < bytes.length - 1; i++) {
      if (bytes[i] === 0x0d && bytes[i + 1] === 0x0a) {
        lines.push(bytes.subarray(start, i));
        start = i + 2;
      }
    }
    expect(start).toBe(bytes.length); // the last line ends with CRLF too
    return lines;
  }

  it('uses CRLF only and folds at 75 octets without splitting UTF-8 characters; long titles round-trip', () => {
    const base = 'Audiência de instrução — Señora Müller y Ñandú 🎉👩‍⚖️ «Überprüfung» ';
    // Different prefix lengths move the fold points across every byte of the multi-byte characters.
    const titles = [0, 1, 2, 3].map((pad) => 'x'.repeat(pad) + base.repeat(4));
    const text = render(calendar([doeCase({ hearings: titles.map((title, i) => hearing({ key: `h${i}`, title, localTime: `1${i}:00` })) })]));
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = physicalLines(text);
    expect(lines.some((l) => l[0] === 0x20)).toBe(true); // something was folded
    for (const line of lines) {
      expect(line.length).toBeLessThanOrEqual(75);
      const decoded = FATAL_UTF8.decode(line); // throws on a split character
      expect(decoded).not.toMatch(/\uFFFD/);
    }
    const { byUid } = parse(text);
    titles.forEach((title, i) => {
      expect(byUid(`doe--h${i}@case-calendar`).event.summary).toBe(`US v. Doe: ${title}`);
    });
  });

  it('escapes commas, semicolons, backslashes and newlines so notes round-trip', () => {
    const notes = 'Bring exhibits A, B; C\\D\nSecond line\r\nThird line';
    const text = render(calendar([doeCase({ hearings: [hearing({ notes, location: 'Room 1; Annex, West' })] })]));
    const unfolded = text.replace(/\r\n /g, '');
    expect(unfolded).toContain('Bring exhibits A\\, B\\; C\\\\D\\nSecond line\\nThird line');
    expect(unfolded).toContain('Where: Room 1\\; Annex\\, West');
    const { event } = parse(text).byUid('doe--sentencing@case-calendar');
    expect(event.description.split('\n\n')[1]).toBe('Bring exhibits A, B; C\\D\nSecond line\nThird line');
    expect(event.location).toBe('Room 1; Annex, West');
  });

  it('strips control characters that iCalendar text may not contain', () => {
    const text = render(calendar([doeCase({ hearings: [hearing({ title: 'Status\u0007 conference\u0000' })] })]));
    expect(text).not.toMatch(/[\u0000-\u0008]/);
    expect(parse(text).byUid('doe--sentencing@case-calendar').event.summary).toBe('US v. Doe: Status conference');
  });
});

describe('renderIcs: calendar properties', () => {
  it('writes the header with refresh hints and escapes the name', () => {
    const text = render(calendar([doeCase({ hearings: [hearing()] })], { name: 'Doe, Roe; & co' }));
    const { root } = parse(text);
    expect(root.getFirstPropertyValue('version')).toBe('2.0');
    expect(root.getFirstPropertyValue('prodid')).toBe('-//case-calendar//EN');
    expect(root.getFirstPropertyValue('calscale')).toBe('GREGORIAN');
    // ical.js does not know NAME (RFC 7986) or X-WR-CALNAME and hands back the raw value, so decode it as TEXT.
    const asText = (raw: unknown) => ICAL.design.icalendar.value.text!.fromICAL!(String(raw));
    expect(text).toContain('\r\nNAME:Doe\\, Roe\\; & co\r\n');
    expect(asText(root.getFirstPropertyValue('name'))).toBe('Doe, Roe; & co');
    expect(asText(root.getFirstPropertyValue('x-wr-calname'))).toBe('Doe, Roe; & co');
    expect(text).toContain('\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n');
    expect(text).toContain('\r\nX-PUBLISHED-TTL:PT1H\r\n');
    expect(text).not.toContain('X-WR-TIMEZONE');
  });

  it('includes one VTIMEZONE per TZID used by timed events, covering the events', () => {
    const text = render(
      calendar([
        doeCase({
          hearings: [
            hearing({ key: 'sf' }),
            hearing({ key: 'dc', timezone: 'America/New_York', localDate: '2027-01-10' }),
            hearing({ key: 'dc2', timezone: 'America/New_York', localDate: '2027-02-10' }),
            hearing({ key: 'phx-all-day', timezone: 'America/Phoenix', localTime: null }),
          ],
          deadlines: [deadline({ timezone: 'America/Chicago' })],
        }),
      ]),
    );
    const zones = parse(text)
      .root.getAllSubcomponents('vtimezone')
      .map((z) => z.getFirstPropertyValue('tzid'))
      .sort();
    expect(zones).toEqual(['America/Los_Angeles', 'America/New_York']);
    const usedTzids = new Set([...text.matchAll(/;TZID=([^:;]+)/g)].map((m) => m[1]));
    expect([...usedTzids].sort()).toEqual(zones);
    // Events span 2026–2027, so the rules run from 2025 to 2028.
    expect(text).toContain('DTSTART:20250309T020000');
    expect(text).toContain('DTSTART:20281105T020000');
    expect(text).not.toContain('DTSTART:2024');
    expect(text).not.toContain('DTSTART:2029');
  });
});

describe('renderIcs: reminders and attendees', () => {
  it('adds a DISPLAY and an EMAIL alarm per reminder and an RSVP attendee per notify email', () => {
    const text = render(
      calendar([doeCase({ hearings: [hearing()] })], {
        reminders: [
          { method: 'popup', minutes: 30 },
          { method: 'email', minutes: 1440 },
          { method: 'popup', minutes: 0 },
        ],
        notifyEmails: ['a@example.com', 'b@example.com'],
      }),
    );
    const { component } = parse(text).byUid('doe--sentencing@case-calendar');
    const attendees = component.getAllProperties('attendee');
    expect(attendees.map((a) => a.getFirstValue())).toEqual(['MAILTO:a@example.com', 'MAILTO:b@example.com']);
    expect(attendees.every((a) => a.getParameter('rsvp') === 'TRUE')).toBe(true);
    const alarms = component.getAllSubcomponents('valarm');
    expect(alarms).toHaveLength(2);
    const [display, email] = alarms as [ICAL.Component, ICAL.Component];
    expect(display.getFirstPropertyValue('action')).toBe('DISPLAY');
    expect(String(display.getFirstPropertyValue('trigger'))).toBe('-PT30M');
    expect(display.getFirstPropertyValue('description')).toBe('US v. Doe: Sentencing');
    expect(email.getFirstPropertyValue('action')).toBe('EMAIL');
    expect(String(email.getFirstPropertyValue('trigger'))).toBe('-P1D');
    expect(email.getFirstPropertyValue('summary')).toBe('Reminder: US v. Doe: Sentencing');
    expect(email.getFirstPropertyValue('description')).toBe('US v. Doe: Sentencing');
    expect(email.getAllProperties('attendee').map((a) => a.getFirstValue())).toEqual(['MAILTO:a@example.com', 'MAILTO:b@example.com']);
  });

  it("lets a case's reminders and emails override the calendar's, and drops email alarms with no one to mail", () => {
    const text = render(
      calendar(
        [
          doeCase({ hearings: [hearing()], reminders: [{ method: 'popup', minutes: 10 }], notifyEmails: ['case@example.com'] }),
          doeCase({ caseId: 'roe', caseName: 'US v. Roe', hearings: [hearing({ caseId: 'roe' })] }),
        ],
        { reminders: [{ method: 'popup', minutes: 60 }], notifyEmails: ['cal@example.com'] },
      ),
    );
    const { byUid } = parse(text);
    const doe = byUid('doe--sentencing@case-calendar').component;
    expect(doe.getAllProperties('attendee').map((a) => a.getFirstValue())).toEqual(['MAILTO:case@example.com']);
    expect(doe.getAllSubcomponents('valarm').map((a) => String(a.getFirstPropertyValue('trigger')))).toEqual(['-PT10M']);
    const roe = byUid('roe--sentencing@case-calendar').component;
    expect(roe.getAllProperties('attendee').map((a) => a.getFirstValue())).toEqual(['MAILTO:cal@example.com']);
    expect(roe.getAllSubcomponents('valarm').map((a) => String(a.getFirstPropertyValue('trigger')))).toEqual(['-PT1H']);

    const silent = render(calendar([doeCase({ hearings: [hearing()] })], { reminders: [{ method: 'email', minutes: 60 }] }));
    const component = parse(silent).byUid('doe--sentencing@case-calendar').component;
    expect(component.getAllSubcomponents('valarm')).toHaveLength(0);
    expect(component.getAllProperties('attendee')).toHaveLength(0);
  });
});

describe('event description', () => {
  const entries: RenderEntry[] = [
    {
      entryId: 901,
      docketId: 1,
      entryNumber: 65,
      documents: [
        doc({ documentNumber: '65', attachmentNumber: 2, filepathIa: 'https://archive.org/download/gov.uscourts.cand.1/65.2.pdf' }),
        doc({ documentNumber: '65', attachmentNumber: null, filepathLocal: 'recap/gov.uscourts.cand.1/gov.uscourts.cand.1.65.0.pdf' }),
        doc({ documentNumber: '65', attachmentNumber: 1, isSealed: true, filepathLocal: 'recap/sealed.pdf' }),
        doc({ documentNumber: '65', attachmentNumber: 3 }),
        doc({ documentNumber: null, attachmentNumber: null }),
      ],
    },
    { entryId: 902, docketId: 1, entryNumber: null, documents: [] },
    { entryId: 903, docketId: 2, entryNumber: 7, documents: [] },
  ];
  const dockets = new Map<number, RenderDocket>([
    [1, DOCKET],
    [2, { docketId: 2, docketNumber: '24-1234', courtCitation: '9th Cir.', absoluteUrl: 'https://www.courtlistener.com/docket/2/doe-appeal/' }],
  ]);

  it('lists what/when/where/judge, notes, tags, dial-in, case, docket, entries, documents and the notice in order', () => {
    const text = describeEvent({
      what: 'Sentencing',
      when: 'Monday, March 9, 2026, 10:30 AM PDT (court time)',
      notes: 'As to defendant 2.',
      tags: ['fraud', ' Fraud ', 'wire fraud', ''],
      judge: 'Hon. Jane Roe',
      dialIn: 'https://zoom.example/j/1',
      location: 'Courtroom 4',
      docket: DOCKET,
      sourceEntries: entries,
      dockets,
    });
    expect(text.split('\n\n')).toEqual([
      'What: Sentencing\nWhen: Monday, March 9, 2026, 10:30 AM PDT (court time)\nWhere: Courtroom 4\nJudge: Hon. Jane Roe',
      'As to defendant 2.',
      'Tags: fraud, wire fraud',
      'Dial-in / link:\nhttps://zoom.example/j/1',
      'Case: 3:24-cr-00123 (N.D. Cal.)',
      'Docket: https://www.courtlistener.com/docket/1/us-v-doe/',
      [
        'Source docket entries:',
        '#65 — https://www.courtlistener.com/docket/1/us-v-doe/#entry-65',
        'Unnumbered entry (CourtListener id 902) — https://www.courtlistener.com/docket/1/us-v-doe/',
        '#7 (24-1234) — https://www.courtlistener.com/docket/2/doe-appeal/#entry-7',
      ].join('\n'),
      [
        'Documents:',
        '65: https://storage.courtlistener.com/recap/gov.uscourts.cand.1/gov.uscourts.cand.1.65.0.pdf',
        '65-1: (sealed)',
        '65-2: https://archive.org/download/gov.uscourts.cand.1/65.2.pdf',
        '65-3: (not yet uploaded to RECAP)',
      ].join('\n'),
      AUTOMATIC_EXTRACTION_NOTICE,
    ]);
  });

  it('leaves out empty header lines and paragraphs', () => {
    const base = { docket: null, sourceEntries: [], dockets: new Map() };
    expect(describeEvent({ ...base, location: 'Room 5', judge: '  ' }).split('\n\n')).toEqual(['Where: Room 5', AUTOMATIC_EXTRACTION_NOTICE]);
    expect(describeEvent(base)).toBe(AUTOMATIC_EXTRACTION_NOTICE);
  });

  it('is what the feed carries for an event with source entries', () => {
    const text = render(
      calendar([doeCase({ tags: ['fraud'], hearings: [hearing({ sourceEntryIds: [901, 901, 999] })] })], {
        entries: new Map(entries.map((e) => [e.entryId, e])),
      }),
    );
    const description = parse(text).byUid('doe--sentencing@case-calendar').event.description;
    expect(description).toContain('Source docket entries:\n#65 — https://www.courtlistener.com/docket/1/us-v-doe/#entry-65\n\n');
    expect(description).toContain('Tags: fraud');
    expect(description.endsWith(AUTOMATIC_EXTRACTION_NOTICE)).toBe(true);
    expect(description.match(/#entry-65/g)).toHaveLength(1); // duplicate ids listed once, unknown ids skipped
  });
});
