//! What runs once credentials are in hand: signing in, installing a token, its refresh and
//! expiry, `me`. A split point of the `shell` group: a signed-out visit never downloads it, and
//! the sign-in page fetches it while the visitor types (`app::prefetch_shell_on_first_interaction`).
//! Each entry point is `fallible`: a failed download is an `ApiError`, never an abort.

use futures::future::{FutureExt, LocalBoxFuture};
use leptos::prelude::*;
use leptos::wasm_split::wasm_split;
use std::time::Duration;

use super::{marker, AuthState, Identity, RefreshFlight, Session, SignInMethod, SignedIn};
use crate::api::models::TokenResponse;
use crate::api::{auth, ApiError, Client, RawResponse};
use crate::jwt;

type Pending<T> = LocalBoxFuture<'static, T>;

#[wasm_split(shell, wasm_split_path = ::leptos::wasm_split, fallible)]
pub(super) fn password(
    session: Session,
    client: Client,
    username: String,
    password: String,
) -> Result<Pending<Result<(), ApiError>>, ApiError> {
    Ok(async move {
        let t = auth::login(client, &username, &password).await?;
        session.complete_login(client, t);
        Ok(())
    }
    .boxed_local())
}

#[wasm_split(shell, wasm_split_path = ::leptos::wasm_split, fallible)]
pub(super) fn pasted(
    session: Session,
    client: Client,
    token: String,
) -> Result<Pending<Result<(), String>>, ApiError> {
    Ok(async move {
        let t = jwt::clean_pasted(&token);
        let claims = jwt::check_pasted(&t, crate::dom::now_secs())?;
        match auth::verify_token(client, &t).await {
            Ok(_) => {
                session.install(
                    client,
                    t,
                    Identity::from_claims(&claims),
                    SignInMethod::PastedToken,
                    None,
                    None,
                );
                Ok(())
            }
            Err(ApiError::Unauthorized { detail }) => {
                Err(format!("SARK refused this token: {detail}"))
            }
            Err(e) => Err(e.message()),
        }
    }
    .boxed_local())
}

/// Also the `shell` group's preload (`preload_shell`): `fallible`, so a failed download while
/// the visitor types is an `Err` to ignore, not an abort.
#[wasm_split(
    shell,
    wasm_split_path = ::leptos::wasm_split,
    fallible,
    preload(preload_shell)
)]
pub(super) fn refresh(session: Session, client: Client) -> Result<Pending<bool>, ApiError> {
    Ok(async move { session.refresh_now(client).await }.boxed_local())
}

/// Start-up: `refresh` answered 2xx through this browser's cookie.
#[wasm_split(shell, wasm_split_path = ::leptos::wasm_split, fallible)]
pub(super) fn restored(session: Session, client: Client, raw: RawResponse) -> Result<(), ApiError> {
    match raw.decode::<TokenResponse>() {
        Ok(t) => {
            let claims = jwt::decode(&t.access_token).unwrap_or_default();
            let rt = t.refresh_token.clone();
            session.install(
                client,
                t.access_token,
                Identity::from_claims(&claims),
                SignInMethod::Restored,
                rt,
                t.expires_in,
            );
            // The restore rotated the shared refresh cookie (§2.6).
            session.tell_tabs(crate::session_tabs::Message::Refreshed);
        }
        Err(_) => session.end(None),
    }
    Ok(())
}

impl Session {
    /// Installs a fresh token and schedules its refresh or expiry.
    fn install(
        &self,
        client: Client,
        token: String,
        identity: Identity,
        method: SignInMethod,
        refresh: Option<String>,
        expires_in: Option<i64>,
    ) {
        let now = crate::dom::now_secs();
        let claims = jwt::decode(&token).unwrap_or_default();
        let expires_at = claims.exp.or(expires_in.map(|s| now + s));
        let lifetime = match (claims.exp, claims.iat, expires_in) {
            (Some(exp), Some(iat), _) if exp > iat => Some(exp - iat),
            (_, _, Some(s)) => Some(s),
            (Some(exp), _, _) => Some(exp - now),
            _ => None,
        };
        let previous_user = self.state.with_untracked(|s| match s {
            AuthState::SignedIn(si) => Some(si.identity.user_id.clone()),
            _ => None,
        });
        let new_sign_in = previous_user.as_deref() != Some(identity.user_id.as_str());
        if new_sign_in && previous_user.is_some() {
            // §6.2 step 6: what was learnt by use belongs to one user's session.
            self.caps.update(|c| *c = c.after_sign_out());
        }
        self.state.set(AuthState::SignedIn(SignedIn {
            token,
            identity,
            expires_at,
            method,
            refresh_token: refresh,
        }));
        self.generation.update(|g| *g += 1);
        if method != SignInMethod::PastedToken
            && !self.caps.with_untracked(|c| c.refresh.is_absent())
        {
            marker::set();
        }
        self.schedule(client, method, expires_at, lifetime, now);
        if new_sign_in {
            self.load_me(client);
        }
    }

    /// `GET /api/v1/auth/me` once per sign-in, where the document says it exists.
    fn load_me(&self, client: Client) {
        if !self.caps.with_untracked(|c| c.me.is_present()) {
            return;
        }
        let session = *self;
        leptos::task::spawn_local(async move {
            if let Ok(u) = auth::me(client).await {
                session.state.update(|s| {
                    if let AuthState::SignedIn(si) = s {
                        si.identity.merge_me(&u);
                    }
                });
            }
        });
    }

    fn schedule(
        &self,
        client: Client,
        method: SignInMethod,
        expires_at: Option<i64>,
        lifetime: Option<i64>,
        now: i64,
    ) {
        if let Some(h) = self.timer.get_value() {
            h.clear();
        }
        let session = *self;
        let can_refresh = method != SignInMethod::PastedToken
            && !self.caps.with_untracked(|c| c.refresh.is_absent());
        let handle = match (can_refresh, expires_at, lifetime) {
            // Proactive refresh at ~80 % of the lifetime (§2.8).
            (true, Some(exp), Some(life)) => {
                let at = (exp - life / 5 - now).max(5);
                set_timeout_with_handle(
                    move || {
                        leptos::task::spawn_local(async move {
                            session.refresh(client).await;
                        })
                    },
                    Duration::from_secs(at as u64),
                )
                .ok()
            }
            (false, Some(exp), _) => set_timeout_with_handle(
                move || session.end(Some("Your access token expired. Sign in again.".into())),
                Duration::from_secs((exp - now).max(0) as u64),
            )
            .ok(),
            _ => None,
        };
        self.timer.set_value(handle);
    }

    /// The refresh request itself; concurrent callers share one.
    async fn refresh_now(&self, client: Client) -> bool {
        let method = self.state.with_untracked(|s| match s {
            AuthState::SignedIn(si) => {
                Some((si.method, si.refresh_token.clone(), si.identity.clone()))
            }
            _ => None,
        });
        let Some((method, refresh_token, identity)) = method else {
            return false;
        };
        if method == SignInMethod::PastedToken {
            return false;
        }
        if let Some(flight) = self.flight.with_value(|f| f.clone()) {
            return flight.await;
        }
        let session = *self;
        let flight: RefreshFlight = async move {
            match auth::refresh(client, refresh_token).await {
                Ok(t) => {
                    let rt = t.refresh_token.clone();
                    session.install(client, t.access_token, identity, method, rt, t.expires_in);
                    session.tell_tabs(crate::session_tabs::Message::Refreshed);
                    true
                }
                Err(e) => {
                    leptos::logging::warn!("refresh failed: {e}");
                    false
                }
            }
        }
        .boxed_local()
        .shared();
        self.flight.set_value(Some(flight.clone()));
        let ok = flight.await;
        self.flight.set_value(None);
        ok
    }

    /// After username + password.
    fn complete_login(&self, client: Client, t: TokenResponse) {
        let claims = jwt::decode(&t.access_token).unwrap_or_default();
        let mut identity = Identity::from_claims(&claims);
        if let Some(u) = &t.user {
            if identity.user_id.is_empty() {
                identity.user_id = u.user_id.clone();
            }
            if claims.name.is_none()
                && claims.preferred_username.is_none()
                && !u.username.is_empty()
            {
                identity.name = u.username.clone();
            }
            if identity.roles.is_empty() {
                identity.roles = u.roles.clone();
            }
            if identity.teams.is_empty() {
                identity.teams = u.teams.clone();
            }
            if identity.permissions.is_empty() {
                identity.permissions = u.permissions.clone();
            }
        }
        let rt = t.refresh_token.clone();
        self.install(
            client,
            t.access_token,
            identity,
            SignInMethod::Password,
            rt,
            t.expires_in,
        );
    }
}
