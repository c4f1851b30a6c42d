//! Route announcer (WCAG 2.4.2, 4.1.3): every route gets its own `document.title`
//! ("Servers · SARK Console"), and after an in-app navigation focus moves to the new page's `h1`,
//! so a screen reader reads where the user arrived. The first load keeps the browser's focus.

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::hooks::use_location;
use wasm_bindgen::JsCast;

pub const APP: &str = "SARK Console";

/// The document title's page name for a location.
pub fn route_title(path: &str) -> &'static str {
    crate::sitemap::Page::of(path).title()
}

pub fn document_title(page: &str) -> String {
    format!("{page} · {APP}")
}

/// Whether going from `prev` to `next` lands on another page. The policies list and the policy it
/// shows are one page (master-detail): choosing a policy keeps focus in the list.
pub fn is_new_page(prev: &str, next: &str) -> bool {
    let section = |p: &str| {
        p.trim_matches('/')
            .split('/')
            .next()
            .unwrap_or("")
            .to_string()
    };
    prev != next && !(section(prev) == "policies" && section(next) == "policies")
}

pub fn set_title(page: &str) {
    if let Some(d) = web_sys::window().and_then(|w| w.document()) {
        d.set_title(&document_title(page));
    }
}

fn main_heading() -> Option<web_sys::HtmlElement> {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("main h1").ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
}

/// Focuses the new page's main heading once the (possibly lazy) page has rendered it: the old
/// page's heading stays in place until the new page's code has arrived, so wait for another one
/// (or for the old one to go); gives up after ~3 s and then takes whatever heading is there.
fn focus_heading(old: Option<web_sys::HtmlElement>, tries: u32) {
    let h1 = main_heading();
    let fresh = match (&h1, &old) {
        (Some(h), Some(o)) => h != o || !o.is_connected(),
        (Some(_), None) => true,
        (None, _) => false,
    };
    match h1 {
        Some(h) if fresh || tries == 0 => {
            // Focusable by script only: not a Tab stop.
            if !h.has_attribute("tabindex") {
                let _ = h.set_attribute("tabindex", "-1");
            }
            let _ = h.focus();
        }
        _ if tries > 0 => set_timeout(
            move || focus_heading(old, tries - 1),
            Duration::from_millis(50),
        ),
        _ => {}
    }
}

/// Call once in the signed-in shell.
pub fn install() {
    let location = use_location();
    Effect::new(move |prev: Option<String>| {
        let path = location.pathname.get();
        set_title(route_title(&path));
        if let Some(prev) = prev {
            if is_new_page(&prev, &path) {
                focus_heading(main_heading(), 60);
            }
        }
        path
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_per_route() {
        assert_eq!(route_title("/servers/6f1c"), "Server details");
        assert_eq!(document_title("Audit log"), "Audit log · SARK Console");
    }

    #[test]
    fn master_detail_is_one_page() {
        assert!(is_new_page("/", "/servers"));
        assert!(is_new_page("/servers", "/servers/abc"));
        assert!(!is_new_page("/policies", "/policies/mcp.a"));
        assert!(!is_new_page("/policies/a", "/policies/b"));
        assert!(!is_new_page("/audit", "/audit"));
    }
}
