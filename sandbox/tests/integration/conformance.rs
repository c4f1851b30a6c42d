//! Conformance: the sandbox's Tier S responses validated against SARK 2.0's OpenAPI document
//! (`shared/sark-api/openapi.json`) with a small JSON Schema validator.

use std::path::PathBuf;

use serde_json::{json, Map, Value};

use crate::common::{reg_body, start, Opt};

fn openapi() -> Option<Value> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/sark-api/openapi.json");
    let text = std::fs::read_to_string(&p).ok()?;
    serde_json::from_str(&text).ok()
}

struct Validator<'a> {
    doc: &'a Value,
}

impl<'a> Validator<'a> {
    fn resolve(&self, s: &'a Value) -> &'a Value {
        let mut cur = s;
        for _ in 0..20 {
            let Some(r) = cur.get("$ref").and_then(Value::as_str) else {
                return cur;
            };
            let mut node = self.doc;
            for part in r.trim_start_matches("#/").split('/') {
                node = &node[part];
            }
            cur = node;
        }
        cur
    }

    fn type_ok(t: &str, v: &Value) -> bool {
        match t {
            "null" => v.is_null(),
            "boolean" => v.is_boolean(),
            "integer" => v.is_i64() || v.is_u64(),
            "number" => v.is_number(),
            "string" => v.is_string(),
            "array" => v.is_array(),
            "object" => v.is_object(),
            _ => true,
        }
    }

    fn check(&self, schema: &'a Value, v: &Value, at: &str, errs: &mut Vec<String>) {
        let s = self.resolve(schema);
        let Some(obj) = s.as_object() else {
            return;
        };
        if v.is_null() && obj.get("nullable") == Some(&json!(true)) {
            return;
        }
        for key in ["anyOf", "oneOf"] {
            if let Some(alts) = obj.get(key).and_then(Value::as_array) {
                let ok = alts.iter().filter(|a| {
                    let mut e = Vec::new();
                    self.check(a, v, at, &mut e);
                    e.is_empty()
                });
                let n = ok.count();
                if n == 0 || (key == "oneOf" && n > 1) {
                    errs.push(format!("{at}: {key} not satisfied by {v}"));
                }
            }
        }
        if let Some(all) = obj.get("allOf").and_then(Value::as_array) {
            for a in all {
                self.check(a, v, at, errs);
            }
        }
        match obj.get("type") {
            Some(Value::String(t)) if !Self::type_ok(t, v) => {
                errs.push(format!("{at}: expected {t}, got {v}"));
                return;
            }
            Some(Value::Array(ts))
                if !ts
                    .iter()
                    .filter_map(Value::as_str)
                    .any(|t| Self::type_ok(t, v)) =>
            {
                errs.push(format!("{at}: expected one of {ts:?}, got {v}"));
                return;
            }
            _ => {}
        }
        if let Some(e) = obj.get("enum").and_then(Value::as_array) {
            if !e.contains(v) {
                errs.push(format!("{at}: {v} not in enum {e:?}"));
            }
        }
        if let Some(c) = obj.get("const") {
            if c != v {
                errs.push(format!("{at}: {v} != const {c}"));
            }
        }
        if let Some(s) = v.as_str() {
            match obj.get("format").and_then(Value::as_str) {
                Some("uuid") if uuid::Uuid::parse_str(s).is_err() => {
                    errs.push(format!("{at}: not a uuid: {s}"))
                }
                Some("date-time") if sark_sandbox::util::parse_ts(s).is_none() => {
                    errs.push(format!("{at}: not a date-time: {s}"))
                }
                _ => {}
            }
            let n = s.chars().count() as u64;
            if obj
                .get("minLength")
                .and_then(Value::as_u64)
                .is_some_and(|m| n < m)
                || obj
                    .get("maxLength")
                    .and_then(Value::as_u64)
                    .is_some_and(|m| n > m)
            {
                errs.push(format!("{at}: string length {n} out of bounds"));
            }
        }
        if let Some(x) = v.as_f64() {
            if obj
                .get("minimum")
                .and_then(Value::as_f64)
                .is_some_and(|m| x < m)
                || obj
                    .get("maximum")
                    .and_then(Value::as_f64)
                    .is_some_and(|m| x > m)
            {
                errs.push(format!("{at}: {x} out of range"));
            }
        }
        if let Some(o) = v.as_object() {
            let props = obj.get("properties").and_then(Value::as_object);
            for r in obj
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if let Some(k) = r.as_str() {
                    if !o.contains_key(k) {
                        errs.push(format!("{at}: missing required `{k}`"));
                    }
                }
            }
            for (k, val) in o {
                match props.and_then(|p| p.get(k)) {
                    Some(ps) => self.check(ps, val, &format!("{at}.{k}"), errs),
                    None => match obj.get("additionalProperties") {
                        Some(Value::Bool(false)) => errs.push(format!("{at}: unexpected `{k}`")),
                        Some(ap @ Value::Object(_)) => {
                            self.check(ap, val, &format!("{at}.{k}"), errs)
                        }
                        _ => {}
                    },
                }
            }
        }
        if let (Some(a), Some(items)) = (v.as_array(), obj.get("items")) {
            for (i, it) in a.iter().enumerate() {
                self.check(items, it, &format!("{at}[{i}]"), errs);
            }
        }
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

    let v = Validator { doc: &doc };
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
        let mut errs = Vec::new();
        v.check(schema, &c.body, "$", &mut errs);
        for e in errs {
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
                       "tags": {"type": "array", "items": {"type": "string"}}, "e": {"enum": ["x", "y"]}}}}}});
    let v = Validator { doc: &doc };
    let schema = json!({"$ref": "#/components/schemas/A"});
    let mut errs = Vec::new();
    v.check(
        &schema,
        &json!({"id": "6f1c2a4e-0d3b-4c7a-9e21-5a7d3c000001", "n": null, "tags": ["a"], "e": "x"}),
        "$",
        &mut errs,
    );
    assert!(errs.is_empty(), "{errs:?}");
    v.check(
        &schema,
        &json!({"id": "nope", "n": 1.5, "tags": [1], "e": "z"}),
        "$",
        &mut errs,
    );
    assert_eq!(errs.len(), 4, "{errs:?}");
    errs.clear();
    v.check(&schema, &json!({"n": 1}), "$", &mut errs);
    assert_eq!(errs.len(), 1);
}
