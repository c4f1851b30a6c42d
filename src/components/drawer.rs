//! The navigation drawer below `md`: a modal (`dialog::Modal`: focus in, Tab kept inside, inert
//! page, Esc, focus back on the menu button) sliding from the left, closed by its owner when the
//! route changes or a link inside is chosen.

use leptos::prelude::*;

use crate::components::dialog::Modal;

#[component]
pub fn Drawer(
    open: RwSignal<bool>,
    #[prop(into)] label: String,
    children: ChildrenFn,
) -> impl IntoView {
    let close = Callback::new(move |_| open.set(false));
    let children = StoredValue::new(children);
    view! {
        <Modal open=open on_close=close label=label
            class="m-0 h-dvh max-h-none w-64 max-w-[85vw] border-r border-line bg-surface p-0 text-fg shadow-xl backdrop:bg-slate-900/50">
            <div class="flex items-center justify-between border-b border-line px-4 py-3">
                <span class="font-semibold">"SARK"</span>
                <button type="button" class="btn-ghost" aria-label="Close navigation" on:click=move |_| open.set(false)>"×"</button>
            </div>
            // A chosen link closes the drawer even when it points at the current page.
            <div data-dialog-body="" on:click=move |e| {
                let on_link = e.target()
                    .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
                    .and_then(|el| el.closest("a[href]").ok().flatten())
                    .is_some();
                if on_link { request_animation_frame(move || open.set(false)); }
            }>
                {move || children.with_value(|c| c())}
            </div>
        </Modal>
    }
}
