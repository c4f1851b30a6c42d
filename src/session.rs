//! Sign-in state: the access token (in memory only, never in web storage), who the user is,
//! refresh (one in flight at a time), expiry, sign-out, and the capability probes of §6.

use futures::future::{FutureExt, LocalBoxFuture, Shared};
use leptos::prelude::*;
use std::time::Duration;

use crate::api::caps::{self, Cap, Capabilities, Feature};
use crate::api::models::TokenResponse;
use crate::api::{auth, Client, Req};
use crate::jwt::{self, Claims};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Identity {
    pub user_id: String,
    pub name: String,
    pub email: String,
    pub roles: Vec<String>,
    pub teams: Vec<String>,
}

impl Identity {
    pub fn from_claims(c: &Claims) -> Self {
        Identity {
            user_id: c.sub.clone().unwrap_or_default(),
            name: c.display_name(),
            email: c.email.clone().unwrap_or_default(),
            roles: c.role_list(),
            teams: c.teams.clone().unwrap_or_default(),
        }
    }

    pub fn is_admin(&self) -> bool {
        self.roles.iter().any(|r| r == "admin")
    }

    pub fn primary_role(&self) -> String {
        self.roles
            .first()
            .cloned()
            .unwrap_or_else(|| "no role".into())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignInMethod {
    Password,
    PastedToken,
    /// Restored after a reload through the refresh cookie.
    Restored,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SignedIn {
    pub token: String,
    pub identity: Identity,
    /// Unix seconds.
    pub expires_at: Option<i64>,
    pub method: SignInMethod,
    /// Held in memory when the server returned one in the body (SARK's documented flow).
    pub refresh_token: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum AuthState {
    /// Start-up: looking for a session through the refresh cookie.
    Restoring,
    SignedOut {
        notice: Option<String>,
    },
    SignedIn(SignedIn),
}

type RefreshFlight = Shared<LocalBoxFuture<'static, bool>>;

#[derive(Clone, Copy)]
pub struct Session {
    pub state: RwSignal<AuthState>,
    pub caps: RwSignal<Capabilities>,
    flight: StoredValue<Option<RefreshFlight>, LocalStorage>,
    timer: StoredValue<Option<TimeoutHandle>>,
    /// Bumped on every new token, so WebSockets reconnect with it.
    pub generation: RwSignal<u64>,
}

impl Default for Session {
    fn default() -> Self {
        Self::new()
    }
}

impl Session {
    pub fn new() -> Self {
        Session {
            state: RwSignal::new(AuthState::Restoring),
            caps: RwSignal::new(Capabilities::default()),
            flight: StoredValue::new_local(None),
            timer: StoredValue::new(None),
            generation: RwSignal::new(0),
        }
    }

    pub fn token_untracked(&self) -> Option<String> {
        self.state.with_untracked(|s| match s {
            AuthState::SignedIn(si) => Some(si.token.clone()),
            _ => None,
        })
    }

    pub fn token(&self) -> Option<String> {
        self.state.with(|s| match s {
            AuthState::SignedIn(si) => Some(si.token.clone()),
            _ => None,
        })
    }

    pub fn identity(&self) -> Option<Identity> {
        self.state.with(|s| match s {
            AuthState::SignedIn(si) => Some(si.identity.clone()),
            _ => None,
        })
    }

    pub fn is_signed_in(&self) -> bool {
        self.state.with(|s| matches!(s, AuthState::SignedIn(_)))
    }

    pub fn is_admin(&self) -> bool {
        self.identity().is_some_and(|i| i.is_admin())
    }

    /// Downgrade a feature at run time after an absent verdict from a tier-D call (§6.2 step 4).
    pub fn mark_absent(&self, f: Feature) {
        if !self.caps.with_untracked(|c| c.get(f).is_absent()) {
            self.caps.update(|c| c.set(f, Cap::Absent));
        }
    }

    /// Ends the sign-in: forget the token and capabilities, keep the notice for the login page.
    pub fn end(&self, notice: Option<String>) {
        if let Some(h) = self.timer.get_value() {
            h.clear();
        }
        self.timer.set_value(None);
        let keep = self
            .caps
            .with_untracked(|c| (c.login_ldap, c.refresh, c.version.clone()));
        self.caps.set(Capabilities {
            login_ldap: keep.0,
            refresh: keep.1,
            version: keep.2,
            ..Default::default()
        });
        self.state.set(AuthState::SignedOut { notice });
    }

    /// Installs a fresh token and schedules its refresh or expiry.
    pub fn install(
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
        let previous_user = self.identity().map(|i| i.user_id);
        self.state.set(AuthState::SignedIn(SignedIn {
            token,
            identity: identity.clone(),
            expires_at,
            method,
            refresh_token: refresh,
        }));
        self.generation.update(|g| *g += 1);
        if previous_user.as_deref() != Some(identity.user_id.as_str()) {
            // §6.2: capabilities belong to one user's session.
            self.caps.update(|c| c.probed = false);
        }
        self.schedule(client, method, expires_at, lifetime, now);
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
            && self.caps.with_untracked(|c| c.refresh.is_present());
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

    /// Refreshes the access token; concurrent callers share one request. `false` ends nothing
    /// by itself: the caller decides.
    pub async fn refresh(&self, client: Client) -> bool {
        if !self.caps.with_untracked(|c| c.refresh.is_present()) {
            return false;
        }
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
    pub fn complete_login(&self, client: Client, t: TokenResponse) {
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

    /// App start (§6.2 step 1, §2.8): CSRF cookie, then health, refresh and login probes in parallel.
    pub async fn start(&self, client: Client) {
        crate::api::csrf::ensure(false);
        let (health, refresh, login) = futures::join!(
            crate::api::health::root(client),
            client.probe(
                Req::with_method(gloo_net::http::Method::POST, "/api/v1/auth/refresh")
                    .json(&serde_json::json!({}))
                    .unbound()
            ),
            client.probe(
                Req::with_method(gloo_net::http::Method::POST, "/api/v1/auth/login/ldap")
                    .json(&serde_json::json!({}))
                    .unbound()
            ),
        );
        let version = health.ok().map(|h| h.version);
        let (refresh_cap, refreshed) = refresh;
        self.caps.update(|c| {
            c.version = version;
            c.refresh = refresh_cap.unwrap_or(Cap::Unknown);
            c.login_ldap = login.0.unwrap_or(Cap::Unknown);
        });
        match refreshed {
            Some(raw) if (200..300).contains(&raw.status) => match raw.decode::<TokenResponse>() {
                Ok(t) => {
                    let claims = jwt::decode(&t.access_token).unwrap_or_default();
                    let rt = t.refresh_token.clone();
                    self.install(
                        client,
                        t.access_token,
                        Identity::from_claims(&claims),
                        SignInMethod::Restored,
                        rt,
                        t.expires_in,
                    );
                }
                Err(_) => self.state.set(AuthState::SignedOut { notice: None }),
            },
            _ => self.state.set(AuthState::SignedOut { notice: None }),
        }
    }

    /// §6.2 step 2: the tier-D probes, once per signed-in session.
    pub async fn probe_features(&self, client: Client) {
        let get = |p: &str| client.probe(Req::get(p));
        let (me, audit, audit_metrics, sessions, keys, policies) = futures::join!(
            get("/api/v1/auth/me"),
            client.probe(Req::get("/api/v1/audit/events").query("limit", "1")),
            client.probe(Req::get("/api/v1/audit/metrics").query("period", "24h")),
            get("/api/v1/sessions"),
            get("/api/auth/api-keys"),
            get("/api/v1/policies"),
        );
        let pick = |r: (Option<Cap>, Option<crate::api::RawResponse>)| r.0.unwrap_or(Cap::Unknown);
        let me_raw = me.1.clone();
        self.caps.update(|c| {
            c.me = pick(me);
            c.audit_events = pick(audit);
            c.audit_metrics = pick(audit_metrics);
            c.sessions = pick(sessions);
            c.api_keys = pick(keys);
            c.policies_crud = pick(policies);
            c.probed = true;
        });
        // Prefer the server's view of the user where it exists (§2.7 step 4).
        if let Some(raw) = me_raw.filter(|r| r.status == 200) {
            if let Ok(u) = raw.decode::<crate::api::models::UserInfo>() {
                self.state.update(|s| {
                    if let AuthState::SignedIn(si) = s {
                        if !u.roles.is_empty() {
                            si.identity.roles = u.roles.clone();
                        }
                        if !u.teams.is_empty() {
                            si.identity.teams = u.teams.clone();
                        }
                        if si.identity.email.is_empty() {
                            si.identity.email = u.email.clone();
                        }
                    }
                });
            }
        }
    }

    /// Sign out: tell the server where it can hear it (errors ignored), forget everything.
    pub async fn sign_out(&self, client: Client) {
        let refresh_token = self.state.with_untracked(|s| match s {
            AuthState::SignedIn(si) => si.refresh_token.clone(),
            _ => None,
        });
        if self.caps.with_untracked(|c| !c.refresh.is_absent()) {
            let body = match refresh_token {
                Some(t) => serde_json::json!({ "refresh_token": t }),
                None => serde_json::json!({}),
            };
            let _ = auth::logout(client, body).await;
        }
        self.end(Some("You have signed out.".into()));
    }
}

/// Probes map to capability verdicts; the raw response is kept for the caller.
impl Client {
    pub async fn probe(&self, req: Req) -> (Option<Cap>, Option<crate::api::RawResponse>) {
        match self.execute_raw(req).await {
            Some(raw) => (caps::verdict(raw.status, &raw.body), Some(raw)),
            None => (Some(Cap::Unknown), None),
        }
    }
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

/// A safe in-app path to return to after signing in: only same-origin absolute paths.
pub fn safe_return_path(next: Option<&str>) -> String {
    match next {
        Some(p)
            if p.starts_with('/')
                && !p.starts_with("//")
                && !p.starts_with("/\\")
                && !p.starts_with("/login") =>
        {
            p.to_owned()
        }
        _ => "/".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn return_path_rejects_other_origins() {
        assert_eq!(
            safe_return_path(Some("/servers?status=active")),
            "/servers?status=active"
        );
        assert_eq!(safe_return_path(Some("//evil.example")), "/");
        assert_eq!(safe_return_path(Some("https://evil.example")), "/");
        assert_eq!(safe_return_path(Some("/login?next=/x")), "/");
        assert_eq!(safe_return_path(None), "/");
    }

    #[test]
    fn identity_admin_from_roles() {
        let c = Claims {
            roles: Some(vec!["viewer".into(), "admin".into()]),
            ..Default::default()
        };
        assert!(Identity::from_claims(&c).is_admin());
        let c = Claims {
            role: Some("viewer".into()),
            ..Default::default()
        };
        assert!(!Identity::from_claims(&c).is_admin());
    }
}
