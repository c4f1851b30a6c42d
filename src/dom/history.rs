//! Leaving the page and the browser history.

use wasm_bindgen::JsCast;

/// While `active()` holds, leaving the page needs a confirmation: the browser asks before an
/// unload (reload, closing the tab), and a plain left click on an in-app link (`href="/…"`) goes
/// to `on_link(href)` instead of the router (the router skips clicks whose default is
/// prevented). Listeners are removed when the calling component is cleaned up.
pub fn guard_leaving(active: impl Fn() -> bool + 'static, on_link: impl Fn(String) + 'static) {
    use wasm_bindgen::closure::Closure;
    let Some(win) = web_sys::window() else {
        return;
    };
    let active = std::rc::Rc::new(active);
    let a2 = active.clone();
    let unload = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
        if a2() {
            e.prevent_default();
            let _ = js_sys::Reflect::set(&e, &"returnValue".into(), &"".into());
        }
    });
    let click = Closure::<dyn FnMut(web_sys::MouseEvent)>::new(move |e: web_sys::MouseEvent| {
        if e.button() != 0 || e.ctrl_key() || e.meta_key() || e.shift_key() || e.alt_key() {
            return;
        }
        let href = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("a[href]").ok().flatten())
            .and_then(|a| a.get_attribute("href"))
            .filter(|h| h.starts_with('/') && !h.starts_with("//"));
        if let Some(h) = href.filter(|_| active()) {
            e.prevent_default();
            on_link(h);
        }
    });
    let _ = win.add_event_listener_with_callback("beforeunload", unload.as_ref().unchecked_ref());
    let _ = win.add_event_listener_with_callback_and_bool(
        "click",
        click.as_ref().unchecked_ref(),
        true,
    );
    let parts = send_wrapper::SendWrapper::new((win, unload, click));
    leptos::prelude::on_cleanup(move || {
        let (win, unload, click) = parts.take();
        let _ = win
            .remove_event_listener_with_callback("beforeunload", unload.as_ref().unchecked_ref());
        let _ = win.remove_event_listener_with_callback_and_bool(
            "click",
            click.as_ref().unchecked_ref(),
            true,
        );
    });
}

/// Whether the current history entry's state is the string `marker`.
pub fn history_state_is(marker: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.history().ok())
        .and_then(|h| h.state().ok())
        .and_then(|s| s.as_string())
        .is_some_and(|s| s == marker)
}

/// The browser's Back button.
pub fn history_back() {
    if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = h.back();
    }
}

/// The address bar's path (`/servers`), for the start-up view, before the router exists.
pub fn location_path() -> String {
    web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_else(|| "/".to_owned())
}

/// The address bar's path and query (`/servers?status=active`).
pub fn location_path_and_query() -> String {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    format!("{}{search}", location_path())
}

/// Changes the address without a history entry or a reload (before the router exists: once it
/// does, it navigates).
pub fn replace_address(url: &str) {
    if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url));
    }
}
