//! Health endpoints (public; contract 3.1).

use std::time::Instant;

use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};

use crate::state::AppState;

pub const VERSION: &str = "2.0.0-sandbox";
pub const ENVIRONMENT: &str = "sandbox";

fn simple(status: &str) -> Json<Value> {
    Json(json!({"status": status, "version": VERSION, "environment": ENVIRONMENT}))
}

pub async fn root() -> Json<Value> {
    simple("healthy")
}

pub async fn live() -> Json<Value> {
    simple("alive")
}

pub async fn startup() -> Json<Value> {
    simple("started")
}

/// The database check is real; redis and OPA are simulated dependencies.
fn db_probe(st: &AppState) -> (bool, f64) {
    let t = Instant::now();
    let ok = st
        .conn()
        .query_row("SELECT 1", [], |r| r.get::<_, i64>(0))
        .is_ok();
    (ok, t.elapsed().as_secs_f64() * 1000.0)
}

pub async fn ready(State(st): State<AppState>) -> Json<Value> {
    let (db, _) = db_probe(&st);
    Json(json!({"ready": db, "database": db, "redis": true, "opa": true}))
}

pub async fn detailed(State(st): State<AppState>) -> Json<Value> {
    let (db, latency) = db_probe(&st);
    Json(json!({
        "status": if db { "healthy" } else { "degraded" },
        "version": VERSION,
        "environment": ENVIRONMENT,
        "dependencies": {
            "postgresql": {"healthy": db, "latency_ms": latency, "error": if db { Value::Null } else { json!("database unavailable") }},
            "redis": {"healthy": true, "latency_ms": 0.4, "error": null},
            "opa": {"healthy": true, "latency_ms": 1.2, "error": null},
        },
        "overall_healthy": db,
    }))
}
