//! Server registry pages: list, register wizard, detail.

pub mod detail;
pub mod list;
pub mod register;

use leptos::prelude::*;

/// Runs `work` in the background with `busy` true meanwhile: a lighter `Action` (less wasm).
/// `busy` may be disposed by then (the user left the page); setting it is then a no-op.
pub(crate) fn run(busy: RwSignal<bool>, work: impl std::future::Future<Output = ()> + 'static) {
    busy.set(true);
    leptos::task::spawn_local(async move {
        work.await;
        busy.set(false);
    });
}
