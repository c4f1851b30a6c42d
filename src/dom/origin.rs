//! Cookies and the page's own origin (scheme, host).

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
