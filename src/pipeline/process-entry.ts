import { hash } from 'node:crypto';
import { knownDigestOf } from '../store/known-digest.js';
import type { Logger } from 'pino';
import type { CaseConfig } from '../config/types.js';
import type { DocketEntry } from '../courtlistener/types.js';
import { ActionSchema, type Action } from '../extract/actions.js';
import { entryIsBroadDisposition, entryIsPrimary } from '../summaries/classify.js';
import { isRelevant } from '../extract/prefilter.js';
import { unreadReason } from '../extract/unread.js';
import type { ExtractEntry, ExtractInput, Extractor, KnownDeadline, KnownHearing } from '../extract/types.js';
import { courtTimeZone } from '../render/courts.js';
import type { Store } from '../store/store.js';
import type { CompactDocument, DocketRow } from '../store/types.js';
import { toUtcInstant } from '../time/zone.js';
import { crashPoint } from '../crash-points.js';
import { applyAction, type ApplyOutcome } from './apply.js';
import { compactDocuments, fingerprint } from './fingerprint.js';

export interface PipelineContext {
  store: Store;
  extractor: Extractor;
  log: Logger;
  now: () => Date;
  /**
   * When given, the record of an entry that needs no extraction is handed here instead of being
   * written at once, so a driver can write a page of them in one transaction (with its cutoff).
   */
  defer?: (write: () => void) => void;
}

export type EntryStatus = 'unchanged' | 'irrelevant' | 'processed' | 'failed';

export interface EntryOutcome {
  status: EntryStatus;
  entryId: number;
  dateModified: string; // UTC instant
  actions: number; // actions the extractor returned (IGNORE included)
  rowsChanged: number;
  outcomes: ApplyOutcome[];
  error?: string;
  /** The entry was recorded and its case queued for a refold instead of being applied on top. */
  refold: boolean;
  /** The entry looks like it holds an event but gave no action: kept as unread. */
  unread: boolean;
}

/**
 * Known rows an extractor may reuse keys from: same court as the entry, or court unknown. Rows on a
 * sibling record of the same PACER docket (CourtListener sometimes splits one docket; same number
 * and court) are presented as this docket's, so the extractor updates them instead of minting `-2`.
 */
export function knownRows(store: Store, caseId: string, docket: DocketRow) {
  const seen = new Map<number, DocketRow | null>();
  const docketOf = (id: number) => {
    if (!seen.has(id)) seen.set(id, store.getDocket(id));
    return seen.get(id) ?? null;
  };
  const view = (docketId: number | null): { visible: boolean; docketId: number | null } => {
    if (docketId === null || docketId === docket.docketId) return { visible: true, docketId };
    const other = docketOf(docketId);
    if (!other || other.courtId === null || docket.courtId === null) return { visible: true, docketId };
    if (other.courtId !== docket.courtId) return { visible: false, docketId };
    const sibling = other.docketNumber !== null && other.docketNumber === docket.docketNumber;
    return { visible: true, docketId: sibling ? docket.docketId : docketId };
  };
  const rows = store.knownRows(caseId);
  // The store's own row objects pass through untouched where the view does not change them, so
  // work memoised per row (digests, the resolver's reading of a title) carries over between entries.
  if ([...rows.dockets].every((id) => id === null || id === docket.docketId)) return rows;
  const hearings: KnownHearing[] = [];
  for (const h of rows.hearings) {
    const v = view(h.docketId);
    if (v.visible) hearings.push(v.docketId === h.docketId ? h : { ...h, docketId: v.docketId });
  }
  const deadlines: KnownDeadline[] = [];
  for (const d of rows.deadlines) {
    const v = view(d.docketId);
    if (v.visible) deadlines.push(v.docketId === d.docketId ? d : { ...d, docketId: v.docketId });
  }
  return { hearings, deadlines };
}

/** What the extractor reads from an entry: an entry whose digest is unchanged reads the same. */
export function extractInputOf(e: { entryId: number; entryNumber: number | null; dateFiled: string | null; description: string | null; shortDescription: string | null; documents: CompactDocument[] }): ExtractEntry {
  // Frozen: the readers that see it (extractor, unread net) may keep work per entry object.
  return Object.freeze({
    entryId: e.entryId,
    entryNumber: e.entryNumber,
    dateFiled: e.dateFiled,
    description: e.description ?? '',
    shortDescription: e.shortDescription ?? '',
    documentDescriptions: e.documents.map((d) => d.description).filter((d): d is string => d !== null),
  });
}

export function extractDigest(entry: ExtractEntry): string {
  return hash('sha1', JSON.stringify([entry.description, entry.shortDescription, entry.documentDescriptions, entry.dateFiled, entry.entryNumber]), 'hex');
}

/** Identifies the known rows an entry was read against: the store's running digest when the view is its list. */
export function knownDigest(known: { hearings: KnownHearing[]; deadlines: KnownDeadline[]; digest?: string }): string {
  return known.digest ?? knownDigestOf(known);
}

function extractInput(kase: CaseConfig, docket: DocketRow, entry: ExtractEntry, known: KnownView): ExtractInput {
  return {
    caseName: kase.name,
    courtId: docket.courtId,
    timezone: courtTimeZone(docket.courtId).zone,
    docketId: docket.docketId,
    entry,
    knownHearings: known.hearings,
    knownDeadlines: known.deadlines,
  };
}

/** Keeps the actions that pass the schema (IGNORE included); an extractor's slip is logged, not applied. */
function validActions(ctx: PipelineContext, kase: CaseConfig, docket: DocketRow, entry: ExtractEntry, extracted: unknown[]): Action[] {
  const actions: Action[] = [];
  for (const a of extracted) {
    const parsed = ActionSchema.safeParse(a);
    if (parsed.success) actions.push(parsed.data);
    else ctx.log.warn({ caseId: kase.id, docketId: docket.docketId, entryId: entry.entryId, issues: parsed.error.issues.map((i) => i.message) }, 'extractor returned an invalid action; dropped');
  }
  return actions;
}

/** Runs the extractor and keeps the actions that pass the schema (IGNORE included). */
export async function extractActions(ctx: PipelineContext, kase: CaseConfig, docket: DocketRow, entry: ExtractEntry, known: KnownView): Promise<Action[]> {
  return validActions(ctx, kase, docket, entry, await ctx.extractor.extract(extractInput(kase, docket, entry, known)));
}

/** The actions that can change a row: what the fold records for an entry. */
export const effective = (actions: Action[]): Action[] => actions.filter((a) => a.type !== 'IGNORE');

type KnownView = { hearings: KnownHearing[]; deadlines: KnownDeadline[] };

/** An entry that needs the extractor: what `finishEntry` writes once its actions are known. */
interface PendingEntry {
  raw: DocketEntry;
  entry: ExtractEntry;
  known: KnownView;
  base: Omit<EntryOutcome, 'status'>;
  hadEffect: boolean;
  /** The entry's fingerprint as recorded when reading began (null: not recorded yet). */
  previousFingerprint: string | null;
  record: (fold: { actions: string | null; knownDigest: string | null; unreadReason?: string | null }) => void;
}

/**
 * The one path every docket entry takes, whether it came from polling or a webhook:
 * fingerprint → dedup → prefilter → extract → apply. The extractor runs outside any transaction;
 * its result and the entry are written together in one short transaction, so a failure or crash
 * leaves the entry unrecorded and it is read again next time.
 *
 * A case's rows must not depend on the order its entries arrived in (a webhook racing a poll, a
 * delivery retried after later ones). So an entry the extractor reads the same as before is only
 * re-recorded, and an entry with effect that lands behind entries already applied, or one whose
 * reading changed after it took effect, is recorded and its case queued for a refold (re-reading
 * the case in docket order, see refold.ts) in the same transaction; the driver settles it.
 */
export async function processEntry(ctx: PipelineContext, kase: CaseConfig, docket: DocketRow, raw: DocketEntry): Promise<EntryOutcome> {
  const begun = beginEntry(ctx, kase, docket, raw);
  if ('outcome' in begun) return begun.outcome;
  let actions: Action[];
  try {
    actions = await extractActions(ctx, kase, docket, begun.pending.entry, begun.pending.known);
  } catch (err) {
    return extractionFailed(ctx, kase, docket, begun.pending, err);
  }
  const outcome = finishEntry(ctx, kase, docket, begun.pending, actions);
  crashPoint('after-entry-commit');
  return outcome;
}

/**
 * The same path for an extractor that answers without I/O (`extractNow`): nothing is awaited, so a
 * driver can run several entries inside one transaction (the entry's own transactions become
 * savepoints in it). The driver calls the 'after-entry-commit' crash point once it commits.
 */
export function processEntryNow(ctx: PipelineContext, kase: CaseConfig, docket: DocketRow, raw: DocketEntry): EntryOutcome {
  const extractNow = ctx.extractor.extractNow?.bind(ctx.extractor);
  if (!extractNow) throw new Error(`the ${ctx.extractor.name} extractor cannot answer without I/O`);
  const begun = beginEntry(ctx, kase, docket, raw);
  if ('outcome' in begun) return begun.outcome;
  const { entry, known } = begun.pending;
  let actions: Action[];
  try {
    actions = validActions(ctx, kase, docket, entry, extractNow(extractInput(kase, docket, entry, known)));
  } catch (err) {
    return extractionFailed(ctx, kase, docket, begun.pending, err);
  }
  return finishEntry(ctx, kase, docket, begun.pending, actions);
}

function extractionFailed(ctx: PipelineContext, kase: CaseConfig, docket: DocketRow, pending: PendingEntry, err: unknown): EntryOutcome {
  ctx.log.error({ caseId: kase.id, docketId: docket.docketId, entryId: pending.raw.id, err: (err as Error).message }, 'extraction failed; the entry will be retried next run');
  return { ...pending.base, status: 'failed', error: (err as Error).message };
}

/** Everything before the extractor: an entry that needs no reading is settled here. */
function beginEntry(ctx: PipelineContext, kase: CaseConfig, docket: DocketRow, raw: DocketEntry): { outcome: EntryOutcome } | { pending: PendingEntry } {
  const { store } = ctx;
  const fp = fingerprint(raw);
  const dateModified = toUtcInstant(raw.date_modified);
  const base = { entryId: raw.id, dateModified, actions: 0, rowsChanged: 0, outcomes: [] as ApplyOutcome[], refold: false, unread: false };
  const previous = store.getEntryState(docket.docketId, raw.id);
  if (previous?.fingerprint === fp) return { outcome: { ...base, status: 'unchanged' } };

  const documents = compactDocuments(raw.recap_documents);
  const entry = extractInputOf({
    entryId: raw.id,
    entryNumber: raw.entry_number ?? null,
    dateFiled: raw.date_filed ?? null,
    description: raw.description ?? null,
    shortDescription: raw.short_description ?? null,
    documents,
  });
  const digest = extractDigest(entry);
  const relevant = isRelevant(entry);
  // A charging document or a disposition, new or changed (text, documents, sealing): the summary is out of date.
  const summarySource = entryIsPrimary({ description: raw.description ?? null, shortDescription: raw.short_description ?? null, documents }) ||
    entryIsBroadDisposition({ description: raw.description ?? null, shortDescription: raw.short_description ?? null, documents });
  const record = (fold: { actions: string | null; knownDigest: string | null; unreadReason?: string | null }) => {
    if (summarySource) store.markSummariesStale(kase.id, docket.docketId);
    // Newly unreadable: a person should look (announced like a row change, in the same transaction).
    if (fold.unreadReason && !previous?.unreadReason && store.docketAnnounces(docket.docketId)) {
      store.enqueueNotification(kase.id, 'entry.unread', `entry:${raw.id}`, null, {
        kind: 'entry',
        entry: { entryId: raw.id, docketId: docket.docketId, entryNumber: raw.entry_number ?? null, dateFiled: raw.date_filed ?? null, description: raw.description ?? null, reason: fold.unreadReason },
      });
    }
    store.upsertEntry({
      docketId: docket.docketId,
      entryId: raw.id,
      entryNumber: entry.entryNumber,
      dateFiled: entry.dateFiled,
      dateModified,
      fingerprint: fp,
      description: raw.description ?? null,
      shortDescription: raw.short_description ?? null,
      documents,
      relevant,
      processedAt: ctx.now().toISOString(),
      recapSequence: raw.recap_sequence_number ?? null,
      extractDigest: digest,
      ...fold,
    });
  };
  const write = (w: () => void) => (ctx.defer ? ctx.defer(w) : store.transaction(w));

  if (previous && previous.extractDigest === digest) {
    // New documents or availability, same text: the extractor would read it the same way.
    write(() => record({ actions: previous.actions ?? null, knownDigest: previous.knownDigest ?? null, unreadReason: previous.unreadReason ?? null }));
    return { outcome: { ...base, status: 'unchanged' } };
  }
  const hadEffect = previous !== null && (previous.actions ?? '[]') !== '[]';

  if (!relevant) {
    if (hadEffect) {
      // Its earlier reading changed rows; now it says nothing: take that back by refolding.
      store.transaction(() => {
        record({ actions: null, knownDigest: null });
        store.requestRefold(kase.id);
      });
      return { outcome: { ...base, status: 'processed', refold: true } };
    }
    write(() => record({ actions: null, knownDigest: null }));
    return { outcome: { ...base, status: 'irrelevant' } };
  }
  return { pending: { raw, entry, known: knownRows(store, kase.id, docket), base, hadEffect, previousFingerprint: previous?.fingerprint ?? null, record } };
}

/** Records the extractor's reading and applies it, or queues the case for a refold. */
function finishEntry(ctx: PipelineContext, kase: CaseConfig, docket: DocketRow, pending: PendingEntry, actions: Action[]): EntryOutcome {
  const { store, log } = ctx;
  const { raw, entry, known, base, hadEffect, record } = pending;
  const timezone = courtTimeZone(docket.courtId).zone;
  const unread = unreadReason(entry, actions, { knownHearings: known.hearings, knownDeadlines: known.deadlines });
  if (unread) log.info({ caseId: kase.id, docketId: docket.docketId, entryId: raw.id, reason: unread }, 'entry kept as unread');
  const fold = { actions: JSON.stringify(effective(actions)), knownDigest: knownDigest(known), unreadReason: unread };
  const position = { dateFiled: entry.dateFiled, docketId: docket.docketId, recapSequence: raw.recap_sequence_number ?? null, entryNumber: entry.entryNumber, entryId: raw.id };
  const now = ctx.now().toISOString();
  // Decided inside the write transaction: another process (serve's worker, a second sync) may have
  // changed the case's rows, or recorded this very entry, while the extractor read it.
  const result = store.transaction(() => {
    const late = effective(actions).length > 0 && store.hasLaterEffectiveEntry(kase.dockets, position);
    const rowsMoved = knownDigest(knownRows(store, kase.id, docket)) !== fold.knownDigest;
    const recordedMeanwhile = (store.getEntryState(docket.docketId, raw.id)?.fingerprint ?? null) !== pending.previousFingerprint;
    if (late || hadEffect || rowsMoved || recordedMeanwhile) {
      // Applying on top could stack a stale reading on the case: re-read it in docket order instead.
      record(fold);
      store.requestRefold(kase.id);
      return { refold: true as const, late, rowsMoved, recordedMeanwhile };
    }
    const applied = actions.map((a) =>
      applyAction(store, { caseId: kase.id, docketId: docket.docketId, courtId: docket.courtId, timezone, entryId: raw.id, now }, a),
    );
    record(fold);
    return { refold: false as const, applied };
  });
  if (result.refold) {
    log.debug({ caseId: kase.id, docketId: docket.docketId, entryId: raw.id, late: result.late, rowsMoved: result.rowsMoved, recordedMeanwhile: result.recordedMeanwhile }, 'entry queued its case for a refold');
    return { ...base, status: 'processed', actions: actions.length, refold: true, unread: unread !== null };
  }
  const outcomes = result.applied;
  const rowsChanged = outcomes.filter((o) => o.result === 'changed').length;
  if (rowsChanged > 0) {
    log.debug({ caseId: kase.id, docketId: docket.docketId, entryId: raw.id, changed: outcomes.filter((o) => o.result === 'changed').map((o) => o.key) }, 'entry changed events');
  }
  return { ...base, status: 'processed', actions: actions.length, rowsChanged, outcomes, unread: unread !== null };
}
