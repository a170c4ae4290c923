// Rendering figures for `npm run bench`: one calendar of 1,000 events and an index page of 100
// cases, timed after a warm-up (median of several runs). Prints figures and ratios; never fails.
import { renderFeed } from '../dist/render/ics.js';
import { renderIndexPage } from '../dist/render/index-html.js';

const ZONES = ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles', 'Pacific/Honolulu'];
const TYPES = ['sentencing', 'trial', 'status_conference', 'motion_hearing', 'change_of_plea'];
const NOW = Date.parse('2026-06-01T12:00:00Z');

function day(offset) {
  return new Date(NOW + offset * 86_400_000).toISOString().slice(0, 10);
}

function buildInput(caseCount, eventsPerCase) {
  const cases = [];
  const dockets = new Map();
  const entries = new Map();
  let entryId = 1;
  for (let c = 0; c < caseCount; c++) {
    const docketId = 1000 + c;
    dockets.set(docketId, { docketId, docketNumber: `1:26-cr-${String(c).padStart(5, '0')}`, courtCitation: 'D.D.C.', absoluteUrl: `/docket/${docketId}/us-v-case-${c}/` });
    const hearings = [];
    const deadlines = [];
    for (let i = 0; i < eventsPerCase; i++) {
      const ids = [entryId++, entryId++];
      for (const id of ids) entries.set(id, { entryId: id, docketId, entryNumber: id % 400, documents: [] });
      const common = {
        caseId: `case-${c}`,
        key: `event-${i}`,
        title: `${TYPES[i % TYPES.length].replace('_', ' ')} (ECF ${i + 10}), with a longer title so lines fold`,
        localDate: day(((c * 7 + i * 11) % 240) - 60),
        timezone: ZONES[c % ZONES.length],
        notes: 'Minute Entry for proceedings held before Judge Example: hearing set; counsel to confer, and file a joint status report.',
        auditNotes: null,
        significance: 'major',
        docketId,
        sourceEntryIds: ids,
        sequence: i % 3,
        lastUpdated: '2026-05-01T10:00:00.000000Z',
      };
      if (i % 4 === 3) {
        deadlines.push({ ...common, deadlineType: 'response', localTime: null, dueAtUtc: null, status: 'pending', conditional: false });
      } else {
        hearings.push({
          ...common,
          hearingType: TYPES[i % TYPES.length],
          localTime: i % 5 === 4 ? null : `${String(9 + (i % 7)).padStart(2, '0')}:30`,
          startsAtUtc: null,
          durationMinutes: 60,
          location: 'Courtroom 4, E. Barrett Prettyman U.S. Courthouse',
          judge: 'Hon. Example Judge',
          dialIn: null,
          status: i % 9 === 8 ? 'cancelled' : 'scheduled',
        });
      }
    }
    cases.push({ caseId: `case-${c}`, caseName: `United States v. Defendant Number ${c}`, tags: ['fraud', `group-${c % 4}`], hearings, deadlines });
  }
  return { calendarId: 'main', name: 'Bench calendar', nowMs: NOW, reminders: [{ method: 'popup', minutes: 60 }], notifyEmails: [], cases, dockets, entries };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(fn, runs = 7) {
  fn(); // warm-up (JIT, Intl caches)
  const ms = [];
  let out;
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    out = fn();
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return { ms: median(ms), out };
}

const GOAL_MS = 100;

// One calendar, 1,000 events (100 cases × 10 rows; 1 in 9 hearings cancelled, some as past tombstones).
const calInput = buildInput(100, 10);
const cal = time(() => renderFeed(calInput));
const vevents = (cal.out.ics.match(/^BEGIN:VEVENT\r$/gm) ?? []).length;
console.log(`render ics: ${vevents} events in ${cal.ms.toFixed(1)} ms, ${(Buffer.byteLength(cal.out.ics) / 1024).toFixed(0)} KiB (goal <= ${GOAL_MS} ms: ${(cal.ms / GOAL_MS).toFixed(2)}x of budget)`);

// The index page over the same 100 cases.
const byCase = new Map();
for (const e of cal.out.events) byCase.set(e.caseId, [...(byCase.get(e.caseId) ?? []), e]);
const page = {
  siteTitle: 'Bench index',
  siteDescription: 'Benchmark page',
  today: new Date(NOW).toISOString().slice(0, 10),
  updated: '2026-05-01',
  calendars: [
    {
      calendarId: 'main',
      name: 'Bench calendar',
      feedHref: 'https://example.org/main.ics',
      webcalHref: 'webcal://example.org/main.ics',
      cases: calInput.cases.map((c) => ({
        caseId: c.caseId,
        caseName: c.caseName,
        tags: c.tags,
        dockets: [{ docketId: 1, docketNumber: '1:26-cr-1', courtCitation: 'D.D.C.', url: 'https://www.courtlistener.com/docket/1/x/' }],
        lastFilingDate: '2026-05-01',
        events: byCase.get(c.caseId) ?? [],
      })),
    },
  ],
};
const idx = time(() => renderIndexPage(page));
console.log(`render index: 100 cases in ${idx.ms.toFixed(1)} ms, ${(Buffer.byteLength(idx.out) / 1024).toFixed(0)} KiB (goal <= ${GOAL_MS} ms: ${(idx.ms / GOAL_MS).toFixed(2)}x of budget)`);
