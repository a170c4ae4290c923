import type { Logger } from 'pino';
import type { CaseConfig } from '../config/types.js';
import type { DocketEntry } from '../courtlistener/types.js';
import { ActionSchema, type Action } from '../extract/actions.js';
import { isRelevant } from '../extract/prefilter.js';
import type { ExtractEntry, Extractor, KnownDeadline, KnownHearing } from '../extract/types.js';
import { courtTimeZone } from '../render/courts.js';
import type { Store } from '../store/store.js';
import type { DocketRow } from '../store/types.js';
import { toUtcInstant } from '../time/zone.js';
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
}

/**
 * Known rows an extractor may reuse keys from: same court as the entry, or court unknown. Rows on a
 * sibling record of the same PACER docket (CourtListener sometimes splits one docket; same number
 * and court) are presented as this docket's, so the extractor updates them instead of minting `-2`.
 */
function knownRows(store: Store, caseId: string, docket: DocketRow) {
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
  const hearings: KnownHearing[] = [];
  for (const h of rows.hearings) {
    const v = view(h.docketId);
    if (v.visible) hearings.push({ ...h, docketId: v.docketId });
  }
  const deadlines: KnownDeadline[] = [];
  for (const d of rows.deadlines) {
    const v = view(d.docketId);
    if (v.visible) deadlines.push({ ...d, docketId: v.docketId });
  }
  return { hearings, deadlines };
}

/**
 * The one path every docket entry takes, whether it came from polling or a webhook:
 * fingerprint → dedup → prefilter → extract → apply. The extractor runs outside any transaction;
 * its result and the entry are written together in one short transaction, so a failure or crash
 * leaves the entry unrecorded and it is read again next time.
 */
export async function processEntry(ctx: PipelineContext, kase: CaseConfig, docket: DocketRow, raw: DocketEntry): Promise<EntryOutcome> {
  const { store, log } = ctx;
  const fp = fingerprint(raw);
  const dateModified = toUtcInstant(raw.date_modified);
  const base = { entryId: raw.id, dateModified, actions: 0, rowsChanged: 0, outcomes: [] as ApplyOutcome[] };
  if (store.getEntryFingerprint(docket.docketId, raw.id) === fp) return { ...base, status: 'unchanged' };

  const documents = compactDocuments(raw.recap_documents);
  const entry: ExtractEntry = {
    entryId: raw.id,
    entryNumber: raw.entry_number ?? null,
    dateFiled: raw.date_filed ?? null,
    description: raw.description ?? '',
    shortDescription: raw.short_description ?? '',
    documentDescriptions: documents.map((d) => d.description).filter((d): d is string => d !== null),
  };
  const relevant = isRelevant(entry);
  const record = () =>
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
    });

  if (!relevant) {
    if (ctx.defer) ctx.defer(record);
    else store.transaction(record);
    return { ...base, status: 'irrelevant' };
  }

  const timezone = courtTimeZone(docket.courtId).zone;
  const known = knownRows(store, kase.id, docket);
  let actions: Action[];
  try {
    const extracted = await ctx.extractor.extract({
      caseName: kase.name,
      courtId: docket.courtId,
      timezone,
      docketId: docket.docketId,
      entry,
      knownHearings: known.hearings,
      knownDeadlines: known.deadlines,
    });
    actions = [];
    for (const a of extracted) {
      const parsed = ActionSchema.safeParse(a);
      if (parsed.success) actions.push(parsed.data);
      else log.warn({ caseId: kase.id, docketId: docket.docketId, entryId: raw.id, issues: parsed.error.issues.map((i) => i.message) }, 'extractor returned an invalid action; dropped');
    }
  } catch (err) {
    log.error({ caseId: kase.id, docketId: docket.docketId, entryId: raw.id, err: (err as Error).message }, 'extraction failed; the entry will be retried next run');
    return { ...base, status: 'failed', error: (err as Error).message };
  }

  const now = ctx.now().toISOString();
  const outcomes = store.transaction(() => {
    const applied = actions.map((a) =>
      applyAction(store, { caseId: kase.id, docketId: docket.docketId, courtId: docket.courtId, timezone, entryId: raw.id, now }, a),
    );
    record();
    return applied;
  });
  const rowsChanged = outcomes.filter((o) => o.result === 'changed').length;
  if (rowsChanged > 0) {
    log.debug({ caseId: kase.id, docketId: docket.docketId, entryId: raw.id, changed: outcomes.filter((o) => o.result === 'changed').map((o) => o.key) }, 'entry changed events');
  }
  return { ...base, status: 'processed', actions: actions.length, rowsChanged, outcomes };
}
