//! CSRF double-submit check (contract 1.4).

use axum::http::{header, HeaderMap};

use crate::util::ct_eq;

const EXEMPT: [&str; 5] = ["/health", "/metrics", "/docs", "/redoc", "/openapi.json"];
const MIN_LEN: usize = 32;

pub fn exempt(path: &str) -> bool {
    EXEMPT.iter().any(|p| path.starts_with(p))
}

/// Value of a cookie from all `Cookie` headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim().to_string())
}

pub fn valid(headers: &HeaderMap) -> bool {
    let Some(c) = cookie(headers, "csrf_token") else {
        return false;
    };
    let Some(h) = headers.get("x-csrf-token").and_then(|v| v.to_str().ok()) else {
        return false;
    };
    c.len() >= MIN_LEN && h.len() >= MIN_LEN && ct_eq(c.as_bytes(), h.as_bytes())
}
