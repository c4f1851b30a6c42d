//! The Rego view: highlighted by `super::rego` (text nodes in `<span class>`, never markup),
//! line numbers in a gutter, optional problem marks, and — for the editor — a transparent
//! `<textarea>` laid exactly over the highlighted text, so the browser does all the editing.

use leptos::prelude::*;

use super::rego::{self, Kind};

/// Highlighted spans; neighbouring plain tokens are merged into one text node.
fn highlight(src: &str) -> Vec<(&'static str, String)> {
    let mut out: Vec<(&'static str, String)> = Vec::new();
    for t in rego::tokenize(src) {
        let class = t.kind.class();
        match out.last_mut() {
            Some((c, text)) if class.is_empty() && c.is_empty() => text.push_str(t.text),
            _ => out.push((class, t.text.to_owned())),
        }
    }
    // A trailing newline opens a last line that a <pre> would not draw.
    if src.ends_with('\n') || src.is_empty() {
        out.push((Kind::Space.class(), " ".into()));
    }
    out
}

/// `marks`: 1-based lines with a problem (`true` = error, `false` = warning).
#[component]
pub fn RegoCode(
    #[prop(into)] src: Signal<String>,
    #[prop(into, optional)] marks: Signal<Vec<(usize, bool)>>,
    /// Makes it an editor bound to this text.
    #[prop(optional)]
    edit: Option<RwSignal<String>>,
    #[prop(into, optional)] invalid: Signal<bool>,
) -> impl IntoView {
    let gutter = move || {
        let m = marks.get();
        (1..=src.with(|s| rego::line_count(s)))
            .map(|i| {
                let class = match m.iter().find(|x| x.0 == i) {
                    Some((_, true)) => "bg-red-200 text-red-900 dark:bg-red-900 dark:text-red-100",
                    Some(_) => "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100",
                    None => "",
                };
                view! { <div class=class>{i}</div> }
            })
            .collect_view()
    };
    let code = move || {
        src.with(|s| highlight(s))
            .into_iter()
            .map(|(class, text)| view! { <span class=class>{text}</span> })
            .collect_view()
    };
    let editor = edit.map(|text| {
        view! {
            <textarea class="m-0 resize-none overflow-hidden whitespace-pre bg-transparent p-3 text-transparent caret-slate-900 outline-none [grid-area:1/1] [tab-size:4] dark:caret-white"
                aria-label="Rego source" aria-describedby="rego-problems" aria-invalid=move || invalid.get().to_string()
                spellcheck="false" autocomplete="off" autocapitalize="off" wrap="off" data-testid="rego-input"
                rows=move || text.with(|s| rego::line_count(s))
                cols=move || text.with(|s| rego::widest_line(s)) + 2
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))></textarea>
        }
    });
    let hidden = edit.is_some().then_some("true");
    // Read-only code scrolls by keyboard too: a named, focusable region (the editor's textarea
    // already takes focus).
    let read_only = edit.is_none();
    view! {
        <div class="flex max-h-[65vh] max-w-full overflow-auto rounded-md border border-line bg-surface font-mono text-sm leading-6 focus-within:ring-2 focus-within:ring-indigo-500 focus-visible:outline-2 focus-visible:outline-indigo-600 dark:bg-slate-950"
            tabindex=read_only.then_some("0") role=read_only.then_some("region") aria-label=read_only.then_some("Policy source")>
            <div aria-hidden="true" class="sticky left-0 select-none border-r border-line bg-surface-alt py-3 text-right text-muted [&>div]:px-2" data-testid="rego-gutter">
                {gutter}
            </div>
            <div class="grid min-w-0 flex-1">
                <pre class="m-0 whitespace-pre p-3 [grid-area:1/1] [tab-size:4]" aria-hidden=hidden data-testid="rego-code"><code>{code}</code></pre>
                {editor}
            </div>
        </div>
    }
}
