//! What the signed-in user may do, for hiding or disabling actions the server would refuse.
//! The one place that decides: today the session's roles (token claims); the server still
//! answers 403 for what the client cannot know, and pages keep handling that.

use leptos::prelude::*;

use crate::session::use_session;

/// Why an admin-only action is disabled.
pub const NEEDS_ADMIN: &str = "Requires the admin role";

/// Whether admin-only actions are allowed (reactive: follows sign-in, refresh, sign-out).
pub fn use_can_admin() -> Signal<bool> {
    let session = use_session();
    Signal::derive(move || session.is_admin())
}

/// The visible reason next to disabled admin-only actions; nothing for admins.
#[component]
pub fn AdminNote(can: Signal<bool>, #[prop(optional)] id: &'static str) -> impl IntoView {
    view! {
        <Show when=move || !can.get()>
            <span id=id class="text-xs text-slate-500 dark:text-slate-400" data-testid="admin-note">{NEEDS_ADMIN}</span>
        </Show>
    }
}
