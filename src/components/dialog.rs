//! Modal dialogs: `role="dialog"`, labelled by their title, closed by Esc, the backdrop or the
//! close button, focus moved inside on open. `ConfirmDialog` names what it is about to do.

use leptos::html;
use leptos::prelude::*;

use crate::shortcuts::use_overlays;

#[component]
pub fn Dialog(
    open: RwSignal<bool>,
    #[prop(into)] title: String,
    children: ChildrenFn,
    #[prop(optional)] on_close: Option<Callback<()>>,
) -> impl IntoView {
    let overlays = use_overlays();
    let close = move || match on_close {
        Some(cb) => cb.run(()),
        None => open.set(false),
    };
    // Esc anywhere closes the top dialog.
    let first = StoredValue::new(true);
    Effect::new(move |_| {
        overlays.escape.track();
        if first.get_value() {
            first.set_value(false);
            return;
        }
        if open.get_untracked() {
            close();
        }
    });
    let panel = NodeRef::<html::Div>::new();
    Effect::new(move |_| {
        if open.get() {
            if let Some(p) = panel.get() {
                let _ = p.focus();
            }
        }
    });
    let title_id = format!(
        "dlg-{}",
        title
            .to_ascii_lowercase()
            .replace(|c: char| !c.is_ascii_alphanumeric(), "-")
    );
    let children = StoredValue::new(children);
    view! {
        <Show when=move || open.get()>
            <div class="fixed inset-0 z-50 flex items-start justify-center overflow-y-auto p-4 sm:items-center">
                <div class="fixed inset-0 bg-slate-900/50" aria-hidden="true" on:click=move |_| close()></div>
                <div node_ref=panel tabindex="-1" role="dialog" aria-modal="true" aria-labelledby=title_id.clone()
                    class="relative w-full max-w-lg rounded-lg border border-slate-200 bg-white p-5 shadow-xl outline-none dark:border-slate-700 dark:bg-slate-900">
                    <div class="mb-4 flex items-start justify-between gap-4">
                        <h2 id=title_id.clone() class="text-lg font-semibold">{title.clone()}</h2>
                        <button type="button" class="btn-ghost -mr-2 -mt-1" aria-label="Close dialog" on:click=move |_| close()>"×"</button>
                    </div>
                    {move || children.with_value(|c| c())}
                </div>
            </div>
        </Show>
    }
}

/// Asks before a consequential action. The confirm button says exactly what will happen.
#[component]
pub fn ConfirmDialog(
    open: RwSignal<bool>,
    #[prop(into)] title: String,
    #[prop(into)] message: Signal<String>,
    #[prop(into)] confirm_label: String,
    on_confirm: Callback<()>,
    #[prop(optional, into)] pending: Signal<bool>,
    #[prop(default = true)] danger: bool,
) -> impl IntoView {
    let confirm_label = StoredValue::new(confirm_label);
    view! {
        <Dialog open=open title=title>
            <p class="whitespace-pre-line text-sm" data-testid="confirm-message">{move || message.get()}</p>
            <div class="mt-6 flex justify-end gap-2">
                <button type="button" class="btn-secondary" on:click=move |_| open.set(false)>"Cancel"</button>
                <button type="button" class=if danger { "btn-danger" } else { "btn-primary" } disabled=move || pending.get() on:click=move |_| on_confirm.run(())>
                    {move || if pending.get() { "Working…".to_string() } else { confirm_label.get_value() }}
                </button>
            </div>
        </Dialog>
    }
}
