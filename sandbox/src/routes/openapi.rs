//! `GET /openapi.json` (public, contract §6.0): the routes this sandbox serves, with their
//! methods, so the console learns its capabilities in one request. In Tier-S-only mode the
//! tier-D routes are left out, exactly as they answer 404/405 then. Only `paths` and method
//! names carry meaning; operations are minimal (`summary`, `responses`).

use axum::extract::State;
use axum::http::Method;
use axum::Json;
use serde_json::{json, Map, Value};

use crate::state::AppState;

/// Every HTTP route of the router in `app.rs` (WebSockets are not HTTP operations, as in
/// FastAPI's document), with its methods.
pub const ROUTES: &[(&str, &[&str])] = &[
    ("/health/", &["get"]),
    ("/health/live", &["get"]),
    ("/health/ready", &["get"]),
    ("/health/startup", &["get"]),
    ("/health/detailed", &["get"]),
    ("/api/v1/auth/login/ldap", &["post"]),
    ("/api/v1/auth/refresh", &["post"]),
    ("/api/v1/auth/logout", &["post"]),
    ("/api/v1/auth/me", &["get"]),
    ("/api/v1/servers/", &["get", "post"]),
    (
        "/api/v1/servers/{server_id}",
        &["get", "put", "patch", "delete"],
    ),
    ("/api/v1/servers/{server_id}/tools", &["get"]),
    ("/api/v1/servers/{server_id}/tools/{tool_name}", &["get"]),
    (
        "/api/v1/servers/{server_id}/tools/{tool_name}/invoke",
        &["post"],
    ),
    ("/api/v1/bulk/servers/register", &["post"]),
    ("/api/v1/bulk/servers/status", &["patch"]),
    ("/api/v1/policy/list", &["get"]),
    ("/api/v1/policy/evaluate", &["post"]),
    ("/api/v1/policy/validate", &["post"]),
    ("/api/v1/policies", &["get", "post"]),
    ("/api/v1/policies/{policy_id}", &["get", "put", "delete"]),
    ("/api/v1/tools/statistics/sensitivity", &["get"]),
    ("/api/v1/tools/{tool_id}/sensitivity", &["get", "post"]),
    ("/api/v1/tools/{tool_id}/sensitivity/history", &["get"]),
    ("/api/v1/tools/sensitivity/{level}", &["get"]),
    ("/api/v1/tools/detect-sensitivity", &["post"]),
    (
        "/api/v1/tools/servers/{server_id}/tools/detect-all",
        &["post"],
    ),
    ("/api/v1/metrics/summary", &["get"]),
    ("/api/v1/metrics/timeseries/servers", &["get"]),
    ("/api/v1/metrics/{server_id}", &["get"]),
    ("/api/v1/export/servers.csv", &["get"]),
    ("/api/v1/export/servers.json", &["get"]),
    ("/api/v1/export/tools.csv", &["get"]),
    ("/api/v1/export/tools.json", &["get"]),
    ("/api/v1/audit/events", &["get"]),
    ("/api/v1/audit/metrics", &["get"]),
    ("/api/v1/sessions", &["get"]),
    ("/api/auth/api-keys", &["get", "post"]),
    ("/api/auth/api-keys/{key_id}", &["get", "patch", "delete"]),
    ("/api/auth/api-keys/{key_id}/rotate", &["post"]),
    ("/api/v1/ws/connections", &["get"]),
];

/// The document for the current mode.
pub fn document(tier_s_only: bool) -> Value {
    let mut paths = Map::new();
    for (path, methods) in ROUTES {
        // A concrete path for the tier check: any segment value will do.
        let concrete = path
            .split('/')
            .map(|s| if s.starts_with('{') { "x" } else { s })
            .collect::<Vec<_>>()
            .join("/");
        let mut ops = Map::new();
        for m in *methods {
            let method = Method::from_bytes(m.to_uppercase().as_bytes()).unwrap_or(Method::GET);
            if tier_s_only && crate::auth::tier_d_block(&method, &concrete).is_some() {
                continue;
            }
            ops.insert(
                (*m).to_string(),
                json!({"summary": format!("{} {path}", m.to_uppercase()), "responses": {}}),
            );
        }
        if !ops.is_empty() {
            paths.insert((*path).to_string(), Value::Object(ops));
        }
    }
    json!({
        "openapi": "3.1.0",
        "info": {"title": "SARK sandbox", "version": crate::routes::health::VERSION},
        "paths": paths,
    })
}

pub async fn openapi(State(st): State<AppState>) -> Json<Value> {
    Json(document(st.tier_s_only()))
}
