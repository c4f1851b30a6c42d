//! Sentry envelopes (develop.sentry.dev, "Envelopes"): a JSON header line (`event_id`, `dsn`,
//! `sent_at`, `sdk`), an item header line (`type: event`, `length`), and the event payload.
//! Pure: ids and clocks come in as arguments.

use serde::Serialize;
use serde_json::{json, Map, Value};

use super::dsn::Dsn;
use super::scrub::scrub;

pub const SDK_NAME: &str = "sark-console";

/// What went wrong, in the words the tracker groups by.
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    /// A Rust panic: scrubbed message and `file:line`.
    Panic { message: String, location: String },
    /// An unhandled promise rejection: the error's name and scrubbed message.
    Rejection { name: String, message: String },
    /// An API answer the console could not use (5xx or an undecodable body).
    Api {
        /// The `ApiError` variant, e.g. `Server`.
        variant: &'static str,
        method: String,
        /// Path template, e.g. `/api/v1/servers/{id}`.
        path: String,
        status: Option<u16>,
        request_id: Option<String>,
    },
    /// A live-update channel down for longer than a minute.
    WebSocket { channel: String, down_secs: u64 },
}

impl Problem {
    /// Same fingerprint = same error, for deduplication.
    pub fn fingerprint(&self) -> String {
        match self {
            Problem::Panic { message, location } => format!("panic|{location}|{message}"),
            Problem::Rejection { name, message } => format!("rejection|{name}|{message}"),
            Problem::Api {
                variant,
                method,
                path,
                status,
                ..
            } => format!("api|{variant}|{method}|{path}|{status:?}"),
            Problem::WebSocket { channel, .. } => format!("ws|{channel}"),
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            Problem::Panic { .. } => "panic",
            Problem::Rejection { .. } => "unhandled_rejection",
            Problem::Api { .. } => "api",
            Problem::WebSocket { .. } => "websocket",
        }
    }
}

/// Where and what the console is.
#[derive(Clone, Debug, PartialEq)]
pub struct Scope {
    pub environment: String,
    pub release: String,
    /// Route template of the current page, e.g. `/servers/:id`.
    pub route: String,
}

#[derive(Serialize)]
struct Exception<'a> {
    #[serde(rename = "type")]
    ty: &'a str,
    value: String,
    mechanism: Value,
}

/// The event payload. Only what is listed here is ever sent: no user, no request, no
/// breadcrumbs, no URLs beyond templates.
pub fn event(problem: &Problem, scope: &Scope, event_id: &str, timestamp_s: f64) -> Value {
    let mut tags = Map::new();
    tags.insert("kind".into(), problem.kind().into());
    tags.insert("route".into(), scope.route.clone().into());
    let mut contexts = Map::new();
    let (level, exception) = match problem {
        Problem::Panic { message, location } => {
            tags.insert("location".into(), location.clone().into());
            (
                "fatal",
                Exception {
                    ty: "panic",
                    value: scrub(message),
                    mechanism: json!({"type": "panic", "handled": false}),
                },
            )
        }
        Problem::Rejection { name, message } => (
            "error",
            Exception {
                ty: "UnhandledRejection",
                value: scrub(&format!("{name}: {message}")),
                mechanism: json!({"type": "onunhandledrejection", "handled": false}),
            },
        ),
        Problem::Api {
            variant,
            method,
            path,
            status,
            request_id,
        } => {
            tags.insert("api.variant".into(), (*variant).into());
            tags.insert("api.method".into(), method.clone().into());
            tags.insert("api.path".into(), path.clone().into());
            if let Some(s) = status {
                tags.insert("api.status".into(), s.to_string().into());
            }
            contexts.insert(
                "api".into(),
                json!({
                    "variant": variant, "method": method, "path": path,
                    "status": status, "request_id": request_id.as_deref().map(scrub),
                }),
            );
            let status = status.map(|s| format!(" (HTTP {s})")).unwrap_or_default();
            (
                "error",
                Exception {
                    ty: variant,
                    value: format!("{method} {path}{status}"),
                    mechanism: json!({"type": "api", "handled": true}),
                },
            )
        }
        Problem::WebSocket { channel, down_secs } => {
            tags.insert("ws.channel".into(), channel.clone().into());
            contexts.insert(
                "websocket".into(),
                json!({"channel": channel, "down_secs": down_secs}),
            );
            (
                "warning",
                Exception {
                    ty: "WebSocketDown",
                    value: format!("{channel} down for {down_secs} s"),
                    mechanism: json!({"type": "websocket", "handled": true}),
                },
            )
        }
    };
    json!({
        "event_id": event_id,
        "timestamp": timestamp_s,
        "platform": "javascript",
        "level": level,
        "logger": SDK_NAME,
        "environment": scope.environment,
        "release": scope.release,
        "transaction": scope.route,
        "tags": tags,
        "contexts": contexts,
        "exception": {"values": [exception]},
        "sdk": {"name": SDK_NAME, "version": env!("CARGO_PKG_VERSION")},
    })
}

/// The envelope body: three newline-separated JSON documents.
pub fn envelope(dsn: &Dsn, event_id: &str, sent_at: &str, event: &Value) -> String {
    let payload = event.to_string();
    let header = json!({
        "event_id": event_id,
        "dsn": dsn.raw,
        "sent_at": sent_at,
        "sdk": {"name": SDK_NAME, "version": env!("CARGO_PKG_VERSION")},
    });
    let item =
        json!({"type": "event", "length": payload.len(), "content_type": "application/json"});
    format!("{header}\n{item}\n{payload}\n")
}

/// 32 lowercase hex digits (a UUID without dashes, as Sentry wants) from 16 random bytes.
pub fn event_id(bytes: [u8; 16]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope() -> Scope {
        Scope {
            environment: "staging".into(),
            release: "sark-console@0.1.0".into(),
            route: "/servers/:id".into(),
        }
    }

    fn lines(env: &str) -> Vec<Value> {
        env.lines()
            .map(|l| serde_json::from_str(l).expect("json line"))
            .collect()
    }

    #[test]
    fn envelope_has_header_item_and_event() {
        let dsn = Dsn::parse("https://k1@sentry.example.com/5").expect("dsn");
        let id = event_id([0xab; 16]);
        assert_eq!(id.len(), 32);
        let p = Problem::Api {
            variant: "Server",
            method: "GET".into(),
            path: "/api/v1/servers/{id}".into(),
            status: Some(502),
            request_id: Some("req-1".into()),
        };
        let ev = event(&p, &scope(), &id, 1_700_000_000.5);
        let text = envelope(&dsn, &id, "2026-11-23T20:00:00.000Z", &ev);
        assert!(text.ends_with('\n'));
        let l = lines(&text);
        assert_eq!(l.len(), 3);
        assert_eq!(l[0]["event_id"], id.as_str());
        assert_eq!(l[0]["dsn"], "https://k1@sentry.example.com/5");
        assert_eq!(l[0]["sent_at"], "2026-11-23T20:00:00.000Z");
        assert_eq!(l[1]["type"], "event");
        assert_eq!(
            l[1]["length"].as_u64(),
            Some(text.lines().nth(2).map_or(0, str::len) as u64)
        );
        assert_eq!(l[2]["environment"], "staging");
        assert_eq!(l[2]["release"], "sark-console@0.1.0");
        assert_eq!(l[2]["transaction"], "/servers/:id");
        assert_eq!(l[2]["tags"]["api.status"], "502");
        assert_eq!(l[2]["contexts"]["api"]["request_id"], "req-1");
        assert_eq!(l[2]["exception"]["values"][0]["type"], "Server");
        assert!(l[2].get("user").is_none() && l[2].get("request").is_none());
    }

    #[test]
    fn panics_are_fatal_and_scrubbed() {
        let p = Problem::Panic {
            message: "bad token eyJabc.def.ghi for bob@example.org".into(),
            location: "src/x.rs:1:2".into(),
        };
        let ev = event(&p, &scope(), "0", 0.0);
        assert_eq!(ev["level"], "fatal");
        let v = ev["exception"]["values"][0]["value"]
            .as_str()
            .unwrap_or_default();
        assert!(!v.contains("eyJ") && !v.contains("bob"), "{v}");
    }

    #[test]
    fn fingerprints_ignore_what_differs_between_occurrences() {
        let ws = |s| Problem::WebSocket {
            channel: "/api/v1/ws/audit/stream".into(),
            down_secs: s,
        };
        assert_eq!(ws(61).fingerprint(), ws(120).fingerprint());
        let api = |rid: &str| Problem::Api {
            variant: "Internal",
            method: "GET".into(),
            path: "/api/v1/servers/".into(),
            status: Some(500),
            request_id: Some(rid.into()),
        };
        assert_eq!(api("a").fingerprint(), api("b").fingerprint());
    }
}
