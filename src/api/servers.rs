//! Server registry endpoints (CONTRACT §3.2–3.5).

use gloo_net::http::Method;
use serde_json::Value;

use super::caps::Feature;
use super::models::*;
use super::query::path;
use super::{ApiError, Client, Req};

const SERVERS: &str = "/api/v1/servers";

/// Filters, sort and page of the server list, as sent to `GET /api/v1/servers/`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ServerQuery {
    pub limit: u32,
    pub cursor: Option<String>,
    pub ascending: bool,
    pub status: Vec<ServerStatus>,
    pub sensitivity: Vec<Sensitivity>,
    pub tags: Vec<String>,
    pub search: String,
    pub include_total: bool,
}

impl ServerQuery {
    pub fn to_req(&self) -> Req {
        // Comma lists; B13: only enum values are ever sent.
        let join = |v: Vec<&str>| (!v.is_empty()).then(|| v.join(","));
        let status = self
            .status
            .iter()
            .filter(|s| !matches!(s, ServerStatus::Unknown(_)));
        let sensitivity =
            (self.sensitivity.iter()).filter(|s| !matches!(s, Sensitivity::Unknown(_)));
        Req::get("/api/v1/servers/")
            .query("limit", self.limit.clamp(1, 200).to_string())
            .query("sort_order", if self.ascending { "asc" } else { "desc" })
            .query_opt("cursor", self.cursor.clone())
            .query_opt("status", join(status.map(|s| s.as_str()).collect()))
            .query_opt(
                "sensitivity",
                join(sensitivity.map(|s| s.as_str()).collect()),
            )
            .query_opt("tags", join(self.tags.iter().map(String::as_str).collect()))
            .query_opt(
                "search",
                (!self.search.trim().is_empty()).then(|| self.search.trim().to_owned()),
            )
            .query_opt("include_total", self.include_total.then_some("true"))
    }

    pub fn has_filters(&self) -> bool {
        !self.status.is_empty()
            || !self.sensitivity.is_empty()
            || !self.tags.is_empty()
            || !self.search.trim().is_empty()
    }
}

pub async fn list(client: Client, q: &ServerQuery) -> Result<ServerPage, ApiError> {
    client.send(q.to_req()).await
}

pub fn detail_req(id: &str) -> Req {
    Req::get(path(SERVERS, &[id]))
}

pub async fn detail(client: Client, id: &str) -> Result<ServerDetail, ApiError> {
    client.send(detail_req(id)).await
}

pub async fn register(
    client: Client,
    reg: &ServerRegistration,
) -> Result<RegisterResponse, ApiError> {
    client
        .send(Req::with_method(Method::POST, "/api/v1/servers/").json(reg))
        .await
}

/// The only tier-S way to change status; up to 100 items per request (§3.5).
pub async fn bulk_status(client: Client, updates: &[StatusUpdate]) -> Result<BulkResult, ApiError> {
    let mut total = BulkResult {
        total: 0,
        succeeded: 0,
        failed: 0,
        succeeded_items: vec![],
        failed_items: vec![],
    };
    for chunk in updates.chunks(100) {
        let body = BulkStatusRequest {
            updates: chunk,
            fail_on_first_error: false,
        };
        let r: BulkResult = client
            .send(Req::with_method(Method::PATCH, "/api/v1/bulk/servers/status").json(&body))
            .await?;
        total.total += r.total;
        total.succeeded += r.succeeded;
        total.failed += r.failed;
        total.succeeded_items.extend(r.succeeded_items);
        total.failed_items.extend(r.failed_items);
    }
    Ok(total)
}

/// Tier D: tools with parameters and the approval flag.
pub async fn tools(client: Client, id: &str) -> Result<ToolList, ApiError> {
    client
        .send(Req::get(path(SERVERS, &[id, "tools"])).feature(Feature::ServerTools))
        .await
}

/// Tier D: partial update. Never sent to find out whether editing exists (§6.0): a 404/405
/// answer to a real edit records `server_edit` as absent.
pub async fn patch(
    client: Client,
    id: &str,
    changes: &ServerChanges,
) -> Result<ServerDetail, ApiError> {
    client
        .send(
            Req::with_method(Method::PATCH, path(SERVERS, &[id]))
                .json(changes)
                .feature(Feature::ServerEdit),
        )
        .await
}

/// Tier D (served with edit, §3.4).
pub async fn delete(client: Client, id: &str) -> Result<(), ApiError> {
    client
        .send_no_content(
            Req::with_method(Method::DELETE, path(SERVERS, &[id])).feature(Feature::ServerEdit),
        )
        .await
}

/// Tier D.
pub async fn invoke(
    client: Client,
    id: &str,
    tool: &str,
    args: &Value,
) -> Result<InvokeResult, ApiError> {
    let req = Req::with_method(Method::POST, path(SERVERS, &[id, "tools", tool, "invoke"]))
        .json(args)
        .feature(Feature::ToolInvoke);
    client.send(req).await
}

/// Tier-D extras of the detail page (§6.2 step 3): the tools with parameters and approval flag
/// (where `server_tools` is not known to be absent; without an OpenAPI document this first
/// real request is the probe), and whether Edit/Delete may be offered. `server_edit` is never
/// probed with a write: it comes from the document, or is assumed until a real edit answers
/// 404/405.
pub async fn tier_d(client: Client, id: &str) -> (Option<Vec<Tool>>, bool) {
    use leptos::prelude::WithUntracked;
    let (tools_cap, edit_cap) = client
        .caps
        .with_untracked(|c| (c.server_tools, c.server_edit));
    let tools = if tools_cap.is_absent() {
        None
    } else {
        tools(client, id).await.ok().map(|l| l.tools)
    };
    (tools, !edit_cap.is_absent())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_request_uses_canonical_path_and_enum_values_only() {
        let q = ServerQuery {
            limit: 500,
            status: vec![ServerStatus::Active, ServerStatus::Unknown("error".into())],
            sensitivity: vec![Sensitivity::High, Sensitivity::Critical],
            search: "  zürich ".into(),
            include_total: true,
            ..Default::default()
        };
        let r = q.to_req();
        assert_eq!(r.path, "/api/v1/servers/");
        assert_eq!(
            super::super::query::encode(&r.query),
            "?limit=200&sort_order=desc&status=active&sensitivity=high%2Ccritical&search=z%C3%BCrich&include_total=true"
        );
    }
}
