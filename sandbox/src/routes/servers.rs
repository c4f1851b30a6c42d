//! Servers: list/detail/register (Tier S), update/delete (Tier D), bulk operations (Tier S).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use rusqlite::Connection;
use serde_json::{json, Map, Value};
use uuid::Uuid;

use super::RawQuery;
use crate::auth::Caller;
use crate::errors::{ApiError, ApiResult};
use crate::events::{server_status_change, Event};
use crate::policy::{self, Subject};
use crate::state::AppState;
use crate::store::audit::{self, NewAudit};
use crate::store::servers::{self as db, ServerRow, ToolRow};
use crate::util::{b64url, b64url_decode, now_ts, LEVELS, SERVER_STATUSES, TRANSPORTS};
use crate::validate::{body_object, loc_with, object, Errs, JsonBody, Obj, Query, ServerId};

// ---------- request models ----------

#[derive(Clone, Debug)]
pub struct ToolDef {
    pub name: String,
    pub description: Option<String>,
    pub parameters: Value,
    pub sensitivity_level: String,
    pub signature: Option<String>,
    pub requires_approval: bool,
}

#[derive(Clone, Debug)]
pub struct Registration {
    pub name: String,
    pub transport: String,
    pub endpoint: Option<String>,
    pub command: Option<String>,
    pub version: String,
    pub capabilities: Vec<String>,
    pub tools: Vec<ToolDef>,
    pub description: Option<String>,
    pub sensitivity_level: String,
    pub signature: Option<String>,
    pub metadata: Map<String, Value>,
}

fn parse_tool(v: &Value, base: Vec<Value>, errs: &mut Errs) -> ToolDef {
    let o = object(v, base, errs);
    ToolDef {
        name: o.req_str(errs, "name", 0, None),
        description: o.opt_str(errs, "description", None),
        parameters: Value::Object(o.obj_or_empty(errs, "parameters")),
        sensitivity_level: o.pattern(errs, "sensitivity_level", &LEVELS, Some("medium")),
        signature: o.opt_str(errs, "signature", None),
        requires_approval: o.bool_or(errs, "requires_approval", false),
    }
}

/// `ServerRegistration` (tools required) or `ServerRegistrationItem` (tools optional).
pub fn parse_registration(o: &Obj, errs: &mut Errs, tools_required: bool) -> Registration {
    let tools_list = if tools_required {
        o.req_list(errs, "tools", 0, None)
    } else {
        o.list(errs, "tools", 0, None)
    };
    let tools = tools_list
        .map(|items| {
            items
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    parse_tool(
                        t,
                        loc_with(&o.base, "tools")
                            .as_array()
                            .map(|a| {
                                let mut a = a.clone();
                                a.push(json!(i));
                                a
                            })
                            .unwrap_or_default(),
                        errs,
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    Registration {
        name: o.req_str(errs, "name", 1, Some(255)),
        transport: o.pattern(errs, "transport", &TRANSPORTS, None),
        endpoint: o.opt_str(errs, "endpoint", Some(500)),
        command: o.opt_str(errs, "command", Some(500)),
        version: o.str_or(errs, "version", 0, None, "2025-06-18"),
        capabilities: o.str_list(errs, "capabilities"),
        tools,
        description: o.opt_str(errs, "description", Some(1000)),
        sensitivity_level: o.pattern(errs, "sensitivity_level", &LEVELS, Some("medium")),
        signature: o.opt_str(errs, "signature", None),
        metadata: o.obj_or_empty(errs, "metadata"),
    }
}

// ---------- list ----------

fn encode_cursor(s: &ServerRow) -> String {
    b64url(format!("{}|{}", s.created_at, s.id).as_bytes())
}

fn decode_cursor(c: &str) -> Option<(String, String)> {
    let raw = String::from_utf8(b64url_decode(c)?).ok()?;
    let (ts, id) = raw.split_once('|')?;
    crate::util::parse_ts(ts)?;
    Uuid::parse_str(id).ok()?;
    Some((ts.to_string(), id.to_string()))
}

pub async fn list(State(st): State<AppState>, q: RawQuery) -> ApiResult<Json<Value>> {
    let mut q = Query::new(q.0);
    let limit = q.int("limit", 1, Some(200), 50) as usize;
    let order = q
        .pattern("sort_order", &["asc", "desc"], Some("desc"))
        .unwrap_or_default();
    let team = q.uuid("team_id");
    let owner = q.uuid("owner_id");
    let match_all = q.boolean("match_all_tags", false);
    let include_total = q.boolean("include_total", false);
    let statuses = q.enum_list("status", &SERVER_STATUSES);
    let levels = q.enum_list("sensitivity", &LEVELS);
    let tags: Vec<String> = q
        .get("tags")
        .map(|t| {
            t.split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let search = q
        .string("search")
        .map(|s| s.to_lowercase())
        .filter(|s| !s.is_empty());
    let cursor = match q.string("cursor").filter(|c| !c.is_empty()) {
        None => None,
        Some(c) => match decode_cursor(&c) {
            Some(k) => Some(k),
            None => {
                q.errs.push(crate::errors::verr(
                    "value_error",
                    json!(["query", "cursor"]),
                    "Value error, Invalid cursor",
                    json!(c),
                    Some(json!({"error": "Invalid cursor"})),
                ));
                None
            }
        },
    };
    q.finish()?;

    let all = st.read(|c| Ok(db::all_servers(c)?))?;
    let mut rows: Vec<ServerRow> = all
        .into_iter()
        .filter(|s| statuses.is_empty() || statuses.contains(&s.status))
        .filter(|s| levels.is_empty() || levels.contains(&s.sensitivity_level))
        .filter(|s| team.is_none_or(|t| s.team_id.as_deref() == Some(t.to_string().as_str())))
        .filter(|s| owner.is_none_or(|o| s.owner_id.as_deref() == Some(o.to_string().as_str())))
        .filter(|s| {
            tags.is_empty()
                || if match_all {
                    tags.iter().all(|t| s.tags.contains(t))
                } else {
                    tags.iter().any(|t| s.tags.contains(t))
                }
        })
        .filter(|s| {
            search.as_ref().is_none_or(|n| {
                s.name.to_lowercase().contains(n.as_str())
                    || s.description
                        .as_ref()
                        .is_some_and(|d| d.to_lowercase().contains(n.as_str()))
            })
        })
        .collect();
    let total = rows.len();
    // Keyset order: (created_at, id), both inside the cursor, so pages never skip or repeat.
    rows.sort_by(|a, b| (&a.created_at, &a.id).cmp(&(&b.created_at, &b.id)));
    if order == "desc" {
        rows.reverse();
    }
    if let Some((ts, id)) = cursor {
        rows.retain(|s| {
            let k = (s.created_at.as_str(), s.id.as_str());
            if order == "desc" {
                k < (ts.as_str(), id.as_str())
            } else {
                k > (ts.as_str(), id.as_str())
            }
        });
    }
    let has_more = rows.len() > limit;
    rows.truncate(limit);
    let next = if has_more {
        rows.last().map(encode_cursor)
    } else {
        None
    };
    Ok(Json(json!({
        "items": rows.iter().map(list_item_json).collect::<Vec<_>>(),
        "next_cursor": next,
        "has_more": has_more,
        "total": if include_total { json!(total) } else { Value::Null },
    })))
}

// ---------- detail ----------

pub fn load_detail(c: &Connection, id: &str) -> Result<Value, ApiError> {
    let s = db::get_server(c, id)?.ok_or_else(|| ApiError::not_found("Server not found"))?;
    let tools = db::tools_of(c, id)?;
    Ok(detail_json(&s, &tools))
}

pub async fn detail(State(st): State<AppState>, ServerId(id): ServerId) -> ApiResult<Json<Value>> {
    Ok(Json(st.read(|c| load_detail(c, &id))?))
}

// ---------- register ----------

fn new_tool(server_id: &str, t: &ToolDef, ts: &str) -> ToolRow {
    ToolRow {
        id: Uuid::new_v4().to_string(),
        server_id: server_id.to_string(),
        name: t.name.clone(),
        description: t.description.clone(),
        parameters: t.parameters.clone(),
        sensitivity_level: t.sensitivity_level.clone(),
        requires_approval: t.requires_approval,
        signature: t.signature.clone(),
        is_overridden: false,
        created_at: ts.to_string(),
        last_updated: ts.to_string(),
    }
}

pub enum RegisterOutcome {
    Registered(Box<ServerRow>),
    Denied(&'static str),
}

/// Policy check + insert + audit + status event, inside the caller's transaction.
pub fn register_in(
    c: &Connection,
    caller: &Caller,
    r: &Registration,
    out: &mut Vec<Event>,
) -> Result<RegisterOutcome, ApiError> {
    let d = policy::decide(
        caller.is_admin(),
        "server:register",
        Some(&r.sensitivity_level),
        false,
    );
    policy::record(
        c,
        caller,
        &d,
        Subject {
            action: "server:register".into(),
            server_name: Some(r.name.clone()),
            parameters: Some(
                json!({"sensitivity_level": r.sensitivity_level, "transport": r.transport}),
            ),
            resource_type: Some("server"),
            ..Default::default()
        },
        out,
    )?;
    if !d.allow {
        return Ok(RegisterOutcome::Denied(d.reason));
    }
    let ts = now_ts();
    let s = ServerRow {
        id: Uuid::new_v4().to_string(),
        name: r.name.clone(),
        description: r.description.clone(),
        transport: r.transport.clone(),
        endpoint: r.endpoint.clone(),
        command: r.command.clone(),
        version: r.version.clone(),
        capabilities: json!(r.capabilities),
        status: "registered".into(),
        sensitivity_level: r.sensitivity_level.clone(),
        signature: r.signature.clone(),
        metadata: Value::Object(r.metadata.clone()),
        tags: Vec::new(),
        team_id: None,
        owner_id: Some(caller.user_id.to_string()),
        consul_id: None,
        created_at: ts.clone(),
        updated_at: ts.clone(),
    };
    db::insert_server(c, &s)?;
    for t in &r.tools {
        db::insert_tool(c, &new_tool(&s.id, t, &ts))?;
    }
    db::record_history(c, &s.id, &ts, "registered", r.tools.len() as i64)?;
    let mut ev = caller.audit(NewAudit::new(
        "server_registered",
        "medium",
        "server:register",
    ));
    ev.server_id = Some(s.id.clone());
    ev.server_name = Some(s.name.clone());
    ev.details = Some(
        json!({"server_name": s.name, "transport": s.transport, "tool_count": r.tools.len(), "sensitivity_level": s.sensitivity_level}),
    );
    ev.resource_type = Some("server");
    ev.resource_id = Some(s.id.clone());
    audit::record(c, ev, out)?;
    out.push(server_status_change(
        &s.id,
        &s.name,
        "registered",
        None,
        &ts,
    ));
    Ok(RegisterOutcome::Registered(Box::new(s)))
}

pub fn register_one(st: &AppState, caller: &Caller, r: &Registration) -> ApiResult<ServerRow> {
    match st.write(|c, out| register_in(c, caller, r, out))? {
        RegisterOutcome::Registered(s) => Ok(*s),
        RegisterOutcome::Denied(_) => {
            Err(ApiError::forbidden("Server registration denied by policy"))
        }
    }
}

pub async fn register(
    State(st): State<AppState>,
    caller: Caller,
    JsonBody(body): JsonBody,
) -> ApiResult<Response> {
    let (mut errs, o) = body_object(&body);
    let r = parse_registration(&o, &mut errs, true);
    errs.finish()?;
    let s = register_one(&st, &caller, &r)?;
    Ok((
        StatusCode::CREATED,
        Json(json!({"server_id": s.id, "status": s.status, "consul_id": s.consul_id})),
    )
        .into_response())
}

// ---------- update / delete (Tier D) ----------

fn update_audit(
    c: &Connection,
    caller: &Caller,
    s: &ServerRow,
    details: Value,
    out: &mut Vec<Event>,
) -> rusqlite::Result<String> {
    let mut ev = caller.audit(NewAudit::new("server_updated", "medium", "server:update"));
    ev.server_id = Some(s.id.clone());
    ev.server_name = Some(s.name.clone());
    ev.details = Some(details);
    ev.resource_type = Some("server");
    ev.resource_id = Some(s.id.clone());
    audit::record(c, ev, out)
}

pub async fn put(
    State(st): State<AppState>,
    caller: Caller,
    ServerId(id): ServerId,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let (mut errs, o) = body_object(&body);
    let r = parse_registration(&o, &mut errs, true);
    errs.finish()?;
    let detail = st.write(|c, out| {
        let old = existing(c, &id)?;
        let ts = now_ts();
        let s = ServerRow {
            name: r.name.clone(),
            description: r.description.clone(),
            transport: r.transport.clone(),
            endpoint: r.endpoint.clone(),
            command: r.command.clone(),
            version: r.version.clone(),
            capabilities: json!(r.capabilities),
            sensitivity_level: r.sensitivity_level.clone(),
            signature: r.signature.clone(),
            metadata: Value::Object(r.metadata.clone()),
            updated_at: ts.clone(),
            ..old.clone()
        };
        db::update_server(c, &s)?;
        // Tools are replaced by name: same names keep their id.
        let existing = db::tools_of(c, &id)?;
        for t in &existing {
            if !r.tools.iter().any(|n| n.name == t.name) {
                db::delete_tool(c, &t.id)?;
            }
        }
        for t in &r.tools {
            match existing.iter().find(|e| e.name == t.name) {
                Some(e) => db::update_tool(
                    c,
                    &ToolRow {
                        description: t.description.clone(),
                        parameters: t.parameters.clone(),
                        sensitivity_level: t.sensitivity_level.clone(),
                        requires_approval: t.requires_approval,
                        signature: t.signature.clone(),
                        is_overridden: false,
                        last_updated: ts.clone(),
                        ..e.clone()
                    },
                )?,
                None => db::insert_tool(c, &new_tool(&id, t, &ts))?,
            }
        }
        if existing.len() != r.tools.len() {
            db::record_history(c, &id, &ts, &s.status, r.tools.len() as i64)?;
        }
        update_audit(
            c,
            &caller,
            &s,
            json!({"operation": "replace", "tool_count": r.tools.len()}),
            out,
        )?;
        load_detail(c, &id)
    })?;
    Ok(Json(detail))
}

pub async fn patch(
    State(st): State<AppState>,
    caller: Caller,
    ServerId(id): ServerId,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let (mut errs, o) = body_object(&body);
    let fields = [
        "name",
        "description",
        "transport",
        "endpoint",
        "command",
        "version",
        "capabilities",
        "sensitivity_level",
        "metadata",
    ];
    let changed: Vec<&str> = fields.iter().copied().filter(|f| o.has(f)).collect();
    let name = o
        .has("name")
        .then(|| o.req_str(&mut errs, "name", 1, Some(255)));
    let description = o
        .has("description")
        .then(|| o.opt_str(&mut errs, "description", Some(1000)));
    let transport = o
        .has("transport")
        .then(|| o.pattern(&mut errs, "transport", &TRANSPORTS, None));
    let endpoint = o
        .has("endpoint")
        .then(|| o.opt_str(&mut errs, "endpoint", Some(500)));
    let command = o
        .has("command")
        .then(|| o.opt_str(&mut errs, "command", Some(500)));
    let version = o
        .has("version")
        .then(|| o.str_or(&mut errs, "version", 0, None, "2025-06-18"));
    let caps = o
        .has("capabilities")
        .then(|| o.str_list(&mut errs, "capabilities"));
    let level = o
        .has("sensitivity_level")
        .then(|| o.pattern(&mut errs, "sensitivity_level", &LEVELS, None));
    let metadata = o
        .has("metadata")
        .then(|| o.obj_or_empty(&mut errs, "metadata"));
    errs.finish()?;
    if changed.is_empty() {
        // `{}` is a no-op by contract (the UI's capability probe): no audit, no frame.
        return Ok(Json(st.read(|c| load_detail(c, &id))?));
    }
    let detail = st.write(|c, out| {
        let old = existing(c, &id)?;
        let mut s = old.clone();
        if let Some(v) = name {
            s.name = v;
        }
        if let Some(v) = description {
            s.description = v;
        }
        if let Some(v) = transport {
            s.transport = v;
        }
        if let Some(v) = endpoint {
            s.endpoint = v;
        }
        if let Some(v) = command {
            s.command = v;
        }
        if let Some(v) = version {
            s.version = v;
        }
        if let Some(v) = caps {
            s.capabilities = json!(v);
        }
        if let Some(v) = level {
            s.sensitivity_level = v;
        }
        if let Some(v) = metadata {
            s.metadata = Value::Object(v);
        }
        s.updated_at = now_ts();
        db::update_server(c, &s)?;
        update_audit(
            c,
            &caller,
            &s,
            json!({"operation": "patch", "fields": changed}),
            out,
        )?;
        load_detail(c, &id)
    })?;
    Ok(Json(detail))
}

pub fn delete_in(
    c: &Connection,
    caller: &Caller,
    id: &str,
    out: &mut Vec<Event>,
) -> Result<(), ApiError> {
    let s = db::get_server(c, id)?.ok_or_else(|| ApiError::not_found("Server not found"))?;
    let ts = now_ts();
    db::delete_server(c, id)?;
    db::record_history(c, id, &ts, "deleted", 0)?;
    let mut ev = caller.audit(NewAudit::new(
        "server_decommissioned",
        "medium",
        "server:delete",
    ));
    ev.server_id = Some(s.id.clone());
    ev.server_name = Some(s.name.clone());
    ev.details = Some(json!({"previous_status": s.status, "deleted": true}));
    ev.resource_type = Some("server");
    ev.resource_id = Some(s.id.clone());
    audit::record(c, ev, out)?;
    out.push(server_status_change(
        &s.id,
        &s.name,
        "decommissioned",
        Some(&s.status),
        &ts,
    ));
    Ok(())
}

pub async fn delete(
    State(st): State<AppState>,
    caller: Caller,
    ServerId(id): ServerId,
) -> ApiResult<StatusCode> {
    st.write(|c, out| delete_in(c, &caller, &id, out))?;
    Ok(StatusCode::NO_CONTENT)
}

/// The server `id`, or SARK's 404 for it.
pub fn existing(c: &Connection, id: &str) -> ApiResult<ServerRow> {
    db::get_server(c, id)?.ok_or_else(|| ApiError::not_found("Server not found"))
}

// ---------- bulk (Tier S) ----------

fn bulk_result(total: usize, ok: Vec<Value>, failed: Vec<Value>) -> Value {
    json!({"total": total, "succeeded": ok.len(), "failed": failed.len(), "succeeded_items": ok, "failed_items": failed})
}

/// Both bulk bodies: 1–100 objects under `key`, each parsed by `item` with its own error path
/// (`body.servers[3].name`), and the failure mode.
fn bulk_items<T>(
    body: &Value,
    key: &str,
    item: impl Fn(&Obj, &mut Errs) -> T,
) -> ApiResult<(Vec<T>, bool)> {
    let (mut errs, o) = body_object(body);
    let items = o
        .req_list(&mut errs, key, 1, Some(100))
        .cloned()
        .unwrap_or_default();
    let fail_first = o.bool_or(&mut errs, "fail_on_first_error", false);
    let parsed = items
        .iter()
        .enumerate()
        .map(|(i, it)| {
            let io = object(it, vec![json!("body"), json!(key), json!(i)], &mut errs);
            item(&io, &mut errs)
        })
        .collect();
    errs.finish()?;
    Ok((parsed, fail_first))
}

pub async fn bulk_register(
    State(st): State<AppState>,
    caller: Caller,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let (regs, fail_first) = bulk_items(&body, "servers", |io, errs| {
        parse_registration(io, errs, false)
    })?;
    Ok(Json(bulk_register_run(&st, &caller, &regs, fail_first)?))
}

pub fn bulk_register_run(
    st: &AppState,
    caller: &Caller,
    regs: &[Registration],
    fail_first: bool,
) -> ApiResult<Value> {
    if fail_first {
        // All-or-nothing: decide everything first; on a denial only the decision events persist.
        let decisions: Vec<_> = regs
            .iter()
            .map(|r| {
                policy::decide(
                    caller.is_admin(),
                    "server:register",
                    Some(&r.sensitivity_level),
                    false,
                )
            })
            .collect();
        if decisions.iter().any(|d| !d.allow) {
            st.write(|c, out| {
                for (r, d) in regs.iter().zip(&decisions) {
                    policy::record(
                        c,
                        caller,
                        d,
                        Subject {
                            action: "server:register".into(),
                            server_name: Some(r.name.clone()),
                            resource_type: Some("server"),
                            ..Default::default()
                        },
                        out,
                    )?;
                }
                Ok(())
            })?;
            let failed = regs
                .iter()
                .map(|r| json!({"name": r.name, "error": "Transaction rolled back due to policy failures"}))
                .collect();
            return Ok(bulk_result(regs.len(), Vec::new(), failed));
        }
    }
    st.write(|c, out| {
        let mut ok = Vec::new();
        let mut failed = Vec::new();
        for r in regs {
            match register_in(c, caller, r, out)? {
                RegisterOutcome::Registered(s) => {
                    ok.push(json!({"server_id": s.id, "name": s.name, "status": s.status}))
                }
                RegisterOutcome::Denied(reason) => failed
                    .push(json!({"name": r.name, "error": format!("Policy denied: {reason}")})),
            }
        }
        Ok(bulk_result(regs.len(), ok, failed))
    })
}

pub async fn bulk_status(
    State(st): State<AppState>,
    caller: Caller,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let (updates, fail_first) = bulk_items(&body, "updates", |io, errs| {
        (
            io.req_str(errs, "server_id", 0, None),
            io.pattern(errs, "status", &SERVER_STATUSES, None),
        )
    })?;
    Ok(Json(bulk_status_run(&st, &caller, &updates, fail_first)?))
}

pub fn bulk_status_run(
    st: &AppState,
    caller: &Caller,
    updates: &[(String, String)],
    fail_first: bool,
) -> ApiResult<Value> {
    st.write(|c, out| {
        let mut ok = Vec::new();
        let mut failed = Vec::new();
        // Resolve every item before changing anything, so all-or-nothing can bail out cleanly.
        let mut resolved = Vec::new();
        for (sid, status) in updates {
            let found = match Uuid::parse_str(sid) {
                Err(_) => Err("badly formed hexadecimal UUID string".to_string()),
                Ok(u) => match db::get_server(c, &u.to_string())? {
                    None => Err(format!("Server {u} not found")),
                    Some(s) => Ok(s),
                },
            };
            resolved.push((sid, status, found));
        }
        if fail_first {
            if let Some(first) = resolved.iter().find_map(|(_, _, r)| r.as_ref().err()) {
                let failed = updates
                    .iter()
                    .map(|(sid, _)| json!({"server_id": sid, "error": format!("Transaction failed: {first}")}))
                    .collect();
                return Ok(bulk_result(updates.len(), Vec::new(), failed));
            }
        }
        for (sid, status, found) in resolved {
            let s = match found {
                Err(e) => {
                    failed.push(json!({"server_id": sid, "error": e}));
                    continue;
                }
                Ok(s) => s,
            };
            apply_status(c, caller, &s, status, true, out)?;
            ok.push(json!({"server_id": s.id, "name": s.name, "status": status}));
        }
        Ok(bulk_result(updates.len(), ok, failed))
    })
}

/// Sets a status with its history row, audit event and (when it changed) live frame.
pub fn apply_status(
    c: &Connection,
    caller: &Caller,
    s: &ServerRow,
    status: &str,
    bulk: bool,
    out: &mut Vec<Event>,
) -> Result<(), ApiError> {
    let ts = now_ts();
    db::set_status(c, &s.id, status, &ts)?;
    if s.status != status {
        db::record_history(c, &s.id, &ts, status, db::tool_count(c, &s.id)?)?;
    }
    let mut ev = caller.audit(NewAudit::new("server_updated", "low", "server:update"));
    ev.server_id = Some(s.id.clone());
    ev.server_name = Some(s.name.clone());
    ev.details =
        Some(json!({"status_change": {"new": status, "old": s.status}, "bulk_operation": bulk}));
    ev.resource_type = Some("server");
    ev.resource_id = Some(s.id.clone());
    audit::record(c, ev, out)?;
    if s.status != status {
        out.push(server_status_change(
            &s.id,
            &s.name,
            status,
            Some(&s.status),
            &ts,
        ));
    }
    Ok(())
}

// ---- JSON shapes (contract 3.2, 3.3) ----

pub fn list_item_json(s: &ServerRow) -> Value {
    json!({
        "id": s.id, "name": s.name, "transport": s.transport, "status": s.status,
        "sensitivity_level": s.sensitivity_level, "created_at": s.created_at,
    })
}

pub fn tool_summary_json(t: &ToolRow) -> Value {
    json!({"id": t.id, "name": t.name, "description": t.description, "sensitivity_level": t.sensitivity_level})
}

pub fn detail_json(s: &ServerRow, tools: &[ToolRow]) -> Value {
    json!({
        "id": s.id, "name": s.name, "description": s.description, "transport": s.transport,
        "endpoint": s.endpoint, "status": s.status, "sensitivity_level": s.sensitivity_level,
        "tools": tools.iter().map(tool_summary_json).collect::<Vec<_>>(),
        "metadata": s.metadata, "created_at": s.created_at,
    })
}

pub fn tool_json(t: &ToolRow) -> Value {
    json!({
        "id": t.id, "name": t.name, "description": t.description, "parameters": t.parameters,
        "sensitivity_level": t.sensitivity_level, "requires_approval": t.requires_approval,
        "created_at": t.created_at,
    })
}
