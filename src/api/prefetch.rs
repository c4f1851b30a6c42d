//! Reads started before the code that shows them has arrived. A lazy route's `data()` starts
//! its page's first GETs here while the page's wasm downloads; the page's own request for the
//! same URL then takes that answer instead of asking again. An answer is taken once and only
//! while it is a few seconds old, so a page never shows stale data from here.

use std::cell::RefCell;

use futures::channel::oneshot;
use gloo_net::http::Method;
use leptos::prelude::WithUntracked;

use super::{ApiError, Client, RawResponse, Req};

/// How long a prefetched answer may wait for its page.
const FRESH_MS: f64 = 10_000.0;

type Answer = Result<RawResponse, ApiError>;

struct Pending {
    url: String,
    started: f64,
    answer: oneshot::Receiver<Answer>,
}

thread_local! {
    static PENDING: RefCell<Vec<Pending>> = const { RefCell::new(Vec::new()) };
}

/// Starts `reqs` (GETs only). Nothing that could fail on the normal path: not when signed out
/// (a 401), and not a tier-D read this SARK is not known to serve (a 404).
pub fn start(client: Client, reqs: impl IntoIterator<Item = Req>) {
    if !client.signed_in() {
        return;
    }
    let served =
        |r: &Req| (r.feature).is_none_or(|f| client.caps.with_untracked(|c| c.get(f).is_present()));
    let now = crate::dom::now_ms();
    for req in (reqs.into_iter()).filter(|r| matches!(r.method, Method::GET) && served(r)) {
        let url = client.url(&req);
        let (tx, answer) = oneshot::channel();
        PENDING.with(|p| {
            let mut p = p.borrow_mut();
            p.retain(|e| e.url != url && now - e.started < FRESH_MS);
            p.push(Pending {
                url,
                started: now,
                answer,
            });
        });
        leptos::task::spawn_local(async move {
            let _ = tx.send(client.execute_fresh(&req).await);
        });
    }
}

/// The prefetched answer for `url`, if one was started recently; it is handed out once.
pub(super) fn take(url: &str) -> Option<oneshot::Receiver<Answer>> {
    let now = crate::dom::now_ms();
    PENDING.with(|p| {
        let mut p = p.borrow_mut();
        let i = p.iter().position(|e| e.url == url)?;
        let e = p.swap_remove(i);
        (now - e.started < FRESH_MS).then_some(e.answer)
    })
}
