import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { parseConfig } from '../src/config/load.js';
import type { Config } from '../src/config/types.js';
import { createClient } from '../src/courtlistener/factory.js';
import { LlmError, ZERO_USAGE, type LlmProvider, type LlmRequest, type LlmResponse } from '../src/extract/llm/types.js';
import { RulesExtractor } from '../src/extract/rules/index.js';
import { FakeCourtListener } from '../src/fakecl/server.js';
import { runSync } from '../src/pipeline/run-sync.js';
import { Store } from '../src/store/store.js';
import { REFUSAL_SENTENCE } from '../src/summaries/guards.js';
import { FIXED, refreshSummaries, sealingAdvisory } from '../src/summaries/summarize.js';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { textPdf } from './helpers/pdf.js';

const TOKEN = 'summary-token-0001';
const silent = pino({ level: 'silent' });
let fake: FakeCourtListener;
let dir: string;
let store: Store;
let config: Config;
let origin: string;
let indictmentId: number;
let arraignmentId: number;

/** A model that answers from a script, and records what it was asked. */
class ScriptedModel implements LlmProvider {
  readonly name = 'anthropic' as const;
  readonly model = 'claude-scripted';
  readonly asked: LlmRequest[] = [];
  constructor(public script: Array<string | Error>) {}
  async complete(req: LlmRequest): Promise<LlmResponse> {
    this.asked.push(req);
    const next = this.script.shift();
    if (next === undefined) throw new Error('script exhausted');
    if (next instanceof Error) throw next;
    return { text: next, usage: { ...ZERO_USAGE, input: 1000, output: 80 }, provider: 'anthropic', model: this.model };
  }
}

const INDICTMENT =
  'UNITED STATES DISTRICT COURT FOR THE DISTRICT OF COLUMBIA. UNITED STATES OF AMERICA v. JOHN ROE. INDICTMENT. The Grand Jury charges: ' +
  'From in or about January 2022 through March 3, 2024, the defendant JOHN ROE devised a scheme to defraud investors of approximately $1,250,000 by wire. '.repeat(12) +
  'COUNT ONE (Wire Fraud, 18 U.S.C. 1343). COUNT TWO (Money Laundering, 18 U.S.C. 1956).';
const JUDGMENT = 'JUDGMENT IN A CRIMINAL CASE. The defendant John Roe pleaded guilty to count one. The defendant is sentenced to 60 months of imprisonment, three years of supervised release, and restitution of $250,000. '.repeat(3);

function setup(yaml = '') {
  config = parseConfig(
    `store_path: s.sqlite
courtlistener: {backoff_base_ms: 1, max_requests_per_minute: 10000}
case_summaries: {enabled: true}
calendars: {main: {ics_path: out/main.ics}}
index_path: out/index.html
cases: [{id: us-v-roe, name: "United States v. Roe", calendar: main, dockets: [42]${yaml}}]
`,
    path.join(dir, 'config.yaml'),
  );
}

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cc-sum-'));
  setup();
  store = Store.open(config.storePath);
  fake = new FakeCourtListener({ token: TOKEN });
  fake.addDocket({ id: 42, court_id: 'dcd', docket_number: '1:24-cr-00042', case_name: 'United States v. Roe' });
  indictmentId = fake.addEntry(42, { entry_number: 1, date_filed: '2024-03-10', description: 'INDICTMENT as to John Roe (1) count(s) 1, 2.', recap_documents: [{ description: 'Indictment', plain_text: INDICTMENT, filepath_local: 'recap/gov.uscourts.dcd.42/gov.uscourts.dcd.42.1.0.pdf', is_available: true }] }).id;
  arraignmentId = fake.addEntry(42, { entry_number: 2, date_filed: '2024-03-15', description: 'Arraignment as to John Roe held on 3/15/2024. Plea of not guilty entered.' }).id;
  origin = await fake.start();
});
afterEach(async () => {
  store.close();
  await fake.stop();
  rmSync(dir, { recursive: true, force: true });
});

const sync = () => runSync({ config, store, log: silent, extractor: new RulesExtractor(), origin, token: TOKEN, summaryProvider: null }, { emit: false });
async function summarize(model: ScriptedModel, opts: { force?: boolean } = {}, storageBaseUrl?: string) {
  const client = createClient(config, store, origin, TOKEN, silent);
  try {
    return await refreshSummaries({ store, config, client, provider: model, log: silent, now: () => new Date('2024-06-01T12:00:00Z'), storageBaseUrl, sleep: async () => {} }, opts);
  } finally {
    await client.close();
  }
}
const stored = () => store.listSummaries('us-v-roe');

describe('case summaries', () => {
  it('writes a grounded summary from the indictment and the judgment, links its tokens, and leaves a current one alone', async () => {
    fake.addEntry(42, { entry_number: 30, date_filed: '2024-05-20', description: 'JUDGMENT as to John Roe (1).', recap_documents: [{ description: 'Judgment', plain_text: JUDGMENT, filepath_local: 'recap/gov.uscourts.dcd.42/gov.uscourts.dcd.42.30.0.pdf', is_available: true }] });
    await sync();
    const model = new ScriptedModel([
      'John Roe was [charged](doc:D1) with wire fraud and money laundering over a scheme that took about $1,250,000 from investors. He pleaded guilty and [was sentenced](doc:D2) on May 20, 2024, to 60 months in prison, three years of supervised release, and $250,000 in restitution.',
    ]);
    const [r] = await summarize(model);
    expect(r).toMatchObject({ caseId: 'us-v-roe', docketNumber: '1:24-cr-00042', courtId: 'dcd', written: true, model: 'anthropic/claude-scripted', documents: 2, error: null });
    expect(r!.requests).toBe(2); // one entry fetch each for the indictment and the judgment
    const user = model.asked[0]!.user;
    expect(user).toContain('TODAY (UTC): 2024-06-01');
    expect(user).toMatch(/\[D1\] entry #1 \(Indictment\), filed 2024-03-10/);
    expect(user).toMatch(/\[D2\] entry #30 \(Judgment\), filed 2024-05-20/);
    expect(user).toContain('COUNT TWO (Money Laundering');
    expect(model.asked[0]!.temperature).toBe(0);
    const [row] = stored();
    expect(row!.summary).toContain('[was charged](https://storage.courtlistener.com/recap/gov.uscourts.dcd.42/gov.uscourts.dcd.42.1.0.pdf)');
    expect(row!.summary).toContain('He pleaded guilty and [was sentenced](https://storage.courtlistener.com/recap/gov.uscourts.dcd.42/gov.uscourts.dcd.42.30.0.pdf) on May 20, 2024');
    expect(row!.stale).toBe(false);

    expect(await summarize(new ScriptedModel([]))).toEqual([]); // current: no model call, no request
  });

  it('retries a draft that claims an absence, keeps the clean retry, and strips a figure the documents do not hold', async () => {
    await sync();
    const model = new ScriptedModel([
      'John Roe is charged with wire fraud and money laundering. No trial date has been set.',
      'John Roe is charged with wire fraud and money laundering in a scheme that cost investors $9,999,999. He pleaded not guilty at his arraignment on March 15, 2024.',
      'John Roe is charged with wire fraud and money laundering in a scheme that cost investors $9,999,999. He pleaded not guilty at his arraignment on March 15, 2024.',
    ]);
    const [r] = await summarize(model);
    expect(model.asked).toHaveLength(3);
    expect(model.asked[1]!.user).toContain('CORRECTION');
    expect(model.asked[1]!.user).toContain('No trial date has been set.');
    expect(r!.guardHits.truthfulness).toBe(1);
    expect(r!.guardHits.grounding).toBe(1);
    expect(stored()[0]!.summary).toBe('He pleaded not guilty at his arraignment on March 15, 2024.');
  });

  it('writes fixed messages without a model, at the end of sync: no charging document, a sealed one, one not on RECAP', async () => {
    fake.updateEntry(indictmentId, { description: 'NOTICE OF ATTORNEY APPEARANCE: Jane Doe appearing for USA.', recap_documents: [] });
    const first = await sync();
    expect(first.summaries).toMatchObject([{ written: true, model: 'n/a (no document text)', error: null }]);
    expect(stored()[0]!.summary).toBe(REFUSAL_SENTENCE);

    fake.addEntry(42, { entry_number: 3, date_filed: '2024-03-11', description: 'SEALED INDICTMENT as to John Roe.', recap_documents: [{ description: 'Sealed Indictment', is_sealed: true, is_available: false }] });
    await sync(); // the new primary made it stale, and the same sync wrote it again
    expect(stored()[0]).toMatchObject({ summary: FIXED.sealed, model: 'n/a (sealed)', stale: false });

    fake.addEntry(42, { entry_number: 4, date_filed: '2024-03-12', description: 'SUPERSEDING INDICTMENT as to John Roe.', recap_documents: [{ description: 'Superseding Indictment', is_available: false, filepath_local: null }] });
    await sync();
    expect(stored()[0]).toMatchObject({ summary: FIXED.notOnRecap, model: 'n/a (not on RECAP)' });

    // With a readable charging document and no model configured, sync says so and leaves it stale.
    fake.addEntry(42, { entry_number: 5, date_filed: '2024-03-13', description: 'INFORMATION as to John Roe.', recap_documents: [{ description: 'Information', plain_text: INDICTMENT, is_available: true }] });
    const last = await sync();
    expect(last.summaries).toMatchObject([{ written: false, skipped: expect.stringMatching(/no summary model/) }]);
    expect(last.failed).toBe(false);
    expect(stored()[0]).toMatchObject({ summary: FIXED.notOnRecap, stale: true });
  });

  it('staleness: a new disposition and a hearing change mark it stale; the same entry saved again does not', async () => {
    await sync();
    await summarize(new ScriptedModel(['John Roe is charged with wire fraud and money laundering.']));
    expect(stored()[0]!.stale).toBe(false);

    // Re-serialised by CourtListener with a newer date_modified, same content: not a change of posture.
    fake.updateEntry(arraignmentId, {});
    await sync();
    expect(stored()[0]!.stale).toBe(false);

    fake.addEntry(42, { entry_number: 9, date_filed: '2024-04-01', description: 'Sentencing set for 7/1/2024 10:00 AM in Courtroom 3 before Judge Amit P. Mehta.' });
    await sync();
    expect(stored()[0]!.stale).toBe(true); // a hearing was added through the row upsert
    await summarize(new ScriptedModel(['John Roe is charged with wire fraud and money laundering. His sentencing is set for July 1, 2024.']));
    expect(stored()[0]!.stale).toBe(false);

    fake.addEntry(42, { entry_number: 10, date_filed: '2024-04-02', description: 'PLEA AGREEMENT as to John Roe.' });
    await sync();
    expect(stored()[0]!.stale).toBe(true);
  });

  it('says a scheduled date that no longer holds is stale, and strips it when the retry repeats it', async () => {
    fake.addEntry(42, { entry_number: 9, date_filed: '2024-04-01', description: 'Sentencing set for 7/1/2024 10:00 AM in Courtroom 3 before Judge Amit P. Mehta.' });
    await sync();
    const stale = 'John Roe is charged with wire fraud and money laundering. His sentencing is set for March 3, 2024.';
    const model = new ScriptedModel([stale, stale]);
    const [r] = await summarize(model);
    expect(r!.guardHits.staleEvents).toBe(1);
    expect(model.asked[1]!.user).toMatch(/July 1, 2024|2024-07-01/);
    expect(stored()[0]!.summary).toBe('John Roe is charged with wire fraud and money laundering.');
  });

  it('a context-window error gives the fixed message; any other failure leaves the docket stale and the run going', async () => {
    await sync();
    await summarize(new ScriptedModel([new LlmError('prompt is too long', 'context', 'anthropic', 400)]));
    expect(stored()[0]).toMatchObject({ summary: FIXED.tooLarge, model: 'n/a (too large)' });
    fake.addEntry(42, { entry_number: 10, date_filed: '2024-04-02', description: 'PLEA AGREEMENT as to John Roe.' });
    await sync();
    const [r] = await summarize(new ScriptedModel([new LlmError('overloaded', 'http', 'anthropic', 529)]));
    expect(r!.error).toMatch(/overloaded/);
    expect(stored()[0]).toMatchObject({ summary: FIXED.tooLarge, stale: true });
  });

  it('shows the summary on the index page (escaped, links the only markup) and as the one-case calendar description', async () => {
    await sync();
    await summarize(new ScriptedModel(['John Roe was [charged](doc:D1) with wire fraud & money <laundering>.']));
    await runSync({ config, store, log: silent, extractor: new RulesExtractor(), origin, token: TOKEN, summaryProvider: null }, { emit: true });
    const html = readFileSync(path.join(dir, 'out', 'index.html'), 'utf8');
    expect(html).toContain('<div class="summary"><p>John Roe <a href="https://storage.courtlistener.com/recap/gov.uscourts.dcd.42/gov.uscourts.dcd.42.1.0.pdf" target="_blank" rel="noopener">was charged</a> with wire fraud &amp; money &lt;laundering&gt;.</p></div>');
    const ics = readFileSync(path.join(dir, 'out', 'main.ics'), 'utf8');
    expect(ics).toContain('X-WR-CALDESC:John Roe was charged with wire fraud & money <laundering>.');
  });

  it('reads a charging document from its PDF when CourtListener has no text, and counts the download', async () => {
    const pdf = textPdf([['UNITED STATES v. JOHN ROE', 'INFORMATION', 'The United States Attorney charges that from 2021 to 2023', 'the defendant John Roe embezzled funds from a federally', 'insured credit union in violation of 18 U.S.C. 657.', 'The defendant concealed the scheme in ledgers and reports.']]);
    const served: string[] = [];
    const storage: Server = createServer((req, res) => {
      served.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'application/pdf' });
      res.end(pdf);
    });
    await new Promise<void>((r) => storage.listen(0, '127.0.0.1', r));
    try {
      fake.updateEntry(indictmentId, { description: 'INFORMATION as to John Roe (1) count 1.', recap_documents: [{ description: 'Information', plain_text: '', filepath_local: 'recap/gov.uscourts.dcd.42/gov.uscourts.dcd.42.1.0.pdf', is_available: true }] });
      await sync();
      const model = new ScriptedModel(['John Roe [is charged](doc:D1) with embezzling funds from a federally insured credit union.']);
      const [r] = await summarize(model, {}, `http://127.0.0.1:${(storage.address() as AddressInfo).port}`);
      expect(served).toEqual(['/recap/gov.uscourts.dcd.42/gov.uscourts.dcd.42.1.0.pdf']);
      expect(r).toMatchObject({ written: true, documents: 1, requests: 2 }); // the entry, then the PDF
      expect(model.asked[0]!.user).toContain('insured credit union in violation of 18 U.S.C. 657.');
      expect(stored()[0]!.summary).toMatch(/^John Roe \[is charged\]\(http:\/\/127\.0\.0\.1:\d+\/recap\/gov\.uscourts\.dcd\.42\/gov\.uscourts\.dcd\.42\.1\.0\.pdf\) with/);
    } finally {
      await new Promise((r) => storage.close(r));
    }
  });

  it('an appeal docket with no charging document borrows the trial docket\'s, marked as such', async () => {
    fake.addDocket({ id: 77, court_id: 'cadc', docket_number: '24-3001', case_name: 'United States v. Roe' });
    fake.addEntry(77, { entry_number: 1, date_filed: '2024-06-10', description: 'NOTICE OF APPEAL filed by John Roe.' });
    setup();
    config.cases[0]!.dockets = [42, 77];
    await sync();
    const model = new ScriptedModel(['John Roe is appealing his conviction for wire fraud.', 'John Roe is charged with wire fraud and money laundering.']);
    const results = await summarize(model);
    expect(results.map((r) => r.docketNumber).sort()).toEqual(['1:24-cr-00042', '24-3001']);
    const appeal = model.asked.find((q) => q.user.includes('DOCKET: 24-3001'))!;
    expect(appeal.user).toMatch(/\[D1\] entry #1 \(\[from sibling 1:24-cr-00042 D\.D\.C\.\] Indictment\), filed 2024-03-10/);
  });

  it('operator documents join the prompt unless CourtListener already gave the same text', async () => {
    const pages = new Map([
      ['/same.txt', INDICTMENT.replace(/ +/g, '  ').toUpperCase()],
      ['/press.txt', 'Press release: John Roe, 44, of Arlington, was indicted today on charges of wire fraud involving investors in three states. '.repeat(3)],
    ]);
    const site: Server = createServer((req, res) => {
      const body = pages.get(req.url ?? '');
      res.writeHead(body ? 200 : 404, { 'content-type': 'text/plain' });
      res.end(body ?? 'no');
    });
    await new Promise<void>((r) => site.listen(0, '127.0.0.1', r));
    try {
      const base = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
      setup(`, extra_documents: [{docket: 42, url: "${base}/same.txt", note: "the indictment again"}, {docket: 42, url: "${base}/press.txt", note: "DOJ press release"}]`);
      await sync();
      const model = new ScriptedModel(['John Roe is charged with wire fraud and money laundering.']);
      const [r] = await summarize(model);
      expect(r!.documents).toBe(2); // the indictment and the press release; the copy was dropped
      expect(model.asked[0]!.user).toContain(`[D2] ${base}/press.txt — DOJ press release`);
      expect(model.asked[0]!.user).not.toContain('/same.txt');
    } finally {
      await new Promise((r) => site.close(r));
    }
  });

  it('a sealing order stands as an advisory until an unsealing order or renewed activity', () => {
    const e = (n: number, description: string, available = false) => ({ docketId: 1, entryId: n, entryNumber: n, dateFiled: `2024-01-${String(n).padStart(2, '0')}`, dateModified: '', fingerprint: '', description, shortDescription: null, documents: available ? [{ id: n, documentNumber: String(n), attachmentNumber: null, description: null, isAvailable: true, isSealed: false, filepathLocal: null, filepathIa: null, hasText: true }] : [], relevant: false, processedAt: '' });
    const base = [e(1, 'COMPLAINT'), e(2, 'ORDER granting 1 Motion to Seal Case as to John Roe')];
    expect(sealingAdvisory(base)).toMatch(/^entry #2 filed 2024-01-02: "ORDER granting 1 Motion to Seal Case as to John Roe"; 0 later entries$/);
    expect(sealingAdvisory([...base, e(3, 'ORDER granting Motion to Unseal Case')])).toBeNull();
    expect(sealingAdvisory([...base, e(3, 'a', true), e(4, 'b', true), e(5, 'c', true)])).not.toBeNull();
    expect(sealingAdvisory([...base, e(3, 'a', true), e(4, 'b', true), e(5, 'c', true), e(6, 'd', true)])).toBeNull();
  });

  it('through summarize: a forfeiture that repeats the restitution is cut after a retry repeats it, and the operator is never cited', async () => {
    fake.addEntry(42, { entry_number: 30, date_filed: '2024-05-20', description: 'JUDGMENT as to John Roe (1).', recap_documents: [{ description: 'Judgment', plain_text: JUDGMENT, is_available: true }] });
    setup(', aggregation_note: "Roe ran the scheme with a co-defendant charged in Virginia."');
    await sync();
    const draft = 'According to the operator, John Roe ran the scheme with a co-defendant. He was sentenced to 60 months in prison, $250,000 in restitution, and a forfeiture money judgment of $250,000 against him.';
    const model = new ScriptedModel([draft, draft]);
    const [r] = await summarize(model);
    expect(r!.guardHits.forfeiture).toBe(1);
    expect(model.asked).toHaveLength(2);
    const text = stored()[0]!.summary;
    expect(text).not.toMatch(/forfeiture/i);
    expect(text).not.toMatch(/operator/i);
    expect(text).toContain('John Roe ran the scheme with a co-defendant.');
    expect(text).toContain('$250,000 in restitution');
    expect(model.asked[0]!.user).toContain('FRAMING NOTE (background for you, never to be cited): Roe ran the scheme');
  });
});
