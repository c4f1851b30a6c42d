//! Audit events: writing (with the live `audit_event` frame) and querying.

use std::sync::Arc;

use rusqlite::{params, params_from_iter, Connection, Row};
use serde_json::{json, Value};

use crate::events::{Channel, Event};
use crate::util::{json_col, now_ts};

/// An audit event to record. `action`, `resource_type` and `resource_id` only feed the live frame.
#[derive(Clone, Debug, Default)]
pub struct NewAudit {
    pub event_type: &'static str,
    pub severity: &'static str,
    pub user_id: Option<String>,
    pub user_email: Option<String>,
    pub server_id: Option<String>,
    pub server_name: Option<String>,
    pub tool_name: Option<String>,
    pub decision: Option<&'static str>,
    pub parameters: Option<Value>,
    pub reason: Option<String>,
    pub duration_ms: Option<f64>,
    pub details: Option<Value>,
    pub ip_address: Option<String>,
    pub action: String,
    pub resource_type: Option<&'static str>,
    pub resource_id: Option<String>,
    /// Defaults to now; the seeder back-dates events.
    pub timestamp: Option<String>,
    /// Defaults to a fresh UUID; the seeder draws ids from its RNG.
    pub event_id: Option<String>,
}

impl NewAudit {
    pub fn new(
        event_type: &'static str,
        severity: &'static str,
        action: impl Into<String>,
    ) -> Self {
        NewAudit {
            event_type,
            severity,
            action: action.into(),
            ..Default::default()
        }
    }
}

/// Inserts without broadcasting (seeding).
pub fn insert(c: &Connection, ev: &NewAudit) -> rusqlite::Result<(String, String)> {
    let id = ev
        .event_id
        .clone()
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let ts = ev.timestamp.clone().unwrap_or_else(now_ts);
    let mut st = c.prepare_cached(
        "INSERT INTO audit_events (event_id, event_type, timestamp, severity, user_id, user_email, server_id,
         server_name, tool_name, decision, parameters, reason, duration_ms, details, ip_address, action,
         resource_type, resource_id) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18)",
    )?;
    st.execute(params![
        id,
        ev.event_type,
        ts,
        ev.severity,
        ev.user_id,
        ev.user_email,
        ev.server_id,
        ev.server_name,
        ev.tool_name,
        ev.decision,
        ev.parameters
            .clone()
            .unwrap_or_else(|| json!({}))
            .to_string(),
        ev.reason,
        ev.duration_ms,
        ev.details.as_ref().map(Value::to_string),
        ev.ip_address,
        ev.action,
        ev.resource_type,
        ev.resource_id
    ])?;
    Ok((id, ts))
}

/// Records an event and queues its `audit_event` frame (sent after the transaction commits).
pub fn record(c: &Connection, ev: NewAudit, out: &mut Vec<Event>) -> rusqlite::Result<String> {
    let (id, ts) = insert(c, &ev)?;
    let mut event = event_json(&id, &ts, &ev);
    if let Some(o) = event.as_object_mut() {
        o.insert("id".into(), json!(id));
        o.insert("action".into(), json!(ev.action));
        o.insert("resource_type".into(), json!(ev.resource_type));
        o.insert("resource_id".into(), json!(ev.resource_id));
        o.insert("ip_address".into(), json!(ev.ip_address));
    }
    let frame = json!({"type": "audit_event", "timestamp": ts, "event": event});
    out.push(Event {
        channel: Channel::Audit,
        frame: Arc::from(frame.to_string()),
    });
    Ok(id)
}

fn event_json(id: &str, ts: &str, ev: &NewAudit) -> Value {
    let mut v = json!({
        "event_id": id, "event_type": ev.event_type, "timestamp": ts, "severity": ev.severity,
        "user_id": ev.user_id, "user_email": ev.user_email, "server_id": ev.server_id,
        "server_name": ev.server_name, "tool_name": ev.tool_name, "decision": ev.decision,
        "parameters": ev.parameters.clone().unwrap_or_else(|| json!({})), "reason": ev.reason,
        "duration_ms": ev.duration_ms,
    });
    if let (Some(d), Some(o)) = (&ev.details, v.as_object_mut()) {
        o.insert("details".into(), d.clone());
    }
    v
}

const COLS: &str =
    "event_id, event_type, timestamp, severity, user_id, user_email, server_id, server_name, \
    tool_name, decision, parameters, reason, duration_ms, details";

fn row_json(r: &Row) -> rusqlite::Result<Value> {
    let details: Option<String> = r.get(13)?;
    let mut v = json!({
        "event_id": r.get::<_, String>(0)?, "event_type": r.get::<_, String>(1)?,
        "timestamp": r.get::<_, String>(2)?, "severity": r.get::<_, String>(3)?,
        "user_id": r.get::<_, Option<String>>(4)?, "user_email": r.get::<_, Option<String>>(5)?,
        "server_id": r.get::<_, Option<String>>(6)?, "server_name": r.get::<_, Option<String>>(7)?,
        "tool_name": r.get::<_, Option<String>>(8)?, "decision": r.get::<_, Option<String>>(9)?,
        "parameters": json_col(&r.get::<_, String>(10)?, json!({})),
        "reason": r.get::<_, Option<String>>(11)?, "duration_ms": r.get::<_, Option<f64>>(12)?,
    });
    if let (Some(d), Some(o)) = (details, v.as_object_mut()) {
        o.insert("details".into(), json_col(&d, json!({})));
    }
    Ok(v)
}

#[derive(Default)]
pub struct Filter {
    pub user_id: Option<String>,
    pub server_id: Option<String>,
    pub event_type: Option<String>,
    pub decision: Option<String>,
    pub start: Option<String>,
    pub end: Option<String>,
    pub user_email: Option<String>,
    pub server_name: Option<String>,
}

/// Newest first. Substring filters are applied in Rust so they are Unicode case-insensitive.
pub fn query(
    c: &Connection,
    f: &Filter,
    limit: i64,
    offset: i64,
) -> rusqlite::Result<(Vec<Value>, i64)> {
    let mut clauses = Vec::new();
    let mut args: Vec<String> = Vec::new();
    let mut add = |clause: &str, v: &Option<String>| {
        if let Some(v) = v {
            args.push(v.clone());
            clauses.push(clause.replace('?', &format!("?{}", args.len())));
        }
    };
    add("user_id = ?", &f.user_id);
    add("server_id = ?", &f.server_id);
    add("event_type = ?", &f.event_type);
    add("decision = ?", &f.decision);
    add("timestamp >= ?", &f.start);
    add("timestamp < ?", &f.end);
    let wh = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };
    let substr = f.user_email.is_some() || f.server_name.is_some();
    if !substr {
        let total: i64 = c.query_row(
            &format!("SELECT COUNT(*) FROM audit_events {wh}"),
            params_from_iter(args.iter()),
            |r| r.get(0),
        )?;
        let mut st = c.prepare(&format!(
            "SELECT {COLS} FROM audit_events {wh} ORDER BY timestamp DESC, seq DESC LIMIT {limit} OFFSET {offset}"
        ))?;
        let rows = st.query_map(params_from_iter(args.iter()), row_json)?;
        return Ok((rows.collect::<rusqlite::Result<Vec<_>>>()?, total));
    }
    let mut st = c.prepare(&format!(
        "SELECT {COLS} FROM audit_events {wh} ORDER BY timestamp DESC, seq DESC"
    ))?;
    let rows = st.query_map(params_from_iter(args.iter()), row_json)?;
    let ue = f.user_email.as_ref().map(|s| s.to_lowercase());
    let sn = f.server_name.as_ref().map(|s| s.to_lowercase());
    let contains = |v: &Value, key: &str, needle: &Option<String>| match needle {
        None => true,
        Some(n) => v
            .get(key)
            .and_then(Value::as_str)
            .is_some_and(|s| s.to_lowercase().contains(n.as_str())),
    };
    let mut total = 0i64;
    let mut page = Vec::new();
    for r in rows {
        let v = r?;
        if contains(&v, "user_email", &ue) && contains(&v, "server_name", &sn) {
            if total >= offset && (page.len() as i64) < limit {
                page.push(v);
            }
            total += 1;
        }
    }
    Ok((page, total))
}

/// (event_type, decision, tool_name, user_email) of one event.
pub type Brief = (String, Option<String>, Option<String>, Option<String>);

/// Brief rows of the events since `since`.
pub fn since(c: &Connection, since: &str) -> rusqlite::Result<Vec<Brief>> {
    let mut st = c.prepare_cached(
        "SELECT event_type, decision, tool_name, user_email FROM audit_events WHERE timestamp >= ?1",
    )?;
    let rows = st.query_map([since], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
    })?;
    rows.collect()
}

/// Policy decisions (authorization events) since `since`: (total, allowed).
pub fn decisions_since(c: &Connection, since: &str) -> rusqlite::Result<(i64, i64)> {
    c.query_row(
        "SELECT COUNT(*), COALESCE(SUM(event_type = 'authorization_allowed'), 0) FROM audit_events
         WHERE timestamp >= ?1 AND event_type IN ('authorization_allowed', 'authorization_denied')",
        [since],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}
