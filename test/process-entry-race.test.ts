import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import type { CaseConfig } from '../src/config/types.js';
import type { DocketEntry } from '../src/courtlistener/types.js';
import type { Action } from '../src/extract/actions.js';
import { RulesExtractor } from '../src/extract/rules/index.js';
import type { ExtractInput, Extractor } from '../src/extract/types.js';
import { applyAction } from '../src/pipeline/apply.js';
import { processEntry } from '../src/pipeline/process-entry.js';
import { Store } from '../src/store/store.js';

// serve's worker reads an entry outside any transaction (the extractor may be a model taking
// seconds). If another process changes the case's rows or records the same entry meanwhile, the
// reading may be stale: it must not be applied on top, but queue the case for a refold.

const silent = pino({ level: 'silent' });
const NOW = () => new Date('2026-12-01T12:00:00Z');
const kase = { id: 'vale', name: 'United States v. Vale', calendar: 'main', dockets: [3001], tags: [], aggregationNote: null, extraDocuments: [], notifyEmails: [] } as unknown as CaseConfig;

/** The rules, held at the door until `release` is called: the window in which another process writes. */
class GatedExtractor implements Extractor {
  readonly name = 'gated';
  private readonly rules = new RulesExtractor();
  private open!: () => void;
  readonly gate = new Promise<void>((r) => (this.open = r));
  reading = false;
  release(): void {
    this.open();
  }
  async extract(input: ExtractInput): Promise<Action[]> {
    this.reading = true;
    const actions = await this.rules.extract(input);
    await this.gate;
    return actions;
  }
}

const entry = (id: number, n: number, date: string, description: string): DocketEntry =>
  ({ id, docket: 3001, entry_number: n, date_filed: date, date_modified: `${date}T10:00:00-08:00`, description, short_description: '', recap_documents: [] }) as unknown as DocketEntry;

const HELD = entry(4, 4, '2026-12-27', 'MINUTE ENTRY for proceedings held before Magistrate Judge Ann Lee: Arraignment as to Dana Vale held on 12/27/2026. Plea of NOT GUILTY entered.');

let dir: string;
let worker: Store;
let other: Store;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cc-race-'));
  const file = path.join(dir, 's.sqlite');
  worker = Store.open(file, { clock: NOW });
  other = Store.open(file, { clock: NOW });
  worker.transaction(() => worker.upsertDocketMeta({ docketId: 3001, courtId: 'ilnd', docketNumber: '1:30-cr-00300', caseName: 'United States v. Vale', absoluteUrl: null, dateLastFiling: null }));
  // Entry 2 set the arraignment for 12/20, already applied.
  worker.transaction(() =>
    applyAction(worker, { caseId: 'vale', docketId: 3001, courtId: 'ilnd', timezone: 'America/Chicago', entryId: 2, now: NOW().toISOString() }, { type: 'ADD_HEARING', hearing_key: 'arraignment', title: 'Arraignment', hearing_type: 'arraignment', local_date: '2026-12-20', local_time: '10:00' }),
  );
});
afterEach(() => {
  worker.close();
  other.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('an entry read while another process writes', () => {
  it('rows changed during the reading: recorded and the case queued for a refold, nothing applied on top', async () => {
    const extractor = new GatedExtractor();
    const known = worker.knownRows('vale'); // the worker's cache holds the 12/20 row
    expect(known.hearings.map((h) => h.localDate)).toEqual(['2026-12-20']);
    const pending = processEntry({ store: worker, extractor, log: silent, now: NOW }, kase, worker.getDocket(3001)!, HELD);
    await new Promise((r) => setTimeout(r, 20));
    expect(extractor.reading).toBe(true);
    // Meanwhile a sync, on its own connection, applies the reset (entry 3) to 12/27.
    other.transaction(() =>
      applyAction(other, { caseId: 'vale', docketId: 3001, courtId: 'ilnd', timezone: 'America/Chicago', entryId: 3, now: NOW().toISOString() }, { type: 'RESCHEDULE_HEARING', hearing_key: 'arraignment', local_date: '2026-12-27', local_time: '10:00' }),
    );
    extractor.release();
    const outcome = await pending;
    expect(outcome.refold).toBe(true);
    expect(outcome.rowsChanged).toBe(0);
    expect(worker.refoldRequestedAt('vale')).not.toBeNull();
    // The stale reading (the 12/27 minute entry against a 12/20 row) left no phantom behind.
    expect(worker.listHearings('vale').map((h) => `${h.key}:${h.status}:${h.localDate}`)).toEqual(['arraignment:scheduled:2026-12-27']);
    expect(worker.getEntryState(3001, 4)?.actions).toBeTruthy();
  });

  it('the same entry recorded by another process meanwhile: queued for a refold, not applied twice', async () => {
    const extractor = new GatedExtractor();
    const pending = processEntry({ store: worker, extractor, log: silent, now: NOW }, kase, worker.getDocket(3001)!, HELD);
    await new Promise((r) => setTimeout(r, 20));
    // Another process reads and records entry 4 first (its own extractor, no gate).
    const first = await processEntry({ store: other, extractor: new RulesExtractor(), log: silent, now: NOW }, kase, other.getDocket(3001)!, HELD);
    expect(first.status).toBe('processed');
    extractor.release();
    const second = await pending;
    expect(second.refold).toBe(true);
    expect(second.rowsChanged).toBe(0);
  });

  it('nothing changed meanwhile: applied at once, no refold', async () => {
    const extractor = new GatedExtractor();
    const pending = processEntry({ store: worker, extractor, log: silent, now: NOW }, kase, worker.getDocket(3001)!, HELD);
    extractor.release();
    const outcome = await pending;
    expect(outcome.refold).toBe(false);
    expect(worker.refoldRequestedAt('vale')).toBeNull();
  });
});
