//! Capability detection (CONTRACT §6): which tier-D features this SARK server provides.
//!
//! First choice is the server's own OpenAPI document (`GET /openapi.json`, public): one request,
//! no errors, no writes. Only its `paths` keys and method names are read ([`RouteIndex`]), never
//! the whole document. Without a document the flags stay [`Cap::Unknown`] and the first real
//! request of a feature is its probe: every tier-D endpoint function names its [`Feature`] on the
//! request (`Req::feature`), and the client records an absent answer itself ([`mark_absent`]).
//! Nothing here ever sends a write to learn whether a route exists.

use std::collections::BTreeMap;

use leptos::prelude::*;
use serde::de::IgnoredAny;
use serde::Deserialize;

use super::{ApiError, Client, RawResponse, Req};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Cap {
    /// Not known yet (no OpenAPI document and no answer from the feature so far, or the answer
    /// was a 5xx/network error).
    #[default]
    Unknown,
    Present,
    Absent,
    /// Served, but this user may not use it.
    Forbidden,
}

impl Cap {
    pub fn is_present(self) -> bool {
        matches!(self, Cap::Present)
    }

    pub fn is_absent(self) -> bool {
        matches!(self, Cap::Absent)
    }
}

/// §6.1: classify a probe's response. `None` means "not a verdict" (401, CSRF): fix and re-probe.
pub fn verdict(status: u16, body: &str) -> Option<Cap> {
    let json: Option<serde_json::Value> = serde_json::from_str(body).ok();
    let field = |k: &str| {
        json.as_ref()
            .and_then(|j| j.get(k))
            .and_then(|v| v.as_str())
            .map(str::to_owned)
    };
    Some(match status {
        200..=299 | 400 | 409 | 422 => Cap::Present,
        404 if field("detail").as_deref() == Some("Not Found") => Cap::Absent,
        404 => Cap::Present,
        405 | 501 => Cap::Absent,
        403 if field("error").as_deref() == Some("CSRF token invalid") => return None,
        403 => Cap::Forbidden,
        401 => return None,
        _ => Cap::Unknown,
    })
}

/// The flags of §6.3, held in memory for one signed-in session.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Capabilities {
    pub login_ldap: Cap,
    pub refresh: Cap,
    pub me: Cap,
    pub audit_events: Cap,
    pub audit_metrics: Cap,
    pub sessions: Cap,
    pub api_keys: Cap,
    pub policies_crud: Cap,
    pub server_tools: Cap,
    pub server_edit: Cap,
    pub tool_invoke: Cap,
    /// True after the first event frame on the channel since the last (re)connect.
    pub live_audit: bool,
    pub live_servers: bool,
    pub live_metrics: bool,
    /// `/health/` version, for the About line; never used to gate features.
    pub version: Option<String>,
    /// The flags came from the server's OpenAPI document (else they are learnt by use).
    pub from_document: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Feature {
    LoginLdap,
    Refresh,
    Me,
    AuditEvents,
    AuditMetrics,
    Sessions,
    ApiKeys,
    PoliciesCrud,
    ServerTools,
    ServerEdit,
    ToolInvoke,
}

impl Feature {
    pub const ALL: [Feature; 11] = [
        Feature::LoginLdap,
        Feature::Refresh,
        Feature::Me,
        Feature::AuditEvents,
        Feature::AuditMetrics,
        Feature::Sessions,
        Feature::ApiKeys,
        Feature::PoliciesCrud,
        Feature::ServerTools,
        Feature::ServerEdit,
        Feature::ToolInvoke,
    ];

    /// The route whose presence in the OpenAPI document means the feature is served (§6.3).
    /// `{}` stands for any templated segment.
    pub fn route(self) -> (Method, &'static str) {
        match self {
            Feature::LoginLdap => (Method::Post, "/api/v1/auth/login/ldap"),
            Feature::Refresh => (Method::Post, "/api/v1/auth/refresh"),
            Feature::Me => (Method::Get, "/api/v1/auth/me"),
            Feature::AuditEvents => (Method::Get, "/api/v1/audit/events"),
            Feature::AuditMetrics => (Method::Get, "/api/v1/audit/metrics"),
            Feature::Sessions => (Method::Get, "/api/v1/sessions"),
            Feature::ApiKeys => (Method::Get, "/api/auth/api-keys"),
            Feature::PoliciesCrud => (Method::Get, "/api/v1/policies"),
            Feature::ServerTools => (Method::Get, "/api/v1/servers/{}/tools"),
            Feature::ServerEdit => (Method::Patch, "/api/v1/servers/{}"),
            Feature::ToolInvoke => (Method::Post, "/api/v1/servers/{}/tools/{}/invoke"),
        }
    }
}

impl Capabilities {
    pub fn get(&self, f: Feature) -> Cap {
        match f {
            Feature::LoginLdap => self.login_ldap,
            Feature::Refresh => self.refresh,
            Feature::Me => self.me,
            Feature::AuditEvents => self.audit_events,
            Feature::AuditMetrics => self.audit_metrics,
            Feature::Sessions => self.sessions,
            Feature::ApiKeys => self.api_keys,
            Feature::PoliciesCrud => self.policies_crud,
            Feature::ServerTools => self.server_tools,
            Feature::ServerEdit => self.server_edit,
            Feature::ToolInvoke => self.tool_invoke,
        }
    }

    pub fn set(&mut self, f: Feature, cap: Cap) {
        let slot = match f {
            Feature::LoginLdap => &mut self.login_ldap,
            Feature::Refresh => &mut self.refresh,
            Feature::Me => &mut self.me,
            Feature::AuditEvents => &mut self.audit_events,
            Feature::AuditMetrics => &mut self.audit_metrics,
            Feature::Sessions => &mut self.sessions,
            Feature::ApiKeys => &mut self.api_keys,
            Feature::PoliciesCrud => &mut self.policies_crud,
            Feature::ServerTools => &mut self.server_tools,
            Feature::ServerEdit => &mut self.server_edit,
            Feature::ToolInvoke => &mut self.tool_invoke,
        };
        *slot = cap;
        // §6.2 step 3: invoke is judged with the tools until it answers for itself.
        if f == Feature::ServerTools && self.tool_invoke == Cap::Unknown && !self.from_document {
            self.tool_invoke = cap;
        }
    }

    /// Every tier-D flag from the server's route index (§6.0).
    pub fn from_routes(index: &RouteIndex) -> Self {
        let mut c = Capabilities {
            from_document: true,
            ..Default::default()
        };
        for f in Feature::ALL {
            let (method, route) = f.route();
            c.set(
                f,
                if index.serves(method, route) {
                    Cap::Present
                } else {
                    Cap::Absent
                },
            );
        }
        c
    }

    /// What survives a sign-out: the flags of the server, not of the user (§6.2 step 6). Flags
    /// from the document describe the server; flags learnt by use may depend on the user.
    pub fn after_sign_out(&self) -> Self {
        if self.from_document {
            Capabilities {
                live_audit: false,
                live_servers: false,
                live_metrics: false,
                ..self.clone()
            }
        } else {
            Capabilities {
                login_ldap: self.login_ldap,
                refresh: self.refresh,
                version: self.version.clone(),
                ..Default::default()
            }
        }
    }
}

/// An HTTP method as the OpenAPI document names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

/// The methods of one path item; operations themselves are skipped unread.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Operations {
    get: Option<IgnoredAny>,
    post: Option<IgnoredAny>,
    put: Option<IgnoredAny>,
    patch: Option<IgnoredAny>,
    delete: Option<IgnoredAny>,
}

/// The `paths` keys of an OpenAPI document and their methods: all the console reads of it.
#[derive(Debug, Default, Deserialize)]
pub struct RouteIndex {
    paths: BTreeMap<String, Operations>,
}

impl RouteIndex {
    pub fn parse(text: &str) -> Option<RouteIndex> {
        serde_json::from_str(text).ok()
    }

    /// Whether `route` (with `{}` for templated segments) is served with `method`. A template
    /// segment in the document (`{server_id}`) matches `{}`; a trailing slash is not significant.
    pub fn serves(&self, method: Method, route: &str) -> bool {
        self.paths.iter().any(|(path, ops)| {
            same_route(path, route)
                && match method {
                    Method::Get => ops.get.is_some(),
                    Method::Post => ops.post.is_some(),
                    Method::Put => ops.put.is_some(),
                    Method::Patch => ops.patch.is_some(),
                    Method::Delete => ops.delete.is_some(),
                }
        })
    }
}

fn same_route(doc: &str, route: &str) -> bool {
    let a = doc.trim_end_matches('/').split('/');
    let b = route.trim_end_matches('/').split('/');
    a.clone().count() == b.clone().count()
        && a.zip(b).all(|(x, y)| {
            let templ = |s: &str| s.starts_with('{') && s.ends_with('}');
            if y == "{}" {
                templ(x)
            } else {
                x == y
            }
        })
}

/// Records an absent verdict at run time (§6.2 step 4); a no-op when already absent, so pages
/// reading the flags do not re-render for nothing.
pub fn mark_absent(caps: RwSignal<Capabilities>, f: Feature) {
    if !caps.with_untracked(|c| c.get(f).is_absent()) {
        caps.update(|c| c.set(f, Cap::Absent));
    }
}

/// What `GET /openapi.json` told.
#[derive(Debug)]
pub enum Discovery {
    Document(Box<Capabilities>),
    /// 404 or an unreadable body: this SARK does not describe itself; learn by use (§6.1).
    NoDocument,
    /// Nothing usable came back (network, 429, 5xx): the server is not reachable right now.
    Unreachable(ApiError),
}

/// §6.0: one public request for the whole capability picture.
pub async fn discover(client: Client) -> Discovery {
    let req = Req::get("/openapi.json").unbound();
    match client.send_once(&req, false).await {
        Err(e) => Discovery::Unreachable(e),
        Ok(raw) => classify_document(&raw),
    }
}

/// The pure half of [`discover`].
pub fn classify_document(raw: &RawResponse) -> Discovery {
    match raw.status {
        200..=299 => match RouteIndex::parse(&raw.body) {
            Some(index) => Discovery::Document(Box::new(Capabilities::from_routes(&index))),
            None => Discovery::NoDocument,
        },
        429 | 500..=599 => Discovery::Unreachable(ApiError::from_response(
            raw.status,
            raw.retry_after.as_deref(),
            &raw.body,
        )),
        _ => Discovery::NoDocument,
    }
}

/// A fallback probe (§6.1) without a document: sends `req` once and returns the verdict with
/// the raw answer. Reads only; the caller decides when (the user opened the feature).
pub async fn probe(client: Client, req: Req) -> (Cap, Option<RawResponse>) {
    match client.execute_raw(req).await {
        Some(raw) => (
            verdict(raw.status, &raw.body).unwrap_or(Cap::Unknown),
            Some(raw),
        ),
        None => (Cap::Unknown, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts_follow_section_6_1() {
        assert_eq!(verdict(200, "{}"), Some(Cap::Present));
        assert_eq!(verdict(422, r#"{"detail":[]}"#), Some(Cap::Present));
        assert_eq!(verdict(404, r#"{"detail":"Not Found"}"#), Some(Cap::Absent));
        assert_eq!(
            verdict(404, r#"{"detail":"Server not found"}"#),
            Some(Cap::Present)
        );
        assert_eq!(
            verdict(405, r#"{"detail":"Method Not Allowed"}"#),
            Some(Cap::Absent)
        );
        assert_eq!(verdict(501, ""), Some(Cap::Absent));
        assert_eq!(
            verdict(403, r#"{"error":"CSRF token invalid","message":"x"}"#),
            None
        );
        assert_eq!(verdict(403, r#"{"detail":"no"}"#), Some(Cap::Forbidden));
        assert_eq!(verdict(401, "{}"), None);
        assert_eq!(verdict(503, "<html>"), Some(Cap::Unknown));
    }

    /// SARK 2.0's own document (a copy of `shared/sark-api/openapi.json`): every tier-D flag is
    /// absent, as §6.3 expects.
    #[test]
    fn sark_2_0_document_has_no_tier_d() {
        let text = include_str!("../../tests/fixtures/sark-2.0-openapi.json");
        let index = RouteIndex::parse(text).expect("SARK's document parses");
        assert!(index.serves(Method::Get, "/api/v1/servers/{}"));
        assert!(index.serves(Method::Get, "/api/v1/servers"));
        assert!(index.serves(Method::Patch, "/api/v1/bulk/servers/status"));
        assert!(!index.serves(Method::Patch, "/api/v1/servers/{}"));
        let caps = Capabilities::from_routes(&index);
        for f in Feature::ALL {
            assert_eq!(caps.get(f), Cap::Absent, "{f:?}");
        }
        assert!(caps.from_document);
    }

    #[test]
    fn full_document_has_every_flag_and_templates_match_any_name() {
        let doc = r#"{"openapi":"3.1.0","info":{"title":"x"},"paths":{
            "/api/v1/auth/login/ldap":{"post":{}},"/api/v1/auth/refresh":{"post":{"summary":"r"}},
            "/api/v1/auth/me":{"get":{}},"/api/v1/audit/events":{"get":{}},
            "/api/v1/audit/metrics":{"get":{}},"/api/v1/sessions":{"get":{}},
            "/api/auth/api-keys":{"get":{},"post":{}},"/api/v1/policies/":{"get":{}},
            "/api/v1/servers/{id}/tools":{"get":{}},
            "/api/v1/servers/{server_id}":{"get":{},"patch":{"responses":{"200":{}}},"parameters":[]},
            "/api/v1/servers/{s}/tools/{t}/invoke":{"post":{}}},"components":{"schemas":{"A":{}}}}"#;
        let caps = Capabilities::from_routes(&RouteIndex::parse(doc).expect("parses"));
        for f in Feature::ALL {
            assert_eq!(caps.get(f), Cap::Present, "{f:?}");
        }
    }

    #[test]
    fn a_route_needs_its_method_and_exact_literal_segments() {
        let index = RouteIndex::parse(
            r#"{"paths":{"/api/v1/servers/{id}":{"get":{}},"/api/v1/servers/x/tools":{"get":{}}}}"#,
        )
        .expect("parses");
        assert!(!index.serves(Method::Patch, "/api/v1/servers/{}"));
        assert!(!index.serves(Method::Get, "/api/v1/servers/{}/tools"));
        assert!(!index.serves(Method::Get, "/api/v1/servers/{}/tools/{}"));
    }

    #[test]
    fn documents_classify_into_discovery_outcomes() {
        let raw = |status, body: &str| RawResponse {
            status,
            body: body.into(),
            ..Default::default()
        };
        assert!(matches!(
            classify_document(&raw(200, r#"{"paths":{}}"#)),
            Discovery::Document(_)
        ));
        assert!(matches!(
            classify_document(&raw(404, r#"{"detail":"Not Found"}"#)),
            Discovery::NoDocument
        ));
        assert!(matches!(
            classify_document(&raw(200, "<html>")),
            Discovery::NoDocument
        ));
        assert!(matches!(
            classify_document(&raw(503, "<html>")),
            Discovery::Unreachable(_)
        ));
        assert!(matches!(
            classify_document(&raw(429, "{}")),
            Discovery::Unreachable(_)
        ));
    }

    #[test]
    fn sign_out_keeps_server_flags_only() {
        let mut c = Capabilities {
            api_keys: Cap::Forbidden,
            refresh: Cap::Present,
            live_audit: true,
            ..Default::default()
        };
        let kept = c.after_sign_out();
        assert_eq!(kept.api_keys, Cap::Unknown);
        assert_eq!(kept.refresh, Cap::Present);
        c.from_document = true;
        let kept = c.after_sign_out();
        assert_eq!(kept.api_keys, Cap::Forbidden);
        assert!(!kept.live_audit);
    }
}
