//! The connection state of a live channel in words, with a coloured dot.

use leptos::prelude::*;

use crate::dom::now_ms;
use crate::ws::{use_live, Channel, ConnState};

/// "Live", "Connected (no live events yet)", "Reconnecting in N s", "Offline", … Screen readers
/// hear state changes (`aria-live="polite"`), not every tick of the countdown.
#[component]
pub fn ConnectionIndicator(channel: Channel) -> impl IntoView {
    let state = use_live().state(channel);
    let now = RwSignal::new(now_ms());
    let tick = set_interval_with_handle(
        move || {
            if matches!(state.get_untracked(), ConnState::Reconnecting { .. }) {
                now.set(now_ms());
            }
        },
        std::time::Duration::from_secs(1),
    )
    .ok();
    on_cleanup(move || {
        if let Some(h) = tick {
            h.clear()
        }
    });
    view! {
        <span class="inline-flex items-center gap-2 text-sm text-slate-600 dark:text-slate-300">
            <span class=move || format!("h-2.5 w-2.5 shrink-0 rounded-full {}", state.with(|s| s.dot())) aria-hidden="true"></span>
            <span aria-hidden="true" data-testid="live-state">{move || { now.track(); state.with(|s| s.text(now_ms())) }}</span>
            <span class="sr-only" role="status" aria-live="polite">{move || state.with(|s| s.text(f64::MAX))}</span>
        </span>
    }
}

/// "Stale since 15:13 UTC…" over data kept through a failed refresh; nothing while fresh.
#[component]
pub fn StaleNote(fresh: crate::hooks::freshness::Freshness) -> impl IntoView {
    view! {
        {move || fresh.stale_note().map(|t| view! {
            <p role="status" class="mb-3 rounded-md border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950/40 dark:text-amber-100" data-testid="stale-note">{t}</p>
        })}
    }
}
