//! A text filter whose value lives in the URL: typed locally, written to the URL 400 ms after
//! the last keystroke (so typing neither floods history nor refetches per key), updated when the
//! URL changes (back/forward), and capped at a length the API accepts (a 100 000-character paste
//! would otherwise become an HTTP 414 from the proxy) with a message saying so.

use leptos::prelude::*;
use std::time::Duration;

/// Longest search text sent: the longest server name SARK accepts (255).
pub const SEARCH_MAX: usize = 255;
/// Longest comma list of tags sent.
pub const TAGS_MAX: usize = 500;

const DEBOUNCE: Duration = Duration::from_millis(400);

/// `s` cut to `max` characters (never inside a character), and whether it was cut.
pub fn cap_chars(s: &str, max: usize) -> (String, bool) {
    match s.char_indices().nth(max) {
        Some((at, _)) => (s[..at].to_owned(), true),
        None => (s.to_owned(), false),
    }
}

/// The message under a capped field.
pub fn cap_message(max: usize) -> String {
    format!("Shortened to {max} characters, the longest this search accepts.")
}

/// `Copy` handles: bind `text` to the input's value, call [`UrlText::input`] on input, show
/// `note` under it.
#[derive(Clone, Copy)]
pub struct UrlText {
    pub text: RwSignal<String>,
    pub note: RwSignal<Option<String>>,
    max: usize,
    debounce: StoredValue<Option<TimeoutHandle>>,
    commit: Callback<String>,
}

impl UrlText {
    /// A keystroke or paste: kept locally (capped), committed after the pause.
    pub fn input(&self, raw: String) {
        let (kept, cut) = cap_chars(&raw, self.max);
        self.note.set(cut.then(|| cap_message(self.max)));
        self.text.set(kept.clone());
        if let Some(h) = self.debounce.get_value() {
            h.clear();
        }
        let commit = self.commit;
        let h = set_timeout_with_handle(move || commit.run(kept), DEBOUNCE).ok();
        self.debounce.set_value(h);
    }

    /// Commits now (Enter, blur, a change event).
    pub fn flush(&self) {
        if let Some(h) = self.debounce.get_value() {
            h.clear();
        }
        self.commit.run(self.text.get_untracked());
    }
}

/// `from_url` reads the value in the URL (tracked); `commit` writes a new one to the URL (it
/// should skip writing an unchanged value).
pub fn use_url_text(
    from_url: impl Fn() -> String + Send + Sync + 'static,
    commit: impl Fn(String) + Send + Sync + 'static,
    max: usize,
) -> UrlText {
    let (initial, cut) = cap_chars(&from_url(), max);
    let u = UrlText {
        text: RwSignal::new(initial),
        note: RwSignal::new(cut.then(|| cap_message(max))),
        max,
        debounce: StoredValue::new(None),
        commit: Callback::new(commit),
    };
    Effect::new(move |_| {
        let (v, _) = cap_chars(&from_url(), max);
        if v != u.text.get_untracked() {
            u.text.set(v);
        }
    });
    on_cleanup(move || {
        if let Some(h) = u.debounce.try_get_value().flatten() {
            h.clear();
        }
    });
    u
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_by_characters_not_bytes() {
        assert_eq!(cap_chars("abc", 5), ("abc".into(), false));
        assert_eq!(cap_chars("abcdef", 3), ("abc".into(), true));
        assert_eq!(cap_chars("ééé", 2), ("éé".into(), true));
        assert_eq!(cap_chars("", 0), (String::new(), false));
        let long = "x".repeat(100_000);
        assert_eq!(cap_chars(&long, SEARCH_MAX).0.len(), SEARCH_MAX);
    }
}
