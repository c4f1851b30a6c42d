//! Tool sensitivity endpoints (CONTRACT §3.7).

use gloo_net::http::Method;

use super::models::*;
use super::query::path;
use super::{ApiError, Client, Req};

const TOOLS: &str = "/api/v1/tools";

/// Tools per sensitivity level (`prefetch` starts it from the dashboard's route).
pub const STATISTICS: &str = "/api/v1/tools/statistics/sensitivity";

pub async fn statistics(client: Client) -> Result<ToolStatistics, ApiError> {
    client.send(Req::get(STATISTICS)).await
}

pub async fn sensitivity(client: Client, tool_id: &str) -> Result<SensitivityInfo, ApiError> {
    client
        .send(Req::get(path(TOOLS, &[tool_id, "sensitivity"])))
        .await
}

pub async fn override_sensitivity(
    client: Client,
    tool_id: &str,
    level: &Sensitivity,
    reason: Option<&str>,
) -> Result<SensitivityInfo, ApiError> {
    let body = SensitivityOverride {
        sensitivity_level: level,
        reason,
    };
    client
        .send(Req::with_method(Method::POST, path(TOOLS, &[tool_id, "sensitivity"])).json(&body))
        .await
}

pub async fn history(client: Client, tool_id: &str) -> Result<Vec<HistoryEntry>, ApiError> {
    client
        .send(Req::get(path(TOOLS, &[tool_id, "sensitivity", "history"])))
        .await
}
