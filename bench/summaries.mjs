// `npm run bench:summaries`: one case summary written for a generated 2,000-entry docket (plus a
// charging document and dispositions with text) against the fake CourtListener and a model that
// answers at once: documents selected, CourtListener requests, guard hits and time per docket.
// The model's first draft claims an absence and its retry is clean, so the guards' retry path is
// part of the figure. Prints figures; never fails.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '../dist/config/load.js';
import { createClient } from '../dist/courtlistener/factory.js';
import { RulesExtractor } from '../dist/extract/rules/index.js';
import { FakeCourtListener } from '../dist/fakecl/server.js';
import { populateSyntheticDocket } from '../dist/fakecl/generate.js';
import { runSync } from '../dist/pipeline/run-sync.js';
import { Store } from '../dist/store/store.js';
import { refreshSummaries } from '../dist/summaries/summarize.js';

const TOKEN = 'bench-summaries';
const ENTRIES = 2000;
const RUNS = 5;
const log = pino({ level: 'silent' });
const dir = mkdtempSync(path.join(tmpdir(), 'cc-bench-sum-'));
writeFileSync(
  path.join(dir, 'config.yaml'),
  `store_path: s.sqlite
courtlistener: {backoff_base_ms: 1, max_requests_per_minute: 10000}
case_summaries: {enabled: true, allow_ocr: false}
calendars: {main: {ics_path: out/main.ics}}
cases: [{id: us-v-bench, name: "United States v. Bench", calendar: main, dockets: [4242]}]
`,
);
const config = loadConfig(path.join(dir, 'config.yaml'));
const store = Store.open(config.storePath);
const fake = new FakeCourtListener({ token: TOKEN, pageSize: 100 });
const charge = 'The Grand Jury charges that the defendant conspired to commit wire fraud from January 2023 through June 2025, causing losses of $2,400,000 to investors. '.repeat(40);
fake.addDocket({ id: 4242, court_id: 'ilnd', docket_number: '1:25-cr-04242', case_name: 'United States v. Bench' });
fake.addEntry(4242, { entry_number: 1, date_filed: '2023-07-03', description: 'INDICTMENT as to Alex Bench (1) count(s) 1-6.', recap_documents: [{ description: 'Indictment', plain_text: charge, is_available: true, filepath_local: 'recap/gov.uscourts.ilnd.4242/1.pdf' }] });
populateSyntheticDocket(fake, { docketId: 4242, courtId: 'ilnd', entries: ENTRIES, seed: 7, baseDate: '2025-06-02' });
fake.addEntry(4242, { date_filed: '2025-06-10', description: 'PLEA AGREEMENT as to Alex Bench.', recap_documents: [{ description: 'Plea Agreement', plain_text: 'The defendant agrees to plead guilty to count one, wire fraud conspiracy. '.repeat(30), is_available: true }] });
fake.addEntry(4242, { date_filed: '2025-09-15', description: 'JUDGMENT as to Alex Bench (1).', recap_documents: [{ description: 'Judgment', plain_text: 'The defendant is sentenced to 48 months of imprisonment and restitution of $2,400,000. '.repeat(20), is_available: true }] });
const origin = await fake.start();

const t0 = performance.now();
await runSync({ config, store, log, extractor: new RulesExtractor(), origin, token: TOKEN, summaryProvider: null }, { emit: false });
const syncMs = performance.now() - t0;

class InstantModel {
  name = 'anthropic';
  model = 'bench-model';
  calls = 0;
  async complete() {
    this.calls++;
    const text = this.calls % 2 === 1 ? 'Alex Bench pleaded guilty to wire fraud conspiracy. No trial date has been set.' : 'Alex Bench [pleaded guilty](doc:D2) to wire fraud conspiracy and was sentenced to 48 months in prison.';
    return { text, usage: { input: 20000, output: 80, cached: 0, cacheWrite: 0, thinking: 0 }, provider: 'anthropic', model: this.model };
  }
}

const times = [];
let last;
for (let i = 0; i < RUNS; i++) {
  const client = createClient(config, store, origin, TOKEN, log);
  const model = new InstantModel();
  const started = performance.now();
  const [r] = await refreshSummaries({ store, config, client, provider: model, log }, { force: true });
  times.push(performance.now() - started);
  last = { r, requests: client.stats().total, calls: model.calls };
  await client.close();
}
times.sort((a, b) => a - b);
const entries = store.entriesOfDockets([4242]).length;
console.log(`\ncase summaries (one ${entries}-entry docket; fake CourtListener; a model answering at once; median of ${RUNS})`);
console.log(`  store filled by sync in ${(syncMs / 1000).toFixed(1)} s`);
console.log(`  documents selected ${last.r.documents} (charging document and dispositions with text), CourtListener requests ${last.requests} (one per selected entry; the store's entries are classified locally)`);
console.log(`  model calls ${last.calls}, guard retries ${last.r.guardRetries}, guard hits truthfulness ${last.r.guardHits.truthfulness}, grounding ${last.r.guardHits.grounding}, forfeiture ${last.r.guardHits.forfeiture}, stale events ${last.r.guardHits.staleEvents}`);
console.log(`  time per docket ${times[Math.floor(RUNS / 2)].toFixed(0)} ms (min ${times[0].toFixed(0)}, max ${times[RUNS - 1].toFixed(0)}), summary ${last.r.chars} chars`);
store.close();
await fake.stop();
rmSync(dir, { recursive: true, force: true });
