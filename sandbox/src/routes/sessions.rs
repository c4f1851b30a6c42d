//! The caller's sign-in sessions (Tier D, contract 3.11).

use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};

use crate::auth::Caller;
use crate::errors::ApiResult;
use crate::state::AppState;
use crate::store::sessions::{self, SessionRow};

pub async fn list(State(st): State<AppState>, caller: Caller) -> ApiResult<Json<Value>> {
    let rows = st.read(|c| Ok(sessions::of_user(c, &caller.user_id.to_string())?))?;
    let items: Vec<Value> = rows.iter().map(session_json).collect();
    Ok(Json(json!({"total": items.len(), "sessions": items})))
}

/// One session as SARK lists it.
fn session_json(s: &SessionRow) -> Value {
    json!({
        "session_id": s.session_id, "user_id": s.user_id, "created_at": s.created_at,
        "expires_at": s.expires_at, "last_activity": s.last_activity, "provider": s.provider,
        "ip_address": s.ip_address, "user_agent": s.user_agent, "is_expired": false,
    })
}
