import type { Action, DeadlineType, HearingType } from './actions.js';

/** What an extractor sees of the entry being read. Descriptions are raw clerk text. */
export interface ExtractEntry {
  entryId: number;
  entryNumber: number | null;
  dateFiled: string | null; // YYYY-MM-DD
  description: string;
  shortDescription: string;
  documentDescriptions: string[];
}

/** A hearing already known for the case, in court-local wall-clock terms. */
export interface KnownHearing {
  key: string;
  title: string;
  hearingType: HearingType | null;
  status: 'scheduled' | 'held' | 'cancelled';
  localDate: string | null;
  localTime: string | null;
  docketId: number | null;
}

export interface KnownDeadline {
  key: string;
  title: string;
  deadlineType: DeadlineType | null;
  status: 'pending' | 'met' | 'passed' | 'cancelled';
  localDate: string | null;
  docketId: number | null;
}

export interface ExtractInput {
  caseName: string;
  courtId: string | null;
  timezone: string;
  docketId: number;
  entry: ExtractEntry;
  knownHearings: KnownHearing[];
  knownDeadlines: KnownDeadline[];
}

/**
 * An extractor turns one entry into actions. It throws ExtractionError when it could not read the
 * entry (the entry is then left unprocessed and retried); "nothing to do" is a single IGNORE.
 */
export interface Extractor {
  readonly name: string;
  extract(input: ExtractInput): Promise<Action[]>;
  /**
   * The same answer without I/O, for extractors that need none (the rules): a driver may then read
   * several entries inside one transaction instead of committing entry by entry.
   */
  extractNow?(input: ExtractInput): Action[];
  /** Loads what reading needs, for extractors loaded on first use; drivers await it before a page. */
  prepare?(): Promise<void>;
}

export class ExtractionError extends Error {
  override readonly name = 'ExtractionError';
}
