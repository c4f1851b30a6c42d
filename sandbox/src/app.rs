//! Router, middleware stack and server start-up.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::middleware::{from_fn, from_fn_with_state, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::errors::ApiError;
use crate::routes::{
    admin, audit, auth, export, health, keys, metrics, openapi, policies, servers, sessions, tools,
    ws,
};
use crate::state::{AppState, Config, Inner};
use crate::{faults, store};

/// Canonical route patterns, used to answer the other trailing-slash variant with 307.
const PATTERNS: &[&str] = &[
    "/health/",
    "/health/live",
    "/health/ready",
    "/health/startup",
    "/health/detailed",
    "/api/v1/auth/login/ldap",
    "/api/v1/auth/refresh",
    "/api/v1/auth/logout",
    "/api/v1/auth/me",
    "/api/v1/servers/",
    "/api/v1/servers/*",
    "/api/v1/servers/*/tools",
    "/api/v1/servers/*/tools/*",
    "/api/v1/servers/*/tools/*/invoke",
    "/api/v1/bulk/servers/register",
    "/api/v1/bulk/servers/status",
    "/api/v1/policy/list",
    "/api/v1/policy/evaluate",
    "/api/v1/policy/validate",
    "/api/v1/policies",
    "/api/v1/policies/*",
    "/api/v1/tools/statistics/sensitivity",
    "/api/v1/tools/*/sensitivity",
    "/api/v1/tools/*/sensitivity/history",
    "/api/v1/tools/sensitivity/*",
    "/api/v1/tools/detect-sensitivity",
    "/api/v1/tools/servers/*/tools/detect-all",
    "/api/v1/metrics/summary",
    "/api/v1/metrics/*",
    "/api/v1/metrics/timeseries/servers",
    "/api/v1/export/servers.csv",
    "/api/v1/export/servers.json",
    "/api/v1/export/tools.csv",
    "/api/v1/export/tools.json",
    "/api/v1/audit/events",
    "/api/v1/audit/metrics",
    "/api/v1/sessions",
    "/api/auth/api-keys",
    "/api/auth/api-keys/*",
    "/api/auth/api-keys/*/rotate",
    "/api/v1/ws/connections",
];

fn matches_pattern(path: &str) -> bool {
    let segs: Vec<&str> = path.split('/').collect();
    PATTERNS.iter().any(|p| {
        let ps: Vec<&str> = p.split('/').collect();
        ps.len() == segs.len()
            && ps
                .iter()
                .zip(&segs)
                .all(|(a, b)| *a == *b || (*a == "*" && !b.is_empty()))
    })
}

/// Unknown path: 307 to the canonical variant when only the trailing slash differs, else 404.
async fn fallback(uri: Uri, headers: HeaderMap) -> Response {
    let path = uri.path();
    let alt = if path.len() > 1 && path.ends_with('/') {
        path.trim_end_matches('/').to_string()
    } else {
        format!("{path}/")
    };
    if !matches_pattern(&alt) {
        return ApiError::NotFound.into_response();
    }
    let h = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let scheme = h("x-forwarded-proto").unwrap_or_else(|| "http".into());
    let host = h("x-forwarded-host").or_else(|| h("host"));
    let query = uri.query().map(|q| format!("?{q}")).unwrap_or_default();
    let location = match host {
        Some(host) => format!("{scheme}://{host}{alt}{query}"),
        None => format!("{alt}{query}"),
    };
    let mut r = StatusCode::TEMPORARY_REDIRECT.into_response();
    if let Ok(v) = HeaderValue::from_str(&location) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}

/// Access log without query strings (they may carry `?token=`), plus API security headers.
async fn log_and_headers(req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let t = Instant::now();
    let mut resp = next.run(req).await;
    if path.starts_with("/api/") {
        let h = resp.headers_mut();
        h.insert(
            "x-content-type-options",
            HeaderValue::from_static("nosniff"),
        );
        h.insert("x-frame-options", HeaderValue::from_static("DENY"));
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    tracing::info!(%method, %path, status = resp.status().as_u16(), ms = t.elapsed().as_millis() as u64, "request");
    resp
}

pub fn router(st: AppState) -> Router {
    let mut r = Router::new()
        .route("/health/", get(health::root))
        .route("/health/live", get(health::live))
        .route("/health/ready", get(health::ready))
        .route("/health/startup", get(health::startup))
        .route("/health/detailed", get(health::detailed))
        .route("/openapi.json", get(openapi::openapi))
        .route("/api/v1/auth/login/ldap", post(auth::login))
        .route("/api/v1/auth/refresh", post(auth::refresh))
        .route("/api/v1/auth/logout", post(auth::logout))
        .route("/api/v1/auth/me", get(auth::me))
        .route(
            "/api/v1/servers/",
            get(servers::list).post(servers::register),
        )
        .route(
            "/api/v1/servers/{server_id}",
            get(servers::detail)
                .put(servers::put)
                .patch(servers::patch)
                .delete(servers::delete),
        )
        .route(
            "/api/v1/servers/{server_id}/tools",
            get(tools::server_tools),
        )
        .route(
            "/api/v1/servers/{server_id}/tools/{tool_name}",
            get(tools::server_tool),
        )
        .route(
            "/api/v1/servers/{server_id}/tools/{tool_name}/invoke",
            post(tools::invoke),
        )
        .route(
            "/api/v1/bulk/servers/register",
            post(servers::bulk_register),
        )
        .route(
            "/api/v1/bulk/servers/status",
            axum::routing::patch(servers::bulk_status),
        )
        .route("/api/v1/policy/list", get(policies::policy_list))
        .route("/api/v1/policy/evaluate", post(policies::evaluate))
        .route("/api/v1/policy/validate", post(policies::validate))
        .route(
            "/api/v1/policies",
            get(policies::list).post(policies::create),
        )
        .route(
            "/api/v1/policies/{policy_id}",
            get(policies::get_one)
                .put(policies::update)
                .delete(policies::delete),
        )
        .route(
            "/api/v1/tools/statistics/sensitivity",
            get(tools::statistics),
        )
        .route(
            "/api/v1/tools/{tool_id}/sensitivity",
            get(tools::get_sensitivity).post(tools::set_sensitivity),
        )
        .route(
            "/api/v1/tools/{tool_id}/sensitivity/history",
            get(tools::history),
        )
        .route("/api/v1/tools/sensitivity/{level}", get(tools::by_level))
        .route("/api/v1/tools/detect-sensitivity", post(tools::detect))
        .route(
            "/api/v1/tools/servers/{server_id}/tools/detect-all",
            post(tools::detect_all),
        )
        .route("/api/v1/metrics/summary", get(metrics::summary))
        .route(
            "/api/v1/metrics/timeseries/servers",
            get(metrics::timeseries),
        )
        .route("/api/v1/metrics/{server_id}", get(metrics::server))
        .route("/api/v1/export/servers.csv", get(export::servers_csv))
        .route("/api/v1/export/servers.json", get(export::servers_json))
        .route("/api/v1/export/tools.csv", get(export::tools_csv))
        .route("/api/v1/export/tools.json", get(export::tools_json))
        .route("/api/v1/audit/events", get(audit::events))
        .route("/api/v1/audit/metrics", get(audit::metrics))
        .route("/api/v1/sessions", get(sessions::list))
        .route("/api/auth/api-keys", get(keys::list).post(keys::create))
        .route(
            "/api/auth/api-keys/{key_id}",
            get(keys::get_one).patch(keys::patch).delete(keys::revoke),
        )
        .route("/api/auth/api-keys/{key_id}/rotate", post(keys::rotate))
        .route("/api/v1/ws/audit/stream", get(ws::audit_stream))
        .route("/api/v1/ws/servers/status", get(ws::servers_status))
        .route("/api/v1/ws/metrics/live", get(ws::metrics_live))
        .route("/api/v1/ws/connections", get(ws::connections));
    if st.cfg.enable_test_admin {
        r = r
            .route(
                "/__sandbox/faults",
                get(admin::get_faults).put(admin::put_faults),
            )
            .route("/__sandbox/mode", get(admin::get_mode).put(admin::put_mode))
            .route("/__sandbox/reset", post(admin::reset));
    }
    r.fallback(fallback)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(from_fn_with_state(st.clone(), crate::auth::gate))
        .layer(from_fn_with_state(
            st.clone(),
            faults::middleware::<AppState>,
        ))
        .layer(from_fn(log_and_headers))
        .with_state(st)
}

/// A started server.
pub struct Running {
    pub addr: SocketAddr,
    pub state: AppState,
    shutdown: watch::Sender<bool>,
    handle: JoinHandle<()>,
}

impl Running {
    /// Asks the server (and its WebSockets and simulator) to stop.
    pub fn stop(&self) {
        let _ = self.shutdown.send(true);
    }

    pub fn stopper(&self) -> watch::Sender<bool> {
        self.shutdown.clone()
    }

    /// Waits for the server task to finish.
    pub async fn wait(self) {
        let _ = self.handle.await;
    }
}

/// Opens the store, seeds it if asked, binds and serves in the background.
pub async fn start(cfg: Config) -> Result<Running, String> {
    let conn = store::open(&cfg.db).map_err(|e| format!("cannot open database {}: {e}", cfg.db))?;
    if cfg.seed {
        let empty = store::is_empty(&conn).map_err(|e| e.to_string())?;
        if empty {
            let t = Instant::now();
            crate::seed::seed(&conn).map_err(|e| format!("seeding failed: {e}"))?;
            tracing::info!(ms = t.elapsed().as_millis() as u64, "seeded demo data");
        } else {
            tracing::info!("store not empty; skipping seed");
        }
    }
    let secret = match &cfg.jwt_secret {
        Some(s) if !s.is_empty() => s.as_bytes().to_vec(),
        _ => {
            tracing::warn!("no --jwt-secret given: using a random secret (mint-token output will not be accepted)");
            crate::util::random_token(32).into_bytes()
        }
    };
    let (tx, rx) = watch::channel(false);
    let state: AppState = Arc::new(Inner::new(cfg.clone(), secret, conn, rx.clone()));
    let listener = tokio::net::TcpListener::bind(cfg.addr)
        .await
        .map_err(|e| format!("cannot bind {}: {e}", cfg.addr))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let app = router(state.clone());
    let mut stop = rx.clone();
    let handle = tokio::spawn(async move {
        let serve = axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async move {
            let _ = stop.wait_for(|v| *v).await;
        });
        if let Err(e) = serve.await {
            tracing::error!(error = %e, "server error");
        }
    });
    if cfg.demo {
        tokio::spawn(crate::sim::run(state.clone()));
    }
    if let Some(secs) = cfg.exit_after {
        let tx2 = tx.clone();
        tokio::spawn(async move {
            tokio::time::sleep(std::time::Duration::from_secs(secs)).await;
            tracing::info!(secs, "--exit-after elapsed; shutting down");
            let _ = tx2.send(true);
        });
    }
    Ok(Running {
        addr,
        state,
        shutdown: tx,
        handle,
    })
}
