import ICAL from 'ical.js';
import nodeIcal from 'node-ical';
import { describe, expect, it } from 'vitest';
import type { DeadlineRow, HearingRow } from '../src/store/types.js';
import { deadlineRow, hearingRow } from './helpers/rows.js';
import { foldLines, renderIcs, renderIcsWithLibrary, type CalendarRenderInput } from '../src/render/ics.js';

/**
 * The feed as two independent parsers read it: ical.js (Mozilla's, used by Thunderbird) and
 * node-ical. Both must agree with what we meant, across DST changes, long UTF-8 lines and
 * characters iCalendar escapes.
 */

const NOW = Date.parse('2026-03-01T12:00:00Z');

const hearing = (over: Partial<HearingRow>) => hearingRow(over);
const deadline = (over: Partial<DeadlineRow>) => deadlineRow({ localDate: '2026-11-02', timezone: 'America/Chicago', ...over });

const LONG_TITLE = 'Audiencia de sentencia — señor Muñoz, café ☕ y más: ' + 'Évidence supplémentaire 🏛️ '.repeat(6).trimEnd();
const HOSTILE_NOTES = 'Bring exhibits A, B; C\\D\nSecond line: "quoted"\nThird; line, with\\backslash';

function feedInput(): CalendarRenderInput {
  return {
    calendarId: 'main',
    name: 'Doe, Roe; and "Others" \\ docket feed',
    nowMs: NOW,
    reminders: [{ method: 'popup', minutes: 30 }],
    notifyEmails: [],
    cases: [
      {
        caseId: 'doe',
        caseName: 'US v. Doe',
        tags: [],
        hearings: [
          // The day after the US spring-forward (8 March 2026): PDT, UTC-7.
          hearing({}),
          // The day after the fall-back (1 November 2026) in New York: EST, UTC-5.
          hearing({ key: 'trial', title: 'Jury Trial', hearingType: 'trial', localDate: '2026-11-02', localTime: '09:00', durationMinutes: 240, timezone: 'America/New_York' }),
          // A hearing that spans the spring-forward night lasts its real duration.
          hearing({ key: 'night', title: 'Overnight deliberations', hearingType: 'other', localDate: '2026-03-07', localTime: '23:00', durationMinutes: 240, timezone: 'America/Denver' }),
          hearing({ key: 'long', title: LONG_TITLE, localDate: '2026-04-10', localTime: '14:00', timezone: 'Pacific/Honolulu', notes: HOSTILE_NOTES, location: 'Room 1; Annex, West' }),
          hearing({ key: 'vacated', title: 'Status Conference', hearingType: 'status_conference', localDate: '2026-03-20', localTime: '11:00', status: 'cancelled', sequence: 2 }),
          hearing({ key: 'tbd', title: 'Motion Hearing', hearingType: 'motion_hearing', localDate: '2026-05-05', localTime: null, timezone: 'America/Phoenix' }),
        ],
        deadlines: [deadline({})],
      },
    ],
    dockets: new Map([[1, { docketId: 1, docketNumber: '3:24-cr-00123', courtCitation: 'N.D. Cal.', absoluteUrl: '/docket/1/us-v-doe/' }]]),
    entries: new Map(),
  };
}

function feed(): string {
  return renderIcs(feedInput());
}

function icalJs(text: string) {
  const root = new ICAL.Component(ICAL.parse(text));
  for (const vtz of root.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(vtz);
  const byUid = new Map(root.getAllSubcomponents('vevent').map((c) => [String(c.getFirstPropertyValue('uid')), { c, e: new ICAL.Event(c) }]));
  return { root, byUid };
}

function nodeIcalEvents(text: string) {
  const parsed = nodeIcal.sync.parseICS(text);
  const events = new Map<string, nodeIcal.VEvent>();
  for (const v of Object.values(parsed)) if (v && v.type === 'VEVENT') events.set(v.uid, v as nodeIcal.VEvent);
  return events;
}

const text = feed();
const js = icalJs(text);
const ni = nodeIcalEvents(text);
const uid = (key: string) => `doe--${key}@case-calendar`;
const plain = (v: unknown) => (typeof v === 'string' ? v : (v as { val: string }).val);

describe('both parsers read the same events', () => {
  it('sees every event with the same UIDs', () => {
    expect([...js.byUid.keys()].sort()).toEqual([...ni.keys()].sort());
    expect([...ni.keys()].sort()).toEqual(['long', 'night', 'sentencing', 'tbd', 'trial', 'vacated', 'deadline:reply'].map(uid).sort());
  });

  it.each([
    ['sentencing', '2026-03-09T17:30:00.000Z', '2026-03-09T19:00:00.000Z'], // PDT, the day after the switch
    ['trial', '2026-11-02T14:00:00.000Z', '2026-11-02T18:00:00.000Z'], // EST, the day after fall-back
    ['night', '2026-03-08T06:00:00.000Z', '2026-03-08T10:00:00.000Z'], // 23:00 MST + 4 h real time = 04:00 MDT
    ['long', '2026-04-11T00:00:00.000Z', '2026-04-11T01:30:00.000Z'], // Honolulu, no DST
  ])('places %s at the right instants', (key, start, end) => {
    const a = js.byUid.get(uid(key))!.e;
    expect(a.startDate.toJSDate().toISOString()).toBe(start);
    expect(a.endDate.toJSDate().toISOString()).toBe(end);
    const b = ni.get(uid(key))!;
    expect(new Date(b.start).toISOString()).toBe(start);
    expect(new Date(b.end!).toISOString()).toBe(end);
  });

  it('reads untimed hearings and deadlines as all-day dates in both parsers', () => {
    for (const [key, day] of [['tbd', '2026-05-05'], ['deadline:reply', '2026-11-02']] as const) {
      const a = js.byUid.get(uid(key))!.e;
      expect(a.startDate.isDate).toBe(true);
      expect(a.startDate.toString()).toBe(day);
      const b = ni.get(uid(key))!;
      expect(b.datetype).toBe('date');
      expect((b.start as Date & { dateOnly?: boolean }).dateOnly).toBe(true);
    }
  });

  it('round-trips escaped text: commas, semicolons, backslashes, quotes and newlines', () => {
    const a = js.byUid.get(uid('long'))!.e;
    const b = ni.get(uid('long'))!;
    expect(a.description).toContain(HOSTILE_NOTES);
    expect(plain(b.description)).toContain(HOSTILE_NOTES);
    expect(a.location).toBe('Room 1; Annex, West');
    expect(plain(b.location)).toBe('Room 1; Annex, West');
    // Calendar names are TEXT too (RFC 7986 NAME; X-WR-CALNAME by convention): escaped the same way.
    const unfolded = text.replace(/\r\n /g, '');
    expect(unfolded).toContain('\r\nNAME:Doe\\, Roe\\; and "Others" \\\\ docket feed\r\n');
    expect(unfolded).toContain('\r\nX-WR-CALNAME:Doe\\, Roe\\; and "Others" \\\\ docket feed\r\n');
  });

  it('folds long UTF-8 lines at 75 octets without splitting a character, and both parsers rejoin them', () => {
    const lines = text.split('\r\n');
    for (const line of lines) {
      const bytes = Buffer.from(line, 'utf8');
      expect(bytes.length).toBeLessThanOrEqual(75);
      // A line that is valid UTF-8 on its own was not cut inside a multibyte sequence.
      expect(bytes.toString('utf8')).not.toContain('\uFFFD');
    }
    expect(lines.some((l) => l.startsWith(' '))).toBe(true);
    expect(js.byUid.get(uid('long'))!.e.summary).toBe(`US v. Doe: ${LONG_TITLE}`);
    expect(plain(ni.get(uid('long'))!.summary)).toBe(`US v. Doe: ${LONG_TITLE}`);
  });

  it('marks a cancelled hearing CANCELLED (same UID, bumped SEQUENCE) for both', () => {
    expect(js.byUid.get(uid('vacated'))!.c.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(js.byUid.get(uid('vacated'))!.e.sequence).toBe(2);
    expect(ni.get(uid('vacated'))!.status).toBe('CANCELLED');
    expect(ni.get(uid('sentencing'))!.status).toBe('CONFIRMED');
  });

  it('carries a VTIMEZONE for every TZID used, and the refresh hints', () => {
    const tzids = new Set([...text.matchAll(/TZID=([^:;]+)/g)].map((m) => m[1]));
    const defined = new Set(js.root.getAllSubcomponents('vtimezone').map((v) => String(v.getFirstPropertyValue('tzid'))));
    expect([...tzids].sort()).toEqual([...defined].sort());
    expect(defined).toEqual(new Set(['America/Los_Angeles', 'America/New_York', 'America/Denver', 'Pacific/Honolulu']));
    expect(text).toContain('REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n');
    expect(text).toContain('X-PUBLISHED-TTL:PT1H\r\n');
  });
});

describe('our serialisation', () => {
  it("is byte-identical to ical-generator's own (we only replace its slow fold and the wrapper)", () => {
    expect(renderIcs(feedInput())).toBe(renderIcsWithLibrary(feedInput()));
  });

  it('folds at 75 octets with four-byte characters straddling the limit', () => {
    const line = `DESCRIPTION:${'a'.repeat(61)}${'😀'.repeat(5)}`; // 73 ASCII octets, then 4-octet characters
    const folded = foldLines(line).split('\r\n');
    expect(folded[0]).toBe(`DESCRIPTION:${'a'.repeat(61)}`);
    expect(folded[1]).toBe(` ${'😀'.repeat(5)}`);
    expect(foldLines('A'.repeat(150)).split('\r\n').map((l) => l.length)).toEqual([74, 75, 3]);
  });
});
