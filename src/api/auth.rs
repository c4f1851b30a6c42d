//! Authentication endpoints (CONTRACT §2). Their 401s are answers, not expired sessions.

use gloo_net::http::Method;

use super::caps::Feature;
use super::models::{LoginRequest, MetricsSummary, RefreshRequest, TokenResponse, UserInfo};
use super::{ApiError, Client, Req};

pub async fn login(
    client: Client,
    username: &str,
    password: &str,
) -> Result<TokenResponse, ApiError> {
    let req = Req::with_method(Method::POST, "/api/v1/auth/login/ldap")
        .json(&LoginRequest { username, password })
        .feature(Feature::LoginLdap);
    client.send(req.unbound()).await
}

/// Empty body uses the HttpOnly refresh cookie (sandbox); a body token is SARK's documented form.
pub async fn refresh(
    client: Client,
    refresh_token: Option<String>,
) -> Result<TokenResponse, ApiError> {
    client
        .send(
            Req::with_method(Method::POST, "/api/v1/auth/refresh")
                .json(&RefreshRequest { refresh_token })
                .unbound()
                .feature(Feature::Refresh),
        )
        .await
}

/// Ends the server-side session; its answer body is not needed.
pub async fn logout(client: Client, refresh_token: Option<String>) -> Result<(), ApiError> {
    client
        .send_no_content(
            Req::with_method(Method::POST, "/api/v1/auth/logout")
                .json(&RefreshRequest { refresh_token })
                .unbound(),
        )
        .await
}

/// The server's view of the signed-in user (§2.4, tier D).
pub async fn me(client: Client) -> Result<UserInfo, ApiError> {
    client
        .send(Req::get("/api/v1/auth/me").feature(Feature::Me))
        .await
}

/// §2.7 step 3: a strict endpoint tells whether SARK accepts a pasted token.
pub async fn verify_token(client: Client, token: &str) -> Result<MetricsSummary, ApiError> {
    client
        .send(Req::get("/api/v1/metrics/summary").bearer(token))
        .await
}
