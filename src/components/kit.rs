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

/// A value fetched by `fetch`, fetched again when a signal read by `fetch` (outside its async
/// part) changes or on [`Loaded::reload`]. `None` while loading for new inputs; a reload keeps
/// the old value until the new one arrives. A leaner stand-in for `LocalResource` + `Suspense`:
/// no async-derived machinery, so far less wasm per use. Late answers of superseded loads are
/// dropped.
pub struct Loaded<T: Send + Sync + 'static> {
    pub value: RwSignal<Option<T>>,
    again: RwSignal<u64>,
}

impl<T: Send + Sync + 'static> Clone for Loaded<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Loaded<T> {}

impl<T: Send + Sync + 'static> Loaded<T> {
    pub fn new<Fut>(fetch: impl Fn() -> Fut + 'static) -> Self
    where
        Fut: std::future::Future<Output = T> + 'static,
    {
        let value = RwSignal::new(None);
        let again = RwSignal::new(0u64);
        let run = StoredValue::new(0u64);
        Effect::new(move |prev: Option<u64>| {
            let n = again.get();
            if prev == Some(n) {
                value.set(None);
            }
            let fut = fetch();
            let id = run.get_value() + 1;
            run.set_value(id);
            leptos::task::spawn_local(async move {
                let v = fut.await;
                if run.try_get_value() == Some(id) {
                    value.try_set(Some(v));
                }
            });
            n
        });
        Loaded { value, again }
    }

    pub fn reload(&self) {
        self.again.update(|n| *n += 1);
    }
}

/// Runs `task` unless one is already running, with `busy` true meanwhile: a lean stand-in for
/// `Action` (buttons read `busy` to disable themselves).
pub fn run(busy: RwSignal<bool>, task: impl std::future::Future<Output = ()> + 'static) {
    if busy.get_untracked() {
        return;
    }
    busy.set(true);
    leptos::task::spawn_local(async move {
        task.await;
        busy.try_set(false);
    });
}

/// Definition-list rows (`Field`s) from label/value pairs: one loop instead of one view type
/// per list.
pub fn fields(rows: Vec<(&'static str, Option<String>)>) -> impl IntoView {
    rows.into_iter()
        .map(|(label, value)| view! { <crate::components::Field label=label value=value/> })
        .collect_view()
}
