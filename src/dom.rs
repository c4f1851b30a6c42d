//! The few browser calls the console needs, in one place, each degrading quietly when the API
//! is missing (old browser, privacy mode) instead of panicking.

use wasm_bindgen::JsCast;

fn document() -> Option<web_sys::HtmlDocument> {
    web_sys::window()?
        .document()?
        .dyn_into::<web_sys::HtmlDocument>()
        .ok()
}

pub fn cookies() -> String {
    document().and_then(|d| d.cookie().ok()).unwrap_or_default()
}

pub fn set_cookie(line: &str) {
    if let Some(d) = document() {
        let _ = d.set_cookie(line);
    }
}

pub fn is_https() -> bool {
    web_sys::window()
        .and_then(|w| w.location().protocol().ok())
        .is_some_and(|p| p == "https:")
}

/// Host for same-origin WebSocket URLs, e.g. `console.example.com:8443`.
pub fn location_host() -> String {
    web_sys::window()
        .and_then(|w| w.location().host().ok())
        .unwrap_or_default()
}

/// Cryptographically random bytes from Web Crypto; falls back to `Math.random` only if Web
/// Crypto is missing, which no supported browser lacks.
pub fn random_bytes() -> [u8; 32] {
    let mut buf = [0u8; 32];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .and_then(|c| c.get_random_values_with_u8_array(&mut buf).ok())
        .is_some();
    if !filled {
        for b in buf.iter_mut() {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    buf
}

/// Uniform in [0, 1).
pub fn random_unit() -> f64 {
    js_sys::Math::random()
}

/// Unix time in seconds.
pub fn now_secs() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// The user's stored UI preference for `key` (the theme); credentials never go here.
pub fn pref_get(key: &str) -> Option<String> {
    web_sys::window()?
        .local_storage()
        .ok()??
        .get_item(key)
        .ok()?
}

pub fn pref_set(key: &str, value: &str) {
    if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = s.set_item(key, value);
    }
}

pub fn prefers_dark() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches())
}

/// Adds or removes `class` on `<html>`.
pub fn set_root_class(class: &str, on: bool) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let list = el.class_list();
        let _ = if on {
            list.add_1(class)
        } else {
            list.remove_1(class)
        };
    }
}

pub fn page_visible() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_none_or(|d| d.visibility_state() == web_sys::VisibilityState::Visible)
}

/// Saves `contents` as a file through a temporary object URL and `<a download>`.
pub fn download(filename: &str, mime: &str, contents: &str) -> Result<(), String> {
    let fail = |_| "The browser refused to create the file.".to_string();
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(contents));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts).map_err(fail)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("No document")?;
    let a: web_sys::HtmlAnchorElement = doc
        .create_element("a")
        .map_err(fail)?
        .dyn_into()
        .map_err(|_| "No anchor".to_string())?;
    a.set_href(&url);
    a.set_download(filename);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// Copies `text` exactly to the clipboard.
pub async fn copy_text(text: &str) -> Result<(), String> {
    let clipboard = web_sys::window()
        .ok_or("No window")?
        .navigator()
        .clipboard();
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(text))
        .await
        .map(|_| ())
        .map_err(|_| {
            "The browser did not allow copying. Select the text and copy it by hand.".to_string()
        })
}

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

/// `(scrollTop, clientHeight)` of the element an event (a `scroll`) happened on.
pub fn scroll_of(e: &web_sys::Event) -> (i32, i32) {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .map_or((0, 0), |el| (el.scroll_top(), el.client_height()))
}

/// Scrolls an element's content back to the top.
pub fn scroll_to_top(el: &web_sys::Element) {
    el.set_scroll_top(0);
}

/// Moves keyboard focus to the element with `id` (a field with an error, a step heading).
pub fn focus_by_id(id: &str) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
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
