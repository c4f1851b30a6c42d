//! HTTP handlers, one module per endpoint group.

pub mod admin;
pub mod audit;
pub mod auth;
pub mod export;
pub mod health;
pub mod keys;
pub mod metrics;
pub mod openapi;
pub mod policies;
pub mod servers;
pub mod sessions;
pub mod tools;
pub mod ws;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use crate::auth::Caller;
use crate::errors::ApiError;

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Caller>()
            .cloned()
            .ok_or_else(|| ApiError::Auth("Missing authorization token".into()))
    }
}

/// Query pairs as sent (repeated keys kept).
pub type RawQuery = axum::extract::Query<Vec<(String, String)>>;
