import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DocketEntrySchema, DocketSchema, CourtSchema, pageSchema } from '../src/courtlistener/types.js';
import { FakeCourtListener } from '../src/fakecl/server.js';
import { populateSyntheticDocket } from '../src/fakecl/generate.js';
import { formatPacificTimestamp, parseInstant } from '../src/fakecl/clock.js';

const TOKEN = 'test-token';
const API = '/api/rest/v4/';
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}[+-]\d{2}:\d{2}$/;

/** A clock tests move by hand. */
function manualClock(startIso: string) {
  let now = new Date(startIso).getTime();
  return {
    now: () => new Date(now),
    set: (iso: string) => {
      now = new Date(iso).getTime();
    },
    advance: (ms: number) => {
      now += ms;
    },
  };
}

interface Res {
  status: number;
  headers: Headers;
  json: any;
}

let fake: FakeCourtListener;
let origin: string;

async function call(pathOrUrl: string, init: RequestInit & { token?: string | null } = {}): Promise<Res> {
  const url = pathOrUrl.startsWith('http') ? pathOrUrl : origin + pathOrUrl;
  const headers = new Headers(init.headers);
  const token = init.token === undefined ? TOKEN : init.token;
  if (token !== null) headers.set('Authorization', `Token ${token}`);
  const res = await fetch(url, { ...init, headers, redirect: 'manual' });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : null };
}

/** Follows `next` links from a first URL; returns every page's results. */
async function walk(first: string): Promise<{ pages: any[][]; bodies: any[] }> {
  const pages: any[][] = [];
  const bodies: any[] = [];
  let url: string | null = first;
  while (url) {
    const res = await call(url);
    expect(res.status).toBe(200);
    bodies.push(res.json);
    pages.push(res.json.results);
    url = res.json.next;
    if (pages.length > 1000) throw new Error('pagination does not end');
  }
  return { pages, bodies };
}

const EntryPage = pageSchema(DocketEntrySchema);

async function startFake(opts: ConstructorParameters<typeof FakeCourtListener>[0] = {}) {
  fake = new FakeCourtListener(opts);
  origin = await fake.start();
}

afterEach(async () => {
  await fake?.stop();
});

describe('authentication', () => {
  beforeEach(async () => {
    await startFake();
    fake.addDocket({ id: 1, court_id: 'dcd', docket_number: '1:26-cr-00001', case_name: 'United States v. Doe' });
  });

  it('rejects a missing header, a wrong token, and accepts the right one', async () => {
    const missing = await call(`${API}dockets/1/`, { token: null });
    expect(missing.status).toBe(401);
    expect(missing.json).toEqual({ detail: 'Authentication credentials were not provided.' });
    expect(missing.headers.get('content-type')).toBe('application/json');

    const wrong = await call(`${API}dockets/1/`, { token: 'nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.json).toEqual({ detail: 'Invalid token.' });

    const right = await call(`${API}dockets/1/`);
    expect(right.status).toBe(200);
    expect(right.headers.get('content-type')).toBe('application/json');

    expect(fake.requests.map((r) => [r.status, r.authorized])).toEqual([
      [401, false],
      [401, false],
      [200, true],
    ]);
  });
});

describe('routing', () => {
  beforeEach(async () => {
    await startFake();
    fake.addDocket({ id: 1, court_id: 'dcd', docket_number: '1:26-cr-00001', case_name: 'United States v. Doe' });
  });

  it('redirects a path without its trailing slash, keeping the query string', async () => {
    const res = await call(`${API}docket-entries?docket=1&order_by=date_modified`, { token: null });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe(`${API}docket-entries/?docket=1&order_by=date_modified`);

    const docket = await call(`${API}dockets/1`);
    expect(docket.status).toBe(301);
    expect(docket.headers.get('location')).toBe(`${API}dockets/1/`);
  });

  it('answers unknown paths and unknown objects with JSON 404s', async () => {
    const unknown = await call(`${API}no-such-thing/`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('application/json');
    expect(unknown.json).toEqual({ detail: 'Not found.' });

    const noSlashUnknown = await call(`${API}no-such-thing`);
    expect(noSlashUnknown.status).toBe(404);

    const missingDocket = await call(`${API}dockets/999/`);
    expect(missingDocket.status).toBe(404);
    expect(missingDocket.json).toEqual({ detail: 'No Docket matches the given query.' });

    const missingEntry = await call(`${API}docket-entries/123/`);
    expect(missingEntry.status).toBe(404);
  });

  it('refuses a method the endpoint does not offer', async () => {
    const res = await call(`${API}dockets/1/`, { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toContain('GET');
  });
});

describe('dockets and courts', () => {
  it('serves a docket in v4 shape with date_modified and date_last_filing following its entries', async () => {
    const clock = manualClock('2026-02-10T18:00:00Z');
    await startFake({ clock: clock.now });
    const created = fake.addDocket({
      id: 42,
      court_id: 'nysd',
      docket_number: '1:25-cr-00417',
      case_name: 'United States v. Ortega-Björk & Sons, Inc.',
    });

    const res = await call(`${API}dockets/42/`);
    expect(res.status).toBe(200);
    const docket = DocketSchema.parse(res.json);
    expect(docket.id).toBe(42);
    expect(docket.court_id).toBe('nysd');
    expect(docket.court).toBe(`${origin}${API}courts/nysd/`);
    expect(docket.docket_number).toBe('1:25-cr-00417');
    expect(docket.absolute_url).toBe('/docket/42/united-states-v-ortega-bjork-sons-inc/');
    expect(res.json.resource_uri).toBe(`${origin}${API}dockets/42/`);
    expect(docket.date_last_filing).toBeNull();
    expect(docket.date_modified).toBe(created.date_modified);

    clock.advance(60_000);
    fake.addEntry(42, { date_filed: '2026-02-09', description: 'INDICTMENT' });
    const afterAdd = fake.getDocket(42)!;
    expect(parseInstant(afterAdd.date_modified)!).toBeGreaterThan(parseInstant(created.date_modified)!);
    expect(afterAdd.date_last_filing).toBe('2026-02-09');

    // An older filing added later bumps date_modified but not date_last_filing.
    clock.advance(60_000);
    const old = fake.addEntry(42, { date_filed: '2026-01-05' });
    const afterOld = fake.getDocket(42)!;
    expect(parseInstant(afterOld.date_modified)!).toBeGreaterThan(parseInstant(afterAdd.date_modified)!);
    expect(afterOld.date_last_filing).toBe('2026-02-09');

    clock.advance(60_000);
    const updated = fake.updateEntry(old.id, { description: 'corrected', date_filed: '2026-02-11' });
    const afterUpdate = fake.getDocket(42)!;
    expect(parseInstant(updated.date_modified)!).toBeGreaterThan(parseInstant(old.date_modified)!);
    expect(afterUpdate.date_modified).toBe(updated.date_modified);
    expect(afterUpdate.date_last_filing).toBe('2026-02-11');

    clock.advance(60_000);
    const touched = fake.touchDocket(42);
    expect(parseInstant(touched.date_modified)!).toBeGreaterThan(parseInstant(afterUpdate.date_modified)!);
    expect(fake.getEntry(old.id)!.date_modified).toBe(updated.date_modified);
  });

  it('serves built-in courts, added courts, and 404 for others', async () => {
    await startFake();
    for (const id of ['dcd', 'mad', 'nysd', 'cand', 'ilnd', 'txsd', 'almd', 'ca9', 'ca2', 'njd']) {
      const res = await call(`${API}courts/${id}/`);
      expect(res.status, id).toBe(200);
      const court = CourtSchema.parse(res.json);
      expect(court.id).toBe(id);
      expect(court.citation_string).toBeTruthy();
      expect(court.short_name).toBeTruthy();
      expect(court.full_name).toBeTruthy();
    }
    expect((await call(`${API}courts/zzz/`)).status).toBe(404);
    fake.addCourt({ id: 'zzz', citation_string: 'D. Zed', short_name: 'D. Zed', full_name: 'District Court, D. Zed' });
    const added = await call(`${API}courts/zzz/`);
    expect(added.status).toBe(200);
    expect(added.json.full_name).toBe('District Court, D. Zed');
  });
});

describe('timestamps', () => {
  it('renders Pacific time with the offset of the date and six fractional digits', () => {
    const winter = formatPacificTimestamp(Date.parse('2026-01-15T18:30:05.250Z') * 1000 + 17);
    expect(winter).toBe('2026-01-15T10:30:05.250017-08:00');
    const summer = formatPacificTimestamp(Date.parse('2026-07-04T03:00:00Z') * 1000);
    expect(summer).toBe('2026-07-03T20:00:00.000000-07:00');
    // Either side of the 2026-03-08 spring-forward.
    expect(formatPacificTimestamp(Date.parse('2026-03-08T09:59:59Z') * 1000)).toBe('2026-03-08T01:59:59.000000-08:00');
    expect(formatPacificTimestamp(Date.parse('2026-03-08T10:00:00Z') * 1000)).toBe('2026-03-08T03:00:00.000000-07:00');
    // And the 2026-11-01 fall-back, where 01:xx happens twice.
    expect(formatPacificTimestamp(Date.parse('2026-11-01T08:59:59Z') * 1000)).toBe('2026-11-01T01:59:59.000000-07:00');
    expect(formatPacificTimestamp(Date.parse('2026-11-01T09:00:00Z') * 1000)).toBe('2026-11-01T01:00:00.000000-08:00');
  });

  it('parses filter values as instants the way Django does', () => {
    const utc = Date.parse('2026-03-09T17:15:42.123Z') * 1000 + 456;
    expect(parseInstant('2026-03-09T17:15:42.123456Z')).toBe(utc);
    expect(parseInstant('2026-03-09T10:15:42.123456-07:00')).toBe(utc);
    expect(parseInstant('2026-03-09 19:15:42.123456+0200')).toBe(utc);
    // No zone: server-local (Pacific) wall clock.
    expect(parseInstant('2026-03-09T10:15:42.123456')).toBe(utc);
    expect(parseInstant('2026-01-15')).toBe(Date.parse('2026-01-15T08:00:00Z') * 1000);
    // An unencoded "+" in a query string arrives as a space: invalid, as on the real server.
    expect(parseInstant('2026-03-09T19:15:42.123456 02:00')).toBeNull();
    expect(parseInstant('2026-02-30T00:00:00Z')).toBeNull();
    expect(parseInstant('yesterday')).toBeNull();
  });

  it('gives entries distinct, increasing, correctly offset timestamps even with a clock standing still', async () => {
    const clock = manualClock('2026-01-20T17:00:00Z');
    await startFake({ clock: clock.now });
    fake.addDocket({ id: 1, court_id: 'mad', docket_number: '1:26-cv-1', case_name: 'A v. B' });
    const a = fake.addEntry(1, { description: 'one' });
    const b = fake.addEntry(1, { description: 'two' });
    clock.set('2026-06-01T17:00:00Z');
    const c = fake.addEntry(1, { description: 'three' });

    const res = await call(`${API}docket-entries/?docket=1&order_by=id`);
    const page = EntryPage.parse(res.json);
    const stamps = page.results.map((e) => e.date_modified);
    for (const s of stamps) expect(s).toMatch(TIMESTAMP);
    expect(stamps[0]!.endsWith('-08:00')).toBe(true);
    expect(stamps[2]!.endsWith('-07:00')).toBe(true);
    expect(res.json.results[0].date_created).toMatch(TIMESTAMP);
    expect(stamps).toEqual([a.date_modified, b.date_modified, c.date_modified]);
    const instants = stamps.map((s) => parseInstant(s)!);
    expect(instants[1]!).toBeGreaterThan(instants[0]!);
    expect(instants[2]!).toBeGreaterThan(instants[1]!);
    // At least a millisecond apart, so clients keeping only milliseconds still tell them apart.
    expect(Math.floor(instants[1]! / 1000)).toBeGreaterThan(Math.floor(instants[0]! / 1000));
    // The clock's time is what is rendered (to the millisecond).
    expect(Math.floor(instants[2]! / 1000)).toBe(Date.parse('2026-06-01T17:00:00Z'));
  });
});

describe('docket-entry listing', () => {
  beforeEach(async () => {
    await startFake();
    fake.addDocket({ id: 7, court_id: 'dcd', docket_number: '1:26-cr-7', case_name: 'United States v. Seven' });
    fake.addDocket({ id: 8, court_id: 'dcd', docket_number: '1:26-cr-8', case_name: 'United States v. Eight' });
  });

  it('serves entries that parse with our client types, with docket URLs and document fields', async () => {
    const entry = fake.addEntry(7, {
      description: 'MOTION to Seal',
      date_filed: '2026-03-02',
      recap_documents: [
        { description: 'Main Document', is_available: true },
        { attachment_number: 1, description: 'Exhibit A' },
      ],
    });
    const res = await call(`${API}docket-entries/${entry.id}/`);
    expect(res.status).toBe(200);
    const parsed = DocketEntrySchema.parse(res.json);
    expect(parsed.docket).toBe(`${origin}${API}dockets/7/`);
    expect(parsed.entry_number).toBe(1);
    expect(parsed.short_description).toBe('');
    expect(res.json.tags).toEqual([]);
    expect(res.json.resource_uri).toBe(`${origin}${API}docket-entries/${entry.id}/`);
    const [main, attachment] = res.json.recap_documents;
    expect(main).toMatchObject({ document_number: '1', attachment_number: null, document_type: 1, is_available: true, is_sealed: false });
    expect(typeof main.filepath_local).toBe('string');
    expect(attachment).toMatchObject({ document_number: '1', attachment_number: 1, document_type: 2, is_available: false, filepath_local: null });
    for (const key of ['id', 'description', 'filepath_ia', 'plain_text']) expect(main).toHaveProperty(key);
  });

  it('pages by cursor with every filter carried forward, no gaps and no duplicates', async () => {
    const ids = Array.from({ length: 45 }, () => fake.addEntry(7).id);
    for (let i = 0; i < 5; i++) fake.addEntry(8);

    const { pages, bodies } = await walk(`${origin}${API}docket-entries/?docket=7`);
    expect(pages.map((p) => p.length)).toEqual([20, 20, 5]);
    const seen = pages.flat().map((e) => e.id);
    expect(seen).toEqual([...ids].reverse()); // default ordering -id
    expect(bodies[0].previous).toBeNull();
    expect(bodies[1].previous).not.toBeNull();
    expect(bodies[2].next).toBeNull();
    for (const body of bodies) EntryPage.parse(body);

    const next = new URL(bodies[0].next);
    expect(next.origin).toBe(origin);
    expect(next.searchParams.get('docket')).toBe('7');
    expect(next.searchParams.get('cursor')).toMatch(/^[A-Za-z0-9+/=]+$/);
    expect(bodies[0].count).toBe(`${origin}${API}docket-entries/?count=on&docket=7`);

    // The previous link of page 2 gives page 1 back.
    const back = await call(bodies[1].previous);
    expect(back.json.results.map((e: any) => e.id)).toEqual(pages[0]!.map((e) => e.id));
    expect(back.json.previous).toBeNull();
    const forwardAgain = await call(back.json.next);
    expect(forwardAgain.json.results.map((e: any) => e.id)).toEqual(pages[1]!.map((e) => e.id));

    const count = await call(`${API}docket-entries/?docket=7&count=on`);
    expect(count.json).toEqual({ count: 45 });
  });

  it('honours page_size up to 100', async () => {
    for (let i = 0; i < 130; i++) fake.addEntry(7);
    const small = await call(`${API}docket-entries/?docket=7&page_size=7`);
    expect(small.json.results).toHaveLength(7);
    expect(new URL(small.json.next).searchParams.get('page_size')).toBe('7');
    const capped = await call(`${API}docket-entries/?docket=7&page_size=500`);
    expect(capped.json.results).toHaveLength(100);
    const junk = await call(`${API}docket-entries/?docket=7&page_size=abc`);
    expect(junk.json.results).toHaveLength(20);
  });

  it('filters date_modified by instant: a UTC cutoff compares correctly with -08:00 and -07:00 values', async () => {
    await fake.stop();
    const clock = manualClock('2026-03-06T20:00:00Z'); // PST
    await startFake({ clock: clock.now });
    fake.addDocket({ id: 7, court_id: 'dcd', docket_number: '1:26-cr-7', case_name: 'United States v. Seven' });
    const entries = [];
    for (let i = 0; i < 4; i++) {
      entries.push(fake.addEntry(7));
      clock.advance(3_600_000);
    }
    clock.set('2026-03-09T17:15:42Z'); // PDT: renders as 10:15:42...-07:00
    for (let i = 0; i < 5; i++) {
      entries.push(fake.addEntry(7));
      clock.advance(60_000);
    }
    expect(entries[0]!.date_modified.endsWith('-08:00')).toBe(true);
    expect(entries[4]!.date_modified.startsWith('2026-03-09T10:15:42.')).toBe(true);

    // As strings "2026-03-09T10:15..." < "2026-03-09T16:00...", but as instants 17:15Z is later.
    const cutoff = '2026-03-09T16:00:00Z';
    const { pages } = await walk(
      `${origin}${API}docket-entries/?docket=7&order_by=date_modified&date_modified__gt=${encodeURIComponent(cutoff)}&page_size=2`,
    );
    expect(pages.flat().map((e) => e.id)).toEqual(entries.slice(4).map((e) => e.id));
    expect(pages.length).toBe(3);

    // A cutoff exactly at an entry's instant (in UTC, microseconds kept) excludes it with __gt, includes it with __gte.
    const third = entries[2]!;
    const exactUtc = new Date(Math.floor(parseInstant(third.date_modified)! / 1000)).toISOString().slice(0, 19) +
      '.' + third.date_modified.slice(20, 26) + 'Z';
    const gt = await walk(`${origin}${API}docket-entries/?docket=7&order_by=date_modified&date_modified__gt=${exactUtc}`);
    expect(gt.pages.flat()[0].id).toBe(entries[3]!.id);
    const gte = await call(`${API}docket-entries/?docket=7&order_by=date_modified&date_modified__gte=${exactUtc}`);
    expect(gte.json.results[0].id).toBe(third.id);
    const lt = await call(`${API}docket-entries/?docket=7&order_by=-date_modified&date_modified__lt=${encodeURIComponent(third.date_modified)}`);
    expect(lt.json.results.map((e: any) => e.id)).toEqual([entries[1]!.id, entries[0]!.id]);

    const bad = await call(`${API}docket-entries/?docket=7&date_modified__gt=yesterday`);
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual({ date_modified__gt: ['Enter a valid date/time.'] });
  });

  it('keeps a cursor walk stable when entries are added or changed mid-walk', async () => {
    const original = Array.from({ length: 12 }, () => fake.addEntry(7).id);

    // Newest first by id: an entry added mid-walk sorts before the cursor and is not repeated or skipped over.
    const first = await call(`${API}docket-entries/?docket=7&order_by=-id&page_size=5`);
    const added = fake.addEntry(7);
    fake.updateEntry(original[0]!, { description: 'edited' });
    const rest = await walk(first.json.next);
    const byId = [...first.json.results, ...rest.pages.flat()].map((e) => e.id);
    expect(byId).toEqual([...original].reverse());

    // Oldest-modified first: changes made mid-walk show up at the end, nothing is skipped.
    const asc = await call(`${API}docket-entries/?docket=7&order_by=date_modified&page_size=5`);
    const late = fake.addEntry(7);
    const ascRest = await walk(asc.json.next);
    const ascIds = [...asc.json.results, ...ascRest.pages.flat()].map((e) => e.id);
    expect(new Set(ascIds).size).toBe(ascIds.length);
    expect(ascIds.slice(-3)).toEqual([added.id, original[0], late.id]);
    expect(ascIds).toContain(original[0]);
    expect(ascIds).toHaveLength(original.length + 2);
  });

  it('rejects an unknown order_by, a foreign cursor, and an unknown docket', async () => {
    fake.addEntry(7);
    const res = await call(`${API}docket-entries/?docket=7&order_by=description`);
    expect(res.status).toBe(400);
    expect(res.json.detail).toContain('order_by');

    const page = await call(`${API}docket-entries/?docket=7&order_by=id&page_size=1`);
    fake.addEntry(7);
    const again = await call(`${API}docket-entries/?docket=7&order_by=id&page_size=1`);
    const cursor = new URL(again.json.next).searchParams.get('cursor')!;
    const mismatched = await call(`${API}docket-entries/?docket=7&order_by=-date_modified&cursor=${encodeURIComponent(cursor)}`);
    expect(mismatched.status).toBe(404);
    expect(mismatched.json).toEqual({ detail: 'Invalid cursor' });
    expect((await call(`${API}docket-entries/?docket=7&cursor=garbage!`)).status).toBe(404);
    expect(page.status).toBe(200);

    const unknownDocket = await call(`${API}docket-entries/?docket=999`);
    expect(unknownDocket.status).toBe(400);
    expect(unknownDocket.json).toHaveProperty('docket');
  });

  it('orders by date_filed with page numbers', async () => {
    fake.addEntry(7, { date_filed: '2026-01-03' });
    fake.addEntry(7, { date_filed: '2026-01-01' });
    fake.addEntry(7, { date_filed: '2026-01-02' });
    const first = await call(`${API}docket-entries/?docket=7&order_by=-date_filed&page_size=2`);
    expect(first.json.results.map((e: any) => e.date_filed)).toEqual(['2026-01-03', '2026-01-02']);
    expect(new URL(first.json.next).searchParams.get('page')).toBe('2');
    const second = await call(first.json.next);
    expect(second.json.results.map((e: any) => e.date_filed)).toEqual(['2026-01-01']);
    expect(second.json.next).toBeNull();
    expect(new URL(second.json.previous).searchParams.has('page')).toBe(false);
  });

  it('walks a 5,000-entry docket completely', async () => {
    const result = populateSyntheticDocket(fake, { docketId: 9, courtId: 'dcd', entries: 5000, seed: 3 });
    const { pages } = await walk(`${origin}${API}docket-entries/?docket=9&order_by=date_modified`);
    expect(pages).toHaveLength(250);
    const ids = pages.flat().map((e) => e.id);
    expect(new Set(ids).size).toBe(5000);
    expect(ids).toEqual(result.entryIds);
    expect(fake.countRequests('/docket-entries/')).toBe(250);
  });
});

describe('fault injection and observation', () => {
  beforeEach(async () => {
    await startFake();
    fake.addDocket({ id: 1, court_id: 'dcd', docket_number: '1:26-cr-1', case_name: 'United States v. One' });
  });

  it('answers 429 with the given Retry-After, then serves normally', async () => {
    fake.failNext({ path: '/docket-entries/', status: 429, retryAfter: '7' });
    const limited = await call(`${API}docket-entries/?docket=1`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(limited.json.detail).toContain('throttled');
    // Other paths are not affected by the rule, and it is used up.
    expect((await call(`${API}dockets/1/`)).status).toBe(200);
    expect((await call(`${API}docket-entries/?docket=1`)).status).toBe(200);
    expect(fake.requests.map((r) => r.status)).toEqual([429, 200, 200]);
    expect(fake.requests[0]!.query).toEqual({ docket: '1' });
    expect(fake.requests[0]!.path).toBe(`${API}docket-entries/`);
  });

  it('fails several times by method and path, with a custom body', async () => {
    fake.failNext({ path: /dockets\/1\/$/, method: 'get', status: 503, times: 2, body: '<html>Service Unavailable</html>' });
    const a = await fetch(`${origin}${API}dockets/1/`, { headers: { Authorization: `Token ${TOKEN}` } });
    expect(a.status).toBe(503);
    expect(await a.text()).toBe('<html>Service Unavailable</html>');
    const b = await fetch(`${origin}${API}dockets/1/`, { headers: { Authorization: `Token ${TOKEN}` } });
    expect(b.status).toBe(503);
    await b.text();
    expect((await call(`${API}dockets/1/`)).status).toBe(200);
  });

  it('can drop the connection instead of answering', async () => {
    fake.failNext({ path: '/dockets/', resetConnection: true, status: 0 });
    await expect(call(`${API}dockets/1/`)).rejects.toThrow();
    expect((await call(`${API}dockets/1/`)).status).toBe(200);
    expect(fake.requests[0]!.status).toBe(0);
    expect(fake.countRequests('/dockets/1/')).toBe(2);
    expect(fake.countRequests(/courts/)).toBe(0);
    fake.resetRequests();
    expect(fake.countRequests()).toBe(0);
  });
});

describe('docket alerts', () => {
  beforeEach(async () => {
    await startFake();
    for (const id of [1, 2, 3]) {
      fake.addDocket({ id, court_id: 'dcd', docket_number: `1:26-cr-${id}`, case_name: `United States v. ${id}` });
    }
  });

  const post = (body: unknown) =>
    call(`${API}docket-alerts/`, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });

  it('creates, lists, rejects duplicates and bad dockets, and patches the alert type', async () => {
    const empty = await call(`${API}docket-alerts/`);
    expect(empty.json.results).toEqual([]);
    expect(empty.json.next).toBeNull();

    const created = await post({ docket: 1, alert_type: 1 });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ docket: 1, alert_type: 1, date_last_hit: null });
    expect(created.json.date_created).toMatch(TIMESTAMP);
    expect(created.json.secret_key).toMatch(/^[0-9a-f]{40}$/);
    expect(typeof created.json.id).toBe('number');

    const duplicate = await post({ docket: 1, alert_type: 1 });
    expect(duplicate.status).toBe(400);
    const missingDocket = await post({ docket: 999, alert_type: 1 });
    expect(missingDocket.status).toBe(400);
    expect(missingDocket.json.docket[0]).toContain('999');
    expect((await post({ docket: 2, alert_type: 5 })).status).toBe(400);

    expect((await post({ docket: 2, alert_type: 1 })).status).toBe(201);
    expect((await post({ docket: 3 })).json.alert_type).toBe(1);

    const firstPage = await call(`${API}docket-alerts/?page_size=2`);
    expect(firstPage.json.results).toHaveLength(2);
    const secondPage = await call(firstPage.json.next);
    const dockets = [...firstPage.json.results, ...secondPage.json.results].map((a: any) => a.docket).sort();
    expect(dockets).toEqual([1, 2, 3]);

    const patched = await call(`${API}docket-alerts/${created.json.id}/`, {
      method: 'PATCH',
      body: JSON.stringify({ alert_type: 0 }),
      headers: { 'Content-Type': 'application/json' },
    });
    expect(patched.status).toBe(200);
    expect(patched.json.alert_type).toBe(0);
    expect(parseInstant(patched.json.date_modified)!).toBeGreaterThan(parseInstant(created.json.date_modified)!);
    const listed = await call(`${API}docket-alerts/?docket=1`);
    expect(listed.json.results.map((a: any) => a.alert_type)).toEqual([0]);
    expect(fake.docketAlerts().find((a) => a.docket === 1)!.alert_type).toBe(0);

    const form = await call(`${API}docket-alerts/${created.json.id}/`, {
      method: 'PATCH',
      body: 'alert_type=1',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(form.json.alert_type).toBe(1);
    expect((await call(`${API}docket-alerts/99999/`, { method: 'PATCH', body: '{}' })).status).toBe(404);
  });
});

describe('synthetic dockets', () => {
  beforeEach(async () => {
    await startFake();
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const a = new FakeCourtListener();
    const b = new FakeCourtListener();
    const c = new FakeCourtListener();
    populateSyntheticDocket(a, { docketId: 5, courtId: 'dcd', entries: 300, seed: 11 });
    populateSyntheticDocket(b, { docketId: 5, courtId: 'dcd', entries: 300, seed: 11 });
    populateSyntheticDocket(c, { docketId: 5, courtId: 'dcd', entries: 300, seed: 12 });
    const shape = (f: FakeCourtListener) =>
      f.entriesOf(5).map((e) => [e.entry_number, e.date_filed, e.description, e.recap_documents.length]);
    expect(shape(a)).toEqual(shape(b));
    expect(shape(a)).not.toEqual(shape(c));
    expect(a.getDocket(5)!.case_name).toBe(b.getDocket(5)!.case_name);
  });

  it('adds 5,000 realistic entries quickly, about a tenth of them settings with dates after the base date', () => {
    const started = performance.now();
    const result = populateSyntheticDocket(fake, { docketId: 77, courtId: 'mad', entries: 5000, seed: 42, baseDate: '2026-03-02' });
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(1000);
    expect(result.entryIds).toHaveLength(5000);
    const entries = fake.entriesOf(77);
    expect(entries).toHaveLength(5000);
    const share = result.settingEntryIds.length / 5000;
    expect(share).toBeGreaterThan(0.06);
    expect(share).toBeLessThan(0.14);

    const filed = entries.map((e) => e.date_filed!);
    expect(filed.every((d) => d <= '2026-03-02')).toBe(true);
    expect([...filed].sort()).toEqual(filed);
    expect(fake.getDocket(77)!.date_last_filing).toBe(filed[filed.length - 1]);

    const settings = new Set(result.settingEntryIds);
    const settingTexts = entries.filter((e) => settings.has(e.id)).map((e) => e.description);
    expect(settingTexts.some((t) => /Sentencing set for \d+\/\d+\/\d{4} \d{2}:\d{2} [AP]M in Courtroom/.test(t))).toBe(true);
    expect(settingTexts.some((t) => /due by \d+\/\d+\/\d{4}/.test(t))).toBe(true);
    for (const text of settingTexts) {
      for (const [, m, d, y] of text.matchAll(/ set for (\d+)\/(\d+)\/(\d{4})/g)) {
        const iso = `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
        expect(iso > '2026-03-02').toBe(true);
      }
    }
    const noise = entries.filter((e) => !settings.has(e.id)).map((e) => e.description);
    expect(noise.some((t) => t.startsWith('NOTICE OF ATTORNEY APPEARANCE'))).toBe(true);
    expect(noise.some((t) => t.startsWith('MOTION to Seal'))).toBe(true);
    expect(noise.every((t) => !/ set for \d/.test(t) && !/due by \d/.test(t))).toBe(true);
    // Entry numbers are consecutive among numbered entries; unnumbered minute entries exist too.
    const numbers = entries.map((e) => e.entry_number).filter((n): n is number => n !== null);
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    expect(numbers.length).toBeLessThan(5000);
  });
});
