//! A copy-to-clipboard button that says whether it worked.

use leptos::prelude::*;

use crate::toast::use_toasts;

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
