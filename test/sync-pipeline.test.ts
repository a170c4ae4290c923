import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { parseConfig } from '../src/config/load.js';
import type { Config } from '../src/config/types.js';
import { ExtractionError, type ExtractInput, type Extractor } from '../src/extract/types.js';
import type { Action } from '../src/extract/actions.js';
import { RulesExtractor } from '../src/extract/rules/index.js';
import { FakeCourtListener } from '../src/fakecl/server.js';
import { runSync } from '../src/pipeline/run-sync.js';
import { Store } from '../src/store/store.js';

const TOKEN = 'pipeline-token-0001';
let fake: FakeCourtListener;
let dir: string;
let store: Store;
let config: Config;
let origin: string;
const silent = pino({ level: 'silent' });

/** The real rules extractor, except that it fails (like an LLM outage would) on entries whose text says so. */
class FlakyExtractor implements Extractor {
  readonly name = 'flaky';
  calls = 0;
  failing = true;
  private readonly rules = new RulesExtractor();
  async extract(input: ExtractInput): Promise<Action[]> {
    this.calls++;
    if (this.failing && input.entry.description.includes('FLAKY')) throw new ExtractionError('provider unavailable');
    return this.rules.extract(input);
  }
}

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cc-pipe-'));
  config = parseConfig(
    `store_path: s.sqlite
courtlistener: {backoff_base_ms: 1, max_requests_per_minute: 10000}
calendars: {main: {ics_path: out/main.ics}}
cases: [{id: us-v-poe, name: "United States v. Poe", calendar: main, dockets: [42]}]
`,
    path.join(dir, 'config.yaml'),
  );
  store = Store.open(config.storePath);
  fake = new FakeCourtListener({ token: TOKEN, pageSize: 2 });
  fake.addDocket({ id: 42, court_id: 'nysd', docket_number: '1:26-cr-00001', case_name: 'United States v. Poe' });
  origin = await fake.start();
});
/** The fake again with another page size (the docket as in beforeEach, no entries yet). */
async function restartFake(pageSize: number): Promise<FakeCourtListener> {
  await fake.stop();
  const next = new FakeCourtListener({ token: TOKEN, pageSize });
  next.addDocket({ id: 42, court_id: 'nysd', docket_number: '1:26-cr-00001', case_name: 'United States v. Poe' });
  origin = await next.start();
  return next;
}

afterEach(async () => {
  store.close();
  await fake.stop();
  rmSync(dir, { recursive: true, force: true });
});

const sync = (extractor: Extractor) => runSync({ config, store, log: silent, extractor, origin, token: TOKEN }, { emit: true });

describe('sync pipeline (in process, real SQLite and fake CourtListener)', () => {
  it('leaves an entry whose extraction failed unrecorded, holds the cutoff back, and retries it next run', async () => {
    fake.addEntry(42, { description: 'Status Conference set for 3/2/2031 at 10:30 AM in Courtroom 11A before Judge Jed S. Rakoff.' });
    fake.addEntry(42, { description: 'FLAKY Sentencing set for 4/14/2031 at 2:00 PM in Courtroom 11A before Judge Jed S. Rakoff.' });
    fake.addEntry(42, { description: 'Jury Trial set for 5/5/2031 at 9:30 AM in Courtroom 11A before Judge Jed S. Rakoff.' });
    const flaky = new FlakyExtractor();

    const first = await sync(flaky);
    expect(first.failed).toBe(true);
    expect(first.cases[0]).toMatchObject({ entriesSeen: 3, entriesFailed: 1, entriesProcessed: 2 });
    expect(store.listHearings('us-v-poe').map((h) => h.hearingType).sort()).toEqual(['status_conference', 'trial']);
    const docket = store.getDocket(42)!;
    expect(docket.dateModified).toBeNull(); // tier-1 cutoff not set after an unclean walk
    const failedEntry = fake.entriesOf(42)[1]!;
    expect(store.getEntryFingerprint(42, failedEntry.id)).toBeNull();

    flaky.failing = false;
    flaky.calls = 0;
    const second = await sync(flaky);
    expect(second.failed).toBe(false);
    // Re-walked from the held-back cutoff: the failed entry and the one after it; only the failed one is new.
    expect(second.cases[0]).toMatchObject({ entriesSeen: 2, entriesProcessed: 1, entriesFailed: 0 });
    // It lands behind the trial entry already applied, so the case is re-read in docket order: the
    // retried entry and the one after it (whose known rows now differ) go to the extractor.
    expect(flaky.calls).toBe(3);
    expect(store.casesAwaitingRefold()).toEqual([]);
    expect(store.listHearings('us-v-poe').map((h) => h.hearingType).sort()).toEqual(['sentencing', 'status_conference', 'trial']);
    expect(store.getDocket(42)!.dateModified).not.toBeNull();
  });

  it('resumes an interrupted walk from the last completed page', async () => {
    for (let i = 0; i < 5; i++) fake.addEntry(42, { description: `NOTICE OF ATTORNEY APPEARANCE ${i}` });
    fake.failNext({ path: /docket-entries\/.*cursor=/, status: 500, times: 10 });
    const first = await sync(new RulesExtractor());
    expect(first.failed).toBe(true);
    expect(first.cases[0]!.entriesSeen).toBe(2); // page one only
    expect(store.getDocket(42)!.entriesCutoff).not.toBeNull();
    fake.clearFailures();
    fake.resetRequests();
    const second = await sync(new RulesExtractor());
    expect(second.failed).toBe(false);
    expect(second.cases[0]!.entriesSeen).toBe(3); // the remaining three, not all five again
    expect(store.countEntries(42)).toBe(5);
  });

  it('a document-only change (unsealing) is recorded and re-rendered without asking the extractor again', async () => {
    const e = fake.addEntry(42, {
      description: 'ORDER as to Poe: Sentencing set for 6/1/2031 10:00 AM in Courtroom 20C before Judge Jed S. Rakoff.',
      recap_documents: [{ description: 'Order', is_sealed: true, is_available: false }],
    });
    const flaky = new FlakyExtractor();
    await sync(flaky);
    expect(flaky.calls).toBe(1);
    fake.updateDocument(e.recap_documents[0]!.id, { is_sealed: false, is_available: true });
    const second = await sync(flaky);
    // The extractor reads the text and the documents' descriptions, which did not change.
    expect(flaky.calls).toBe(1);
    expect(store.getEntry(42, e.id)!.documents[0]).toMatchObject({ isSealed: false, isAvailable: true });
    // The event's description lists the entry's documents, so the calendar is written again.
    expect(second.emitted.find((r) => r.calendarId === 'main')?.written).toBe(true);
    await sync(flaky);
    expect(flaky.calls).toBe(1);
  });

  it('--only-new syncs only cases with a docket not yet in the store', async () => {
    fake.addEntry(42, { description: 'Status Conference set for 3/2/2031 at 10:30 AM.' });
    const first = await runSync({ config, store, log: silent, extractor: new RulesExtractor(), origin, token: TOKEN }, { emit: false, onlyNew: true });
    expect(first.cases.map((c) => c.caseId)).toEqual(['us-v-poe']);
    fake.resetRequests();
    const second = await runSync({ config, store, log: silent, extractor: new RulesExtractor(), origin, token: TOKEN }, { emit: false, onlyNew: true });
    expect(second.cases).toEqual([]);
    expect(second.note).toMatch(/no new cases/);
    expect(fake.requests).toHaveLength(0);
  });

  it('treats CourtListener split records of one PACER docket as one docket (a reset on the sibling updates the row)', async () => {
    const split = parseConfig(
      `store_path: s2.sqlite
courtlistener: {max_requests_per_minute: 10000}
calendars: {main: {ics_path: out/split.ics}}
cases: [{id: us-v-poe, name: "United States v. Poe", calendar: main, dockets: [42, 43]}]
`,
      path.join(dir, 'config.yaml'),
    );
    const s2 = Store.open(split.storePath);
    try {
      fake.addDocket({ id: 43, court_id: 'nysd', docket_number: '1:26-cr-00001', case_name: 'United States v. Poe' });
      fake.addEntry(42, { description: 'Sentencing set for 6/1/2031 10:00 AM in Courtroom 20C before Judge Jed S. Rakoff.' });
      fake.addEntry(43, { description: 'Sentencing reset for 7/15/2031 02:00 PM in Courtroom 20C before Judge Jed S. Rakoff.' });
      await runSync({ config: split, store: s2, log: silent, extractor: new RulesExtractor(), origin, token: TOKEN }, { emit: false });
      const rows = s2.listHearings('us-v-poe');
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ localDate: '2031-07-15', localTime: '14:00', docketId: 42 });
      expect(rows[0]!.sourceEntryIds).toHaveLength(2);
    } finally {
      s2.close();
    }
  });

  it('lets the next page\'s request go out while a page is still being read, not only after it', async () => {
    // 3 pages of 8 entries; each entry takes ~3 ms to read, so a page spans several of the
    // driver's short write transactions, and the event loop turns between them.
    fake = await restartFake(8);
    for (let i = 0; i < 24; i++) fake.addEntry(42, { description: `Status Conference set for 3/${(i % 27) + 1}/2031 at 10:30 AM.` });
    const seenAtEntry: number[] = [];
    const slow: Extractor = {
      name: 'slow',
      extract: async () => [],
      extractNow: () => {
        const until = performance.now() + 3;
        while (performance.now() < until); // reading takes time
        seenAtEntry.push(fake.countRequests('/docket-entries/'));
        return [];
      },
    };
    const result = await sync(slow);
    expect(result.failed).toBe(false);
    expect(seenAtEntry).toHaveLength(24);
    // By the last entry of page 1 the fake has already answered page 2's request (prefetched),
    // and by the last of page 2, page 3's.
    expect(seenAtEntry[7]).toBeGreaterThanOrEqual(2);
    expect(seenAtEntry[15]).toBeGreaterThanOrEqual(3);
  });
});
