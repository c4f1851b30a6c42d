//! Policy endpoints (CONTRACT §3.6): the tier-S list/evaluate/validate and tier-D CRUD.

use gloo_net::http::Method;

use super::models::*;
use super::{ApiError, Client, Req};

pub async fn list_basic(client: Client) -> Result<PolicyList, ApiError> {
    client.get(Req::get("/api/v1/policy/list")).await
}

pub async fn evaluate(client: Client, req: &EvaluateRequest) -> Result<EvaluateResponse, ApiError> {
    client
        .send(Req::with_method(Method::POST, "/api/v1/policy/evaluate").json(req))
        .await
}

pub async fn validate(client: Client, content: &str) -> Result<ValidateResponse, ApiError> {
    let body = serde_json::json!({ "policy_content": content });
    client
        .send(Req::with_method(Method::POST, "/api/v1/policy/validate").json(&body))
        .await
}

pub async fn list(client: Client) -> Result<Policies, ApiError> {
    client.get(Req::get("/api/v1/policies")).await
}

pub async fn get(client: Client, id: &str) -> Result<Policy, ApiError> {
    client
        .get(Req::get(format!(
            "/api/v1/policies/{}",
            super::query::encode_component(id)
        )))
        .await
}

pub async fn create(
    client: Client,
    id: &str,
    name: Option<&str>,
    content: &str,
) -> Result<Policy, ApiError> {
    let body = serde_json::json!({ "id": id, "name": name, "content": content });
    client
        .send(Req::with_method(Method::POST, "/api/v1/policies").json(&body))
        .await
}

pub async fn update(
    client: Client,
    id: &str,
    name: Option<&str>,
    content: &str,
) -> Result<Policy, ApiError> {
    let body = serde_json::json!({ "name": name, "content": content });
    let path = format!("/api/v1/policies/{}", super::query::encode_component(id));
    client
        .send(Req::with_method(Method::PUT, path).json(&body))
        .await
}

pub async fn delete(client: Client, id: &str) -> Result<(), ApiError> {
    let path = format!("/api/v1/policies/{}", super::query::encode_component(id));
    client
        .send_no_content(Req::with_method(Method::DELETE, path))
        .await
}
