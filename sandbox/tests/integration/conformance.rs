//! Conformance: the sandbox's Tier S responses validated against SARK 2.0's OpenAPI document
//! (`shared/sark-api/openapi.json`), checked with the `jsonschema` crate (JSON Schema 2020-12).

use std::path::PathBuf;

use serde_json::{json, Map, Value};

use crate::common::{reg_body, start, Opt};

fn openapi() -> Option<Value> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/sark-api/openapi.json");
    let text = std::fs::read_to_string(&p).ok()?;
    serde_json::from_str(&text).ok()
}

/// Errors of `body` against `schema`, one of the document's response schemas: the schema is
/// compiled with the document's components beside it so `#/components/schemas/…` references
/// resolve. Formats are checked, `date-time` as SARK writes it (microseconds, optional offset).
fn violations(doc: &Value, schema: &Value, body: &Value) -> Vec<String> {
    let mut root = schema.clone();
    if let Some(o) = root.as_object_mut() {
        o.insert("components".into(), doc["components"].clone());
    }
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .with_format("date-time", |s: &str| {
            sark_sandbox::util::parse_ts(s).is_some()
        })
        .build(&root);
    match validator {
        Ok(v) => v
            .iter_errors(body)
            .map(|e| format!("${}: {e}", e.instance_path()))
            .collect(),
        Err(e) => vec![format!("schema does not compile: {e}")],
    }
}

/// Writes past libtest's output capture so the summary shows in every run.
fn report(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// One recorded call: the OpenAPI operation it exercises and what the sandbox answered.
struct Call {
    method: &'static str,
    op_path: &'static str,
    status: u16,
    body: Value,
}

#[tokio::test]
async fn tier_s_responses_match_openapi() {
    let Some(doc) = openapi() else {
        report("conformance: skipped, shared/sark-api/openapi.json not found");
        return;
    };
    let sb = start(true).await;
    let mut calls: Vec<Call> = Vec::new();
    macro_rules! call {
        ($m:expr, $op:expr, $resp:expr) => {{
            let r = $resp;
            let body = serde_json::from_str(&r.text).unwrap_or(Value::String(r.text.clone()));
            calls.push(Call {
                method: $m,
                op_path: $op,
                status: r.status,
                body: body.clone(),
            });
            body
        }};
    }
    let none = Opt::default;
    for p in [
        "/health/",
        "/health/live",
        "/health/ready",
        "/health/startup",
        "/health/detailed",
    ] {
        let op: &'static str = p;
        call!("get", op, sb.req("GET", p, none()).await);
    }
    call!(
        "get",
        "/api/v1/servers/",
        sb.get("/api/v1/servers/?limit=5&include_total=true").await
    );
    call!(
        "get",
        "/api/v1/servers/",
        sb.get("/api/v1/servers/?status=active&sensitivity=high,critical")
            .await
    );
    call!(
        "get",
        "/api/v1/servers/",
        sb.get("/api/v1/servers/?limit=500").await
    );
    let reg = call!(
        "post",
        "/api/v1/servers/",
        sb.send("POST", "/api/v1/servers/", reg_body("conformance", "high"))
            .await
    );
    let sid = reg["server_id"].as_str().unwrap_or_default().to_string();
    call!(
        "post",
        "/api/v1/servers/",
        sb.send(
            "POST",
            "/api/v1/servers/",
            json!({"name": "x", "transport": "ftp"})
        )
        .await
    );
    let detail = call!(
        "get",
        "/api/v1/servers/{server_id}",
        sb.get(&format!("/api/v1/servers/{sid}")).await
    );
    call!(
        "get",
        "/api/v1/servers/{server_id}",
        sb.get("/api/v1/servers/not-a-uuid").await
    );
    call!("post", "/api/v1/bulk/servers/register", sb.send("POST", "/api/v1/bulk/servers/register", json!({"servers": [{"name": "b1", "transport": "http"}, {"name": "b2", "transport": "stdio", "sensitivity_level": "critical"}]})).await);
    call!("patch", "/api/v1/bulk/servers/status", sb.send("PATCH", "/api/v1/bulk/servers/status", json!({"updates": [{"server_id": sid, "status": "active"}, {"server_id": "nope", "status": "active"}]})).await);
    call!(
        "get",
        "/api/v1/policy/list",
        sb.get("/api/v1/policy/list").await
    );
    call!("post", "/api/v1/policy/evaluate", sb.send("POST", "/api/v1/policy/evaluate", json!({"action": "tool:invoke", "tool": "read_file", "server_id": sid, "parameters": {"path": "/"}})).await);
    call!(
        "post",
        "/api/v1/policy/validate",
        sb.send(
            "POST",
            "/api/v1/policy/validate",
            json!({"policy_content": "package mcp\ndefault allow = true\n", "test_cases": [{}]})
        )
        .await
    );
    call!(
        "post",
        "/api/v1/policy/validate",
        sb.send(
            "POST",
            "/api/v1/policy/validate",
            json!({"policy_content": ""})
        )
        .await
    );
    let tid = detail["tools"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    call!(
        "get",
        "/api/v1/tools/statistics/sensitivity",
        sb.get("/api/v1/tools/statistics/sensitivity").await
    );
    call!(
        "get",
        "/api/v1/tools/{tool_id}/sensitivity",
        sb.get(&format!("/api/v1/tools/{tid}/sensitivity")).await
    );
    call!(
        "post",
        "/api/v1/tools/{tool_id}/sensitivity",
        sb.send(
            "POST",
            &format!("/api/v1/tools/{tid}/sensitivity"),
            json!({"sensitivity_level": "high", "reason": "conformance"})
        )
        .await
    );
    call!(
        "get",
        "/api/v1/tools/{tool_id}/sensitivity/history",
        sb.get(&format!("/api/v1/tools/{tid}/sensitivity/history"))
            .await
    );
    call!(
        "get",
        "/api/v1/tools/sensitivity/{level}",
        sb.get("/api/v1/tools/sensitivity/critical").await
    );
    call!(
        "post",
        "/api/v1/tools/detect-sensitivity",
        sb.send(
            "POST",
            "/api/v1/tools/detect-sensitivity",
            json!({"tool_name": "delete_user", "tool_description": "Removes a user"})
        )
        .await
    );
    call!(
        "post",
        "/api/v1/tools/detect-sensitivity",
        sb.send(
            "POST",
            "/api/v1/tools/detect-sensitivity",
            json!({"tool_name": "frobnicate"})
        )
        .await
    );
    call!(
        "post",
        "/api/v1/tools/servers/{server_id}/tools/detect-all",
        sb.send(
            "POST",
            &format!("/api/v1/tools/servers/{sid}/tools/detect-all"),
            json!(null)
        )
        .await
    );
    call!(
        "get",
        "/api/v1/metrics/summary",
        sb.get("/api/v1/metrics/summary").await
    );
    call!(
        "get",
        "/api/v1/metrics/{server_id}",
        sb.get(&format!("/api/v1/metrics/{sid}")).await
    );
    call!(
        "get",
        "/api/v1/metrics/timeseries/servers",
        sb.get("/api/v1/metrics/timeseries/servers?metric=server_count&time_range=24h&interval=1h")
            .await
    );
    call!(
        "get",
        "/api/v1/metrics/timeseries/servers",
        sb.get("/api/v1/metrics/timeseries/servers?metric=cpu_load")
            .await
    );
    call!(
        "get",
        "/api/v1/export/servers.json",
        sb.get("/api/v1/export/servers.json").await
    );
    call!(
        "get",
        "/api/v1/export/tools.json",
        sb.get("/api/v1/export/tools.json?pretty=true").await
    );
    call!(
        "get",
        "/api/v1/ws/connections",
        sb.get("/api/v1/ws/connections").await
    );

    let mut failures = Vec::new();
    let mut ops = std::collections::BTreeSet::new();
    for c in &calls {
        ops.insert((c.method, c.op_path));
        let op = &doc["paths"][c.op_path][c.method];
        if op.is_null() {
            failures.push(format!("{} {}: not in openapi.json", c.method, c.op_path));
            continue;
        }
        let responses = op["responses"]
            .as_object()
            .cloned()
            .unwrap_or_else(Map::new);
        let Some(resp) = responses.get(&c.status.to_string()) else {
            failures.push(format!(
                "{} {}: status {} not documented",
                c.method, c.op_path, c.status
            ));
            continue;
        };
        let schema = &resp["content"]["application/json"]["schema"];
        if schema.is_null() {
            // Documented without a schema (exports, ws/connections): it must still be a JSON object.
            if !c.body.is_object() {
                failures.push(format!(
                    "{} {}: body is not a JSON object",
                    c.method, c.op_path
                ));
            }
            continue;
        }
        for e in violations(&doc, schema, &c.body) {
            failures.push(format!("{} {} ({}): {e}", c.method, c.op_path, c.status));
        }
    }
    for f in &failures {
        report(&format!("conformance failure: {f}"));
    }
    report(&format!(
        "conformance: {} operations checked, {} failures ({} responses validated)",
        ops.len(),
        failures.len(),
        calls.len()
    ));
    assert!(
        failures.is_empty(),
        "{} conformance failures",
        failures.len()
    );
}

#[test]
fn validator_catches_mismatches() {
    let doc = json!({"components": {"schemas": {"A": {"type": "object", "required": ["id", "n"],
        "properties": {"id": {"type": "string", "format": "uuid"}, "n": {"anyOf": [{"type": "integer"}, {"type": "null"}]},
                       "at": {"type": "string", "format": "date-time"},
                       "tags": {"type": "array", "items": {"type": "string"}}, "e": {"enum": ["x", "y"]}}}}}});
    let schema = json!({"$ref": "#/components/schemas/A"});
    let good = json!({"id": "6f1c2a4e-0d3b-4c7a-9e21-5a7d3c000001", "n": null,
        "at": "2025-01-01T00:00:00.123456", "tags": ["a"], "e": "x"});
    assert_eq!(violations(&doc, &schema, &good), Vec::<String>::new());
    let bad = json!({"id": "nope", "n": 1.5, "at": "yesterday", "tags": [1], "e": "z"});
    assert_eq!(violations(&doc, &schema, &bad).len(), 5);
    assert_eq!(violations(&doc, &schema, &json!({"n": 1})).len(), 1);
}
