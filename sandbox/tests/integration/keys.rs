//! API keys: secret shown once, hash-only storage, X-API-Key auth, expiry, rotation, revocation.

use serde_json::{json, Value};

use crate::common::{start, Opt};

async fn with_key(sb: &crate::common::Sb, key: &str, path: &str) -> crate::common::Resp {
    sb.req(
        "GET",
        path,
        Opt {
            headers: vec![("x-api-key", key.to_string())],
            ..Default::default()
        },
    )
    .await
}

#[tokio::test]
async fn api_key_lifecycle() {
    let sb = start(false).await;
    let r = sb.send("POST", "/api/auth/api-keys", json!({"name": "ci", "scopes": ["server:read"], "expires_in_days": 30, "environment": "test"})).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let b = r.json();
    let key = b["key"].as_str().expect("key").to_string();
    let parts: Vec<&str> = key.split('_').collect();
    assert_eq!((parts[0], parts[1], parts[2]), ("sark", "sk", "test"));
    assert_eq!((parts[3].len(), parts[4].len()), (8, 32));
    assert_eq!(b["api_key"]["key_prefix"], parts[3]);
    assert!(b["api_key"]["expires_at"].is_string() && b["message"].is_string());
    let id = b["api_key"]["id"].as_str().expect("id").to_string();
    // Only a SHA-256 hash is stored.
    let stored: String = sb
        .state()
        .conn()
        .query_row("SELECT key_hash FROM api_keys WHERE id=?1", [&id], |r| {
            r.get(0)
        })
        .expect("row");
    assert_eq!(stored, sark_sandbox::util::sha256_hex(&key));
    let dump: String = sb
        .state()
        .conn()
        .query_row(
            "SELECT group_concat(key_hash || key_prefix || owner) FROM api_keys",
            [],
            |r| r.get(0),
        )
        .expect("dump");
    assert!(!dump.contains(parts[4]), "secret never stored");
    // The secret is never shown again.
    let got = sb.get(&format!("/api/auth/api-keys/{id}")).await;
    assert!(!got.text.contains(parts[4]) && got.json().get("key").is_none());
    let list = sb.get("/api/auth/api-keys").await.json();
    assert!(list.is_array() && !list.to_string().contains(parts[4]));

    // X-API-Key authenticates as the owner and records usage.
    let r = with_key(&sb, &key, "/api/v1/metrics/summary").await;
    assert_eq!(r.status, 200, "{}", r.text);
    with_key(&sb, &key, "/api/v1/auth/me").await;
    assert_eq!(
        with_key(&sb, &key, "/api/v1/auth/me").await.json()["username"],
        "admin"
    );
    let k = sb.get(&format!("/api/auth/api-keys/{id}")).await.json();
    assert_eq!(k["usage_count"], 3);
    assert!(k["last_used_at"].is_string() && k["last_used_ip"] == "127.0.0.1");
    assert_eq!(
        with_key(&sb, "sark_sk_live_nope_nope", "/api/v1/metrics/summary")
            .await
            .json()["detail"],
        "Invalid API key"
    );

    // Disable, re-enable, rotate, revoke.
    let r = sb
        .send(
            "PATCH",
            &format!("/api/auth/api-keys/{id}"),
            json!({"is_active": false, "name": "ci-renamed"}),
        )
        .await
        .json();
    assert_eq!(
        (r["is_active"].clone(), r["name"].clone()),
        (json!(false), json!("ci-renamed"))
    );
    assert_eq!(
        with_key(&sb, &key, "/api/v1/metrics/summary").await.json()["detail"],
        "API key is disabled"
    );
    sb.send(
        "PATCH",
        &format!("/api/auth/api-keys/{id}"),
        json!({"is_active": true}),
    )
    .await;
    let r = sb
        .req(
            "POST",
            &format!("/api/auth/api-keys/{id}/rotate?environment=dev"),
            Opt {
                token: Some(&sb.admin),
                csrf: true,
                ..Default::default()
            },
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let new_key = r.json()["key"].as_str().expect("key").to_string();
    assert!(new_key.starts_with("sark_sk_dev_") && new_key != key);
    assert_eq!(
        with_key(&sb, &key, "/api/v1/metrics/summary").await.status,
        401,
        "old secret stops working"
    );
    assert_eq!(
        with_key(&sb, &new_key, "/api/v1/metrics/summary")
            .await
            .status,
        200
    );
    assert_eq!(
        sb.send("DELETE", &format!("/api/auth/api-keys/{id}"), json!(null))
            .await
            .status,
        204
    );
    let r = with_key(&sb, &new_key, "/api/v1/metrics/summary").await;
    assert_eq!(
        (r.status, r.json()),
        (
            401,
            json!({"detail": "API key has been revoked", "error_type": "authentication_error"})
        )
    );
    let r = sb
        .send(
            "PATCH",
            &format!("/api/auth/api-keys/{id}"),
            json!({"is_active": true}),
        )
        .await;
    assert_eq!(r.status, 400, "a revoked key cannot be reactivated");
    assert_eq!(sb.get("/api/auth/api-keys").await.json(), json!([]));
    let all = sb
        .get("/api/auth/api-keys?include_revoked=true")
        .await
        .json();
    assert!(all[0]["revoked_at"].is_string() && all[0]["is_active"] == false);
    let changes: Vec<Value> = sb
        .get("/api/v1/audit/events?event_type=configuration_changed")
        .await
        .json()["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| e["details"]["change"].clone())
        .collect();
    assert_eq!(
        changes,
        vec![
            json!("revoked"),
            json!("rotated"),
            json!("updated"),
            json!("updated"),
            json!("created")
        ]
    );
}

#[tokio::test]
async fn api_key_expiry_ownership_and_validation() {
    let sb = start(false).await;
    let viewer = sb.viewer.clone();
    let b = sb
        .send(
            "POST",
            "/api/auth/api-keys",
            json!({"name": "short", "scopes": ["admin"]}),
        )
        .await
        .json();
    let (id, key) = (
        b["api_key"]["id"].as_str().expect("id").to_string(),
        b["key"].as_str().expect("key").to_string(),
    );
    assert_eq!(b["api_key"]["expires_at"], Value::Null);
    sb.state()
        .conn()
        .execute(
            "UPDATE api_keys SET expires_at=?2 WHERE id=?1",
            [&id, &sark_sandbox::util::ts_minus(10)],
        )
        .expect("update");
    assert_eq!(
        with_key(&sb, &key, "/api/v1/metrics/summary").await.json()["detail"],
        "API key has expired"
    );
    // Another user's key: exact 403 texts; admins may manage all.
    let vb = sb
        .send_as(
            &viewer,
            "POST",
            "/api/auth/api-keys",
            json!({"name": "mine", "scopes": ["server:read"]}),
        )
        .await
        .json();
    let vid = vb["api_key"]["id"].as_str().expect("id").to_string();
    let r = sb
        .get_as(&viewer, &format!("/api/auth/api-keys/{id}"))
        .await;
    assert_eq!(
        (r.status, r.json()),
        (
            403,
            json!({"detail": "Access denied: You can only access your own API keys"})
        )
    );
    let r = sb
        .send_as(
            &viewer,
            "PATCH",
            &format!("/api/auth/api-keys/{id}"),
            json!({"name": "x"}),
        )
        .await;
    assert_eq!(
        r.json()["detail"],
        "Access denied: You can only update your own API keys"
    );
    let r = sb
        .send_as(
            &viewer,
            "POST",
            &format!("/api/auth/api-keys/{id}/rotate"),
            json!(null),
        )
        .await;
    assert_eq!(
        r.json()["detail"],
        "Access denied: You can only rotate your own API keys"
    );
    let r = sb
        .send_as(
            &viewer,
            "DELETE",
            &format!("/api/auth/api-keys/{id}"),
            json!(null),
        )
        .await;
    assert_eq!(
        r.json()["detail"],
        "Access denied: You can only revoke your own API keys"
    );
    assert_eq!(
        sb.get_as(&viewer, "/api/auth/api-keys")
            .await
            .json()
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    assert_eq!(
        sb.get(&format!("/api/auth/api-keys/{vid}")).await.status,
        200
    );
    assert_eq!(
        sb.get("/api/auth/api-keys")
            .await
            .json()
            .as_array()
            .map(Vec::len),
        Some(2)
    );
    assert_eq!(
        sb.get("/api/auth/api-keys/7a908473-2451-46c2-a6be-da8e2af4cb0a")
            .await
            .json(),
        json!({"detail": "API key not found"})
    );
    assert_eq!(sb.get("/api/auth/api-keys/nope").await.status, 422);
    // Validation.
    let r = sb
        .send(
            "POST",
            "/api/auth/api-keys",
            json!({"name": "x", "scopes": ["server:read", "root"]}),
        )
        .await;
    assert_eq!(
        (r.status, r.json()),
        (400, json!({"detail": "Invalid scopes: {'root'}"}))
    );
    for body in [
        json!({"name": "x", "scopes": []}),
        json!({"name": "x"}),
        json!({"name": "", "scopes": ["admin"]}),
        json!({"name": "x", "scopes": ["admin"], "rate_limit": 0}),
        json!({"name": "x", "scopes": ["admin"], "expires_in_days": 366}),
        json!({"name": "x", "scopes": ["admin"], "environment": "prod"}),
    ] {
        assert_eq!(
            sb.send("POST", "/api/auth/api-keys", body.clone())
                .await
                .status,
            422,
            "{body}"
        );
    }
}
