//! Router, providers and the start-up sequence: config → client → session restore.

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{lazy_route, path, Lazy, LazyRoute};

use crate::api::Client;
use crate::components::shell::Shell;
use crate::config::{self, Config};
use crate::pages;
use crate::session::Session;

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

#[component]
fn Configured(cfg: Config, session: Session) -> impl IntoView {
    let client = Client::new(&cfg.api_base, session);
    provide_context(cfg);
    provide_context(client);
    crate::ws::provide_live();
    leptos::task::spawn_local(async move { session.start(client).await });
    // Probe tier-D features once per signed-in user (§6.2 step 2).
    Effect::new(move |_| {
        let signed_in = session.is_signed_in();
        let probed = session.caps.with(|c| c.probed);
        if signed_in && !probed {
            leptos::task::spawn_local(async move { session.probe_features(client).await });
        }
    });
    remove_static_skeleton();

    view! {
        <Router>
            <Routes fallback=|| view! { <pages::not_found::NotFound/> }>
                <Route path=path!("/login") view=pages::login::LoginPage/>
                <ParentRoute path=path!("") view=Shell>
                    <Route path=path!("") view=pages::dashboard::DashboardPage/>
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

// Lazy routes: each `view` below becomes a split point (`#[lazy_route]` → `#[lazy]` →
// `wasm_split`), so the page's code is cut out of the first-load wasm by scripts/wasm-split.sh
// and fetched the first time the route is visited. The shell, sign-in and dashboard stay eager.
struct ServersRoute;
#[lazy_route]
impl LazyRoute for ServersRoute {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        view! { <pages::servers::list::ServersPage/> }.into_any()
    }
}

struct RegisterRoute;
#[lazy_route]
impl LazyRoute for RegisterRoute {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        view! { <pages::servers::register::RegisterPage/> }.into_any()
    }
}

struct ServerDetailRoute;
#[lazy_route]
impl LazyRoute for ServerDetailRoute {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        view! { <pages::servers::detail::ServerDetailPage/> }.into_any()
    }
}

struct PoliciesRoute;
#[lazy_route]
impl LazyRoute for PoliciesRoute {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        view! { <pages::policies::PoliciesPage/> }.into_any()
    }
}

struct AuditRoute;
#[lazy_route]
impl LazyRoute for AuditRoute {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        view! { <pages::audit::AuditPage/> }.into_any()
    }
}

struct ApiKeysRoute;
#[lazy_route]
impl LazyRoute for ApiKeysRoute {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        view! { <pages::keys::ApiKeysPage/> }.into_any()
    }
}

struct NotFoundRoute;
#[lazy_route]
impl LazyRoute for NotFoundRoute {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        view! { <pages::not_found::NotFoundInShell/> }.into_any()
    }
}
