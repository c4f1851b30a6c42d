//! Audit log queries (Tier D, contract 3.10).

use std::collections::{BTreeMap, HashMap};

use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};
use time::Duration;

use super::RawQuery;
use crate::errors::ApiResult;
use crate::state::AppState;
use crate::store::audit::{self, Filter};
use crate::util::{fmt_ts, now};
use crate::validate::Query;

pub const EVENT_TYPES: [&str; 13] = [
    "server_registered",
    "server_updated",
    "server_decommissioned",
    "tool_invoked",
    "authorization_allowed",
    "authorization_denied",
    "policy_created",
    "policy_updated",
    "policy_activated",
    "user_login",
    "user_logout",
    "security_violation",
    "configuration_changed",
];

pub async fn events(State(st): State<AppState>, q: RawQuery) -> ApiResult<Json<Value>> {
    let mut q = Query::new(q.0);
    let limit = q.int("limit", 1, Some(1000), 50);
    let offset = q.int("offset", 0, None, 0);
    let f = Filter {
        user_id: q.uuid("user_id").map(|u| u.to_string()),
        server_id: q.uuid("server_id").map(|u| u.to_string()),
        event_type: q.enumeration("event_type", &EVENT_TYPES, None),
        decision: q.enumeration("decision", &["allow", "deny"], None),
        start: q.datetime("start_time").map(fmt_ts),
        end: q.datetime("end_time").map(fmt_ts),
        user_email: q.string("user_email").filter(|s| !s.is_empty()),
        server_name: q.string("server_name").filter(|s| !s.is_empty()),
    };
    q.finish()?;
    let (events, total) = st.read(|c| Ok(audit::query(c, &f, limit, offset)?))?;
    Ok(Json(
        json!({"events": events, "total": total, "limit": limit, "offset": offset}),
    ))
}

fn top(counts: HashMap<String, i64>, key: &str, val: &str) -> Vec<Value> {
    let mut v: Vec<(String, i64)> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v.into_iter()
        .take(10)
        .map(|(k, n)| json!({key: k, val: n}))
        .collect()
}

pub async fn metrics(State(st): State<AppState>, q: RawQuery) -> ApiResult<Json<Value>> {
    let mut q = Query::new(q.0);
    let period = q
        .pattern("period", &["1h", "24h", "7d", "30d"], Some("24h"))
        .unwrap_or_default();
    q.finish()?;
    let secs = match period.as_str() {
        "1h" => 3600,
        "7d" => 7 * 86_400,
        "30d" => 30 * 86_400,
        _ => 86_400,
    };
    let since = fmt_ts(now() - Duration::seconds(secs));
    let rows = st.read(|c| Ok(audit::since(c, &since)?))?;
    let mut by_type: BTreeMap<String, i64> = BTreeMap::new();
    let (mut allow, mut deny) = (0i64, 0i64);
    let mut tools: HashMap<String, i64> = HashMap::new();
    let mut users: HashMap<String, i64> = HashMap::new();
    for (ty, decision, tool, email) in &rows {
        *by_type.entry(ty.clone()).or_insert(0) += 1;
        match decision.as_deref() {
            Some("allow") => allow += 1,
            Some("deny") => deny += 1,
            _ => {}
        }
        if let (true, Some(t)) = (ty == "tool_invoked", tool) {
            *tools.entry(t.clone()).or_insert(0) += 1;
        }
        if let Some(e) = email {
            *users.entry(e.clone()).or_insert(0) += 1;
        }
    }
    Ok(Json(json!({
        "period": period,
        "total_events": rows.len(),
        "by_event_type": by_type,
        "by_decision": {"allow": allow, "deny": deny},
        "top_tools": top(tools, "tool_name", "invocations"),
        "top_users": top(users, "user_email", "actions"),
    })))
}
