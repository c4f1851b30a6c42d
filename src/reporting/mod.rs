//! Error reporting to a Sentry-compatible tracker: the pure parts (DSN, envelope, scrubbing,
//! rate limit) and the hook the API client calls. A leaf: it imports nothing of the app, so the
//! client can call it without an import loop. The sender (`crate::reporter`, a lazy chunk) is
//! installed at start-up only when `config.json` names a DSN; until then every hook is a no-op.
//!
//! What is sent: the error's kind, scrubbed message, environment, release and route template;
//! for API failures the `ApiError` variant, method, path template, status and request id. Never
//! a token, cookie, query string, request or response body, user name or e-mail.

pub mod dsn;
pub mod envelope;
pub mod limiter;
pub mod scrub;

use std::cell::Cell;

use envelope::Problem;

thread_local! {
    // A plain function pointer: the first load pays for no boxing or vtable.
    static SINK: Cell<Option<fn(Problem)>> = const { Cell::new(None) };
}

thread_local! {
    static ROUTE: Cell<Option<&'static str>> = const { Cell::new(None) };
}

/// The route being shown or loaded, as the router sees it. It changes when a navigation starts;
/// the address bar changes only once the new page's code has arrived, and a read the route
/// started meanwhile (`api::prefetch`) may already have failed.
pub fn set_route(pathname: &str) {
    ROUTE.with(|r| r.set(Some(scrub::route_template(pathname))));
}

/// The route template of [`set_route`], once the router has one.
pub fn route() -> Option<&'static str> {
    ROUTE.with(Cell::get)
}

/// Where problems go from now on (the sender, once a DSN is configured).
pub fn set_sink(sink: fn(Problem)) {
    SINK.with(|s| s.set(Some(sink)));
}

/// Hands a problem to the sender, if there is one.
pub fn report(problem: Problem) {
    if let Some(sink) = SINK.with(Cell::get) {
        sink(problem);
    }
}

/// Called by the API client for a failed answer. `variant` is the `ApiError` variant when it is
/// worth a report (5xx, undecodable body), `None` otherwise; `path` is the concrete request path
/// (the sender turns it into a template).
pub fn api_error(
    method: &str,
    path: &str,
    status: u16,
    variant: Option<&'static str>,
    request_id: Option<&str>,
) {
    let (Some(sink), Some(variant)) = (SINK.with(Cell::get), variant) else {
        return;
    };
    sink(Problem::Api {
        variant,
        method: method.to_owned(),
        path: path.to_owned(),
        status: Some(status),
        request_id: request_id.map(str::to_owned),
    });
}
