//! Error bodies of the contract (section 1.7) and their HTTP responses.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

#[derive(Debug)]
pub enum ApiError {
    /// E1: `{"detail": "<text>"}`.
    Detail(StatusCode, String),
    /// E2: FastAPI validation errors.
    Validation(Vec<Value>),
    /// E3: authentication layer.
    Auth(String),
    /// E4: strict claim check.
    Strict(&'static str),
    /// E6.
    Csrf,
    /// E7.
    RateLimited {
        message: String,
        limit: u32,
        retry_after: u64,
        reset: i64,
    },
    /// E8: tool invocation denied.
    Denied {
        reason: String,
        audit_id: String,
    },
    /// E9.
    NotFound,
    MethodNotAllowed,
    PayloadTooLarge,
    /// Unexpected failure; the cause is logged, never sent.
    Internal(String),
}

impl ApiError {
    pub fn detail(status: StatusCode, msg: impl Into<String>) -> Self {
        ApiError::Detail(status, msg.into())
    }
    pub fn not_found(msg: impl Into<String>) -> Self {
        ApiError::Detail(StatusCode::NOT_FOUND, msg.into())
    }
    pub fn bad_request(msg: impl Into<String>) -> Self {
        ApiError::Detail(StatusCode::BAD_REQUEST, msg.into())
    }
    pub fn forbidden(msg: impl Into<String>) -> Self {
        ApiError::Detail(StatusCode::FORBIDDEN, msg.into())
    }
    /// A single E2 item.
    pub fn invalid(
        kind: &str,
        loc: Value,
        msg: impl Into<String>,
        input: Value,
        ctx: Option<Value>,
    ) -> Self {
        ApiError::Validation(vec![verr(kind, loc, msg, input, ctx)])
    }
}

pub fn verr(
    kind: &str,
    loc: Value,
    msg: impl Into<String>,
    input: Value,
    ctx: Option<Value>,
) -> Value {
    let mut v = json!({"type": kind, "loc": loc, "msg": msg.into(), "input": input});
    if let (Some(c), Some(o)) = (ctx, v.as_object_mut()) {
        o.insert("ctx".into(), c);
    }
    v
}

impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> Self {
        ApiError::Internal(format!("database: {e}"))
    }
}

pub fn json_response(status: StatusCode, body: Value) -> Response {
    (status, Json(body)).into_response()
}

pub fn rate_limit_response(message: String, limit: u32, retry_after: u64, reset: i64) -> Response {
    let mut r = json_response(
        StatusCode::TOO_MANY_REQUESTS,
        json!({"error": "Rate limit exceeded", "message": message, "retry_after": retry_after}),
    );
    let h = r.headers_mut();
    h.insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
    h.insert("x-ratelimit-limit", HeaderValue::from(limit));
    h.insert("x-ratelimit-remaining", HeaderValue::from(0u32));
    h.insert("x-ratelimit-reset", HeaderValue::from(reset));
    r
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            ApiError::Detail(s, m) => json_response(s, json!({"detail": m})),
            ApiError::Validation(items) => {
                json_response(StatusCode::UNPROCESSABLE_ENTITY, json!({"detail": items}))
            }
            ApiError::Auth(reason) => json_response(
                StatusCode::UNAUTHORIZED,
                json!({"detail": reason, "error_type": "authentication_error"}),
            ),
            ApiError::Strict(reason) => {
                let mut r = json_response(StatusCode::UNAUTHORIZED, json!({"detail": reason}));
                r.headers_mut()
                    .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
                r
            }
            ApiError::Csrf => json_response(
                StatusCode::FORBIDDEN,
                json!({"error": "CSRF token invalid", "message": "CSRF token missing or invalid"}),
            ),
            ApiError::RateLimited {
                message,
                limit,
                retry_after,
                reset,
            } => rate_limit_response(message, limit, retry_after, reset),
            ApiError::Denied { reason, audit_id } => json_response(
                StatusCode::FORBIDDEN,
                json!({"detail": {"decision": "deny", "reason": reason, "audit_id": audit_id}}),
            ),
            ApiError::NotFound => {
                json_response(StatusCode::NOT_FOUND, json!({"detail": "Not Found"}))
            }
            ApiError::MethodNotAllowed => json_response(
                StatusCode::METHOD_NOT_ALLOWED,
                json!({"detail": "Method Not Allowed"}),
            ),
            ApiError::PayloadTooLarge => json_response(
                StatusCode::PAYLOAD_TOO_LARGE,
                json!({"detail": "Request body too large"}),
            ),
            ApiError::Internal(cause) => {
                tracing::error!(%cause, "internal error");
                json_response(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    json!({"detail": "Internal server error"}),
                )
            }
        }
    }
}

pub type ApiResult<T = Response> = Result<T, ApiError>;
