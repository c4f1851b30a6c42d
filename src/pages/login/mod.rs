//! Sign-in: username + password where the server offers it (tier D), and always "sign in with
//! an access token" (the only way into SARK 2.0). Returns to the page the user asked for.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use crate::api::caps::Cap;
use crate::api::use_client;
use crate::config::Config;
use crate::session::{safe_return_path, use_session, AuthState};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Password,
    Token,
}

/// The sign-in route inside the router: once signed in (now, by the refresh cookie or from
/// another tab), go where the user was heading.
#[component]
pub fn LoginRoute() -> impl IntoView {
    let session = use_session();
    let query = use_query_map();
    let navigate = use_navigate();
    let next = Memo::new(move |_| safe_return_path(query.with(|q| q.get("next")).as_deref()));
    Effect::new(move |_| {
        if session.is_signed_in() {
            navigate(
                &next.get(),
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    });
    view! { <LoginForm/> }
}

/// The sign-in form. It needs no router: a signed-out first visit shows it before the router's
/// code is loaded (see `app::Front`).
#[component]
pub fn LoginForm() -> impl IntoView {
    let session = use_session();
    let client = use_client();
    let cfg = expect_context::<Config>();

    crate::components::announcer::set_title("Sign in");
    let ldap = Memo::new(move |_| session.caps.with(|c| c.login_ldap));
    let mode = RwSignal::new(None::<Mode>);
    let effective_mode = move || {
        mode.get().unwrap_or(if ldap.get() == Cap::Present {
            Mode::Password
        } else {
            Mode::Token
        })
    };
    let notice = move || match session.state.get() {
        AuthState::SignedOut { notice } => notice,
        _ => None,
    };

    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let token = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);

    let login = Action::new_local(move |_: &()| async move {
        error.set(None);
        let (u, p) = (username.get_untracked(), password.get_untracked());
        match session.sign_in_password(client, u, p).await {
            Ok(()) => {}
            Err(crate::api::ApiError::Unauthorized { detail }) => error.set(Some(detail)),
            Err(e) => error.set(Some(e.message())),
        }
    });

    let paste = Action::new_local(move |_: &()| async move {
        error.set(None);
        if let Err(msg) = session.sign_in_token(client, token.get_untracked()).await {
            error.set(Some(msg));
        }
    });
    let pending = move || login.pending().get() || paste.pending().get();
    let restoring = move || matches!(session.state.get(), AuthState::Restoring);

    view! {
        <main class="flex min-h-screen items-center justify-center bg-slate-50 px-4 py-12 dark:bg-slate-950">
            <div class="w-full max-w-md">
                <div class="mb-8 text-center">
                    <h1 class="text-4xl font-bold tracking-tight">"SARK"</h1>
                    <p class="mt-1 text-sm text-muted">"Security Audit and Resource Kontroler"</p>
                </div>
                <div class="rounded-lg border border-line bg-surface p-6 shadow-sm">
                    <h2 class="mb-4 text-lg font-semibold">"Sign in"</h2>
                    {move || notice().map(|n| view! { <p role="status" class="mb-4 rounded bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950/50 dark:text-amber-100" data-testid="login-notice">{n}</p> })}
                    // APG tabs, automatic activation: arrows, Home and End move and select.
                    <Show when=move || ldap.get() == Cap::Present>
                        <div role="tablist" aria-label="Sign-in method" class="mb-4 grid grid-cols-2 gap-1 rounded-md bg-surface-alt p-1 text-sm"
                            on:keydown=move |e| {
                                let next = match e.key().as_str() {
                                    "ArrowLeft" | "ArrowRight" => Some(if effective_mode() == Mode::Password { Mode::Token } else { Mode::Password }),
                                    "Home" => Some(Mode::Password),
                                    "End" => Some(Mode::Token),
                                    _ => None,
                                };
                                if let Some(m) = next {
                                    e.prevent_default();
                                    error.set(None);
                                    mode.set(Some(m));
                                    crate::dom::focus_by_id(if m == Mode::Password { "tab-password" } else { "tab-token" });
                                }
                            }>
                            <button type="button" role="tab" id="tab-password" aria-controls="login-panel" tabindex=move || if effective_mode() == Mode::Password { "0" } else { "-1" } aria-selected=move || (effective_mode() == Mode::Password).to_string() class="tab" on:click=move |_| { error.set(None); mode.set(Some(Mode::Password)) }>"Username"</button>
                            <button type="button" role="tab" id="tab-token" aria-controls="login-panel" tabindex=move || if effective_mode() == Mode::Token { "0" } else { "-1" } aria-selected=move || (effective_mode() == Mode::Token).to_string() class="tab" on:click=move |_| { error.set(None); mode.set(Some(Mode::Token)) }>"Access token"</button>
                        </div>
                    </Show>
                    <Show when=restoring>
                        <p class="mb-4 text-sm text-muted" aria-live="polite">"Checking for an existing session…"</p>
                    </Show>
                    // Unnamed on purpose: naming it after its tab would give the page a second
                    // "Username"/"Access token" label next to the fields'.
                    <div id="login-panel" role=move || (ldap.get() == Cap::Present).then_some("tabpanel")>
                    {move || if restoring() { ().into_any() } else { match effective_mode() {
                        Mode::Password => view! {
                            <form class="space-y-4" on:submit=move |ev| { ev.prevent_default(); if !pending() { login.dispatch(()); } }>
                                <label class="block">
                                    <span class="label">"Username"</span>
                                    <input class="input mt-1" name="username" autocomplete="username" required bind:value=username/>
                                </label>
                                <label class="block">
                                    <span class="label">"Password"</span>
                                    <input class="input mt-1" type="password" name="password" autocomplete="current-password" required bind:value=password/>
                                </label>
                                <button type="submit" class="btn-primary w-full" disabled=pending>{move || if login.pending().get() { "Signing in…" } else { "Sign in" }}</button>
                            </form>
                        }.into_any(),
                        Mode::Token => view! {
                            <form class="space-y-4" on:submit=move |ev| { ev.prevent_default(); if !pending() { paste.dispatch(()); } }>
                                <label class="block">
                                    <span class="label">"Access token"</span>
                                    <textarea class="input mt-1 h-28 font-mono text-xs" name="token" spellcheck="false" autocomplete="off" placeholder="eyJhbGciOi…" required bind:value=token></textarea>
                                </label>
                                <p class="text-xs text-muted">"The token stays in this tab's memory only. After a reload you will need to paste it again."</p>
                                <button type="submit" class="btn-primary w-full" disabled=pending>{move || if paste.pending().get() { "Checking token…" } else { "Sign in with token" }}</button>
                            </form>
                        }.into_any(),
                    }}}
                    </div>
                    {move || error.get().map(|e| view! { <p role="alert" class="mt-4 whitespace-pre-line rounded bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950/50 dark:text-red-200" data-testid="login-error">{e}</p> })}
                    {cfg.demo.then(|| view! {
                        <p class="mt-6 rounded border border-dashed border-slate-300 p-3 text-xs text-muted dark:border-slate-700" data-testid="demo-hint">
                            "Demo sandbox: sign in as " <strong>"admin / admin"</strong> " or " <strong>"viewer / viewer"</strong> "."
                        </p>
                    })}
                </div>
                <div class="mt-4 flex justify-center"><crate::components::shell::ThemeToggle/></div>
            </div>
        </main>
    }
}
