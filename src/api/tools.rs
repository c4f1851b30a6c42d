//! Tool sensitivity endpoints (CONTRACT §3.7).

use gloo_net::http::Method;

use super::models::*;
use super::{ApiError, Client, Req};

pub async fn statistics(client: Client) -> Result<ToolStatistics, ApiError> {
    client
        .get(Req::get("/api/v1/tools/statistics/sensitivity"))
        .await
}

pub async fn sensitivity(client: Client, tool_id: &str) -> Result<SensitivityInfo, ApiError> {
    client
        .get(Req::get(format!("/api/v1/tools/{tool_id}/sensitivity")))
        .await
}

pub async fn override_sensitivity(
    client: Client,
    tool_id: &str,
    level: &Sensitivity,
    reason: Option<&str>,
) -> Result<SensitivityInfo, ApiError> {
    let body = serde_json::json!({ "sensitivity_level": level, "reason": reason });
    client
        .send(
            Req::with_method(Method::POST, format!("/api/v1/tools/{tool_id}/sensitivity"))
                .json(&body),
        )
        .await
}

pub async fn history(client: Client, tool_id: &str) -> Result<Vec<HistoryEntry>, ApiError> {
    client
        .get(Req::get(format!(
            "/api/v1/tools/{tool_id}/sensitivity/history"
        )))
        .await
}
