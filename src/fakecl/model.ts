/**
 * The fake's in-memory CourtListener: courts, dockets, docket entries with their RECAP documents,
 * and docket alerts, plus the filters and orderings the list endpoints accept. No HTTP here; the
 * server turns these views into JSON.
 */
import { randomBytes } from 'node:crypto';
import { MonotonicClock, formatPacificTimestamp, pacificDate, parseInstant } from './clock.js';
import { builtInCourts, courtFromInput, type CourtInput, type CourtRecord } from './courts.js';
import { ApiError, invalidParam, notFound } from './errors.js';
import { runListQuery, type ListOutcome, type ListSource, type PageSizes } from './paginate.js';

// ---- inputs (test and benchmark controls) ----

export interface RecapDocumentInput {
  id?: number;
  document_number?: string | number;
  attachment_number?: number | null;
  description?: string;
  is_available?: boolean;
  is_sealed?: boolean;
  filepath_local?: string | null;
  filepath_ia?: string;
  plain_text?: string;
  page_count?: number | null;
}

export interface EntryInput {
  id?: number;
  /** Omitted: one more than the docket's highest. Null: an unnumbered (minute/text-only) entry. */
  entry_number?: number | null;
  recap_sequence_number?: string;
  /** YYYY-MM-DD; omitted means today in Pacific time. */
  date_filed?: string | null;
  description?: string;
  short_description?: string;
  /** Omitted: a main document for numbered entries, none for unnumbered ones. */
  recap_documents?: RecapDocumentInput[];
  /** Seeding only: set instants explicitly (any ISO form) instead of taking the clock's. */
  date_created?: string;
  date_modified?: string;
}

export type EntryPatch = Omit<EntryInput, 'id' | 'date_created'>;
export type RecapDocumentPatch = Omit<RecapDocumentInput, 'id'>;

export interface DocketInput {
  id?: number;
  court_id: string;
  docket_number: string;
  case_name: string;
  case_name_short?: string;
  date_filed?: string | null;
  date_terminated?: string | null;
  date_last_filing?: string | null;
  assigned_to_str?: string;
  referred_to_str?: string;
  pacer_case_id?: string | null;
  nature_of_suit?: string;
  cause?: string;
}

// ---- views (what the controls return and the server renders) ----

export interface RecapDocumentView {
  id: number;
  docket_entry: number;
  document_number: string;
  attachment_number: number | null;
  /** 1 main document, 2 attachment. */
  document_type: 1 | 2;
  description: string;
  is_available: boolean;
  is_sealed: boolean;
  filepath_local: string | null;
  filepath_ia: string;
  plain_text: string;
  page_count: number | null;
  pacer_doc_id: string;
  date_created: string;
  date_modified: string;
}

export interface EntryView {
  id: number;
  docket: number;
  entry_number: number | null;
  recap_sequence_number: string;
  date_filed: string | null;
  date_created: string;
  date_modified: string;
  description: string;
  short_description: string;
  recap_documents: RecapDocumentView[];
}

export interface DocketView {
  id: number;
  court_id: string;
  docket_number: string;
  case_name: string;
  case_name_short: string;
  slug: string;
  date_created: string;
  date_modified: string;
  date_filed: string | null;
  date_terminated: string | null;
  date_last_filing: string | null;
  assigned_to_str: string;
  referred_to_str: string;
  pacer_case_id: string | null;
  nature_of_suit: string;
  cause: string;
}

export interface DocketAlertView {
  id: number;
  docket: number;
  /** 0 unsubscription, 1 subscription. */
  alert_type: 0 | 1;
  date_created: string;
  date_modified: string;
  date_last_hit: string | null;
  secret_key: string;
}

// ---- stored records ----

/** An instant kept both as a number (for comparisons) and as rendered (rendering costs an Intl call). */
interface Stamp {
  us: number;
  text: string;
}

const stamp = (us: number): Stamp => ({ us, text: formatPacificTimestamp(us) });

interface StoredDocument {
  id: number;
  entry: StoredEntry;
  document_number: string;
  attachment_number: number | null;
  description: string;
  is_available: boolean;
  is_sealed: boolean;
  filepath_local: string | null;
  filepath_ia: string;
  plain_text: string;
  page_count: number | null;
  created: Stamp;
  modified: Stamp;
}

interface StoredEntry {
  id: number;
  docket: StoredDocket;
  entry_number: number | null;
  recap_sequence_number: string;
  date_filed: string | null;
  description: string;
  short_description: string;
  documents: StoredDocument[];
  created: Stamp;
  modified: Stamp;
}

interface StoredDocket {
  id: number;
  court_id: string;
  docket_number: string;
  case_name: string;
  case_name_short: string;
  date_filed: string | null;
  date_terminated: string | null;
  date_last_filing: string | null;
  assigned_to_str: string;
  referred_to_str: string;
  pacer_case_id: string | null;
  nature_of_suit: string;
  cause: string;
  created: Stamp;
  modified: Stamp;
  /** Sorted by id. */
  entries: StoredEntry[];
  highestEntryNumber: number;
  filingsPerDate: Map<string, number>;
  /** Bumped on every change to an entry of this docket; keys the sorted-view cache. */
  version: number;
}

interface StoredAlert {
  id: number;
  owner: string;
  docket: number;
  alert_type: 0 | 1;
  date_last_hit: Stamp | null;
  secret_key: string;
  created: Stamp;
  modified: Stamp;
}

// ---- helpers ----

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isCalendarDate(s: string): boolean {
  if (!ISO_DATE.test(s)) return false;
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

function requireDate(value: string | null | undefined, what: string): string | null {
  if (value === null || value === undefined) return null;
  if (!isCalendarDate(value)) throw new Error(`${what} must be YYYY-MM-DD, got ${JSON.stringify(value)}`);
  return value;
}

/** Django's slugify, which CourtListener uses for the case-name part of absolute URLs. */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\w\s-]/g, '')
    .trim()
    .replace(/[-\s]+/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '')
    .slice(0, 75);
}

function binaryInsertById<T extends { id: number }>(rows: T[], row: T): void {
  const last = rows[rows.length - 1];
  if (!last || last.id < row.id) {
    rows.push(row);
    return;
  }
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rows[mid]!.id < row.id) lo = mid + 1;
    else hi = mid;
  }
  rows.splice(lo, 0, row);
}

function byKeyThenId<T extends { id: number }>(keyOf: (row: T) => number) {
  return (a: T, b: T) => {
    const ka = keyOf(a);
    const kb = keyOf(b);
    return ka !== kb ? (ka < kb ? -1 : 1) : a.id - b.id;
  };
}

/** Ascending with nulls last (PostgreSQL's default), ties by id. */
function nullableAscending<T extends { id: number }, V extends string | number>(valueOf: (row: T) => V | null) {
  return (a: T, b: T) => {
    const va = valueOf(a);
    const vb = valueOf(b);
    if (va !== vb) {
      if (va === null) return 1;
      if (vb === null) return -1;
      return va < vb ? -1 : 1;
    }
    return a.id - b.id;
  };
}

// ---- filters ----

type Comparison = 'exact' | 'gt' | 'gte' | 'lt' | 'lte';
const COMPARISONS: Record<string, Comparison> = { '': 'exact', __gt: 'gt', __gte: 'gte', __lt: 'lt', __lte: 'lte' };

function compareWith<V extends number | string>(op: Comparison, bound: V): (value: V | null) => boolean {
  switch (op) {
    case 'exact':
      return (v) => v === bound;
    case 'gt':
      return (v) => v !== null && v > bound;
    case 'gte':
      return (v) => v !== null && v >= bound;
    case 'lt':
      return (v) => v !== null && v < bound;
    case 'lte':
      return (v) => v !== null && v <= bound;
  }
}

/** Builds one predicate per present `<field>[__gt|__gte|__lt|__lte]` parameter. */
function rangeFilters<T>(
  params: URLSearchParams,
  field: string,
  kind: 'instant' | 'date' | 'integer',
  valueOf: (row: T) => number | string | null,
): Array<(row: T) => boolean> {
  const out: Array<(row: T) => boolean> = [];
  for (const [suffix, op] of Object.entries(COMPARISONS)) {
    const name = field + suffix;
    const raw = params.get(name);
    if (raw === null || raw === '') continue;
    let bound: number | string;
    if (kind === 'instant') {
      const parsed = parseInstant(raw);
      if (parsed === null) throw invalidParam(name, 'Enter a valid date/time.');
      bound = parsed;
    } else if (kind === 'date') {
      if (!isCalendarDate(raw.trim())) throw invalidParam(name, 'Enter a valid date.');
      bound = raw.trim();
    } else {
      if (!/^-?\d+$/.test(raw.trim())) throw invalidParam(name, 'Enter a number.');
      bound = Number(raw.trim());
    }
    const test = compareWith(op, bound);
    out.push((row) => test(valueOf(row)));
  }
  return out;
}

const allOf =
  <T>(predicates: Array<(row: T) => boolean>) =>
  (row: T): boolean => {
    for (const p of predicates) if (!p(row)) return false;
    return true;
  };

// ---- the store ----

export interface FakeDataOptions {
  clock?: () => Date;
}

export class FakeData {
  readonly clock: MonotonicClock;
  private readonly courts = new Map<string, CourtRecord>();
  private readonly dockets = new Map<number, StoredDocket>();
  private readonly entries = new Map<number, StoredEntry>();
  private readonly documents = new Map<number, StoredDocument>();
  private readonly alerts: StoredAlert[] = [];
  private nextDocketId = 1;
  // Entry, document and alert ids come from separate ranges, so a client mixing them up is caught.
  private nextEntryId = 10_000_001;
  private nextDocumentId = 50_000_001;
  private nextAlertId = 9_001;
  private globalVersion = 0;
  private readonly sortedCache = new Map<string, { version: number; rows: readonly StoredEntry[] }>();

  constructor(opts: FakeDataOptions = {}) {
    this.clock = new MonotonicClock(opts.clock ?? (() => new Date()));
    for (const court of builtInCourts()) this.courts.set(court.id, court);
  }

  // ---- courts ----

  addCourt(input: CourtInput): CourtRecord {
    const court = courtFromInput(input);
    this.courts.set(court.id, court);
    return { ...court };
  }

  getCourt(id: string): CourtRecord | undefined {
    const court = this.courts.get(id);
    return court ? { ...court } : undefined;
  }

  // ---- dockets ----

  addDocket(input: DocketInput): DocketView {
    const id = input.id ?? this.nextDocketId;
    if (!Number.isSafeInteger(id) || id <= 0) throw new Error(`docket id must be a positive integer, got ${id}`);
    if (this.dockets.has(id)) throw new Error(`docket ${id} already exists`);
    this.nextDocketId = Math.max(this.nextDocketId, id + 1);
    const now = stamp(this.clock.tick());
    const docket: StoredDocket = {
      id,
      court_id: input.court_id,
      docket_number: input.docket_number,
      case_name: input.case_name,
      case_name_short: input.case_name_short ?? '',
      date_filed: requireDate(input.date_filed, 'date_filed'),
      date_terminated: requireDate(input.date_terminated, 'date_terminated'),
      date_last_filing: requireDate(input.date_last_filing, 'date_last_filing'),
      assigned_to_str: input.assigned_to_str ?? '',
      referred_to_str: input.referred_to_str ?? '',
      pacer_case_id: input.pacer_case_id === undefined ? String(100_000 + id) : input.pacer_case_id,
      nature_of_suit: input.nature_of_suit ?? '',
      cause: input.cause ?? '',
      created: now,
      modified: now,
      entries: [],
      highestEntryNumber: 0,
      filingsPerDate: new Map(),
      version: 0,
    };
    this.dockets.set(id, docket);
    return this.docketView(docket);
  }

  hasDocket(id: number): boolean {
    return this.dockets.has(id);
  }

  getDocket(id: number): DocketView | undefined {
    const docket = this.dockets.get(id);
    return docket ? this.docketView(docket) : undefined;
  }

  /** Bumps only the docket's date_modified (CourtListener does this for party or metadata changes). */
  touchDocket(id: number): DocketView {
    const docket = this.requireDocket(id);
    docket.modified = stamp(this.clock.tick());
    return this.docketView(docket);
  }

  // ---- entries ----

  addEntry(docketId: number, input: EntryInput = {}): EntryView {
    const docket = this.requireDocket(docketId);
    const id = input.id ?? this.nextEntryId;
    if (!Number.isSafeInteger(id) || id <= 0) throw new Error(`entry id must be a positive integer, got ${id}`);
    if (this.entries.has(id)) throw new Error(`docket entry ${id} already exists`);
    this.nextEntryId = Math.max(this.nextEntryId, id + 1);

    const explicitModified = this.explicitInstant(input.date_modified, 'date_modified');
    const explicitCreated = this.explicitInstant(input.date_created, 'date_created');
    const now = stamp(this.clock.tick());
    const modified = explicitModified ?? now;
    const created = explicitCreated ?? (explicitModified && explicitModified.us < now.us ? explicitModified : now);

    const entryNumber = 'entry_number' in input ? (input.entry_number ?? null) : docket.highestEntryNumber + 1;
    const dateFiled = input.date_filed === undefined ? pacificDate(now.us) : requireDate(input.date_filed, 'date_filed');
    const entry: StoredEntry = {
      id,
      docket,
      entry_number: entryNumber,
      recap_sequence_number: input.recap_sequence_number ?? this.nextSequenceNumber(docket, dateFiled),
      date_filed: dateFiled,
      description: input.description ?? '',
      short_description: input.short_description ?? '',
      documents: [],
      created,
      modified,
    };
    const docInputs =
      input.recap_documents ??
      (entryNumber === null ? [] : [{ document_number: String(entryNumber), description: entry.short_description }]);
    entry.documents = docInputs.map((d) => this.newDocument(entry, d, now));

    if (entryNumber !== null) docket.highestEntryNumber = Math.max(docket.highestEntryNumber, entryNumber);
    this.entries.set(id, entry);
    binaryInsertById(docket.entries, entry);
    this.docketChanged(docket, now, dateFiled);
    return this.entryView(entry);
  }

  updateEntry(entryId: number, patch: EntryPatch): EntryView {
    const entry = this.requireEntry(entryId);
    const explicitModified = this.explicitInstant(patch.date_modified, 'date_modified');
    const now = stamp(this.clock.tick());
    if (patch.date_filed !== undefined) entry.date_filed = requireDate(patch.date_filed, 'date_filed');
    if (patch.entry_number !== undefined) {
      entry.entry_number = patch.entry_number;
      if (patch.entry_number !== null) {
        entry.docket.highestEntryNumber = Math.max(entry.docket.highestEntryNumber, patch.entry_number);
      }
    }
    if (patch.recap_sequence_number !== undefined) entry.recap_sequence_number = patch.recap_sequence_number;
    if (patch.description !== undefined) entry.description = patch.description;
    if (patch.short_description !== undefined) entry.short_description = patch.short_description;
    if (patch.recap_documents !== undefined) {
      for (const old of entry.documents) this.documents.delete(old.id);
      entry.documents = patch.recap_documents.map((d) => this.newDocument(entry, d, now));
    }
    entry.modified = explicitModified ?? now;
    this.docketChanged(entry.docket, now, entry.date_filed);
    return this.entryView(entry);
  }

  /**
   * Changes one RECAP document (an upload, an unsealing, OCR text). `touchEntry: false` leaves the
   * entry's and docket's date_modified alone, to model document-only changes that polling by entry
   * date_modified cannot see.
   */
  updateDocument(documentId: number, patch: RecapDocumentPatch, opts: { touchEntry?: boolean } = {}): EntryView {
    const doc = this.documents.get(documentId);
    if (!doc) throw new Error(`no RECAP document ${documentId}`);
    const now = stamp(this.clock.tick());
    const merged: RecapDocumentInput = { ...this.documentInputOf(doc), ...patch };
    // Fields never set explicitly follow availability (a newly uploaded PDF gets a path and a page).
    if (patch.filepath_local === undefined && doc.filepath_local === null) delete merged.filepath_local;
    if (patch.page_count === undefined && doc.page_count === null) delete merged.page_count;
    Object.assign(doc, this.documentFields(doc.entry, merged));
    doc.modified = now;
    if (opts.touchEntry ?? true) {
      doc.entry.modified = now;
      this.docketChanged(doc.entry.docket, now, doc.entry.date_filed);
    } else {
      this.markDirty(doc.entry.docket);
    }
    return this.entryView(doc.entry);
  }

  getEntry(id: number): EntryView | undefined {
    const entry = this.entries.get(id);
    return entry ? this.entryView(entry) : undefined;
  }

  getDocument(id: number): RecapDocumentView | undefined {
    const doc = this.documents.get(id);
    return doc ? this.documentView(doc) : undefined;
  }

  /** Entries of a docket in id order. */
  entriesOf(docketId: number): EntryView[] {
    return this.requireDocket(docketId).entries.map((e) => this.entryView(e));
  }

  listEntries(params: URLSearchParams, sizes: PageSizes): ListOutcome<EntryView> {
    let docket: StoredDocket | null = null;
    const rawDocket = params.get('docket');
    if (rawDocket !== null && rawDocket !== '') {
      const id = /^\d+$/.test(rawDocket.trim()) ? Number(rawDocket.trim()) : NaN;
      docket = this.dockets.get(id) ?? null;
      if (!docket) throw invalidParam('docket', 'Select a valid choice. That choice is not one of the available choices.');
    }
    const predicates = [
      ...rangeFilters<StoredEntry>(params, 'id', 'integer', (e) => e.id),
      ...rangeFilters<StoredEntry>(params, 'entry_number', 'integer', (e) => e.entry_number),
      ...rangeFilters<StoredEntry>(params, 'date_filed', 'date', (e) => e.date_filed),
      ...rangeFilters<StoredEntry>(params, 'date_created', 'instant', (e) => e.created.us),
      ...rangeFilters<StoredEntry>(params, 'date_modified', 'instant', (e) => e.modified.us),
    ];
    const documentPredicates = rangeFilters<StoredDocument>(
      params,
      'recap_documents__date_modified',
      'instant',
      (d) => d.modified.us,
    );
    if (documentPredicates.length > 0) {
      const docMatches = allOf(documentPredicates);
      predicates.push((e) => e.documents.some(docMatches));
    }

    const source: ListSource<StoredEntry> = {
      cursorKeys: {
        id: (e) => e.id,
        date_modified: (e) => e.modified.us,
        date_created: (e) => e.created.us,
      },
      pageComparators: {
        date_filed: nullableAscending((e) => e.date_filed),
        entry_number: nullableAscending((e) => e.entry_number),
        recap_sequence_number: nullableAscending((e) => e.recap_sequence_number || null),
      },
      defaultOrdering: '-id',
      sortedBy: (field) => this.sortedEntries(docket, field),
      all: () => (docket ? docket.entries : [...this.entries.values()]),
    };
    const outcome = runListQuery(source, params, allOf(predicates), sizes);
    if (outcome.kind === 'count') return outcome;
    return { ...outcome, items: outcome.items.map((e) => this.entryView(e)) };
  }

  // ---- docket alerts ----

  addDocketAlert(owner: string, input: { docket: number; alert_type?: 0 | 1 }): DocketAlertView {
    this.requireDocket(input.docket);
    if (this.alerts.some((a) => a.owner === owner && a.docket === input.docket)) {
      throw new Error(`an alert for docket ${input.docket} already exists`);
    }
    const now = stamp(this.clock.tick());
    const alert: StoredAlert = {
      id: this.nextAlertId++,
      owner,
      docket: input.docket,
      alert_type: input.alert_type ?? 1,
      date_last_hit: null,
      secret_key: randomBytes(20).toString('hex'),
      created: now,
      modified: now,
    };
    this.alerts.push(alert);
    return this.alertView(alert);
  }

  docketAlerts(owner?: string): DocketAlertView[] {
    return this.alerts.filter((a) => owner === undefined || a.owner === owner).map((a) => this.alertView(a));
  }

  getDocketAlert(owner: string, id: number): DocketAlertView {
    return this.alertView(this.requireAlert(owner, id));
  }

  listDocketAlerts(owner: string, params: URLSearchParams, sizes: PageSizes): ListOutcome<DocketAlertView> {
    const mine = this.alerts.filter((a) => a.owner === owner);
    const predicates = [
      ...rangeFilters<StoredAlert>(params, 'id', 'integer', (a) => a.id),
      ...rangeFilters<StoredAlert>(params, 'docket', 'integer', (a) => a.docket),
      ...rangeFilters<StoredAlert>(params, 'alert_type', 'integer', (a) => a.alert_type),
      ...rangeFilters<StoredAlert>(params, 'date_modified', 'instant', (a) => a.modified.us),
    ];
    const keys: Record<string, (a: StoredAlert) => number> = {
      id: (a) => a.id,
      date_created: (a) => a.created.us,
      date_modified: (a) => a.modified.us,
    };
    const source: ListSource<StoredAlert> = {
      cursorKeys: keys,
      pageComparators: {},
      defaultOrdering: '-date_created',
      sortedBy: (field) => [...mine].sort(byKeyThenId(keys[field]!)),
      all: () => mine,
    };
    const outcome = runListQuery(source, params, allOf(predicates), sizes);
    if (outcome.kind === 'count') return outcome;
    return { ...outcome, items: outcome.items.map((a) => this.alertView(a)) };
  }

  /** POST /docket-alerts/ with DRF-style validation errors. */
  createDocketAlert(owner: string, body: Record<string, unknown>): DocketAlertView {
    const docket = this.validAlertDocket(body.docket, true)!;
    const alertType = this.validAlertType(body.alert_type) ?? 1;
    if (this.alerts.some((a) => a.owner === owner && a.docket === docket)) {
      throw new ApiError(400, { non_field_errors: ['The fields docket, user must make a unique set.'] });
    }
    return this.addDocketAlert(owner, { docket, alert_type: alertType });
  }

  /** PATCH /docket-alerts/{id}/: alert_type (and, rarely, docket) may change. */
  patchDocketAlert(owner: string, id: number, body: Record<string, unknown>): DocketAlertView {
    const alert = this.requireAlert(owner, id);
    const docket = this.validAlertDocket(body.docket, false);
    const alertType = this.validAlertType(body.alert_type);
    if (docket !== null && this.alerts.some((a) => a !== alert && a.owner === owner && a.docket === docket)) {
      throw new ApiError(400, { non_field_errors: ['The fields docket, user must make a unique set.'] });
    }
    if (docket !== null) alert.docket = docket;
    if (alertType !== null) alert.alert_type = alertType;
    alert.modified = stamp(this.clock.tick());
    return this.alertView(alert);
  }

  deleteDocketAlert(owner: string, id: number): void {
    const alert = this.requireAlert(owner, id);
    this.alerts.splice(this.alerts.indexOf(alert), 1);
  }

  // ---- internals ----

  private requireDocket(id: number): StoredDocket {
    const docket = this.dockets.get(id);
    if (!docket) throw new Error(`no docket ${id}; add it with addDocket first`);
    return docket;
  }

  private requireEntry(id: number): StoredEntry {
    const entry = this.entries.get(id);
    if (!entry) throw new Error(`no docket entry ${id}`);
    return entry;
  }

  private requireAlert(owner: string, id: number): StoredAlert {
    const alert = this.alerts.find((a) => a.id === id && a.owner === owner);
    if (!alert) throw notFound('DocketAlert');
    return alert;
  }

  private validAlertDocket(raw: unknown, required: boolean): number | null {
    if (raw === undefined || raw === null || raw === '') {
      if (required) throw invalidParam('docket', 'This field is required.');
      return null;
    }
    const text = typeof raw === 'number' || typeof raw === 'string' ? String(raw).trim() : '';
    if (!/^\d+$/.test(text)) {
      const received = typeof raw === 'string' ? 'str' : Array.isArray(raw) ? 'list' : typeof raw;
      throw invalidParam('docket', `Incorrect type. Expected pk value, received ${received}.`);
    }
    const id = Number(text);
    if (!this.dockets.has(id)) throw invalidParam('docket', `Invalid pk "${id}" - object does not exist.`);
    return id;
  }

  private validAlertType(raw: unknown): 0 | 1 | null {
    if (raw === undefined) return null;
    const text = String(raw).trim();
    if (text === '0' || text === '1') return Number(text) as 0 | 1;
    throw invalidParam('alert_type', `"${String(raw)}" is not a valid choice.`);
  }

  private explicitInstant(value: string | undefined, what: string): Stamp | null {
    if (value === undefined) return null;
    const us = parseInstant(value);
    if (us === null) throw new Error(`${what} is not a timestamp: ${JSON.stringify(value)}`);
    this.clock.observe(us);
    return stamp(us);
  }

  private nextSequenceNumber(docket: StoredDocket, dateFiled: string | null): string {
    if (!dateFiled) return '';
    const n = (docket.filingsPerDate.get(dateFiled) ?? 0) + 1;
    docket.filingsPerDate.set(dateFiled, n);
    return `${dateFiled}.${String(n).padStart(3, '0')}`;
  }

  private documentFields(entry: StoredEntry, input: RecapDocumentInput) {
    const attachment = input.attachment_number ?? null;
    const documentNumber = input.document_number ?? (entry.entry_number === null ? '' : String(entry.entry_number));
    const available = input.is_available ?? false;
    const court = entry.docket.court_id;
    const caseId = entry.docket.pacer_case_id ?? String(entry.docket.id);
    const defaultPath = `recap/gov.uscourts.${court}.${caseId}/gov.uscourts.${court}.${caseId}.${documentNumber}.${attachment ?? 0}.pdf`;
    return {
      document_number: String(documentNumber),
      attachment_number: attachment,
      description: input.description ?? '',
      is_available: available,
      is_sealed: input.is_sealed ?? false,
      filepath_local: input.filepath_local !== undefined ? input.filepath_local : available ? defaultPath : null,
      filepath_ia: input.filepath_ia ?? '',
      plain_text: input.plain_text ?? '',
      page_count: input.page_count !== undefined ? input.page_count : available ? 1 : null,
    };
  }

  private documentInputOf(doc: StoredDocument): RecapDocumentInput {
    return {
      document_number: doc.document_number,
      attachment_number: doc.attachment_number,
      description: doc.description,
      is_available: doc.is_available,
      is_sealed: doc.is_sealed,
      filepath_local: doc.filepath_local,
      filepath_ia: doc.filepath_ia,
      plain_text: doc.plain_text,
      page_count: doc.page_count,
    };
  }

  private newDocument(entry: StoredEntry, input: RecapDocumentInput, now: Stamp): StoredDocument {
    const id = input.id ?? this.nextDocumentId;
    if (this.documents.has(id)) throw new Error(`RECAP document ${id} already exists`);
    this.nextDocumentId = Math.max(this.nextDocumentId, id + 1);
    const doc: StoredDocument = { id, entry, ...this.documentFields(entry, input), created: now, modified: now };
    this.documents.set(id, doc);
    return doc;
  }

  private docketChanged(docket: StoredDocket, now: Stamp, dateFiled: string | null): void {
    docket.modified = now;
    if (dateFiled && (!docket.date_last_filing || dateFiled > docket.date_last_filing)) {
      docket.date_last_filing = dateFiled;
    }
    this.markDirty(docket);
  }

  private markDirty(docket: StoredDocket): void {
    docket.version++;
    this.globalVersion++;
  }

  /** Entries sorted ascending by (field, id), cached until the docket (or any docket) changes. */
  private sortedEntries(docket: StoredDocket | null, field: string): readonly StoredEntry[] {
    if (field === 'id' && docket) return docket.entries;
    const cacheKey = `${docket ? docket.id : '*'}:${field}`;
    const version = docket ? docket.version : this.globalVersion;
    const cached = this.sortedCache.get(cacheKey);
    if (cached && cached.version === version) return cached.rows;
    const keyOf =
      field === 'date_modified'
        ? (e: StoredEntry) => e.modified.us
        : field === 'date_created'
          ? (e: StoredEntry) => e.created.us
          : (e: StoredEntry) => e.id;
    const rows = [...(docket ? docket.entries : this.entries.values())].sort(byKeyThenId(keyOf));
    this.sortedCache.set(cacheKey, { version, rows });
    return rows;
  }

  private docketView(d: StoredDocket): DocketView {
    return {
      id: d.id,
      court_id: d.court_id,
      docket_number: d.docket_number,
      case_name: d.case_name,
      case_name_short: d.case_name_short,
      slug: slugify(d.case_name),
      date_created: d.created.text,
      date_modified: d.modified.text,
      date_filed: d.date_filed,
      date_terminated: d.date_terminated,
      date_last_filing: d.date_last_filing,
      assigned_to_str: d.assigned_to_str,
      referred_to_str: d.referred_to_str,
      pacer_case_id: d.pacer_case_id,
      nature_of_suit: d.nature_of_suit,
      cause: d.cause,
    };
  }

  private entryView(e: StoredEntry): EntryView {
    return {
      id: e.id,
      docket: e.docket.id,
      entry_number: e.entry_number,
      recap_sequence_number: e.recap_sequence_number,
      date_filed: e.date_filed,
      date_created: e.created.text,
      date_modified: e.modified.text,
      description: e.description,
      short_description: e.short_description,
      recap_documents: e.documents.map((d) => this.documentView(d)),
    };
  }

  private documentView(d: StoredDocument): RecapDocumentView {
    return {
      id: d.id,
      docket_entry: d.entry.id,
      document_number: d.document_number,
      attachment_number: d.attachment_number,
      document_type: d.attachment_number === null ? 1 : 2,
      description: d.description,
      is_available: d.is_available,
      is_sealed: d.is_sealed,
      filepath_local: d.filepath_local,
      filepath_ia: d.filepath_ia,
      plain_text: d.plain_text,
      page_count: d.page_count,
      pacer_doc_id: '',
      date_created: d.created.text,
      date_modified: d.modified.text,
    };
  }

  private alertView(a: StoredAlert): DocketAlertView {
    return {
      id: a.id,
      docket: a.docket,
      alert_type: a.alert_type,
      date_created: a.created.text,
      date_modified: a.modified.text,
      date_last_hit: a.date_last_hit?.text ?? null,
      secret_key: a.secret_key,
    };
  }
}
