//! Policy endpoints (CONTRACT §3.6): the tier-S list/evaluate/validate and tier-D CRUD.

use gloo_net::http::Method;

use super::caps::Feature;
use super::models::*;
use super::query::path;
use super::{ApiError, Client, Req};

const POLICIES: &str = "/api/v1/policies";

/// The tier-S list (`prefetch` starts it from the route).
pub const LIST_BASIC: &str = "/api/v1/policy/list";

pub async fn list_basic(client: Client) -> Result<PolicyList, ApiError> {
    client.send(Req::get(LIST_BASIC)).await
}

pub async fn evaluate(client: Client, req: &EvaluateRequest) -> Result<EvaluateResponse, ApiError> {
    client
        .send(Req::with_method(Method::POST, "/api/v1/policy/evaluate").json(req))
        .await
}

pub async fn validate(client: Client, content: &str) -> Result<ValidateResponse, ApiError> {
    let body = ValidateRequest {
        policy_content: content,
    };
    client
        .send(Req::with_method(Method::POST, "/api/v1/policy/validate").json(&body))
        .await
}

pub fn list_req() -> Req {
    Req::get(POLICIES).feature(Feature::PoliciesCrud)
}

pub async fn list(client: Client) -> Result<Policies, ApiError> {
    client.send(list_req()).await
}

pub async fn get(client: Client, id: &str) -> Result<Policy, ApiError> {
    client
        .send(Req::get(path(POLICIES, &[id])).feature(Feature::PoliciesCrud))
        .await
}

/// Creates the policy `id` (`new`: `POST /api/v1/policies`, the id in the body) or replaces it
/// (`PUT /api/v1/policies/{id}`).
pub async fn save(
    client: Client,
    new: bool,
    id: &str,
    name: Option<&str>,
    content: &str,
) -> Result<Policy, ApiError> {
    let body = PolicyWrite {
        id: new.then_some(id),
        name,
        content,
    };
    let req = match new {
        true => Req::with_method(Method::POST, POLICIES),
        false => Req::with_method(Method::PUT, path(POLICIES, &[id])),
    };
    client
        .send(req.json(&body).feature(Feature::PoliciesCrud))
        .await
}

pub async fn delete(client: Client, id: &str) -> Result<(), ApiError> {
    client
        .send_no_content(
            Req::with_method(Method::DELETE, path(POLICIES, &[id])).feature(Feature::PoliciesCrud),
        )
        .await
}
