import type { HearingType } from '../extract/actions.js';

/** Minutes a timed hearing is assumed to last when the docket does not say (spec/extraction.md §8). */
const DEFAULT_DURATIONS: Record<HearingType, number> = {
  sentencing: 90,
  trial: 240,
  oral_argument: 60,
  evidentiary_hearing: 120,
  motion_hearing: 60,
  change_of_plea: 45,
  arraignment: 30,
  initial_appearance: 30,
  status_conference: 30,
  telephonic_conference: 30,
  other: 60,
};

export function defaultDuration(type: HearingType | null | undefined): number {
  return DEFAULT_DURATIONS[type ?? 'other'];
}

/** Deadlines with no stated time fall due at 16:00 court-local (used for ordering and passed/pending). */
export const DEFAULT_DEADLINE_TIME = '16:00';

/** A title from a key when the extractor gave none: "status-conf-doe-2" → "Status Conference Doe 2". */
export function titleFromKey(key: string): string {
  const expand: Record<string, string> = { conf: 'Conference', govt: "Government's", msj: 'Summary Judgment Motion', tro: 'TRO', mtd: 'Motion to Dismiss', arg: 'Argument' };
  return key
    .split('-')
    .map((w) => expand[w] ?? w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}
