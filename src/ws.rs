//! Live updates over SARK's three WebSocket channels (CONTRACT §3.13), shared by every page.
//!
//! One socket per channel, opened lazily by the first [`Live::subscribe`] (or [`Live::open`])
//! while `enable_websockets` is on and someone is signed in. The token goes in the URL
//! (`Client::ws_url`). The client sends the text `ping` every 25 s and treats 70 s without any
//! message as a dead socket. Lost sockets come back with exponential backoff and full jitter
//! (`backoff::WS_BASE_MS` doubling to `WS_CAP_MS`, unbounded attempts); after every *re*connect
//! the channel's [`Live::resync`] counter goes up so pages refetch what they may have missed. A
//! new token (`session.generation`) reconnects; signing out closes everything.
//!
//! `connected`, `ping` and the text `pong` are handled here; subscribers get every event frame
//! (`audit_event`, `server_status_change`, `metrics_update`), in order. A channel counts as
//! live (`caps.live_*`, state [`ConnState::Live`]) from its first event frame until it drops.

use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::api::models::WsFrame;
use crate::api::Client;
use crate::backoff;
use crate::dom::now_ms;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Channel {
    Audit,
    Servers,
    Metrics,
}

impl Channel {
    pub const ALL: [Channel; 3] = [Channel::Audit, Channel::Servers, Channel::Metrics];

    pub fn path(self) -> &'static str {
        match self {
            Channel::Audit => "/api/v1/ws/audit/stream",
            Channel::Servers => "/api/v1/ws/servers/status",
            Channel::Metrics => "/api/v1/ws/metrics/live",
        }
    }

    fn idx(self) -> usize {
        self as usize
    }
}

/// What a channel's connection is doing, for the [`crate::components::live::ConnectionIndicator`].
#[derive(Clone, Debug, PartialEq)]
pub enum ConnState {
    /// Nobody asked for this channel yet (or signed out).
    Off,
    Connecting,
    /// Open, but no event frame yet (SARK 2.0 never sends one: B9). Pages keep polling.
    ConnectedNoEvents,
    /// At least one event frame since the last (re)connect.
    Live,
    /// Lost; the next attempt starts at `at_ms` (`Date.now()` milliseconds).
    Reconnecting {
        at_ms: f64,
    },
    /// Cannot connect at all, with the reason.
    Offline(String),
}

impl ConnState {
    /// The state in words; `now_ms` drives the reconnect countdown.
    pub fn text(&self, now_ms: f64) -> String {
        match self {
            ConnState::Off => "Live updates off".into(),
            ConnState::Connecting => "Connecting…".into(),
            ConnState::ConnectedNoEvents => "Connected (no live events yet)".into(),
            ConnState::Live => "Live".into(),
            ConnState::Reconnecting { at_ms } => {
                let secs = ((at_ms - now_ms) / 1000.0).ceil();
                if secs >= 1.0 {
                    format!("Reconnecting in {} s", secs as u64)
                } else {
                    "Reconnecting…".into()
                }
            }
            ConnState::Offline(r) if r.is_empty() => "Offline".into(),
            ConnState::Offline(r) => format!("Offline: {r}"),
        }
    }

    /// Tailwind colour of the status dot.
    pub fn dot(&self) -> &'static str {
        match self {
            ConnState::Live => "bg-green-500",
            ConnState::ConnectedNoEvents => "bg-sky-500",
            ConnState::Connecting | ConnState::Reconnecting { .. } => "bg-amber-500",
            ConnState::Off => "bg-slate-400",
            ConnState::Offline(_) => "bg-red-500",
        }
    }
}

pub const PING_EVERY_MS: f64 = 25_000.0;
pub const DEAD_AFTER_MS: f64 = 70_000.0;
/// A connection that lasted this long resets the backoff; shorter ones keep growing it.
pub const STABLE_AFTER_MS: f64 = 10_000.0;
const TICK_MS: u64 = 5_000;

#[derive(Debug, PartialEq, Eq)]
pub enum Beat {
    Nothing,
    Ping,
    Dead,
}

/// The heartbeat decision at `now` given the last message received and the last ping sent.
pub fn heartbeat(now: f64, last_rx: f64, last_ping: f64) -> Beat {
    if now - last_rx >= DEAD_AFTER_MS {
        Beat::Dead
    } else if now - last_ping >= PING_EVERY_MS {
        Beat::Ping
    } else {
        Beat::Nothing
    }
}

/// Delay before reconnect attempt `attempt` (0-based), `unit` uniform in [0, 1).
pub fn reconnect_delay_ms(attempt: u32, unit: f64) -> u64 {
    backoff::full_jitter_ms(attempt, backoff::WS_BASE_MS, backoff::WS_CAP_MS, unit)
}

/// Whether a frame is an event (the kind that makes a channel live and reaches subscribers).
pub fn is_event(f: &WsFrame) -> bool {
    matches!(
        f,
        WsFrame::AuditEvent { .. }
            | WsFrame::ServerStatusChange { .. }
            | WsFrame::MetricsUpdate { .. }
    )
}

type Handler = Rc<dyn Fn(&WsFrame)>;

struct Handlers {
    _open: Closure<dyn FnMut()>,
    _msg: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _close: Closure<dyn FnMut()>,
}

#[derive(Default)]
struct Conn {
    socket: Option<web_sys::WebSocket>,
    handlers: Option<Handlers>,
    heartbeat: Option<IntervalHandle>,
    retry: Option<TimeoutHandle>,
    attempt: u32,
    opened_at: Option<f64>,
    last_rx: f64,
    last_ping: f64,
    /// A connection existed before: the next open is a reconnect (bumps `resync`).
    had_socket: bool,
    wanted: bool,
    subs: Vec<(u64, Handler)>,
}

/// The live-update hub, from context ([`use_live`]). `Copy`: handles only.
#[derive(Clone, Copy)]
pub struct Live {
    conns: StoredValue<[Conn; 3], LocalStorage>,
    states: [RwSignal<ConnState>; 3],
    resyncs: [RwSignal<u64>; 3],
    next_id: StoredValue<u64>,
    client: Client,
    session: crate::session::Session,
    enabled: bool,
}

/// Creates the hub and provides it as context. Call once, in `app.rs`, after the client is
/// provided.
pub fn provide_live() -> Live {
    let client = expect_context::<Client>();
    let enabled = use_context::<crate::config::Config>().is_none_or(|c| c.enable_websockets);
    let live = Live {
        conns: StoredValue::new_local(Default::default()),
        states: std::array::from_fn(|_| RwSignal::new(ConnState::Off)),
        resyncs: std::array::from_fn(|_| RwSignal::new(0)),
        next_id: StoredValue::new(0),
        client,
        session: expect_context::<crate::session::Session>(),
        enabled,
    };
    let session = expect_context::<crate::session::Session>();
    // Sign-out closes everything; a new token (refresh, new sign-in) reconnects what is wanted.
    Effect::new(move |prev: Option<(bool, u64)>| {
        let now = (session.is_signed_in(), session.generation.get());
        if !now.0 {
            live.close_all();
        } else if prev != Some(now) {
            for ch in Channel::ALL {
                if live.conns.with_value(|c| c[ch.idx()].wanted) {
                    live.conns.update_value(|c| c[ch.idx()].attempt = 0);
                    live.connect(ch);
                }
            }
        }
        now
    });
    // The signed-in frame provides this (app.rs): when it goes, its sockets and timers go first,
    // so no socket calls a handler that was dropped with it.
    on_cleanup(move || live.close_all());
    provide_context(live);
    live
}

pub fn use_live() -> Live {
    expect_context::<Live>()
}

impl Live {
    /// The channel's connection state.
    pub fn state(self, ch: Channel) -> ReadSignal<ConnState> {
        self.states[ch.idx()].read_only()
    }

    /// Goes up after every reconnect of the channel: refetch whatever the page shows, events
    /// sent while the socket was down are lost.
    pub fn resync(self, ch: Channel) -> ReadSignal<u64> {
        self.resyncs[ch.idx()].read_only()
    }

    /// Delivers **every** event frame of `ch` (`audit_event`, `server_status_change` or
    /// `metrics_update`, never `connected`/`ping`/`pong`) to `f`, in arrival order, and opens
    /// the channel if it is not open yet. Called inside a component, the subscription ends by
    /// itself when that component is cleaned up; otherwise call [`Live::unsubscribe`] with the
    /// returned id.
    ///
    /// ```ignore
    /// let live = crate::ws::use_live();
    /// live.subscribe(Channel::Audit, move |frame| {
    ///     if let WsFrame::AuditEvent { event, .. } = frame {
    ///         rows.update(|r| r.insert(0, event.clone()));
    ///     }
    /// });
    /// ```
    pub fn subscribe(self, ch: Channel, f: impl Fn(&WsFrame) + 'static) -> u64 {
        let id = self.next_id.get_value() + 1;
        self.next_id.set_value(id);
        self.conns
            .update_value(|c| c[ch.idx()].subs.push((id, Rc::new(f))));
        if Owner::current().is_some() {
            on_cleanup(move || self.unsubscribe(ch, id));
        }
        self.open(ch);
        id
    }

    pub fn unsubscribe(self, ch: Channel, id: u64) {
        self.conns
            .try_update_value(|c| c[ch.idx()].subs.retain(|(i, _)| *i != id));
    }

    /// Opens the channel if it is not wanted yet (no-op otherwise).
    pub fn open(self, ch: Channel) {
        let first = self.conns.try_update_value(|c| {
            let conn = &mut c[ch.idx()];
            !std::mem::replace(&mut conn.wanted, true)
        });
        if first == Some(true) {
            self.connect(ch);
        }
    }

    fn set_state(self, ch: Channel, s: ConnState) {
        let sig = self.states[ch.idx()];
        if sig.with_untracked(|cur| *cur != s) {
            sig.set(s);
        }
    }

    fn set_live(self, ch: Channel, on: bool) {
        self.client.caps.update(|c| {
            let slot = match ch {
                Channel::Audit => &mut c.live_audit,
                Channel::Servers => &mut c.live_servers,
                Channel::Metrics => &mut c.live_metrics,
            };
            *slot = on;
        });
    }

    /// Detaches and closes the socket, stops its timers. The closures are kept until the next
    /// `connect` so that none is dropped while it runs.
    fn drop_socket(conn: &mut Conn) {
        if let Some(s) = conn.socket.take() {
            s.set_onopen(None);
            s.set_onmessage(None);
            s.set_onclose(None);
            let _ = s.close();
        }
        if let Some(h) = conn.heartbeat.take() {
            h.clear();
        }
        if let Some(h) = conn.retry.take() {
            h.clear();
        }
    }

    fn close_all(self) {
        for ch in Channel::ALL {
            let had = self.conns.try_update_value(|c| {
                let conn = &mut c[ch.idx()];
                Self::drop_socket(conn);
                conn.handlers = None;
                conn.had_socket = false;
                conn.attempt = 0;
                std::mem::replace(&mut conn.wanted, false)
            });
            if had == Some(true) {
                self.set_state(ch, ConnState::Off);
            }
        }
    }

    fn connect(self, ch: Channel) {
        let token = self.session.token_untracked();
        self.conns.update_value(|c| {
            let conn = &mut c[ch.idx()];
            Self::drop_socket(conn);
            conn.handlers = None;
            conn.opened_at = None;
        });
        let Some(token) = token else {
            return self.set_state(ch, ConnState::Off);
        };
        if !self.enabled {
            return self.set_state(
                ch,
                ConnState::Offline("live updates are turned off for this console".into()),
            );
        }
        let socket = match web_sys::WebSocket::new(&self.client.ws_url(ch.path(), &token)) {
            Ok(s) => s,
            Err(_) => {
                self.set_state(
                    ch,
                    ConnState::Offline("the browser could not open a WebSocket".into()),
                );
                return self.lost(ch, false);
            }
        };
        self.set_state(ch, ConnState::Connecting);
        let open = Closure::<dyn FnMut()>::new(move || self.on_open(ch));
        let msg =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                if let Some(text) = e.data().as_string() {
                    self.on_message(ch, &text);
                }
            });
        let close = Closure::<dyn FnMut()>::new(move || {
            let opened = self.conns.with_value(|c| c[ch.idx()].opened_at.is_some());
            self.conns.update_value(|c| {
                let conn = &mut c[ch.idx()];
                conn.socket = None;
                Self::drop_socket(conn);
            });
            self.lost(ch, opened);
        });
        socket.set_onopen(Some(open.as_ref().unchecked_ref()));
        socket.set_onmessage(Some(msg.as_ref().unchecked_ref()));
        socket.set_onclose(Some(close.as_ref().unchecked_ref()));
        self.conns.update_value(|c| {
            let conn = &mut c[ch.idx()];
            conn.socket = Some(socket);
            conn.handlers = Some(Handlers {
                _open: open,
                _msg: msg,
                _close: close,
            });
        });
    }

    fn on_open(self, ch: Channel) {
        let now = now_ms();
        let beat = set_interval_with_handle(
            move || self.tick(ch),
            std::time::Duration::from_millis(TICK_MS),
        )
        .ok();
        let reconnect = self.conns.try_update_value(|c| {
            let conn = &mut c[ch.idx()];
            conn.opened_at = Some(now);
            conn.last_rx = now;
            conn.last_ping = now;
            conn.heartbeat = beat;
            std::mem::replace(&mut conn.had_socket, true)
        });
        self.set_live(ch, false);
        self.set_state(ch, ConnState::ConnectedNoEvents);
        if reconnect == Some(true) {
            self.resyncs[ch.idx()].update(|n| *n += 1);
        }
    }

    fn on_message(self, ch: Channel, text: &str) {
        self.conns.update_value(|c| c[ch.idx()].last_rx = now_ms());
        let Some(frame) = WsFrame::parse(text).filter(is_event) else {
            return;
        };
        if self.states[ch.idx()].with_untracked(|s| *s != ConnState::Live) {
            self.set_live(ch, true);
            self.set_state(ch, ConnState::Live);
        }
        // A snapshot: a subscriber may subscribe or unsubscribe while it runs.
        let subs: Vec<Handler> = self
            .conns
            .with_value(|c| c[ch.idx()].subs.iter().map(|(_, h)| h.clone()).collect());
        for h in subs {
            h(&frame);
        }
    }

    fn tick(self, ch: Channel) {
        let now = now_ms();
        let dead = self.conns.try_update_value(|c| {
            let conn = &mut c[ch.idx()];
            match heartbeat(now, conn.last_rx, conn.last_ping) {
                Beat::Dead => {
                    Self::drop_socket(conn);
                    true
                }
                Beat::Ping => {
                    conn.last_ping = now;
                    if let Some(s) = &conn.socket {
                        let _ = s.send_with_str("ping");
                    }
                    false
                }
                Beat::Nothing => false,
            }
        });
        if dead == Some(true) {
            self.lost(ch, true);
        }
    }

    /// The socket is gone: schedule the next attempt. `opened`: it had been open (else the
    /// handshake failed, which may be an expired token).
    fn lost(self, ch: Channel, opened: bool) {
        self.set_live(ch, false);
        let now = now_ms();
        let signed_in = self
            .session
            .state
            .with_untracked(|s| matches!(s, crate::session::AuthState::SignedIn(_)));
        let wanted = signed_in && self.conns.with_value(|c| c[ch.idx()].wanted);
        if !wanted {
            return self.set_state(ch, ConnState::Off);
        }
        if !opened {
            // §3.13: a refused handshake may mean the token went stale; a strict call
            // refreshes it (and reconnects through `generation`) or ends the sign-in.
            let client = self.client;
            leptos::task::spawn_local(async move {
                let _ = crate::api::metrics::summary(client).await;
            });
        }
        let delay = self
            .conns
            .try_update_value(|c| {
                let conn = &mut c[ch.idx()];
                if conn.opened_at.is_some_and(|t| now - t >= STABLE_AFTER_MS) {
                    conn.attempt = 0;
                }
                conn.opened_at = None;
                let d = reconnect_delay_ms(conn.attempt, crate::dom::random_unit());
                conn.attempt = conn.attempt.saturating_add(1);
                d
            })
            .unwrap_or(backoff::WS_CAP_MS);
        let handle = set_timeout_with_handle(
            move || self.connect(ch),
            std::time::Duration::from_millis(delay),
        )
        .ok();
        self.conns.update_value(|c| c[ch.idx()].retry = handle);
        if !matches!(self.states[ch.idx()].get_untracked(), ConnState::Offline(_)) {
            self.set_state(
                ch,
                ConnState::Reconnecting {
                    at_ms: now + delay as f64,
                },
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_words() {
        assert_eq!(ConnState::Live.text(0.0), "Live");
        assert_eq!(
            ConnState::ConnectedNoEvents.text(0.0),
            "Connected (no live events yet)"
        );
        assert_eq!(
            ConnState::Reconnecting { at_ms: 5_200.0 }.text(1_000.0),
            "Reconnecting in 5 s"
        );
        assert_eq!(
            ConnState::Reconnecting { at_ms: 1_000.0 }.text(1_000.0),
            "Reconnecting…"
        );
        assert_eq!(ConnState::Offline(String::new()).text(0.0), "Offline");
        assert_eq!(ConnState::Offline("x".into()).text(0.0), "Offline: x");
        assert_eq!(ConnState::Off.dot(), "bg-slate-400");
        assert_ne!(ConnState::Live.dot(), ConnState::Offline("x".into()).dot());
    }

    #[test]
    fn heartbeat_pings_every_25_s_and_gives_up_after_70_s() {
        assert_eq!(heartbeat(10_000.0, 0.0, 0.0), Beat::Nothing);
        assert_eq!(heartbeat(25_000.0, 20_000.0, 0.0), Beat::Ping);
        assert_eq!(heartbeat(30_000.0, 20_000.0, 25_000.0), Beat::Nothing);
        assert_eq!(heartbeat(70_000.0, 0.0, 50_000.0), Beat::Dead);
    }

    #[test]
    fn reconnect_uses_full_jitter_backoff() {
        assert_eq!(reconnect_delay_ms(0, 0.999_999), 1_000);
        assert_eq!(reconnect_delay_ms(2, 0.5), 2_000);
        assert_eq!(reconnect_delay_ms(40, 0.999_999), 30_000);
        assert_eq!(reconnect_delay_ms(3, 0.0), 0);
    }

    #[test]
    fn only_event_frames_count() {
        let f = WsFrame::parse(r#"{"type":"connected","message":"hi","user_id":"u"}"#);
        assert!(!f.as_ref().is_some_and(is_event));
        assert!(WsFrame::parse("pong").is_none());
        let m = WsFrame::parse(
            r#"{"type":"metrics_update","timestamp":"t","metrics":{"total_servers":3}}"#,
        );
        assert!(m.as_ref().is_some_and(is_event));
        let s = WsFrame::parse(
            r#"{"type":"server_status_change","timestamp":"t","server":{"id":"a","name":"n","status":"active","previous_status":null}}"#,
        );
        assert!(s.as_ref().is_some_and(is_event));
        assert!(!WsFrame::parse(r#"{"type":"ping"}"#)
            .as_ref()
            .is_some_and(is_event));
    }
}
