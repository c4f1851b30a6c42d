//! Test admin API, fault injection and the opt-in rate limit.

use std::time::Instant;

use serde_json::json;

use crate::common::{config, start, start_with, Opt};

#[tokio::test]
async fn admin_api_is_absent_unless_enabled() {
    let mut cfg = config(false);
    cfg.enable_test_admin = false;
    let sb = start_with(cfg).await;
    for (m, p) in [
        ("GET", "/__sandbox/faults"),
        ("PUT", "/__sandbox/mode"),
        ("POST", "/__sandbox/reset"),
    ] {
        let r = sb
            .req(
                m,
                p,
                Opt {
                    body: Some(json!({})),
                    ..Default::default()
                },
            )
            .await;
        assert_eq!(
            (r.status, r.json()),
            (404, json!({"detail": "Not Found"})),
            "{m} {p}"
        );
    }
}

#[tokio::test]
async fn injected_failures_latency_and_malformed_json() {
    let sb = start(true).await;
    let f = sb
        .req("GET", "/__sandbox/faults", Opt::default())
        .await
        .json();
    assert_eq!(f["failure_rate"], 0.0);
    let put = |body: serde_json::Value| {
        let sb = &sb;
        async move {
            sb.req(
                "PUT",
                "/__sandbox/faults",
                Opt {
                    body: Some(body),
                    ..Default::default()
                },
            )
            .await
        }
    };
    assert_eq!(put(json!({"failure_rate": 2.0})).await.status, 422);
    assert_eq!(put(json!({"failure_statuses": [200]})).await.status, 422);
    let r =
        put(json!({"failure_rate": 1.0, "failure_statuses": [429], "retry_after_secs": 7})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let r = sb.get("/api/v1/metrics/summary").await;
    assert_eq!(r.status, 429);
    assert_eq!(r.json()["error"], "Rate limit exceeded");
    assert_eq!(r.json()["retry_after"], 7);
    assert_eq!(r.header("retry-after").as_deref(), Some("7"));
    assert!(r.header("x-ratelimit-reset").is_some());
    // Never on /health or /__sandbox.
    assert_eq!(sb.req("GET", "/health/", Opt::default()).await.status, 200);
    assert_eq!(
        sb.req("GET", "/__sandbox/faults", Opt::default())
            .await
            .status,
        200
    );
    // 502 is an HTML body, like a proxy.
    put(json!({"failure_rate": 1.0, "failure_statuses": [502]})).await;
    let r = sb.get("/api/v1/metrics/summary").await;
    assert_eq!(r.status, 502);
    assert!(r
        .header("content-type")
        .unwrap_or_default()
        .starts_with("text/html"));
    // The path filter limits the blast radius.
    put(json!({"failure_rate": 1.0, "failure_statuses": [503], "paths": "/api/v1/metrics"})).await;
    assert_eq!(sb.get("/api/v1/metrics/summary").await.status, 503);
    assert_eq!(sb.get("/api/v1/servers/").await.status, 200);
    // Latency.
    put(json!({"latency_ms": 300})).await;
    let t = Instant::now();
    assert_eq!(sb.get("/api/v1/servers/?limit=1").await.status, 200);
    assert!(t.elapsed().as_millis() >= 300);
    // Malformed JSON keeps status and content type but the body no longer parses.
    put(json!({"malformed_json_rate": 1.0})).await;
    let r = sb.get("/api/v1/servers/?limit=1").await;
    assert_eq!(r.status, 200);
    assert!(serde_json::from_str::<serde_json::Value>(&r.text).is_err());
    put(json!({})).await;
    assert_eq!(
        sb.get("/api/v1/servers/?limit=1").await.json()["items"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
}

#[tokio::test]
async fn faults_from_the_command_line_and_reset() {
    let mut cfg = config(true);
    cfg.faults.failure_rate = 1.0;
    cfg.faults.failure_statuses = vec![500];
    let sb = start_with(cfg).await;
    let r = sb.get("/api/v1/servers/").await;
    assert_eq!(
        (r.status, r.json()),
        (500, json!({"detail": "Injected fault"}))
    );
    sb.req(
        "PUT",
        "/__sandbox/faults",
        Opt {
            body: Some(json!({})),
            ..Default::default()
        },
    )
    .await;
    // Reset reloads the seed.
    let id = sb.server_with_status("active").await;
    assert_eq!(
        sb.send("DELETE", &format!("/api/v1/servers/{id}"), json!(null))
            .await
            .status,
        204
    );
    assert_eq!(
        sb.get("/api/v1/metrics/summary").await.json()["total_servers"],
        47
    );
    let r = sb.req("POST", "/__sandbox/reset", Opt::default()).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        sb.get("/api/v1/metrics/summary").await.json()["total_servers"],
        48
    );
    assert_eq!(
        sb.get(&format!("/api/v1/servers/{id}")).await.status,
        200,
        "seed ids are deterministic"
    );
}

#[tokio::test]
async fn opt_in_rate_limit() {
    let mut cfg = config(false);
    cfg.rate_limit = Some(3);
    let sb = start_with(cfg).await;
    for i in 0..3 {
        let r = sb.get("/api/v1/metrics/summary").await;
        assert_eq!(r.status, 200);
        assert_eq!(r.header("x-ratelimit-limit").as_deref(), Some("3"));
        assert_eq!(r.header("x-ratelimit-remaining"), Some((2 - i).to_string()));
    }
    let r = sb.get("/api/v1/metrics/summary").await;
    assert_eq!(r.status, 429);
    let b = r.json();
    assert_eq!(b["error"], "Rate limit exceeded");
    assert_eq!(b["message"], "Too many requests. Limit: 3 per minute");
    let retry = b["retry_after"].as_u64().unwrap_or(0);
    assert!((1..=60).contains(&retry));
    assert_eq!(r.header("retry-after"), Some(retry.to_string()));
    assert_eq!(r.header("x-ratelimit-remaining").as_deref(), Some("0"));
    // Per user: the viewer still has quota.
    assert_eq!(
        sb.get_as(&sb.viewer.clone(), "/api/v1/metrics/summary")
            .await
            .status,
        200
    );
}
