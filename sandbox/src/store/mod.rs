//! Embedded SQLite store. One connection behind a mutex; every write runs in a transaction.

pub mod audit;
pub mod keys;
pub mod policies;
pub mod servers;
pub mod sessions;

use rusqlite::Connection;

const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS servers (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    description TEXT,
    transport TEXT NOT NULL,
    endpoint TEXT,
    command TEXT,
    version TEXT NOT NULL,
    capabilities TEXT NOT NULL,
    status TEXT NOT NULL,
    sensitivity_level TEXT NOT NULL,
    signature TEXT,
    metadata TEXT NOT NULL,
    tags TEXT NOT NULL DEFAULT '[]',
    team_id TEXT,
    owner_id TEXT,
    consul_id TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS servers_created ON servers (created_at, id);
CREATE TABLE IF NOT EXISTS tools (
    id TEXT PRIMARY KEY,
    server_id TEXT NOT NULL REFERENCES servers (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    description TEXT,
    parameters TEXT NOT NULL,
    sensitivity_level TEXT NOT NULL,
    requires_approval INTEGER NOT NULL DEFAULT 0,
    signature TEXT,
    is_overridden INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    last_updated TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS tools_server ON tools (server_id);
CREATE TABLE IF NOT EXISTS sensitivity_history (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    tool_id TEXT NOT NULL,
    timestamp TEXT NOT NULL,
    previous_level TEXT NOT NULL,
    new_level TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    reason TEXT
);
CREATE INDEX IF NOT EXISTS sensitivity_history_tool ON sensitivity_history (tool_id);
-- One row per change of a server's state (creation, status, tool count, deletion); the time series
-- replay it. status 'deleted' marks removal.
CREATE TABLE IF NOT EXISTS server_history (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    server_id TEXT NOT NULL,
    timestamp TEXT NOT NULL,
    status TEXT NOT NULL,
    tool_count INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS server_history_ts ON server_history (timestamp);
CREATE TABLE IF NOT EXISTS audit_events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL UNIQUE,
    event_type TEXT NOT NULL,
    timestamp TEXT NOT NULL,
    severity TEXT NOT NULL,
    user_id TEXT,
    user_email TEXT,
    server_id TEXT,
    server_name TEXT,
    tool_name TEXT,
    decision TEXT,
    parameters TEXT NOT NULL DEFAULT '{}',
    reason TEXT,
    duration_ms REAL,
    details TEXT,
    ip_address TEXT,
    action TEXT NOT NULL,
    resource_type TEXT,
    resource_id TEXT
);
CREATE INDEX IF NOT EXISTS audit_ts ON audit_events (timestamp, seq);
CREATE TABLE IF NOT EXISTS policies (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    content TEXT NOT NULL,
    description TEXT,
    version TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS api_keys (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    team_id TEXT,
    name TEXT NOT NULL,
    description TEXT,
    key_prefix TEXT NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    scopes TEXT NOT NULL,
    rate_limit INTEGER NOT NULL,
    is_active INTEGER NOT NULL,
    expires_at TEXT,
    last_used_at TEXT,
    last_used_ip TEXT,
    usage_count INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    revoked_at TEXT,
    environment TEXT NOT NULL,
    owner TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    session_id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    last_activity TEXT NOT NULL,
    provider TEXT NOT NULL,
    ip_address TEXT,
    user_agent TEXT,
    refresh_hash TEXT NOT NULL UNIQUE,
    ended INTEGER NOT NULL DEFAULT 0,
    claims TEXT NOT NULL
);
"#;

/// Opens (creating if needed) the database at `path`; `:memory:` gives a private in-memory store.
pub fn open(path: &str) -> rusqlite::Result<Connection> {
    let conn = Connection::open(path)?;
    if path != ":memory:" {
        // WAL keeps readers and the single writer from blocking each other and survives crashes.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
    }
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.execute_batch(SCHEMA)?;
    Ok(conn)
}

pub fn is_empty(conn: &Connection) -> rusqlite::Result<bool> {
    let n: i64 = conn.query_row("SELECT (SELECT COUNT(*) FROM servers) + (SELECT COUNT(*) FROM audit_events) + (SELECT COUNT(*) FROM policies)", [], |r| r.get(0))?;
    Ok(n == 0)
}

/// Removes every row (used by the test admin reset before reseeding).
pub fn wipe(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "DELETE FROM tools; DELETE FROM servers; DELETE FROM sensitivity_history; DELETE FROM server_history;
         DELETE FROM audit_events; DELETE FROM policies; DELETE FROM api_keys; DELETE FROM sessions; DELETE FROM meta;",
    )
}
