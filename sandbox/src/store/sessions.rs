//! Sign-in sessions and their rotating refresh tokens (stored hashed).

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde_json::{json, Value};

use crate::util::{json_col, now_ts};

#[derive(Clone, Debug)]
pub struct SessionRow {
    pub session_id: String,
    pub user_id: String,
    pub created_at: String,
    pub expires_at: String,
    pub last_activity: String,
    pub provider: String,
    pub ip_address: Option<String>,
    pub user_agent: Option<String>,
    pub refresh_hash: String,
    pub ended: bool,
    /// Identity claims to put in access tokens issued by refresh.
    pub claims: Value,
}

const COLS: &str = "session_id, user_id, created_at, expires_at, last_activity, provider, ip_address, user_agent, \
    refresh_hash, ended, claims";

fn from_row(r: &Row) -> rusqlite::Result<SessionRow> {
    Ok(SessionRow {
        session_id: r.get(0)?,
        user_id: r.get(1)?,
        created_at: r.get(2)?,
        expires_at: r.get(3)?,
        last_activity: r.get(4)?,
        provider: r.get(5)?,
        ip_address: r.get(6)?,
        user_agent: r.get(7)?,
        refresh_hash: r.get(8)?,
        ended: r.get::<_, i64>(9)? != 0,
        claims: json_col(&r.get::<_, String>(10)?, json!({})),
    })
}

pub fn insert(c: &Connection, s: &SessionRow) -> rusqlite::Result<()> {
    c.execute(
        &format!("INSERT INTO sessions ({COLS}) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)"),
        params![
            s.session_id,
            s.user_id,
            s.created_at,
            s.expires_at,
            s.last_activity,
            s.provider,
            s.ip_address,
            s.user_agent,
            s.refresh_hash,
            s.ended as i64,
            s.claims.to_string()
        ],
    )?;
    Ok(())
}

/// A live session holding this refresh token hash.
pub fn by_refresh(c: &Connection, hash: &str) -> rusqlite::Result<Option<SessionRow>> {
    let s = c
        .query_row(
            &format!("SELECT {COLS} FROM sessions WHERE refresh_hash=?1 AND ended=0"),
            [hash],
            from_row,
        )
        .optional()?;
    Ok(s.filter(|s| s.expires_at > now_ts()))
}

pub fn rotate(c: &Connection, id: &str, new_hash: &str, expires_at: &str) -> rusqlite::Result<()> {
    c.execute(
        "UPDATE sessions SET refresh_hash=?2, expires_at=?3, last_activity=?4 WHERE session_id=?1",
        params![id, new_hash, expires_at, now_ts()],
    )?;
    Ok(())
}

pub fn end(c: &Connection, id: &str) -> rusqlite::Result<()> {
    c.execute("UPDATE sessions SET ended=1 WHERE session_id=?1", [id])?;
    Ok(())
}

/// Live sessions of a user, newest first.
pub fn of_user(c: &Connection, user_id: &str) -> rusqlite::Result<Vec<SessionRow>> {
    let mut st = c.prepare(&format!(
        "SELECT {COLS} FROM sessions WHERE user_id=?1 AND ended=0 AND expires_at > ?2 ORDER BY created_at DESC"
    ))?;
    let rows = st.query_map(params![user_id, now_ts()], from_row)?;
    rows.collect()
}
