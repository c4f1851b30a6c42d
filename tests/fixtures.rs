//! Every response recorded from real SARK 2.0 (`shared/sark-api/fixtures/`) must decode with the
//! console's own models, or map through its own error type to a readable message.

use sark_console::api::caps::{self, Cap};
use sark_console::api::models::*;
use sark_console::api::ApiError;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::path::PathBuf;

fn fixtures_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/sark-api/fixtures");
    dir.is_dir().then_some(dir)
}

fn decode<T: DeserializeOwned>(body: &Value) -> T {
    match serde_json::from_value(body.clone()) {
        Ok(v) => v,
        Err(e) => panic!(
            "does not decode as {}: {e}\n{body}",
            std::any::type_name::<T>()
        ),
    }
}

fn is_uuid(s: &str) -> bool {
    s.len() == 36 && s.chars().filter(|c| *c == '-').count() == 4
}

/// Decodes one successful body with the model the console uses for that endpoint and checks
/// a few values. Returns the model's name.
fn check_success(method: &str, path: &str, status: u16, body: &Value) -> &'static str {
    let seg: Vec<&str> = path.trim_matches('/').split('/').collect();
    match (method, seg.as_slice()) {
        ("GET", ["health"]) | ("GET", ["health", "live" | "startup"]) => {
            let h: HealthInfo = decode(body);
            assert_eq!(h.version, "2.0.0");
            assert!(["healthy", "alive", "started"].contains(&h.status.as_str()));
            "HealthInfo"
        }
        ("GET", ["health", "ready"]) => {
            let h: HealthReady = decode(body);
            assert!(
                h.database && h.redis && !h.ready,
                "B3: ready false although db and redis are up"
            );
            "HealthReady"
        }
        ("GET", ["health", "detailed"]) => {
            let h: DetailedHealth = decode(body);
            let opa = &h.dependencies["opa"];
            assert_eq!(
                sark_console::api::health::dependency_view("opa", opa),
                sark_console::api::health::DependencyView::Unknown(
                    "Policy engine: status unknown (server reporting issue)".into()
                )
            );
            assert!(h.dependencies["postgresql"].healthy);
            "DetailedHealth"
        }
        ("POST", ["api", "v1", "servers"]) => {
            let r: RegisterResponse = decode(body);
            assert!(is_uuid(&r.server_id));
            assert_eq!(r.status, ServerStatus::Registered);
            "RegisterResponse"
        }
        ("PATCH", ["api", "v1", "bulk", "servers", "status"]) => {
            let r: BulkResult = decode(body);
            assert_eq!(r.total, r.succeeded + r.failed);
            assert_eq!(r.failed as usize, r.failed_items.len());
            assert!(r.failed_items.iter().all(|f| !f.error.is_empty()));
            "BulkResult"
        }
        ("GET", ["api", "v1", "servers"]) => {
            let p: ServerPage = decode(body);
            assert!(p
                .items
                .iter()
                .all(|s| is_uuid(&s.id) && !matches!(s.status, ServerStatus::Unknown(_))));
            assert!(p
                .items
                .iter()
                .all(|s| sark_console::time_fmt::parse_unix(&s.created_at).is_some()));
            assert_eq!(p.has_more, p.next_cursor.is_some());
            "ServerPage"
        }
        ("GET", ["api", "v1", "servers", _]) => {
            let d: ServerDetail = decode(body);
            assert!(is_uuid(&d.id));
            assert!(d
                .tools
                .iter()
                .all(|t| !matches!(t.sensitivity_level, Sensitivity::Unknown(_))));
            assert!(d.metadata.is_object());
            "ServerDetail"
        }
        ("GET", ["api", "v1", "policy", "list"]) => {
            let l: PolicyList = decode(body);
            assert_eq!(l.total as usize, l.policies.len());
            assert!(l
                .policies
                .iter()
                .any(|p| p.name == "mcp.authorization" && p.active));
            "PolicyList"
        }
        ("POST", ["api", "v1", "policy", "evaluate"]) => {
            let r: EvaluateResponse = decode(body);
            assert!(matches!(r.decision, Decision::Allow | Decision::Deny));
            assert!(!r.reason.is_empty());
            "EvaluateResponse"
        }
        ("POST", ["api", "v1", "policy", "validate"]) => {
            let r: ValidateResponse = decode(body);
            assert_eq!(r.valid, r.errors.is_empty());
            "ValidateResponse"
        }
        ("GET", ["api", "v1", "tools", "statistics", "sensitivity"]) => {
            let s: ToolStatistics = decode(body);
            let b = &s.by_sensitivity;
            assert_eq!(s.total_tools, b.low + b.medium + b.high + b.critical);
            "ToolStatistics"
        }
        ("GET" | "POST", ["api", "v1", "tools", _, "sensitivity"]) => {
            let s: SensitivityInfo = decode(body);
            assert!(is_uuid(&s.tool_id) && !s.tool_name.is_empty());
            "SensitivityInfo"
        }
        ("GET", ["api", "v1", "tools", _, "sensitivity", "history"]) => {
            let h: Vec<HistoryEntry> = decode(body);
            assert!(
                matches!(h.last(), Some(HistoryEntry::Current { .. })),
                "history ends with the current entry"
            );
            assert!(!h.iter().any(|e| matches!(e, HistoryEntry::Other)));
            "Vec<HistoryEntry>"
        }
        ("GET", ["api", "v1", "tools", "sensitivity", level]) => {
            let t: Vec<ToolByLevel> = decode(body);
            assert!(t.iter().all(|t| t.sensitivity_level.as_str() == *level));
            "Vec<ToolByLevel>"
        }
        ("POST", ["api", "v1", "tools", "detect-sensitivity"]) => {
            let d: DetectResponse = decode(body);
            assert!(!d.detection_method.is_empty());
            "DetectResponse"
        }
        ("POST", ["api", "v1", "tools", "servers", _, "tools", "detect-all"]) => {
            let d: DetectAllResponse = decode(body);
            assert_eq!(d.tool_count as usize, d.detections.len());
            "DetectAllResponse"
        }
        ("GET", ["api", "v1", "metrics", "summary"]) => {
            let m: MetricsSummary = decode(body);
            assert!(m.total_servers >= m.active_servers + m.inactive_servers + m.unhealthy_servers);
            assert_eq!(
                m.servers_by_transport.values().sum::<u64>(),
                m.total_servers
            );
            "MetricsSummary"
        }
        ("GET", ["api", "v1", "metrics", "timeseries", "servers"]) => {
            let t: TimeSeries = decode(body);
            assert!(t.is_placeholder(), "B7: SARK 2.0 series are placeholders");
            assert!(t
                .data_points
                .iter()
                .all(|p| sark_console::time_fmt::parse_unix(&p.timestamp).is_some()));
            "TimeSeries"
        }
        ("GET", ["api", "v1", "metrics", _]) => {
            let m: ServerMetrics = decode(body);
            assert!(is_uuid(&m.server_id));
            "ServerMetrics"
        }
        ("GET", ["api", "v1", "export", "servers.json"]) => {
            let e: ServersExport = decode(body);
            assert_eq!(e.total_records as usize, e.servers.len());
            "ServersExport"
        }
        ("GET", ["api", "v1", "export", "tools.json"]) => {
            let e: ToolsExport = decode(body);
            assert_eq!(e.total_records as usize, e.tools.len());
            "ToolsExport"
        }
        ("GET", ["api", "v1", "export", file]) if file.ends_with(".csv") => {
            let text = body.as_str().expect("CSV is text");
            assert!(text.starts_with("id,name,description,"));
            assert!(text.contains("\r\n"));
            "csv text"
        }
        ("GET", ["api", "v1", "ws", "connections"]) => {
            let c: WsConnections = decode(body);
            assert_eq!(
                c.total_connections,
                c.channels.values().map(|c| c.count).sum::<u64>()
            );
            "WsConnections"
        }
        other => panic!("no model for {other:?} (HTTP {status})"),
    }
}

#[test]
fn every_recorded_sark_response_decodes_or_maps() {
    let Some(dir) = fixtures_dir() else {
        eprintln!("shared/sark-api/fixtures not found: skipped");
        return;
    };
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures dir")
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    let mut checked = 0;
    for path in files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
    {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        if name == "ws-frames.json" {
            continue;
        }
        let fx: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("read"))
            .expect("fixture is JSON");
        let method = fx["request"]["method"].as_str().expect("method");
        let req_path = fx["request"]["path"].as_str().expect("path");
        let status = fx["response"]["status"].as_u64().expect("status") as u16;
        let body = &fx["response"]["body"];
        let raw_body = match body {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        match status {
            200..=299 => {
                check_success(method, req_path, status, body);
            }
            307 => {
                // Redirects are never followed; the console always calls canonical paths.
                assert!(fx["response"]["headers"]["location"].is_string(), "{name}");
            }
            _ => {
                let err = ApiError::from_response(status, None, &raw_body);
                let msg = err.message();
                assert!(
                    !msg.contains('{') && !msg.is_empty(),
                    "{name}: raw JSON in message {msg:?}"
                );
                assert!(
                    !matches!(err, ApiError::Unexpected { .. }),
                    "{name}: unmapped {status} {raw_body}"
                );
                match status {
                    401 => assert!(matches!(err, ApiError::Unauthorized { .. }), "{name}"),
                    403 => assert_eq!(err, ApiError::Csrf, "{name}"),
                    404 if name.contains("tierd") => {
                        assert!(err.is_not_provided(), "{name}");
                        assert_eq!(
                            caps::verdict(status, &raw_body),
                            Some(Cap::Absent),
                            "{name}"
                        );
                    }
                    404 => assert!(matches!(err, ApiError::NotFound { .. }), "{name}: {err:?}"),
                    405 | 501 => assert!(err.is_not_provided(), "{name}"),
                    422 => assert!(
                        matches!(err, ApiError::Validation { ref fields } if !fields.is_empty()),
                        "{name}"
                    ),
                    _ => {}
                }
            }
        }
        checked += 1;
    }
    assert!(
        checked >= 99,
        "expected every fixture to be checked, got {checked}"
    );
    println!("fixtures: {checked} responses decoded or mapped");
}

#[test]
fn specific_sark_quirks_map_to_the_contract_messages() {
    let Some(dir) = fixtures_dir() else { return };
    let body = |f: &str| -> (u16, String) {
        let fx: Value = serde_json::from_str(&std::fs::read_to_string(dir.join(f)).expect("read"))
            .expect("json");
        (
            fx["response"]["status"].as_u64().unwrap_or(0) as u16,
            fx["response"]["body"].to_string(),
        )
    };
    let (s, b) = body("24-servers-list-cursor-followup-500.json");
    assert_eq!(
        ApiError::from_response(s, None, &b).message(),
        "The SARK server hit an internal error."
    );
    let (s, b) = body("99-servers-register-500-policy-engine-down.json");
    assert!(ApiError::from_response(s, None, &b)
        .message()
        .starts_with("Registration failed — it may have been denied by policy"));
    let (s, b) = body("17-servers-register-422-missing-tools.json");
    assert_eq!(
        ApiError::from_response(s, None, &b)
            .field("tools")
            .as_deref(),
        Some("Field required")
    );
    let (s, b) = body("39-servers-detail-422-bad-uuid.json");
    assert!(
        matches!(ApiError::from_response(s, None, &b), ApiError::Validation { fields } if fields[0].source == "path")
    );
    let (s, b) = body("80-tierd-server-patch-405.json");
    assert_eq!(caps::verdict(s, &b), Some(Cap::Absent));
    let (s, b) = body("38-servers-detail-404.json");
    assert_eq!(caps::verdict(s, &b), Some(Cap::Present));
    let (s, b) = body("97-unknown-path-token-no-csrf-403.json");
    assert_eq!(caps::verdict(s, &b), None, "CSRF is not a verdict");
}

#[test]
fn websocket_frames_parse_and_pong_is_ignored() {
    let Some(dir) = fixtures_dir() else { return };
    let fx: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("ws-frames.json")).expect("read"))
            .expect("json");
    let mut greetings = 0;
    for conn in fx["connections"].as_array().expect("connections") {
        for frame in conn["frames"].as_array().into_iter().flatten() {
            if frame["direction"] != "server" {
                continue;
            }
            let data = frame["data"].as_str().unwrap_or_default();
            match WsFrame::parse(data) {
                None => assert_eq!(data, "pong"),
                Some(WsFrame::Connected { message }) => {
                    assert!(message.starts_with("Connected to"));
                    greetings += 1;
                }
                Some(WsFrame::Ping) => {}
                Some(other) => panic!("unexpected frame {other:?}"),
            }
        }
    }
    assert_eq!(greetings, 3);
    // The event frames SARK defines (B9: never sent by 2.0) decode too, with id/action mapping.
    let f = WsFrame::parse(
        r#"{"type":"audit_event","timestamp":"2026-11-22T16:00:00Z","event":{"id":"e1","action":"server_registered","user_id":null,"resource_type":"server","resource_id":"x","decision":"allow","reason":null,"ip_address":null}}"#,
    );
    match f {
        Some(WsFrame::AuditEvent { event, .. }) => {
            assert_eq!(event.event_id, "e1");
            assert_eq!(event.event_type, AuditEventType::ServerRegistered);
        }
        other => panic!("{other:?}"),
    }
    let both = WsFrame::parse(
        r#"{"type":"audit_event","event":{"id":"e2","event_id":"e2","action":"tool:invoke","event_type":"tool_invoked"}}"#,
    );
    assert!(
        matches!(both, Some(WsFrame::AuditEvent { event, .. }) if event.event_type == AuditEventType::ToolInvoked)
    );
    assert!(matches!(
        WsFrame::parse(r#"{"type":"brand_new"}"#),
        Some(WsFrame::Other)
    ));
}
