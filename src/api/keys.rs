//! API key management (CONTRACT §3.12, tier D): `/api/auth/api-keys`, no `v1`, no slash.

use gloo_net::http::Method;
use serde_json::Value;

use super::models::{ApiKey, ApiKeyListBody, ApiKeySecret};
use super::{ApiError, Client, Req};

pub async fn list(client: Client, include_revoked: bool) -> Result<Vec<ApiKey>, ApiError> {
    let req = Req::get("/api/auth/api-keys").query("include_revoked", include_revoked.to_string());
    client
        .get::<ApiKeyListBody>(req)
        .await
        .map(ApiKeyListBody::into_keys)
}

pub async fn create(client: Client, body: &Value) -> Result<ApiKeySecret, ApiError> {
    client
        .send(Req::with_method(Method::POST, "/api/auth/api-keys").json(body))
        .await
}

pub async fn update(client: Client, id: &str, changes: &Value) -> Result<ApiKey, ApiError> {
    client
        .send(Req::with_method(Method::PATCH, format!("/api/auth/api-keys/{id}")).json(changes))
        .await
}

pub async fn rotate(client: Client, id: &str) -> Result<ApiKeySecret, ApiError> {
    let req = Req::with_method(Method::POST, format!("/api/auth/api-keys/{id}/rotate"))
        .query("environment", "live");
    client.send(req).await
}

pub async fn revoke(client: Client, id: &str) -> Result<(), ApiError> {
    client
        .send_no_content(Req::with_method(
            Method::DELETE,
            format!("/api/auth/api-keys/{id}"),
        ))
        .await
}

/// Displayed state, first match wins (§3.12).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyState {
    Revoked,
    Expired,
    Disabled,
    Active,
}

impl KeyState {
    pub fn label(self) -> &'static str {
        match self {
            KeyState::Revoked => "Revoked",
            KeyState::Expired => "Expired",
            KeyState::Disabled => "Disabled",
            KeyState::Active => "Active",
        }
    }
}

/// `now` in Unix seconds; dates that do not parse never count as expired.
pub fn key_state(k: &ApiKey, now: i64) -> KeyState {
    if k.revoked_at.is_some() || k.revoked == Some(true) {
        KeyState::Revoked
    } else if k
        .expires_at
        .as_deref()
        .and_then(crate::time_fmt::parse_unix)
        .is_some_and(|t| t <= now)
    {
        KeyState::Expired
    } else if !k.is_active {
        KeyState::Disabled
    } else {
        KeyState::Active
    }
}
