//! Fault injection for `/api/` (latency, failures, malformed JSON, WebSocket drops).

use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rand::Rng;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::errors::{rate_limit_response, verr, ApiError};

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Faults {
    pub latency_ms: u64,
    pub failure_rate: f64,
    pub failure_statuses: Vec<u16>,
    pub retry_after_secs: u64,
    pub malformed_json_rate: f64,
    pub ws_drop_every_secs: Option<u64>,
    /// Only paths starting with this prefix are affected (all of `/api/` when null); `/` takes
    /// down everything SARK serves (health and `/openapi.json` too), never the test admin API.
    pub paths: Option<String>,
    /// Every request carrying a `cursor` fails like SARK 2.0 (B1: 500 internal_error).
    #[serde(default)]
    pub fail_cursor_pages: bool,
    /// Every request carrying one of these query parameters (e.g. `tags`) fails the same way.
    #[serde(default)]
    pub fail_filters: Vec<String>,
}

impl Default for Faults {
    fn default() -> Self {
        Faults {
            latency_ms: 0,
            failure_rate: 0.0,
            failure_statuses: vec![500, 502, 503, 429],
            retry_after_secs: 5,
            malformed_json_rate: 0.0,
            ws_drop_every_secs: None,
            paths: None,
            fail_cursor_pages: false,
            fail_filters: Vec::new(),
        }
    }
}

impl Faults {
    pub fn applies_to(&self, path: &str) -> bool {
        match self.paths.as_deref() {
            Some(p) => path.starts_with(p) && !path.starts_with("/__sandbox"),
            None => path.starts_with("/api/"),
        }
    }

    /// Whether a request with this query string hits a failing cursor page or filter.
    pub fn fails_query(&self, query: &str) -> bool {
        query.split('&').any(|pair| {
            let key = pair.split('=').next().unwrap_or_default();
            let set = pair.split('=').nth(1).is_some_and(|v| !v.is_empty());
            set && ((self.fail_cursor_pages && key == "cursor")
                || self.fail_filters.iter().any(|f| f == key))
        })
    }

    /// Builds from a PUT body; absent fields take their defaults (PUT replaces the whole setting).
    pub fn from_json(v: &Value) -> Result<Faults, ApiError> {
        use crate::validate::{object, Errs};
        let mut errs = Errs::new();
        let o = object(v, vec![json!("body")], &mut errs);
        let d = Faults::default();
        let latency = o.opt_int(&mut errs, "latency_ms", 0, 600_000).unwrap_or(0) as u64;
        let rate = |errs: &mut Errs, k: &str| -> f64 {
            match o.raw(k) {
                None | Some(Value::Null) => 0.0,
                Some(Value::Number(n)) => match n.as_f64() {
                    Some(f) if (0.0..=1.0).contains(&f) => f,
                    _ => {
                        errs.push(verr(
                            "less_than_equal",
                            o.loc(k),
                            "Input should be between 0 and 1",
                            json!(n),
                            Some(json!({"ge": 0, "le": 1})),
                        ));
                        0.0
                    }
                },
                Some(other) => {
                    errs.push(verr(
                        "float_type",
                        o.loc(k),
                        "Input should be a valid number",
                        other.clone(),
                        None,
                    ));
                    0.0
                }
            }
        };
        let failure_rate = rate(&mut errs, "failure_rate");
        let malformed = rate(&mut errs, "malformed_json_rate");
        let statuses = match o.raw("failure_statuses") {
            None | Some(Value::Null) => d.failure_statuses.clone(),
            Some(Value::Array(a)) => {
                let mut out = Vec::new();
                for (i, s) in a.iter().enumerate() {
                    match s.as_u64() {
                        Some(n) if (400..=599).contains(&n) => out.push(n as u16),
                        _ => errs.push(verr(
                            "value_error",
                            json!(["body", "failure_statuses", i]),
                            "Value error, status must be an HTTP error status (400..599)",
                            s.clone(),
                            None,
                        )),
                    }
                }
                if out.is_empty() && errs.0.is_empty() {
                    d.failure_statuses.clone()
                } else {
                    out
                }
            }
            Some(other) => {
                errs.push(verr(
                    "list_type",
                    o.loc("failure_statuses"),
                    "Input should be a valid list",
                    other.clone(),
                    None,
                ));
                Vec::new()
            }
        };
        let retry = o
            .opt_int(&mut errs, "retry_after_secs", 0, 86_400)
            .map_or(d.retry_after_secs, |n| n as u64);
        let ws_drop = o
            .opt_int(&mut errs, "ws_drop_every_secs", 1, 86_400)
            .map(|n| n as u64);
        let paths = o.opt_str(&mut errs, "paths", Some(500));
        let fail_cursor_pages = o.opt_bool(&mut errs, "fail_cursor_pages").unwrap_or(false);
        let fail_filters = match o.raw("fail_filters") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(a)) if a.iter().all(Value::is_string) => a
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
            Some(other) => {
                errs.push(verr(
                    "list_type",
                    o.loc("fail_filters"),
                    "Input should be a valid list of strings",
                    other.clone(),
                    None,
                ));
                Vec::new()
            }
        };
        errs.finish()?;
        Ok(Faults {
            latency_ms: latency,
            failure_rate,
            failure_statuses: statuses,
            retry_after_secs: retry,
            malformed_json_rate: malformed,
            ws_drop_every_secs: ws_drop,
            paths: paths.filter(|p| !p.is_empty()),
            fail_cursor_pages,
            fail_filters,
        })
    }
}

fn injected(status: u16, retry_after: u64) -> Response {
    let code = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    match status {
        429 => rate_limit_response(
            "Too many requests. Limit: 60 per minute".into(),
            60,
            retry_after,
            crate::util::unix(crate::util::now()) + retry_after as i64,
        ),
        // Proxies answer these with HTML or nothing (E10).
        502..=504 => {
            let mut r = (
                code,
                format!(
                    "<html><head><title>{status}</title></head><body><h1>{status} {}</h1></body></html>",
                    code.canonical_reason().unwrap_or("Error")
                ),
            )
                .into_response();
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            if status == 503 {
                r.headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
            }
            r
        }
        _ => crate::errors::json_response(code, json!({"detail": "Injected fault"})),
    }
}

/// What the middleware reads the current setting from (the app state implements it), so that
/// this module does not depend on the state that holds it.
pub trait FaultSource: Clone + Send + Sync + 'static {
    fn current_faults(&self) -> Faults;
}

pub async fn middleware<S: FaultSource>(State(st): State<S>, req: Request, next: Next) -> Response {
    let f = st.current_faults();
    if !f.applies_to(req.uri().path()) {
        return next.run(req).await;
    }
    if f.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(f.latency_ms)).await;
    }
    let (fail, malformed, pick) = {
        let mut rng = rand::rng();
        (
            f.failure_rate > 0.0 && rng.random::<f64>() < f.failure_rate,
            f.malformed_json_rate > 0.0 && rng.random::<f64>() < f.malformed_json_rate,
            rng.random_range(0..f.failure_statuses.len().max(1)),
        )
    };
    if f.fails_query(req.uri().query().unwrap_or_default()) {
        // SARK 2.0's answer to a cursor page or a tags filter (B1).
        return crate::errors::json_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            json!({"detail": "Internal authentication error", "error_type": "internal_error"}),
        );
    }
    if fail && !f.failure_statuses.is_empty() {
        let status = f.failure_statuses[pick % f.failure_statuses.len()];
        return injected(status, f.retry_after_secs);
    }
    let resp = next.run(req).await;
    if !malformed {
        return resp;
    }
    let is_json = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !is_json || !resp.status().is_success() {
        return resp;
    }
    // Truncate the real body so it is no longer valid JSON.
    let (mut parts, body) = resp.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let cut = (bytes.len() / 2).max(1).min(bytes.len());
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(bytes.slice(..cut)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_and_filter_faults_match_only_set_parameters() {
        let f = Faults {
            fail_cursor_pages: true,
            fail_filters: vec!["tags".into()],
            ..Default::default()
        };
        assert!(f.fails_query("limit=50&cursor=abc"));
        assert!(f.fails_query("tags=pci"));
        assert!(!f.fails_query("limit=50&cursor="));
        assert!(!f.fails_query("search=tags"));
        assert!(!Faults::default().fails_query("cursor=abc&tags=x"));
        let parsed =
            Faults::from_json(&json!({"fail_cursor_pages": true, "fail_filters": ["tags"]}));
        assert_eq!(parsed.ok(), Some(f));
        assert!(Faults::from_json(&json!({"fail_filters": "tags"})).is_err());
    }
}
