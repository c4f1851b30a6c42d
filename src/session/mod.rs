//! Sign-in state: the access token (in memory only, never in web storage), who the user is and
//! what they may do, refresh (one in flight at a time), expiry, sign-out, the start-up sequence
//! (CONTRACT §6.0/§2.8) and the tabs of one browser agreeing on sign-out and refresh. What
//! runs once credentials are in hand is in `signed_in`, loaded with the shell.

mod signed_in;

use futures::future::{FutureExt, LocalBoxFuture, Shared};
use leptos::prelude::*;

use crate::api::caps::{self, Cap, Capabilities, Discovery};
use crate::api::models::UserInfo;
use crate::api::{auth, ApiError, Client, RawResponse, Req, TokenProvider};
use crate::jwt::Claims;

/// Fetches the `shell` wasm group (router, frame, dashboard, signed-in session code) ahead of
/// need. A failed download is ignored here: it is retried, and said, when the code is needed.
pub async fn preload_shell() {
    let _ = signed_in::preload_shell().await;
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Identity {
    pub user_id: String,
    pub name: String,
    pub email: String,
    pub roles: Vec<String>,
    pub teams: Vec<String>,
    /// Informational permission strings from the token or `me` (e.g. `server:write`).
    pub permissions: Vec<String>,
}

impl Identity {
    pub fn from_claims(c: &Claims) -> Self {
        Identity {
            user_id: c.sub.clone().unwrap_or_default(),
            name: c.display_name(),
            email: c.email.clone().unwrap_or_default(),
            roles: c.role_list(),
            teams: c.teams.clone().unwrap_or_default(),
            permissions: c.permissions.clone().unwrap_or_default(),
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

    /// Prefers the server's view of the user where it has one (§2.7 step 4).
    pub fn merge_me(&mut self, u: &UserInfo) {
        if !u.roles.is_empty() {
            self.roles = u.roles.clone();
        }
        if !u.teams.is_empty() {
            self.teams = u.teams.clone();
        }
        if !u.permissions.is_empty() {
            self.permissions = u.permissions.clone();
        }
        if self.email.is_empty() {
            self.email = u.email.clone();
        }
    }

    /// See [`Session::can`]; pure so the rules are host-tested.
    pub fn can(&self, p: Permission) -> Result<(), &'static str> {
        if self.is_admin() || self.permissions.iter().any(|g| p.granted_by(g)) {
            Ok(())
        } else {
            Err(p.reason())
        }
    }
}

/// What an action needs from the signed-in user. SARK keys its admin features on `"admin"` in
/// `roles` (CONTRACT §1.6); a `permissions` entry naming the action also grants it. The server
/// stays the judge: a 403 for what the client could not know is still handled where it occurs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Permission {
    /// Edit, delete or change the status of a registered server.
    ServerWrite,
    /// Create, edit or delete policies.
    PolicyWrite,
    /// Override a tool's sensitivity level.
    ToolOverride,
    /// Act on API keys that belong to other users (everyone manages their own).
    ManageAllKeys,
}

impl Permission {
    fn granted_by(self, permission: &str) -> bool {
        let wanted: &[&str] = match self {
            Permission::ServerWrite => &["server:write", "server:admin"],
            Permission::PolicyWrite => &["policy:write", "policy:admin"],
            Permission::ToolOverride => &["tool:write", "tool:admin"],
            Permission::ManageAllKeys => &["api_key:admin"],
        };
        wanted.contains(&permission)
    }

    /// Why the action is unavailable, shown next to the disabled control.
    pub fn reason(self) -> &'static str {
        "Requires the admin role"
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
    /// Start-up: reaching SARK and looking for a session (also while SARK cannot be reached).
    Restoring,
    SignedOut {
        notice: Option<String>,
    },
    SignedIn(SignedIn),
}

/// SARK could not be reached while the console started: what was tried, what came back and
/// when the next attempt is (`Date.now()` milliseconds).
#[derive(Clone, Debug, PartialEq)]
pub struct Outage {
    pub tried: String,
    pub error: String,
    pub retry_at_ms: f64,
    pub attempt: u32,
}

type RefreshFlight = Shared<LocalBoxFuture<'static, bool>>;

#[derive(Clone, Copy)]
pub struct Session {
    pub state: RwSignal<AuthState>,
    pub caps: RwSignal<Capabilities>,
    /// `Some` while the start-up cannot reach SARK (issue 12, item 1); the app shows it full page.
    pub outage: RwSignal<Option<Outage>>,
    flight: StoredValue<Option<RefreshFlight>, LocalStorage>,
    timer: StoredValue<Option<TimeoutHandle>>,
    /// Bumped on every new token, so WebSockets reconnect with it.
    pub generation: RwSignal<u64>,
    /// Set by "Retry now" to cut the start-up retry wait short.
    retry_now: StoredValue<bool>,
    tabs: StoredValue<Option<crate::session_tabs::Tabs>, LocalStorage>,
}

impl Default for Session {
    fn default() -> Self {
        Self::new()
    }
}

/// The session is the client's token provider (the client never imports this module).
impl TokenProvider for Session {
    fn access_token(&self) -> Option<String> {
        self.token_untracked()
    }

    fn refresh(&self, client: Client) -> LocalBoxFuture<'static, bool> {
        let session = *self;
        async move { session.refresh(client).await }.boxed_local()
    }

    fn rejected(&self, message: String) {
        // Only a live sign-in ends here; a stray 401 after sign-out must not replace the login
        // page's notice.
        if self
            .state
            .with_untracked(|s| matches!(s, AuthState::SignedIn(_)))
        {
            self.end(Some(message));
        }
    }
}

impl Session {
    pub fn new() -> Self {
        Session {
            state: RwSignal::new(AuthState::Restoring),
            caps: RwSignal::new(Capabilities::default()),
            outage: RwSignal::new(None),
            flight: StoredValue::new_local(None),
            timer: StoredValue::new(None),
            generation: RwSignal::new(0),
            retry_now: StoredValue::new(false),
            tabs: StoredValue::new_local(None),
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

    /// Whether the signed-in user may do `p`, else the reason to show beside the disabled
    /// control (e.g. "Requires the admin role"). Reactive: read it inside a view closure.
    ///
    /// ```ignore
    /// let session = use_session();
    /// let denied = move || session.can(Permission::ServerWrite).err();
    /// view! { <button disabled=move || denied().is_some() title=denied>"Delete"</button> }
    /// ```
    pub fn can(&self, p: Permission) -> Result<(), &'static str> {
        self.state.with(|s| match s {
            AuthState::SignedIn(si) => si.identity.can(p),
            _ => Err("Sign in first"),
        })
    }

    /// Ends the sign-in here: forget the token and the user's capabilities, keep the notice for
    /// the login page. Other tabs are told by [`Session::sign_out`], not here.
    pub fn end(&self, notice: Option<String>) {
        if let Some(h) = self.timer.get_value() {
            h.clear();
        }
        self.timer.set_value(None);
        marker::clear();
        self.caps.update(|c| *c = c.after_sign_out());
        self.state.set(AuthState::SignedOut { notice });
    }

    /// Signs in with username and password (tier D).
    pub async fn sign_in_password(
        &self,
        client: Client,
        username: String,
        password: String,
    ) -> Result<(), ApiError> {
        signed_in::password(*self, client, username, password)
            .await?
            .await
    }

    /// Signs in with a pasted access token: checked locally, then by SARK. `Err` is the
    /// sentence to show.
    pub async fn sign_in_token(&self, client: Client, token: String) -> Result<(), String> {
        match signed_in::pasted(*self, client, token).await {
            Ok(f) => f.await,
            Err(e) => Err(e.message()),
        }
    }

    /// Refreshes the access token; concurrent callers share one request. `false` ends nothing
    /// by itself: the caller decides.
    pub async fn refresh(&self, client: Client) -> bool {
        if self.caps.with_untracked(|c| c.refresh.is_absent()) || !self.is_signed_in() {
            return false;
        }
        match signed_in::refresh(*self, client).await {
            Ok(f) => f.await,
            Err(_) => false,
        }
    }

    /// App start: the CSRF cookie, then in parallel the OpenAPI document (capabilities, §6.0),
    /// `/health/` (reachability, version) and, only when this browser may hold a session (the
    /// marker), `refresh`. While SARK cannot be reached, [`Session::outage`] says so and the
    /// attempt repeats with backoff until it answers.
    pub async fn start(&self, client: Client) {
        crate::api::csrf::ensure(false);
        self.listen_to_tabs(client);
        let mut attempt = 0u32;
        loop {
            match self.try_start(client).await {
                Ok(()) => {
                    self.outage.set(None);
                    return;
                }
                Err((tried, error)) => {
                    let wait =
                        startup_retry_ms(attempt, error.retry_after(), crate::dom::random_unit());
                    self.outage.set(Some(Outage {
                        tried,
                        error: error.message(),
                        retry_at_ms: crate::dom::now_ms() + wait as f64,
                        attempt,
                    }));
                    attempt = attempt.saturating_add(1);
                    // Short sleeps so "Retry now" takes effect at once, without a channel.
                    self.retry_now.set_value(false);
                    let until = crate::dom::now_ms() + wait as f64;
                    while crate::dom::now_ms() < until && !self.retry_now.get_value() {
                        gloo_timers::future::TimeoutFuture::new(250).await;
                    }
                }
            }
        }
    }

    /// Cuts the start-up retry wait short.
    pub fn retry_now(&self) {
        self.retry_now.set_value(true);
    }

    /// One start-up attempt; `Err` names what was tried and the error that made SARK unreachable.
    async fn try_start(&self, client: Client) -> Result<(), (String, ApiError)> {
        let restore = marker::get() && !self.caps.with_untracked(|c| c.refresh.is_absent());
        let refresh_req = || {
            Req::with_method(gloo_net::http::Method::POST, "/api/v1/auth/refresh")
                .json(&crate::api::models::RefreshRequest::default())
                .unbound()
        };
        let health_req = Req::get("/health/").unbound();
        let (doc, health, refreshed) = futures::join!(
            caps::discover(client),
            client.send_once(&health_req, false),
            async {
                if restore {
                    Some(client.send_once(&refresh_req(), false).await)
                } else {
                    None
                }
            },
        );
        let mut tried = vec!["GET /openapi.json", "GET /health/"];
        if restore {
            tried.push("POST /api/v1/auth/refresh");
        }
        let tried = tried.join(", ");
        let health = health.and_then(|raw| ok_or_error(&raw).map(|()| raw));
        let health = match health {
            Ok(raw) => raw,
            Err(e) => return Err((tried, e)),
        };
        let found = match doc {
            Discovery::Unreachable(e) => return Err((tried, e)),
            Discovery::Document(c) => Some(*c),
            Discovery::NoDocument => None,
        };
        let refreshed = match refreshed {
            Some(Ok(raw)) if unreachable_status(raw.status) => return Err((tried, error_of(&raw))),
            Some(Err(e)) => return Err((tried, e)),
            Some(Ok(raw)) => Some(raw),
            None => None,
        };
        let version = health
            .decode::<crate::api::models::HealthInfo>()
            .ok()
            .map(|h| h.version);
        self.caps.update(|c| {
            if let Some(found) = found {
                *c = Capabilities {
                    version: c.version.clone(),
                    ..found
                };
            }
            c.version = version;
        });
        if let Some(raw) = &refreshed {
            // A refresh answer is a verdict on the refresh route too (§2.8).
            if let Some(cap) = caps::verdict(raw.status, &raw.body) {
                if cap.is_absent() {
                    self.caps.update(|c| c.refresh = Cap::Absent);
                } else if cap.is_present() && !self.caps.with_untracked(|c| c.from_document) {
                    self.caps.update(|c| c.refresh = Cap::Present);
                }
            }
        }
        match refreshed {
            Some(raw) if (200..300).contains(&raw.status) => {
                if let Err(e) = signed_in::restored(*self, client, raw).await {
                    return Err((tried, e));
                }
            }
            Some(_) => self.end(None),
            None => {
                self.state.set(AuthState::SignedOut { notice: None });
                self.probe_login_without_document(client);
            }
        }
        Ok(())
    }

    /// Without an OpenAPI document the sign-in form needs to know whether username + password
    /// exist (§6.2 step 1): the one fallback probe the login page needs, sent only then.
    fn probe_login_without_document(&self, client: Client) {
        if self
            .caps
            .with_untracked(|c| c.from_document || c.login_ldap != Cap::Unknown)
        {
            return;
        }
        let caps_signal = self.caps;
        leptos::task::spawn_local(async move {
            let req = Req::with_method(gloo_net::http::Method::POST, "/api/v1/auth/login/ldap")
                .json(&crate::api::models::RefreshRequest::default())
                .unbound();
            let (cap, _) = caps::probe(client, req).await;
            caps_signal.update(|c| c.login_ldap = cap);
        });
    }

    /// Sign out: tell the server where it can hear it (errors ignored), forget everything, and
    /// sign out the other tabs of this browser too.
    pub async fn sign_out(&self, client: Client) {
        let refresh_token = self.state.with_untracked(|s| match s {
            AuthState::SignedIn(si) => si.refresh_token.clone(),
            _ => None,
        });
        if self.caps.with_untracked(|c| !c.refresh.is_absent()) {
            let _ = auth::logout(client, refresh_token).await;
        }
        self.tell_tabs(crate::session_tabs::Message::SignedOut);
        self.end(Some("You have signed out.".into()));
    }

    fn tell_tabs(&self, m: crate::session_tabs::Message) {
        self.tabs.with_value(|t| {
            if let Some(t) = t {
                t.post(m);
            }
        });
    }

    /// Other tabs of this browser: their sign-out signs this tab out; their refresh rotated the
    /// shared refresh cookie, so this tab's own refresh token (if any) is stale and its next
    /// refresh goes through the cookie. Its access token stays valid until its own expiry.
    fn listen_to_tabs(&self, _client: Client) {
        let session = *self;
        let tabs = crate::session_tabs::Tabs::open(move |m| match m {
            crate::session_tabs::Message::SignedOut => {
                if session
                    .state
                    .with_untracked(|s| matches!(s, AuthState::SignedIn(_)))
                {
                    session.end(Some("You signed out in another tab.".into()));
                }
            }
            crate::session_tabs::Message::Refreshed => session.state.update(|s| {
                if let AuthState::SignedIn(si) = s {
                    si.refresh_token = None;
                }
            }),
        });
        self.tabs.set_value(tabs);
    }
}

/// An answer that means "SARK is not reachable right now" rather than a verdict.
fn unreachable_status(status: u16) -> bool {
    status == 429 || status >= 500
}

fn error_of(raw: &RawResponse) -> ApiError {
    ApiError::from_response(raw.status, raw.retry_after.as_deref(), &raw.body)
}

fn ok_or_error(raw: &RawResponse) -> Result<(), ApiError> {
    if (200..300).contains(&raw.status) {
        Ok(())
    } else {
        Err(error_of(raw))
    }
}

/// The wait before start-up attempt `attempt + 1`: 2 s doubling to 30 s with equal jitter (so
/// the countdown never shows 0), never less than the server's `Retry-After`.
pub fn startup_retry_ms(attempt: u32, retry_after_secs: Option<u64>, unit: f64) -> u64 {
    let ceiling = crate::backoff::ceiling_ms(attempt, 2_000, 30_000);
    let jittered = ceiling / 2 + crate::backoff::full_jitter_ms(attempt, 1_000, 15_000, unit);
    let wait = jittered.min(ceiling);
    match retry_after_secs {
        Some(s) => wait.max(s.saturating_mul(1000)),
        None => wait,
    }
}

/// The non-secret "signed in here" marker (§6.0): lets a reload call `refresh` only when this
/// browser may hold a session, so a signed-out visit makes no request that answers 401. It
/// holds `1`, never a token.
pub mod marker {
    const KEY: &str = "sark.signed-in";

    /// Pure reading of the stored value.
    pub fn is_set(stored: Option<&str>) -> bool {
        stored == Some("1")
    }

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok()?
    }

    pub fn get() -> bool {
        is_set(storage().and_then(|s| s.get_item(KEY).ok()?).as_deref())
    }

    pub fn set() {
        if let Some(s) = storage() {
            let _ = s.set_item(KEY, "1");
        }
    }

    pub fn clear() {
        if let Some(s) = storage() {
            let _ = s.remove_item(KEY);
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
    fn marker_holds_only_a_flag() {
        assert!(marker::is_set(Some("1")));
        assert!(!marker::is_set(Some("")));
        assert!(!marker::is_set(Some("eyJhbGciOi")));
        assert!(!marker::is_set(None));
    }

    #[test]
    fn startup_retry_grows_and_honours_retry_after() {
        assert_eq!(startup_retry_ms(0, None, 0.0), 1_000);
        assert_eq!(startup_retry_ms(0, None, 1.0), 2_000);
        assert_eq!(startup_retry_ms(3, None, 0.0), 8_000);
        assert_eq!(startup_retry_ms(10, None, 1.0), 30_000);
        assert_eq!(startup_retry_ms(0, Some(20), 0.5), 20_000);
    }

    #[test]
    fn permissions_follow_the_admin_role_and_grants() {
        let viewer = Identity {
            roles: vec!["viewer".into()],
            ..Default::default()
        };
        assert_eq!(
            viewer.can(Permission::ServerWrite),
            Err("Requires the admin role")
        );
        let admin = Identity {
            roles: vec!["viewer".into(), "admin".into()],
            ..Default::default()
        };
        assert_eq!(admin.can(Permission::PolicyWrite), Ok(()));
        let granted = Identity {
            permissions: vec!["server:write".into()],
            ..viewer
        };
        assert_eq!(granted.can(Permission::ServerWrite), Ok(()));
        assert!(granted.can(Permission::ManageAllKeys).is_err());
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
