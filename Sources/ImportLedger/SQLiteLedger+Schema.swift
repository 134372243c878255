import GRDB

extension SQLiteLedger {
    /// The schema by version. A migration, once released, never changes: add a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: jobs and rows") { db in
            try db.execute(sql: """
                CREATE TABLE job (
                    id INTEGER PRIMARY KEY,
                    fingerprint TEXT NOT NULL UNIQUE,
                    input_path TEXT NOT NULL,
                    input_sha256 TEXT NOT NULL,
                    input_bytes INTEGER NOT NULL,
                    template TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    updated_at REAL NOT NULL,
                    completed_at REAL
                );
                CREATE TABLE row (
                    job_id INTEGER NOT NULL REFERENCES job(id),
                    record INTEGER NOT NULL,
                    line INTEGER NOT NULL,
                    reference_id TEXT,
                    state TEXT NOT NULL,
                    idempotency_key TEXT,
                    key_generation INTEGER NOT NULL DEFAULT 0,
                    key_sent_at REAL,
                    body_sha256 TEXT,
                    last_status INTEGER NOT NULL DEFAULT 0,
                    inquiry_id TEXT,
                    request_id TEXT,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    error TEXT,
                    first_attempt_at REAL,
                    updated_at REAL NOT NULL,
                    PRIMARY KEY (job_id, record)
                ) WITHOUT ROWID;
                CREATE INDEX row_by_state ON row (job_id, state);
                CREATE INDEX row_by_reference ON row (reference_id, state) WHERE reference_id IS NOT NULL;
                """)
        }
        migrator.registerMigration("v2: rows that may have reached Persona, superseded rows") { db in
            // `reached`: an earlier run left the row `sending` under its current key, so its request
            // may have reached Persona; set by `markSending`, it keeps a stop from putting the row
            // back to `pending`. (Older builds refuse a ledger migrated to v2.)
            try db.execute(sql: "ALTER TABLE row ADD COLUMN reached INTEGER NOT NULL DEFAULT 0")
        }
        migrator.registerMigration("v3: inquiry statuses and one-time links") { db in
            // Each created inquiry's status as Persona last reported it (follow, webhooks), and
            // its one-time link: beside the rows, so that recording one touches no row state.
            try db.execute(sql: """
                CREATE TABLE inquiry_status (
                    inquiry_id TEXT PRIMARY KEY,
                    status TEXT NOT NULL,
                    changed_at REAL NOT NULL,
                    recorded_at REAL NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE inquiry_link (
                    inquiry_id TEXT PRIMARY KEY,
                    url TEXT NOT NULL,
                    short_url TEXT,
                    expires_at REAL NOT NULL,
                    issued_at REAL NOT NULL
                ) WITHOUT ROWID;
                """)
        }
        return migrator
    }
}
