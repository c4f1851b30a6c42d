//! Shared UI pieces. Looks live here as components, not CSS files.

pub mod announcer;
pub mod bidi;
pub mod charts;
pub mod copy;
pub mod dialog;
pub mod drawer;
pub mod export;
pub mod form;
pub mod live;
pub mod palette;
pub mod shell;
pub mod table;
pub mod text;

use leptos::prelude::*;

use crate::api::models::{Decision, Sensitivity, ServerStatus};
use crate::api::ApiError;

pub fn status_class(s: &ServerStatus) -> &'static str {
    match s {
        ServerStatus::Registered => {
            "bg-blue-100 text-blue-800 dark:bg-blue-900/60 dark:text-blue-200"
        }
        ServerStatus::Active => {
            "bg-green-100 text-green-800 dark:bg-green-900/60 dark:text-green-200"
        }
        ServerStatus::Inactive => {
            "bg-slate-200 text-slate-700 dark:bg-slate-700 dark:text-slate-200"
        }
        ServerStatus::Unhealthy => "bg-red-100 text-red-800 dark:bg-red-900/60 dark:text-red-200",
        ServerStatus::Decommissioned => {
            "bg-slate-700 text-white dark:bg-slate-900 dark:text-slate-300"
        }
        ServerStatus::Unknown(_) => {
            "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300"
        }
    }
}

pub fn sensitivity_class(s: &Sensitivity) -> &'static str {
    match s {
        Sensitivity::Low => "bg-green-100 text-green-800 dark:bg-green-900/60 dark:text-green-200",
        Sensitivity::Medium => {
            "bg-yellow-100 text-yellow-900 dark:bg-yellow-900/60 dark:text-yellow-100"
        }
        Sensitivity::High => {
            "bg-orange-100 text-orange-900 dark:bg-orange-900/60 dark:text-orange-100"
        }
        Sensitivity::Critical => "bg-red-100 text-red-800 dark:bg-red-900/60 dark:text-red-200",
        Sensitivity::Unknown(_) => {
            "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300"
        }
    }
}

pub fn decision_class(d: &Decision) -> &'static str {
    match d {
        Decision::Allow => "bg-green-100 text-green-800 dark:bg-green-900/60 dark:text-green-200",
        Decision::Deny => "bg-red-100 text-red-800 dark:bg-red-900/60 dark:text-red-200",
        Decision::Unknown(_) => "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300",
    }
}

/// A pill. `class` picks the colours from the helpers above.
#[component]
pub fn Badge(#[prop(into)] text: String, class: &'static str) -> impl IntoView {
    view! { <span class=format!("inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap {class}")>{text}</span> }
}

#[component]
pub fn StatusBadge(status: ServerStatus) -> impl IntoView {
    view! { <Badge text=status.label() class=status_class(&status)/> }
}

#[component]
pub fn SensitivityBadge(level: Sensitivity) -> impl IntoView {
    view! { <Badge text=level.label() class=sensitivity_class(&level)/> }
}

/// Grey placeholder bars while data loads; `aria-busy` tells screen readers why it is empty.
#[component]
pub fn Skeleton(
    #[prop(default = 3)] lines: usize,
    #[prop(default = "h-4")] height: &'static str,
) -> impl IntoView {
    view! {
        <div class="animate-pulse space-y-3" aria-busy="true" aria-label="Loading">
            {(0..lines).map(|i| view! { <div class=format!("{height} rounded bg-slate-200 dark:bg-slate-700 {}", if i % 2 == 1 { "w-5/6" } else { "w-full" })></div> }).collect_view()}
        </div>
    }
}

/// An error with its user-facing message and, when it can help, a retry button. `what` names
/// what failed ("servers, page 2, tag filter \"pci\"") and `children` add ways out (first page,
/// clear filters). A 429 counts down from its `Retry-After` and keeps Retry disabled meanwhile.
#[component]
pub fn ErrorPanel(
    error: ApiError,
    #[prop(optional, into)] on_retry: Option<Callback<()>>,
    #[prop(optional, into)] what: String,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    if error.is_not_provided() {
        return view! { <NotProvided feature=what/> }.into_any();
    }
    let heading = if what.is_empty() {
        "Something went wrong".to_string()
    } else {
        format!("Could not load {what}")
    };
    // Only a 429 with a Retry-After gets a ticking countdown.
    let cooldown = crate::hooks::retry_after::wait_secs(&error).map(|_| {
        let c = crate::hooks::retry_after::use_cooldown();
        c.arm(&error);
        c
    });
    let left = move || cooldown.map_or(0, |c| c.left());
    let message = error.message();
    let text = move || match left() {
        0 => message.clone(),
        n => crate::hooks::retry_after::countdown_text(n),
    };
    view! {
        <div role="alert" class="rounded-md border border-red-300 bg-red-50 p-4 text-red-900 dark:border-red-800 dark:bg-red-950/50 dark:text-red-100" data-testid="error-panel">
            <p class="font-medium">{heading}</p>
            <p class="mt-1 whitespace-pre-line text-sm" data-testid="error-message">{text}</p>
            <div class="mt-3 flex flex-wrap gap-2">
                {on_retry.map(|cb| view! {
                    <button type="button" class="btn-secondary" disabled=move || { left() > 0 } on:click=move |_| cb.run(())>"Retry"</button>
                })}
                {children.map(|c| c())}
            </div>
        </div>
    }
    .into_any()
}

/// The plain-words panel for a tier-D feature this SARK server does not serve.
#[component]
pub fn NotProvided(
    #[prop(into)] feature: String,
    #[prop(optional, into)] children: Option<Children>,
) -> impl IntoView {
    let title = if feature.is_empty() {
        "Not provided by this SARK server".to_string()
    } else {
        format!("{feature} not provided by this SARK server")
    };
    view! {
        <div role="status" class="rounded-md border border-amber-300 bg-amber-50 p-4 text-amber-900 dark:border-amber-700 dark:bg-amber-950/40 dark:text-amber-100" data-testid="not-provided">
            <p class="font-medium">{title}</p>
            <p class="mt-1 text-sm">"This SARK deployment does not offer this feature, so its actions are hidden. Everything else keeps working."</p>
            {children.map(|c| c())}
        </div>
    }
}

/// Page title row with optional actions on the right.
#[component]
pub fn PageHeader(
    #[prop(into)] title: String,
    #[prop(optional, into)] subtitle: Option<String>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <div class="mb-6 flex flex-wrap items-end justify-between gap-3">
            <div>
                <h1 class="text-2xl font-semibold tracking-tight">{title}</h1>
                {subtitle.map(|s| view! { <p class="mt-1 text-sm text-muted">{s}</p> })}
            </div>
            <div class="flex flex-wrap items-center gap-2">{children.map(|c| c())}</div>
        </div>
    }
}

/// Shown by the root `ErrorBoundary`: something failed that no page handled.
#[component]
pub fn Crash(errors: ArcRwSignal<Errors>) -> impl IntoView {
    view! {
        <div role="alert" class="mx-auto mt-24 max-w-lg rounded-md border border-red-300 bg-white p-6 dark:border-red-800 dark:bg-slate-900">
            <h1 class="text-lg font-semibold">"The console hit an unexpected problem"</h1>
            <ul class="mt-2 list-disc pl-5 text-sm">
                {move || errors.get().into_iter().map(|(_, e)| view! { <li>{e.to_string()}</li> }).collect_view()}
            </ul>
            <a href="/" class="btn-primary mt-4 inline-block">"Reload the console"</a>
        </div>
    }
}

/// A definition-list row for detail views; `None` renders as an en dash.
#[component]
pub fn Field(#[prop(into)] label: String, #[prop(into)] value: Option<String>) -> impl IntoView {
    view! {
        <div class="py-2 sm:grid sm:grid-cols-3 sm:gap-4">
            <dt class="text-sm font-medium text-muted">{label}</dt>
            // Server-supplied: isolated for bidi, newlines kept, long words broken.
            <dd class="mt-1 whitespace-pre-line text-sm [overflow-wrap:anywhere] [unicode-bidi:isolate] sm:col-span-2 sm:mt-0">{value.filter(|v| !v.is_empty()).unwrap_or_else(|| "–".into())}</dd>
        </div>
    }
}

/// Definition-list rows (`Field`s) from label/value pairs: one loop instead of one view type
/// per list.
pub fn fields(rows: Vec<(&'static str, Option<String>)>) -> impl IntoView {
    rows.into_iter()
        .map(|(label, value)| view! { <Field label=label value=value/> })
        .collect_view()
}
