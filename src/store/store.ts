import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import { deadlineChange, hearingChange, type RowEvent } from '../notify/events.js';
import { LATEST_SCHEMA_VERSION, migrate, storedSchemaVersion } from './migrations.js';
import { explainStoreError } from './open-errors.js';
import { KnownRowsCache, type KnownLists } from './known-cache.js';
import type {
  CompactDocument,
  CourtRow,
  DeadlineRow,
  DocketRow,
  EntryRow,
  HearingRow,
  InboxRow,
  InboxStats,
  InboxStatus,
  PendingRenders,
  PushStateRow,
  SummaryRow,
  NotifyDeliveryRow,
  NotifyEndpointState,
  NotifyEventRow,
} from './types.js';

type Row = Record<string, unknown>;

/** How long a connection waits for another's write lock before SQLite gives up with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;
/**
 * SQLite's page cache per connection, in KiB (its default is 2,000). Pages it drops are read back
 * from the OS's file cache for a system call each; a backfill ran as fast with a quarter of the
 * default, and its peak memory was 1–3 MB lower.
 */
const PAGE_CACHE_KIB = 512;

function connect(file: string, o: { readonly: boolean; mustExist: boolean; synchronous: 'NORMAL' | 'FULL' }): Database.Database {
  const db = new Database(file, { readonly: o.readonly, fileMustExist: o.mustExist });
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    if (!o.readonly) db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${o.synchronous}`);
    db.pragma('foreign_keys = ON');
    db.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
    storedSchemaVersion(db); // reads the header: "not a database" surfaces here, not later
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

function cannotShareReadOnly(err: unknown): boolean {
  const code = String((err as { code?: unknown } | null)?.code ?? '');
  return code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN');
}

/** An in-memory copy of a store file; its header is marked rollback-journal, as memory cannot do WAL. */
function snapshotOf(file: string): Database.Database {
  const bytes = readFileSync(file);
  if (bytes.length >= 20) {
    bytes[18] = 1;
    bytes[19] = 1;
  }
  const db = new Database(bytes);
  db.pragma('foreign_keys = ON');
  return db;
}

/** Store files this process opened, so a storage error surfacing anywhere can name its file. */
const openedStoreFiles = new Set<string>();
export function openedStores(): string[] {
  return [...openedStoreFiles];
}

// Entries without a number sort after numbered ones of the same day.
const NO_NUMBER = 2_147_483_647;
/**
 * Docket order, the order a case's entries are folded in: filing date, docket, CourtListener's
 * sequence within the day, entry number, id. Undated entries come last.
 */
const DOCKET_ORDER = `COALESCE(date_filed, '9999-12-31'), docket_id, COALESCE(recap_sequence, ''), COALESCE(entry_number, ${NO_NUMBER}), entry_id`;

/** An entry as a calendar event names it: its number and documents, without its texts. */
export interface RenderEntryRef {
  entryId: number;
  docketId: number;
  entryNumber: number | null;
  documents: CompactDocument[];
}

export interface EntryPosition {
  dateFiled: string | null;
  docketId: number;
  recapSequence: string | null;
  entryNumber: number | null;
  entryId: number;
}

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function parseIds(v: unknown): number[] {
  try {
    const parsed: unknown = JSON.parse(String(v ?? '[]'));
    return Array.isArray(parsed) ? parsed.filter((x): x is number => Number.isInteger(x)) : [];
  } catch {
    return [];
  }
}

function toHearing(r: Row): HearingRow {
  return {
    caseId: String(r.case_id),
    key: String(r.hearing_key),
    title: String(r.title),
    hearingType: str(r.hearing_type) as HearingRow['hearingType'],
    localDate: str(r.local_date),
    localTime: str(r.local_time),
    startsAtUtc: str(r.starts_at_utc),
    durationMinutes: num(r.duration_minutes),
    timezone: String(r.timezone),
    location: str(r.location),
    judge: str(r.judge),
    dialIn: str(r.dial_in),
    notes: str(r.notes),
    auditNotes: str(r.audit_notes),
    status: String(r.status) as HearingRow['status'],
    significance: str(r.significance) as HearingRow['significance'],
    docketId: num(r.docket_id),
    sourceEntryIds: parseIds(r.source_entry_ids),
    sequence: Number(r.sequence),
    lastUpdated: String(r.last_updated),
  };
}

function toDeadline(r: Row): DeadlineRow {
  return {
    caseId: String(r.case_id),
    key: String(r.deadline_key),
    title: String(r.title),
    deadlineType: str(r.deadline_type) as DeadlineRow['deadlineType'],
    localDate: str(r.local_date),
    localTime: str(r.local_time),
    dueAtUtc: str(r.due_at_utc),
    timezone: String(r.timezone),
    notes: str(r.notes),
    auditNotes: str(r.audit_notes),
    status: String(r.status) as DeadlineRow['status'],
    significance: str(r.significance) as DeadlineRow['significance'],
    conditional: Number(r.conditional) === 1,
    docketId: num(r.docket_id),
    sourceEntryIds: parseIds(r.source_entry_ids),
    sequence: Number(r.sequence),
    lastUpdated: String(r.last_updated),
  };
}

function docketFromRow(r: Row): DocketRow {
  return {
    docketId: Number(r.docket_id),
    courtId: str(r.court_id),
    docketNumber: str(r.docket_number),
    caseName: str(r.case_name),
    absoluteUrl: str(r.absolute_url),
    dateModified: str(r.date_modified),
    entriesCutoff: str(r.entries_cutoff),
    dateLastFiling: str(r.date_last_filing),
    lastSyncedAt: str(r.last_synced_at),
  };
}

function toNotifyEvent(r: Row): NotifyEventRow {
  return {
    id: Number(r.id),
    caseId: String(r.case_id),
    type: String(r.type),
    subject: String(r.subject),
    before: r.before_json === null ? null : (JSON.parse(String(r.before_json)) as unknown),
    after: JSON.parse(String(r.after_json)) as unknown,
    occurredAt: String(r.occurred_at),
  };
}

function parseDocuments(raw: unknown): CompactDocument[] {
  try {
    return JSON.parse(String(raw ?? '[]')) as CompactDocument[];
  } catch {
    return [];
  }
}

function toEntry(r: Row): EntryRow {
  const documents = parseDocuments(r.recap_documents);
  return {
    docketId: Number(r.docket_id),
    entryId: Number(r.entry_id),
    entryNumber: num(r.entry_number),
    dateFiled: str(r.date_filed),
    dateModified: String(r.date_modified),
    fingerprint: String(r.fingerprint),
    description: str(r.description),
    shortDescription: str(r.short_description),
    documents,
    relevant: Number(r.relevant) === 1,
    processedAt: String(r.processed_at),
    recapSequence: str(r.recap_sequence),
    extractDigest: str(r.extract_digest),
    actions: str(r.actions),
    knownDigest: str(r.known_digest),
    unreadReason: str(r.unread_reason),
  };
}

export interface DocketMeta {
  docketId: number;
  courtId: string | null;
  docketNumber: string | null;
  caseName: string | null;
  absoluteUrl: string | null;
  dateLastFiling: string | null;
}

function toInbox(r: Row): InboxRow {
  return {
    id: Number(r.id),
    idempotencyKey: String(r.idempotency_key),
    keySource: String(r.key_source) as InboxRow['keySource'],
    eventType: num(r.event_type),
    body: String(r.body),
    receivedAt: String(r.received_at),
    status: String(r.status) as InboxStatus,
    attempts: Number(r.attempts),
    nextAttemptAt: str(r.next_attempt_at),
    lastError: str(r.last_error),
    processedAt: str(r.processed_at),
    result: str(r.result),
  };
}

type KnownHearingKeys = 'key' | 'title' | 'hearingType' | 'status' | 'localDate' | 'localTime' | 'docketId';
export type KnownHearingRow = Pick<HearingRow, KnownHearingKeys>;
type KnownDeadlineKeys = 'key' | 'title' | 'deadlineType' | 'status' | 'localDate' | 'docketId';
export type KnownDeadlineRow = Pick<DeadlineRow, KnownDeadlineKeys>;

/** The known-row view of a row, placed where the store's order puts it. Frozen: readers memoise per object. */
function knownHearing(h: Pick<HearingRow, KnownHearingKeys | 'startsAtUtc'>) {
  const row: KnownHearingRow = Object.freeze({ key: h.key, title: h.title, hearingType: h.hearingType, status: h.status, localDate: h.localDate, localTime: h.localTime, docketId: h.docketId });
  return { at: h.startsAtUtc, key: h.key, row };
}

function knownDeadline(d: Pick<DeadlineRow, KnownDeadlineKeys | 'dueAtUtc'>) {
  const row: KnownDeadlineRow = Object.freeze({ key: d.key, title: d.title, deadlineType: d.deadlineType, status: d.status, localDate: d.localDate, docketId: d.docketId });
  return { at: d.dueAtUtc, key: d.key, row };
}

export interface OrphanReport {
  docket: DocketRow | null;
  docketId: number;
  entries: number;
  hearings: number;
  deadlines: number;
}

/**
 * The SQLite store shared by `sync`, `serve` and every other command. WAL lets one writer and many
 * readers work at once across processes; writes happen in short IMMEDIATE transactions, never held
 * across a network call.
 */
export class Store {
  readonly db: Database.Database;
  private readonly stmts = new Map<string, Database.Statement>();
  // Known rows are read once per relevant entry: kept in memory, updated by this store's own
  // writes, dropped when another process commits or a transaction rolls back.
  private readonly known = new KnownRowsCache<KnownHearingRow, KnownDeadlineRow>();

  private constructor(
    db: Database.Database,
    readonly file: string,
    private readonly clock: () => Date,
  ) {
    this.db = db;
    // One wrapper for every transaction: db.transaction(fn) builds four wrapped functions per call.
    this.runTransaction = db.transaction((fn: () => unknown) => fn());
  }

  private readonly runTransaction: Database.Transaction<(fn: () => unknown) => unknown>;

  /**
   * `synchronous`: NORMAL (default) is safe in WAL mode against process crashes — a commit is never
   * torn — but the last commits can roll back on power loss; polling re-fetches them next run.
   * FULL fsyncs every commit, for writes nothing else can replay (an acknowledged webhook).
   * `mustExist` (and `readonly`, which implies it): never create a store; a mistyped store_path
   * must fail loudly, not yield an empty store whose calendars would then be published empty.
   */
  static open(file: string, opts: { clock?: () => Date; readonly?: boolean; mustExist?: boolean; synchronous?: 'NORMAL' | 'FULL' } = {}): Store {
    const clock = opts.clock ?? (() => new Date());
    const memory = file === ':memory:';
    const abs = memory ? file : path.resolve(file);
    const mustExist = Boolean(opts.mustExist || opts.readonly);
    if (!memory && mustExist && !existsSync(abs)) {
      throw new UserError(`no store at ${abs} (store_path): run \`case-calendar sync\` first to create it, or fix store_path (relative paths are resolved against the config file's folder)`);
    }
    if (!memory && !mustExist) {
      try {
        mkdirSync(path.dirname(abs), { recursive: true });
      } catch (err) {
        throw explainStoreError(abs, err);
      }
    }
    let db: Database.Database | null = null;
    let snapshot = false;
    try {
      db = connect(file, { readonly: opts.readonly ?? false, mustExist, synchronous: opts.synchronous ?? 'NORMAL' });
    } catch (err) {
      // A reader without write access to the folder cannot share a WAL store (SQLite needs the -shm
      // file); when no -wal holds unmerged commits, the main file alone is the whole store: read a copy.
      if (!opts.readonly || !cannotShareReadOnly(err) || existsSync(`${abs}-wal`)) throw explainStoreError(abs, err);
      try {
        db = snapshotOf(abs);
        snapshot = true;
      } catch (copyErr) {
        throw explainStoreError(abs, copyErr);
      }
    }
    try {
      const found = storedSchemaVersion(db);
      if (found > LATEST_SCHEMA_VERSION) {
        throw new UserError(
          `store ${abs} has schema version ${found}, but this case-calendar knows versions up to ${LATEST_SCHEMA_VERSION}: it was written by a newer case-calendar. Upgrade case-calendar, or point store_path at another store`,
        );
      }
      if (opts.readonly && !snapshot && found < LATEST_SCHEMA_VERSION) {
        // A read-only connection cannot migrate: bring the file up to date once, then read it.
        db.close();
        Store.open(file, { mustExist: true }).close();
        return Store.open(file, opts);
      }
    } catch (err) {
      if (db.open) db.close();
      if (err instanceof UserError) throw err;
      throw explainStoreError(abs, err);
    }
    const store = new Store(db, abs, clock);
    if (!opts.readonly || snapshot) {
      try {
        migrate(db, () => store.now()); // on a snapshot, only the private in-memory copy changes
      } catch (err) {
        db.close();
        throw explainStoreError(abs, err);
      }
    }
    if (!memory) openedStoreFiles.add(abs);
    return store;
  }

  /**
   * Whether this connection's commits copy the WAL back into the database when it has grown
   * (SQLite's automatic checkpoint, inside COMMIT: a fsync or more). serve's receiver turns it off
   * so an acknowledgement never waits for one; its worker thread's connection keeps checkpointing.
   */
  setAutoCheckpoint(on: boolean): void {
    this.db.pragma(`wal_autocheckpoint = ${on ? 1000 : 0}`);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  now(): string {
    return this.clock().toISOString();
  }

  private stmt(sql: string): Database.Statement {
    let s = this.stmts.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.stmts.set(sql, s);
    }
    return s;
  }

  /** Runs fn in a BEGIN IMMEDIATE transaction (read-modify-write safe against the other process). */
  transaction<T>(fn: () => T): T {
    try {
      return this.runTransaction.immediate(fn) as T;
    } catch (err) {
      this.known.clear(); // rolled back: the cache may hold writes that never happened
      this.seenDataVersion = -1;
      throw err;
    }
  }

  /** Moves when another connection commits (SQLite's data_version); our own commits leave it. */
  private dataVersion(): number {
    return Number(this.stmt('PRAGMA data_version').pluck().get());
  }

  /** Moves with every hearing or deadline write, by any connection (migration 10's triggers). */
  private rowVersion(): number {
    return Number(this.stmt('SELECT version FROM row_version WHERE id = 1').pluck().get());
  }

  /** data_version and row_version when the known-rows cache was last known to match the file. */
  private seenDataVersion = -1;
  private seenRowVersion = -1;

  /**
   * Drops the known-rows cache if another connection changed hearings or deadlines since it was
   * last checked. Another connection's commit is seen through data_version (one pragma); only then
   * is row_version read, so a commit that touched no row (an inbox delivery, an entry record)
   * keeps the cache.
   */
  private checkKnown(): void {
    const dataVersion = this.dataVersion();
    if (dataVersion === this.seenDataVersion) return;
    const rowVersion = this.rowVersion();
    if (rowVersion !== this.seenRowVersion) this.known.clear();
    this.seenDataVersion = dataVersion;
    this.seenRowVersion = rowVersion;
  }

  /**
   * After a row write of our own that the cache applied: our own trigger moved row_version. Inside
   * a write transaction nobody else can have written since checkKnown, so the new value is ours;
   * outside one, be safe and drop the cache.
   */
  private ownRowWrite(): void {
    if (this.db.inTransaction) {
      this.seenRowVersion = this.rowVersion();
    } else {
      this.known.clear();
      this.seenDataVersion = -1;
    }
  }

  schemaVersion(): number {
    const r = this.stmt('SELECT MAX(version) AS v FROM schema_migrations').get() as Row;
    return Number(r.v ?? 0);
  }

  // ---- dockets ------------------------------------------------------------------------------

  getDocket(docketId: number): DocketRow | null {
    const r = this.stmt('SELECT * FROM dockets WHERE docket_id = ?').get(docketId) as Row | undefined;
    return r ? docketFromRow(r) : null;
  }

  listDockets(): DocketRow[] {
    return (this.stmt('SELECT * FROM dockets ORDER BY docket_id').all() as Row[]).map(docketFromRow);
  }

  /** Overwrites metadata; the last filing date only moves forward. Cutoffs are untouched. */
  upsertDocketMeta(m: DocketMeta): void {
    this.stmt(
      `INSERT INTO dockets (docket_id, court_id, docket_number, case_name, absolute_url, date_last_filing, first_seen_at)
       VALUES (@docketId, @courtId, @docketNumber, @caseName, @absoluteUrl, @dateLastFiling, @now)
       ON CONFLICT (docket_id) DO UPDATE SET
         court_id = COALESCE(excluded.court_id, court_id),
         docket_number = COALESCE(excluded.docket_number, docket_number),
         case_name = COALESCE(excluded.case_name, case_name),
         absolute_url = COALESCE(excluded.absolute_url, absolute_url),
         date_last_filing = CASE
           WHEN excluded.date_last_filing IS NOT NULL
            AND (date_last_filing IS NULL OR excluded.date_last_filing > date_last_filing)
           THEN excluded.date_last_filing ELSE date_last_filing END`,
    ).run({ ...m, now: this.now() });
  }

  /** Tier-2 watermark: forward-only, UTC instants compare as fixed-width strings. */
  advanceEntriesCutoff(docketId: number, cutoff: string): void {
    this.stmt(
      `UPDATE dockets SET entries_cutoff = @cutoff
       WHERE docket_id = @docketId AND (entries_cutoff IS NULL OR entries_cutoff < @cutoff)`,
    ).run({ cutoff, docketId });
  }

  /** Tier-1 cutoff, set after a clean walk of the docket's entries. */
  completeDocketPoll(docketId: number, docketDateModified: string | null): void {
    this.stmt('UPDATE dockets SET date_modified = COALESCE(?, date_modified), last_synced_at = ? WHERE docket_id = ?').run(
      docketDateModified,
      this.now(),
      docketId,
    );
  }

  markDocketChecked(docketId: number): void {
    this.stmt('UPDATE dockets SET last_synced_at = ? WHERE docket_id = ?').run(this.now(), docketId);
  }

  // ---- courts -------------------------------------------------------------------------------

  getCourt(courtId: string): CourtRow | null {
    const r = this.stmt('SELECT * FROM courts WHERE court_id = ?').get(courtId) as Row | undefined;
    return r
      ? { courtId: String(r.court_id), citationString: str(r.citation_string), shortName: str(r.short_name), fullName: str(r.full_name) }
      : null;
  }

  upsertCourt(c: CourtRow): void {
    this.stmt(
      `INSERT INTO courts (court_id, citation_string, short_name, full_name, fetched_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (court_id) DO UPDATE SET citation_string = excluded.citation_string,
         short_name = excluded.short_name, full_name = excluded.full_name, fetched_at = excluded.fetched_at`,
    ).run(c.courtId, c.citationString, c.shortName, c.fullName, this.now());
  }

  // ---- entries ------------------------------------------------------------------------------

  getEntryFingerprint(docketId: number, entryId: number): string | null {
    const r = this.stmt('SELECT fingerprint FROM entries WHERE docket_id = ? AND entry_id = ?').get(docketId, entryId) as
      | Row
      | undefined;
    return r ? String(r.fingerprint) : null;
  }

  getEntry(docketId: number, entryId: number): EntryRow | null {
    const r = this.stmt('SELECT * FROM entries WHERE docket_id = ? AND entry_id = ?').get(docketId, entryId) as Row | undefined;
    return r ? toEntry(r) : null;
  }

  upsertEntry(e: EntryRow): void {
    this.stmt(
      `INSERT INTO entries (docket_id, entry_id, entry_number, date_filed, date_modified, fingerprint, description,
                            short_description, recap_documents, relevant, processed_at, recap_sequence, extract_digest, actions, known_digest,
                            unread_reason)
       VALUES (@docketId, @entryId, @entryNumber, @dateFiled, @dateModified, @fingerprint, @description,
               @shortDescription, @documents, @relevant, @processedAt, @recapSequence, @extractDigest, @actions, @knownDigest,
               @unreadReason)
       ON CONFLICT (docket_id, entry_id) DO UPDATE SET
         entry_number = COALESCE(excluded.entry_number, entry_number),
         date_filed = COALESCE(excluded.date_filed, date_filed),
         date_modified = excluded.date_modified, fingerprint = excluded.fingerprint,
         description = excluded.description, short_description = excluded.short_description,
         recap_documents = excluded.recap_documents, relevant = excluded.relevant,
         processed_at = excluded.processed_at, recap_sequence = COALESCE(excluded.recap_sequence, recap_sequence),
         extract_digest = excluded.extract_digest,
         actions = excluded.actions, known_digest = excluded.known_digest, unread_reason = excluded.unread_reason`,
    ).run({
      ...e,
      documents: JSON.stringify(e.documents),
      relevant: e.relevant ? 1 : 0,
      recapSequence: e.recapSequence ?? null,
      extractDigest: e.extractDigest ?? null,
      actions: e.actions ?? null,
      knownDigest: e.knownDigest ?? null,
      unreadReason: e.unreadReason ?? null,
    });
  }

  /** Entries of some dockets kept as unread, newest first. */
  listUnread(docketIds: number[]): EntryRow[] {
    if (docketIds.length === 0) return [];
    return (
      this.stmt(
        `SELECT * FROM entries WHERE docket_id IN (${docketIds.map(() => '?').join(',')}) AND unread_reason IS NOT NULL
         ORDER BY date_filed DESC, entry_number DESC, entry_id DESC`,
      ).all(...docketIds) as Row[]
    ).map(toEntry);
  }

  countUnread(): number {
    return Number((this.stmt('SELECT COUNT(*) AS n FROM entries WHERE unread_reason IS NOT NULL').get() as Row).n);
  }

  /** What the fast path needs to decide whether an entry must be read again, and what it recorded. */
  getEntryState(docketId: number, entryId: number): Pick<EntryRow, 'fingerprint' | 'extractDigest' | 'actions' | 'knownDigest' | 'unreadReason'> | null {
    const r = this.stmt('SELECT fingerprint, extract_digest, actions, known_digest, unread_reason FROM entries WHERE docket_id = ? AND entry_id = ?').get(docketId, entryId) as
      | Row
      | undefined;
    return r
      ? { fingerprint: String(r.fingerprint), extractDigest: str(r.extract_digest), actions: str(r.actions), knownDigest: str(r.known_digest), unreadReason: str(r.unread_reason) }
      : null;
  }

  // ---- the fold: a case's rows from its entries in docket order -------------------------------

  /**
   * Whether an entry with effect sits after `position` in docket order among these dockets: then an
   * entry at `position` arrived late, and applying it on top would not give what reading the docket
   * in order gives.
   */
  hasLaterEffectiveEntry(docketIds: number[], position: EntryPosition): boolean {
    if (docketIds.length === 0) return false;
    const ids = docketIds.map(() => '?').join(',');
    const after = `(${DOCKET_ORDER}) > (?, ?, ?, ?, ?)`;
    const date = position.dateFiled ?? '9999-12-31';
    const order = [date, position.docketId, position.recapSequence ?? '', position.entryNumber ?? NO_NUMBER, position.entryId];
    // Two searches, not `(date_filed >= ? OR date_filed IS NULL)`: with the OR, SQLite walks every
    // effective entry of the docket, which made a backfill quadratic; apart, each is a range seek.
    const r = this.stmt(
        `SELECT 1 FROM entries WHERE docket_id IN (${ids}) AND actions IS NOT NULL AND actions <> '[]' AND date_filed >= ? AND ${after}
         UNION ALL
         SELECT 1 FROM entries WHERE docket_id IN (${ids}) AND actions IS NOT NULL AND actions <> '[]' AND date_filed IS NULL AND ${after}
         LIMIT 1`,
      )
      .get(...docketIds, date, ...order, ...docketIds, ...order);
    return r !== undefined;
  }

  /** The relevant entries of some dockets in docket order: the fold's input. */
  foldEntries(docketIds: number[]): EntryRow[] {
    if (docketIds.length === 0) return [];
    return (
      this.stmt(
          `SELECT * FROM entries WHERE docket_id IN (${docketIds.map(() => '?').join(',')}) AND relevant = 1
           ORDER BY ${DOCKET_ORDER}`,
        )
        .all(...docketIds) as Row[]
    ).map(toEntry);
  }

  setEntryFold(docketId: number, entryId: number, actions: string, knownDigest: string, unreadReason: string | null): void {
    this.stmt('UPDATE entries SET actions = ?, known_digest = ?, unread_reason = ? WHERE docket_id = ? AND entry_id = ?').run(actions, knownDigest, unreadReason, docketId, entryId);
  }

  requestRefold(caseId: string): void {
    this.stmt('INSERT INTO refold_pending (case_id, requested_at) VALUES (?, ?) ON CONFLICT (case_id) DO NOTHING').run(caseId, this.now());
  }

  refoldRequestedAt(caseId: string): string | null {
    const r = this.stmt('SELECT requested_at FROM refold_pending WHERE case_id = ?').get(caseId) as Row | undefined;
    return r ? String(r.requested_at) : null;
  }

  casesAwaitingRefold(): string[] {
    return (this.stmt('SELECT case_id FROM refold_pending ORDER BY case_id').all() as Row[]).map((r) => String(r.case_id));
  }

  clearRefold(caseId: string, requestedAt: string): void {
    this.stmt('DELETE FROM refold_pending WHERE case_id = ? AND requested_at = ?').run(caseId, requestedAt);
  }

  // ---- pending renders ------------------------------------------------------------------------

  pendingRenders(): PendingRenders {
    const rows = this.stmt('SELECT id, case_id, docket_id FROM render_pending ORDER BY id').all() as Row[];
    const out: PendingRenders = { upToId: 0, all: false, caseIds: new Set(), docketIds: new Set() };
    for (const r of rows) {
      out.upToId = Number(r.id);
      if (r.case_id !== null) out.caseIds.add(String(r.case_id));
      else if (r.docket_id !== null) out.docketIds.add(Number(r.docket_id));
      else out.all = true;
    }
    return out;
  }

  /**
   * Forgets pending work, up to the row read before rendering, for what was just written out:
   * the given cases and dockets, and the everything-rows when `all`. Later rows stay.
   */
  clearPendingRenders(upToId: number, caseIds: Iterable<string>, docketIds: Iterable<number>, all: boolean): void {
    const cases = [...caseIds];
    const dockets = [...docketIds];
    if (cases.length > 0) {
      this.db.prepare(`DELETE FROM render_pending WHERE id <= ? AND case_id IN (${cases.map(() => '?').join(',')})`).run(upToId, ...cases);
    }
    if (dockets.length > 0) {
      this.db.prepare(`DELETE FROM render_pending WHERE id <= ? AND docket_id IN (${dockets.map(() => '?').join(',')})`).run(upToId, ...dockets);
    }
    if (all) this.stmt('DELETE FROM render_pending WHERE id <= ? AND case_id IS NULL AND docket_id IS NULL').run(upToId);
  }

  /** Pending rows of cases and dockets no calendar shows any more (removed from the config). */
  dropPendingRendersExcept(caseIds: Iterable<string>, docketIds: Iterable<number>): void {
    const cases = [...caseIds];
    const dockets = [...docketIds];
    this.db
      .prepare(
        `DELETE FROM render_pending WHERE (case_id IS NOT NULL AND case_id NOT IN (${cases.map(() => '?').join(',') || "''"}))
           OR (docket_id IS NOT NULL AND docket_id NOT IN (${dockets.map(() => '?').join(',') || '-1'}))`,
      )
      .run(...cases, ...dockets);
  }

  /** Runs fn in a plain read transaction: one consistent snapshot across several reads. */
  snapshot<T>(fn: () => T): T {
    return this.db.transaction(fn).deferred();
  }

  /** Whether a docket was ever read (polled to the end, walked part way, or sent entries by webhook). */
  docketWasRead(docketId: number): boolean {
    const r = this.stmt(
      `SELECT 1 FROM dockets WHERE docket_id = ? AND (last_synced_at IS NOT NULL OR entries_cutoff IS NOT NULL)
       UNION ALL SELECT 1 FROM entries WHERE docket_id = ? LIMIT 1`,
    ).get(docketId, docketId);
    return r !== undefined;
  }

  /** Hearing and deadline rows of some cases (any status). */
  countRows(caseIds: string[]): number {
    if (caseIds.length === 0) return 0;
    const marks = caseIds.map(() => '?').join(',');
    const r = this.db
      .prepare(`SELECT (SELECT COUNT(*) FROM hearings WHERE case_id IN (${marks})) + (SELECT COUNT(*) FROM deadlines WHERE case_id IN (${marks})) AS n`)
      .get(...caseIds, ...caseIds) as Row;
    return Number(r.n);
  }

  /** `columns` of the entries with these ids, in queries of at most 500 ids (SQLite's bound-parameter limit). */
  private entryColumnsByIds(columns: string, entryIds: number[]): Row[] {
    const out: Row[] = [];
    for (let i = 0; i < entryIds.length; i += 500) {
      const chunk = entryIds.slice(i, i + 500);
      for (const r of this.db.prepare(`SELECT ${columns} FROM entries WHERE entry_id IN (${chunk.map(() => '?').join(',')})`).all(...chunk) as Row[]) out.push(r);
    }
    return out;
  }

  /** What a calendar shows of its events' source entries: number and documents, not their texts. */
  getEntryRefsByIds(entryIds: number[]): RenderEntryRef[] {
    return this.entryColumnsByIds('entry_id, docket_id, entry_number, recap_documents', entryIds).map((r) => ({
      entryId: Number(r.entry_id),
      docketId: Number(r.docket_id),
      entryNumber: num(r.entry_number),
      documents: parseDocuments(r.recap_documents),
    }));
  }

  /** Entries by id, whole (notifications and review context quote their texts). */
  getEntriesByIds(entryIds: number[]): EntryRow[] {
    return this.entryColumnsByIds('*', entryIds).map(toEntry);
  }

  /** The newest entries of some dockets that carry text (context for model reviews). */
  latestEntriesWithText(docketIds: number[], limit: number): EntryRow[] {
    if (docketIds.length === 0) return [];
    return (
      this.db
        .prepare(
          `SELECT * FROM entries WHERE docket_id IN (${docketIds.map(() => '?').join(',')})
             AND TRIM(COALESCE(description, '')) <> ''
           ORDER BY date_filed IS NULL, date_filed DESC, entry_number DESC, entry_id DESC LIMIT ?`,
        )
        .all(...docketIds, limit) as Row[]
    ).map(toEntry);
  }

  /** Entries still without text (webhook stubs) filed on or after `sinceDate`, oldest first. */
  entriesWithoutText(docketIds: number[], sinceDate: string): EntryRow[] {
    if (docketIds.length === 0) return [];
    return (
      this.db
        .prepare(
          `SELECT * FROM entries WHERE docket_id IN (${docketIds.map(() => '?').join(',')})
             AND TRIM(COALESCE(description, '')) = '' AND date_filed >= ?
           ORDER BY date_filed, entry_number, entry_id`,
        )
        .all(...docketIds, sinceDate) as Row[]
    ).map(toEntry);
  }

  /** Entries of some dockets filed between two dates (inclusive), oldest first. */
  entriesFiledBetween(docketIds: number[], from: string, to: string, limit: number): EntryRow[] {
    if (docketIds.length === 0) return [];
    return (
      this.db
        .prepare(
          `SELECT * FROM entries WHERE docket_id IN (${docketIds.map(() => '?').join(',')})
             AND date_filed BETWEEN ? AND ?
           ORDER BY date_filed, entry_number, entry_id LIMIT ?`,
        )
        .all(...docketIds, from, to, limit) as Row[]
    ).map(toEntry);
  }

  countEntries(docketId?: number): number {
    const r = (
      docketId === undefined
        ? this.stmt('SELECT COUNT(*) AS n FROM entries').get()
        : this.stmt('SELECT COUNT(*) AS n FROM entries WHERE docket_id = ?').get(docketId)
    ) as Row;
    return Number(r.n);
  }

  // ---- hearings and deadlines ---------------------------------------------------------------

  listHearings(caseId: string): HearingRow[] {
    return (
      this.stmt(
        `SELECT * FROM hearings WHERE case_id = ?
         ORDER BY starts_at_utc IS NULL, starts_at_utc, hearing_key`,
      ).all(caseId) as Row[]
    ).map(toHearing);
  }

  listDeadlines(caseId: string): DeadlineRow[] {
    return (
      this.stmt(
        `SELECT * FROM deadlines WHERE case_id = ?
         ORDER BY due_at_utc IS NULL, due_at_utc, deadline_key`,
      ).all(caseId) as Row[]
    ).map(toDeadline);
  }

  /** Just what an extractor needs to reuse keys, without decoding whole rows (hot path: once per entry). */
  knownRows(caseId: string): KnownLists<KnownHearingRow, KnownDeadlineRow> {
    this.checkKnown();
    const hit = this.known.get(caseId);
    if (hit) return hit;
    const hearings = (
      this.stmt(
        `SELECT hearing_key, title, hearing_type, status, local_date, local_time, docket_id, starts_at_utc FROM hearings
         WHERE case_id = ? ORDER BY starts_at_utc IS NULL, starts_at_utc, hearing_key`,
      ).all(caseId) as Row[]
    ).map((r) => knownHearing({
      key: String(r.hearing_key),
      title: String(r.title),
      hearingType: str(r.hearing_type) as HearingRow['hearingType'],
      status: String(r.status) as HearingRow['status'],
      localDate: str(r.local_date),
      localTime: str(r.local_time),
      docketId: num(r.docket_id),
      startsAtUtc: str(r.starts_at_utc),
    }));
    const deadlines = (
      this.stmt(
        `SELECT deadline_key, title, deadline_type, status, local_date, docket_id, due_at_utc FROM deadlines
         WHERE case_id = ? ORDER BY due_at_utc IS NULL, due_at_utc, deadline_key`,
      ).all(caseId) as Row[]
    ).map((r) => knownDeadline({
      key: String(r.deadline_key),
      title: String(r.title),
      deadlineType: str(r.deadline_type) as DeadlineRow['deadlineType'],
      status: String(r.status) as DeadlineRow['status'],
      localDate: str(r.local_date),
      docketId: num(r.docket_id),
      dueAtUtc: str(r.due_at_utc),
    }));
    return this.known.load(caseId, hearings, deadlines);
  }

  getHearing(caseId: string, key: string): HearingRow | null {
    const r = this.stmt('SELECT * FROM hearings WHERE case_id = ? AND hearing_key = ?').get(caseId, key) as Row | undefined;
    return r ? toHearing(r) : null;
  }

  getDeadline(caseId: string, key: string): DeadlineRow | null {
    const r = this.stmt('SELECT * FROM deadlines WHERE case_id = ? AND deadline_key = ?').get(caseId, key) as Row | undefined;
    return r ? toDeadline(r) : null;
  }

  /**
   * `prior`: the row as the caller read it in this same transaction (null: none), so it is not read
   * twice; left out, it is read here.
   */
  putHearing(h: HearingRow, prior: HearingRow | null = this.getHearing(h.caseId, h.key)): void {
    this.checkKnown();
    // A new row, or a status or start change, is a change of posture: the summary must say so.
    if (!prior || prior.status !== h.status || prior.startsAtUtc !== h.startsAtUtc || prior.localDate !== h.localDate) this.markSummariesStale(h.caseId, h.docketId);
    this.announce(h.caseId, h.docketId, hearingChange(prior, h));
    this.stmt(
      `INSERT INTO hearings (case_id, hearing_key, title, hearing_type, local_date, local_time, starts_at_utc,
         duration_minutes, timezone, location, judge, dial_in, notes, audit_notes, status, significance, docket_id,
         source_entry_ids, sequence, created_at, last_updated)
       VALUES (@caseId, @key, @title, @hearingType, @localDate, @localTime, @startsAtUtc, @durationMinutes, @timezone,
         @location, @judge, @dialIn, @notes, @auditNotes, @status, @significance, @docketId, @sourceEntryIds, @sequence,
         @lastUpdated, @lastUpdated)
       ON CONFLICT (case_id, hearing_key) DO UPDATE SET
         title = excluded.title, hearing_type = excluded.hearing_type, local_date = excluded.local_date,
         local_time = excluded.local_time, starts_at_utc = excluded.starts_at_utc,
         duration_minutes = excluded.duration_minutes, timezone = excluded.timezone, location = excluded.location,
         judge = excluded.judge, dial_in = excluded.dial_in, notes = excluded.notes, audit_notes = excluded.audit_notes,
         status = excluded.status, significance = excluded.significance, docket_id = excluded.docket_id,
         source_entry_ids = excluded.source_entry_ids, sequence = excluded.sequence, last_updated = excluded.last_updated`,
    ).run({ ...h, sourceEntryIds: JSON.stringify(h.sourceEntryIds) });
    this.known.putHearing(h.caseId, knownHearing(h));
    this.ownRowWrite();
  }

  /** `prior` as for putHearing. */
  putDeadline(d: DeadlineRow, prior: DeadlineRow | null = this.getDeadline(d.caseId, d.key)): void {
    this.checkKnown();
    if (!prior || prior.status !== d.status || prior.dueAtUtc !== d.dueAtUtc || prior.localDate !== d.localDate) this.markSummariesStale(d.caseId, d.docketId);
    this.announce(d.caseId, d.docketId, deadlineChange(prior, d));
    this.stmt(
      `INSERT INTO deadlines (case_id, deadline_key, title, deadline_type, local_date, local_time, due_at_utc, timezone,
         notes, audit_notes, status, significance, conditional, docket_id, source_entry_ids, sequence, created_at,
         last_updated)
       VALUES (@caseId, @key, @title, @deadlineType, @localDate, @localTime, @dueAtUtc, @timezone, @notes, @auditNotes,
         @status, @significance, @conditional, @docketId, @sourceEntryIds, @sequence, @lastUpdated, @lastUpdated)
       ON CONFLICT (case_id, deadline_key) DO UPDATE SET
         title = excluded.title, deadline_type = excluded.deadline_type, local_date = excluded.local_date,
         local_time = excluded.local_time, due_at_utc = excluded.due_at_utc, timezone = excluded.timezone,
         notes = excluded.notes, audit_notes = excluded.audit_notes, status = excluded.status,
         significance = excluded.significance, conditional = excluded.conditional, docket_id = excluded.docket_id,
         source_entry_ids = excluded.source_entry_ids, sequence = excluded.sequence, last_updated = excluded.last_updated`,
    ).run({ ...d, conditional: d.conditional ? 1 : 0, sourceEntryIds: JSON.stringify(d.sourceEntryIds) });
    this.known.putDeadline(d.caseId, knownDeadline(d));
    this.ownRowWrite();
  }

  deleteDeadline(caseId: string, key: string): void {
    this.checkKnown();
    this.stmt('DELETE FROM deadlines WHERE case_id = ? AND deadline_key = ?').run(caseId, key);
    this.known.deleteDeadline(caseId, key);
    this.ownRowWrite();
  }

  deleteHearing(caseId: string, key: string): void {
    this.checkKnown();
    this.stmt('DELETE FROM hearings WHERE case_id = ? AND hearing_key = ?').run(caseId, key);
    this.known.deleteHearing(caseId, key);
    this.ownRowWrite();
  }

  /** Wall-clock pending → passed flip. Returns the case ids whose rows changed. */
  markPassedDeadlines(nowUtc: string): string[] {
    return this.transaction(() => {
      const rows = this.stmt(
        `SELECT DISTINCT case_id FROM deadlines WHERE status = 'pending' AND due_at_utc IS NOT NULL AND due_at_utc < ?`,
      ).all(nowUtc) as Row[];
      if (rows.length === 0) return [];
      this.known.clear();
      this.stmt(
        `UPDATE deadlines SET status = 'passed', sequence = sequence + 1, last_updated = @now
         WHERE status = 'pending' AND due_at_utc IS NOT NULL AND due_at_utc < @now`,
      ).run({ now: nowUtc });
      return rows.map((r) => String(r.case_id));
    });
  }

  // ---- prune --------------------------------------------------------------------------------

  /** Docket ids present in the store but in no configured case. */
  findOrphanDockets(configured: Set<number>): OrphanReport[] {
    const ids = new Set<number>();
    for (const sql of [
      'SELECT docket_id AS id FROM dockets',
      'SELECT DISTINCT docket_id AS id FROM entries',
      'SELECT DISTINCT docket_id AS id FROM hearings WHERE docket_id IS NOT NULL',
      'SELECT DISTINCT docket_id AS id FROM deadlines WHERE docket_id IS NOT NULL',
    ]) {
      for (const r of this.stmt(sql).all() as Row[]) ids.add(Number(r.id));
    }
    const count = (sql: string, id: number) => Number((this.stmt(sql).get(id) as Row).n);
    return [...ids]
      .filter((id) => !configured.has(id))
      .sort((a, b) => a - b)
      .map((id) => ({
        docketId: id,
        docket: this.getDocket(id),
        entries: count('SELECT COUNT(*) AS n FROM entries WHERE docket_id = ?', id),
        hearings: count('SELECT COUNT(*) AS n FROM hearings WHERE docket_id = ?', id),
        deadlines: count('SELECT COUNT(*) AS n FROM deadlines WHERE docket_id = ?', id),
      }));
  }

  deleteDocket(docketId: number): void {
    this.known.clear();
    this.transaction(() => {
      this.stmt('DELETE FROM entries WHERE docket_id = ?').run(docketId);
      this.stmt('DELETE FROM hearings WHERE docket_id = ?').run(docketId);
      this.stmt('DELETE FROM deadlines WHERE docket_id = ?').run(docketId);
      const group = this.stmt('SELECT docket_number, court_id FROM dockets WHERE docket_id = ?').get(docketId) as Row | undefined;
      this.stmt('DELETE FROM dockets WHERE docket_id = ?').run(docketId);
      // A group's summary goes with its last docket.
      if (group) {
        this.stmt(
          `DELETE FROM case_summaries WHERE docket_number = ? AND court_id = ?
             AND NOT EXISTS (SELECT 1 FROM dockets WHERE docket_number = ? AND court_id = ?)`,
        ).run(group.docket_number, group.court_id, group.docket_number, group.court_id);
      }
    });
  }

  // ---- webhook inbox ------------------------------------------------------------------------

  /** Durable accept: insert-or-ignore on the idempotency key. Returns whether it was new. */
  inboxInsert(d: { key: string; keySource: 'header' | 'body'; eventType: number | null; body: string; receivedAt: string }): 'queued' | 'duplicate' {
    const info = this.stmt(
      `INSERT OR IGNORE INTO inbox (idempotency_key, key_source, event_type, body, received_at, status)
       VALUES (?, ?, ?, ?, ?, 'pending')`,
    ).run(d.key, d.keySource, d.eventType, d.body, d.receivedAt);
    return info.changes === 1 ? 'queued' : 'duplicate';
  }

  /** Several deliveries in one transaction (one fsync): the receiver's group commit. */
  inboxInsertMany(items: Array<{ key: string; keySource: 'header' | 'body'; eventType: number | null; body: string; receivedAt: string }>): Array<'queued' | 'duplicate'> {
    return this.transaction(() => items.map((d) => this.inboxInsert(d)));
  }

  /**
   * As inboxInsertMany, but null at once when another connection holds the write lock, instead of
   * SQLite's busy wait: that sleeps 1, 2, 5, 10 … ms between looks and blocks the thread meanwhile,
   * so a 4 ms transaction of the worker's cost the receiver 8 ms and every request behind it.
   */
  inboxInsertManyIfFree(items: Parameters<Store['inboxInsertMany']>[0]): Array<'queued' | 'duplicate'> | null {
    this.db.pragma('busy_timeout = 0');
    try {
      return this.inboxInsertMany(items);
    } catch (err) {
      // SQLITE_BUSY, or an extended form of it (another connection recovering the WAL, say).
      if (String((err as { code?: string }).code).startsWith('SQLITE_BUSY')) return null;
      throw err;
    } finally {
      this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    }
  }

  /** The oldest pending delivery that is due (not waiting out a retry backoff). */
  inboxNextDue(nowUtc: string): InboxRow | null {
    const r = this.stmt(
      `SELECT * FROM inbox WHERE status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
       ORDER BY id LIMIT 1`,
    ).get(nowUtc) as Row | undefined;
    return r ? toInbox(r) : null;
  }

  /** When the next pending delivery becomes due (null: none pending). */
  inboxNextDueAt(): string | null {
    const r = this.stmt(`SELECT MIN(COALESCE(next_attempt_at, received_at)) AS t FROM inbox WHERE status = 'pending'`).get() as Row;
    return str(r.t);
  }

  inboxMarkDone(id: number, result: unknown): void {
    this.stmt(`UPDATE inbox SET status = 'done', processed_at = ?, result = ?, last_error = NULL, next_attempt_at = NULL WHERE id = ?`).run(
      this.now(),
      JSON.stringify(result),
      id,
    );
  }

  inboxMarkFailed(id: number, error: string, nextAttemptAt: string | null, dead: boolean): void {
    this.stmt(
      `UPDATE inbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?, status = ? WHERE id = ?`,
    ).run(error.slice(0, 2000), nextAttemptAt, dead ? 'dead' : 'pending', id);
  }

  inboxGet(key: string): InboxRow | null {
    const r = this.stmt('SELECT * FROM inbox WHERE idempotency_key = ?').get(key) as Row | undefined;
    return r ? toInbox(r) : null;
  }

  inboxList(status: InboxStatus | null, limit: number): InboxRow[] {
    const rows = status
      ? this.stmt('SELECT * FROM inbox WHERE status = ? ORDER BY id DESC LIMIT ?').all(status, limit)
      : this.stmt('SELECT * FROM inbox ORDER BY id DESC LIMIT ?').all(limit);
    return (rows as Row[]).map(toInbox);
  }

  /** Puts a delivery (or every dead one) back in the queue with a fresh attempt budget. */
  inboxReplay(key: string | null): number {
    const sql =
      key === null
        ? `UPDATE inbox SET status = 'pending', attempts = 0, next_attempt_at = NULL WHERE status = 'dead'`
        : `UPDATE inbox SET status = 'pending', attempts = 0, next_attempt_at = NULL WHERE idempotency_key = ?`;
    const info = key === null ? this.stmt(sql).run() : this.stmt(sql).run(key);
    return info.changes;
  }

  inboxStats(): InboxStats {
    const counts = this.stmt('SELECT status, COUNT(*) AS n FROM inbox GROUP BY status').all() as Row[];
    const by = Object.fromEntries(counts.map((r) => [String(r.status), Number(r.n)]));
    const oldest = this.stmt(`SELECT MIN(received_at) AS t FROM inbox WHERE status = 'pending'`).get() as Row;
    return { pending: by.pending ?? 0, done: by.done ?? 0, dead: by.dead ?? 0, oldestPendingReceivedAt: str(oldest.t) };
  }

  /** Forgets done deliveries (their keys) received before the cutoff; pending and dead rows stay. */
  inboxPrune(receivedBefore: string): number {
    return this.stmt(`DELETE FROM inbox WHERE status = 'done' AND received_at < ?`).run(receivedBefore).changes;
  }

  // ---- CourtListener request pacing ---------------------------------------------------------

  /**
   * Takes one request slot if the per-minute and per-day limits allow it (sliding windows over the
   * requests every process logged here), atomically so concurrent processes cannot both take the
   * last one. Otherwise says how long until a slot frees up.
   */
  takeRequestSlot(
    nowMs: number,
    endpoint: string,
    perMinute: number,
    perDay: number | null,
  ): { granted: true; usedToday: number; id: number } | { granted: false; waitMs: number; dayExhausted: boolean; usedToday: number } {
    return this.transaction(() => {
      const day = this.stmt('SELECT COUNT(*) AS n, MIN(at_ms) AS oldest FROM api_requests WHERE at_ms > ?').get(nowMs - 86_400_000) as Row;
      const usedToday = Number(day.n);
      if (perDay !== null && usedToday >= perDay) {
        // The day window frees a slot when its oldest request turns 24 hours old.
        const oldestInDay = this.stmt('SELECT at_ms FROM api_requests WHERE at_ms > ? ORDER BY at_ms LIMIT 1 OFFSET ?').get(nowMs - 86_400_000, usedToday - perDay) as Row | undefined;
        return { granted: false, waitMs: Math.max(1, Number(oldestInDay?.at_ms ?? nowMs) + 86_400_000 - nowMs), dayExhausted: true, usedToday };
      }
      const minute = this.stmt('SELECT COUNT(*) AS n FROM api_requests WHERE at_ms > ?').get(nowMs - 60_000) as Row;
      const inMinute = Number(minute.n);
      if (inMinute >= perMinute) {
        const oldest = this.stmt('SELECT at_ms FROM api_requests WHERE at_ms > ? ORDER BY at_ms LIMIT 1 OFFSET ?').get(nowMs - 60_000, inMinute - perMinute) as Row;
        return { granted: false, waitMs: Math.max(1, Number(oldest.at_ms) + 60_000 - nowMs), dayExhausted: false, usedToday };
      }
      const id = Number(this.stmt('INSERT INTO api_requests (at_ms, endpoint) VALUES (?, ?)').run(nowMs, endpoint).lastInsertRowid);
      // Keep two days: enough for the day window, small forever.
      if (usedToday % 100 === 0) this.stmt('DELETE FROM api_requests WHERE at_ms < ?').run(nowMs - 2 * 86_400_000);
      return { granted: true, usedToday: usedToday + 1, id };
    });
  }

  /** Gives back a slot whose request got no answer (refused, no such host, reset, timed out): it cost no quota. */
  releaseRequestSlot(id: number): void {
    this.stmt('DELETE FROM api_requests WHERE id = ?').run(id);
  }

  /** Request times of the last 24 hours (all processes), oldest first, for the busiest-window figures. */
  requestTimesInLastDay(nowMs: number): number[] {
    return (this.stmt('SELECT at_ms FROM api_requests WHERE at_ms > ? ORDER BY at_ms').all(nowMs - 86_400_000) as Row[]).map((r) => Number(r.at_ms));
  }

  /** Requests logged in the last 24 hours (all processes). */
  requestsInLastDay(nowMs: number): number {
    return Number((this.stmt('SELECT COUNT(*) AS n FROM api_requests WHERE at_ms > ?').get(nowMs - 86_400_000) as Row).n);
  }

  // ---- review memo --------------------------------------------------------------------------

  getReviewMemo(caseId: string, subject: string): { digest: string; verdict: string; reviewedAt: string } | null {
    const r = this.stmt('SELECT digest, verdict, reviewed_at FROM review_memo WHERE case_id = ? AND subject = ?').get(caseId, subject) as
      | Row
      | undefined;
    return r ? { digest: String(r.digest), verdict: String(r.verdict), reviewedAt: String(r.reviewed_at) } : null;
  }

  putReviewMemo(caseId: string, subject: string, digest: string, verdict: string): void {
    this.stmt(
      `INSERT INTO review_memo (case_id, subject, digest, verdict, reviewed_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (case_id, subject) DO UPDATE SET digest = excluded.digest, verdict = excluded.verdict,
         reviewed_at = excluded.reviewed_at`,
    ).run(caseId, subject, digest, verdict, this.now());
  }

  // ---- change notifications -----------------------------------------------------------------

  /**
   * Queues a change notification in the caller's transaction. Not for a docket's first backfill:
   * until a docket has been read through once, its changes are history, not news.
   */
  /** Queue change notifications (set by commands when config.yaml has notification endpoints). */
  announceChanges = false;

  private announce(caseId: string, docketId: number | null, e: RowEvent | null): void {
    if (!e || docketId === null || !this.docketAnnounces(docketId)) return;
    this.enqueueNotification(caseId, e.type, e.subject, e.before, e.after);
  }

  enqueueNotification(caseId: string, type: string, subject: string, before: unknown, after: unknown): void {
    this.stmt('INSERT INTO notify_outbox (case_id, type, subject, before_json, after_json, occurred_at) VALUES (?, ?, ?, ?, ?, ?)').run(
      caseId,
      type,
      subject,
      before === null || before === undefined ? null : JSON.stringify(before),
      JSON.stringify(after),
      this.now(),
    );
  }

  /** Whether a docket's changes are announced (it was read through once). */
  docketAnnounces(docketId: number): boolean {
    if (!this.announceChanges) return false;
    const r = this.stmt('SELECT last_synced_at FROM dockets WHERE docket_id = ?').get(docketId) as Row | undefined;
    return Boolean(r && r.last_synced_at !== null);
  }

  notifyEventsAfter(afterId: number, limit: number): NotifyEventRow[] {
    return (this.stmt('SELECT * FROM notify_outbox WHERE id > ? ORDER BY id LIMIT ?').all(afterId, limit) as Row[]).map(toNotifyEvent);
  }

  getNotifyEvent(id: number): NotifyEventRow | null {
    const r = this.stmt('SELECT * FROM notify_outbox WHERE id = ?').get(id) as Row | undefined;
    return r ? toNotifyEvent(r) : null;
  }

  listNotifyEvents(limit: number): NotifyEventRow[] {
    return (this.stmt('SELECT * FROM notify_outbox ORDER BY id DESC LIMIT ?').all(limit) as Row[]).map(toNotifyEvent);
  }

  latestNotifyEventId(): number {
    return Number((this.stmt('SELECT COALESCE(MAX(id), 0) AS n FROM notify_outbox').get() as Row).n);
  }

  getEndpointState(endpointId: string): NotifyEndpointState {
    const r = this.stmt('SELECT * FROM notify_endpoints WHERE endpoint_id = ?').get(endpointId) as Row | undefined;
    if (!r) return { endpointId, cursor: -1, headAttempts: 0, nextAttemptAt: null, consecutiveFailures: 0, disabledAt: null, disabledReason: null };
    return {
      endpointId,
      cursor: Number(r.cursor),
      headAttempts: Number(r.head_attempts),
      nextAttemptAt: str(r.next_attempt_at),
      consecutiveFailures: Number(r.consecutive_failures),
      disabledAt: str(r.disabled_at),
      disabledReason: str(r.disabled_reason),
    };
  }

  putEndpointState(s: NotifyEndpointState): void {
    this.stmt(
      `INSERT INTO notify_endpoints (endpoint_id, cursor, head_attempts, next_attempt_at, consecutive_failures, disabled_at, disabled_reason)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (endpoint_id) DO UPDATE SET cursor = excluded.cursor, head_attempts = excluded.head_attempts,
         next_attempt_at = excluded.next_attempt_at, consecutive_failures = excluded.consecutive_failures,
         disabled_at = excluded.disabled_at, disabled_reason = excluded.disabled_reason`,
    ).run(s.endpointId, Math.max(0, s.cursor), s.headAttempts, s.nextAttemptAt, s.consecutiveFailures, s.disabledAt, s.disabledReason);
  }

  recordNotifyDelivery(d: Omit<NotifyDeliveryRow, 'updatedAt'>): void {
    this.stmt(
      `INSERT INTO notify_deliveries (event_id, endpoint_id, status, attempts, http_status, error, merged_into, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (event_id, endpoint_id) DO UPDATE SET status = excluded.status, attempts = excluded.attempts,
         http_status = excluded.http_status, error = excluded.error, merged_into = excluded.merged_into, updated_at = excluded.updated_at`,
    ).run(d.eventId, d.endpointId, d.status, d.attempts, d.httpStatus, d.error, d.mergedInto, this.now());
  }

  /** Events after `afterId` already sent to this endpoint inside an earlier coalesced delivery. */
  mergedNotifyEventIds(endpointId: string, afterId: number): Set<number> {
    return new Set((this.stmt(`SELECT event_id FROM notify_deliveries WHERE endpoint_id = ? AND event_id > ? AND status = 'merged'`).all(endpointId, afterId) as Row[]).map((r) => Number(r.event_id)));
  }

  notifyDeliveriesOf(eventId: number): NotifyDeliveryRow[] {
    return (this.stmt('SELECT * FROM notify_deliveries WHERE event_id = ? ORDER BY endpoint_id').all(eventId) as Row[]).map((r) => ({
      eventId: Number(r.event_id),
      endpointId: String(r.endpoint_id),
      status: String(r.status) as NotifyDeliveryRow['status'],
      attempts: Number(r.attempts),
      httpStatus: r.http_status === null ? null : Number(r.http_status),
      error: str(r.error),
      mergedInto: r.merged_into === null ? null : Number(r.merged_into),
      updatedAt: String(r.updated_at),
    }));
  }

  // ---- case summaries -----------------------------------------------------------------------

  /**
   * Flags the summaries of a case's docket group stale (all of the case's when the docket is not
   * known). Existing rows only: a missing row is regenerated anyway.
   */
  markSummariesStale(caseId: string, docketId: number | null): void {
    const now = this.now();
    if (docketId === null) {
      this.stmt('UPDATE case_summaries SET stale = 1, stale_since = COALESCE(stale_since, ?) WHERE case_id = ?').run(now, caseId);
      return;
    }
    this.stmt(
      `UPDATE case_summaries SET stale = 1, stale_since = COALESCE(stale_since, ?)
       WHERE case_id = ? AND (docket_number, court_id) IN (SELECT docket_number, court_id FROM dockets WHERE docket_id = ?)`,
    ).run(now, caseId, docketId);
  }

  listSummaries(caseId: string): SummaryRow[] {
    return (this.stmt('SELECT * FROM case_summaries WHERE case_id = ? ORDER BY docket_number, court_id').all(caseId) as Row[]).map((r) => ({
      caseId: String(r.case_id),
      docketNumber: String(r.docket_number),
      courtId: String(r.court_id),
      summary: String(r.summary),
      model: r.model === null ? null : String(r.model),
      sourceEntryIds: parseIds(r.source_entry_ids),
      stale: Number(r.stale) === 1,
      staleSince: r.stale_since === null ? null : String(r.stale_since),
      generatedAt: String(r.generated_at),
    }));
  }

  putSummary(s: Omit<SummaryRow, 'stale' | 'staleSince' | 'generatedAt'>): void {
    this.stmt(
      `INSERT INTO case_summaries (case_id, docket_number, court_id, summary, model, source_entry_ids, stale, stale_since, generated_at)
       VALUES (?, ?, ?, ?, ?, ?, 0, NULL, ?)
       ON CONFLICT (case_id, docket_number, court_id) DO UPDATE SET summary = excluded.summary, model = excluded.model,
         source_entry_ids = excluded.source_entry_ids, stale = 0, stale_since = NULL, generated_at = excluded.generated_at`,
    ).run(s.caseId, s.docketNumber, s.courtId, s.summary, s.model, JSON.stringify(s.sourceEntryIds), this.now());
  }

  /** Entries of these dockets whose text or documents may hold a summary's sources, oldest first. */
  entriesOfDockets(docketIds: number[]): EntryRow[] {
    if (docketIds.length === 0) return [];
    // Every entry, not only the relevant ones: an indictment or a judgment holds no event.
    return (this.db.prepare(`SELECT * FROM entries WHERE docket_id IN (${docketIds.map(() => '?').join(',')}) ORDER BY ${DOCKET_ORDER}`).all(...docketIds) as Row[]).map(toEntry);
  }

  // ---- remote calendar push -----------------------------------------------------------------

  listPushState(target: string): PushStateRow[] {
    return (this.stmt('SELECT row_ref, remote_id, body_hash FROM push_state WHERE target = ?').all(target) as Row[]).map((r) => ({
      rowRef: String(r.row_ref),
      remoteId: String(r.remote_id),
      bodyHash: String(r.body_hash),
    }));
  }

  putPushState(target: string, row: PushStateRow): void {
    this.stmt(
      `INSERT INTO push_state (target, row_ref, remote_id, body_hash, pushed_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (target, row_ref) DO UPDATE SET remote_id = excluded.remote_id, body_hash = excluded.body_hash,
         pushed_at = excluded.pushed_at`,
    ).run(target, row.rowRef, row.remoteId, row.bodyHash, this.now());
  }

  deletePushState(target: string, rowRef: string): void {
    this.stmt('DELETE FROM push_state WHERE target = ? AND row_ref = ?').run(target, rowRef);
  }

  // ---- service state ------------------------------------------------------------------------

  setState(key: string, value: string): void {
    this.stmt(
      `INSERT INTO service_state (key, value, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    ).run(key, value, this.now());
  }

  getState(key: string): string | null {
    const r = this.stmt('SELECT value FROM service_state WHERE key = ?').get(key) as Row | undefined;
    return r ? String(r.value) : null;
  }
}
