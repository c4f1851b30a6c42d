//! The signed-in frame: header (brand, environment, theme, user menu), sidebar navigation
//! (a drawer below `md`), the auth guard, keyboard shortcuts and the shortcut help.

use leptos::ev;
use leptos::prelude::*;
use leptos_router::components::{Outlet, A};
use leptos_router::hooks::{use_location, use_navigate};

use crate::api::use_client;
use crate::config::Config;
use crate::session::use_session;
use crate::shortcuts::{self, use_overlays, Action, NAV};
use crate::theme::{use_theme, Theme};

#[component]
pub fn Shell() -> impl IntoView {
    let session = use_session();
    let location = use_location();

    // Live updates are for signed-in pages only: the sign-in page must not pay for their code
    // (this frame is a split point: app.rs `SignedInGate` redirects signed-out visitors).
    crate::ws::provide_live();

    let signed_in = Memo::new(move |_| session.is_signed_in());
    let drawer_open = RwSignal::new(false);
    // Close the drawer whenever the route changes.
    Effect::new(move |_| {
        location.pathname.track();
        drawer_open.set(false);
    });
    install_shortcuts();

    view! {
        <a href="#main" class="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-slate-900">"Skip to content"</a>
        <div class="flex min-h-screen flex-col">
            <Header drawer_open=drawer_open/>
            <div class="flex flex-1">
                <aside class="hidden w-56 shrink-0 border-r border-slate-200 bg-white md:block dark:border-slate-800 dark:bg-slate-900">
                    <Nav/>
                </aside>
                <Show when=move || drawer_open.get()>
                    <div class="fixed inset-0 z-40 md:hidden" role="dialog" aria-modal="true" aria-label="Navigation">
                        <div class="absolute inset-0 bg-slate-900/50" on:click=move |_| drawer_open.set(false)></div>
                        <aside class="absolute inset-y-0 left-0 w-64 bg-white shadow-xl dark:bg-slate-900">
                            <div class="flex items-center justify-between border-b border-slate-200 px-4 py-3 dark:border-slate-800">
                                <span class="font-semibold">"SARK"</span>
                                <button type="button" class="btn-ghost" aria-label="Close navigation" on:click=move |_| drawer_open.set(false)>"×"</button>
                            </div>
                            <Nav/>
                        </aside>
                    </div>
                </Show>
                <main id="main" class="min-w-0 flex-1 px-4 py-6 sm:px-6 lg:px-8" tabindex="-1">
                    // Only signing in or out swaps the page: a refreshed token or updated
                    // identity must not remount it (that would lose unsaved edits).
                    {move || match signed_in.get() {
                        true => view! { <Outlet/> }.into_any(),
                        false => view! { <crate::components::Skeleton lines=6/> }.into_any(),
                    }}
                </main>
            </div>
        </div>
        // The help's code is a split point: fetched the first time someone asks for it.
        <Show when=move || use_overlays().help_open.get()>
            <Suspense fallback=|| ()>{move || Suspend::new(async move { shortcut_help().await })}</Suspense>
        </Show>
    }
}

#[component]
fn Header(drawer_open: RwSignal<bool>) -> impl IntoView {
    let cfg = expect_context::<Config>();
    let env = cfg.environment.clone();
    view! {
        <header class="sticky top-0 z-30 flex h-14 items-center gap-3 border-b border-slate-200 bg-white/95 px-4 backdrop-blur dark:border-slate-800 dark:bg-slate-900/95">
            <button type="button" class="btn-ghost md:hidden" aria-label="Open navigation" aria-expanded=move || drawer_open.get().to_string() on:click=move |_| drawer_open.set(true)>
                <span aria-hidden="true">"☰"</span>
            </button>
            <A href="/" attr:class="flex items-center gap-2 font-semibold tracking-tight">
                <span class="inline-flex h-7 w-7 items-center justify-center rounded bg-indigo-600 text-sm text-white" aria-hidden="true">"S"</span>
                <span>"SARK"</span>
                <span class="hidden text-sm font-normal text-slate-500 sm:inline dark:text-slate-400">"Console"</span>
            </A>
            {(!env.is_empty()).then(|| view! {
                <span class="rounded bg-amber-100 px-2 py-0.5 text-xs font-medium uppercase tracking-wide text-amber-900 dark:bg-amber-900/60 dark:text-amber-100" data-testid="env-badge">{env.clone()}</span>
            })}
            <div class="ml-auto flex items-center gap-2">
                <ThemeToggle/>
                <UserMenu/>
            </div>
        </header>
    }
}

#[component]
fn Nav() -> impl IntoView {
    view! {
        <nav aria-label="Main" class="p-3">
            <ul class="space-y-1">
                {NAV.iter().map(|(key, path, label)| view! {
                    <li>
                        <A href=*path exact=*path == "/" attr:class="nav-link">
                            <span>{*label}</span>
                            <kbd class="ml-auto hidden text-[10px] text-slate-400 lg:inline">{format!("g {key}")}</kbd>
                        </A>
                    </li>
                }).collect_view()}
            </ul>
        </nav>
    }
}

#[component]
pub fn ThemeToggle() -> impl IntoView {
    let theme = use_theme();
    let icon = move || match theme.theme.get() {
        Theme::Light => "☀",
        Theme::Dark => "☾",
        Theme::System => "◐",
    };
    view! {
        <button type="button" class="btn-ghost" data-testid="theme-toggle"
            title=move || format!("Theme: {} (press t to change)", theme.theme.get().label())
            aria-label=move || format!("Theme: {}. Switch to {}", theme.theme.get().label(), theme.theme.get().next().label())
            on:click=move |_| theme.cycle()>
            <span aria-hidden="true">{icon}</span>
        </button>
    }
}

#[component]
fn UserMenu() -> impl IntoView {
    let session = use_session();
    let client = use_client();
    let open = RwSignal::new(false);
    let overlays = use_overlays();
    Effect::new(move |_| {
        overlays.escape.track();
        open.set(false);
    });
    let sign_out = move |_| {
        open.set(false);
        leptos::task::spawn_local(async move { session.sign_out(client).await });
    };
    view! {
        {move || session.identity().map(|id| {
            let initials: String = id.name.split_whitespace().filter_map(|w| w.chars().next()).take(2).collect();
            let version = session.caps.with(|c| c.version.clone());
            view! {
                <div class="relative">
                    <button type="button" class="flex items-center gap-2 rounded-md px-2 py-1 hover:bg-slate-100 dark:hover:bg-slate-800" aria-haspopup="menu" aria-expanded=move || open.get().to_string() on:click=move |_| open.update(|o| *o = !*o) data-testid="user-menu">
                        <span class="inline-flex h-7 w-7 items-center justify-center rounded-full bg-slate-200 text-xs font-semibold dark:bg-slate-700" aria-hidden="true">{initials.to_uppercase()}</span>
                        <span class="hidden text-left text-sm leading-tight sm:block">
                            <span class="block font-medium" data-testid="user-name">{id.name.clone()}</span>
                            <span class="block text-xs text-slate-500 dark:text-slate-400" data-testid="user-role">{id.primary_role()}</span>
                        </span>
                    </button>
                    <Show when=move || open.get()>
                        <div role="menu" class="absolute right-0 mt-2 w-64 rounded-md border border-slate-200 bg-white p-2 shadow-lg dark:border-slate-700 dark:bg-slate-900">
                            <div class="border-b border-slate-200 px-2 pb-2 text-sm dark:border-slate-700">
                                <p class="font-medium">{id.name.clone()}</p>
                                <p class="text-slate-500 dark:text-slate-400">{id.email.clone()}</p>
                                <p class="text-slate-500 dark:text-slate-400">{format!("Roles: {}", id.roles.join(", "))}</p>
                                {version.clone().map(|v| view! { <p class="text-xs text-slate-400">{format!("SARK {v}")}</p> })}
                            </div>
                            <button type="button" role="menuitem" class="mt-1 w-full rounded px-2 py-1.5 text-left text-sm text-red-700 hover:bg-red-50 dark:text-red-300 dark:hover:bg-red-950" on:click=sign_out>"Sign out"</button>
                        </div>
                    </Show>
                </div>
            }
        })}
    }
}

/// Global key handling; ignores plain keys while typing in a field.
fn install_shortcuts() {
    let theme = use_theme();
    let overlays = use_overlays();
    let navigate = use_navigate();
    let pending_g = StoredValue::new(None::<f64>);
    let handle = window_event_listener(ev::keydown, move |e: web_sys::KeyboardEvent| {
        let target_is_field = e
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .is_some_and(|el| {
                let tag = el.tag_name().to_ascii_lowercase();
                matches!(tag.as_str(), "input" | "textarea" | "select")
                    || el.has_attribute("contenteditable")
            });
        // A `g` sequence expires after 1.5 s, like most sequence-shortcut libraries.
        let now = crate::dom::now_ms();
        let pending = pending_g.get_value().is_some_and(|t| now - t < 1500.0);
        let action = shortcuts::interpret(
            &e.key(),
            e.ctrl_key() || e.meta_key(),
            target_is_field,
            pending,
        );
        pending_g.set_value(None);
        match action {
            Action::StartSequence => pending_g.set_value(Some(now)),
            Action::Navigate(path) => {
                e.prevent_default();
                navigate(path, Default::default());
            }
            Action::ToggleTheme => theme.cycle(),
            Action::ToggleHelp => {
                e.prevent_default();
                overlays.help_open.update(|o| *o = !*o);
            }
            Action::CloseOverlays => {
                overlays.help_open.set(false);
                overlays.escape.update(|n| *n += 1);
            }
            Action::FocusSearch => {
                if let Some(el) = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.query_selector("[data-search]").ok().flatten())
                    .and_then(|el| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el).ok())
                {
                    e.prevent_default();
                    let _ = el.focus();
                }
            }
            Action::None => {}
        }
    });
    on_cleanup(move || handle.remove());
}

#[leptos::wasm_split::wasm_split(shell, wasm_split_path = ::leptos::wasm_split)]
fn shortcut_help() -> AnyView {
    let overlays = use_overlays();
    let rows: Vec<(String, String)> = NAV
        .iter()
        .map(|(k, _, label)| (format!("g {k}"), format!("Go to {label}")))
        .chain([
            (
                "t".to_string(),
                "Cycle theme (light → dark → system)".to_string(),
            ),
            ("/".to_string(), "Focus the search field".to_string()),
            (
                "Ctrl + /  or  ?".to_string(),
                "Show or hide this help".to_string(),
            ),
            ("Esc".to_string(), "Close dialogs and menus".to_string()),
        ])
        .collect();
    view! {
        <crate::components::dialog::Dialog open=overlays.help_open title="Keyboard shortcuts">
            <table class="w-full text-sm">
                <tbody>
                    {rows.clone().into_iter().map(|(k, d)| view! {
                        <tr class="border-b border-slate-100 last:border-0 dark:border-slate-800">
                            <td class="py-1.5 pr-4"><kbd class="rounded border border-slate-300 px-1.5 py-0.5 font-mono text-xs dark:border-slate-600">{k}</kbd></td>
                            <td class="py-1.5">{d}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </crate::components::dialog::Dialog>
    }
    .into_any()
}
