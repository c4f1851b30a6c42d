//! Health, authentication errors, CSRF and the auth → CSRF → routing order.

use sark_sandbox::cli::{mint, TokenType, UserArg};
use sark_sandbox::jwt;
use serde_json::json;

use crate::common::{start, Opt, CSRF, SECRET};

#[tokio::test]
async fn health_endpoints_and_slash_redirects() {
    let sb = start(false).await;
    let none = Opt::default;
    let r = sb.req("GET", "/health/", none()).await;
    assert_eq!(r.status, 200);
    assert_eq!(
        r.json(),
        json!({"status": "healthy", "version": "2.0.0-sandbox", "environment": "sandbox"})
    );
    assert_eq!(
        sb.req("GET", "/health/live", none()).await.json()["status"],
        "alive"
    );
    assert_eq!(
        sb.req("GET", "/health/startup", none()).await.json()["status"],
        "started"
    );
    assert_eq!(
        sb.req("GET", "/health/ready", none()).await.json(),
        json!({"ready": true, "database": true, "redis": true, "opa": true})
    );
    let d = sb.req("GET", "/health/detailed", none()).await.json();
    assert_eq!(d["status"], "healthy");
    assert_eq!(d["overall_healthy"], true);
    for dep in ["postgresql", "redis", "opa"] {
        assert_eq!(d["dependencies"][dep]["healthy"], true, "{dep}");
    }
    let r = sb.req("GET", "/health", none()).await;
    assert_eq!(r.status, 307);
    assert_eq!(
        r.header("location").as_deref(),
        Some(format!("http://{}/health/", sb.addr).as_str())
    );
    assert_eq!(r.text, "");
    let r = sb.req("GET", "/health/live/", none()).await;
    assert_eq!(r.status, 307);
    assert!(r
        .header("location")
        .unwrap_or_default()
        .ends_with("/health/live"));
    // The API's other variant, query kept; authentication comes first.
    let r = sb.get("/api/v1/servers?limit=2").await;
    assert_eq!(r.status, 307);
    assert!(r
        .header("location")
        .unwrap_or_default()
        .ends_with("/api/v1/servers/?limit=2"));
    let r = sb.get("/api/v1/policy/list/").await;
    assert_eq!(r.status, 307);
    assert!(r
        .header("location")
        .unwrap_or_default()
        .ends_with("/api/v1/policy/list"));
    assert_eq!(
        sb.req("GET", "/api/v1/servers?limit=2", none())
            .await
            .status,
        401
    );
}

#[tokio::test]
async fn authentication_errors_match_sark() {
    let sb = start(false).await;
    let get = |h: Option<String>| {
        let sb = &sb;
        async move {
            let mut o = Opt::default();
            if let Some(h) = h {
                o.headers.push(("authorization", h));
            }
            sb.req("GET", "/api/v1/servers/", o).await
        }
    };
    let e3 = |detail: &str| json!({"detail": detail, "error_type": "authentication_error"});
    let r = get(None).await;
    assert_eq!(
        (r.status, r.json()),
        (401, e3("Missing authorization token"))
    );
    let r = get(Some("Basic YWRtaW46YWRtaW4=".into())).await;
    assert_eq!(
        r.json(),
        e3("Invalid authorization scheme: Basic. Expected 'Bearer'")
    );
    let r = get(Some("Bearer not-a-jwt".into())).await;
    assert_eq!(r.json(), e3("Invalid token format: Not enough segments"));
    let r = get(Some("Bearer a b".into())).await;
    assert_eq!(
        r.json(),
        e3("Invalid authorization header format. Expected 'Bearer <token>'")
    );
    let expired = mint(SECRET, UserArg::Admin, 60, true, TokenType::Access);
    assert_eq!(
        get(Some(format!("Bearer {expired}"))).await.json(),
        e3("Token has expired")
    );
    let other = mint(
        "another-secret",
        UserArg::Admin,
        60,
        false,
        TokenType::Access,
    );
    assert_eq!(
        get(Some(format!("bearer {other}"))).await.json(),
        e3("Invalid token signature: Signature verification failed")
    );
    // Strict layer (E4) everywhere, with WWW-Authenticate.
    let refresh = mint(SECRET, UserArg::Admin, 60, false, TokenType::Refresh);
    let r = get(Some(format!("Bearer {refresh}"))).await;
    assert_eq!(
        (r.status, r.json()),
        (401, json!({"detail": "Invalid token type"}))
    );
    assert_eq!(r.header("www-authenticate").as_deref(), Some("Bearer"));
    let now = sark_sandbox::util::unix(sark_sandbox::util::now());
    let no_email = jwt::sign(
        &json!({"sub": "6f1c2a4e-0d3b-4c7a-9e21-5a7d3c000001", "email": null, "role": "admin", "type": "access", "iat": now, "exp": now + 60}),
        SECRET.as_bytes(),
    );
    let r = sb.get_as(&no_email, "/api/v1/metrics/summary").await;
    assert_eq!(
        (r.status, r.json()),
        (401, json!({"detail": "Invalid token claims"}))
    );
    let no_sub = jwt::sign(
        &json!({"email": "a@b", "role": "admin", "type": "access", "iat": now, "exp": now + 60}),
        SECRET.as_bytes(),
    );
    assert_eq!(
        sb.get_as(&no_sub, "/api/v1/metrics/summary").await.json(),
        e3("Token missing required 'sub' (subject) claim")
    );
    let bad_sub = jwt::sign(
        &json!({"sub": "admin", "email": "a@b", "role": "admin", "type": "access", "iat": now, "exp": now + 60}),
        SECRET.as_bytes(),
    );
    assert_eq!(
        sb.get_as(&bad_sub, "/api/v1/servers/").await.json(),
        json!({"detail": "Invalid token claims"})
    );
}

#[tokio::test]
async fn auth_then_csrf_then_routing() {
    let sb = start(false).await;
    let admin = sb.admin.clone();
    // Unknown path, no token: authentication answers first.
    let r = sb
        .req(
            "POST",
            "/api/v1/does-not-exist",
            Opt {
                body: Some(json!({})),
                ..Default::default()
            },
        )
        .await;
    assert_eq!(
        (r.status, r.json()["detail"].clone()),
        (401, json!("Missing authorization token"))
    );
    // Valid token, no CSRF: the CSRF check answers before routing.
    let r = sb
        .req(
            "POST",
            "/api/v1/does-not-exist",
            Opt {
                token: Some(&admin),
                body: Some(json!({})),
                ..Default::default()
            },
        )
        .await;
    assert_eq!(
        (r.status, r.json()),
        (
            403,
            json!({"error": "CSRF token invalid", "message": "CSRF token missing or invalid"})
        )
    );
    // With CSRF: routing says 404.
    let r = sb.send("POST", "/api/v1/does-not-exist", json!({})).await;
    assert_eq!((r.status, r.json()), (404, json!({"detail": "Not Found"})));
    assert_eq!(
        sb.get("/api/v1/nope").await.json(),
        json!({"detail": "Not Found"})
    );
    // Known path, wrong method.
    let r = sb.send("DELETE", "/api/v1/policy/list", json!({})).await;
    assert_eq!(
        (r.status, r.json()),
        (405, json!({"detail": "Method Not Allowed"}))
    );
    // Short, mismatched or header-only CSRF tokens fail.
    let short = "a".repeat(31);
    for (cookie, header) in [
        (short.clone(), short.clone()),
        (CSRF.to_string(), format!("{CSRF}x")),
        (String::new(), CSRF.to_string()),
    ] {
        let r = sb
            .req(
                "POST",
                "/api/v1/policy/validate",
                Opt {
                    token: Some(&admin),
                    body: Some(json!({"policy_content": "package x"})),
                    headers: vec![
                        ("cookie", format!("csrf_token={cookie}")),
                        ("x-csrf-token", header),
                    ],
                    ..Default::default()
                },
            )
            .await;
        assert_eq!(r.status, 403);
    }
    // Public auth endpoints still need CSRF; health does not.
    let r = sb
        .req(
            "POST",
            "/api/v1/auth/login/ldap",
            Opt {
                body: Some(json!({})),
                ..Default::default()
            },
        )
        .await;
    assert_eq!(r.status, 403);
    let r = sb.req("POST", "/health/", Opt::default()).await;
    assert_eq!(r.status, 405);
}

#[tokio::test]
async fn bad_input_is_422_or_413_never_500() {
    let sb = start(true).await;
    let r = sb.get("/api/v1/servers/not-a-uuid").await;
    assert_eq!(r.status, 422);
    let d = &r.json()["detail"][0];
    assert_eq!(d["type"], "uuid_parsing");
    assert_eq!(d["loc"], json!(["path", "server_id"]));
    assert_eq!(d["input"], "not-a-uuid");
    // Malformed JSON body.
    let admin = sb.admin.clone();
    let r = sb
        .req(
            "POST",
            "/api/v1/servers/",
            Opt {
                token: Some(&admin),
                csrf: true,
                raw: Some(b"{\"name\": ".to_vec()),
                ..Default::default()
            },
        )
        .await;
    assert_eq!(r.status, 422);
    let d = &r.json()["detail"][0];
    assert_eq!(d["type"], "json_invalid");
    assert_eq!(d["loc"][0], "body");
    assert!(d["loc"][1].is_u64());
    // Body that is not an object, and a missing body.
    let r = sb
        .req(
            "POST",
            "/api/v1/policy/validate",
            Opt {
                token: Some(&admin),
                csrf: true,
                raw: Some(b"[1,2]".to_vec()),
                ..Default::default()
            },
        )
        .await;
    assert_eq!(
        (r.status, r.json()["detail"][0]["type"].clone()),
        (422, json!("model_attributes_type"))
    );
    let r = sb
        .req(
            "POST",
            "/api/v1/policy/validate",
            Opt {
                token: Some(&admin),
                csrf: true,
                ..Default::default()
            },
        )
        .await;
    assert_eq!(
        r.json()["detail"][0],
        json!({"type": "missing", "loc": ["body"], "msg": "Field required", "input": null})
    );
    // Over 1 MiB.
    let big = format!(
        "{{\"policy_content\": \"{}\"}}",
        "a".repeat(1024 * 1024 + 10)
    );
    let r = sb
        .req(
            "POST",
            "/api/v1/policy/validate",
            Opt {
                token: Some(&admin),
                csrf: true,
                raw: Some(big.into_bytes()),
                ..Default::default()
            },
        )
        .await;
    assert_eq!(r.status, 413);
    // Query validation.
    for q in [
        "limit=0",
        "limit=201",
        "limit=abc",
        "sort_order=sideways",
        "include_total=maybe",
        "team_id=nope",
        "cursor=%%%",
    ] {
        let r = sb.get(&format!("/api/v1/servers/?{q}")).await;
        assert_eq!(r.status, 422, "{q}: {}", r.text);
        assert_eq!(r.json()["detail"][0]["loc"][0], "query", "{q}");
    }
    let r = sb.get("/api/v1/servers/?limit=500").await;
    assert_eq!(
        r.json()["detail"][0],
        json!({"type": "less_than_equal", "loc": ["query", "limit"], "msg": "Input should be less than or equal to 200", "input": "500", "ctx": {"le": 200}})
    );
}
