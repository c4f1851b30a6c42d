//! Servers: list filters, cursor round trip, register, bulk, update/delete, metrics and exports.

use std::collections::HashSet;

use serde_json::{json, Value};

use crate::common::{config, reg_body, start, start_with};

#[tokio::test]
async fn register_detail_and_list_shapes() {
    let sb = start(false).await;
    let r = sb
        .send("POST", "/api/v1/servers/", reg_body("alpha", "low"))
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let b = r.json();
    let keys: HashSet<_> = b.as_object().expect("object").keys().cloned().collect();
    assert_eq!(
        keys,
        ["server_id", "status", "consul_id"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    );
    assert_eq!(b["status"], "registered");
    let id = b["server_id"].as_str().expect("id").to_string();
    let d = sb.get(&format!("/api/v1/servers/{id}")).await.json();
    assert_eq!(d["name"], "alpha");
    assert_eq!(d["tools"].as_array().map(Vec::len), Some(3));
    assert_eq!(d["metadata"], json!({"owner": "tests"}));
    assert!(d["created_at"]
        .as_str()
        .is_some_and(|s| s.ends_with("+00:00")));
    let r = sb
        .get("/api/v1/servers/7a908473-2451-46c2-a6be-da8e2af4cb0a")
        .await;
    assert_eq!(
        (r.status, r.json()),
        (404, json!({"detail": "Server not found"}))
    );
    let l = sb.get("/api/v1/servers/").await.json();
    assert_eq!(l["total"], Value::Null);
    assert_eq!(l["has_more"], false);
    assert_eq!(l["next_cursor"], Value::Null);
    let item = l["items"][0].as_object().expect("item").clone();
    assert!(!item.contains_key("description") && !item.contains_key("tool_count"));
    // Validation errors as FastAPI reports them.
    let r = sb
        .send(
            "POST",
            "/api/v1/servers/",
            json!({"name": "no-tools", "transport": "http"}),
        )
        .await;
    assert_eq!(r.status, 422);
    assert_eq!(r.json()["detail"][0]["loc"], json!(["body", "tools"]));
    assert_eq!(r.json()["detail"][0]["type"], "missing");
    let r = sb
        .send(
            "POST",
            "/api/v1/servers/",
            json!({"name": "x", "transport": "websocket", "tools": []}),
        )
        .await;
    assert_eq!(
        r.json()["detail"][0]["msg"],
        "String should match pattern '^(http|stdio|sse)$'"
    );
    let r = sb
        .send(
            "POST",
            "/api/v1/servers/",
            json!({"name": "", "transport": "http", "tools": [{"description": "x"}]}),
        )
        .await;
    let locs: Vec<Value> = r.json()["detail"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| e["loc"].clone())
        .collect();
    assert!(
        locs.contains(&json!(["body", "tools", 0, "name"]))
            && locs.contains(&json!(["body", "name"])),
        "{locs:?}"
    );
}

#[tokio::test]
async fn list_filters_and_totals() {
    let sb = start(true).await;
    let all = sb
        .get("/api/v1/servers/?limit=200&include_total=true")
        .await
        .json();
    assert_eq!(all["total"], 48);
    let items = all["items"].as_array().expect("items").clone();
    let count = |f: &dyn Fn(&Value) -> bool| items.iter().filter(|i| f(i)).count() as i64;
    let active = sb
        .get("/api/v1/servers/?status=active&include_total=true&limit=200")
        .await
        .json();
    assert_eq!(
        active["total"].as_i64(),
        Some(count(&|i| i["status"] == "active"))
    );
    assert!(active["items"]
        .as_array()
        .expect("items")
        .iter()
        .all(|i| i["status"] == "active"));
    let multi = sb
        .get("/api/v1/servers/?status=inactive,unhealthy,bogus&include_total=true")
        .await
        .json();
    assert_eq!(
        multi["total"].as_i64(),
        Some(count(
            &|i| i["status"] == "inactive" || i["status"] == "unhealthy"
        ))
    );
    // Only unknown values: filter not applied.
    assert_eq!(
        sb.get("/api/v1/servers/?status=bogus&include_total=true")
            .await
            .json()["total"],
        48
    );
    let sens = sb
        .get("/api/v1/servers/?sensitivity=high,critical&include_total=true")
        .await
        .json();
    assert_eq!(
        sens["total"].as_i64(),
        Some(count(
            &|i| i["sensitivity_level"] == "high" || i["sensitivity_level"] == "critical"
        ))
    );
    // Case-insensitive search over name and description (incl. non-ASCII).
    let s = sb
        .get("/api/v1/servers/?search=GITHUB&include_total=true")
        .await
        .json();
    assert_eq!(s["total"], 2);
    let s = sb
        .get("/api/v1/servers/?search=z%C3%9CRICH&include_total=true")
        .await
        .json();
    assert!(s["total"].as_i64().unwrap_or(0) >= 1, "{s}");
    let t = sb
        .get("/api/v1/servers/?tags=pci&include_total=true")
        .await
        .json()["total"]
        .as_i64()
        .unwrap_or(0);
    let t2 = sb
        .get("/api/v1/servers/?tags=pci,prod&match_all_tags=true&include_total=true")
        .await
        .json()["total"]
        .as_i64()
        .unwrap_or(0);
    let t3 = sb
        .get("/api/v1/servers/?tags=pci,prod&include_total=true")
        .await
        .json()["total"]
        .as_i64()
        .unwrap_or(0);
    assert!(t > 0 && t2 > 0 && t2 < t && t3 > t, "{t} {t2} {t3}");
    let team = sb
        .get("/api/v1/servers/?team_id=1e6a0c52-4b7d-4f0e-8a11-7e2b00000003&include_total=true")
        .await
        .json();
    assert_eq!(
        team["total"], 4,
        "payments team: stripe + billing, two variants each"
    );
    let asc = sb
        .get("/api/v1/servers/?sort_order=asc&limit=3")
        .await
        .json();
    let ts: Vec<&str> = asc["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["created_at"].as_str())
        .collect();
    assert!(ts.windows(2).all(|w| w[0] <= w[1]));
}

async fn walk(sb: &crate::common::Sb, query: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..100 {
        let url = match &cursor {
            Some(c) => format!("/api/v1/servers/?{query}&cursor={c}"),
            None => format!("/api/v1/servers/?{query}"),
        };
        let r = sb.get(&url).await;
        assert_eq!(r.status, 200, "{}", r.text);
        let p = r.json();
        ids.extend(
            p["items"]
                .as_array()
                .expect("items")
                .iter()
                .filter_map(|i| i["id"].as_str().map(str::to_string)),
        );
        match p["next_cursor"].as_str() {
            Some(c) => {
                assert_eq!(p["has_more"], true);
                cursor = Some(c.to_string());
            }
            None => {
                assert_eq!(p["has_more"], false);
                return ids;
            }
        }
    }
    panic!("pagination did not end");
}

#[tokio::test]
async fn cursor_pagination_round_trips() {
    let sb = start(true).await;
    // Servers registered in one burst share nearly identical timestamps: the id tie-break matters.
    let body = json!({"servers": (0..12).map(|i| json!({"name": format!("burst-{i}"), "transport": "stdio"})).collect::<Vec<_>>()});
    assert_eq!(
        sb.send("POST", "/api/v1/bulk/servers/register", body)
            .await
            .json()["succeeded"],
        12
    );
    for order in ["desc", "asc"] {
        let ids = walk(&sb, &format!("limit=7&sort_order={order}")).await;
        assert_eq!(ids.len(), 60);
        assert_eq!(
            ids.iter().collect::<HashSet<_>>().len(),
            60,
            "no duplicates"
        );
        let full = sb
            .get(&format!("/api/v1/servers/?limit=200&sort_order={order}"))
            .await
            .json();
        let expected: Vec<String> = full["items"]
            .as_array()
            .expect("items")
            .iter()
            .filter_map(|i| i["id"].as_str().map(str::to_string))
            .collect();
        assert_eq!(
            ids, expected,
            "pages concatenate to the full ordering ({order})"
        );
    }
    let active = walk(&sb, "limit=5&status=active").await;
    let total = sb
        .get("/api/v1/servers/?status=active&include_total=true")
        .await
        .json()["total"]
        .as_i64();
    assert_eq!(Some(active.len() as i64), total);
}

#[tokio::test]
async fn policy_denial_and_bulk_operations() {
    let sb = start(false).await;
    let viewer = sb.viewer.clone();
    let r = sb
        .send_as(
            &viewer,
            "POST",
            "/api/v1/servers/",
            reg_body("crit", "critical"),
        )
        .await;
    assert_eq!(
        (r.status, r.json()),
        (
            403,
            json!({"detail": "Server registration denied by policy"})
        )
    );
    let denied = sb
        .get("/api/v1/audit/events?event_type=authorization_denied")
        .await
        .json();
    assert_eq!(denied["total"], 1);
    assert_eq!(
        denied["events"][0]["reason"],
        "Denied: critical sensitivity requires admin role"
    );
    assert_eq!(
        sb.send_as(
            &viewer,
            "POST",
            "/api/v1/servers/",
            reg_body("med", "medium")
        )
        .await
        .status,
        201
    );

    // Best effort: per-item policy failures.
    let body = json!({"servers": [
        {"name": "ok-1", "transport": "http"},
        {"name": "bad", "transport": "sse", "sensitivity_level": "critical"},
        {"name": "ok-2", "transport": "stdio", "tools": [{"name": "t"}]}
    ]});
    let r = sb
        .send_as(
            &viewer,
            "POST",
            "/api/v1/bulk/servers/register",
            body.clone(),
        )
        .await
        .json();
    assert_eq!(
        (
            r["total"].clone(),
            r["succeeded"].clone(),
            r["failed"].clone()
        ),
        (json!(3), json!(2), json!(1))
    );
    assert_eq!(
        r["failed_items"][0],
        json!({"name": "bad", "error": "Policy denied: Denied: critical sensitivity requires admin role"})
    );
    // All or nothing: nothing is created.
    let before = sb.get("/api/v1/servers/?include_total=true").await.json()["total"].clone();
    let mut strict = body;
    strict["fail_on_first_error"] = json!(true);
    let r = sb
        .send_as(&viewer, "POST", "/api/v1/bulk/servers/register", strict)
        .await
        .json();
    assert_eq!(
        (r["succeeded"].clone(), r["failed"].clone()),
        (json!(0), json!(3))
    );
    assert_eq!(
        r["failed_items"][0]["error"],
        "Transaction rolled back due to policy failures"
    );
    assert_eq!(
        sb.get("/api/v1/servers/?include_total=true").await.json()["total"],
        before
    );

    // Bulk status: known, unknown and non-UUID ids.
    let id = r_first_id(&sb).await;
    let unknown = "fedc8e04-01c0-4038-aa08-72df220378bd";
    let body = json!({"updates": [
        {"server_id": id, "status": "active"}, {"server_id": unknown, "status": "inactive"}, {"server_id": "not-a-uuid", "status": "active"}
    ]});
    let r = sb
        .send("PATCH", "/api/v1/bulk/servers/status", body.clone())
        .await
        .json();
    assert_eq!(r["succeeded"], 1);
    assert_eq!(
        r["failed_items"],
        json!([
            {"server_id": unknown, "error": format!("Server {unknown} not found")},
            {"server_id": "not-a-uuid", "error": "badly formed hexadecimal UUID string"}
        ])
    );
    let ev = sb
        .get("/api/v1/audit/events?event_type=server_updated&limit=1")
        .await
        .json();
    assert_eq!(ev["events"][0]["details"]["status_change"]["new"], "active");
    assert_eq!(ev["events"][0]["details"]["bulk_operation"], true);
    assert_eq!(ev["events"][0]["severity"], "low");
    // All or nothing leaves statuses untouched.
    let mut strict = body;
    strict["updates"][0]["status"] = json!("unhealthy");
    strict["fail_on_first_error"] = json!(true);
    let r = sb
        .send("PATCH", "/api/v1/bulk/servers/status", strict)
        .await
        .json();
    assert_eq!(r["failed"], 3);
    assert!(r["failed_items"][0]["error"]
        .as_str()
        .unwrap_or("")
        .starts_with("Transaction failed: "));
    assert_eq!(
        sb.get(&format!("/api/v1/servers/{id}")).await.json()["status"],
        "active"
    );
    let r = sb
        .send(
            "PATCH",
            "/api/v1/bulk/servers/status",
            json!({"updates": [{"server_id": id, "status": "error"}]}),
        )
        .await;
    assert_eq!(r.status, 422);
    let r = sb
        .send(
            "PATCH",
            "/api/v1/bulk/servers/status",
            json!({"updates": []}),
        )
        .await;
    assert_eq!(r.json()["detail"][0]["type"], "too_short");
}

async fn r_first_id(sb: &crate::common::Sb) -> String {
    sb.get("/api/v1/servers/?limit=1").await.json()["items"][0]["id"]
        .as_str()
        .expect("id")
        .to_string()
}

#[tokio::test]
async fn update_patch_delete() {
    let sb = start(false).await;
    let id = sb
        .send("POST", "/api/v1/servers/", reg_body("edit-me", "low"))
        .await
        .json()["server_id"]
        .as_str()
        .expect("id")
        .to_string();
    let path = format!("/api/v1/servers/{id}");
    let before = sb.get(&path).await.json();
    let tool_id = |d: &Value, n: &str| {
        d["tools"]
            .as_array()
            .and_then(|a| a.iter().find(|t| t["name"] == n))
            .map(|t| t["id"].clone())
    };
    // PATCH {} is a no-op: same detail, no audit event.
    let audits = sb.audit_total().await;
    let r = sb.send("PATCH", &path, json!({})).await;
    assert_eq!((r.status, r.json()), (200, before.clone()));
    assert_eq!(sb.audit_total().await, audits);
    // PATCH ignores status and tools.
    let r = sb
        .send(
            "PATCH",
            &path,
            json!({"description": "new", "status": "active", "tools": []}),
        )
        .await
        .json();
    assert_eq!(
        (r["description"].clone(), r["status"].clone()),
        (json!("new"), json!("registered"))
    );
    assert_eq!(r["tools"].as_array().map(Vec::len), Some(3));
    assert_eq!(sb.audit_total().await, audits + 1);
    assert_eq!(
        sb.send("PATCH", &path, json!({"transport": "carrier-pigeon"}))
            .await
            .status,
        422
    );
    // PUT replaces tools by name; same names keep their ids.
    let mut body = reg_body("edited", "medium");
    body["tools"] = json!([{"name": "read_file"}, {"name": "brand_new"}]);
    let r = sb.send("PUT", &path, body).await.json();
    assert_eq!(r["name"], "edited");
    assert_eq!(tool_id(&r, "read_file"), tool_id(&before, "read_file"));
    assert!(tool_id(&r, "brand_new").is_some() && tool_id(&r, "wipe_disk").is_none());
    let r = sb.send("DELETE", &path, json!(null)).await;
    assert_eq!((r.status, r.text.as_str()), (204, ""));
    assert_eq!(sb.get(&path).await.status, 404);
    assert_eq!(sb.send("DELETE", &path, json!(null)).await.status, 404);
    let e = sb
        .get("/api/v1/audit/events?event_type=server_decommissioned")
        .await
        .json();
    assert_eq!(e["total"], 1);
}

#[tokio::test]
async fn metrics_summary_server_and_timeseries() {
    let sb = start(true).await;
    let s = sb.get("/api/v1/metrics/summary").await.json();
    assert_eq!(s["total_servers"], 48);
    let by_t: i64 = s["servers_by_transport"]
        .as_object()
        .expect("map")
        .values()
        .filter_map(Value::as_i64)
        .sum();
    assert_eq!(by_t, 48);
    assert!(s["servers_by_transport"]
        .as_object()
        .expect("map")
        .values()
        .all(|v| v.as_i64() > Some(0)));
    let id = sb.server_with_status("active").await;
    let m = sb.get(&format!("/api/v1/metrics/{id}")).await.json();
    assert_eq!(m["server_id"], json!(id));
    assert_eq!(m["last_health_check"], Value::Null);
    assert_eq!(
        sb.get("/api/v1/metrics/7a908473-2451-46c2-a6be-da8e2af4cb0a")
            .await
            .status,
        404
    );
    for (metric, range, interval, n) in [
        ("server_count", "6h", "1h", 7),
        ("health_checks", "7d", "1d", 8),
        ("tool_count", "30d", "1d", 31),
        ("active_servers", "1h", "5m", 13),
    ] {
        let t = sb.get(&format!("/api/v1/metrics/timeseries/servers?metric={metric}&time_range={range}&interval={interval}")).await.json();
        let pts = t["data_points"].as_array().expect("points");
        assert_eq!(pts.len(), n, "{metric} {range}/{interval}");
        assert!(pts.iter().all(|p| p["metadata"]["source"] == "recorded"));
        assert!(pts
            .windows(2)
            .all(|w| w[0]["timestamp"].as_str() < w[1]["timestamp"].as_str()));
        let last = pts.last().map(|p| p["value"].as_f64().unwrap_or(-1.0));
        let expect = match metric {
            "server_count" => s["total_servers"].as_f64(),
            "tool_count" => s["total_tools"].as_f64(),
            "active_servers" => s["active_servers"].as_f64(),
            _ => Some(
                ((48.0 - s["unhealthy_servers"].as_f64().unwrap_or(0.0)) / 48.0 * 10_000.0).round()
                    / 100.0,
            ),
        };
        assert_eq!(
            last, expect,
            "{metric}: the newest point is the current state"
        );
    }
    // The 30-day series is computed from history, so it is not flat.
    let t = sb
        .get("/api/v1/metrics/timeseries/servers?metric=server_count&time_range=30d&interval=1d")
        .await
        .json();
    let first = t["data_points"][0]["value"].as_f64().unwrap_or(0.0);
    assert!(first < 48.0, "fleet grew over the month: {first}");
    for q in [
        "metric=cpu_load",
        "metric=server_count&time_range=2d",
        "metric=server_count&interval=2m",
        "",
    ] {
        let r = sb
            .get(&format!("/api/v1/metrics/timeseries/servers?{q}"))
            .await;
        assert_eq!(r.status, 422, "{q}");
    }
}

#[tokio::test]
async fn exports_csv_and_json() {
    let sb = start(false).await;
    let mut body = reg_body("<b>html</b>, inc.", "low");
    body["description"] = json!("Has \"quotes\", commas\nand newlines");
    let id = sb.send("POST", "/api/v1/servers/", body).await.json()["server_id"]
        .as_str()
        .expect("id")
        .to_string();
    sb.send("POST", "/api/v1/servers/", reg_body("plain", "medium"))
        .await;
    sb.send(
        "PATCH",
        "/api/v1/bulk/servers/status",
        json!({"updates": [{"server_id": id, "status": "active"}]}),
    )
    .await;
    let r = sb.get("/api/v1/export/servers.csv").await;
    assert_eq!(
        r.header("content-type").as_deref(),
        Some("text/csv; charset=utf-8")
    );
    let cd = r.header("content-disposition").unwrap_or_default();
    assert!(
        cd.starts_with("attachment; filename=\"servers_") && cd.ends_with(".csv\""),
        "{cd}"
    );
    assert!(r.text.starts_with(
        "id,name,description,transport,endpoint,status,sensitivity_level,created_at\r\n"
    ));
    assert!(r
        .text
        .contains("\"<b>html</b>, inc.\",\"Has \"\"quotes\"\", commas\nand newlines\""));
    assert!(r.text.ends_with("\r\n"));
    assert_eq!(r.text.matches("\r\n").count(), 3);
    let f = sb
        .get("/api/v1/export/servers.csv?status_filter=active")
        .await;
    assert_eq!(f.text.matches("\r\n").count(), 2, "status_filter honoured");
    let t = sb.get("/api/v1/export/tools.csv").await;
    assert!(t.text.starts_with("id,name,description,server_id,server_name,sensitivity_level,requires_approval,created_at\r\n"));
    assert!(t.text.contains(",True,") && t.text.contains(",False,") && t.text.contains("plain"));
    let j = sb.get("/api/v1/export/servers.json").await;
    assert!(j
        .header("content-disposition")
        .unwrap_or_default()
        .contains(".json"));
    let v = j.json();
    assert_eq!(
        (v["export_type"].clone(), v["total_records"].clone()),
        (json!("servers"), json!(2))
    );
    assert!(!j.text.contains("\n  "));
    let p = sb.get("/api/v1/export/tools.json?pretty=true").await;
    assert!(p.text.contains("\n  \"export_type\""));
    let v = p.json();
    assert_eq!(v["total_records"], 6);
    assert!(v["tools"][0]["parameters"].is_object());
}

#[tokio::test]
async fn file_store_survives_restart() {
    let path = std::env::temp_dir().join(format!("sark-sandbox-test-{}.db", uuid::Uuid::new_v4()));
    let mut cfg = config(true);
    cfg.db = path.to_string_lossy().into_owned();
    let sb = start_with(cfg.clone()).await;
    let id = sb
        .send("POST", "/api/v1/servers/", reg_body("durable", "low"))
        .await
        .json()["server_id"]
        .as_str()
        .expect("id")
        .to_string();
    sb.send(
        "PATCH",
        "/api/v1/bulk/servers/status",
        json!({"updates": [{"server_id": id, "status": "active"}]}),
    )
    .await;
    let audits = sb.audit_total().await;
    let summary = sb.get("/api/v1/metrics/summary").await.json();
    sb.shutdown().await;
    // --seed again: the store is not empty, so nothing is re-seeded or lost.
    let sb = start_with(cfg).await;
    assert_eq!(
        sb.get(&format!("/api/v1/servers/{id}")).await.json()["status"],
        "active"
    );
    assert_eq!(sb.audit_total().await, audits);
    assert_eq!(sb.get("/api/v1/metrics/summary").await.json(), summary);
    sb.shutdown().await;
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}
