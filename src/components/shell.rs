//! The signed-in frame: header (brand, environment, theme, user menu), sidebar navigation
//! (a drawer below `md`), the auth guard, keyboard shortcuts and the shortcut help.

use leptos::ev;
use leptos::prelude::*;
use leptos::wasm_split::wasm_split;
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
    let live = crate::ws::provide_live();
    crate::reporter::watch(live);

    let signed_in = Memo::new(move |_| session.is_signed_in());
    let drawer_open = RwSignal::new(false);
    // Close the drawer whenever the route changes.
    Effect::new(move |_| {
        location.pathname.track();
        drawer_open.set(false);
    });
    provide_context(DrawerOpen(drawer_open));
    install_shortcuts();
    crate::components::announcer::install();
    let overlays = use_overlays();

    view! {
        // A same-page link would only change the URL: move focus to the content itself.
        <a href="#main" class="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-surface focus:px-3 focus:py-2 focus:text-fg"
            on:click=|e| { e.prevent_default(); crate::dom::focus_by_id("main"); }>"Skip to content"</a>
        <div class="flex min-h-screen flex-col">
            <Header drawer_open=drawer_open/>
            <div class="flex flex-1">
                <aside class="hidden w-56 shrink-0 border-r border-line bg-surface md:block">
                    <Nav/>
                </aside>
                // The drawer's code (and the modal it uses) is fetched on first open.
                <Show when=move || drawer_open.get()>
                    <Suspense fallback=|| ()>{move || Suspend::new(async move { nav_drawer().await })}</Suspense>
                </Show>
                <main id="main" class="min-w-0 flex-1 px-4 py-6 outline-none sm:px-6 lg:px-8" tabindex="-1">
                    // Only signing in or out swaps the page: a refreshed token or updated
                    // identity must not remount it (that would lose unsaved edits).
                    {move || match signed_in.get() {
                        true => view! { <Outlet/> }.into_any(),
                        false => view! { <crate::components::Skeleton lines=6/> }.into_any(),
                    }}
                </main>
            </div>
        </div>
        // The help's and the palette's code are split points: fetched the first time they open.
        <Show when=move || overlays.help_open.get()>
            <Suspense fallback=|| ()>{move || Suspend::new(async move { shortcut_help().await })}</Suspense>
        </Show>
        <Show when=move || overlays.palette_open.get()>
            <Suspense fallback=|| ()>{move || Suspend::new(async move { crate::components::palette::command_palette().await })}</Suspense>
        </Show>
    }
}

#[derive(Clone, Copy)]
struct DrawerOpen(RwSignal<bool>);

// In the shell's own wasm group (loaded with the shell, fetched once): a split point of its
// own made a module plus a handful of shared chunks of a few hundred bytes each.
#[wasm_split(shell, wasm_split_path = ::leptos::wasm_split)]
fn nav_drawer() -> AnyView {
    let DrawerOpen(open) = expect_context::<DrawerOpen>();
    view! {
        <crate::components::drawer::Drawer open=open label="Navigation">
            <Nav/>
        </crate::components::drawer::Drawer>
    }
    .into_any()
}

#[component]
fn Header(drawer_open: RwSignal<bool>) -> impl IntoView {
    let cfg = expect_context::<Config>();
    let env = cfg.environment.clone();
    view! {
        <header class="sticky top-0 z-30 flex h-14 items-center gap-2 border-b border-line bg-surface/95 px-2 backdrop-blur sm:gap-3 sm:px-4">
            <button type="button" class="btn-ghost md:hidden" aria-label="Open navigation" aria-expanded=move || drawer_open.get().to_string() on:click=move |_| drawer_open.set(true)>
                <span aria-hidden="true">"☰"</span>
            </button>
            <A href="/" attr:class="flex items-center gap-2 font-semibold tracking-tight">
                <span class="inline-flex h-7 w-7 items-center justify-center rounded bg-indigo-600 text-sm text-white" aria-hidden="true">"S"</span>
                <span>"SARK"</span>
                <span class="hidden text-sm font-normal text-muted sm:inline">"Console"</span>
            </A>
            {(!env.is_empty()).then(|| view! {
                <span class="rounded bg-amber-100 px-2 py-0.5 text-xs font-medium uppercase tracking-wide text-amber-900 dark:bg-amber-900/60 dark:text-amber-100" data-testid="env-badge">{env.clone()}</span>
            })}
            <div class="ml-auto flex items-center gap-1 sm:gap-2">
                <PaletteButton/>
                <ThemeToggle/>
                <UserMenu/>
            </div>
        </header>
    }
}

#[component]
fn Nav() -> impl IntoView {
    let single_keys = use_overlays().single_keys;
    view! {
        <nav aria-label="Main" class="p-3">
            <ul class="space-y-1">
                {NAV.iter().map(|(key, path, label)| view! {
                    <li>
                        <A href=*path exact=*path == "/" attr:class="nav-link">
                            <span>{*label}</span>
                            <Show when=move || single_keys.get()>
                                <kbd class="ml-auto hidden text-xs text-muted lg:inline">{format!("g {key}")}</kbd>
                            </Show>
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

/// Opens the command palette; its code is fetched on first use.
#[component]
fn PaletteButton() -> impl IntoView {
    let overlays = use_overlays();
    view! {
        <button type="button" class="btn-ghost gap-2 text-sm" aria-keyshortcuts="Control+K Meta+K" data-testid="palette-button"
            on:click=move |_| overlays.palette_open.set(true)>
            <span aria-hidden="true">"⌕"</span>
            <span class="sr-only sm:not-sr-only">"Search"</span>
            <kbd class="hidden rounded border border-line px-1 font-mono text-xs text-muted lg:inline" aria-hidden="true">"Ctrl K"</kbd>
        </button>
    }
}

/// A disclosure (not an APG menu: it holds the account details and a setting, not only
/// commands). Esc or a click outside closes it; Esc returns focus to the button.
#[component]
fn UserMenu() -> impl IntoView {
    let session = use_session();
    let client = use_client();
    let open = RwSignal::new(false);
    let overlays = use_overlays();
    let button = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |first: Option<()>| {
        overlays.escape.track();
        if first.is_some() && open.get_untracked() {
            open.set(false);
            if let Some(b) = button.get_untracked() {
                let _ = b.focus();
            }
        }
    });
    let outside = window_event_listener(ev::click, move |e| {
        let inside = e
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .and_then(|el| el.closest("[data-user-menu]").ok().flatten())
            .is_some();
        if !inside && open.get_untracked() {
            open.set(false);
        }
    });
    on_cleanup(move || outside.remove());
    let sign_out = move |_| {
        open.set(false);
        leptos::task::spawn_local(async move { session.sign_out(client).await });
    };
    let show_help = move |_| {
        open.set(false);
        // The help returns focus to whatever had it: the menu button, not the vanished item.
        if let Some(b) = button.get_untracked() {
            let _ = b.focus();
        }
        overlays.help_open.set(true);
    };
    view! {
        {move || session.identity().map(|id| {
            let initials: String = id.name.split_whitespace().filter_map(|w| w.chars().next()).take(2).collect();
            let version = session.caps.with(|c| c.version.clone());
            view! {
                <div class="relative" data-user-menu="">
                    <button node_ref=button type="button" class="flex items-center gap-2 rounded-md px-2 py-1 hover:bg-surface-alt" aria-expanded=move || open.get().to_string() aria-controls="user-menu-panel" on:click=move |_| open.update(|o| *o = !*o) data-testid="user-menu">
                        <span class="inline-flex h-7 w-7 items-center justify-center rounded-full bg-slate-200 text-xs font-semibold text-slate-900 dark:bg-slate-700 dark:text-slate-100" aria-hidden="true">{initials.to_uppercase()}</span>
                        // Visually hidden below 640 px but still the button's accessible name.
                        <span class="sr-only text-left text-sm leading-tight sm:not-sr-only sm:block">
                            <span class="block font-medium" data-testid="user-name">{id.name.clone()}</span>
                            <span class="block text-xs text-muted" data-testid="user-role">{id.primary_role()}</span>
                        </span>
                    </button>
                    <Show when=move || open.get()>
                        <div id="user-menu-panel" class="absolute right-0 z-40 mt-2 w-64 max-w-[calc(100vw-1rem)] rounded-md border border-line bg-surface p-2 shadow-lg">
                            <div class="border-b border-line px-2 pb-2 text-sm">
                                <p class="font-medium">{id.name.clone()}</p>
                                <p class="break-words text-muted">{id.email.clone()}</p>
                                <p class="text-muted">{format!("Roles: {}", id.roles.join(", "))}</p>
                                {version.clone().map(|v| view! { <p class="text-xs text-muted">{format!("SARK {v}")}</p> })}
                            </div>
                            <label class="mt-1 flex items-center gap-2 rounded px-2 py-1.5 text-sm hover:bg-surface-alt">
                                <input type="checkbox" data-testid="single-key-setting" prop:checked=move || overlays.single_keys.get()
                                    on:change=move |e| overlays.single_keys.set(event_target_checked(&e))/>
                                "Single-key shortcuts"
                            </label>
                            <button type="button" class="w-full rounded px-2 py-1.5 text-left text-sm hover:bg-surface-alt" on:click=show_help>"Keyboard shortcuts"</button>
                            <button type="button" class="w-full rounded px-2 py-1.5 text-left text-sm text-danger hover:bg-danger-soft" on:click=sign_out>"Sign out"</button>
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
        let dialog_open = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector("dialog[open]").ok().flatten())
            .is_some();
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
            target_is_field || dialog_open || !overlays.single_keys.get_untracked(),
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
            Action::OpenPalette => {
                e.prevent_default();
                if !dialog_open {
                    overlays.palette_open.set(true);
                }
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

// In the shell's wasm group, like the drawer.
#[wasm_split(shell, wasm_split_path = ::leptos::wasm_split)]
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
                "Ctrl + K  or  ⌘K".to_string(),
                "Open the command palette".to_string(),
            ),
            (
                "Ctrl + /  or  ?".to_string(),
                "Show or hide this help".to_string(),
            ),
            ("Esc".to_string(), "Close dialogs and menus".to_string()),
        ])
        .collect();
    view! {
        <crate::components::dialog::Dialog open=overlays.help_open title="Keyboard shortcuts">
            <label class="mb-3 flex items-center gap-2 text-sm">
                <input type="checkbox" data-testid="single-key-setting" prop:checked=move || overlays.single_keys.get()
                    on:change=move |e| overlays.single_keys.set(event_target_checked(&e))/>
                "Single-key shortcuts (g, t, ?, /). Off: only Ctrl or ⌘ combinations and Esc."
            </label>
            <table class="w-full text-sm">
                <caption class="sr-only">"Keyboard shortcuts"</caption>
                <tbody>
                    {rows.clone().into_iter().map(|(k, d)| view! {
                        <tr class="border-b border-line last:border-0">
                            <td class="py-1.5 pr-4"><kbd class="whitespace-nowrap rounded border border-line-strong px-1.5 py-0.5 font-mono text-xs">{k}</kbd></td>
                            <td class="py-1.5">{d}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </crate::components::dialog::Dialog>
    }
    .into_any()
}
