//! Per-server tools and invocation (Tier D, 3.3) and tool sensitivity (Tier S, 3.7).

use std::collections::BTreeMap;
use std::time::Instant;

use axum::extract::{Path, State};
use axum::Json;
use rusqlite::Connection;
use serde_json::{json, Value};

use crate::auth::Caller;
use crate::errors::{ApiError, ApiResult};
use crate::events::Event;
use crate::policy::{self, Subject};
use crate::state::AppState;
use crate::store::audit::{self, NewAudit};
use crate::store::servers::{self as db, OverrideRow, ToolRow};
use crate::util::{now_ts, LEVELS};
use crate::validate::{body_object, JsonBody, ServerId, ToolId};

pub async fn server_tools(
    State(st): State<AppState>,
    ServerId(id): ServerId,
) -> ApiResult<Json<Value>> {
    let v = st.read(|c| {
        super::servers::existing(c, &id)?;
        let tools = db::tools_of(c, &id)?;
        Ok(json!({"tools": tools.iter().map(super::servers::tool_json).collect::<Vec<_>>(), "total": tools.len()}))
    })?;
    Ok(Json(v))
}

pub async fn server_tool(
    State(st): State<AppState>,
    ServerId(id): ServerId,
    Path((_, name)): Path<(String, String)>,
) -> ApiResult<Json<Value>> {
    let v = st.read(|c| {
        super::servers::existing(c, &id)?;
        let t = db::tool_by_name(c, &id, &name)?
            .ok_or_else(|| ApiError::not_found("Tool not found"))?;
        Ok(super::servers::tool_json(&t))
    })?;
    Ok(Json(v))
}

/// Decides and records an invocation; on allow also records `tool_invoked`.
pub fn invoke_in(
    c: &Connection,
    caller: &Caller,
    server_id: &str,
    tool_name: &str,
    args: &Value,
    out: &mut Vec<Event>,
) -> Result<Value, ApiError> {
    let started = Instant::now();
    let s = db::get_server(c, server_id)?.ok_or_else(|| ApiError::not_found("Server not found"))?;
    let t = db::tool_by_name(c, server_id, tool_name)?
        .ok_or_else(|| ApiError::not_found("Tool not found"))?;
    let d = policy::decide(
        caller.is_admin(),
        "tool:invoke",
        Some(&t.sensitivity_level),
        t.requires_approval,
    );
    let decision_id = policy::record(
        c,
        caller,
        &d,
        Subject {
            action: "tool:invoke".into(),
            server_id: Some(s.id.clone()),
            server_name: Some(s.name.clone()),
            tool_name: Some(t.name.clone()),
            parameters: Some(args.clone()),
            resource_type: Some("tool"),
            resource_id: Some(t.id.clone()),
        },
        out,
    )?;
    if !d.allow {
        return Err(ApiError::Denied {
            reason: d.reason.to_string(),
            audit_id: decision_id,
        });
    }
    let mut ev = caller.audit(NewAudit::new("tool_invoked", "low", "tool:invoke"));
    ev.server_id = Some(s.id.clone());
    ev.server_name = Some(s.name.clone());
    ev.tool_name = Some(t.name.clone());
    ev.decision = Some("allow");
    ev.parameters = Some(args.clone());
    ev.duration_ms = Some((started.elapsed().as_secs_f64() * 1000.0 * 1000.0).round() / 1000.0);
    ev.details = Some(json!({"sensitivity_level": t.sensitivity_level, "simulated": true}));
    ev.resource_type = Some("tool");
    ev.resource_id = Some(t.id.clone());
    let audit_id = audit::record(c, ev, out)?;
    Ok(
        json!({"success": true, "result": {"echo": args}, "audit_id": audit_id, "policy_decision": "allow"}),
    )
}

/// Runs an invocation; a denial still commits its audit event before answering 403.
pub fn invoke_run(
    st: &AppState,
    caller: &Caller,
    server_id: &str,
    tool_name: &str,
    args: &Value,
) -> ApiResult<Value> {
    st.write(
        |c, out| match invoke_in(c, caller, server_id, tool_name, args, out) {
            Err(e @ ApiError::Denied { .. }) => Ok(Err(e)),
            other => other.map(Ok),
        },
    )?
}

pub async fn invoke(
    State(st): State<AppState>,
    caller: Caller,
    ServerId(id): ServerId,
    Path((_, name)): Path<(String, String)>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let args = match body {
        Value::Null => json!({}),
        Value::Object(_) => body,
        other => {
            return Err(ApiError::invalid(
                "dict_type",
                json!(["body"]),
                "Input should be a valid dictionary",
                other,
                None,
            ));
        }
    };
    Ok(Json(invoke_run(&st, &caller, &id, &name, &args)?))
}

// ---------- sensitivity ----------

fn info_json(t: &ToolRow) -> Value {
    json!({"tool_id": t.id, "tool_name": t.name, "sensitivity_level": t.sensitivity_level,
           "is_overridden": t.is_overridden, "last_updated": t.last_updated})
}

pub async fn statistics(State(st): State<AppState>) -> ApiResult<Json<Value>> {
    let tools = st.read(|c| Ok(db::all_tools(c)?))?;
    let mut by: BTreeMap<&str, usize> = LEVELS.iter().map(|l| (*l, 0)).collect();
    for t in &tools {
        if let Some(n) = by.get_mut(t.sensitivity_level.as_str()) {
            *n += 1;
        }
    }
    Ok(Json(json!({
        "total_tools": tools.len(),
        "by_sensitivity": by,
        "overridden_count": tools.iter().filter(|t| t.is_overridden).count(),
    })))
}

pub async fn get_sensitivity(
    State(st): State<AppState>,
    ToolId(id): ToolId,
) -> ApiResult<Json<Value>> {
    let t = st
        .read(|c| Ok(db::get_tool(c, &id)?))?
        .ok_or_else(|| ApiError::not_found("Tool not found"))?;
    Ok(Json(info_json(&t)))
}

pub fn override_in(
    c: &Connection,
    caller: &Caller,
    tool_id: &str,
    level: &str,
    reason: Option<String>,
    out: &mut Vec<Event>,
) -> Result<Result<ToolRow, ApiError>, ApiError> {
    let t = db::get_tool(c, tool_id)?
        .ok_or_else(|| ApiError::not_found(format!("Tool {tool_id} not found")))?;
    let s = db::get_server(c, &t.server_id)?;
    // Target: the stricter of the current and requested level, so non-admins can neither raise a
    // tool to critical nor lower a critical one.
    let target = if crate::util::level_rank(level) > crate::util::level_rank(&t.sensitivity_level) {
        level
    } else {
        t.sensitivity_level.as_str()
    };
    let d = policy::decide(
        caller.is_admin(),
        "tool:update_sensitivity",
        Some(target),
        false,
    );
    policy::record(
        c,
        caller,
        &d,
        Subject {
            action: "tool:update_sensitivity".into(),
            server_id: Some(t.server_id.clone()),
            server_name: s.as_ref().map(|s| s.name.clone()),
            tool_name: Some(t.name.clone()),
            parameters: Some(json!({"sensitivity_level": level})),
            resource_type: Some("tool"),
            resource_id: Some(t.id.clone()),
        },
        out,
    )?;
    if !d.allow {
        return Ok(Err(ApiError::forbidden(
            "Tool sensitivity update denied by policy",
        )));
    }
    let ts = now_ts();
    db::insert_override(
        c,
        &t.id,
        &OverrideRow {
            timestamp: ts.clone(),
            previous_level: t.sensitivity_level.clone(),
            new_level: level.to_string(),
            updated_by: caller.user_id.to_string(),
            reason: reason.clone(),
        },
    )?;
    let updated = ToolRow {
        sensitivity_level: level.to_string(),
        is_overridden: true,
        last_updated: ts,
        ..t.clone()
    };
    db::update_tool(c, &updated)?;
    let mut ev = caller.audit(NewAudit::new(
        "server_updated",
        "medium",
        "tool:update_sensitivity",
    ));
    ev.server_id = Some(t.server_id.clone());
    ev.server_name = s.map(|s| s.name);
    ev.tool_name = Some(t.name.clone());
    ev.reason = reason.clone();
    ev.details = Some(
        json!({"tool_id": t.id, "old_sensitivity": t.sensitivity_level, "new_sensitivity": level,
                             "reason": reason, "change_type": "sensitivity_override"}),
    );
    ev.resource_type = Some("tool");
    ev.resource_id = Some(t.id.clone());
    audit::record(c, ev, out)?;
    Ok(Ok(updated))
}

pub async fn set_sensitivity(
    State(st): State<AppState>,
    caller: Caller,
    ToolId(id): ToolId,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let (mut errs, o) = body_object(&body);
    let level = o.pattern(&mut errs, "sensitivity_level", &LEVELS, None);
    let reason = o.opt_str(&mut errs, "reason", Some(500));
    errs.finish()?;
    let t = st.write(|c, out| override_in(c, &caller, &id, &level, reason, out))??;
    Ok(Json(info_json(&t)))
}

pub async fn history(State(st): State<AppState>, ToolId(id): ToolId) -> ApiResult<Json<Value>> {
    let v = st.read(|c| {
        let t = db::get_tool(c, &id)?.ok_or_else(|| ApiError::not_found(format!("Tool {id} not found")))?;
        let mut out: Vec<Value> = db::overrides(c, &id)?
            .into_iter()
            .map(|o| json!({"type": "manual_override", "timestamp": o.timestamp, "previous_level": o.previous_level,
                            "new_level": o.new_level, "updated_by": o.updated_by, "reason": o.reason}))
            .collect();
        out.push(json!({"type": "current", "timestamp": t.last_updated, "level": t.sensitivity_level}));
        Ok(Value::Array(out))
    })?;
    Ok(Json(v))
}

pub async fn by_level(
    State(st): State<AppState>,
    Path(level): Path<String>,
) -> ApiResult<Json<Value>> {
    if !LEVELS.contains(&level.as_str()) {
        return Err(ApiError::bad_request(format!(
            "Invalid sensitivity level: {level}. Must be one of: low, medium, high, critical"
        )));
    }
    let tools = st.read(|c| Ok(db::all_tools(c)?))?;
    let v: Vec<Value> = tools
        .iter()
        .filter(|t| t.sensitivity_level == level)
        .map(|t| json!({"id": t.id, "name": t.name, "description": t.description, "server_id": t.server_id,
                        "sensitivity_level": t.sensitivity_level, "is_overridden": t.is_overridden,
                        "created_at": t.created_at}))
        .collect();
    Ok(Json(Value::Array(v)))
}

pub async fn detect(JsonBody(body): JsonBody) -> ApiResult<Json<Value>> {
    let (mut errs, o) = body_object(&body);
    let name = o.req_str(&mut errs, "tool_name", 1, Some(255));
    let desc = o.opt_str(&mut errs, "tool_description", Some(2000));
    let _params = o.opt_obj(&mut errs, "parameters");
    errs.finish()?;
    let (level, kws, method) = policy::detect(&name, desc.as_deref());
    Ok(Json(
        json!({"detected_level": level, "keywords_matched": kws, "detection_method": method}),
    ))
}

pub async fn detect_all(
    State(st): State<AppState>,
    ServerId(id): ServerId,
) -> ApiResult<Json<Value>> {
    let tools = st.read(|c| {
        super::servers::existing(c, &id)?;
        Ok(db::tools_of(c, &id)?)
    })?;
    let detections: serde_json::Map<String, Value> = tools
        .iter()
        .map(|t| {
            (
                t.id.clone(),
                json!(policy::detect(&t.name, t.description.as_deref()).0),
            )
        })
        .collect();
    Ok(Json(
        json!({"server_id": id, "tool_count": tools.len(), "detections": detections}),
    ))
}
