//! Server-supplied text among the console's own words: isolated for bidi (a right-to-left
//! override in a name must not reverse the sentence around it) and, where the user confirms an
//! action, with invisible and bidi control characters made visible (`⟨U+202E⟩`), so
//! "invoice", U+202E, "exe.txt" cannot pass for "invoicetxt.exe".

use leptos::prelude::*;

/// Characters that change how text is ordered or that render as nothing.
pub fn is_hidden_control(c: char) -> bool {
    matches!(c,
        '\u{0000}'..='\u{0008}' | '\u{000B}' | '\u{000C}' | '\u{000E}'..='\u{001F}' | '\u{007F}'..='\u{009F}'
        | '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFA0}'
        | '\u{FFF0}'..='\u{FFF8}' | '\u{E0000}'..='\u{E007F}')
}

/// `s` with every hidden or bidi control character written as `⟨U+XXXX⟩`.
pub fn show_controls(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if is_hidden_control(c) {
            out.push_str(&format!("⟨U+{:04X}⟩", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// A server-supplied name inside a plain-text sentence (a confirmation message): quoted,
/// isolated with FSI…PDI (the plain-text `<bdi>`), controls made visible.
pub fn quoted(s: &str) -> String {
    format!("“\u{2068}{}\u{2069}”", show_controls(s))
}

/// A server-supplied string isolated from the text around it.
#[component]
pub fn Bdi(#[prop(into)] text: String) -> impl IntoView {
    view! { <bdi>{text}</bdi> }
}

/// A server-supplied name as it appears in a confirmation: isolated, controls made visible.
#[component]
pub fn Shown(#[prop(into)] text: String) -> impl IntoView {
    view! { <bdi class="font-medium">{show_controls(&text)}</bdi> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bidi_and_invisible_controls_become_visible() {
        assert_eq!(
            show_controls("invoice\u{202E}exe.txt"),
            "invoice⟨U+202E⟩exe.txt"
        );
        assert_eq!(show_controls("a\u{200B}b\u{FEFF}"), "a⟨U+200B⟩b⟨U+FEFF⟩");
        assert_eq!(show_controls("x\u{2066}y\u{2069}"), "x⟨U+2066⟩y⟨U+2069⟩");
        assert_eq!(show_controls("bell\u{7}"), "bell⟨U+0007⟩");
    }

    #[test]
    fn quoted_names_are_isolated_and_cannot_reverse_the_sentence() {
        let q = quoted("invoice\u{202E}exe.txt");
        assert_eq!(q, "“\u{2068}invoice⟨U+202E⟩exe.txt\u{2069}”");
        // The only bidi controls left are the balanced isolate pair added here.
        assert_eq!(q.chars().filter(|c| is_hidden_control(*c)).count(), 2);
    }

    #[test]
    fn ordinary_text_is_unchanged() {
        for s in [
            "plain",
            "Zürich",
            "שרת",
            "名前",
            "emoji 🚀",
            "a-b_c.d",
            "line\nbreak",
            "tab\there",
        ] {
            assert_eq!(show_controls(s), s);
        }
    }
}
