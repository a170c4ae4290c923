import { describe, expect, it } from 'vitest';
import { escapeHtml, renderIndexPage, safeHref, type IndexCase, type IndexEvent, type IndexPageInput } from '../src/render/index-html.js';

const TODAY = '2026-03-10';

function event(n: number, over: Partial<IndexEvent> = {}): IndexEvent {
  const day = String(10 + n).padStart(2, '0');
  return {
    uid: `doe--ev-${n}@case-calendar`,
    kind: 'hearing',
    title: `Hearing ${n}`,
    status: 'scheduled',
    localDate: `2026-03-${day}`,
    localTime: '10:00',
    zoneAbbrev: 'EDT',
    startMs: Date.parse(`2026-03-${day}T14:00:00Z`),
    ...over,
  };
}

function kase(over: Partial<IndexCase> = {}): IndexCase {
  return {
    caseId: 'doe',
    caseName: 'United States v. Doe',
    tags: ['fraud'],
    dockets: [{ docketId: 1, docketNumber: '1:26-cr-00001', courtCitation: 'D.D.C.', url: 'https://www.courtlistener.com/docket/1/us-v-doe/' }],
    lastFilingDate: '2026-03-01',
    events: [event(0)],
    ...over,
  };
}

function page(cases: IndexCase[], over: Partial<IndexPageInput> = {}): IndexPageInput {
  return {
    siteTitle: 'Court dates',
    siteDescription: 'Hearings we follow.',
    today: TODAY,
    updated: '2026-03-09',
    calendars: [{ calendarId: 'main', name: 'Main', feedHref: 'main.ics', webcalHref: null, cases }],
    ...over,
  };
}

describe('index page HTML', () => {
  it('escapes every configured string, in text and in attributes', () => {
    const hostile = `<script>alert(1)</script>"'&`;
    const html = renderIndexPage(
      page([kase({ caseName: hostile, tags: [hostile], events: [event(0, { title: hostile, uid: `x"><img src=x onerror=alert(1)>` })] })], { siteTitle: hostile, siteDescription: hostile }),
    );
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;');
    expect(html).toContain(`data-name="${escapeHtml(hostile.toLowerCase())}"`);
    // The only <script> element is ours.
    expect(html.match(/<script>/g)).toHaveLength(1);
  });

  it('never emits javascript: or other scheme links, and keeps web, webcal and relative ones', () => {
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref(' JavaScript:alert(1)')).toBeNull();
    expect(safeHref('data:text/html,x')).toBeNull();
    expect(safeHref('https://example.org/a.ics')).toBe('https://example.org/a.ics');
    expect(safeHref('webcal://example.org/a.ics')).toBe('webcal://example.org/a.ics');
    expect(safeHref('feeds/main.ics')).toBe('feeds/main.ics');
    const html = renderIndexPage(page([kase({ dockets: [{ docketId: 2, docketNumber: '2', courtCitation: null, url: 'javascript:alert(1)' }] })]));
    expect(html).not.toMatch(/javascript:/i);
  });

  it('links Subscribe to webcal:// and copies the https:// URL when public, and uses the relative file otherwise', () => {
    const pub = renderIndexPage(page([kase()], { calendars: [{ calendarId: 'main', name: 'Main', feedHref: 'https://cal.example.org/main.ics', webcalHref: 'webcal://cal.example.org/main.ics', cases: [kase()] }] }));
    expect(pub).toContain('<a class="button" href="webcal://cal.example.org/main.ics">Subscribe</a>');
    expect(pub).toContain('data-href="https://cal.example.org/main.ics"');
    const local = renderIndexPage(page([kase()]));
    expect(local).toContain('<a class="button" href="main.ics">Subscribe</a>');
    const none = renderIndexPage(page([kase()], { calendars: [{ calendarId: 'x', name: 'X', feedHref: null, webcalHref: null, cases: [kase()] }] }));
    expect(none).not.toContain('Subscribe');
  });

  it('shows the next three upcoming events and folds the rest into "+N more"; past events are not previewed', () => {
    const events = [event(-2), event(0), event(1), event(2), event(3), event(4), event(5, { status: 'cancelled' })];
    const html = renderIndexPage(page([kase({ events })]));
    expect(html).not.toContain('ev--2@');
    const [visible, folded] = html.split('<details>');
    expect(visible!.match(/data-uid=/g)).toHaveLength(3);
    expect(folded).toContain('<summary>+3 more</summary>');
    expect(folded!.match(/data-uid=/g)).toHaveLength(3);
    expect(html).toMatch(/<li class="event cancelled" data-uid="doe--ev-5@case-calendar">.*<span class="status">Cancelled<\/span><\/li>/);
    expect(html).toContain('<time datetime="2026-03-10">Tue, Mar 10, 2026</time><span class="when">10:00 AM EDT</span>');
  });

  it('says so when a case has nothing upcoming or a calendar has no cases', () => {
    const html = renderIndexPage(page([kase({ events: [event(-3)] })]));
    expect(html).toContain('No upcoming events.');
    expect(renderIndexPage(page([]))).toContain('No cases yet.');
  });

  it('orders cases by next event on the server (the sort control default), cancelled events not counting', () => {
    const later = kase({ caseId: 'a', caseName: 'Alpha', events: [event(5)] });
    const sooner = kase({ caseId: 'b', caseName: 'Beta', events: [event(1, { status: 'cancelled' }), event(2)] });
    const none = kase({ caseId: 'c', caseName: 'Aardvark', events: [] });
    const html = renderIndexPage(page([later, none, sooner]));
    const order = [...html.matchAll(/<h3>([^<]+)<\/h3>/g)].map((m) => m[1]);
    expect(order).toEqual(['Beta', 'Alpha', 'Aardvark']);
    expect(html).toContain(`data-next="${event(2).startMs}"`);
  });

  it('is self-contained and byte-stable', () => {
    const input = page([kase({ events: [event(0), event(1)] })]);
    const html = renderIndexPage(input);
    expect(renderIndexPage(input)).toBe(html);
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toMatch(/<link[^>]+stylesheet/);
    expect(html).not.toMatch(/@import|url\(\s*['"]?https?:/);
    const external = [...html.matchAll(/(?:href|src)="(https?:[^"]+)"/g)].map((m) => m[1]);
    expect(external.every((u) => u!.startsWith('https://www.courtlistener.com/'))).toBe(true);
    expect(html).toContain('<meta name="description" content="Hearings we follow.">');
    expect(html).toContain('<html lang="en">');
  });
});
