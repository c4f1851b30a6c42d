//! Authentication (Bearer JWT, X-API-Key), CSRF, rate limiting and the Tier-S-only gate, applied
//! in SARK 2.0's order: authentication → CSRF → routing (contract 1.5).

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};
use uuid::Uuid;

use crate::errors::ApiError;
use crate::state::{lock, AppState};
use crate::store::audit::NewAudit;
use crate::store::keys;
use crate::users::User;
use crate::util::{now, sha256_hex, unix};
use crate::{csrf, jwt};

/// The authenticated principal of a request.
#[derive(Clone, Debug)]
pub struct Caller {
    pub user_id: Uuid,
    pub email: String,
    pub name: String,
    pub username: String,
    pub role: String,
    pub roles: Vec<String>,
    pub teams: Vec<String>,
    pub api_key_id: Option<String>,
    pub ip: Option<String>,
}

fn str_list(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

impl Caller {
    pub fn from_claims(c: &Map<String, Value>, ip: Option<String>) -> Caller {
        let s = |k: &str| c.get(k).and_then(Value::as_str).unwrap_or("").to_string();
        let email = s("email");
        let role = s("role");
        let mut roles = str_list(c.get("roles"));
        if roles.is_empty() && !role.is_empty() {
            roles.push(role.clone());
        }
        let mut teams = str_list(c.get("teams"));
        if teams.is_empty() {
            teams = str_list(c.get("groups"));
        }
        let username = c
            .get("preferred_username")
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or_else(|| email.split('@').next().unwrap_or("").to_string());
        let name = c
            .get("name")
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or_else(|| username.clone());
        Caller {
            user_id: c
                .get("sub")
                .and_then(Value::as_str)
                .and_then(|s| Uuid::parse_str(s).ok())
                .unwrap_or_default(),
            email,
            name,
            username,
            role,
            roles,
            teams,
            api_key_id: None,
            ip,
        }
    }

    pub fn from_user(u: &User) -> Caller {
        Caller {
            user_id: u.id,
            email: u.email.into(),
            name: u.name.into(),
            username: u.username.into(),
            role: u.role.into(),
            roles: u.roles.iter().map(|s| s.to_string()).collect(),
            teams: u.teams.iter().map(|s| s.to_string()).collect(),
            api_key_id: None,
            ip: Some("127.0.0.1".into()),
        }
    }

    pub fn is_admin(&self) -> bool {
        self.role == "admin" || self.roles.iter().any(|r| r == "admin")
    }

    /// Snapshot stored with API keys so a key can authenticate as its owner later.
    pub fn owner_json(&self) -> Value {
        json!({"sub": self.user_id.to_string(), "email": self.email, "name": self.name,
               "preferred_username": self.username, "role": self.role, "roles": self.roles, "teams": self.teams})
    }

    /// Fills the audit attribution fields.
    pub fn audit(&self, mut ev: NewAudit) -> NewAudit {
        ev.user_id = Some(self.user_id.to_string());
        ev.user_email = Some(self.email.clone());
        ev.ip_address = self.ip.clone();
        ev
    }
}

pub const PUBLIC_PREFIXES: [&str; 9] = [
    "/health",
    "/metrics",
    "/docs",
    "/redoc",
    "/openapi.json",
    "/api/v1/auth/login/ldap",
    "/api/v1/auth/oidc/login",
    "/api/v1/auth/oidc/callback",
    "/api/v1/auth/refresh",
];

pub const WS_PATHS: [&str; 3] = [
    "/api/v1/ws/audit/stream",
    "/api/v1/ws/servers/status",
    "/api/v1/ws/metrics/live",
];

pub fn is_public(path: &str) -> bool {
    PUBLIC_PREFIXES.iter().any(|p| path.starts_with(p))
}

/// Bearer token or API key from the request headers.
pub fn authenticate(
    st: &AppState,
    headers: &HeaderMap,
    ip: Option<String>,
) -> Result<Caller, ApiError> {
    if let Some(h) = headers.get(header::AUTHORIZATION) {
        let bad_format = || {
            ApiError::Auth("Invalid authorization header format. Expected 'Bearer <token>'".into())
        };
        let s = h.to_str().map_err(|_| bad_format())?;
        let parts: Vec<&str> = s.split_whitespace().collect();
        if parts.is_empty() {
            return Err(ApiError::Auth("Missing authorization token".into()));
        }
        if parts.len() != 2 {
            return Err(bad_format());
        }
        if !parts[0].eq_ignore_ascii_case("bearer") {
            return Err(ApiError::Auth(format!(
                "Invalid authorization scheme: {}. Expected 'Bearer'",
                parts[0]
            )));
        }
        return check_token(st, parts[1], ip);
    }
    // API keys are a sandbox extension for non-UI clients; SARK 2.0 does not accept them.
    if !st.tier_s_only() {
        if let Some(k) = headers.get("x-api-key") {
            let key = k.to_str().unwrap_or("");
            return authenticate_key(st, key, ip);
        }
    }
    Err(ApiError::Auth("Missing authorization token".into()))
}

/// Both verification layers: E3 then E4.
pub fn check_token(st: &AppState, token: &str, ip: Option<String>) -> Result<Caller, ApiError> {
    let claims = jwt::verify(token, &st.secret, unix(now())).map_err(ApiError::Auth)?;
    jwt::strict(&claims).map_err(ApiError::Strict)?;
    Ok(Caller::from_claims(&claims, ip))
}

fn client_ip(req: &Request) -> Option<String> {
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
}

fn is_mutating(m: &Method) -> bool {
    matches!(
        *m,
        Method::POST | Method::PUT | Method::PATCH | Method::DELETE
    )
}

/// Tier D routes answer like SARK 2.0 in Tier-S-only mode.
pub fn tier_d_block(method: &Method, path: &str) -> Option<ApiError> {
    let p = path.trim_end_matches('/');
    let segs: Vec<&str> = p.split('/').collect();
    let d_prefixes = [
        "/api/v1/auth/login/ldap",
        "/api/v1/auth/refresh",
        "/api/v1/auth/logout",
        "/api/v1/auth/me",
        "/api/v1/policies",
        "/api/v1/audit",
        "/api/v1/sessions",
        "/api/auth/api-keys",
    ];
    if d_prefixes
        .iter()
        .any(|d| p == *d || p.starts_with(&format!("{d}/")))
    {
        return Some(ApiError::NotFound);
    }
    // /api/v1/servers/{id}/tools...
    if segs.len() >= 6 && p.starts_with("/api/v1/servers/") && segs[5] == "tools" {
        return Some(ApiError::NotFound);
    }
    if segs.len() == 5
        && p.starts_with("/api/v1/servers/")
        && matches!(*method, Method::PUT | Method::PATCH | Method::DELETE)
    {
        return Some(ApiError::MethodNotAllowed);
    }
    None
}

fn rate_check(st: &AppState, user: Uuid) -> Result<Option<(u32, u32, i64)>, ApiError> {
    let Some(limit) = st.cfg.rate_limit else {
        return Ok(None);
    };
    let t = unix(now());
    let window = t - t % 60;
    let mut m = lock(&st.rate);
    let e = m.entry(user).or_insert((window, 0));
    if e.0 != window {
        *e = (window, 0);
    }
    let reset = window + 60;
    if e.1 >= limit {
        return Err(ApiError::RateLimited {
            message: format!("Too many requests. Limit: {limit} per minute"),
            limit,
            retry_after: (reset - t).max(1) as u64,
            reset,
        });
    }
    e.1 += 1;
    Ok(Some((limit, limit - e.1, reset)))
}

/// The request pipeline in front of the router.
pub async fn gate(State(st): State<AppState>, mut req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let method = req.method().clone();
    if path.starts_with("/__sandbox") {
        return next.run(req).await;
    }
    let ip = client_ip(&req);
    let is_ws = WS_PATHS.contains(&path.as_str());
    let mut caller = None;
    if !is_public(&path) && !is_ws {
        match authenticate(&st, req.headers(), ip) {
            Ok(c) => caller = Some(c),
            // Logout must work with an expired session (contract 2.6).
            Err(_) if path == "/api/v1/auth/logout" && method == Method::POST => {}
            Err(e) => return e.into_response(),
        }
    }
    if is_mutating(&method) && !csrf::exempt(&path) && !csrf::valid(req.headers()) {
        return ApiError::Csrf.into_response();
    }
    let mut quota = None;
    if let Some(c) = &caller {
        match rate_check(&st, c.user_id) {
            Ok(q) => quota = q,
            Err(e) => return e.into_response(),
        }
    }
    if st.tier_s_only() {
        if let Some(e) = tier_d_block(&method, &path) {
            return e.into_response();
        }
    }
    if let Some(c) = caller {
        req.extensions_mut().insert(c);
    }
    let mut resp = next.run(req).await;
    if let Some((limit, remaining, reset)) = quota {
        let h = resp.headers_mut();
        h.insert("x-ratelimit-limit", HeaderValue::from(limit));
        h.insert("x-ratelimit-remaining", HeaderValue::from(remaining));
        h.insert("x-ratelimit-reset", HeaderValue::from(reset));
    }
    resp
}

/// `X-API-Key` authentication: the owner becomes the caller; usage is recorded.
fn authenticate_key(st: &AppState, key: &str, ip: Option<String>) -> Result<Caller, ApiError> {
    let invalid = || ApiError::Auth("Invalid API key".into());
    if !key.starts_with("sark_sk_") {
        return Err(invalid());
    }
    let c = st.conn();
    let row = keys::find_by_hash(&c, &sha256_hex(key))?.ok_or_else(invalid)?;
    if row.revoked_at.is_some() {
        return Err(ApiError::Auth("API key has been revoked".into()));
    }
    if keys::is_expired(&row) {
        return Err(ApiError::Auth("API key has expired".into()));
    }
    if !row.is_active {
        return Err(ApiError::Auth("API key is disabled".into()));
    }
    keys::record_use(&c, &row.id, ip.as_deref())?;
    let owner: Map<String, Value> = row.owner.as_object().cloned().unwrap_or_default();
    let mut caller = Caller::from_claims(&owner, ip);
    caller.api_key_id = Some(row.id);
    Ok(caller)
}
