//! Audit endpoints (CONTRACT §3.10, tier D).

use super::caps::Feature;
use super::models::{AuditMetrics, AuditPage};
use super::{ApiError, Client, Req};

/// Filters and page of `GET /api/v1/audit/events`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AuditQuery {
    pub limit: u32,
    pub offset: u64,
    pub event_type: Option<String>,
    pub decision: Option<String>,
    pub start_time: Option<String>,
    pub end_time: Option<String>,
    pub user_email: Option<String>,
    pub server_name: Option<String>,
}

impl AuditQuery {
    pub fn to_req(&self) -> Req {
        Req::get("/api/v1/audit/events")
            .query("limit", self.limit.clamp(1, 1000).to_string())
            .query("offset", self.offset.to_string())
            .query_opt("event_type", self.event_type.clone())
            .query_opt("decision", self.decision.clone())
            .query_opt("start_time", self.start_time.clone())
            .query_opt("end_time", self.end_time.clone())
            .query_opt("user_email", self.user_email.clone())
            .query_opt("server_name", self.server_name.clone())
    }
}

pub fn events_req(q: &AuditQuery) -> Req {
    q.to_req().feature(Feature::AuditEvents)
}

pub async fn events(client: Client, q: &AuditQuery) -> Result<AuditPage, ApiError> {
    client.send(events_req(q)).await
}

pub async fn metrics(client: Client, period: &str) -> Result<AuditMetrics, ApiError> {
    client
        .send(
            Req::get("/api/v1/audit/metrics")
                .query("period", period)
                .feature(Feature::AuditMetrics),
        )
        .await
}
