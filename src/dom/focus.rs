//! Focus, scrolling and visibility of the page's own elements.

use wasm_bindgen::JsCast;

pub fn page_visible() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_none_or(|d| d.visibility_state() == web_sys::VisibilityState::Visible)
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
