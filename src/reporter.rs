//! The error-report sender (see `crate::reporting` for what is and is never sent). `start` is
//! all the first load pays for; the rest is a `#[lazy]` wasm chunk fetched only when a DSN is
//! configured: it installs the panic hook, the `unhandledrejection` listener and the WebSocket
//! watch, and sends envelopes fire-and-forget (`fetch` with `keepalive`, no CORS, no
//! credentials, every failure swallowed): reporting never blocks or breaks the console.

use std::cell::{Cell, RefCell};

use leptos::lazy;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::config::Config;
use crate::reporting::dsn::Dsn;
use crate::reporting::envelope::{envelope, event, event_id, Problem, Scope};
use crate::reporting::limiter::Limiter;
use crate::reporting::scrub::{api_path_template, route_template};
use crate::ws::{Channel, ConnState, Live};

/// A channel down this long gets reported (once per outage).
const WS_DOWN_REPORT_MS: f64 = 60_000.0;
const WS_CHECK_EVERY_MS: u32 = 5_000;

pub enum Msg {
    /// The configuration.
    Install(Config),
    /// A live-update hub to watch (one per signed-in frame).
    Watch(Live),
    Report(Problem),
}

/// Turns reporting on when a DSN is configured (and fetches the sender); a no-op otherwise.
/// Kept tiny: it is part of the first load.
pub fn start(cfg: &Config) {
    if cfg.sentry_dsn.is_empty() {
        return;
    }
    ON.set(cfg.enable_websockets);
    // Spawned tasks run in order: the install comes before any report.
    dispatch(Msg::Install(cfg.clone()));
    crate::reporting::set_sink(|p| dispatch(Msg::Report(p)));
}

/// Watches the live-update channels of a signed-in frame (which provides them lazily).
pub fn watch(live: Live) {
    if ON.get() {
        dispatch(Msg::Watch(live));
    }
}

/// The single spawn site (one monomorphisation in the first-load wasm).
fn dispatch(msg: Msg) {
    leptos::task::spawn_local(entry(msg));
}

struct State {
    dsn: Dsn,
    url: String,
    sample_rate: f64,
    environment: String,
    release: String,
    limiter: Limiter,
}

thread_local! {
    /// Reporting is on and WebSocket channels are worth watching.
    static ON: Cell<bool> = const { Cell::new(false) };
    static STATE: RefCell<Option<State>> = const { RefCell::new(None) };
    /// Attached to every send so a failed one is not an unhandled rejection (which we report).
    static SWALLOW: Closure<dyn FnMut(JsValue)> = Closure::new(|_: JsValue| {});
}

/// The one entry point into the chunk; messages run in the order they were spawned.
#[lazy]
pub fn entry(msg: Msg) {
    match msg {
        Msg::Install(cfg) => install(cfg),
        Msg::Watch(live) => {
            if STATE.with(|s| s.borrow().is_some()) {
                watch_websockets(live);
            }
        }
        Msg::Report(p) => send(p),
    }
}

fn install(s: Config) {
    let Some(dsn) = Dsn::parse(&s.sentry_dsn) else {
        leptos::logging::warn!("SARK_SENTRY_DSN is not a usable DSN; error reporting is off");
        return;
    };
    let release = if s.release.trim().is_empty() {
        format!("sark-console@{}", env!("CARGO_PKG_VERSION"))
    } else {
        s.release
    };
    let environment = if s.environment.trim().is_empty() {
        "production".to_owned()
    } else {
        s.environment
    };
    STATE.with(|st| {
        *st.borrow_mut() = Some(State {
            url: dsn.envelope_url(),
            dsn,
            sample_rate: s.sentry_sample_rate.clamp(0.0, 1.0),
            environment,
            release,
            limiter: Limiter::default(),
        })
    });

    // Panics abort the wasm right after the hooks run: report first, synchronously, then the
    // console hook that was installed in main.rs.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let location = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let payload = info.payload();
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic".to_owned());
        send(Problem::Panic { message, location });
        previous(info);
    }));

    if let Some(w) = web_sys::window() {
        let on_rejection = Closure::<dyn FnMut(web_sys::Event)>::new(|e: web_sys::Event| {
            let reason = js_sys::Reflect::get(&e, &JsValue::from_str("reason"))
                .unwrap_or(JsValue::UNDEFINED);
            let (name, message) = match reason.dyn_ref::<js_sys::Error>() {
                Some(err) => (String::from(err.name()), String::from(err.message())),
                None => (
                    "NonError".to_owned(),
                    reason
                        .as_string()
                        .unwrap_or_else(|| reason.js_typeof().as_string().unwrap_or_default()),
                ),
            };
            send(Problem::Rejection { name, message });
        });
        let _ = w.add_event_listener_with_callback(
            "unhandledrejection",
            on_rejection.as_ref().unchecked_ref(),
        );
        // Listens for the page's whole life.
        on_rejection.forget();
    }
}

/// Polls the channels' states (cheap, and needs no reactive owner): a channel that stays
/// connecting/reconnecting/offline for a minute is reported once until it is back.
fn watch_websockets(live: Live) {
    let down_since: [Cell<Option<f64>>; 3] = Default::default();
    let reported: [Cell<bool>; 3] = Default::default();
    gloo_timers::callback::Interval::new(WS_CHECK_EVERY_MS, move || {
        let now = js_sys::Date::now();
        for (i, ch) in Channel::ALL.into_iter().enumerate() {
            let down = live.state(ch).try_with_untracked(|s| {
                matches!(
                    s,
                    ConnState::Connecting | ConnState::Reconnecting { .. } | ConnState::Offline(_)
                )
            });
            if down != Some(true) {
                down_since[i].set(None);
                reported[i].set(false);
                continue;
            }
            let since = down_since[i].get().unwrap_or(now);
            down_since[i].set(Some(since));
            if !reported[i].get() && now - since >= WS_DOWN_REPORT_MS {
                reported[i].set(true);
                send(Problem::WebSocket {
                    channel: ch.path().to_owned(),
                    down_secs: ((now - since) / 1000.0) as u64,
                });
            }
        }
    })
    .forget();
}

fn random_bytes() -> [u8; 16] {
    std::array::from_fn(|_| (js_sys::Math::random() * 256.0) as u8)
}

/// Builds and posts one envelope, if the limiter and the sample rate let it through.
fn send(mut problem: Problem) {
    if let Problem::Api { path, .. } = &mut problem {
        *path = api_path_template(path);
    }
    // try_: a panic while this runs must not panic again in the hook.
    let built = STATE.with(|st| {
        let mut st = st.try_borrow_mut().ok()?;
        let st = st.as_mut()?;
        let now = js_sys::Date::now();
        if !st.limiter.admit(&problem.fingerprint(), now) {
            return None;
        }
        if st.sample_rate < 1.0 && js_sys::Math::random() >= st.sample_rate {
            return None;
        }
        let pathname = web_sys::window()
            .and_then(|w| w.location().pathname().ok())
            .unwrap_or_default();
        let scope = Scope {
            environment: st.environment.clone(),
            release: st.release.clone(),
            route: crate::reporting::route()
                .unwrap_or_else(|| route_template(&pathname))
                .to_owned(),
        };
        let id = event_id(random_bytes());
        let ev = event(&problem, &scope, &id, now / 1000.0);
        let sent_at = String::from(js_sys::Date::new_0().to_iso_string());
        Some((st.url.clone(), envelope(&st.dsn, &id, &sent_at, &ev)))
    });
    if let Some((url, body)) = built {
        post(&url, &body);
    }
}

/// `fetch` with `keepalive` (survives the page going away), `no-cors` with a text/plain body
/// (no preflight, the tracker's answer is never read) and no cookies or referrer.
fn post(url: &str, body: &str) {
    let Some(w) = web_sys::window() else { return };
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(&JsValue::from_str(body));
    init.set_mode(web_sys::RequestMode::NoCors);
    init.set_credentials(web_sys::RequestCredentials::Omit);
    init.set_referrer_policy(web_sys::ReferrerPolicy::NoReferrer);
    // web-sys has no setter for it yet.
    let _ = js_sys::Reflect::set(&init, &JsValue::from_str("keepalive"), &JsValue::TRUE);
    let Ok(req) = web_sys::Request::new_with_str_and_init(url, &init) else {
        return;
    };
    let sent = w.fetch_with_request(&req);
    SWALLOW.with(|f| {
        let _ = sent.catch(f);
    });
}
