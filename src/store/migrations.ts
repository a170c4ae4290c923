import type { Database } from 'better-sqlite3';

/**
 * Numbered, append-only migrations. Each runs once inside a transaction and is recorded in
 * `schema_migrations`; never edit a released one — add the next number instead.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'core tables',
    sql: `
      CREATE TABLE dockets (
        docket_id        INTEGER PRIMARY KEY,
        court_id         TEXT,
        docket_number    TEXT,
        case_name        TEXT,
        absolute_url     TEXT,
        date_modified    TEXT,   -- tier-1 cutoff: docket date_modified at the last clean poll (UTC)
        entries_cutoff   TEXT,   -- tier-2 cutoff: newest entry date_modified processed by polling (UTC)
        date_last_filing TEXT,
        last_synced_at   TEXT,
        first_seen_at    TEXT NOT NULL
      );
      CREATE TABLE courts (
        court_id        TEXT PRIMARY KEY,
        citation_string TEXT,
        short_name      TEXT,
        full_name       TEXT,
        fetched_at      TEXT NOT NULL
      );
      CREATE TABLE entries (
        docket_id         INTEGER NOT NULL,
        entry_id          INTEGER NOT NULL,
        entry_number      INTEGER,
        date_filed        TEXT,
        date_modified     TEXT NOT NULL,
        fingerprint       TEXT NOT NULL,
        description       TEXT,
        short_description TEXT,
        recap_documents   TEXT NOT NULL DEFAULT '[]',
        relevant          INTEGER NOT NULL DEFAULT 0,
        processed_at      TEXT NOT NULL,
        PRIMARY KEY (docket_id, entry_id)
      );
      CREATE INDEX idx_entries_docket_entry_number ON entries (docket_id, entry_number);
      CREATE INDEX idx_entries_entry_id ON entries (entry_id);
      CREATE TABLE hearings (
        case_id          TEXT NOT NULL,
        hearing_key      TEXT NOT NULL,
        title            TEXT NOT NULL,
        hearing_type     TEXT,
        local_date       TEXT,
        local_time       TEXT,
        starts_at_utc    TEXT,
        duration_minutes INTEGER,
        timezone         TEXT NOT NULL,
        location         TEXT,
        judge            TEXT,
        dial_in          TEXT,
        notes            TEXT,
        audit_notes      TEXT,
        status           TEXT NOT NULL CHECK (status IN ('scheduled', 'held', 'cancelled')),
        significance     TEXT CHECK (significance IN ('major', 'minor')),
        docket_id        INTEGER,
        source_entry_ids TEXT NOT NULL DEFAULT '[]',
        sequence         INTEGER NOT NULL DEFAULT 0,
        created_at       TEXT NOT NULL,
        last_updated     TEXT NOT NULL,
        PRIMARY KEY (case_id, hearing_key)
      );
      CREATE TABLE deadlines (
        case_id          TEXT NOT NULL,
        deadline_key     TEXT NOT NULL,
        title            TEXT NOT NULL,
        deadline_type    TEXT,
        local_date       TEXT,
        local_time       TEXT,
        due_at_utc       TEXT,
        timezone         TEXT NOT NULL,
        notes            TEXT,
        audit_notes      TEXT,
        status           TEXT NOT NULL CHECK (status IN ('pending', 'met', 'passed', 'cancelled')),
        significance     TEXT CHECK (significance IN ('major', 'minor')),
        conditional      INTEGER NOT NULL DEFAULT 0,
        docket_id        INTEGER,
        source_entry_ids TEXT NOT NULL DEFAULT '[]',
        sequence         INTEGER NOT NULL DEFAULT 0,
        created_at       TEXT NOT NULL,
        last_updated     TEXT NOT NULL,
        PRIMARY KEY (case_id, deadline_key)
      );
    `,
  },
  {
    version: 2,
    name: 'webhook inbox and service state',
    sql: `
      -- Every accepted delivery, written before the 2xx goes out; the worker drains it.
      CREATE TABLE inbox (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        idempotency_key TEXT NOT NULL UNIQUE,
        key_source      TEXT NOT NULL CHECK (key_source IN ('header', 'body')),
        event_type      INTEGER,
        body            TEXT NOT NULL,
        received_at     TEXT NOT NULL,
        status          TEXT NOT NULL CHECK (status IN ('pending', 'done', 'dead')),
        attempts        INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT,
        last_error      TEXT,
        processed_at    TEXT,
        result          TEXT
      );
      CREATE INDEX idx_inbox_status ON inbox (status, next_attempt_at, id);
      CREATE INDEX idx_inbox_received ON inbox (received_at);
      CREATE TABLE service_state (
        key        TEXT PRIMARY KEY,
        value      TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 3,
    name: 'review memo',
    sql: `
      -- The last model review of a row (verify) or a cluster (dedupe), keyed by a digest of what
      -- the model was shown: an unchanged question is not asked again.
      CREATE TABLE review_memo (
        case_id     TEXT NOT NULL,
        subject     TEXT NOT NULL,  -- "hearing:<key>", "deadline:<key>" or "dedupe:<key>,<key>…"
        digest      TEXT NOT NULL,
        verdict     TEXT NOT NULL,
        reviewed_at TEXT NOT NULL,
        PRIMARY KEY (case_id, subject)
      );
      CREATE INDEX idx_entries_docket_filed ON entries (docket_id, date_filed);
    `,
  },
  {
    version: 4,
    name: 'courtlistener request log',
    sql: `
      -- One row per request sent to CourtListener by any process sharing this store (sync, serve,
      -- reconcile), so they pace themselves against one quota.
      CREATE TABLE api_requests (
        id       INTEGER PRIMARY KEY AUTOINCREMENT,
        at_ms    INTEGER NOT NULL,
        endpoint TEXT NOT NULL
      );
      CREATE INDEX idx_api_requests_at ON api_requests (at_ms);
    `,
  },
  {
    version: 5,
    name: 'pending renders and the per-entry fold record',
    sql: `
      -- What changed in the store since the calendars showing it were last written. Triggers add a
      -- row in the same transaction as the change, and emit clears it only after the file's atomic
      -- rename, so a crash in between leaves the work recorded. case_id: a case's rows changed;
      -- docket_id: what a docket shows (metadata, documents) changed; both NULL: everything.
      CREATE TABLE render_pending (
        id        INTEGER PRIMARY KEY AUTOINCREMENT,
        case_id   TEXT,
        docket_id INTEGER
      );
      CREATE TRIGGER hearings_pending_ins AFTER INSERT ON hearings BEGIN INSERT INTO render_pending (case_id) VALUES (NEW.case_id); END;
      CREATE TRIGGER hearings_pending_upd AFTER UPDATE ON hearings BEGIN INSERT INTO render_pending (case_id) VALUES (NEW.case_id); END;
      CREATE TRIGGER hearings_pending_del AFTER DELETE ON hearings BEGIN INSERT INTO render_pending (case_id) VALUES (OLD.case_id); END;
      CREATE TRIGGER deadlines_pending_ins AFTER INSERT ON deadlines BEGIN INSERT INTO render_pending (case_id) VALUES (NEW.case_id); END;
      CREATE TRIGGER deadlines_pending_upd AFTER UPDATE ON deadlines BEGIN INSERT INTO render_pending (case_id) VALUES (NEW.case_id); END;
      CREATE TRIGGER deadlines_pending_del AFTER DELETE ON deadlines BEGIN INSERT INTO render_pending (case_id) VALUES (OLD.case_id); END;
      CREATE TRIGGER dockets_pending_ins AFTER INSERT ON dockets BEGIN INSERT INTO render_pending (docket_id) VALUES (NEW.docket_id); END;
      CREATE TRIGGER dockets_pending_upd AFTER UPDATE ON dockets
        WHEN OLD.court_id IS NOT NEW.court_id OR OLD.docket_number IS NOT NEW.docket_number OR OLD.case_name IS NOT NEW.case_name
          OR OLD.absolute_url IS NOT NEW.absolute_url OR OLD.date_last_filing IS NOT NEW.date_last_filing
        BEGIN INSERT INTO render_pending (docket_id) VALUES (NEW.docket_id); END;
      CREATE TRIGGER entries_pending_upd AFTER UPDATE ON entries
        WHEN OLD.recap_documents IS NOT NEW.recap_documents OR OLD.entry_number IS NOT NEW.entry_number
        BEGIN INSERT INTO render_pending (docket_id) VALUES (NEW.docket_id); END;
      CREATE TRIGGER courts_pending_ins AFTER INSERT ON courts BEGIN INSERT INTO render_pending (case_id) VALUES (NULL); END;
      CREATE TRIGGER courts_pending_upd AFTER UPDATE ON courts
        WHEN OLD.citation_string IS NOT NEW.citation_string OR OLD.short_name IS NOT NEW.short_name OR OLD.full_name IS NOT NEW.full_name
        BEGIN INSERT INTO render_pending (case_id) VALUES (NULL); END;

      -- A case's rows are a fold of its entries in docket order. Per entry: a digest of what the
      -- extractor reads, the actions it returned (NULL: never extracted), and a digest of the known
      -- rows it was shown, so a refold re-asks the extractor only where its answer could differ.
      ALTER TABLE entries ADD COLUMN recap_sequence TEXT;  -- CourtListener's order within a day
      ALTER TABLE entries ADD COLUMN extract_digest TEXT;
      ALTER TABLE entries ADD COLUMN actions TEXT;
      ALTER TABLE entries ADD COLUMN known_digest TEXT;
      -- Entries with effect, by docket and date: "is anything applied after this one?" on every entry.
      CREATE INDEX idx_entries_effective ON entries (docket_id, date_filed) WHERE actions IS NOT NULL AND actions <> '[]';
      -- Cases whose fold must be redone: an entry arrived (or changed) behind entries already applied.
      CREATE TABLE refold_pending (
        case_id      TEXT PRIMARY KEY,
        requested_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 6,
    name: 'unread entries',
    sql: `
      -- Why an entry that names a coming date near hearing or deadline words gave no action: the
      -- extractor could not read it, and someone (or, in hybrid mode, a model) should.
      ALTER TABLE entries ADD COLUMN unread_reason TEXT;
      CREATE INDEX idx_entries_unread ON entries (docket_id, date_filed) WHERE unread_reason IS NOT NULL;
    `,
  },
  {
    version: 7,
    name: 'pushed events',
    sql: `
      -- What was last pushed to a remote calendar (Google, Microsoft 365) per row: the remote event's
      -- id and a digest of the body sent. A row whose digest is unchanged is not sent again; a row
      -- pushed earlier that is no longer shown is removed remotely, then forgotten here. Written only
      -- after the remote call succeeded, so a crash in between re-sends rather than loses.
      CREATE TABLE push_state (
        target     TEXT NOT NULL,  -- "gcal:<calendar id>" or "m365:<calendar id | default>"
        row_ref    TEXT NOT NULL,  -- "<case_id>::<hearing key>" or "<case_id>::deadline:<key>"
        remote_id  TEXT NOT NULL,
        body_hash  TEXT NOT NULL,
        pushed_at  TEXT NOT NULL,
        PRIMARY KEY (target, row_ref)
      );
    `,
  },
  {
    version: 8,
    name: 'case summaries',
    sql: `
      -- One plain-language summary per logical PACER docket (dockets sharing number and court are
      -- pooled). A missing row or stale = 1 means "write it again"; flagging touches existing rows only.
      CREATE TABLE case_summaries (
        case_id          TEXT NOT NULL,
        docket_number    TEXT NOT NULL,
        court_id         TEXT NOT NULL,
        summary          TEXT NOT NULL,
        model            TEXT,
        source_entry_ids TEXT NOT NULL DEFAULT '[]',
        stale            INTEGER NOT NULL DEFAULT 0,
        stale_since      TEXT,
        generated_at     TEXT NOT NULL,
        PRIMARY KEY (case_id, docket_number, court_id)
      );
    `,
  },
  {
    version: 9,
    name: 'change notifications',
    sql: `
      -- Outbox of change notifications, written in the transaction that changed the row, so a crash
      -- can lose neither the change nor its announcement. The id is the delivery's webhook-id.
      CREATE TABLE notify_outbox (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        case_id     TEXT NOT NULL,
        type        TEXT NOT NULL,
        subject     TEXT NOT NULL,   -- "hearing:<key>", "deadline:<key>", "entry:<id>"
        before_json TEXT,
        after_json  TEXT NOT NULL,
        occurred_at TEXT NOT NULL
      );
      CREATE INDEX idx_notify_outbox_case ON notify_outbox (case_id, id);
      -- Per endpoint: how far delivery got (every event up to cursor is delivered, failed, dead or merged).
      CREATE TABLE notify_endpoints (
        endpoint_id          TEXT PRIMARY KEY,
        cursor               INTEGER NOT NULL DEFAULT 0,
        head_attempts        INTEGER NOT NULL DEFAULT 0,
        next_attempt_at      TEXT,
        consecutive_failures INTEGER NOT NULL DEFAULT 0,
        disabled_at          TEXT,
        disabled_reason      TEXT
      );
      -- What happened to each event at each endpoint, for \`notify list|show\`.
      CREATE TABLE notify_deliveries (
        event_id     INTEGER NOT NULL,
        endpoint_id  TEXT NOT NULL,
        status       TEXT NOT NULL,   -- delivered | failed (4xx, not retried) | dead (attempts spent) | merged | skipped
        attempts     INTEGER NOT NULL DEFAULT 0,
        http_status  INTEGER,
        error        TEXT,
        merged_into  INTEGER,
        updated_at   TEXT NOT NULL,
        PRIMARY KEY (event_id, endpoint_id)
      );
    `,
  },
  {
    version: 10,
    name: 'row version',
    sql: `
      -- Moves with every change to a hearing or deadline, by any connection: a process keeping the
      -- rows in memory re-reads them only when another one changed rows, not whenever another
      -- commits at all (serve's receiver commits each delivery while its worker reads the rows).
      CREATE TABLE row_version (
        id      INTEGER PRIMARY KEY CHECK (id = 1),
        version INTEGER NOT NULL
      );
      INSERT INTO row_version (id, version) VALUES (1, 0);
      CREATE TRIGGER hearings_insert_version AFTER INSERT ON hearings BEGIN UPDATE row_version SET version = version + 1 WHERE id = 1; END;
      CREATE TRIGGER hearings_update_version AFTER UPDATE ON hearings BEGIN UPDATE row_version SET version = version + 1 WHERE id = 1; END;
      CREATE TRIGGER hearings_delete_version AFTER DELETE ON hearings BEGIN UPDATE row_version SET version = version + 1 WHERE id = 1; END;
      CREATE TRIGGER deadlines_insert_version AFTER INSERT ON deadlines BEGIN UPDATE row_version SET version = version + 1 WHERE id = 1; END;
      CREATE TRIGGER deadlines_update_version AFTER UPDATE ON deadlines BEGIN UPDATE row_version SET version = version + 1 WHERE id = 1; END;
      CREATE TRIGGER deadlines_delete_version AFTER DELETE ON deadlines BEGIN UPDATE row_version SET version = version + 1 WHERE id = 1; END;
    `,
  },
];

export const LATEST_SCHEMA_VERSION = Math.max(...MIGRATIONS.map((m) => m.version));

/** The newest migration recorded in a store (0 for a new, empty file). */
export function storedSchemaVersion(db: Database): number {
  const table = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`).get();
  if (!table) return 0;
  const r = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
  return Number(r.v ?? 0);
}

export function migrate(db: Database, now: () => string): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as Array<{ version: number }>).map((r) => r.version),
  );
  let count = 0;
  for (const m of MIGRATIONS) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, now());
    }).immediate();
    count++;
  }
  return count;
}
