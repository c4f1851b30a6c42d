//! Policy endpoints (CONTRACT §3.6): the tier-S list/evaluate/validate and tier-D CRUD.

use gloo_net::http::Method;

use super::caps::Feature;
use super::models::*;
use super::query::path;
use super::{ApiError, Client, Req};

const POLICIES: &str = "/api/v1/policies";

pub fn list_basic_req() -> Req {
    Req::get("/api/v1/policy/list")
}

pub async fn list_basic(client: Client) -> Result<PolicyList, ApiError> {
    client.send(list_basic_req()).await
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

pub async fn create(
    client: Client,
    id: &str,
    name: Option<&str>,
    content: &str,
) -> Result<Policy, ApiError> {
    let body = PolicyWrite {
        id: Some(id),
        name,
        content,
    };
    write(client, Method::POST, POLICIES.to_owned(), &body).await
}

pub async fn update(
    client: Client,
    id: &str,
    name: Option<&str>,
    content: &str,
) -> Result<Policy, ApiError> {
    let body = PolicyWrite {
        id: None,
        name,
        content,
    };
    write(client, Method::PUT, path(POLICIES, &[id]), &body).await
}

async fn write(
    client: Client,
    method: Method,
    url: String,
    body: &PolicyWrite<'_>,
) -> Result<Policy, ApiError> {
    let req = Req::with_method(method, url).json(body);
    client.send(req.feature(Feature::PoliciesCrud)).await
}

pub async fn delete(client: Client, id: &str) -> Result<(), ApiError> {
    client
        .send_no_content(
            Req::with_method(Method::DELETE, path(POLICIES, &[id])).feature(Feature::PoliciesCrud),
        )
        .await
}
