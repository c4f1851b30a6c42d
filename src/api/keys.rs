//! API key management (CONTRACT §3.12, tier D): `/api/auth/api-keys`, no `v1`, no slash.

use gloo_net::http::Method;

use super::caps::Feature;
use super::models::{ApiKey, ApiKeyChanges, ApiKeyCreate, ApiKeyListBody, ApiKeySecret};
use super::query::path;
use super::{ApiError, Client, Req};

const KEYS: &str = "/api/auth/api-keys";

pub fn list_req(include_revoked: bool) -> Req {
    Req::get(KEYS)
        .query("include_revoked", include_revoked.to_string())
        .feature(Feature::ApiKeys)
}

pub async fn list(client: Client, include_revoked: bool) -> Result<Vec<ApiKey>, ApiError> {
    client
        .send::<ApiKeyListBody>(list_req(include_revoked))
        .await
        .map(ApiKeyListBody::into_keys)
}

pub async fn create(client: Client, body: &ApiKeyCreate) -> Result<ApiKeySecret, ApiError> {
    client
        .send(
            Req::with_method(Method::POST, KEYS)
                .json(body)
                .feature(Feature::ApiKeys),
        )
        .await
}

pub async fn update(client: Client, id: &str, changes: &ApiKeyChanges) -> Result<ApiKey, ApiError> {
    client
        .send(
            Req::with_method(Method::PATCH, path(KEYS, &[id]))
                .json(changes)
                .feature(Feature::ApiKeys),
        )
        .await
}

pub async fn rotate(client: Client, id: &str) -> Result<ApiKeySecret, ApiError> {
    let req = Req::with_method(Method::POST, path(KEYS, &[id, "rotate"]))
        .query("environment", "live")
        .feature(Feature::ApiKeys);
    client.send(req).await
}

pub async fn revoke(client: Client, id: &str) -> Result<(), ApiError> {
    client
        .send_no_content(
            Req::with_method(Method::DELETE, path(KEYS, &[id])).feature(Feature::ApiKeys),
        )
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
