import type { CaseConfig } from '../config/types.js';
import type { Reviewer } from '../extract/review.js';
import type { HearingRow } from '../store/types.js';
import { baseKey, mergeHearings, suffixFreeBase } from './merge-hearings.js';
import { dedupeContext, hearingForReview, logicalDocketOf, reviewDigest } from './review-context.js';
import type { SweepDeps, SweepStats } from './sweeps.js';

/** Proceedings a defendant goes through once: two held rows of one of these are suspicious. */
const ONCE_ONLY = new Set(['sentencing', 'arraignment', 'initial_appearance', 'change_of_plea']);

/** Key words that name the proceeding rather than the defendant ("sentencing-garcia-2" → "garcia"). */
const PROCEEDING_WORDS = new Set(
  'sentencing resentencing hearing hrg arraignment initial appearance change of plea cop rule 11 conf conference status re'.split(' '),
);

function defendantTail(key: string): string {
  return baseKey(key)
    .split('-')
    .filter((w) => !PROCEEDING_WORDS.has(w))
    .join('-');
}

function groupBy(rows: HearingRow[], keyOf: (h: HearingRow) => string | null): HearingRow[][] {
  const groups = new Map<string, HearingRow[]>();
  for (const h of rows) {
    const k = keyOf(h);
    if (k !== null) groups.set(k, [...(groups.get(k) ?? []), h]);
  }
  return [...groups.values()].filter((g) => g.length >= 2);
}

/** Future scheduled rows of one logical docket at the very same instant. */
export function exactSlotScheduledClusters(rows: HearingRow[], docketOf: (id: number | null) => string, nowIso: string): HearingRow[][] {
  return groupBy(rows, (h) => (h.status === 'scheduled' && h.startsAtUtc !== null && h.startsAtUtc >= nowIso ? `${docketOf(h.docketId)}|${h.startsAtUtc}` : null));
}

/**
 * Near-slot suspects: rows of one status on the same court-local day at different starts (a
 * date-only copy and a timed one, or a typo'd time), and held rows of one once-only proceeding
 * for the same defendant on different days.
 */
export function nearSlotClusters(rows: HearingRow[], docketOf: (id: number | null) => string): HearingRow[][] {
  const live = rows.filter((h) => (h.status === 'scheduled' || h.status === 'held') && h.localDate !== null);
  const sameDay = groupBy(live, (h) => `${docketOf(h.docketId)}|${h.status}|${h.localDate}`).filter(
    (g) => new Set(g.map((h) => h.startsAtUtc)).size > 1,
  );
  const onceOnly = groupBy(live, (h) =>
    h.status === 'held' && h.hearingType && ONCE_ONLY.has(h.hearingType) ? `${docketOf(h.docketId)}|${h.hearingType}|${defendantTail(h.key)}` : null,
  ).filter((g) => new Set(g.map((h) => h.startsAtUtc)).size > 1);
  // One row in two suspect groups is asked about once, in the first.
  const seen = new Set<string>();
  const out: HearingRow[][] = [];
  for (const g of [...sameDay, ...onceOnly]) {
    const fresh = g.filter((h) => !seen.has(h.key));
    if (fresh.length < 2) continue;
    fresh.forEach((h) => seen.add(h.key));
    out.push(fresh);
  }
  return out;
}

/**
 * Asks the reviewer about each suspect cluster and merges on MERGE_INTO. The target must be one of
 * the cluster's rows; exact-slot merges keep the suffix-free base key when the cluster has one, so
 * the UID subscribers already hold survives.
 */
export async function resolveDuplicates(
  deps: SweepDeps,
  kase: CaseConfig,
  reviewer: Reviewer,
  stats: SweepStats,
  mode: 'exact' | 'near',
): Promise<void> {
  const { store, log } = deps;
  const nowIso = deps.now().toISOString();
  const docketOf = logicalDocketOf(store);
  const rows = store.listHearings(kase.id);
  const clusters = mode === 'exact' ? exactSlotScheduledClusters(rows, docketOf, nowIso) : nearSlotClusters(rows, docketOf);
  for (const cluster of clusters) {
    const keys = cluster.map((h) => h.key).sort();
    const subject = `dedupe:${keys.join(',')}`;
    const ctx = dedupeContext(store, kase.dockets, cluster);
    const digest = reviewDigest([cluster.map(hearingForReview), ctx.evidenceStamp]);
    if (store.getReviewMemo(kase.id, subject)?.digest === digest) {
      stats.reviewsSkipped++;
      continue;
    }
    const first = cluster[0]!;
    const courtId = first.docketId !== null ? (store.getDocket(first.docketId)?.courtId ?? null) : null;
    const verdict = await reviewer.dedupe({ caseName: kase.name, courtId, timezone: first.timezone, rows: cluster.map(hearingForReview), context: ctx.entries });
    stats.reviews++;
    store.transaction(() => {
      const current = keys.map((k) => store.getHearing(kase.id, k));
      // Something changed the rows while the model thought: leave them for the next run.
      if (current.some((c, i) => !c || c.lastUpdated !== cluster.find((h) => h.key === keys[i])!.lastUpdated)) return;
      const live = current as HearingRow[];
      let target = verdict.type === 'MERGE_INTO' ? live.find((h) => h.key === verdict.target_key) : undefined;
      if (verdict.type === 'MERGE_INTO' && !target) {
        log.info({ caseId: kase.id, keys, target: verdict.target_key }, 'dedupe target is not in the cluster; nothing merged');
      }
      if (target && mode === 'exact') target = suffixFreeBase(live) ?? target;
      if (target) {
        const survivor = target;
        const siblings = live.filter((h) => h !== survivor);
        mergeHearings(store, survivor, siblings, `[dedupe-${mode}] ${verdict.reason}`, nowIso);
        stats.merged += siblings.length;
        log.info({ caseId: kase.id, docketId: survivor.docketId, kept: survivor.key, removed: siblings.map((s) => s.key) }, 'duplicate hearings merged');
      } else if (!verdict.failed && verdict.type !== 'MERGE_INTO') {
        // KEEP_BOTH and UNCLEAR stand until the rows or the evidence change; a bad target is no answer.
        store.putReviewMemo(kase.id, subject, digest, verdict.type);
      }
    });
  }
}
