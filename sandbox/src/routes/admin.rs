//! Test-only admin API under `/__sandbox/` (mounted only with `--enable-test-admin`).

use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};

use crate::errors::ApiResult;
use crate::faults::Faults;
use crate::state::AppState;
use crate::validate::{body_object, JsonBody};

pub async fn get_faults(State(st): State<AppState>) -> Json<Value> {
    Json(json!(st.faults()))
}

pub async fn put_faults(
    State(st): State<AppState>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let f = Faults::from_json(&body)?;
    *st.faults.write().unwrap_or_else(|e| e.into_inner()) = f.clone();
    tracing::info!(?f, "faults updated");
    Ok(Json(json!(f)))
}

pub async fn get_mode(State(st): State<AppState>) -> Json<Value> {
    Json(json!({"tier_s_only": st.tier_s_only()}))
}

pub async fn put_mode(
    State(st): State<AppState>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let (mut errs, o) = body_object(&body);
    if !o.has("tier_s_only") {
        o.req_str(&mut errs, "tier_s_only", 0, None);
    }
    let v = o.bool_or(&mut errs, "tier_s_only", false);
    errs.finish()?;
    st.set_tier_s_only(v);
    tracing::info!(tier_s_only = v, "mode updated");
    Ok(Json(json!({"tier_s_only": v})))
}

pub async fn reset(st: State<AppState>) -> ApiResult<Json<Value>> {
    crate::seed::reseed(&st)?;
    let counts = st.read(|c| {
        let n = |sql: &str| c.query_row(sql, [], |r| r.get::<_, i64>(0));
        Ok(json!({"servers": n("SELECT COUNT(*) FROM servers")?, "audit_events": n("SELECT COUNT(*) FROM audit_events")?}))
    })?;
    Ok(Json(json!({"reset": true, "counts": counts})))
}
