//! API keys: only a SHA-256 hash of the secret is stored.

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde_json::{json, Value};

use crate::util::{json_col, now, now_ts, parse_ts, random_alnum, sha256_hex};

#[derive(Clone, Debug)]
pub struct KeyRow {
    pub id: String,
    pub user_id: String,
    pub team_id: Option<String>,
    pub name: String,
    pub description: Option<String>,
    pub key_prefix: String,
    pub key_hash: String,
    pub scopes: Vec<String>,
    pub rate_limit: i64,
    pub is_active: bool,
    pub expires_at: Option<String>,
    pub last_used_at: Option<String>,
    pub last_used_ip: Option<String>,
    pub usage_count: i64,
    pub created_at: String,
    pub updated_at: String,
    pub revoked_at: Option<String>,
    pub environment: String,
    pub owner: Value,
}

const COLS: &str = "id, user_id, team_id, name, description, key_prefix, key_hash, scopes, rate_limit, is_active, \
    expires_at, last_used_at, last_used_ip, usage_count, created_at, updated_at, revoked_at, environment, owner";

fn from_row(r: &Row) -> rusqlite::Result<KeyRow> {
    Ok(KeyRow {
        id: r.get(0)?,
        user_id: r.get(1)?,
        team_id: r.get(2)?,
        name: r.get(3)?,
        description: r.get(4)?,
        key_prefix: r.get(5)?,
        key_hash: r.get(6)?,
        scopes: serde_json::from_str(&r.get::<_, String>(7)?).unwrap_or_default(),
        rate_limit: r.get(8)?,
        is_active: r.get::<_, i64>(9)? != 0,
        expires_at: r.get(10)?,
        last_used_at: r.get(11)?,
        last_used_ip: r.get(12)?,
        usage_count: r.get(13)?,
        created_at: r.get(14)?,
        updated_at: r.get(15)?,
        revoked_at: r.get(16)?,
        environment: r.get(17)?,
        owner: json_col(&r.get::<_, String>(18)?, json!({})),
    })
}

/// A new secret: `sark_sk_<env>_<prefix8>_<secret32>`; returns (full key, prefix, hash).
pub fn generate(env: &str) -> (String, String, String) {
    let prefix = random_alnum(8);
    let secret = random_alnum(32);
    let key = format!("sark_sk_{env}_{prefix}_{secret}");
    let hash = sha256_hex(&key);
    (key, prefix, hash)
}

pub fn insert(c: &Connection, k: &KeyRow) -> rusqlite::Result<()> {
    c.execute(
        &format!("INSERT INTO api_keys ({COLS}) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19)"),
        params![
            k.id,
            k.user_id,
            k.team_id,
            k.name,
            k.description,
            k.key_prefix,
            k.key_hash,
            serde_json::to_string(&k.scopes).unwrap_or_else(|_| "[]".into()),
            k.rate_limit,
            k.is_active as i64,
            k.expires_at,
            k.last_used_at,
            k.last_used_ip,
            k.usage_count,
            k.created_at,
            k.updated_at,
            k.revoked_at,
            k.environment,
            k.owner.to_string()
        ],
    )?;
    Ok(())
}

pub fn update(c: &Connection, k: &KeyRow) -> rusqlite::Result<()> {
    c.execute(
        "UPDATE api_keys SET name=?2, description=?3, key_prefix=?4, key_hash=?5, scopes=?6, rate_limit=?7,
         is_active=?8, updated_at=?9, revoked_at=?10, environment=?11 WHERE id=?1",
        params![
            k.id,
            k.name,
            k.description,
            k.key_prefix,
            k.key_hash,
            serde_json::to_string(&k.scopes).unwrap_or_else(|_| "[]".into()),
            k.rate_limit,
            k.is_active as i64,
            k.updated_at,
            k.revoked_at,
            k.environment
        ],
    )?;
    Ok(())
}

pub fn get(c: &Connection, id: &str) -> rusqlite::Result<Option<KeyRow>> {
    c.query_row(
        &format!("SELECT {COLS} FROM api_keys WHERE id=?1"),
        [id],
        from_row,
    )
    .optional()
}

pub fn list(c: &Connection) -> rusqlite::Result<Vec<KeyRow>> {
    let mut st = c.prepare(&format!(
        "SELECT {COLS} FROM api_keys ORDER BY created_at DESC, id DESC"
    ))?;
    let rows = st.query_map([], from_row)?;
    rows.collect()
}

pub fn is_expired(k: &KeyRow) -> bool {
    k.expires_at
        .as_deref()
        .and_then(parse_ts)
        .is_some_and(|t| t <= now())
}

/// The key whose SHA-256 is `hash`, if any.
pub fn find_by_hash(c: &Connection, hash: &str) -> rusqlite::Result<Option<KeyRow>> {
    c.query_row(
        &format!("SELECT {COLS} FROM api_keys WHERE key_hash=?1"),
        [hash],
        from_row,
    )
    .optional()
}

/// Records one use of key `id` from `ip`.
pub fn record_use(c: &Connection, id: &str, ip: Option<&str>) -> rusqlite::Result<()> {
    c.execute(
        "UPDATE api_keys SET last_used_at=?2, last_used_ip=?3, usage_count=usage_count+1 WHERE id=?1",
        params![id, now_ts(), ip],
    )
    .map(|_| ())
}
