//! Keyboard shortcuts: `g` then a letter navigates (a real two-key sequence, unlike the React UI),
//! `t` cycles the theme, `Ctrl+/` (or `?`) opens the help, `Esc` closes dialogs.

use leptos::prelude::*;

/// What a key press means, given the previous key of a pending `g` sequence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    Navigate(&'static str),
    ToggleTheme,
    ToggleHelp,
    CloseOverlays,
    FocusSearch,
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

/// Pure key interpretation, host-tested. `in_field`: focus is in a text input (plain keys pass).
pub fn interpret(key: &str, ctrl_or_meta: bool, in_field: bool, pending_g: bool) -> Action {
    if key == "Escape" {
        return Action::CloseOverlays;
    }
    if ctrl_or_meta && key == "/" {
        return Action::ToggleHelp;
    }
    if in_field || ctrl_or_meta {
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

/// Shared overlay state so `Esc` and the help dialog work from anywhere.
#[derive(Clone, Copy)]
pub struct Overlays {
    pub help_open: RwSignal<bool>,
    /// Bumped on `Esc`; dialogs listen and close.
    pub escape: RwSignal<u64>,
}

pub fn provide_overlays() -> Overlays {
    let o = Overlays {
        help_open: RwSignal::new(false),
        escape: RwSignal::new(0),
    };
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
}
