//! Health endpoints (CONTRACT §3.1): public, trailing slash on the root only.

use super::models::{DetailedHealth, HealthInfo};
use super::{ApiError, Client, Req};

pub async fn root(client: Client) -> Result<HealthInfo, ApiError> {
    client.send(Req::get("/health/")).await
}

pub const DETAILED: &str = "/health/detailed";

pub async fn detailed(client: Client) -> Result<DetailedHealth, ApiError> {
    client.send(Req::get(DETAILED)).await
}

/// How the dashboard should show one dependency.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DependencyView {
    Healthy,
    Unhealthy(String),
    /// B3: SARK 2.0 reports OPA unhealthy because of its own serialisation bug.
    Unknown(String),
}

pub fn dependency_view(name: &str, dep: &super::models::DependencyStatus) -> DependencyView {
    if dep.healthy {
        return DependencyView::Healthy;
    }
    let err = dep.error.clone().unwrap_or_default();
    if name == "opa" && err.contains("validation error for DependencyStatus") {
        DependencyView::Unknown("Policy engine: status unknown (server reporting issue)".into())
    } else if err.is_empty() {
        DependencyView::Unhealthy("Unhealthy".into())
    } else {
        DependencyView::Unhealthy(err)
    }
}
