//! Sign-in endpoints (Tier D, contract 2.2–2.6).

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde_json::{json, Value};
use time::Duration;

use crate::auth::Caller;
use crate::csrf::cookie;
use crate::errors::{ApiError, ApiResult};
use crate::jwt;
use crate::state::AppState;
use crate::store::audit::{self, NewAudit};
use crate::store::sessions::{self, SessionRow};
use crate::users;
use crate::util::{fmt_ts, now, random_token, sha256_hex, unix};
use crate::validate::{body_object, object, Errs, JsonBody};

const COOKIE: &str = "sark_refresh_token";

fn secure(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("https"))
}

fn set_cookie(resp: &mut Response, value: &str, max_age: i64, secure: bool) {
    let mut c = format!(
        "{COOKIE}={value}; HttpOnly; SameSite=Strict; Path=/api/v1/auth; Max-Age={max_age}"
    );
    if secure {
        c.push_str("; Secure");
    }
    if let Ok(v) = HeaderValue::from_str(&c) {
        resp.headers_mut().append(header::SET_COOKIE, v);
    }
}

/// Signs an access token carrying the identity claims stored with a session.
fn access_token(st: &AppState, identity: &Value) -> String {
    let t = unix(now());
    let mut claims = identity.clone();
    if let Some(o) = claims.as_object_mut() {
        o.insert("type".into(), json!("access"));
        o.insert("iat".into(), json!(t));
        o.insert("exp".into(), json!(t + st.cfg.access_ttl));
        o.insert("jti".into(), json!(uuid::Uuid::new_v4().to_string()));
    }
    jwt::sign(&claims, &st.secret)
}

fn user_agent(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

pub async fn login(
    State(st): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    JsonBody(body): JsonBody,
) -> ApiResult<Response> {
    let (mut errs, o) = body_object(&body);
    let username = o.req_str(&mut errs, "username", 0, None);
    let password = o.req_str(&mut errs, "password", 0, None);
    errs.finish()?;
    let user = users::by_username(&username)
        .filter(|u| crate::util::ct_eq(u.password.as_bytes(), password.as_bytes()));
    let Some(user) = user else {
        st.write(|c, out| {
            let mut ev = NewAudit::new("user_login", "medium", "user:login");
            ev.user_id = users::by_username(&username).map(|u| u.id.to_string());
            ev.user_email = Some(
                users::by_username(&username).map_or(username.clone(), |u| u.email.to_string()),
            );
            ev.decision = Some("deny");
            ev.ip_address = Some(peer.ip().to_string());
            ev.reason = Some("Invalid username or password".into());
            ev.details = Some(json!({"username": username, "provider": "ldap"}));
            ev.resource_type = Some("user");
            audit::record(c, ev, out)?;
            Ok(())
        })?;
        return Err(ApiError::detail(
            axum::http::StatusCode::UNAUTHORIZED,
            "Invalid username or password",
        ));
    };
    let mut caller = Caller::from_user(user);
    caller.ip = Some(peer.ip().to_string());
    let t = now();
    let identity = jwt::claims_for(user, "access", 0, 0);
    let refresh = random_token(32);
    let session = SessionRow {
        session_id: uuid::Uuid::new_v4().to_string(),
        user_id: user.id.to_string(),
        created_at: fmt_ts(t),
        expires_at: fmt_ts(t + Duration::seconds(st.cfg.refresh_ttl)),
        last_activity: fmt_ts(t),
        provider: "ldap".into(),
        ip_address: Some(peer.ip().to_string()),
        user_agent: user_agent(&headers),
        refresh_hash: sha256_hex(&refresh),
        ended: false,
        claims: identity.clone(),
    };
    st.write(|c, out| {
        sessions::insert(c, &session)?;
        let mut ev = caller.audit(NewAudit::new("user_login", "low", "user:login"));
        ev.decision = Some("allow");
        ev.details = Some(json!({"provider": "ldap", "session_id": session.session_id}));
        ev.resource_type = Some("user");
        ev.resource_id = Some(user.id.to_string());
        audit::record(c, ev, out)?;
        Ok(())
    })?;
    let body = json!({
        "access_token": access_token(&st, &identity),
        "token_type": "bearer",
        "expires_in": st.cfg.access_ttl,
        "refresh_token": refresh,
        "user": {"user_id": user.id, "username": user.username, "email": user.email,
                 "roles": user.roles, "teams": user.teams},
    });
    let mut resp = Json(body).into_response();
    set_cookie(&mut resp, &refresh, st.cfg.refresh_ttl, secure(&headers));
    Ok(resp)
}

/// The refresh token from the body (precedence) or the HttpOnly cookie.
fn presented_token(body: &Value, headers: &HeaderMap) -> Result<Option<String>, ApiError> {
    if !body.is_null() {
        let mut errs = Errs::new();
        let o = object(body, vec![json!("body")], &mut errs);
        let t = o.opt_str(&mut errs, "refresh_token", None);
        errs.finish()?;
        if let Some(t) = t.filter(|t| !t.is_empty()) {
            return Ok(Some(t));
        }
    }
    Ok(cookie(headers, COOKIE).filter(|t| !t.is_empty()))
}

pub async fn refresh(
    State(st): State<AppState>,
    headers: HeaderMap,
    JsonBody(body): JsonBody,
) -> ApiResult<Response> {
    let invalid = || {
        ApiError::detail(
            axum::http::StatusCode::UNAUTHORIZED,
            "Invalid or expired refresh token",
        )
    };
    let token = presented_token(&body, &headers)?.ok_or_else(invalid)?;
    let new_refresh = random_token(32);
    let session = st.write(|c, _out| {
        let s = sessions::by_refresh(c, &sha256_hex(&token))?.ok_or_else(invalid)?;
        // Rotation: the presented token stops working now.
        let expires = fmt_ts(now() + Duration::seconds(st.cfg.refresh_ttl));
        sessions::rotate(c, &s.session_id, &sha256_hex(&new_refresh), &expires)?;
        Ok(s)
    })?;
    let body = json!({
        "access_token": access_token(&st, &session.claims),
        "token_type": "bearer",
        "expires_in": st.cfg.access_ttl,
        "refresh_token": new_refresh,
    });
    let mut resp = Json(body).into_response();
    set_cookie(
        &mut resp,
        &new_refresh,
        st.cfg.refresh_ttl,
        secure(&headers),
    );
    Ok(resp)
}

pub async fn logout(
    State(st): State<AppState>,
    caller: Option<Extension<Caller>>,
    headers: HeaderMap,
    JsonBody(body): JsonBody,
) -> ApiResult<Response> {
    let token = presented_token(&body, &headers).unwrap_or(None);
    let caller = caller.map(|c| c.0);
    st.write(|c, out| {
        let session = match &token {
            Some(t) => sessions::by_refresh(c, &sha256_hex(t))?,
            None => None,
        };
        if let Some(s) = &session {
            sessions::end(c, &s.session_id)?;
        }
        let who = caller.clone().or_else(|| {
            session.as_ref().map(|s| {
                let m = s.claims.as_object().cloned().unwrap_or_default();
                Caller::from_claims(&m, None)
            })
        });
        if let Some(who) = who {
            let mut ev = who.audit(NewAudit::new("user_logout", "low", "user:logout"));
            ev.details =
                Some(json!({"session_id": session.as_ref().map(|s| s.session_id.clone())}));
            ev.resource_type = Some("user");
            ev.resource_id = Some(who.user_id.to_string());
            audit::record(c, ev, out)?;
        }
        Ok(())
    })?;
    let mut resp =
        Json(json!({"success": true, "message": "Logged out successfully"})).into_response();
    set_cookie(&mut resp, "", 0, secure(&headers));
    Ok(resp)
}

pub async fn me(caller: Caller) -> Json<Value> {
    Json(json!({
        "user_id": caller.user_id, "username": caller.username, "email": caller.email,
        "roles": caller.roles, "teams": caller.teams,
        "permissions": users::permissions_for(&caller.roles),
    }))
}
