//! Policy list/evaluate/validate (Tier S) and policy management (Tier D), contract 3.6.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use crate::auth::Caller;
use crate::errors::{ApiError, ApiResult};
use crate::policy::{self, Subject};
use crate::state::AppState;
use crate::store::audit::{self, NewAudit};
use crate::store::policies::{self as db, PolicyRow};
use crate::store::servers as sdb;
use crate::util::now_ts;
use crate::validate::{body_object, JsonBody};

pub async fn policy_list(State(st): State<AppState>) -> ApiResult<Json<Value>> {
    let rows = st.read(|c| Ok(db::list(c)?))?;
    let items: Vec<Value> = rows
        .iter()
        .map(|p| {
            json!({"name": p.id, "path": db::data_path(p), "version": p.version,
                        "description": p.description, "active": true})
        })
        .collect();
    Ok(Json(json!({"total": items.len(), "policies": items})))
}

pub async fn evaluate(
    State(st): State<AppState>,
    caller: Caller,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let (mut errs, o) = body_object(&body);
    let user_id = o.opt_uuid(&mut errs, "user_id");
    let action = o.req_str(&mut errs, "action", 0, None);
    let tool = o.opt_str(&mut errs, "tool", None);
    let server_id = o.opt_uuid(&mut errs, "server_id");
    let params = o.obj_or_empty(&mut errs, "parameters");
    errs.finish()?;
    Ok(Json(evaluate_run(
        &st, &caller, user_id, &action, tool, server_id, params,
    )?))
}

/// Evaluates as `user_id` when it names a directory user, else as the caller.
pub fn evaluate_run(
    st: &AppState,
    caller: &Caller,
    user_id: Option<uuid::Uuid>,
    action: &str,
    tool: Option<String>,
    server_id: Option<uuid::Uuid>,
    params: serde_json::Map<String, Value>,
) -> ApiResult<Value> {
    let subject = user_id
        .and_then(crate::users::by_id)
        .map(|u| {
            let mut c = Caller::from_user(u);
            c.ip = caller.ip.clone();
            c
        })
        .unwrap_or_else(|| caller.clone());
    st.write(|c, out| {
        let server = match server_id {
            Some(id) => sdb::get_server(c, &id.to_string())?,
            None => None,
        };
        let tool_row = match (&server, &tool) {
            (Some(s), Some(t)) => sdb::tool_by_name(c, &s.id, t)?,
            _ => None,
        };
        let target = if action == "server:register" {
            params
                .get("sensitivity_level")
                .and_then(Value::as_str)
                .map(str::to_string)
        } else if action.starts_with("tool:") {
            tool_row.as_ref().map(|t| t.sensitivity_level.clone())
        } else {
            server.as_ref().map(|s| s.sensitivity_level.clone())
        };
        let requires_approval = tool_row.as_ref().is_some_and(|t| t.requires_approval);
        let d = policy::decide(
            subject.is_admin(),
            action,
            target.as_deref(),
            requires_approval,
        );
        let audit_id = policy::record(
            c,
            &subject,
            &d,
            Subject {
                action: action.to_string(),
                server_id: server.as_ref().map(|s| s.id.clone()),
                server_name: server.as_ref().map(|s| s.name.clone()),
                tool_name: tool.clone(),
                parameters: Some(Value::Object(params.clone())),
                resource_type: Some(if action.starts_with("tool:") {
                    "tool"
                } else {
                    "policy"
                }),
                resource_id: tool_row.as_ref().map(|t| t.id.clone()),
            },
            out,
        )?;
        Ok(json!({
            "decision": if d.allow { "allow" } else { "deny" },
            "reason": d.reason,
            "filtered_parameters": null,
            "audit_id": audit_id,
            "requires_approval": action == "tool:invoke" && requires_approval,
        }))
    })
}

pub async fn validate(JsonBody(body): JsonBody) -> ApiResult<Json<Value>> {
    let (mut errs, o) = body_object(&body);
    let content = o.req_str(&mut errs, "policy_content", 0, None);
    let cases = o.list(&mut errs, "test_cases", 0, None).map(|l| l.len());
    errs.finish()?;
    let (errors, warnings) = db::check(&content);
    let test_results = match cases {
        Some(n) => json!({"total": n, "passed": n, "failed": 0, "details": []}),
        None => Value::Null,
    };
    Ok(Json(
        json!({"valid": errors.is_empty(), "errors": errors, "warnings": warnings, "test_results": test_results}),
    ))
}

// ---------- management (Tier D) ----------

fn id_pattern(id: &str) -> bool {
    !id.is_empty()
        && id.chars().count() <= 255
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

fn not_found() -> ApiError {
    ApiError::not_found("Policy not found")
}

fn bump(version: &str) -> String {
    let mut parts: Vec<u64> = version.split('.').filter_map(|p| p.parse().ok()).collect();
    if parts.len() != 3 {
        return "1.0.1".into();
    }
    parts[2] += 1;
    format!("{}.{}.{}", parts[0], parts[1], parts[2])
}

fn policy_audit(caller: &Caller, ty: &'static str, p: &str, details: Value) -> NewAudit {
    let mut ev = caller.audit(NewAudit::new(ty, "medium", "policy:write"));
    ev.details = Some(details);
    ev.resource_type = Some("policy");
    ev.resource_id = Some(p.to_string());
    ev
}

pub async fn list(State(st): State<AppState>) -> ApiResult<Json<Value>> {
    let rows = st.read(|c| Ok(db::list(c)?))?;
    let items: Vec<Value> = rows.iter().map(|p| policy_json(p, true)).collect();
    Ok(Json(json!({"total": items.len(), "policies": items})))
}

pub async fn get_one(State(st): State<AppState>, Path(id): Path<String>) -> ApiResult<Json<Value>> {
    let p = st.read(|c| Ok(db::get(c, &id)?))?.ok_or_else(not_found)?;
    Ok(Json(policy_json(&p, true)))
}

pub async fn create(
    State(st): State<AppState>,
    caller: Caller,
    JsonBody(body): JsonBody,
) -> ApiResult<Response> {
    let (mut errs, o) = body_object(&body);
    let id = o.req_str(&mut errs, "id", 1, Some(255));
    let content = o.req_str(&mut errs, "content", 0, None);
    let name = o.opt_str(&mut errs, "name", Some(255));
    if !id.is_empty() && !id_pattern(&id) {
        errs.push(crate::errors::verr(
            "string_pattern_mismatch",
            json!(["body", "id"]),
            "String should match pattern '^[A-Za-z0-9_.-]+$'",
            json!(id),
            Some(json!({"pattern": "^[A-Za-z0-9_.-]+$"})),
        ));
    }
    errs.finish()?;
    let (errors, _) = db::check(&content);
    if !errors.is_empty() {
        return Err(ApiError::bad_request(errors.join("; ")));
    }
    let ts = now_ts();
    let p = PolicyRow {
        id: id.clone(),
        name: name.filter(|n| !n.is_empty()).unwrap_or_else(|| id.clone()),
        content,
        description: None,
        version: "1.0.0".into(),
        created_at: ts.clone(),
        updated_at: ts,
    };
    st.write(|c, out| {
        if db::get(c, &id)?.is_some() {
            return Err(ApiError::detail(
                StatusCode::CONFLICT,
                "Policy already exists",
            ));
        }
        db::insert(c, &p)?;
        audit::record(
            c,
            policy_audit(
                &caller,
                "policy_created",
                &id,
                json!({"policy_id": id, "version": p.version}),
            ),
            out,
        )?;
        Ok(())
    })?;
    Ok((StatusCode::CREATED, Json(policy_json(&p, true))).into_response())
}

pub async fn update(
    State(st): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let (mut errs, o) = body_object(&body);
    let content = o.req_str(&mut errs, "content", 0, None);
    let name = o.opt_str(&mut errs, "name", Some(255));
    errs.finish()?;
    let (errors, _) = db::check(&content);
    if !errors.is_empty() {
        return Err(ApiError::bad_request(errors.join("; ")));
    }
    let p = st.write(|c, out| {
        let old = db::get(c, &id)?.ok_or_else(not_found)?;
        let p = PolicyRow {
            name: name
                .clone()
                .filter(|n| !n.is_empty())
                .unwrap_or(old.name.clone()),
            content: content.clone(),
            version: bump(&old.version),
            updated_at: now_ts(),
            ..old
        };
        db::update(c, &p)?;
        audit::record(
            c,
            policy_audit(
                &caller,
                "policy_updated",
                &id,
                json!({"policy_id": id, "version": p.version}),
            ),
            out,
        )?;
        Ok(p)
    })?;
    Ok(Json(policy_json(&p, true)))
}

pub async fn delete(
    State(st): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    st.write(|c, out| {
        if db::delete(c, &id)? == 0 {
            return Err(not_found());
        }
        audit::record(
            c,
            policy_audit(
                &caller,
                "configuration_changed",
                &id,
                json!({"policy_id": id, "change": "deleted"}),
            ),
            out,
        )?;
        Ok(())
    })?;
    Ok(StatusCode::NO_CONTENT)
}

/// A policy as SARK answers it; `content` only where the route includes it.
fn policy_json(p: &PolicyRow, with_content: bool) -> Value {
    let mut v = json!({
        "id": p.id, "name": p.name, "package": db::package_of(&p.content).unwrap_or_default(),
        "rules": db::rules_of(&p.content), "version": p.version, "description": p.description,
        "created_at": p.created_at, "updated_at": p.updated_at,
    });
    if let (true, Some(o)) = (with_content, v.as_object_mut()) {
        o.insert("content".into(), json!(p.content));
    }
    v
}
