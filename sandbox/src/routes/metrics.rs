//! Metrics (contract 3.8): real counts and time series replayed from stored history.

use std::collections::{BTreeMap, HashMap};

use axum::extract::State;
use axum::Json;
use rusqlite::Connection;
use serde_json::{json, Value};
use time::Duration;

use super::RawQuery;
use crate::errors::{ApiError, ApiResult};
use crate::state::AppState;
use crate::store::{audit, servers as db};
use crate::util::{fmt_ts, now};
use crate::validate::{Query, ServerId};

fn nonzero(m: BTreeMap<String, i64>) -> Value {
    json!(m
        .into_iter()
        .filter(|(_, v)| *v > 0)
        .collect::<BTreeMap<_, _>>())
}

pub fn summary_json(c: &Connection) -> Result<Value, ApiError> {
    let servers = db::all_servers(c)?;
    let total_tools: i64 = c.query_row("SELECT COUNT(*) FROM tools", [], |r| r.get(0))?;
    let count = |st: &str| servers.iter().filter(|s| s.status == st).count();
    let mut by_t = BTreeMap::new();
    let mut by_s = BTreeMap::new();
    for s in &servers {
        *by_t.entry(s.transport.clone()).or_insert(0) += 1;
        *by_s.entry(s.sensitivity_level.clone()).or_insert(0) += 1;
    }
    let avg = if servers.is_empty() {
        0.0
    } else {
        ((total_tools as f64 / servers.len() as f64) * 100.0).round() / 100.0
    };
    Ok(json!({
        "total_servers": servers.len(),
        "active_servers": count("active"),
        "inactive_servers": count("inactive"),
        "unhealthy_servers": count("unhealthy"),
        "total_tools": total_tools,
        "servers_by_transport": nonzero(by_t),
        "servers_by_sensitivity": nonzero(by_s),
        "average_tools_per_server": avg,
    }))
}

/// Body of a `metrics_update` frame.
pub fn live_json(c: &Connection) -> Result<Value, ApiError> {
    let s = summary_json(c)?;
    let since = fmt_ts(now() - Duration::hours(24));
    let (n, allowed) = audit::decisions_since(c, &since)?;
    let rate = if n == 0 {
        0.0
    } else {
        allowed as f64 / n as f64
    };
    Ok(json!({
        "total_servers": s["total_servers"], "active_servers": s["active_servers"],
        "unhealthy_servers": s["unhealthy_servers"], "inactive_servers": s["inactive_servers"],
        "total_tools": s["total_tools"], "recent_policy_decisions": n,
        "policy_allow_rate": (rate * 10_000.0).round() / 10_000.0,
    }))
}

pub async fn summary(State(st): State<AppState>) -> ApiResult<Json<Value>> {
    Ok(Json(st.read(summary_json)?))
}

pub async fn server(State(st): State<AppState>, ServerId(id): ServerId) -> ApiResult<Json<Value>> {
    let v = st.read(|c| {
        let s = super::servers::existing(c, &id)?;
        let tools = db::tools_of(c, &id)?;
        let mut by = BTreeMap::new();
        for t in &tools {
            *by.entry(t.sensitivity_level.clone()).or_insert(0i64) += 1;
        }
        Ok(json!({
            "server_id": s.id, "server_name": s.name, "status": s.status, "transport": s.transport,
            "sensitivity_level": s.sensitivity_level, "total_tools": tools.len(),
            "tools_by_sensitivity": nonzero(by), "created_at": s.created_at,
            // The sandbox does not simulate health checks (contract B8).
            "last_health_check": null, "uptime_percentage": null,
        }))
    })?;
    Ok(Json(v))
}

pub const METRICS: [&str; 4] = [
    "server_count",
    "active_servers",
    "tool_count",
    "health_checks",
];
pub const RANGES: [&str; 5] = ["1h", "6h", "24h", "7d", "30d"];
pub const INTERVALS: [&str; 5] = ["5m", "15m", "1h", "6h", "1d"];

fn secs(s: &str) -> i64 {
    match s {
        "5m" => 300,
        "15m" => 900,
        "1h" => 3600,
        "6h" => 6 * 3600,
        "24h" | "1d" => 86_400,
        "7d" => 7 * 86_400,
        "30d" => 30 * 86_400,
        _ => 3600,
    }
}

pub async fn timeseries(State(st): State<AppState>, q: RawQuery) -> ApiResult<Json<Value>> {
    let mut q = Query::new(q.0);
    let metric = q.pattern("metric", &METRICS, None).unwrap_or_default();
    let range = q
        .pattern("time_range", &RANGES, Some("24h"))
        .unwrap_or_default();
    let interval = q
        .pattern("interval", &INTERVALS, Some("1h"))
        .unwrap_or_default();
    q.finish()?;
    let history = st.read(|c| Ok(db::history(c)?))?;
    let end = now();
    let step = secs(&interval);
    let n = secs(&range) / step;
    let start = end - Duration::seconds(n * step);
    // Replay the history forward, sampling the state at each point.
    let mut state: HashMap<&str, (&str, i64)> = HashMap::new();
    let mut i = 0;
    let mut points = Vec::new();
    for k in 0..=n {
        let t = if k == n {
            end
        } else {
            start + Duration::seconds(k * step)
        };
        let ts = fmt_ts(t);
        while i < history.len() && history[i].timestamp <= ts {
            let h = &history[i];
            if h.status == "deleted" {
                state.remove(h.server_id.as_str());
            } else {
                state.insert(&h.server_id, (&h.status, h.tool_count));
            }
            i += 1;
        }
        let count = state.len() as f64;
        let value = match metric.as_str() {
            "server_count" => count,
            "active_servers" => state.values().filter(|(s, _)| *s == "active").count() as f64,
            "tool_count" => state.values().map(|(_, n)| *n).sum::<i64>() as f64,
            _ => {
                if count == 0.0 {
                    100.0
                } else {
                    let ok = state.values().filter(|(s, _)| *s != "unhealthy").count() as f64;
                    (ok / count * 10_000.0).round() / 100.0
                }
            }
        };
        points.push(json!({"timestamp": ts, "value": value, "metadata": {"interval": interval, "source": "recorded"}}));
    }
    Ok(Json(
        json!({"metric_name": metric, "time_range": range, "interval": interval, "data_points": points}),
    ))
}
