//! Tools (list, invoke, sensitivity) and policies (list, evaluate, validate, CRUD).

use serde_json::{json, Value};

use crate::common::{reg_body, start};

async fn setup() -> (crate::common::Sb, String) {
    let sb = start(false).await;
    let id = sb
        .send("POST", "/api/v1/servers/", reg_body("toolbox", "medium"))
        .await
        .json()["server_id"]
        .as_str()
        .expect("id")
        .to_string();
    (sb, id)
}

#[tokio::test]
async fn server_tools_and_invocation() {
    let (sb, id) = setup().await;
    let t = sb.get(&format!("/api/v1/servers/{id}/tools")).await.json();
    assert_eq!(t["total"], 3);
    let tool = &t["tools"]
        .as_array()
        .expect("tools")
        .iter()
        .find(|t| t["name"] == "wipe_disk")
        .cloned()
        .expect("tool");
    assert_eq!(tool["requires_approval"], true);
    assert!(tool["parameters"].is_object() && tool["created_at"].is_string());
    assert_eq!(
        sb.get(&format!("/api/v1/servers/{id}/tools/read_file"))
            .await
            .json()["name"],
        "read_file"
    );
    let r = sb.get(&format!("/api/v1/servers/{id}/tools/nope")).await;
    assert_eq!(
        (r.status, r.json()),
        (404, json!({"detail": "Tool not found"}))
    );
    let r = sb
        .get("/api/v1/servers/7a908473-2451-46c2-a6be-da8e2af4cb0a/tools")
        .await;
    assert_eq!(r.json(), json!({"detail": "Server not found"}));

    let viewer = sb.viewer.clone();
    let r = sb
        .send_as(
            &viewer,
            "POST",
            &format!("/api/v1/servers/{id}/tools/read_file/invoke"),
            json!({"path": "/etc/motd"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let b = r.json();
    assert_eq!(
        (
            b["success"].clone(),
            b["result"].clone(),
            b["policy_decision"].clone()
        ),
        (
            json!(true),
            json!({"echo": {"path": "/etc/motd"}}),
            json!("allow")
        )
    );
    let audit_id = b["audit_id"].as_str().expect("audit id").to_string();
    let inv = sb
        .get("/api/v1/audit/events?event_type=tool_invoked")
        .await
        .json();
    assert_eq!(inv["events"][0]["event_id"], json!(audit_id));
    assert_eq!(inv["events"][0]["parameters"], json!({"path": "/etc/motd"}));
    for (tool, reason) in [
        ("wipe_disk", "Denied: tool requires approval"),
        (
            "charge_card",
            "Denied: critical sensitivity requires admin role",
        ),
    ] {
        let r = sb
            .send_as(
                &viewer,
                "POST",
                &format!("/api/v1/servers/{id}/tools/{tool}/invoke"),
                json!({}),
            )
            .await;
        assert_eq!(r.status, 403);
        let d = &r.json()["detail"];
        assert_eq!(
            (d["decision"].clone(), d["reason"].clone()),
            (json!("deny"), json!(reason))
        );
        let denied = sb
            .get("/api/v1/audit/events?event_type=authorization_denied&limit=1")
            .await
            .json();
        assert_eq!(denied["events"][0]["event_id"], d["audit_id"]);
    }
    let r = sb
        .send(
            "POST",
            &format!("/api/v1/servers/{id}/tools/charge_card/invoke"),
            json!({"amount": 5}),
        )
        .await;
    assert_eq!(r.status, 200, "admin may invoke anything");
}

#[tokio::test]
async fn tool_sensitivity_endpoints() {
    let (sb, id) = setup().await;
    let detail = sb.get(&format!("/api/v1/servers/{id}")).await.json();
    let tid = |n: &str| {
        detail["tools"]
            .as_array()
            .and_then(|a| a.iter().find(|t| t["name"] == n))
            .and_then(|t| t["id"].as_str())
            .expect("tool")
            .to_string()
    };
    let read = tid("read_file");
    let stats = sb.get("/api/v1/tools/statistics/sensitivity").await.json();
    assert_eq!(
        stats,
        json!({"total_tools": 3, "by_sensitivity": {"low": 1, "medium": 0, "high": 1, "critical": 1}, "overridden_count": 0})
    );
    let s = sb
        .get(&format!("/api/v1/tools/{read}/sensitivity"))
        .await
        .json();
    assert_eq!(
        (s["tool_name"].clone(), s["is_overridden"].clone()),
        (json!("read_file"), json!(false))
    );
    assert_eq!(
        sb.get("/api/v1/tools/7a908473-2451-46c2-a6be-da8e2af4cb0a/sensitivity")
            .await
            .json(),
        json!({"detail": "Tool not found"})
    );
    let h = sb
        .get(&format!("/api/v1/tools/{read}/sensitivity/history"))
        .await
        .json();
    assert_eq!(h.as_array().map(Vec::len), Some(1));
    assert_eq!(h[0]["type"], "current");
    // Two overrides: the full history is kept, oldest first, ending with `current`.
    for (lvl, reason) in [("medium", json!("reviewed")), ("high", Value::Null)] {
        let r = sb
            .send(
                "POST",
                &format!("/api/v1/tools/{read}/sensitivity"),
                json!({"sensitivity_level": lvl, "reason": reason}),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
        assert_eq!(
            (
                r.json()["sensitivity_level"].clone(),
                r.json()["is_overridden"].clone()
            ),
            (json!(lvl), json!(true))
        );
    }
    let h = sb
        .get(&format!("/api/v1/tools/{read}/sensitivity/history"))
        .await
        .json();
    let types: Vec<Value> = h
        .as_array()
        .expect("history")
        .iter()
        .map(|e| e["type"].clone())
        .collect();
    assert_eq!(
        types,
        vec![
            json!("manual_override"),
            json!("manual_override"),
            json!("current")
        ]
    );
    assert_eq!(
        (
            h[0]["previous_level"].clone(),
            h[0]["new_level"].clone(),
            h[0]["reason"].clone()
        ),
        (json!("low"), json!("medium"), json!("reviewed"))
    );
    assert_eq!(h[2]["level"], "high");
    let upd = sb
        .get("/api/v1/audit/events?event_type=server_updated&limit=1")
        .await
        .json();
    assert_eq!(
        upd["events"][0]["details"]["change_type"],
        "sensitivity_override"
    );
    assert_eq!(
        sb.get("/api/v1/tools/statistics/sensitivity").await.json()["overridden_count"],
        1
    );
    // Policy: a viewer may not touch critical tools.
    let viewer = sb.viewer.clone();
    let r = sb
        .send_as(
            &viewer,
            "POST",
            &format!("/api/v1/tools/{}/sensitivity", tid("charge_card")),
            json!({"sensitivity_level": "low"}),
        )
        .await;
    assert_eq!(
        (r.status, r.json()),
        (
            403,
            json!({"detail": "Tool sensitivity update denied by policy"})
        )
    );
    let r = sb
        .send(
            "POST",
            "/api/v1/tools/b2c4b5fe-c4a7-4e85-8d45-b1e3ca68d470/sensitivity",
            json!({"sensitivity_level": "low"}),
        )
        .await;
    assert_eq!(
        r.json(),
        json!({"detail": "Tool b2c4b5fe-c4a7-4e85-8d45-b1e3ca68d470 not found"})
    );
    assert_eq!(
        sb.send(
            "POST",
            &format!("/api/v1/tools/{read}/sensitivity"),
            json!({"sensitivity_level": "extreme"})
        )
        .await
        .status,
        422
    );
    let crit = sb.get("/api/v1/tools/sensitivity/critical").await.json();
    assert_eq!(crit.as_array().map(Vec::len), Some(1));
    assert_eq!(crit[0]["server_id"], json!(id));
    let r = sb.get("/api/v1/tools/sensitivity/extreme").await;
    assert_eq!(
        (r.status, r.json()),
        (
            400,
            json!({"detail": "Invalid sensitivity level: extreme. Must be one of: low, medium, high, critical"})
        )
    );
    let d = sb.send("POST", "/api/v1/tools/detect-sensitivity", json!({"tool_name": "delete_user", "tool_description": "Permanently removes a user account"})).await.json();
    assert_eq!(
        d,
        json!({"detected_level": "high", "keywords_matched": ["delete", "remove"], "detection_method": "high_keywords"})
    );
    let d = sb
        .send(
            "POST",
            "/api/v1/tools/detect-sensitivity",
            json!({"tool_name": "frobnicate", "tool_description": null}),
        )
        .await
        .json();
    assert_eq!(
        d,
        json!({"detected_level": "medium", "keywords_matched": null, "detection_method": "default"})
    );
    assert_eq!(
        sb.send(
            "POST",
            "/api/v1/tools/detect-sensitivity",
            json!({"tool_name": ""})
        )
        .await
        .status,
        422
    );
    let all = sb
        .send(
            "POST",
            &format!("/api/v1/tools/servers/{id}/tools/detect-all"),
            json!(null),
        )
        .await
        .json();
    assert_eq!(all["tool_count"], 3);
    assert_eq!(all["detections"][tid("charge_card")], "critical");
    assert_eq!(
        sb.get(&format!("/api/v1/tools/{read}/sensitivity"))
            .await
            .json()["sensitivity_level"],
        "high",
        "detect-all does not change levels"
    );
}

#[tokio::test]
async fn policies_list_evaluate_validate_crud() {
    let sb = start(true).await;
    let l = sb.get("/api/v1/policy/list").await.json();
    let names: Vec<&str> = l["policies"]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    for n in [
        "mcp.authorization",
        "mcp.tool_sensitivity",
        "mcp.rate_limiting",
    ] {
        assert!(names.contains(&n), "{n}");
    }
    let auth = l["policies"]
        .as_array()
        .and_then(|a| a.iter().find(|p| p["name"] == "mcp.authorization"))
        .cloned()
        .expect("authz");
    assert_eq!(auth["path"], "/v1/data/mcp/authorization");
    assert_eq!(auth["active"], true);

    let viewer = sb.viewer.clone();
    let crit_server = sb
        .get("/api/v1/servers/?sensitivity=critical&limit=1")
        .await
        .json()["items"][0]["id"]
        .clone();
    let eval = |token: String, body: Value| {
        let sb = &sb;
        async move {
            sb.send_as(&token, "POST", "/api/v1/policy/evaluate", body)
                .await
                .json()
        }
    };
    let e = eval(
        sb.admin.clone(),
        json!({"action": "server:update", "server_id": crit_server}),
    )
    .await;
    assert_eq!(
        (e["decision"].clone(), e["reason"].clone()),
        (json!("allow"), json!("Allowed: admin role"))
    );
    assert!(e["audit_id"].is_string() && e["filtered_parameters"].is_null());
    let e = eval(
        viewer.clone(),
        json!({"action": "server:update", "server_id": crit_server}),
    )
    .await;
    assert_eq!(
        (e["decision"].clone(), e["reason"].clone()),
        (
            json!("deny"),
            json!("Denied: critical sensitivity requires admin role")
        )
    );
    let e = eval(
        viewer.clone(),
        json!({"action": "server:register", "parameters": {"sensitivity_level": "low"}}),
    )
    .await;
    assert_eq!(e["reason"], "Allowed by sandbox policy");
    let denied = sb
        .get("/api/v1/audit/events?event_type=authorization_denied&limit=1")
        .await
        .json();
    assert_eq!(denied["events"][0]["user_email"], "viewer@sark.local");
    let r = sb
        .send("POST", "/api/v1/policy/evaluate", json!({"tool": "x"}))
        .await;
    assert_eq!(r.json()["detail"][0]["loc"], json!(["body", "action"]));

    let v = |c: &str| json!({"policy_content": c});
    let r = sb
        .send("POST", "/api/v1/policy/validate", v(""))
        .await
        .json();
    assert_eq!(
        r,
        json!({"valid": false, "errors": ["Policy content is empty", "Policy must declare a package"], "warnings": [], "test_results": null})
    );
    let r = sb.send("POST", "/api/v1/policy/validate", json!({"policy_content": "package mcp\n\ndefault allow = true\n", "test_cases": [{"input": {}}]})).await.json();
    assert_eq!(
        r["warnings"],
        json!(["Policy has 'default allow = true' - this allows all actions by default"])
    );
    assert_eq!(
        r["test_results"],
        json!({"total": 1, "passed": 1, "failed": 0, "details": []})
    );

    let rego = "package acme.custom\n\nimport rego.v1\n\ndefault allow := false\n\nallow if input.user.role == \"admin\"\n\ndeny contains msg if {\n    msg := \"no\"\n}\n";
    let create = json!({"id": "acme.custom", "content": rego});
    let r = sb.send("POST", "/api/v1/policies", create.clone()).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let p = r.json();
    assert_eq!(
        (p["name"].clone(), p["package"].clone(), p["rules"].clone()),
        (
            json!("acme.custom"),
            json!("acme.custom"),
            json!(["allow", "deny"])
        )
    );
    assert_eq!(p["content"], rego);
    let r = sb.send("POST", "/api/v1/policies", create).await;
    assert_eq!(
        (r.status, r.json()),
        (409, json!({"detail": "Policy already exists"}))
    );
    let r = sb
        .send(
            "POST",
            "/api/v1/policies",
            json!({"id": "x", "content": "allow := true"}),
        )
        .await;
    assert_eq!(
        (r.status, r.json()),
        (400, json!({"detail": "Policy must declare a package"}))
    );
    assert_eq!(
        sb.send(
            "POST",
            "/api/v1/policies",
            json!({"id": "bad id!", "content": rego})
        )
        .await
        .status,
        422
    );
    let r = sb
        .send(
            "PUT",
            "/api/v1/policies/acme.custom",
            json!({"content": "package acme.v2\nallow := true\n", "name": "Custom"}),
        )
        .await
        .json();
    assert_eq!(
        (
            r["name"].clone(),
            r["package"].clone(),
            r["version"].clone()
        ),
        (json!("Custom"), json!("acme.v2"), json!("1.0.1"))
    );
    assert_eq!(
        sb.get("/api/v1/policies/acme.custom").await.json()["content"],
        "package acme.v2\nallow := true\n"
    );
    let listed = sb.get("/api/v1/policy/list").await.json();
    assert!(listed["policies"]
        .as_array()
        .expect("list")
        .iter()
        .any(|p| p["path"] == "/v1/data/acme/v2"));
    assert_eq!(sb.get("/api/v1/policies").await.json()["total"], 6);
    assert_eq!(
        sb.send("DELETE", "/api/v1/policies/acme.custom", json!(null))
            .await
            .status,
        204
    );
    assert_eq!(
        sb.get("/api/v1/policies/acme.custom").await.json(),
        json!({"detail": "Policy not found"})
    );
    let types: Vec<Value> = sb.get("/api/v1/audit/events?limit=3").await.json()["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| e["event_type"].clone())
        .collect();
    assert_eq!(
        types,
        vec![
            json!("configuration_changed"),
            json!("policy_updated"),
            json!("policy_created")
        ]
    );
}
