//! "Cannot reach the SARK server" (issue 12, item 1): shown over everything while the start-up
//! sequence cannot reach SARK, with what was tried, the error and a countdown to the next
//! attempt; it goes away by itself when SARK answers.

use leptos::prelude::*;

use crate::session::{use_session, Session};

/// Mounts the panel while SARK is unreachable. Its code is a split point: nginx serves the chunk
/// even when SARK is down, and a normal start never pays for it.
#[component]
pub fn OutagePanel() -> impl IntoView {
    let session = use_session();
    let down = Memo::new(move |_| session.outage.with(Option::is_some));
    move || {
        down.get().then(|| {
            view! {
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move { outage_view(session).await })}
                </Suspense>
            }
        })
    }
}

// In the `shell` group: on its own it was a 2.5 kB module with two more shared chunks; an
// outage at load is rare, and a signed-in visit loads the shell anyway.
#[leptos::wasm_split::wasm_split(shell, wasm_split_path = ::leptos::wasm_split)]
fn outage_view(session: Session) -> AnyView {
    // A one-second tick for the countdown while the panel shows.
    let now = RwSignal::new(crate::dom::now_ms());
    let tick = set_interval_with_handle(
        move || now.set(crate::dom::now_ms()),
        std::time::Duration::from_secs(1),
    )
    .ok();
    on_cleanup(move || {
        if let Some(h) = tick {
            h.clear();
        }
    });
    (move || {
        session.outage.get().map(|o| {
            let countdown = move || countdown_text(o.retry_at_ms, now.get());
            view! {
                <div class="fixed inset-0 z-50 flex items-center justify-center bg-slate-50 px-4 dark:bg-slate-950" data-testid="outage">
                    <section role="alert" aria-labelledby="outage-title" class="w-full max-w-md rounded-lg border border-amber-300 bg-white p-6 shadow-sm dark:border-amber-700 dark:bg-slate-900">
                        <h1 id="outage-title" class="text-lg font-semibold">"Cannot reach the SARK server"</h1>
                        <p class="mt-2 text-sm">{o.error.clone()}</p>
                        <p class="mt-2 text-xs text-slate-600 dark:text-slate-400">"Tried: " {o.tried.clone()}</p>
                        <p class="mt-4 text-sm" data-testid="outage-countdown">{countdown}</p>
                        <button type="button" class="btn-primary mt-4" on:click=move |_| session.retry_now()>"Retry now"</button>
                    </section>
                </div>
            }
        })
    })
    .into_any()
}

/// "Retrying in 12 s", or "Retrying…" once the moment has come.
pub fn countdown_text(retry_at_ms: f64, now_ms: f64) -> String {
    let secs = ((retry_at_ms - now_ms) / 1000.0).ceil();
    if secs >= 1.0 {
        format!("Retrying in {} s", secs as u64)
    } else {
        "Retrying…".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countdown_rounds_up_and_ends_in_retrying() {
        assert_eq!(countdown_text(10_000.0, 0.0), "Retrying in 10 s");
        assert_eq!(countdown_text(10_000.0, 9_100.0), "Retrying in 1 s");
        assert_eq!(countdown_text(10_000.0, 10_000.0), "Retrying…");
        assert_eq!(countdown_text(10_000.0, 12_000.0), "Retrying…");
    }
}
