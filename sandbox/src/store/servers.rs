//! Servers, their tools, sensitivity overrides and the state history behind the time series.

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde_json::{json, Value};

use crate::util::json_col;

#[derive(Clone, Debug)]
pub struct ServerRow {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub transport: String,
    pub endpoint: Option<String>,
    pub command: Option<String>,
    pub version: String,
    pub capabilities: Value,
    pub status: String,
    pub sensitivity_level: String,
    pub signature: Option<String>,
    pub metadata: Value,
    pub tags: Vec<String>,
    pub team_id: Option<String>,
    pub owner_id: Option<String>,
    pub consul_id: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Clone, Debug)]
pub struct ToolRow {
    pub id: String,
    pub server_id: String,
    pub name: String,
    pub description: Option<String>,
    pub parameters: Value,
    pub sensitivity_level: String,
    pub requires_approval: bool,
    pub signature: Option<String>,
    pub is_overridden: bool,
    pub created_at: String,
    pub last_updated: String,
}

const SERVER_COLS: &str = "id, name, description, transport, endpoint, command, version, capabilities, status, \
    sensitivity_level, signature, metadata, tags, team_id, owner_id, consul_id, created_at, updated_at";
const TOOL_COLS: &str =
    "id, server_id, name, description, parameters, sensitivity_level, requires_approval, \
    signature, is_overridden, created_at, last_updated";

fn server_from(r: &Row) -> rusqlite::Result<ServerRow> {
    let tags: String = r.get(12)?;
    Ok(ServerRow {
        id: r.get(0)?,
        name: r.get(1)?,
        description: r.get(2)?,
        transport: r.get(3)?,
        endpoint: r.get(4)?,
        command: r.get(5)?,
        version: r.get(6)?,
        capabilities: json_col(&r.get::<_, String>(7)?, json!([])),
        status: r.get(8)?,
        sensitivity_level: r.get(9)?,
        signature: r.get(10)?,
        metadata: json_col(&r.get::<_, String>(11)?, json!({})),
        tags: serde_json::from_str(&tags).unwrap_or_default(),
        team_id: r.get(13)?,
        owner_id: r.get(14)?,
        consul_id: r.get(15)?,
        created_at: r.get(16)?,
        updated_at: r.get(17)?,
    })
}

fn tool_from(r: &Row) -> rusqlite::Result<ToolRow> {
    Ok(ToolRow {
        id: r.get(0)?,
        server_id: r.get(1)?,
        name: r.get(2)?,
        description: r.get(3)?,
        parameters: json_col(&r.get::<_, String>(4)?, json!({})),
        sensitivity_level: r.get(5)?,
        requires_approval: r.get::<_, i64>(6)? != 0,
        signature: r.get(7)?,
        is_overridden: r.get::<_, i64>(8)? != 0,
        created_at: r.get(9)?,
        last_updated: r.get(10)?,
    })
}

pub fn insert_server(c: &Connection, s: &ServerRow) -> rusqlite::Result<()> {
    let mut st = c.prepare_cached(&format!(
        "INSERT INTO servers ({SERVER_COLS}) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18)"
    ))?;
    st.execute(params![
        s.id,
        s.name,
        s.description,
        s.transport,
        s.endpoint,
        s.command,
        s.version,
        s.capabilities.to_string(),
        s.status,
        s.sensitivity_level,
        s.signature,
        s.metadata.to_string(),
        serde_json::to_string(&s.tags).unwrap_or_else(|_| "[]".into()),
        s.team_id,
        s.owner_id,
        s.consul_id,
        s.created_at,
        s.updated_at
    ])?;
    Ok(())
}

/// Rewrites every editable column of an existing server.
pub fn update_server(c: &Connection, s: &ServerRow) -> rusqlite::Result<()> {
    c.execute(
        "UPDATE servers SET name=?2, description=?3, transport=?4, endpoint=?5, command=?6, version=?7,
         capabilities=?8, status=?9, sensitivity_level=?10, signature=?11, metadata=?12, updated_at=?13 WHERE id=?1",
        params![
            s.id,
            s.name,
            s.description,
            s.transport,
            s.endpoint,
            s.command,
            s.version,
            s.capabilities.to_string(),
            s.status,
            s.sensitivity_level,
            s.signature,
            s.metadata.to_string(),
            s.updated_at
        ],
    )?;
    Ok(())
}

pub fn insert_tool(c: &Connection, t: &ToolRow) -> rusqlite::Result<()> {
    let mut st = c.prepare_cached(&format!(
        "INSERT INTO tools ({TOOL_COLS}) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)"
    ))?;
    st.execute(params![
        t.id,
        t.server_id,
        t.name,
        t.description,
        t.parameters.to_string(),
        t.sensitivity_level,
        t.requires_approval as i64,
        t.signature,
        t.is_overridden as i64,
        t.created_at,
        t.last_updated
    ])?;
    Ok(())
}

pub fn update_tool(c: &Connection, t: &ToolRow) -> rusqlite::Result<()> {
    c.execute(
        "UPDATE tools SET name=?2, description=?3, parameters=?4, sensitivity_level=?5, requires_approval=?6,
         signature=?7, is_overridden=?8, last_updated=?9 WHERE id=?1",
        params![
            t.id,
            t.name,
            t.description,
            t.parameters.to_string(),
            t.sensitivity_level,
            t.requires_approval as i64,
            t.signature,
            t.is_overridden as i64,
            t.last_updated
        ],
    )?;
    Ok(())
}

pub fn delete_tool(c: &Connection, id: &str) -> rusqlite::Result<()> {
    c.execute("DELETE FROM tools WHERE id=?1", [id])?;
    Ok(())
}

pub fn get_server(c: &Connection, id: &str) -> rusqlite::Result<Option<ServerRow>> {
    c.query_row(
        &format!("SELECT {SERVER_COLS} FROM servers WHERE id=?1"),
        [id],
        server_from,
    )
    .optional()
}

pub fn all_servers(c: &Connection) -> rusqlite::Result<Vec<ServerRow>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {SERVER_COLS} FROM servers ORDER BY created_at, id"
    ))?;
    let rows = st.query_map([], server_from)?;
    rows.collect()
}

pub fn tools_of(c: &Connection, server_id: &str) -> rusqlite::Result<Vec<ToolRow>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {TOOL_COLS} FROM tools WHERE server_id=?1 ORDER BY created_at, name"
    ))?;
    let rows = st.query_map([server_id], tool_from)?;
    rows.collect()
}

pub fn all_tools(c: &Connection) -> rusqlite::Result<Vec<ToolRow>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {TOOL_COLS} FROM tools ORDER BY created_at, id"
    ))?;
    let rows = st.query_map([], tool_from)?;
    rows.collect()
}

pub fn get_tool(c: &Connection, id: &str) -> rusqlite::Result<Option<ToolRow>> {
    c.query_row(
        &format!("SELECT {TOOL_COLS} FROM tools WHERE id=?1"),
        [id],
        tool_from,
    )
    .optional()
}

pub fn tool_by_name(
    c: &Connection,
    server_id: &str,
    name: &str,
) -> rusqlite::Result<Option<ToolRow>> {
    c.query_row(
        &format!("SELECT {TOOL_COLS} FROM tools WHERE server_id=?1 AND name=?2 ORDER BY created_at LIMIT 1"),
        [server_id, name],
        tool_from,
    )
    .optional()
}

pub fn set_status(c: &Connection, id: &str, status: &str, ts: &str) -> rusqlite::Result<()> {
    c.execute(
        "UPDATE servers SET status=?2, updated_at=?3 WHERE id=?1",
        params![id, status, ts],
    )?;
    Ok(())
}

pub fn delete_server(c: &Connection, id: &str) -> rusqlite::Result<()> {
    c.execute("DELETE FROM tools WHERE server_id=?1", [id])?;
    c.execute("DELETE FROM servers WHERE id=?1", [id])?;
    Ok(())
}

pub fn tool_count(c: &Connection, server_id: &str) -> rusqlite::Result<i64> {
    c.query_row(
        "SELECT COUNT(*) FROM tools WHERE server_id=?1",
        [server_id],
        |r| r.get(0),
    )
}

/// Appends a state snapshot for the time series.
pub fn record_history(
    c: &Connection,
    server_id: &str,
    ts: &str,
    status: &str,
    tools: i64,
) -> rusqlite::Result<()> {
    let mut st = c.prepare_cached(
        "INSERT INTO server_history (server_id, timestamp, status, tool_count) VALUES (?1,?2,?3,?4)",
    )?;
    st.execute(params![server_id, ts, status, tools])?;
    Ok(())
}

pub struct HistoryRow {
    pub server_id: String,
    pub timestamp: String,
    pub status: String,
    pub tool_count: i64,
}

pub fn history(c: &Connection) -> rusqlite::Result<Vec<HistoryRow>> {
    let mut st = c.prepare_cached(
        "SELECT server_id, timestamp, status, tool_count FROM server_history ORDER BY timestamp, seq",
    )?;
    let rows = st.query_map([], |r| {
        Ok(HistoryRow {
            server_id: r.get(0)?,
            timestamp: r.get(1)?,
            status: r.get(2)?,
            tool_count: r.get(3)?,
        })
    })?;
    rows.collect()
}

pub struct OverrideRow {
    pub timestamp: String,
    pub previous_level: String,
    pub new_level: String,
    pub updated_by: String,
    pub reason: Option<String>,
}

pub fn insert_override(c: &Connection, tool_id: &str, o: &OverrideRow) -> rusqlite::Result<()> {
    let mut st = c.prepare_cached(
        "INSERT INTO sensitivity_history (tool_id, timestamp, previous_level, new_level, updated_by, reason)
         VALUES (?1,?2,?3,?4,?5,?6)",
    )?;
    st.execute(params![
        tool_id,
        o.timestamp,
        o.previous_level,
        o.new_level,
        o.updated_by,
        o.reason
    ])?;
    Ok(())
}

pub fn overrides(c: &Connection, tool_id: &str) -> rusqlite::Result<Vec<OverrideRow>> {
    let mut st = c.prepare_cached(
        "SELECT timestamp, previous_level, new_level, updated_by, reason FROM sensitivity_history
         WHERE tool_id=?1 ORDER BY timestamp, seq",
    )?;
    let rows = st.query_map([tool_id], |r| {
        Ok(OverrideRow {
            timestamp: r.get(0)?,
            previous_level: r.get(1)?,
            new_level: r.get(2)?,
            updated_by: r.get(3)?,
            reason: r.get(4)?,
        })
    })?;
    rows.collect()
}
