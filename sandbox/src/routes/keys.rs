//! API key management (Tier D, contract 3.12). Users manage their own keys; admins manage all.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use rusqlite::Connection;
use serde_json::{json, Value};
use time::Duration;

use super::RawQuery;
use crate::auth::Caller;
use crate::errors::{ApiError, ApiResult};
use crate::events::Event;
use crate::state::AppState;
use crate::store::audit::{self, NewAudit};
use crate::store::keys::{self as db, KeyRow};
use crate::users::KEY_SCOPES;
use crate::util::{fmt_ts, now, now_ts};
use crate::validate::{body_object, JsonBody, KeyId, Query};

const ENVS: [&str; 3] = ["live", "test", "dev"];

fn check_scopes(scopes: &[String]) -> Result<(), ApiError> {
    let bad: Vec<String> = scopes
        .iter()
        .filter(|s| !KEY_SCOPES.contains(&s.as_str()))
        .map(|s| format!("'{s}'"))
        .collect();
    if bad.is_empty() {
        Ok(())
    } else {
        // Worded like the Python set SARK prints.
        Err(ApiError::bad_request(format!(
            "Invalid scopes: {{{}}}",
            bad.join(", ")
        )))
    }
}

fn key_audit(
    c: &Connection,
    caller: &Caller,
    k: &KeyRow,
    change: &str,
    out: &mut Vec<Event>,
) -> rusqlite::Result<String> {
    let mut ev = caller.audit(NewAudit::new(
        "configuration_changed",
        "medium",
        format!("api_key:{change}"),
    ));
    ev.details = Some(json!({"api_key_id": k.id, "change": change, "key_prefix": k.key_prefix}));
    ev.resource_type = Some("api_key");
    ev.resource_id = Some(k.id.clone());
    audit::record(c, ev, out)
}

/// Loads a key the caller may act on; `verb` picks the 403 wording.
fn owned(c: &Connection, caller: &Caller, id: &str, verb: &str) -> Result<KeyRow, ApiError> {
    let k = db::get(c, id)?.ok_or_else(|| ApiError::not_found("API key not found"))?;
    if k.user_id != caller.user_id.to_string() && !caller.is_admin() {
        return Err(ApiError::forbidden(format!(
            "Access denied: You can only {verb} your own API keys"
        )));
    }
    Ok(k)
}

pub async fn create(
    State(st): State<AppState>,
    caller: Caller,
    JsonBody(body): JsonBody,
) -> ApiResult<Response> {
    let (mut errs, o) = body_object(&body);
    let name = o.req_str(&mut errs, "name", 1, Some(255));
    let description = o.opt_str(&mut errs, "description", None);
    let scopes = if o.has("scopes") {
        o.list(&mut errs, "scopes", 1, None);
        o.str_list(&mut errs, "scopes")
    } else {
        o.req_list(&mut errs, "scopes", 1, None);
        Vec::new()
    };
    let team_id = o.opt_uuid(&mut errs, "team_id");
    let rate_limit = o
        .opt_int(&mut errs, "rate_limit", 1, 10_000)
        .unwrap_or(1000);
    let expires_days = o.opt_int(&mut errs, "expires_in_days", 1, 365);
    let env = o.enumeration(&mut errs, "environment", &ENVS, Some("live"));
    errs.finish()?;
    check_scopes(&scopes)?;
    let (key, prefix, hash) = db::generate(&env);
    let t = now();
    let row = KeyRow {
        id: uuid::Uuid::new_v4().to_string(),
        user_id: caller.user_id.to_string(),
        team_id: team_id.map(|t| t.to_string()),
        name,
        description,
        key_prefix: prefix,
        key_hash: hash,
        scopes,
        rate_limit,
        is_active: true,
        expires_at: expires_days.map(|d| fmt_ts(t + Duration::days(d))),
        last_used_at: None,
        last_used_ip: None,
        usage_count: 0,
        created_at: fmt_ts(t),
        updated_at: fmt_ts(t),
        revoked_at: None,
        environment: env,
        owner: caller.owner_json(),
    };
    st.write(|c, out| {
        db::insert(c, &row)?;
        key_audit(c, &caller, &row, "created", out)?;
        Ok(())
    })?;
    Ok((
        StatusCode::CREATED,
        Json(json!({"api_key": key_json(&row), "key": key,
                    "message": "API key created successfully. Save this key securely - it will not be shown again."})),
    )
        .into_response())
}

pub async fn list(
    State(st): State<AppState>,
    caller: Caller,
    q: RawQuery,
) -> ApiResult<Json<Value>> {
    let mut q = Query::new(q.0);
    let include_revoked = q.boolean("include_revoked", false);
    let team = q.uuid("team_id").map(|t| t.to_string());
    q.finish()?;
    let me = caller.user_id.to_string();
    let rows = st.read(|c| Ok(db::list(c)?))?;
    let items: Vec<Value> = rows
        .iter()
        .filter(|k| caller.is_admin() || k.user_id == me)
        .filter(|k| include_revoked || k.revoked_at.is_none())
        .filter(|k| team.is_none() || k.team_id == team)
        .map(key_json)
        .collect();
    Ok(Json(Value::Array(items)))
}

pub async fn get_one(
    State(st): State<AppState>,
    caller: Caller,
    KeyId(id): KeyId,
) -> ApiResult<Json<Value>> {
    let k = st.read(|c| owned(c, &caller, &id, "access"))?;
    Ok(Json(key_json(&k)))
}

pub async fn patch(
    State(st): State<AppState>,
    caller: Caller,
    KeyId(id): KeyId,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let (mut errs, o) = body_object(&body);
    let name = o
        .has("name")
        .then(|| o.req_str(&mut errs, "name", 1, Some(255)));
    let description = o
        .has("description")
        .then(|| o.opt_str(&mut errs, "description", None));
    let scopes = o.has("scopes").then(|| {
        o.list(&mut errs, "scopes", 1, None);
        o.str_list(&mut errs, "scopes")
    });
    let rate_limit = o.opt_int(&mut errs, "rate_limit", 1, 10_000);
    let is_active = o.opt_bool(&mut errs, "is_active");
    errs.finish()?;
    if let Some(s) = &scopes {
        check_scopes(s)?;
    }
    let k = st.write(|c, out| {
        let mut k = owned(c, &caller, &id, "update")?;
        if k.revoked_at.is_some() && is_active == Some(true) {
            return Err(ApiError::bad_request("Cannot reactivate a revoked API key"));
        }
        if let Some(v) = name {
            k.name = v;
        }
        if let Some(v) = description {
            k.description = v;
        }
        if let Some(v) = scopes {
            k.scopes = v;
        }
        if let Some(v) = rate_limit {
            k.rate_limit = v;
        }
        if let (Some(v), None) = (is_active, &k.revoked_at) {
            k.is_active = v;
        }
        k.updated_at = now_ts();
        db::update(c, &k)?;
        key_audit(c, &caller, &k, "updated", out)?;
        Ok(k)
    })?;
    Ok(Json(key_json(&k)))
}

pub async fn rotate(
    State(st): State<AppState>,
    caller: Caller,
    KeyId(id): KeyId,
    q: RawQuery,
) -> ApiResult<Json<Value>> {
    let mut q = Query::new(q.0);
    let env = q
        .enumeration("environment", &ENVS, Some("live"))
        .unwrap_or_else(|| "live".into());
    q.finish()?;
    let (key, k) = st.write(|c, out| {
        let mut k = owned(c, &caller, &id, "rotate")?;
        if k.revoked_at.is_some() {
            return Err(ApiError::bad_request("Cannot rotate a revoked API key"));
        }
        let (key, prefix, hash) = db::generate(&env);
        k.key_prefix = prefix;
        k.key_hash = hash;
        k.environment = env.clone();
        k.updated_at = now_ts();
        db::update(c, &k)?;
        key_audit(c, &caller, &k, "rotated", out)?;
        Ok((key, k))
    })?;
    Ok(Json(json!({"api_key": key_json(&k), "key": key,
                   "message": "API key rotated successfully. Save this key securely - it will not be shown again."})))
}

pub async fn revoke(
    State(st): State<AppState>,
    caller: Caller,
    KeyId(id): KeyId,
) -> ApiResult<StatusCode> {
    st.write(|c, out| {
        let mut k = owned(c, &caller, &id, "revoke")?;
        if k.revoked_at.is_none() {
            let ts = now_ts();
            k.revoked_at = Some(ts.clone());
            k.is_active = false;
            k.updated_at = ts;
            db::update(c, &k)?;
            key_audit(c, &caller, &k, "revoked", out)?;
        }
        Ok(())
    })?;
    Ok(StatusCode::NO_CONTENT)
}

/// An API key as SARK answers it (never the hash).
fn key_json(k: &KeyRow) -> Value {
    json!({
        "id": k.id, "user_id": k.user_id, "team_id": k.team_id, "name": k.name,
        "description": k.description, "key_prefix": k.key_prefix, "scopes": k.scopes,
        "rate_limit": k.rate_limit, "is_active": k.is_active, "expires_at": k.expires_at,
        "last_used_at": k.last_used_at, "last_used_ip": k.last_used_ip, "usage_count": k.usage_count,
        "created_at": k.created_at, "updated_at": k.updated_at, "revoked_at": k.revoked_at,
    })
}
