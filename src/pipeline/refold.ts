import * as z from 'zod';
import type { CaseConfig } from '../config/types.js';
import { ActionSchema, type Action } from '../extract/actions.js';
import { courtTimeZone } from '../render/courts.js';
import { crashPoint } from '../crash-points.js';
import { Store } from '../store/store.js';
import type { DeadlineRow, DocketRow, EntryRow, HearingRow } from '../store/types.js';
import { applyAction } from './apply.js';
import { unreadReason } from '../extract/unread.js';
import { effective, extractActions, extractDigest, extractInputOf, knownDigest, knownRows, type PipelineContext } from './process-entry.js';

export interface RefoldResult {
  caseId: string;
  refolded: boolean; // false when nothing was pending, or the inputs kept changing
  extracted: number; // entries the extractor read again
  reused: number; // entries whose recorded actions still applied
  rowsChanged: number; // rows written or removed in the store
}

const StoredActions = z.array(ActionSchema);
const MAX_ATTEMPTS = 3;

/** Identifies the fold's input: if it differs at write time, another process changed the case meanwhile. */
const signature = (entries: EntryRow[]) => entries.map((e) => `${e.docketId}/${e.entryId}/${e.fingerprint}/${e.extractDigest ?? ''}`).join(',');

function sameContent<T extends { lastUpdated: string; sequence: number }>(a: T, b: T): boolean {
  const strip = ({ lastUpdated: _l, sequence: _s, ...rest }: T) => rest;
  return JSON.stringify(strip(a)) === JSON.stringify(strip(b));
}

/**
 * Writes the refolded rows over the case's rows: an unchanged row is left alone (its stamp and
 * SEQUENCE stay), a changed one gets a SEQUENCE above what subscribers last saw, a row the
 * ordered reading does not produce (a phantom) is removed.
 */
function replaceRows<T extends HearingRow | DeadlineRow>(old: T[], next: T[], put: (r: T) => void, remove: (key: string) => void): number {
  const before = new Map(old.map((r) => [r.key, r]));
  let changed = 0;
  for (const row of next) {
    const prev = before.get(row.key);
    before.delete(row.key);
    if (prev && sameContent(prev, row)) continue;
    put(prev ? { ...row, sequence: Math.max(row.sequence, prev.sequence + 1) } : row);
    changed++;
  }
  for (const key of before.keys()) {
    remove(key);
    changed++;
  }
  return changed;
}

/**
 * Re-reads a case's entries in docket order into a scratch in-memory store, then swaps the result
 * in with one transaction. The extractor is asked again only where its answer could differ: an
 * entry whose text and known-rows view are what they were when its actions were recorded replays
 * them. If another process changed the case's entries meanwhile, it starts over.
 */
export async function refoldCase(ctx: PipelineContext, kase: CaseConfig): Promise<RefoldResult> {
  const { store, log } = ctx;
  const result: RefoldResult = { caseId: kase.id, refolded: false, extracted: 0, reused: 0, rowsChanged: 0 };
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const requestedAt = store.refoldRequestedAt(kase.id);
    if (requestedAt === null) return result;
    const entries = store.foldEntries(kase.dockets);
    const sig = signature(entries);
    const scratch = Store.open(':memory:', { clock: ctx.now });
    try {
      const dockets = new Map<number, DocketRow>();
      scratch.transaction(() => {
        for (const d of store.listDockets()) {
          scratch.upsertDocketMeta({ docketId: d.docketId, courtId: d.courtId, docketNumber: d.docketNumber, caseName: d.caseName, absoluteUrl: d.absoluteUrl, dateLastFiling: d.dateLastFiling });
          dockets.set(d.docketId, d);
        }
      });
      const folds: Array<{ docketId: number; entryId: number; actions: string; knownDigest: string; unread: string | null }> = [];
      const now = ctx.now().toISOString();
      let extracted = 0;
      let reused = 0;
      for (const e of entries) {
        const docket = dockets.get(e.docketId) ?? { docketId: e.docketId, courtId: null, docketNumber: null, caseName: null, absoluteUrl: null, dateModified: null, entriesCutoff: null, dateLastFiling: null, lastSyncedAt: null };
        const input = extractInputOf(e);
        const known = knownRows(scratch, kase.id, docket);
        const kd = knownDigest(known);
        let actions: Action[] | null = null;
        if (e.actions !== null && e.actions !== undefined && e.knownDigest === kd && e.extractDigest === extractDigest(input)) {
          const parsed = StoredActions.safeParse(JSON.parse(e.actions));
          if (parsed.success) actions = parsed.data;
        }
        if (actions) reused++;
        else {
          actions = effective(await extractActions({ ...ctx, store: scratch }, kase, docket, input, known));
          extracted++;
        }
        const timezone = courtTimeZone(docket.courtId).zone;
        scratch.transaction(() => {
          for (const a of actions) applyAction(scratch, { caseId: kase.id, docketId: e.docketId, courtId: docket.courtId, timezone, entryId: e.entryId, now }, a);
        });
        // Read against other rows, an entry may now be read in full, or only in part.
        const unread = unreadReason(input, actions, { knownHearings: known.hearings, knownDeadlines: known.deadlines });
        folds.push({ docketId: e.docketId, entryId: e.entryId, actions: JSON.stringify(actions), knownDigest: kd, unread });
      }
      crashPoint('before-refold-write');
      const written = store.transaction(() => {
        if (signature(store.foldEntries(kase.dockets)) !== sig) return null;
        let changed = replaceRows(store.listHearings(kase.id), scratch.listHearings(kase.id), (r) => store.putHearing(r), (k) => store.deleteHearing(kase.id, k));
        changed += replaceRows(store.listDeadlines(kase.id), scratch.listDeadlines(kase.id), (r) => store.putDeadline(r), (k) => store.deleteDeadline(kase.id, k));
        for (const f of folds) store.setEntryFold(f.docketId, f.entryId, f.actions, f.knownDigest, f.unread);
        store.clearRefold(kase.id, requestedAt);
        return changed;
      });
      if (written !== null) {
        Object.assign(result, { refolded: true, extracted, reused, rowsChanged: written });
        log.info({ caseId: kase.id, entries: entries.length, extracted, reused, rowsChanged: written }, 'case re-read in docket order');
        return result;
      }
      log.debug({ caseId: kase.id, attempt }, 'entries changed during the refold; starting over');
    } finally {
      scratch.close();
    }
  }
  log.warn({ caseId: kase.id }, 'refold left pending: the case kept changing; the next run settles it');
  return result;
}

/** Settles every case with a refold pending (left by a crash, or queued by another process). */
export async function refoldPending(ctx: PipelineContext, cases: CaseConfig[]): Promise<RefoldResult[]> {
  const waiting = new Set(ctx.store.casesAwaitingRefold());
  const out: RefoldResult[] = [];
  for (const kase of cases) if (waiting.has(kase.id)) out.push(await refoldCase(ctx, kase));
  return out;
}
