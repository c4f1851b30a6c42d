//! One error type for every HTTP outcome, with the user-facing message of CONTRACT §1.8.
//! Pure: `from_response` takes status, headers and body text, so every rule is host-tested.

use serde_json::Value;

/// One invalid field from a 422 (E2): `path` is `loc` without its first element, like `tools[0].name`.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldError {
    /// Where the problem is: `body`, `query` or `path`.
    pub source: String,
    pub path: String,
    pub msg: String,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// No response at all (network down, DNS, CORS, proxy closed the connection).
    Network,
    /// Part of the console's own code could not be downloaded (a lazy wasm module).
    CodeUnavailable,
    /// The request was cancelled because the page that asked for it went away.
    Aborted,
    /// 401: the server did not accept the credentials.
    Unauthorized { detail: String },
    /// 403 with the CSRF body, after one regeneration and retry.
    Csrf,
    /// 403 from policy or permissions.
    Forbidden { detail: String },
    /// 403 E8: a tool invocation denied by policy.
    PolicyDenied {
        reason: String,
        audit_id: Option<String>,
    },
    /// 404 `Not Found` / 405 / 501: the route is not served by this SARK (tier D absent).
    NotProvided { status: u16 },
    /// 404 with another detail: the resource is missing.
    NotFound { detail: String },
    /// 400 / 409 and other 4xx with a readable detail.
    Rejected { status: u16, detail: String },
    /// 422 E2.
    Validation { fields: Vec<FieldError> },
    /// 429 E7 or a proxy limiter.
    RateLimited {
        retry_after: Option<u64>,
        detail: Option<String>,
    },
    /// 500 with `error_type: internal_error` (E5) — SARK's wording says "authentication", it is not.
    Internal { detail: String },
    /// Other 5xx.
    Server { status: u16, detail: Option<String> },
    /// A body we could not make sense of (HTML from a proxy, unknown shape, bad JSON on 2xx).
    Unexpected { status: u16 },
}

impl ApiError {
    /// The variant's name when the failure is worth an error report (`crate::reporting`): the
    /// server failed (5xx) or its answer could not be decoded. Everything else is the user's
    /// or the deployment's business, not a bug.
    pub fn reported_as(&self) -> Option<&'static str> {
        match self {
            ApiError::Internal { .. } => Some("Internal"),
            ApiError::Server { .. } => Some("Server"),
            ApiError::Unexpected { .. } => Some("Unexpected"),
            _ => None,
        }
    }

    /// Map an HTTP response that is not a success. `retry_after` is the `Retry-After` header.
    pub fn from_response(status: u16, retry_after: Option<&str>, body: &str) -> ApiError {
        let json: Option<Value> = serde_json::from_str(body).ok();
        let detail = json.as_ref().and_then(|j| j.get("detail"));
        // A blank detail or message says nothing: treat it as absent so the user
        // gets the status's own sentence, never an empty one.
        let detail_str = detail
            .and_then(Value::as_str)
            .filter(|s| !s.trim().is_empty())
            .map(str::to_owned);
        let message = json
            .as_ref()
            .and_then(|j| j.get("message"))
            .and_then(Value::as_str)
            .filter(|s| !s.trim().is_empty())
            .map(str::to_owned);
        let text = detail_str.clone().or(message.clone());

        match status {
            401 => ApiError::Unauthorized {
                detail: text.unwrap_or_else(|| "Authentication required".into()),
            },
            403 => {
                if json
                    .as_ref()
                    .and_then(|j| j.get("error"))
                    .and_then(Value::as_str)
                    == Some("CSRF token invalid")
                {
                    return ApiError::Csrf;
                }
                if let Some(obj) = detail.and_then(Value::as_object) {
                    return ApiError::PolicyDenied {
                        reason: obj
                            .get("reason")
                            .and_then(Value::as_str)
                            .unwrap_or("no reason given")
                            .to_owned(),
                        audit_id: obj
                            .get("audit_id")
                            .and_then(Value::as_str)
                            .map(str::to_owned),
                    };
                }
                match text {
                    Some(detail) => ApiError::Forbidden { detail },
                    None => ApiError::Unexpected { status },
                }
            }
            404 => match detail_str.as_deref() {
                Some("Not Found") => ApiError::NotProvided { status },
                Some(d) => ApiError::NotFound {
                    detail: d.to_owned(),
                },
                None => ApiError::Unexpected { status },
            },
            405 | 501 => ApiError::NotProvided { status },
            422 => match detail.and_then(Value::as_array) {
                Some(items) => ApiError::Validation {
                    fields: items.iter().map(field_error).collect(),
                },
                None => match text {
                    Some(detail) => ApiError::Rejected { status, detail },
                    None => ApiError::Unexpected { status },
                },
            },
            429 => {
                let from_body = json
                    .as_ref()
                    .and_then(|j| j.get("retry_after"))
                    .and_then(Value::as_u64);
                let from_header = retry_after.and_then(|h| h.trim().parse::<u64>().ok());
                ApiError::RateLimited {
                    retry_after: from_body.or(from_header),
                    detail: text,
                }
            }
            500 if json
                .as_ref()
                .and_then(|j| j.get("error_type"))
                .and_then(Value::as_str)
                == Some("internal_error") =>
            {
                ApiError::Internal {
                    detail: text.unwrap_or_default(),
                }
            }
            s if s >= 500 => match text {
                Some(d) => ApiError::Server {
                    status: s,
                    detail: Some(d),
                },
                // E10: a proxy's HTML or empty body.
                None => ApiError::Server {
                    status: s,
                    detail: None,
                },
            },
            s => match text {
                Some(detail) => ApiError::Rejected { status: s, detail },
                None => ApiError::Unexpected { status: s },
            },
        }
    }

    /// The one sentence shown to the user. Never raw JSON.
    pub fn message(&self) -> String {
        match self {
            ApiError::Network => "Cannot reach the SARK server.".into(),
            ApiError::CodeUnavailable => {
                "Part of the console could not be downloaded. Check the connection and try again."
                    .into()
            }
            ApiError::Aborted => "The request was cancelled.".into(),
            ApiError::Unauthorized { detail } => {
                format!("Your session has ended: {detail}. Sign in again.")
            }
            ApiError::Csrf => "The request was blocked by CSRF protection. Reload the page.".into(),
            ApiError::Forbidden { detail } => format!("Not permitted: {detail}"),
            ApiError::PolicyDenied { reason, .. } => format!("Denied by policy: {reason}"),
            ApiError::NotProvided { .. } => "Not provided by this SARK server.".into(),
            ApiError::NotFound { detail } => detail.clone(),
            ApiError::Rejected { detail, .. } => {
                // B4: SARK 2.0 reports every registration failure, denials included, this way.
                if detail == "Server registration failed" {
                    "Registration failed — it may have been denied by policy, or the server hit an error.".into()
                } else {
                    detail.clone()
                }
            }
            ApiError::Validation { fields } => {
                let mut out = String::from("Some fields are invalid");
                for f in fields {
                    out.push('\n');
                    if f.path.is_empty() {
                        out.push_str(&f.msg);
                    } else {
                        out.push_str(&format!("{}: {}", f.path, f.msg));
                    }
                }
                out
            }
            ApiError::RateLimited {
                retry_after: Some(n),
                ..
            } => format!("Too many requests. Try again in {n} s."),
            ApiError::RateLimited {
                retry_after: None, ..
            } => "Too many requests. Try again shortly.".into(),
            ApiError::Internal { detail }
                if detail == "Internal authentication error" || detail.is_empty() =>
            {
                "The SARK server hit an internal error.".into()
            }
            ApiError::Internal { detail } => {
                format!("The SARK server hit an internal error: {detail}")
            }
            ApiError::Server {
                status,
                detail: Some(d),
            } => {
                if d == "Server registration failed" {
                    "Registration failed — it may have been denied by policy, or the server hit an error.".into()
                } else {
                    format!("The SARK server failed (HTTP {status}): {d}")
                }
            }
            ApiError::Server {
                status,
                detail: None,
            } if matches!(status, 502..=504) => {
                format!("The SARK server is unavailable right now (HTTP {status}).")
            }
            ApiError::Server {
                status,
                detail: None,
            }
            | ApiError::Unexpected { status } => {
                format!("Unexpected response from the SARK server (HTTP {status}).")
            }
        }
    }

    /// Whether repeating the same idempotent request may succeed.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            ApiError::Network
                | ApiError::RateLimited { .. }
                | ApiError::Server {
                    status: 502..=504,
                    ..
                }
        )
    }

    /// The 422 items whose path matches `field` exactly (e.g. `name`, `tools[0].name`).
    pub fn field(&self, field: &str) -> Option<String> {
        match self {
            ApiError::Validation { fields } => fields
                .iter()
                .find(|f| f.path == field)
                .map(|f| f.msg.clone()),
            _ => None,
        }
    }

    /// Seconds the server asked us to wait (429 `Retry-After`).
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            ApiError::RateLimited { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    pub fn is_not_provided(&self) -> bool {
        matches!(self, ApiError::NotProvided { .. })
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for ApiError {}

fn field_error(item: &Value) -> FieldError {
    let loc = item
        .get("loc")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let source = loc
        .first()
        .and_then(Value::as_str)
        .unwrap_or("body")
        .to_owned();
    FieldError {
        source,
        path: render_loc(loc.get(1..).unwrap_or(&[])),
        msg: item
            .get("msg")
            .and_then(Value::as_str)
            .unwrap_or("Invalid value")
            .to_owned(),
    }
}

/// `["tools", 0, "name"]` → `tools[0].name`.
pub fn render_loc(parts: &[Value]) -> String {
    let mut out = String::new();
    for p in parts {
        match p {
            Value::Number(n) => out.push_str(&format!("[{n}]")),
            Value::String(s) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(s);
            }
            other => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(&other.to_string());
            }
        }
    }
    out
}

/// A lazy wasm module that failed to download (see `session::signed_in`).
impl From<leptos::wasm_split::SplitLoaderError> for ApiError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ApiError::CodeUnavailable
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_validation_items_to_field_paths() {
        let body = r#"{"detail":[{"type":"missing","loc":["body","tools",0,"name"],"msg":"Field required","input":{}}]}"#;
        let e = ApiError::from_response(422, None, body);
        assert_eq!(e.field("tools[0].name").as_deref(), Some("Field required"));
        assert_eq!(
            e.message(),
            "Some fields are invalid\ntools[0].name: Field required"
        );
    }

    #[test]
    fn not_found_route_is_not_provided_but_missing_resource_is_not() {
        assert!(ApiError::from_response(404, None, r#"{"detail":"Not Found"}"#).is_not_provided());
        assert!(
            ApiError::from_response(405, None, r#"{"detail":"Method Not Allowed"}"#)
                .is_not_provided()
        );
        assert!(ApiError::from_response(501, None, "{\"detail\":\"x\"}").is_not_provided());
        assert_eq!(
            ApiError::from_response(404, None, r#"{"detail":"Server not found"}"#),
            ApiError::NotFound {
                detail: "Server not found".into()
            }
        );
    }

    #[test]
    fn csrf_policy_and_forbidden() {
        let csrf = r#"{"error":"CSRF token invalid","message":"CSRF token missing or invalid"}"#;
        assert_eq!(ApiError::from_response(403, None, csrf), ApiError::Csrf);
        let e8 = r#"{"detail":{"decision":"deny","reason":"Denied: tool requires approval","audit_id":"a1"}}"#;
        assert_eq!(
            ApiError::from_response(403, None, e8).message(),
            "Denied by policy: Denied: tool requires approval"
        );
        let e = ApiError::from_response(
            403,
            None,
            r#"{"detail":"Server registration denied by policy"}"#,
        );
        assert_eq!(
            e.message(),
            "Not permitted: Server registration denied by policy"
        );
    }

    #[test]
    fn rate_limit_prefers_body_then_header() {
        let e7 = r#"{"error":"Rate limit exceeded","message":"Too many requests. Limit: 5 per hour","retry_after":42}"#;
        assert_eq!(
            ApiError::from_response(429, Some("7"), e7).message(),
            "Too many requests. Try again in 42 s."
        );
        assert_eq!(
            ApiError::from_response(429, Some("7"), "<html>slow down</html>").message(),
            "Too many requests. Try again in 7 s."
        );
    }

    #[test]
    fn proxy_errors_and_garbage_never_show_raw_bodies() {
        let e = ApiError::from_response(502, None, "<html><body>Bad Gateway</body></html>");
        assert_eq!(
            e.message(),
            "The SARK server is unavailable right now (HTTP 502)."
        );
        assert!(e.is_transient());
        let e = ApiError::from_response(418, None, "[1,2]");
        assert_eq!(
            e.message(),
            "Unexpected response from the SARK server (HTTP 418)."
        );
        let e = ApiError::from_response(
            500,
            None,
            r#"{"detail":"Internal authentication error","error_type":"internal_error"}"#,
        );
        assert_eq!(e.message(), "The SARK server hit an internal error.");
        let e = ApiError::from_response(500, None, r#"{"detail":"Server registration failed"}"#);
        assert!(e
            .message()
            .starts_with("Registration failed — it may have been denied by policy"));
    }

    #[test]
    fn unauthorized_uses_detail() {
        let e = ApiError::from_response(
            401,
            None,
            r#"{"detail":"Token has expired","error_type":"authentication_error"}"#,
        );
        assert_eq!(
            e.message(),
            "Your session has ended: Token has expired. Sign in again."
        );
    }

    #[test]
    fn blank_detail_falls_back_to_the_status_sentence() {
        for status in [400, 401, 403, 404, 409, 422, 429, 500, 503] {
            for body in [r#"{"detail":""}"#, r#"{"detail":"  ","message":""}"#] {
                let e = ApiError::from_response(status, None, body);
                assert!(!e.message().trim().is_empty(), "{status} {body}");
                assert!(!e.message().ends_with(": "), "{status} {body}");
            }
        }
    }
}
