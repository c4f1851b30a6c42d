//! WebSockets: handshake, greeting, ping/pong, keepalive and live event frames.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::Message;

use crate::common::{config, reg_body, start, start_with, Sb};

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn connect(sb: &Sb, path: &str, token: &str) -> Ws {
    let (ws, resp) =
        tokio_tungstenite::connect_async(format!("ws://{}{path}?token={token}", sb.addr))
            .await
            .expect("handshake");
    assert_eq!(resp.status().as_u16(), 101);
    ws
}

/// Next text frame within `secs`.
async fn next_text(ws: &mut Ws, secs: u64) -> Option<String> {
    loop {
        match tokio::time::timeout(Duration::from_secs(secs), ws.next()).await {
            Ok(Some(Ok(Message::Text(t)))) => return Some(t.to_string()),
            Ok(Some(Ok(_))) => continue,
            _ => return None,
        }
    }
}

/// Next JSON frame of the given type, skipping others.
async fn next_of(ws: &mut Ws, ty: &str) -> Value {
    for _ in 0..50 {
        let t = next_text(ws, 10)
            .await
            .unwrap_or_else(|| panic!("no {ty} frame"));
        if let Ok(v) = serde_json::from_str::<Value>(&t) {
            if v["type"] == ty {
                return v;
            }
        }
    }
    panic!("no {ty} frame");
}

#[tokio::test]
async fn handshake_is_refused_with_403_for_bad_tokens() {
    let sb = start(false).await;
    let refresh = sark_sandbox::cli::mint(
        crate::common::SECRET,
        sark_sandbox::cli::UserArg::Admin,
        60,
        false,
        sark_sandbox::cli::TokenType::Refresh,
    );
    for q in ["", "?token=not-a-jwt", &format!("?token={refresh}")] {
        let err =
            tokio_tungstenite::connect_async(format!("ws://{}/api/v1/ws/audit/stream{q}", sb.addr))
                .await
                .expect_err("refused");
        match err {
            tokio_tungstenite::tungstenite::Error::Http(resp) => {
                assert_eq!(resp.status().as_u16(), 403, "{q}")
            }
            other => panic!("unexpected {other:?}"),
        }
    }
}

#[tokio::test]
async fn greeting_pong_and_connection_counts() {
    let sb = start(true).await;
    assert_eq!(
        sb.get("/api/v1/ws/connections").await.json(),
        json!({"total_connections": 0, "channels": {}})
    );
    let admin = sb.admin.clone();
    let mut a = connect(&sb, "/api/v1/ws/audit/stream", &admin).await;
    let mut s = connect(&sb, "/api/v1/ws/servers/status", &admin).await;
    let mut m = connect(&sb, "/api/v1/ws/metrics/live", &admin).await;
    for (ws, msg) in [
        (&mut a, "Connected to audit log stream"),
        (&mut s, "Connected to server status stream"),
        (&mut m, "Connected to live metrics stream"),
    ] {
        let g: Value =
            serde_json::from_str(&next_text(ws, 5).await.expect("greeting")).expect("json");
        assert_eq!(
            g,
            json!({"type": "connected", "message": msg, "user_id": "6f1c2a4e-0d3b-4c7a-9e21-5a7d3c000001"})
        );
    }
    // First metrics_update right after the greeting.
    let mu: Value =
        serde_json::from_str(&next_text(&mut m, 2).await.expect("metrics")).expect("json");
    assert_eq!(mu["type"], "metrics_update");
    assert_eq!(mu["metrics"]["total_servers"], 48);
    assert!(mu["metrics"]["policy_allow_rate"]
        .as_f64()
        .is_some_and(|r| (0.0..=1.0).contains(&r)));
    assert!(mu["metrics"]["recent_policy_decisions"]
        .as_i64()
        .is_some_and(|n| n > 0));
    a.send(Message::Text("hello".into())).await.expect("send");
    a.send(Message::Text("ping".into())).await.expect("send");
    assert_eq!(next_text(&mut a, 5).await.as_deref(), Some("pong"));
    let c = sb.get("/api/v1/ws/connections").await.json();
    assert_eq!(c["total_connections"], 3);
    assert_eq!(
        c["channels"]["metrics_live"],
        json!({"count": 1, "channel": "metrics_live"})
    );
    drop(a);
    drop(s);
    drop(m);
    for _ in 0..50 {
        if sb.get("/api/v1/ws/connections").await.json()["total_connections"] == 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("connections not released");
}

#[tokio::test]
async fn event_frames_reach_every_client() {
    let sb = start(false).await;
    let admin = sb.admin.clone();
    let mut a1 = connect(&sb, "/api/v1/ws/audit/stream", &admin).await;
    let mut a2 = connect(&sb, "/api/v1/ws/audit/stream", &admin).await;
    let mut s = connect(&sb, "/api/v1/ws/servers/status", &admin).await;
    for ws in [&mut a1, &mut a2, &mut s] {
        next_of(ws, "connected").await;
    }
    let id = sb
        .send("POST", "/api/v1/servers/", reg_body("live", "low"))
        .await
        .json()["server_id"]
        .as_str()
        .expect("id")
        .to_string();
    let f = next_of(&mut s, "server_status_change").await;
    assert_eq!(
        f["server"],
        json!({"id": id, "name": "live", "status": "registered", "previous_status": null, "health_check_result": null})
    );
    assert!(f["timestamp"].is_string());
    sb.send(
        "PATCH",
        "/api/v1/bulk/servers/status",
        json!({"updates": [{"server_id": id, "status": "active"}]}),
    )
    .await;
    let change = |f: Value| {
        (
            f["server"]["status"].clone(),
            f["server"]["previous_status"].clone(),
        )
    };
    let f = next_of(&mut s, "server_status_change").await;
    assert_eq!(change(f), (json!("active"), json!("registered")));
    sb.send("DELETE", &format!("/api/v1/servers/{id}"), json!(null))
        .await;
    let f = next_of(&mut s, "server_status_change").await;
    assert_eq!(change(f), (json!("decommissioned"), json!("active")));
    // Both audit clients see the registration's events, with all keys.
    for ws in [&mut a1, &mut a2] {
        let mut seen = Vec::new();
        for _ in 0..4 {
            let f = next_of(ws, "audit_event").await;
            let e = &f["event"];
            for k in [
                "id",
                "user_id",
                "action",
                "resource_type",
                "resource_id",
                "decision",
                "reason",
                "ip_address",
                "event_id",
                "event_type",
                "timestamp",
                "severity",
                "user_email",
                "server_id",
                "server_name",
                "tool_name",
                "parameters",
                "duration_ms",
            ] {
                assert!(e.get(k).is_some(), "missing {k} in {e}");
            }
            assert_eq!(e["id"], e["event_id"]);
            seen.push(e["event_type"].as_str().unwrap_or("").to_string());
        }
        assert_eq!(
            seen,
            [
                "authorization_allowed",
                "server_registered",
                "server_updated",
                "server_decommissioned"
            ]
        );
    }
    let total = sb.audit_total().await;
    assert_eq!(total, 4, "every audit write was broadcast");
}

#[tokio::test]
async fn keepalive_ping_after_silence() {
    let mut cfg = config(false);
    cfg.ws_ping_secs = 1;
    let sb = start_with(cfg).await;
    let admin = sb.admin.clone();
    let mut ws = connect(&sb, "/api/v1/ws/servers/status", &admin).await;
    next_of(&mut ws, "connected").await;
    let t = next_text(&mut ws, 3).await;
    assert_eq!(t.as_deref(), Some(r#"{"type":"ping"}"#));
}

#[tokio::test]
async fn demo_simulator_produces_live_events() {
    let mut cfg = config(true);
    cfg.demo = true;
    cfg.demo_interval_ms = 100;
    let sb = start_with(cfg).await;
    let admin = sb.admin.clone();
    let mut ws = connect(&sb, "/api/v1/ws/audit/stream", &admin).await;
    next_of(&mut ws, "connected").await;
    let f = next_of(&mut ws, "audit_event").await;
    assert!(f["event"]["event_type"].is_string());
}

#[tokio::test]
async fn injected_websocket_drops() {
    let sb = start(false).await;
    let r = sb
        .req(
            "PUT",
            "/__sandbox/faults",
            crate::common::Opt {
                body: Some(json!({"ws_drop_every_secs": 1})),
                ..Default::default()
            },
        )
        .await;
    assert_eq!(r.status, 200);
    let admin = sb.admin.clone();
    let mut ws = connect(&sb, "/api/v1/ws/servers/status", &admin).await;
    next_of(&mut ws, "connected").await;
    let t = std::time::Instant::now();
    let end = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match ws.next().await {
                None | Some(Err(_)) => return,
                Some(Ok(Message::Close(_))) => panic!("a drop sends no close frame"),
                Some(Ok(_)) => {}
            }
        }
    })
    .await;
    assert!(end.is_ok() && t.elapsed() >= Duration::from_millis(900));
}
