import type { DeadlineType, HearingType, Significance } from '../extract/actions.js';

export type HearingStatus = 'scheduled' | 'held' | 'cancelled';
export type DeadlineStatus = 'pending' | 'met' | 'passed' | 'cancelled';

/** A hearing row. Times are kept as court-local wall clock plus the row's IANA zone (DST-safe). */
export interface HearingRow {
  caseId: string;
  key: string;
  title: string;
  hearingType: HearingType | null;
  localDate: string | null; // YYYY-MM-DD; null = not rendered
  localTime: string | null; // HH:MM; null = all-day / time TBD
  startsAtUtc: string | null; // derived from local date/time + timezone, for ordering
  durationMinutes: number | null;
  timezone: string;
  location: string | null;
  judge: string | null;
  dialIn: string | null;
  notes: string | null;
  auditNotes: string | null;
  status: HearingStatus;
  significance: Significance | null; // null = major
  docketId: number | null;
  sourceEntryIds: number[];
  sequence: number; // bumped when time, place or status changes (ICS SEQUENCE)
  lastUpdated: string; // UTC ISO instant
}

export interface DeadlineRow {
  caseId: string;
  key: string;
  title: string;
  deadlineType: DeadlineType | null;
  localDate: string | null; // null = conditional (not rendered)
  localTime: string | null; // only when the text states one
  dueAtUtc: string | null; // derived (16:00 court-local when no time is stated)
  timezone: string;
  notes: string | null;
  auditNotes: string | null;
  status: DeadlineStatus;
  significance: Significance | null;
  conditional: boolean;
  docketId: number | null;
  sourceEntryIds: number[];
  sequence: number;
  lastUpdated: string;
}

export interface DocketRow {
  docketId: number;
  courtId: string | null;
  docketNumber: string | null;
  caseName: string | null;
  absoluteUrl: string | null;
  dateModified: string | null; // docket's date_modified at the last clean poll (tier-1 cutoff), UTC
  entriesCutoff: string | null; // newest entry date_modified processed by polling (tier-2), UTC
  dateLastFiling: string | null;
  lastSyncedAt: string | null;
}

export interface CourtRow {
  courtId: string;
  citationString: string | null;
  shortName: string | null;
  fullName: string | null;
}

export interface CompactDocument {
  id: number | null;
  documentNumber: string | null;
  attachmentNumber: number | null;
  description: string | null;
  isAvailable: boolean;
  isSealed: boolean;
  filepathLocal: string | null;
  filepathIa: string | null;
  hasText: boolean;
}

export interface EntryRow {
  docketId: number;
  entryId: number;
  entryNumber: number | null;
  dateFiled: string | null;
  dateModified: string; // UTC
  fingerprint: string;
  description: string | null;
  shortDescription: string | null;
  documents: CompactDocument[];
  relevant: boolean;
  processedAt: string;
  /** CourtListener's recap_sequence_number: the docket's own order of entries filed the same day. */
  recapSequence?: string | null;
  /** Digest of what the extractor reads from this entry (description, documents' descriptions…). */
  extractDigest?: string | null;
  /** JSON of the effective actions the extractor returned (IGNOREs left out); null: never extracted. */
  actions?: string | null;
  /** Digest of the known rows the extractor was shown with those actions. */
  knownDigest?: string | null;
  /** Set when the entry looks like it holds an event but gave no action (see extract/unread.ts). */
  unreadReason?: string | null;
}

/** Calendars' worth of store changes not yet written out (see migration 5). */
export interface PendingRenders {
  upToId: number; // the newest pending row read; clear only up to it
  all: boolean; // something every calendar shows changed (a court's names)
  caseIds: Set<string>;
  docketIds: Set<number>;
}

export type InboxStatus = 'pending' | 'done' | 'dead';

export interface InboxRow {
  id: number;
  idempotencyKey: string;
  keySource: 'header' | 'body';
  eventType: number | null;
  body: string;
  receivedAt: string;
  status: InboxStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  processedAt: string | null;
  result: string | null;
}

export interface InboxStats {
  pending: number;
  done: number;
  dead: number;
  oldestPendingReceivedAt: string | null;
}

/** One row's last successful push to a remote calendar. */
export interface PushStateRow {
  rowRef: string;
  remoteId: string;
  bodyHash: string;
}

/** A case summary for one logical docket (see migration 8). */
export interface SummaryRow {
  caseId: string;
  docketNumber: string;
  courtId: string;
  summary: string;
  model: string | null;
  sourceEntryIds: number[];
  stale: boolean;
  staleSince: string | null;
  generatedAt: string;
}

/** A change notification waiting in (or delivered from) the outbox. */
export interface NotifyEventRow {
  id: number;
  caseId: string;
  type: string;
  subject: string;
  before: unknown;
  after: unknown;
  occurredAt: string;
}

export interface NotifyEndpointState {
  endpointId: string;
  cursor: number;
  headAttempts: number;
  nextAttemptAt: string | null;
  consecutiveFailures: number;
  disabledAt: string | null;
  disabledReason: string | null;
}

export interface NotifyDeliveryRow {
  eventId: number;
  endpointId: string;
  status: 'delivered' | 'failed' | 'dead' | 'merged' | 'skipped';
  attempts: number;
  httpStatus: number | null;
  error: string | null;
  mergedInto: number | null;
  updatedAt: string;
}
