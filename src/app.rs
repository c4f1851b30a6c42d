//! Router, providers and the start-up sequence: config → client → session restore.

use leptos::prelude::*;
use leptos::wasm_split::wasm_split;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::hooks::{use_location, use_navigate, use_params_map, use_query_map};
use leptos_router::{path, Lazy, LazyRoute, NavigateOptions};

use crate::api::{self, audit, keys, metrics, policies, servers, tools, Client, Req};
use crate::components::shell::Shell;
use crate::config::{self, Config};
use crate::pages;
use crate::pages::dashboard;
use crate::pages::servers::{detail, list, register, url_state};
use crate::session::{use_session, AuthState, Session};

#[component]
pub fn App() -> impl IntoView {
    crate::theme::provide_theme();
    let toasts = crate::toast::provide_toasts();
    crate::shortcuts::provide_overlays();
    let session = Session::new();
    provide_context(session);

    // Config first: it decides where the API is. Until it arrives the static skeleton shows.
    let config = LocalResource::new(config::load);

    view! {
        <ErrorBoundary fallback=|errors| view! { <crate::components::Crash errors=errors/> }>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let (cfg, problem) = config.await;
                    if let Some(p) = problem {
                        toasts.error(p);
                    }
                    view! { <Configured cfg=cfg session=session/> }
                })}
            </Suspense>
        </ErrorBoundary>
        <crate::toast::ToastRegion/>
    }
}

/// Error reports name the route being shown or loaded: the router's location (see
/// `reporting::set_route`).
#[component]
fn ReportRoute() -> impl IntoView {
    let location = use_location();
    Effect::new(move |_| location.pathname.with(|p| crate::reporting::set_route(p)));
}

#[component]
fn Configured(cfg: Config, session: Session) -> impl IntoView {
    let client = Client::new(&cfg.api_base, session.caps, session);
    provide_context(cfg.clone());
    provide_context(client);
    crate::reporter::start(&cfg);
    // Capabilities, reachability and session restore (§6.0); retried while SARK is unreachable.
    leptos::task::spawn_local(async move { session.start(client).await });
    remove_static_skeleton();
    prefetch_shell_on_first_interaction(session);

    view! {
        <crate::outage::OutagePanel/>
        <Front session=session/>
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Start {
    /// Signed out, or not known yet without the marker: the sign-in form, without the router.
    SignIn,
    /// Not known yet and not on the sign-in page: a skeleton until the session is known.
    Waiting,
    /// Signed in, or restoring a session this browser may hold: the router (a split point).
    Routed,
}

/// What a first visit shows before the router exists. A signed-out visit pays only for the
/// sign-in form: the router, the shell and every page are the `shell` split, loaded once the
/// visitor is (or may be) signed in, or while they type (`prefetch_shell_on_first_interaction`).
/// Once routed, the router stays: signing out is then its own navigation to `/login`.
#[component]
fn Front(session: Session) -> impl IntoView {
    let may_restore = crate::session::marker::get();
    let start = Memo::new(move |was: Option<&Start>| {
        if was == Some(&Start::Routed) {
            return Start::Routed;
        }
        match session.state.get() {
            AuthState::SignedIn(_) => Start::Routed,
            AuthState::Restoring if may_restore => Start::Routed,
            _ if crate::dom::location_path() == "/login" => Start::SignIn,
            AuthState::Restoring => Start::Waiting,
            AuthState::SignedOut { .. } => {
                // As the router's gate would: to sign-in, remembering where the user was going.
                let here = crate::dom::location_path_and_query();
                crate::dom::replace_address(&crate::routes::login_then(&here));
                Start::SignIn
            }
        }
    });
    let waiting = || view! { <main class="p-8"><crate::components::Skeleton lines=6/></main> };
    move || match start.get() {
        Start::SignIn => view! { <pages::login::LoginForm/> }.into_any(),
        Start::Waiting => waiting().into_any(),
        Start::Routed => {
            view! { <Suspense fallback=waiting>{move || Suspend::new(router_view())}</Suspense> }
                .into_any()
        }
    }
}

#[wasm_split(shell, wasm_split_path = ::leptos::wasm_split)]
fn router_view() -> AnyView {
    // Untracked: this runs inside a `Suspend`, which would rebuild the whole router whenever a
    // signal read while building it changed (a refreshed token, `me`). Signed in on `/login`,
    // `LoginRoute` sends the user on to `next`.
    untrack(|| {
        view! {
            <Router>
                <ReportRoute/>
                <Routes fallback=|| view! { <pages::not_found::NotFound/> }>
                    <Route path=path!("/login") view=pages::login::LoginRoute/>
                    <ParentRoute path=path!("") view=SignedInGate>
                        <Route path=path!("") view={Lazy::<DashboardRoute>::new()}/>
                        <Route path=path!("servers") view={Lazy::<ServersRoute>::new()}/>
                        <Route path=path!("servers/register") view={Lazy::<RegisterRoute>::new()}/>
                        <Route path=path!("servers/:id") view={Lazy::<ServerDetailRoute>::new()}/>
                        <Route path=path!("policies") view={Lazy::<PoliciesRoute>::new()}/>
                        <Route path=path!("policies/:id") view={Lazy::<PoliciesRoute>::new()}/>
                        <Route path=path!("audit") view={Lazy::<AuditRoute>::new()}/>
                        <Route path=path!("api-keys") view={Lazy::<ApiKeysRoute>::new()}/>
                        <Route path=path!("*any") view={Lazy::<NotFoundRoute>::new()}/>
                    </ParentRoute>
                </Routes>
            </Router>
        }
        .into_any()
    })
}

/// `index.html` paints a static shell so first paint needs no wasm; drop it once we render.
fn remove_static_skeleton() {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        el.remove();
    }
}

/// Someone who starts typing on the sign-in page will need the shell and the dashboard: fetch
/// their code then, while they type, and not before (a visit that only looks costs nothing).
fn prefetch_shell_on_first_interaction(session: Session) {
    let done = StoredValue::new(false);
    let prefetch = move || {
        if !done.get_value() && !session.is_signed_in() {
            done.set_value(true);
            leptos::task::spawn_local(crate::session::preload_shell());
        }
    };
    let focus = window_event_listener(leptos::ev::focusin, move |_| prefetch());
    let pointer = window_event_listener(leptos::ev::pointerdown, move |_| prefetch());
    on_cleanup(move || {
        focus.remove();
        pointer.remove();
    });
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Gate {
    Waiting,
    SignedOut,
    SignedIn,
}

/// Every page but sign-in sits in the shell. Signed out, go to sign-in (remembering where the
/// user was going) without loading the shell's code; signed in, load it (a split point).
#[component]
fn SignedInGate() -> impl IntoView {
    let session = use_session();
    let location = use_location();
    let navigate = use_navigate();
    // Only signing in or out changes the gate: a refreshed token must not remount the shell.
    let gate = Memo::new(move |_| match session.state.get() {
        AuthState::Restoring => Gate::Waiting,
        AuthState::SignedOut { .. } => Gate::SignedOut,
        AuthState::SignedIn(_) => Gate::SignedIn,
    });
    Effect::new(move |_| {
        if gate.get() == Gate::SignedOut {
            // The router's `search` has no leading `?`.
            let path = location.pathname.get_untracked();
            let search = location.search.get_untracked();
            let search = search.trim_start_matches('?');
            let here = if search.is_empty() {
                path
            } else {
                format!("{path}?{search}")
            };
            navigate(
                &crate::routes::login_then(&here),
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    });
    // Restoring a session that may exist (this browser signed in before): the frame paints at
    // once, whatever the API does, and the page's skeleton waits inside it.
    let may_restore = crate::session::marker::get();
    // Once shown, the shell stays until the redirect above leaves its routes: unmounting it
    // here would pull the outlet from under the router while it navigates. A memo of its own,
    // so that restoring → signed in does not mount the frame a second time.
    let shown = Memo::new(move |was: Option<&bool>| {
        was.copied().unwrap_or(false)
            || match gate.get() {
                Gate::SignedIn => true,
                Gate::Waiting => may_restore,
                Gate::SignedOut => false,
            }
    });
    let waiting = || view! { <main class="p-8"><crate::components::Skeleton lines=6/></main> };
    move || {
        if shown.get() {
            view! { <Suspense fallback=waiting>{move || Suspend::new(shell_view())}</Suspense> }
                .into_any()
        } else {
            waiting().into_any()
        }
    }
}

// Split points. Each function below is cut out of the first-load wasm by scripts/wasm-split.sh
// and fetched on first use, grouped by the first argument of `wasm_split` (one wasm module per
// group; code two groups share goes into a chunk loaded with either, and chunks below 4 kB are
// merged: scripts/merge-chunks.py). `shell` is what a signed-in visit needs first: the router,
// the frame, navigation drawer, dashboard, charts, shortcut help, 404, the outage panel and the
// signed-in session code (`session::signed_in`). `pages` is everything behind the navigation.
// The command palette and the error reporter are their own modules. Finer groups gave dozens of
// shared chunks of a few hundred bytes, each a request with ~1 kB of headers.
/// A page's first reads, started from its route (see `lazy_page!`).
fn prefetch(reqs: impl IntoIterator<Item = api::Req>) {
    if let Some(client) = use_context::<api::Client>() {
        api::prefetch::start(client, reqs);
    }
}

#[wasm_split(shell, wasm_split_path = ::leptos::wasm_split)]
fn shell_view() -> AnyView {
    view! { <Shell/> }.into_any()
}

/// One lazy route: a `LazyRoute` whose view is a split point in `$group`. `data()` starts the
/// page's first reads (`$first_reads`) while its code downloads, as raw answers the page takes
/// when it asks (`api::prefetch`): typed fetches there put the page's decoders into the first
/// load (measured: 268 470 B brotli with the servers list and detail, over the budget).
macro_rules! lazy_page {
    ($route:ident, $split:ident, $group:ident, $page:path) => {
        lazy_page!($route, $split, $group, $page, Vec::new());
    };
    ($route:ident, $split:ident, $group:ident, $page:path, $first_reads:expr) => {
        struct $route;
        impl LazyRoute for $route {
            fn data() -> Self {
                prefetch($first_reads);
                Self
            }
            async fn view(this: Self) -> AnyView {
                $split(this).await
            }
        }

        #[wasm_split($group, wasm_split_path = ::leptos::wasm_split)]
        fn $split(_this: $route) -> AnyView {
            // A component without props is a plain function.
            untrack($page).into_any()
        }
    };
}

lazy_page!(
    DashboardRoute,
    dashboard_view,
    shell,
    dashboard::DashboardPage,
    {
        let recent = audit::events_req(&dashboard::recent_events_query());
        let health = Req::get(api::health::DETAILED);
        [
            Req::get(metrics::SUMMARY),
            Req::get(tools::STATISTICS),
            health,
            recent,
        ]
    }
);
lazy_page!(ServersRoute, servers_view, pages, list::ServersPage, {
    use_query_map().with_untracked(|m| [url_state::servers_from_pairs(|k| m.get(k)).to_req()])
});
lazy_page!(RegisterRoute, register_view, pages, register::RegisterPage);
lazy_page!(
    ServerDetailRoute,
    server_detail_view,
    pages,
    detail::ServerDetailPage,
    {
        let id = use_params_map().with_untracked(|p| p.get("id").unwrap_or_default());
        [servers::detail_req(&id), metrics::server_req(&id)]
    }
);
// The CRUD list only where SARK is known to serve it (`prefetch` checks).
lazy_page!(
    PoliciesRoute,
    policies_view,
    pages,
    pages::policies::PoliciesPage,
    [policies::list_req(), Req::get(policies::LIST_BASIC)]
);
lazy_page!(AuditRoute, audit_view, pages, pages::audit::AuditPage);
lazy_page!(
    ApiKeysRoute,
    api_keys_view,
    pages,
    pages::keys::ApiKeysPage,
    [keys::list_req(false)]
);
lazy_page!(
    NotFoundRoute,
    not_found_view,
    shell,
    pages::not_found::NotFoundInShell
);
