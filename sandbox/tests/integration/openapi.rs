//! `GET /openapi.json` lists exactly what the router serves (contract §6.0), in both modes.

use serde_json::{json, Value};

use crate::common::{config, start_with, Opt};

/// Every listed operation is routed: no `404 {"detail":"Not Found"}` and no 405.
async fn assert_document_matches_router(sb: &crate::common::Sb) -> Value {
    let doc = sb.req("GET", "/openapi.json", Opt::default()).await;
    assert_eq!(doc.status, 200, "public, no token: {}", doc.text);
    let doc = doc.json();
    let paths = doc["paths"].as_object().expect("paths object").clone();
    assert!(!paths.is_empty());
    for (path, ops) in &paths {
        let concrete = path
            .split('/')
            .map(|s| match s {
                "{level}" => "low",
                s if s.starts_with('{') => "00000000-0000-4000-8000-000000000000",
                s => s,
            })
            .collect::<Vec<_>>()
            .join("/");
        for method in ops.as_object().expect("operations").keys() {
            let r = sb
                .req(
                    &method.to_uppercase(),
                    &concrete,
                    Opt {
                        token: Some(&sb.admin),
                        csrf: true,
                        body: (method != "get").then(|| json!({})),
                        ..Default::default()
                    },
                )
                .await;
            let unrouted = (r.status == 404
                && serde_json::from_str::<Value>(&r.text).ok()
                    == Some(json!({"detail": "Not Found"})))
                || r.status == 405;
            assert!(
                !unrouted,
                "{method} {path} is listed but answers {}: {}",
                r.status, r.text
            );
        }
    }
    doc
}

#[tokio::test]
async fn document_lists_served_routes_and_only_tier_s_in_tier_s_mode() {
    let sb = start_with(config(true)).await;
    let full = assert_document_matches_router(&sb).await;
    assert!(full["paths"]["/api/auth/api-keys"]["get"].is_object());
    assert!(full["paths"]["/api/v1/servers/{server_id}"]["patch"].is_object());
    sb.shutdown().await;

    let mut cfg = config(true);
    cfg.tier_s_only = true;
    let sb = start_with(cfg).await;
    let s = assert_document_matches_router(&sb).await;
    let paths = s["paths"].as_object().expect("paths");
    for gone in [
        "/api/v1/auth/login/ldap",
        "/api/v1/auth/refresh",
        "/api/v1/auth/me",
        "/api/v1/audit/events",
        "/api/v1/sessions",
        "/api/auth/api-keys",
        "/api/v1/policies",
        "/api/v1/servers/{server_id}/tools",
    ] {
        assert!(
            !paths.contains_key(gone),
            "{gone} listed in tier-S-only mode"
        );
    }
    let server = paths["/api/v1/servers/{server_id}"]
        .as_object()
        .expect("tier S");
    assert_eq!(server.keys().collect::<Vec<_>>(), vec!["get"]);
    sb.shutdown().await;
}
