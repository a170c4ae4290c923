import type { Logger } from 'pino';
import type { CaseConfig } from '../config/types.js';
import type { Reviewer } from '../extract/review.js';
import type { Store } from '../store/store.js';
import { dedupeHeldHearings } from './dedupe-held.js';
import { resolveDuplicates } from './dedupe-llm.js';
import { verifyDeadlines, verifyHearings } from './verify.js';
import { emptySweepStats, type SweepStats } from './sweep-stats.js';

export { emptySweepStats, type SweepStats };

export interface SweepDeps {
  store: Store;
  log: Logger;
  now: () => Date;
  reviewer?: Reviewer | null; // null/absent in rules mode: only the deterministic parts run
}



/**
 * The end-of-case sweeps of spec/extraction.md §10, in their order: verify hearings → exact-slot
 * scheduled dedupe → exact-slot held dedupe (deterministic) → near-slot dedupe → verify deadlines.
 * The model steps run only with a reviewer. The caller decides when (a docket advanced).
 */
export async function runCaseSweeps(deps: SweepDeps, kase: CaseConfig): Promise<SweepStats> {
  const stats = emptySweepStats();
  const reviewer = deps.reviewer ?? null;
  if (reviewer) {
    await verifyHearings(deps, kase, reviewer, stats);
    await resolveDuplicates(deps, kase, reviewer, stats, 'exact');
  }
  stats.merged += dedupeHeldHearings(deps.store, kase.id, deps.now().toISOString());
  if (reviewer) {
    await resolveDuplicates(deps, kase, reviewer, stats, 'near');
    await verifyDeadlines(deps, kase, reviewer, stats);
  }
  return stats;
}
