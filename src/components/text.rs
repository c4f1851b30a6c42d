//! Server-supplied text shown as text, never as markup: a JSON block and a long description.

use leptos::prelude::*;

/// A JSON value pretty-printed (2-space indent) as text, never as markup.
#[component]
pub fn JsonBlock(value: serde_json::Value) -> impl IntoView {
    let text = serde_json::to_string_pretty(&value).unwrap_or_default();
    // Focusable so long lines scroll from the keyboard (WCAG 2.1.1).
    view! { <pre class="scroll-region max-h-80 rounded-md bg-surface-alt p-3 font-mono text-xs" tabindex="0" role="region" aria-label="JSON">{text}</pre> }
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
