//! Keyboard shortcuts: `g` then a letter navigates (a real two-key sequence, unlike the React UI),
//! `t` cycles the theme, `Ctrl+/` (or `?`) opens the help, `Ctrl+K` the command palette, `Esc`
//! closes dialogs. Single-key shortcuts never fire in a field or while a dialog is open, and can be
//! turned off (WCAG 2.1.4); the setting is persisted like the theme.

use leptos::prelude::*;

/// What a key press means, given the previous key of a pending `g` sequence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    Navigate(&'static str),
    ToggleTheme,
    ToggleHelp,
    CloseOverlays,
    FocusSearch,
    OpenPalette,
    /// `g` pressed: wait for the second key.
    StartSequence,
    None,
}

pub const NAV: &[(char, &str, &str)] = &[
    ('d', "/", "Dashboard"),
    ('s', "/servers", "Servers"),
    ('p', "/policies", "Policies"),
    ('a', "/audit", "Audit log"),
    ('k', "/api-keys", "API keys"),
];

/// Pure key interpretation, host-tested. `plain_blocked`: single keys must not act (focus is in a
/// field, a dialog is open, or the user turned single-key shortcuts off).
pub fn interpret(key: &str, ctrl_or_meta: bool, plain_blocked: bool, pending_g: bool) -> Action {
    if key == "Escape" {
        return Action::CloseOverlays;
    }
    if ctrl_or_meta && key == "/" {
        return Action::ToggleHelp;
    }
    if ctrl_or_meta && key.eq_ignore_ascii_case("k") {
        return Action::OpenPalette;
    }
    if plain_blocked || ctrl_or_meta {
        return Action::None;
    }
    if pending_g {
        return key
            .chars()
            .next()
            .and_then(|c| NAV.iter().find(|(k, _, _)| *k == c))
            .map(|(_, path, _)| Action::Navigate(path))
            .unwrap_or(Action::None);
    }
    match key {
        "g" => Action::StartSequence,
        "t" => Action::ToggleTheme,
        "?" => Action::ToggleHelp,
        "/" => Action::FocusSearch,
        _ => Action::None,
    }
}

pub const STORAGE_KEY: &str = "sark-single-key-shortcuts";

/// Shared overlay state so `Esc`, the help and the palette work from anywhere.
#[derive(Clone, Copy)]
pub struct Overlays {
    pub help_open: RwSignal<bool>,
    pub palette_open: RwSignal<bool>,
    /// Single-key shortcuts (`g s`, `t`, `?`, `/`) on; modifier shortcuts always work.
    pub single_keys: RwSignal<bool>,
    /// Bumped on `Esc`; menus listen and close.
    pub escape: RwSignal<u64>,
}

pub fn provide_overlays() -> Overlays {
    let o = Overlays {
        help_open: RwSignal::new(false),
        palette_open: RwSignal::new(false),
        single_keys: RwSignal::new(crate::dom::pref_get(STORAGE_KEY).as_deref() != Some("off")),
        escape: RwSignal::new(0),
    };
    Effect::new(move |_| {
        let on = o.single_keys.get();
        crate::dom::pref_set(STORAGE_KEY, if on { "on" } else { "off" });
    });
    provide_context(o);
    o
}

pub fn use_overlays() -> Overlays {
    expect_context::<Overlays>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn g_sequences_navigate_and_single_letters_do_not() {
        assert_eq!(interpret("g", false, false, false), Action::StartSequence);
        assert_eq!(
            interpret("s", false, false, true),
            Action::Navigate("/servers")
        );
        assert_eq!(interpret("s", false, false, false), Action::None);
        assert_eq!(interpret("x", false, false, true), Action::None);
    }

    #[test]
    fn fields_swallow_plain_keys_but_not_escape_or_help() {
        assert_eq!(interpret("t", false, true, false), Action::None);
        assert_eq!(
            interpret("Escape", false, true, false),
            Action::CloseOverlays
        );
        assert_eq!(interpret("/", true, true, false), Action::ToggleHelp);
        assert_eq!(interpret("t", false, false, false), Action::ToggleTheme);
    }

    #[test]
    fn blocked_plain_keys_leave_modifier_shortcuts() {
        // In a dialog, a field, or with the setting off: `g s` must not navigate away.
        assert_eq!(interpret("g", false, true, false), Action::None);
        assert_eq!(interpret("s", false, true, true), Action::None);
        assert_eq!(interpret("?", false, true, false), Action::None);
        assert_eq!(interpret("k", true, true, false), Action::OpenPalette);
        assert_eq!(interpret("K", true, false, false), Action::OpenPalette);
        assert_eq!(interpret("k", false, false, false), Action::None);
    }
}
