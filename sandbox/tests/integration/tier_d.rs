//! Sign-in, sessions, audit queries and Tier-S-only mode.

use serde_json::{json, Value};

use crate::common::{config, reg_body, start, start_with, Opt, CSRF};

fn refresh_cookie(set_cookie: &str) -> String {
    set_cookie
        .split(';')
        .next()
        .and_then(|kv| kv.split_once('='))
        .map(|(_, v)| v.to_string())
        .unwrap_or_default()
}

#[tokio::test]
async fn login_refresh_logout_me_sessions() {
    let sb = start(false).await;
    let post = |path: &'static str, body: Value, cookie: Option<String>, bearer: Option<String>| {
        let sb = &sb;
        async move {
            let mut c = format!("csrf_token={CSRF}");
            if let Some(rc) = cookie {
                c.push_str(&format!("; sark_refresh_token={rc}"));
            }
            let mut headers = vec![("cookie", c), ("x-csrf-token", CSRF.to_string())];
            if let Some(t) = bearer {
                headers.push(("authorization", format!("Bearer {t}")));
            }
            sb.req(
                "POST",
                path,
                Opt {
                    body: Some(body),
                    headers,
                    ..Default::default()
                },
            )
            .await
        }
    };
    assert_eq!(
        post("/api/v1/auth/login/ldap", json!({}), None, None)
            .await
            .status,
        422
    );
    let r = post(
        "/api/v1/auth/login/ldap",
        json!({"username": "admin", "password": "nope"}),
        None,
        None,
    )
    .await;
    assert_eq!(
        (r.status, r.json()),
        (401, json!({"detail": "Invalid username or password"}))
    );
    let r = post(
        "/api/v1/auth/login/ldap",
        json!({"username": "viewer", "password": "viewer"}),
        None,
        None,
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let b = r.json();
    assert_eq!(
        (b["token_type"].clone(), b["expires_in"].clone()),
        (json!("bearer"), json!(3600))
    );
    assert_eq!(
        b["user"],
        json!({"user_id": "6f1c2a4e-0d3b-4c7a-9e21-5a7d3c000002", "username": "viewer",
        "email": "viewer@sark.local", "roles": ["viewer"], "teams": ["support"]})
    );
    let sc = r.header("set-cookie").unwrap_or_default();
    assert_eq!(
        sc,
        format!(
            "sark_refresh_token={}; HttpOnly; SameSite=Strict; Path=/api/v1/auth; Max-Age=604800",
            b["refresh_token"].as_str().unwrap_or("")
        )
    );
    let access = b["access_token"].as_str().unwrap_or("").to_string();
    let me = sb.get_as(&access, "/api/v1/auth/me").await.json();
    assert_eq!(me["username"], "viewer");
    assert!(me["permissions"].as_array().is_some_and(|p| !p.is_empty()));
    // The access token passes the strict check.
    assert_eq!(
        sb.get_as(&access, "/api/v1/metrics/summary").await.status,
        200
    );
    let sessions = sb.get_as(&access, "/api/v1/sessions").await.json();
    assert_eq!(sessions["total"], 1);
    assert_eq!(sessions["sessions"][0]["provider"], "ldap");

    // Refresh from the body rotates; the old token stops working.
    let rt1 = b["refresh_token"].as_str().unwrap_or("").to_string();
    let r = post(
        "/api/v1/auth/refresh",
        json!({"refresh_token": rt1}),
        None,
        None,
    )
    .await;
    assert_eq!(r.status, 200);
    let rt2 = r.json()["refresh_token"].as_str().unwrap_or("").to_string();
    assert_ne!(rt1, rt2);
    assert_eq!(
        refresh_cookie(&r.header("set-cookie").unwrap_or_default()),
        rt2
    );
    let r = post(
        "/api/v1/auth/refresh",
        json!({"refresh_token": rt1}),
        None,
        None,
    )
    .await;
    assert_eq!(
        (r.status, r.json()),
        (401, json!({"detail": "Invalid or expired refresh token"}))
    );
    // Empty body: the cookie is used.
    let r = post("/api/v1/auth/refresh", json!({}), Some(rt2.clone()), None).await;
    assert_eq!(r.status, 200);
    let rt3 = r.json()["refresh_token"].as_str().unwrap_or("").to_string();
    assert_eq!(
        post("/api/v1/auth/refresh", json!({}), None, None)
            .await
            .status,
        401
    );

    // Logout without a valid bearer, from the cookie; clears the cookie and ends the session.
    let r = post(
        "/api/v1/auth/logout",
        json!({}),
        Some(rt3.clone()),
        Some("expired.or.garbage".into()),
    )
    .await;
    assert_eq!(
        (r.status, r.json()),
        (
            200,
            json!({"success": true, "message": "Logged out successfully"})
        )
    );
    assert_eq!(
        r.header("set-cookie").as_deref(),
        Some("sark_refresh_token=; HttpOnly; SameSite=Strict; Path=/api/v1/auth; Max-Age=0")
    );
    assert_eq!(
        post("/api/v1/auth/refresh", json!({}), Some(rt3), None)
            .await
            .status,
        401
    );
    assert_eq!(
        sb.get_as(&access, "/api/v1/sessions").await.json()["total"],
        0
    );
    // Logout still needs CSRF.
    let r = sb
        .req(
            "POST",
            "/api/v1/auth/logout",
            Opt {
                body: Some(json!({})),
                ..Default::default()
            },
        )
        .await;
    assert_eq!(r.status, 403);
    let logins = sb
        .get("/api/v1/audit/events?event_type=user_login")
        .await
        .json();
    assert_eq!(logins["total"], 2);
    let decisions: Vec<Value> = logins["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| e["decision"].clone())
        .collect();
    assert_eq!(decisions, vec![json!("allow"), json!("deny")]);
    assert_eq!(
        sb.get("/api/v1/audit/events?event_type=user_logout")
            .await
            .json()["total"],
        1
    );
}

#[tokio::test]
async fn audit_filters_and_metrics() {
    let sb = start(true).await;
    let all = sb.get("/api/v1/audit/events?limit=1000").await.json();
    assert!(all["total"].as_i64().unwrap_or(0) >= 5000);
    let evs = all["events"].as_array().expect("events");
    assert_eq!(evs.len(), 1000);
    assert!(
        evs.windows(2)
            .all(|w| w[0]["timestamp"].as_str() >= w[1]["timestamp"].as_str()),
        "newest first"
    );
    let page2 = sb
        .get("/api/v1/audit/events?limit=10&offset=10")
        .await
        .json();
    assert_eq!(page2["events"][0], evs[10]);
    assert_eq!(
        (page2["limit"].clone(), page2["offset"].clone()),
        (json!(10), json!(10))
    );
    let f = sb
        .get("/api/v1/audit/events?user_email=GRACE&limit=1000")
        .await
        .json();
    assert!(f["events"]
        .as_array()
        .expect("events")
        .iter()
        .all(|e| e["user_email"]
            .as_str()
            .is_some_and(|s| s.contains("grace"))));
    assert_eq!(
        f["total"].as_i64(),
        Some(f["events"].as_array().map_or(0, |a| a.len() as i64))
    );
    let f = sb
        .get("/api/v1/audit/events?server_name=stripe&decision=deny&limit=1000")
        .await
        .json();
    assert!(f["events"]
        .as_array()
        .expect("events")
        .iter()
        .all(|e| e["decision"] == "deny"
            && e["server_name"]
                .as_str()
                .is_some_and(|s| s.contains("stripe"))));
    let f = sb
        .get("/api/v1/audit/events?event_type=tool_invoked&limit=5")
        .await
        .json();
    assert!(f["events"]
        .as_array()
        .expect("events")
        .iter()
        .all(|e| e["event_type"] == "tool_invoked" && e["duration_ms"].is_number()));
    let start = sark_sandbox::util::ts_minus(86_400);
    let f = sb
        .get(&format!(
            "/api/v1/audit/events?start_time={}&limit=1000",
            start.replace('+', "%2B")
        ))
        .await
        .json();
    assert!(f["events"]
        .as_array()
        .expect("events")
        .iter()
        .all(|e| e["timestamp"].as_str() >= Some(start.as_str())));
    let m = sb.get("/api/v1/audit/metrics?period=24h").await.json();
    assert_eq!(m["total_events"].as_i64(), f["total"].as_i64());
    assert!(m["top_tools"]
        .as_array()
        .is_some_and(|a| a.len() <= 10 && !a.is_empty()));
    assert!(m["by_decision"]["allow"].is_i64() && m["by_decision"]["deny"].is_i64());
    for q in [
        "limit=0",
        "limit=1001",
        "offset=-1",
        "event_type=tool_invocation",
        "decision=maybe",
        "start_time=yesterday",
        "user_id=x",
    ] {
        assert_eq!(
            sb.get(&format!("/api/v1/audit/events?{q}")).await.status,
            422,
            "{q}"
        );
    }
    assert_eq!(sb.get("/api/v1/audit/metrics?period=2h").await.status, 422);
}

async fn assert_tier_s_only(sb: &crate::common::Sb, id: &str) {
    let nf = json!({"detail": "Not Found"});
    for p in [
        "/api/v1/audit/events?limit=1",
        "/api/v1/audit/metrics?period=24h",
        "/api/v1/policies",
        "/api/auth/api-keys",
        "/api/v1/sessions",
        "/api/v1/auth/me",
    ] {
        let r = sb.get(p).await;
        assert_eq!((r.status, r.json()), (404, nf.clone()), "{p}");
    }
    assert_eq!(
        sb.get(&format!("/api/v1/servers/{id}/tools")).await.status,
        404
    );
    for p in ["/api/v1/auth/login/ldap", "/api/v1/auth/refresh"] {
        let r = sb
            .req(
                "POST",
                p,
                Opt {
                    csrf: true,
                    body: Some(json!({})),
                    ..Default::default()
                },
            )
            .await;
        assert_eq!((r.status, r.json()), (404, nf.clone()), "{p}");
    }
    for m in ["PUT", "PATCH", "DELETE"] {
        let r = sb
            .send(m, &format!("/api/v1/servers/{id}"), json!({}))
            .await;
        assert_eq!(
            (r.status, r.json()),
            (405, json!({"detail": "Method Not Allowed"})),
            "{m}"
        );
    }
    // Tier S keeps working.
    assert_eq!(sb.get(&format!("/api/v1/servers/{id}")).await.status, 200);
    assert_eq!(sb.get("/api/v1/metrics/summary").await.status, 200);
    assert_eq!(
        sb.send("POST", "/api/v1/servers/", reg_body("s-only", "low"))
            .await
            .status,
        201
    );
}

#[tokio::test]
async fn tier_s_only_mode_at_start_and_at_run_time() {
    let mut cfg = config(true);
    cfg.tier_s_only = true;
    let sb = start_with(cfg).await;
    let id = sb.server_with_status("active").await;
    assert_tier_s_only(&sb, &id).await;

    let sb = start(true).await;
    let id = sb.server_with_status("active").await;
    assert_eq!(sb.get("/api/v1/policies").await.status, 200);
    let r = sb
        .req(
            "PUT",
            "/__sandbox/mode",
            Opt {
                body: Some(json!({"tier_s_only": true})),
                ..Default::default()
            },
        )
        .await;
    assert_eq!(r.json(), json!({"tier_s_only": true}));
    assert_tier_s_only(&sb, &id).await;
    sb.req(
        "PUT",
        "/__sandbox/mode",
        Opt {
            body: Some(json!({"tier_s_only": false})),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(sb.get("/api/v1/policies").await.status, 200);
    assert_eq!(
        sb.send("PATCH", &format!("/api/v1/servers/{id}"), json!({}))
            .await
            .status,
        200
    );
}
