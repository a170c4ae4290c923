// What the end-of-case sweeps did; apart from sweeps.ts so a quiet run need not load the sweeps.

export interface SweepStats {
  reviews: number; // model questions asked
  reviewsSkipped: number; // already answered for the same row and evidence
  reviewChanges: number; // rows a verify verdict changed
  merged: number; // duplicate rows removed (deterministic and model)
}

export function emptySweepStats(): SweepStats {
  return { reviews: 0, reviewsSkipped: 0, reviewChanges: 0, merged: 0 };
}
