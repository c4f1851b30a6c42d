//! The caller's sign-in sessions (Tier D, contract 3.11).

use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};

use crate::auth::Caller;
use crate::errors::ApiResult;
use crate::state::AppState;
use crate::store::sessions;

pub async fn list(State(st): State<AppState>, caller: Caller) -> ApiResult<Json<Value>> {
    let rows = st.read(|c| Ok(sessions::of_user(c, &caller.user_id.to_string())?))?;
    let items: Vec<Value> = rows.iter().map(sessions::to_json).collect();
    Ok(Json(json!({"total": items.len(), "sessions": items})))
}
