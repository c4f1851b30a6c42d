//! 404 for unknown routes, inside and outside the signed-in frame.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

#[component]
pub fn NotFound() -> impl IntoView {
    crate::components::announcer::set_title("Page not found");
    view! {
        <main class="mx-auto mt-24 max-w-md px-4 text-center">
            <NotFoundBody/>
        </main>
    }
}

#[component]
pub fn NotFoundInShell() -> impl IntoView {
    view! { <div class="mx-auto mt-12 max-w-md text-center"><NotFoundBody/></div> }
}

#[component]
fn NotFoundBody() -> impl IntoView {
    let location = use_location();
    view! {
        <p class="text-sm font-semibold text-accent">"404"</p>
        <h1 class="mt-2 text-2xl font-semibold">"Page not found"</h1>
        <p class="mt-2 text-sm text-muted">
            "There is no page at " <code class="break-all rounded bg-slate-100 px-1 dark:bg-slate-800">{move || location.pathname.get()}</code> "."
        </p>
        <A href="/" attr:class="btn-primary mt-6 inline-block">"Go to the dashboard"</A>
    }
}
