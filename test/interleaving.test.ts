import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { parseConfig } from '../src/config/load.js';
import type { Config } from '../src/config/types.js';
import { createClient } from '../src/courtlistener/factory.js';
import { RulesExtractor } from '../src/extract/rules/index.js';
import { seededRandom } from '../src/fakecl/generate.js';
import { FakeCourtListener, type EntryView } from '../src/fakecl/server.js';
import { runSync } from '../src/pipeline/run-sync.js';
import { InboxWorker } from '../src/server/worker.js';
import { Store } from '../src/store/store.js';
import { waitFor } from './helpers/serve.js';

/**
 * The property of issue 11 item 1: for the same docket entries, every interleaving of webhook
 * deliveries (on time, late, repeated, lost) and polls ends in the same store and byte-identical
 * calendars. Polls and deliveries run through the real `runSync` and `InboxWorker`, each on its own
 * connection to one SQLite file, against the fake CourtListener; the clock is fixed so stamps compare.
 */

const TOKEN = 'interleave-token-0001';
const NOW = new Date('2030-11-20T18:00:00Z');
const clock = () => NOW;
const silent = pino({ level: 'silent' });

// A criminal docket: settings, resets, a held arraignment followed by the next setting, deadlines.
const TEXTS = [
  'INDICTMENT as to Dana Vale (1) count(s) 1, 2.',
  'ORDER as to Dana Vale: Arraignment set for 12/5/2030 10:00 AM in Courtroom 1425 before Magistrate Judge Ann Lee.',
  'NOTICE OF ATTORNEY APPEARANCE: Sam Rowe appearing for Dana Vale',
  'ORDER as to Dana Vale: Arraignment reset for 12/12/2030 11:00 AM in Courtroom 1425 before Magistrate Judge Ann Lee.',
  'MINUTE ENTRY for proceedings held before Magistrate Judge Ann Lee: Arraignment as to Dana Vale (1) Count 1,2 held on 12/12/2030. Plea of NOT GUILTY entered. Status Conference set for 1/9/2031 09:30 AM in Courtroom 1425 before Judge Rita Moss.',
  'ORDER as to Dana Vale: Pretrial Motions due by 1/20/2031. Responses due by 2/3/2031.',
  'ORDER as to Dana Vale: Status Conference reset for 1/16/2031 02:00 PM in Courtroom 1425 before Judge Rita Moss.',
  'MOTION to Continue by Dana Vale. (Rowe, Sam)',
  'ORDER granting Motion to Continue as to Dana Vale. Jury Trial set for 4/6/2031 09:00 AM in Courtroom 1425 before Judge Rita Moss. Status Conference VACATED.',
];

type Step = { kind: 'land'; i: number } | { kind: 'deliver'; i: number; key: string } | { kind: 'poll' };

let dir: string;
let fake: FakeCourtListener;
let origin: string;

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cc-interleave-'));
  fake = new FakeCourtListener({ token: TOKEN, pageSize: 3 });
  origin = await fake.start();
});
afterEach(async () => {
  await fake.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs one interleaving in a fresh store and fake docket; returns the rows and the feed. */
async function play(name: string, steps: Step[]): Promise<{ rows: string; ics: string; refoldsLeft: number }> {
  const root = path.join(dir, name);
  const config: Config = parseConfig(
    `store_path: s.sqlite
courtlistener: {backoff_base_ms: 1, max_requests_per_minute: 10000}
webhook: {retry_base_seconds: 0.01}
calendars: {main: {ics_path: out/main.ics}}
cases: [{id: us-v-vale, name: "United States v. Vale", calendar: main, dockets: [${docketIdFor(name)}]}]
`,
    path.join(root, 'config.yaml'),
  );
  const docketId = docketIdFor(name);
  fake.addDocket({ id: docketId, court_id: 'ilnd', docket_number: `1:30-cr-${docketId}`, case_name: 'United States v. Vale', pacer_case_id: '105000' });
  const pollStore = Store.open(config.storePath, { clock });
  const workStore = Store.open(config.storePath, { clock });
  const client = createClient(config, workStore, origin, TOKEN, silent);
  const worker = new InboxWorker({ store: workStore, config, extractor: new RulesExtractor(), client, log: silent, now: clock, emitDelayMs: 1, retryBaseMs: 10 });
  worker.start();
  const landed: EntryView[] = [];
  try {
    for (const step of steps) {
      if (step.kind === 'land') {
        landed[step.i] = fake.addEntry(docketId, {
          id: docketId * 100 + step.i,
          entry_number: step.i + 1,
          date_filed: `2030-11-${String(step.i + 1).padStart(2, '0')}`,
          description: TEXTS[step.i]!,
          // The REST view has the document's text; the webhook copy below does not.
          recap_documents: [{ description: 'Main Document', is_available: true, plain_text: `text of entry ${step.i + 1}` }],
        });
      } else if (step.kind === 'deliver') {
        const view = landed[step.i]!;
        const entry = { ...view, docket: docketId, recap_documents: view.recap_documents.map((d) => ({ ...d, plain_text: '' })) };
        const body = JSON.stringify({ webhook: { version: 2, event_type: 1, date_created: NOW.toISOString() }, payload: { results: [entry] } });
        pollStore.transaction(() => pollStore.inboxInsert({ key: step.key, keySource: 'header', eventType: 1, body, receivedAt: NOW.toISOString() }));
        worker.wake();
        await waitFor(() => workStore.inboxGet(step.key)?.status === 'done', `delivery ${step.key} processed`).catch((err: Error) => {
          throw new Error(`${err.message}: ${JSON.stringify(workStore.inboxGet(step.key))}`);
        });
      } else {
        const r = await runSync({ config, store: pollStore, log: silent, extractor: new RulesExtractor(), origin, token: TOKEN, now: clock }, { emit: true });
        expect(r.failed).toBe(false);
      }
    }
    await worker.stop();
    const rows = JSON.stringify({ hearings: pollStore.listHearings('us-v-vale'), deadlines: pollStore.listDeadlines('us-v-vale') }, null, 1);
    const ics = existsSync(path.join(root, 'out', 'main.ics')) ? readFileSync(path.join(root, 'out', 'main.ics'), 'utf8') : '';
    return { rows, ics, refoldsLeft: pollStore.casesAwaitingRefold().length };
  } finally {
    await worker.stop();
    await client.close();
    workStore.close();
    pollStore.close();
  }
}

// Each interleaving gets its own docket in the one fake, so ids never collide.
const docketIds = new Map<string, number>();
function docketIdFor(name: string): number {
  if (!docketIds.has(name)) docketIds.set(name, 5000 + docketIds.size);
  return docketIds.get(name)!;
}

/** Normalises what must differ between runs: the ids of each run's docket and entries. */
const normalise = (s: string) => s.replace(/\b5\d{3}(\d{2})\b/g, 'ENTRY$1').replace(/\b5\d{3}\b/g, 'DOCKET');

const all = TEXTS.map((_, i) => i);
const landAll: Step[] = all.map((i) => ({ kind: 'land', i }));

describe('order independence: every interleaving of webhook and poll deliveries ends in the same store and feed', () => {
  it('holds for the reported case, random interleavings, late and lost deliveries, and repeats', async () => {
    const reference = await play('reference', [...landAll, { kind: 'poll' }]);
    expect(reference.rows).toContain('"status": "held"');
    expect(reference.ics).toContain('BEGIN:VEVENT');

    const scenarios: Array<[string, Step[]]> = [
      // Issue 11: every entry by webhook first (a fresh store, serve only), then a poll sees them with more fields.
      ['webhooks-then-sync', [...all.flatMap((i): Step[] => [{ kind: 'land', i }, { kind: 'deliver', i, key: `k${i}` }]), { kind: 'poll' }]],
      ['sync-then-webhooks', [...landAll, { kind: 'poll' }, ...all.map((i): Step => ({ kind: 'deliver', i, key: `k${i}` })), { kind: 'poll' }]],
      ['one-entry-per-sync', all.flatMap((i): Step[] => [{ kind: 'land', i }, { kind: 'poll' }])],
      // The reset's delivery lost while serve was down, and retried after the held arraignment.
      ['late-reset', [...all.flatMap((i): Step[] => (i === 3 ? [{ kind: 'land', i }] : [{ kind: 'land', i }, { kind: 'deliver', i, key: `k${i}` }])), { kind: 'deliver', i: 3, key: 'k3' }, { kind: 'poll' }]],
      // Deliveries in reverse order, then a poll.
      ['reversed', [...landAll, ...[...all].reverse().map((i): Step => ({ kind: 'deliver', i, key: `k${i}` })), { kind: 'poll' }]],
    ];
    const rand = seededRandom(20261129); // a failing interleaving replays from its seed
    for (let n = 0; n < 12; n++) {
      const steps: Step[] = [];
      const waiting: number[] = [];
      for (const i of all) {
        steps.push({ kind: 'land', i });
        const r = rand();
        if (r < 0.55) steps.push({ kind: 'deliver', i, key: `k${i}` });
        else if (r < 0.85) waiting.push(i); // delayed: delivered at some later point
        // else lost: only polling will see it
        if (rand() < 0.3 && waiting.length > 0) {
          const j = waiting.splice(Math.floor(rand() * waiting.length), 1)[0]!;
          steps.push({ kind: 'deliver', i: j, key: `k${j}` });
        }
        if (rand() < 0.15) steps.push({ kind: 'deliver', i, key: `again-${i}-${n}` }); // a repeat under a new key
        if (rand() < 0.25) steps.push({ kind: 'poll' });
      }
      for (const j of waiting) steps.push({ kind: 'deliver', i: j, key: `k${j}` });
      steps.push({ kind: 'poll' });
      scenarios.push([`random-${n}`, steps]);
    }

    for (const [name, steps] of scenarios) {
      const got = await play(name, steps);
      expect(got.refoldsLeft, name).toBe(0);
      expect(normalise(got.rows), name).toBe(normalise(reference.rows));
      expect(normalise(got.ics), name).toBe(normalise(reference.ics));
    }
  }, 120_000);
});
