//! Modal dialogs (APG dialog-modal) on the native `<dialog>` opened with `showModal()`: the
//! browser puts it in the top layer and makes the rest of the page inert. We add what it leaves
//! out: focus goes to the first field (or first control), Tab and Shift+Tab wrap inside, Esc and
//! the backdrop go through the owner's close handler, and focus returns to the opener on close.
//! `Modal` is the shared core of `Dialog`, `ConfirmDialog` and the navigation drawer.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::html;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;

const FOCUSABLE: &str = "a[href],button:not([disabled]),input:not([disabled]):not([type=hidden]),select:not([disabled]),textarea:not([disabled]),summary,[tabindex]:not([tabindex='-1'])";
/// Where focus lands on open: a field if there is one (the user came to type), else a control.
const INITIAL: &str = "[data-autofocus],[data-dialog-body] input:not([disabled]):not([type=hidden]),[data-dialog-body] select,[data-dialog-body] textarea,[data-dialog-body] button:not([disabled])";

fn active_element() -> Option<web_sys::HtmlElement> {
    web_sys::window()?
        .document()?
        .active_element()?
        .dyn_into::<web_sys::HtmlElement>()
        .ok()
}

/// Visible, focusable descendants in document order.
fn focusables(root: &web_sys::Element) -> Vec<web_sys::HtmlElement> {
    let Ok(list) = root.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        .filter(|e| e.offset_width() > 0 || e.offset_height() > 0)
        .collect()
}

/// `showModal()` fails on a dialog not yet in the document, which is the case when it is built
/// inside a `Suspense` (the lazily loaded help and palette): try again on the next frames.
fn show_when_connected(d: web_sys::HtmlDialogElement, tries: u8) {
    if d.open() {
        return;
    }
    if !d.is_connected() {
        if tries > 0 {
            request_animation_frame(move || show_when_connected(d, tries - 1));
        }
        return;
    }
    let _ = d.show_modal();
    if let Ok(Some(first)) = d.query_selector(INITIAL) {
        if let Ok(first) = first.dyn_into::<web_sys::HtmlElement>() {
            let _ = first.focus();
        }
    }
}

/// The modal surface. `class` styles the `<dialog>` itself (position and size).
#[component]
pub fn Modal(
    open: RwSignal<bool>,
    on_close: Callback<()>,
    class: &'static str,
    #[prop(optional, into)] labelledby: Option<String>,
    #[prop(optional, into)] label: Option<String>,
    #[prop(optional, into)] testid: Option<&'static str>,
    children: ChildrenFn,
) -> impl IntoView {
    let el = NodeRef::<html::Dialog>::new();
    // Outlives this component's reactive values: the cleanup below still needs it.
    let opener = SendWrapper::new(Rc::new(RefCell::new(None::<web_sys::HtmlElement>)));
    let restore = {
        let opener = opener.clone();
        move || {
            if let Some(o) = opener.borrow_mut().take() {
                // After this frame: a dialog unmounted with its owner (the lazily loaded help,
                // palette and drawer) is still modal now, and the page behind it still inert.
                request_animation_frame(move || {
                    if o.is_connected() {
                        let _ = o.focus();
                    }
                });
            }
        }
    };
    let set_opener = {
        let opener = opener.clone();
        move |e: Option<web_sys::HtmlElement>| *opener.borrow_mut() = e
    };
    // Mounted (the `Show` below just rendered it): remember the opener, open modally, focus.
    Effect::new(move |_| {
        let Some(d) = el.get() else { return };
        if d.open() {
            return;
        }
        set_opener(active_element());
        show_when_connected(d, 60);
    });
    // Closed: give focus back to whatever opened the dialog, if it is still on the page; also
    // when the owner unmounts the whole modal (the help and the palette are shown that way).
    let restore2 = restore.clone();
    Effect::new(move |was_open: Option<bool>| {
        let is_open = open.get();
        if was_open == Some(true) && !is_open {
            restore2();
        }
        is_open
    });
    on_cleanup(restore);
    let on_key = move |e: web_sys::KeyboardEvent| {
        if e.key() != "Tab" {
            return;
        }
        let Some(d) = el.get_untracked() else { return };
        let items = focusables(&d);
        let (Some(first), Some(last)) = (items.first(), items.last()) else {
            e.prevent_default();
            return;
        };
        let active = active_element();
        let at = |x: &web_sys::HtmlElement| active.as_ref().is_some_and(|a| a == x);
        let on_dialog = active.as_ref().is_some_and(|a| {
            let a: &web_sys::Element = a;
            let d: &web_sys::Element = &d;
            a == d
        });
        if e.shift_key() && (at(first) || on_dialog) {
            e.prevent_default();
            let _ = last.focus();
        } else if !e.shift_key() && at(last) {
            e.prevent_default();
            let _ = first.focus();
        }
    };
    let children = StoredValue::new(children);
    view! {
        <Show when=move || open.get()>
            <dialog node_ref=el class=class aria-labelledby=labelledby.clone() aria-label=label.clone() data-testid=testid
                on:keydown=on_key
                // Esc: the owner decides (a dialog may ask before closing).
                on:cancel=move |e: web_sys::Event| { e.prevent_default(); on_close.run(()); }
                // Closed by the browser anyway (repeated Esc): sync, and reopen if the owner refuses.
                on:close=move |_| {
                    if open.get_untracked() {
                        on_close.run(());
                        if open.get_untracked() {
                            if let Some(d) = el.get_untracked() { let _ = d.show_modal(); }
                        }
                    }
                }
                on:click=move |e| {
                    // A click on the backdrop targets the <dialog> itself, never its content.
                    let on_backdrop = match (e.target(), el.get_untracked()) {
                        (Some(t), Some(d)) => { let d: &web_sys::EventTarget = &d; t == *d }
                        _ => false,
                    };
                    if on_backdrop { on_close.run(()); }
                }>
                {move || children.with_value(|c| c())}
            </dialog>
        </Show>
    }
}

#[component]
pub fn Dialog(
    open: RwSignal<bool>,
    #[prop(into)] title: String,
    children: ChildrenFn,
    #[prop(optional)] on_close: Option<Callback<()>>,
    /// Wider panel for tables and code.
    #[prop(optional)]
    wide: bool,
) -> impl IntoView {
    let close = Callback::new(move |_| match on_close {
        Some(cb) => cb.run(()),
        None => open.set(false),
    });
    let title_id = format!(
        "dlg-{}",
        title
            .to_ascii_lowercase()
            .replace(|c: char| !c.is_ascii_alphanumeric(), "-")
    );
    let class = if wide {
        "m-auto max-h-[calc(100dvh-2rem)] w-[calc(100%-2rem)] max-w-3xl overflow-y-auto rounded-lg border border-line bg-surface p-0 text-fg shadow-xl backdrop:bg-slate-900/50"
    } else {
        "m-auto max-h-[calc(100dvh-2rem)] w-[calc(100%-2rem)] max-w-lg overflow-y-auto rounded-lg border border-line bg-surface p-0 text-fg shadow-xl backdrop:bg-slate-900/50"
    };
    let children = StoredValue::new(children);
    let heading_id = title_id.clone();
    view! {
        <Modal open=open on_close=close class=class labelledby=title_id>
            <div class="p-5">
                <div class="mb-4 flex items-start justify-between gap-4">
                    <h2 id=heading_id.clone() class="text-lg font-semibold">{title.clone()}</h2>
                    <button type="button" class="btn-ghost -mr-2 -mt-1" aria-label="Close dialog" on:click=move |_| close.run(())>"×"</button>
                </div>
                <div data-dialog-body="">{move || children.with_value(|c| c())}</div>
            </div>
        </Modal>
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
                // Focus starts on the harmless choice (APG: least destructive action first).
                <button type="button" class="btn-secondary" data-autofocus="" on:click=move |_| open.set(false)>"Cancel"</button>
                <button type="button" class=if danger { "btn-danger" } else { "btn-primary" } disabled=move || pending.get() on:click=move |_| on_confirm.run(())>
                    {move || if pending.get() { "Working…".to_string() } else { confirm_label.get_value() }}
                </button>
            </div>
        </Dialog>
    }
}
