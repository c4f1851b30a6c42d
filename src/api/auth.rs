//! Authentication endpoints (CONTRACT §2). Their 401s are answers, not expired sessions.

use gloo_net::http::Method;
use serde_json::Value;

use super::models::{LoginRequest, MetricsSummary, TokenResponse};
use super::{ApiError, Client, Req};

pub async fn login(
    client: Client,
    username: &str,
    password: &str,
) -> Result<TokenResponse, ApiError> {
    let req = Req::with_method(Method::POST, "/api/v1/auth/login/ldap")
        .json(&LoginRequest { username, password });
    client.send(req.unbound()).await
}

/// Empty body uses the HttpOnly refresh cookie (sandbox); a body token is SARK's documented form.
pub async fn refresh(
    client: Client,
    refresh_token: Option<String>,
) -> Result<TokenResponse, ApiError> {
    let body = match refresh_token {
        Some(t) => serde_json::json!({ "refresh_token": t }),
        None => serde_json::json!({}),
    };
    client
        .send(
            Req::with_method(Method::POST, "/api/v1/auth/refresh")
                .json(&body)
                .unbound(),
        )
        .await
}

pub async fn logout(client: Client, body: Value) -> Result<Value, ApiError> {
    client
        .send(
            Req::with_method(Method::POST, "/api/v1/auth/logout")
                .json(&body)
                .unbound(),
        )
        .await
}

/// §2.7 step 3: a strict endpoint tells whether SARK accepts a pasted token.
pub async fn verify_token(client: Client, token: &str) -> Result<MetricsSummary, ApiError> {
    client
        .get(Req::get("/api/v1/metrics/summary").bearer(token))
        .await
}
