import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { Store } from '../src/store/store.js';
import type { DeadlineRow, EntryRow, HearingRow } from '../src/store/types.js';
import { deadlineRow, hearingRow } from './helpers/rows.js';
import type { CaseConfig } from '../src/config/types.js';
import type { DedupeAnswer, DedupeInput, Reviewer, VerifyAnswer, VerifyInput } from '../src/extract/review.js';
import { decideDeadline, decideHearing, verifyDeadlines, verifyHearings } from '../src/pipeline/verify.js';
import { exactSlotScheduledClusters, nearSlotClusters, resolveDuplicates } from '../src/pipeline/dedupe-llm.js';
import { emptySweepStats, runCaseSweeps } from '../src/pipeline/sweeps.js';
import { logicalDocketOf, verifyContext, type ReviewContext } from '../src/pipeline/review-context.js';
import { localToUtcIso } from '../src/time/zone.js';

const TZ = 'America/New_York';
const NOW = new Date('2031-03-10T15:00:00.000Z'); // Monday 10 March 2031, 11:00 in New York
const log = pino({ level: 'silent' });
const kase: CaseConfig = { id: 'c', name: 'United States v. Doe', calendar: 'main', dockets: [10, 11], tags: [], aggregationNote: null, extraDocuments: [], notifyEmails: [], reminders: [] };

let dir: string;
let store: Store;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cc-review-'));
  store = Store.open(path.join(dir, 's.sqlite'), { clock: () => NOW });
  store.upsertDocketMeta({ docketId: 10, courtId: 'mad', docketNumber: '1:31-cr-1', caseName: 'X', absoluteUrl: null, dateLastFiling: null });
  store.upsertDocketMeta({ docketId: 11, courtId: 'mad', docketNumber: '1:31-cr-1', caseName: 'X', absoluteUrl: null, dateLastFiling: null });
  store.upsertDocketMeta({ docketId: 12, courtId: 'mad', docketNumber: '1:31-cr-2', caseName: 'Y', absoluteUrl: null, dateLastFiling: null });
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function entry(entryId: number, dateFiled: string, description: string, over: Partial<EntryRow> = {}): EntryRow {
  const e: EntryRow = {
    docketId: 10,
    entryId,
    entryNumber: entryId,
    dateFiled,
    dateModified: `${dateFiled}T12:00:00.000000Z`,
    fingerprint: `fp-${entryId}-${description.length}`,
    description,
    shortDescription: null,
    documents: [],
    relevant: true,
    processedAt: NOW.toISOString(),
    ...over,
  };
  store.transaction(() => store.upsertEntry(e));
  return e;
}

function hearing(key: string, localDate: string, localTime: string | null, over: Partial<HearingRow> = {}): HearingRow {
  const h = hearingRow({
    caseId: 'c',
    key,
    title: 'Status Conference',
    hearingType: 'status_conference',
    localDate,
    localTime,
    startsAtUtc: localToUtcIso(localDate, localTime, TZ),
    durationMinutes: localTime ? 30 : null,
    timezone: TZ,
    significance: null,
    docketId: 10,
    sourceEntryIds: [1],
    lastUpdated: '2031-01-01T00:00:00.000Z',
    ...over,
  });
  store.transaction(() => store.putHearing(h));
  return h;
}

function deadline(key: string, localDate: string, over: Partial<DeadlineRow> = {}): DeadlineRow {
  const d = deadlineRow({
    caseId: 'c',
    key,
    title: "Government's response to motion to suppress (ECF 40)",
    deadlineType: 'response',
    localDate,
    dueAtUtc: localToUtcIso(localDate, '16:00', TZ),
    timezone: TZ,
    docketId: 10,
    sourceEntryIds: [1],
    lastUpdated: '2031-01-01T00:00:00.000Z',
    ...over,
  });
  store.transaction(() => store.putDeadline(d));
  return d;
}

const verdict = (over: Partial<VerifyAnswer>): VerifyAnswer => ({ type: 'CONFIRM', reason: 'r', local_date: null, local_time: null, evidence_entry_ids: [], ...over });
const shown = (...ids: number[]): ReviewContext => ({
  entries: ids.map((id) => ({ entryId: id, docketId: 10, entryNumber: id, dateFiled: `2031-03-0${Math.min(id, 9)}`, text: 't' })),
  shownIds: new Set(ids),
  evidenceStamp: '',
});

/** A reviewer answering from scripts keyed by row key (verify) or joined keys (dedupe). */
class ScriptedReviewer implements Reviewer {
  readonly name = 'scripted';
  verifyAsked: VerifyInput[] = [];
  dedupeAsked: DedupeInput[] = [];
  onVerify: (i: VerifyInput) => VerifyAnswer = () => verdict({});
  onDedupe: (i: DedupeInput) => DedupeAnswer = () => ({ type: 'KEEP_BOTH', target_key: null, reason: 'distinct' });
  async verify(i: VerifyInput): Promise<VerifyAnswer> {
    this.verifyAsked.push(i);
    return this.onVerify(i);
  }
  async dedupe(i: DedupeInput): Promise<DedupeAnswer> {
    this.dedupeAsked.push(i);
    return this.onDedupe(i);
  }
}

const deps = (reviewer: Reviewer | null) => ({ store, log, now: () => NOW, reviewer });

describe('verify verdict guards (hearings)', () => {
  const today = '2031-03-10';

  it('MARK_HELD needs a cited entry that was shown and filed on or after the hearing date', () => {
    const h = hearing('status-conf', '2031-03-05', '10:00');
    expect(decideHearing(h, verdict({ type: 'MARK_HELD' }), shown(1, 5), today)).toEqual({ next: null, why: 'no entry cited' });
    expect(decideHearing(h, verdict({ type: 'MARK_HELD', evidence_entry_ids: [9] }), shown(1, 5), today)).toMatchObject({ next: null, why: expect.stringContaining('not shown') });
    // Entry 2 is dated 2031-03-02: a record cannot predate the proceeding.
    expect(decideHearing(h, verdict({ type: 'MARK_HELD', evidence_entry_ids: [2] }), shown(1, 2), today)).toMatchObject({ next: null, why: expect.stringContaining('on or after') });
    const ok = decideHearing(h, verdict({ type: 'MARK_HELD', reason: 'Minute entry for the conference.', evidence_entry_ids: [5] }), shown(1, 5), today);
    expect(ok.next?.status).toBe('held');
    expect(ok).toMatchObject({ note: '[verify-pass] MARK_HELD: Minute entry for the conference. (entries 5)' });
  });

  it('never marks a future hearing held, whatever is cited', () => {
    const h = hearing('trial', '2031-04-01', '09:00');
    expect(decideHearing(h, verdict({ type: 'MARK_HELD', evidence_entry_ids: [5] }), shown(5), today).next).toBeNull();
  });

  it('DELETE_HALLUCINATION only when every source entry was shown (and never with no sources)', () => {
    const h = hearing('status-conf', '2031-04-01', '10:00', { sourceEntryIds: [3, 4] });
    expect(decideHearing(h, verdict({ type: 'DELETE_HALLUCINATION' }), shown(3), today).next).toBeNull();
    expect(decideHearing(h, verdict({ type: 'DELETE_HALLUCINATION' }), shown(3, 4), today).next?.status).toBe('cancelled');
    const orphan = hearing('motion-hearing', '2031-04-01', '10:00', { sourceEntryIds: [] });
    expect(decideHearing(orphan, verdict({ type: 'DELETE_HALLUCINATION' }), shown(3, 4), today).next).toBeNull();
  });

  it('REINSTATE only from cancelled, CANCEL only from scheduled, MARK_FILED never on a hearing', () => {
    const live = hearing('status-conf', '2031-04-01', '10:00');
    const gone = hearing('trial', '2031-03-01', '09:00', { status: 'cancelled' });
    expect(decideHearing(live, verdict({ type: 'REINSTATE', evidence_entry_ids: [5] }), shown(5), today).next).toBeNull();
    expect(decideHearing(gone, verdict({ type: 'REINSTATE', evidence_entry_ids: [5] }), shown(5), today).next?.status).toBe('scheduled');
    expect(decideHearing(gone, verdict({ type: 'CANCEL_HEARING', evidence_entry_ids: [5] }), shown(5), today).next).toBeNull();
    expect(decideHearing(live, verdict({ type: 'CANCEL_HEARING', evidence_entry_ids: [5] }), shown(5), today).next?.status).toBe('cancelled');
    expect(decideHearing(live, verdict({ type: 'MARK_FILED', evidence_entry_ids: [5] }), shown(5), today).next).toBeNull();
  });

  it('RESCHEDULE moves the hearing (UTC start recomputed, old time dropped on a new day) and sets it again', () => {
    const gone = hearing('trial', '2031-03-01', '09:00', { status: 'cancelled', durationMinutes: 240, hearingType: 'trial' });
    const moved = decideHearing(gone, verdict({ type: 'RESCHEDULE_HEARING', local_date: '2031-07-08', evidence_entry_ids: [5] }), shown(5), today).next!;
    expect(moved).toMatchObject({ localDate: '2031-07-08', localTime: null, durationMinutes: null, status: 'scheduled', startsAtUtc: '2031-07-08T04:00:00.000Z' });
    const timed = decideHearing(gone, verdict({ type: 'RESCHEDULE_HEARING', local_date: '2031-11-04', local_time: '09:30', evidence_entry_ids: [5] }), shown(5), today).next!;
    expect(timed.startsAtUtc).toBe('2031-11-04T14:30:00.000Z'); // EST after the November switch
    expect(decideHearing(gone, verdict({ type: 'RESCHEDULE_HEARING', evidence_entry_ids: [5] }), shown(5), today).next).toBeNull();
  });
});

describe('verify verdict guards (deadlines)', () => {
  const now = NOW.toISOString();

  it('MARK_FILED needs a cited filing other than the order that set the deadline', () => {
    const d = deadline('govt-response-to-motion-40', '2031-03-20', { sourceEntryIds: [3] });
    expect(decideDeadline(d, verdict({ type: 'MARK_FILED', evidence_entry_ids: [3] }), shown(3, 6), now).next).toBeNull();
    expect(decideDeadline(d, verdict({ type: 'MARK_FILED', evidence_entry_ids: [6] }), shown(3, 6), now).next?.status).toBe('met');
  });

  it('RESCHEDULE sets a new due date at 16:00 court-local unless a time is given; REINSTATE and MARK_HELD are ignored', () => {
    const d = deadline('joint-status-report', '2031-03-20');
    const moved = decideDeadline(d, verdict({ type: 'RESCHEDULE_HEARING', local_date: '2031-04-03', evidence_entry_ids: [6] }), shown(6), now).next!;
    expect(moved).toMatchObject({ localDate: '2031-04-03', localTime: null, dueAtUtc: '2031-04-03T20:00:00.000Z', status: 'pending' });
    expect(decideDeadline(d, verdict({ type: 'REINSTATE', evidence_entry_ids: [6] }), shown(6), now).next).toBeNull();
    expect(decideDeadline(d, verdict({ type: 'MARK_HELD', evidence_entry_ids: [6] }), shown(6), now).next).toBeNull();
  });
});

describe('verifyHearings and verifyDeadlines over a real store', () => {
  it('asks about scheduled rows and past cancelled ones only, and records applied verdicts with a sequence bump', async () => {
    entry(1, '2031-02-01', 'ORDER setting Status Conference for 3/5/2031 10:00 AM and Trial for 4/1/2031.');
    entry(5, '2031-03-05', 'Minute Entry for proceedings held before Judge Sorokin: Status Conference held on 3/5/2031.');
    hearing('status-conf', '2031-03-05', '10:00');
    hearing('trial', '2031-04-01', '09:00', { hearingType: 'trial', title: 'Jury Trial' });
    hearing('sentencing', '2031-02-01', '10:00', { status: 'held' });
    hearing('motion-hearing', '2031-05-01', '10:00', { status: 'cancelled' }); // future cancellation: not re-asked
    hearing('arraignment', '2031-01-10', '10:00', { status: 'cancelled' });
    const r = new ScriptedReviewer();
    r.onVerify = (i) => (i.row.key === 'status-conf' ? verdict({ type: 'MARK_HELD', reason: 'Minute entry.', evidence_entry_ids: [5] }) : verdict({}));
    const stats = emptySweepStats();
    await verifyHearings(deps(r), kase, r, stats);
    expect(r.verifyAsked.map((i) => i.row.key).sort()).toEqual(['arraignment', 'status-conf', 'trial']);
    expect(r.verifyAsked[0]!.today).toBe('2031-03-10');
    const sc = store.getHearing('c', 'status-conf')!;
    expect(sc).toMatchObject({ status: 'held', sequence: 1, lastUpdated: NOW.toISOString() });
    expect(sc.auditNotes).toContain('[verify-pass] MARK_HELD: Minute entry. (entries 5)');
    expect(stats).toMatchObject({ reviews: 3, reviewChanges: 1 });
  });

  it('does not ask the same question twice; new relevant evidence or a failed answer asks again', async () => {
    entry(1, '2031-02-01', 'ORDER setting Trial for 4/1/2031.');
    hearing('trial', '2031-04-01', '09:00', { hearingType: 'trial' });
    const r = new ScriptedReviewer();
    const stats = emptySweepStats();
    await verifyHearings(deps(r), kase, r, stats);
    await verifyHearings(deps(r), kase, r, stats);
    expect(r.verifyAsked).toHaveLength(1);
    expect(stats.reviewsSkipped).toBe(1);
    // An irrelevant filing changes nothing the model would look at.
    entry(7, '2031-03-08', 'NOTICE of Appearance by Jane Roe', { relevant: false });
    await verifyHearings(deps(r), kase, r, stats);
    expect(r.verifyAsked).toHaveLength(1);
    entry(8, '2031-03-09', 'ORDER: the trial date stands.');
    r.onVerify = () => ({ ...verdict({ type: 'UNCLEAR', reason: 'model call failed: timeout' }), failed: true });
    await verifyHearings(deps(r), kase, r, stats);
    await verifyHearings(deps(r), kase, r, stats);
    expect(r.verifyAsked).toHaveLength(3); // a failed answer is not remembered
    expect(store.getHearing('c', 'trial')!.status).toBe('scheduled');
  });

  it('leaves a row alone when something else changed it while the model was thinking', async () => {
    entry(1, '2031-02-01', 'ORDER setting Trial for 4/1/2031.');
    hearing('trial', '2031-04-01', '09:00', { hearingType: 'trial' });
    const r = new ScriptedReviewer();
    r.onVerify = () => {
      // The webhook worker writes a reschedule meanwhile.
      hearing('trial', '2031-05-01', '09:00', { hearingType: 'trial', lastUpdated: '2031-03-10T14:59:00.000Z' });
      return verdict({ type: 'CANCEL_HEARING', evidence_entry_ids: [1] });
    };
    await verifyHearings(deps(r), kase, r, emptySweepStats());
    expect(store.getHearing('c', 'trial')).toMatchObject({ status: 'scheduled', localDate: '2031-05-01' });
  });

  it('verifies pending deadlines still ahead, and marks one met on a cited filing', async () => {
    entry(1, '2031-02-01', 'ORDER: Government response to motion to suppress (ECF 40) due by 3/20/2031.');
    entry(6, '2031-03-09', "RESPONSE in Opposition by USA as to Doe re 40 MOTION to Suppress");
    deadline('govt-response-to-motion-40', '2031-03-20');
    deadline('old-report', '2031-03-01', { status: 'pending', dueAtUtc: '2031-03-01T21:00:00.000Z' });
    deadline('met-one', '2031-03-25', { status: 'met' });
    const r = new ScriptedReviewer();
    r.onVerify = () => verdict({ type: 'MARK_FILED', reason: 'The response was filed.', evidence_entry_ids: [6] });
    await verifyDeadlines(deps(r), kase, r, emptySweepStats());
    expect(r.verifyAsked.map((i) => [i.kind, i.row.key])).toEqual([['deadline', 'govt-response-to-motion-40']]);
    expect(store.getDeadline('c', 'govt-response-to-motion-40')).toMatchObject({ status: 'met', sequence: 1 });
  });
});

describe('review context', () => {
  it('holds the latest entries with text, those filed around the date and the sources (stubs too), oldest first, within the case', () => {
    for (let i = 1; i <= 30; i++) entry(100 + i, `2031-01-${String(i).padStart(2, '0')}`, `Filing number ${i}`);
    entry(200, '2030-06-01', '', { docketId: 11 }); // the row's source: a stub on the split record
    entry(201, '2030-07-02', 'Around the date');
    entry(202, '2030-08-30', 'Too late to be around the date');
    entry(300, '2031-01-31', 'Another case', { docketId: 12 });
    const ctx = verifyContext(store, kase.dockets, { localDate: '2030-07-01', sourceEntryIds: [200, 300] });
    const ids = ctx.entries.map((e) => e.entryId);
    expect(ids).toContain(200);
    expect(ids).toContain(201);
    expect(ids).not.toContain(202);
    expect(ids).not.toContain(300); // another case's docket is never shown
    expect(ids.filter((id) => id > 100 && id <= 130)).toEqual([116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127, 128, 129, 130]);
    const dates = ctx.entries.map((e) => e.dateFiled ?? '');
    expect([...dates].sort()).toEqual(dates);
  });
});

describe('duplicate resolution', () => {
  it('finds exact-slot scheduled clusters per logical docket, future only', () => {
    const a = hearing('status-conf', '2031-04-01', '10:00', { docketId: 10 });
    const b = hearing('status-hearing', '2031-04-01', '10:00', { docketId: 11 }); // split record of the same docket
    hearing('status-conf-other', '2031-04-01', '10:00', { docketId: 12 }); // another docket
    hearing('old-a', '2031-03-01', '10:00');
    hearing('old-b', '2031-03-01', '10:00');
    const clusters = exactSlotScheduledClusters(store.listHearings('c'), logicalDocketOf(store), NOW.toISOString());
    expect(clusters.map((c) => c.map((h) => h.key).sort())).toEqual([[a.key, b.key].sort()]);
  });

  it('finds near-slot clusters: one day at different starts, and once-only proceedings held twice for one defendant', () => {
    hearing('status-conf', '2031-04-01', null);
    hearing('status-conf-2', '2031-04-01', '10:00');
    hearing('sentencing-garcia', '2031-02-01', '10:00', { status: 'held', hearingType: 'sentencing' });
    hearing('sentencing-garcia-2', '2031-02-15', '14:00', { status: 'held', hearingType: 'sentencing' });
    hearing('sentencing-lopez', '2031-02-20', '14:00', { status: 'held', hearingType: 'sentencing' });
    hearing('motion-hearing', '2031-05-01', '10:00');
    hearing('motion-hearing-2', '2031-05-01', '10:00', { status: 'held' }); // different status: not a near-slot pair
    const clusters = nearSlotClusters(store.listHearings('c'), logicalDocketOf(store)).map((c) => c.map((h) => h.key).sort());
    expect(clusters).toEqual([
      ['status-conf', 'status-conf-2'],
      ['sentencing-garcia', 'sentencing-garcia-2'],
    ]);
  });

  it('MERGE_INTO keeps the suffix-free key on an exact slot, unions sources, adopts the better record, deletes the sibling', async () => {
    hearing('status-conf', '2031-04-01', '10:00', { sourceEntryIds: [1], title: 'Status Conf' });
    hearing('status-conf-2', '2031-04-01', '10:00', { sourceEntryIds: [2, 3], title: 'Status Conference (CIPA)', notes: 'Minute entry: conference held in part.' });
    const r = new ScriptedReviewer();
    r.onDedupe = () => ({ type: 'MERGE_INTO', target_key: 'status-conf-2', reason: 'Same conference recorded twice.' });
    const stats = emptySweepStats();
    await resolveDuplicates(deps(r), kase, r, stats, 'exact');
    const rows = store.listHearings('c');
    expect(rows.map((h) => h.key)).toEqual(['status-conf']);
    expect(rows[0]).toMatchObject({ sourceEntryIds: [1, 2, 3], notes: 'Minute entry: conference held in part.', title: 'Status Conf' });
    expect(rows[0]!.auditNotes).toMatch(/\[dedupe-exact\] Same conference recorded twice\. Absorbed sibling key\(s\) status-conf-2/);
    expect(stats.merged).toBe(1);
  });

  it('ignores a merge target outside the cluster, and remembers KEEP_BOTH until the rows or evidence change', async () => {
    hearing('status-conf', '2031-04-01', '10:00');
    hearing('motion-hearing', '2031-04-01', '10:00', { hearingType: 'motion_hearing', title: 'Motion Hearing' });
    const r = new ScriptedReviewer();
    r.onDedupe = () => ({ type: 'MERGE_INTO', target_key: 'trial', reason: 'x' });
    await resolveDuplicates(deps(r), kase, r, emptySweepStats(), 'exact');
    expect(store.listHearings('c')).toHaveLength(2);
    r.onDedupe = () => ({ type: 'KEEP_BOTH', target_key: null, reason: 'Two proceedings in one slot.' });
    await resolveDuplicates(deps(r), kase, r, emptySweepStats(), 'exact');
    await resolveDuplicates(deps(r), kase, r, emptySweepStats(), 'exact');
    // The out-of-cluster answer was no answer, so it was asked again; KEEP_BOTH is remembered.
    expect(r.dedupeAsked).toHaveLength(2);
    expect(store.listHearings('c')).toHaveLength(2);
    entry(9, '2031-03-09', 'ORDER re hearing');
    await resolveDuplicates(deps(r), kase, r, emptySweepStats(), 'exact');
    expect(r.dedupeAsked).toHaveLength(3);
  });
});

describe('runCaseSweeps', () => {
  it('without a reviewer runs only the deterministic held merge', async () => {
    hearing('status-conf', '2031-03-01', '10:00', { status: 'held' });
    hearing('status-conf-2', '2031-03-01', '10:00', { status: 'held' });
    hearing('trial', '2031-04-01', '10:00');
    hearing('trial-2', '2031-04-01', '10:00');
    const stats = await runCaseSweeps(deps(null), kase);
    expect(stats).toEqual({ reviews: 0, reviewsSkipped: 0, reviewChanges: 0, merged: 1 });
    expect(store.listHearings('c').map((h) => h.key).sort()).toEqual(['status-conf', 'trial', 'trial-2']);
  });

  it('with a reviewer runs verify, both model dedupes and the deadline verify', async () => {
    entry(1, '2031-02-01', 'ORDER');
    hearing('trial', '2031-04-01', '10:00');
    hearing('trial-2', '2031-04-01', '10:00');
    deadline('joint-status-report', '2031-03-20');
    const r = new ScriptedReviewer();
    r.onDedupe = () => ({ type: 'MERGE_INTO', target_key: 'trial-2', reason: 'Same trial.' });
    const stats = await runCaseSweeps(deps(r), kase);
    expect(r.verifyAsked.map((i) => `${i.kind}:${i.row.key}`)).toEqual(['hearing:trial', 'hearing:trial-2', 'deadline:joint-status-report']);
    expect(r.dedupeAsked).toHaveLength(1);
    expect(store.listHearings('c').map((h) => h.key)).toEqual(['trial']);
    expect(stats).toMatchObject({ reviews: 4, merged: 1 });
  });
});
