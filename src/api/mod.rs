//! The typed SARK client: the only code that knows URLs, headers, CSRF, retries and JSON.
//! Every call returns `Result<T, ApiError>`; pages never touch `fetch` themselves.

pub mod audit;
pub mod auth;
pub mod caps;
pub mod csrf;
pub mod error;
pub mod export;
pub mod health;
pub mod keys;
pub mod metrics;
pub mod models;
pub mod policies;
pub mod prefetch;
pub mod query;
pub mod servers;
pub mod tools;
pub mod wire_enum;

pub use error::{ApiError, FieldError};

use std::rc::Rc;

use futures::future::LocalBoxFuture;
use gloo_net::http::{Method, RequestBuilder};
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::backoff;
use caps::{Capabilities, Feature};

/// What the client needs from whoever holds the sign-in (`session::Session`). A trait, so that
/// `api/` does not depend on the session module: the session uses the client, not the reverse.
pub trait TokenProvider {
    /// The access token to send, when signed in.
    fn access_token(&self) -> Option<String>;
    /// Called after a 401 on a session-bound request: get a new token (one flight shared by
    /// concurrent callers). `true` means the request may be retried once.
    fn refresh(&self, client: Client) -> LocalBoxFuture<'static, bool>;
    /// The server refused the sign-in and refresh did not help: end it, with this message.
    fn rejected(&self, message: String);
}

/// Paths that never carry the Bearer token (CONTRACT §1.5).
const PUBLIC_PREFIXES: &[&str] = &[
    "/health",
    "/metrics/",
    "/openapi.json",
    "/api/v1/auth/login/ldap",
    "/api/v1/auth/oidc/login",
    "/api/v1/auth/oidc/callback",
    "/api/v1/auth/refresh",
];

pub fn is_public(path: &str) -> bool {
    PUBLIC_PREFIXES.iter().any(|p| path.starts_with(p))
}

/// One HTTP request, described before it is sent so it can be retried.
#[derive(Clone, Debug)]
pub struct Req {
    pub method: Method,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub body: Option<String>,
    /// 401 handling: `false` for login/refresh/logout themselves (their 401 is an answer).
    pub session_bound: bool,
    /// A token to use instead of the session's (checking a pasted token before signing in).
    pub bearer: Option<String>,
    /// The tier-D feature this request needs: an "absent" answer (404 `Not Found`, 405, 501)
    /// records the feature as absent in the client's capabilities (CONTRACT §6.2 step 4).
    pub feature: Option<Feature>,
}

impl Req {
    pub fn get(path: impl Into<String>) -> Self {
        Req {
            method: Method::GET,
            path: path.into(),
            query: Vec::new(),
            body: None,
            session_bound: true,
            bearer: None,
            feature: None,
        }
    }

    pub fn with_method(method: Method, path: impl Into<String>) -> Self {
        Req {
            method,
            ..Req::get(path)
        }
    }

    pub fn query(mut self, key: &str, value: impl Into<String>) -> Self {
        self.query.push((key.to_owned(), value.into()));
        self
    }

    pub fn query_opt(self, key: &str, value: Option<impl Into<String>>) -> Self {
        match value {
            Some(v) => self.query(key, v),
            None => self,
        }
    }

    pub fn json<B: Serialize>(mut self, body: &B) -> Self {
        // Serialising our own typed structs cannot fail; `null` keeps it total anyway.
        self.body = Some(serde_json::to_string(body).unwrap_or_else(|_| "null".into()));
        self
    }

    /// Marks the request as needing `f` (see [`Req::feature`]).
    pub fn feature(mut self, f: Feature) -> Self {
        self.feature = Some(f);
        self
    }

    pub fn unbound(mut self) -> Self {
        self.session_bound = false;
        self
    }

    pub fn bearer(mut self, token: &str) -> Self {
        self.bearer = Some(token.to_owned());
        self.session_bound = false;
        self
    }

    fn is_mutation(&self) -> bool {
        !matches!(self.method, Method::GET | Method::HEAD | Method::OPTIONS)
    }

    /// Only reads are repeated automatically: a retried POST could apply twice.
    fn idempotent(&self) -> bool {
        matches!(self.method, Method::GET | Method::HEAD)
    }
}

/// What came back, before decoding.
#[derive(Clone, Debug, Default)]
pub struct RawResponse {
    pub status: u16,
    pub body: String,
    pub retry_after: Option<String>,
    pub content_disposition: Option<String>,
    pub rate_remaining: Option<String>,
    /// `X-Request-ID`, and the request's method and path: for error reports (`crate::reporting`).
    pub request_id: Option<String>,
    pub method: String,
    pub path: String,
}

impl RawResponse {
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T, ApiError> {
        serde_json::from_str(&self.body).map_err(|e| {
            leptos::logging::warn!("undecodable body (HTTP {}): {e}", self.status);
            let error = ApiError::Unexpected {
                status: self.status,
            };
            crate::reporting::api_error(
                &self.method,
                &self.path,
                self.status,
                error.reported_as(),
                self.request_id.as_deref(),
            );
            error
        })
    }
}

/// The client handed to pages through context. `Copy`: it is only handles.
#[derive(Clone, Copy)]
pub struct Client {
    base: StoredValue<String>,
    /// What this SARK serves (CONTRACT §6), shared with the session for the pages to read.
    pub caps: RwSignal<Capabilities>,
    auth: StoredValue<Rc<dyn TokenProvider>, LocalStorage>,
}

impl Client {
    pub fn new(
        api_base: &str,
        caps: RwSignal<Capabilities>,
        auth: impl TokenProvider + 'static,
    ) -> Self {
        Client {
            base: StoredValue::new(api_base.trim_end_matches('/').to_owned()),
            caps,
            auth: StoredValue::new_local(Rc::new(auth)),
        }
    }

    /// Whether requests would carry a token now (prefetches are skipped when not).
    pub fn signed_in(&self) -> bool {
        self.auth.with_value(|a| a.access_token()).is_some()
    }

    pub fn url(&self, req: &Req) -> String {
        format!(
            "{}{}{}",
            self.base.get_value(),
            req.path,
            query::encode(&req.query)
        )
    }

    /// Absolute `ws(s)://` URL of a channel on the same origin as the API base.
    pub fn ws_url(&self, path: &str, token: &str) -> String {
        let base = self.base.get_value();
        let (scheme, host_base) = if let Some(rest) = base.strip_prefix("https://") {
            ("wss", rest.to_owned())
        } else if let Some(rest) = base.strip_prefix("http://") {
            ("ws", rest.to_owned())
        } else {
            (
                if crate::dom::is_https() { "wss" } else { "ws" },
                format!("{}{}", crate::dom::location_host(), base),
            )
        };
        format!(
            "{scheme}://{host_base}{path}{}",
            query::encode(&[("token".into(), token.into())])
        )
    }

    pub async fn send<T: DeserializeOwned>(&self, req: Req) -> Result<T, ApiError> {
        self.execute(req).await?.decode()
    }

    /// For 204 answers.
    pub async fn send_no_content(&self, req: Req) -> Result<(), ApiError> {
        self.execute(req).await.map(|_| ())
    }

    /// Sends `req` with token, CSRF, retries, refresh-on-401 and error mapping; an absent
    /// answer to a request that names its feature downgrades that feature.
    pub async fn execute(&self, req: Req) -> Result<RawResponse, ApiError> {
        if matches!(req.method, Method::GET) {
            if let Some(pending) = prefetch::take(&self.url(&req)) {
                // Started by the route while this page's code was downloading (`prefetch`).
                if let Ok(answer) = pending.await {
                    return answer;
                }
            }
        }
        self.execute_fresh(&req).await
    }

    /// [`Client::execute`] without looking for a prefetched answer.
    async fn execute_fresh(&self, req: &Req) -> Result<RawResponse, ApiError> {
        let result = self.execute_inner(req).await;
        if let (Err(e), Some(f)) = (&result, req.feature) {
            if e.is_not_provided() {
                caps::mark_absent(self.caps, f);
            }
        }
        result
    }

    async fn execute_inner(&self, req: &Req) -> Result<RawResponse, ApiError> {
        let mut attempt = 0u32;
        let mut csrf_retried = false;
        let mut refreshed = false;
        loop {
            let outcome = self.send_once(req, csrf_retried).await;
            let error = match outcome {
                Ok(raw) if (200..300).contains(&raw.status) => return Ok(raw),
                Ok(raw) => {
                    let e =
                        ApiError::from_response(raw.status, raw.retry_after.as_deref(), &raw.body);
                    crate::reporting::api_error(
                        &raw.method,
                        &raw.path,
                        raw.status,
                        e.reported_as(),
                        raw.request_id.as_deref(),
                    );
                    e
                }
                Err(e) => e,
            };
            match &error {
                ApiError::Csrf if !csrf_retried => {
                    csrf_retried = true;
                    continue;
                }
                ApiError::Unauthorized { .. } if req.session_bound && !is_public(&req.path) => {
                    let auth = self.auth.get_value();
                    if !refreshed && auth.refresh(*self).await {
                        refreshed = true;
                        continue;
                    }
                    auth.rejected(error.message());
                    return Err(error);
                }
                e if e.is_transient()
                    && req.idempotent()
                    && attempt < backoff::HTTP_MAX_RETRIES =>
                {
                    let jitter = backoff::full_jitter_ms(
                        attempt,
                        backoff::HTTP_BASE_MS,
                        backoff::HTTP_CAP_MS,
                        crate::dom::random_unit(),
                    );
                    let wait = match e {
                        // Asked to wait: the page says so and counts down (never a silent
                        // retry behind a skeleton); without Retry-After, a short backoff.
                        ApiError::RateLimited {
                            retry_after: Some(_),
                            ..
                        } => return Err(error),
                        _ => jitter,
                    };
                    attempt += 1;
                    gloo_timers::future::TimeoutFuture::new(wait as u32).await;
                }
                _ => return Err(error),
            }
        }
    }

    /// Sends once (plus one CSRF regeneration) and returns whatever came back, unmapped;
    /// `None` when nothing came back. For the fallback capability probes (`caps::probe`).
    pub async fn execute_raw(&self, req: Req) -> Option<RawResponse> {
        let first = self.send_once(&req, false).await.ok()?;
        if first.status == 403 && caps::verdict(403, &first.body).is_none() {
            return self.send_once(&req, true).await.ok();
        }
        Some(first)
    }

    /// One attempt, unmapped: `Err` only when nothing came back. For the start-up sequence,
    /// which judges reachability itself.
    pub async fn send_once(&self, req: &Req, fresh_csrf: bool) -> Result<RawResponse, ApiError> {
        let mut builder = RequestBuilder::new(&self.url(req))
            .method(req.method.clone())
            .credentials(web_sys::RequestCredentials::SameOrigin)
            .header("Accept", "application/json");
        if !is_public(&req.path) {
            if let Some(token) = req
                .bearer
                .clone()
                .or_else(|| self.auth.with_value(|a| a.access_token()))
            {
                builder = builder.header("Authorization", &format!("Bearer {token}"));
            }
        }
        if req.is_mutation() {
            builder = builder.header(csrf::HEADER, &csrf::ensure(fresh_csrf));
        }
        // Reads are cancelled when the page that asked for them is cleaned up; writes are not
        // (an aborted POST may still have been applied).
        let abort = if req.is_mutation() {
            None
        } else {
            web_sys::AbortController::new().ok()
        };
        if let Some(ctrl) = abort.clone() {
            if Owner::current().is_some() {
                let ctrl = send_wrapper::SendWrapper::new(ctrl);
                on_cleanup(move || ctrl.abort());
            }
        }
        let signal = abort.as_ref().map(|c| c.signal());
        builder = builder.abort_signal(signal.as_ref());
        let request = match &req.body {
            Some(body) => builder
                .header("Content-Type", "application/json")
                .body(body.clone()),
            None => builder.build(),
        }
        .map_err(|_| ApiError::Network)?;
        let response = request.send().await.map_err(|e| {
            if signal.as_ref().is_some_and(|s| s.aborted()) {
                ApiError::Aborted
            } else {
                leptos::logging::warn!("request failed: {e}");
                ApiError::Network
            }
        })?;
        let headers = response.headers();
        let raw = RawResponse {
            status: response.status(),
            retry_after: headers.get("retry-after"),
            content_disposition: headers.get("content-disposition"),
            rate_remaining: headers.get("x-ratelimit-remaining"),
            request_id: headers.get("x-request-id"),
            method: req.method.as_str().to_owned(),
            path: req.path.clone(),
            body: String::new(),
        };
        let body = response.text().await.unwrap_or_default();
        Ok(RawResponse { body, ..raw })
    }
}

/// The client from context; every page runs under the provider in `app.rs`.
pub fn use_client() -> Client {
    expect_context::<Client>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_paths_match_contract() {
        assert!(is_public("/health/detailed"));
        assert!(is_public("/api/v1/auth/refresh"));
        assert!(!is_public("/api/v1/auth/me"));
        assert!(!is_public("/api/v1/auth/logout"));
        assert!(!is_public("/api/v1/metrics/summary"));
        assert!(!is_public("/api/auth/api-keys"));
    }
}
