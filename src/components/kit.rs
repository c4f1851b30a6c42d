//! Small generic pieces shared by several pages (policies, audit, API keys): a copy button,
//! a JSON block, a field error line and the table header look.

use leptos::prelude::*;

use crate::toast::use_toasts;

/// Table header cell classes (`<th scope="col" class=TH>`).
pub const TH: &str = crate::components::table::TH;
/// Table head row classes.
pub const THEAD: &str = crate::components::table::THEAD;

/// Copies `text` exactly (no quotes, no trimming) and says so in a toast; `on_copied` runs
/// after a successful copy.
#[component]
pub fn CopyButton(
    #[prop(into)] text: Signal<String>,
    #[prop(default = "Copy")] label: &'static str,
    #[prop(optional)] on_copied: Option<Callback<()>>,
) -> impl IntoView {
    let toasts = use_toasts();
    let copy = move |_| {
        let t = text.get_untracked();
        leptos::task::spawn_local(async move {
            match crate::dom::copy_text(&t).await {
                Ok(()) => {
                    toasts.success("Copied to the clipboard");
                    if let Some(cb) = on_copied {
                        cb.try_run(());
                    }
                }
                Err(e) => toasts.error(e),
            }
        });
    };
    view! { <button type="button" class="btn-secondary" on:click=copy>{label}</button> }
}

/// A JSON value pretty-printed (2-space indent) as text, never as markup.
#[component]
pub fn JsonBlock(value: serde_json::Value) -> impl IntoView {
    let text = serde_json::to_string_pretty(&value).unwrap_or_default();
    // Focusable so long lines scroll from the keyboard (WCAG 2.1.1).
    view! { <pre class="scroll-region max-h-80 rounded-md bg-surface-alt p-3 font-mono text-xs" tabindex="0" role="region" aria-label="JSON">{text}</pre> }
}

/// The error line under a form field; point the field's `aria-describedby` at `id`.
#[component]
pub fn FieldError(id: &'static str, #[prop(into)] msg: Signal<Option<String>>) -> impl IntoView {
    view! {
        <p id=id class="mt-1 whitespace-pre-line text-sm text-red-700 dark:text-red-300">{move || msg.get()}</p>
    }
}

/// `aria-invalid` value for a field with an optional error.
pub fn invalid(msg: Signal<Option<String>>) -> impl Fn() -> &'static str + Copy {
    move || {
        if msg.with(Option::is_some) {
            "true"
        } else {
            "false"
        }
    }
}

/// Definition-list rows (`Field`s) from label/value pairs: one loop instead of one view type
/// per list.
pub fn fields(rows: Vec<(&'static str, Option<String>)>) -> impl IntoView {
    rows.into_iter()
        .map(|(label, value)| view! { <crate::components::Field label=label value=value/> })
        .collect_view()
}

/// Characters of a description shown before "Show more".
const CLAMP_CHARS: usize = 240;

/// A server-supplied description: bidi-isolated, newlines kept, long words broken so it never
/// widens its table, and clipped after a few lines with the full text one click away.
#[component]
pub fn LongText(
    #[prop(into)] text: String,
    #[prop(optional)] class: &'static str,
) -> impl IntoView {
    let long = text.chars().count() > CLAMP_CHARS || text.lines().count() > 3;
    let open = RwSignal::new(false);
    // Whole class strings (Tailwind only generates classes it finds spelled out); line-clamp
    // sets its own display, so the clipped state has no `block`.
    let class_of = move |clipped: bool| {
        let base = "max-w-prose min-w-40 whitespace-pre-line [overflow-wrap:anywhere] [unicode-bidi:isolate]";
        if clipped {
            format!("{base} line-clamp-3 {class}")
        } else {
            format!("{base} block {class}")
        }
    };
    view! {
        <span class=move || class_of(long && !open.get()) data-testid="long-text">{text}</span>
        {long.then(|| view! {
            <button type="button" class="text-xs font-medium text-indigo-700 hover:underline dark:text-indigo-300"
                aria-expanded=move || open.get().to_string() on:click=move |_| open.update(|o| *o = !*o)>
                {move || if open.get() { "Show less" } else { "Show more" }}
            </button>
        })}
    }
}
