//! WebSockets (contract 3.13): greeting, keepalive ping, `pong` reply and live event frames.

use std::time::Duration;

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};
use tokio::sync::broadcast::error::RecvError;
use tokio::time::{interval_at, sleep_until, Instant};
use uuid::Uuid;

use super::RawQuery;
use crate::events::Channel;
use crate::state::{lock, AppState};
use crate::util::now_ts;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Audit,
    Servers,
    Metrics,
}

impl Kind {
    fn key(self) -> &'static str {
        match self {
            Kind::Audit => "audit_events",
            Kind::Servers => "server_status",
            Kind::Metrics => "metrics_live",
        }
    }
    fn greeting(self) -> &'static str {
        match self {
            Kind::Audit => "Connected to audit log stream",
            Kind::Servers => "Connected to server status stream",
            Kind::Metrics => "Connected to live metrics stream",
        }
    }
    fn wants(self, c: Channel) -> bool {
        matches!(
            (self, c),
            (Kind::Audit, Channel::Audit) | (Kind::Servers, Channel::ServerStatus)
        )
    }
}

/// Strict token check from `?token=`; any failure refuses the handshake with an empty 403.
async fn handshake(st: AppState, q: RawQuery, ws: Upgrade, kind: Kind) -> Response {
    let token =
        q.0.iter()
            .rev()
            .find(|(k, _)| k == "token")
            .map(|(_, v)| v.clone());
    let caller = match token {
        Some(t) => crate::auth::check_token(&st, &t, None).ok(),
        None => None,
    };
    let Some(caller) = caller else {
        return StatusCode::FORBIDDEN.into_response();
    };
    match ws {
        Ok(ws) => ws.on_upgrade(move |socket| run(st, socket, kind, caller.user_id)),
        Err(rejection) => rejection.into_response(),
    }
}

type Upgrade = Result<WebSocketUpgrade, axum::extract::ws::rejection::WebSocketUpgradeRejection>;

pub async fn audit_stream(State(st): State<AppState>, q: RawQuery, ws: Upgrade) -> Response {
    handshake(st, q, ws, Kind::Audit).await
}

pub async fn servers_status(State(st): State<AppState>, q: RawQuery, ws: Upgrade) -> Response {
    handshake(st, q, ws, Kind::Servers).await
}

pub async fn metrics_live(State(st): State<AppState>, q: RawQuery, ws: Upgrade) -> Response {
    handshake(st, q, ws, Kind::Metrics).await
}

fn metrics_frame(st: &AppState) -> Option<String> {
    let m = st.read(crate::routes::metrics::live_json).ok()?;
    Some(json!({"type": "metrics_update", "timestamp": now_ts(), "metrics": m}).to_string())
}

async fn send(socket: &mut WebSocket, text: String) -> bool {
    socket.send(Message::Text(text.into())).await.is_ok()
}

async fn run(st: AppState, mut socket: WebSocket, kind: Kind, user: Uuid) {
    *lock(&st.ws_counts).entry(kind.key()).or_insert(0) += 1;
    let mut rx = st.events.subscribe();
    let mut shutdown = st.shutdown.clone();
    let ping_every = Duration::from_secs(st.cfg.ws_ping_secs);
    let metrics_every = Duration::from_secs(st.cfg.metrics_interval_secs.max(1));
    let opened = Instant::now();
    let second = Duration::from_secs(1);
    let mut fault_check = interval_at(opened + second, second);

    let greeting =
        json!({"type": "connected", "message": kind.greeting(), "user_id": user}).to_string();
    let mut ok = send(&mut socket, greeting).await;
    if ok && kind == Kind::Metrics {
        if let Some(f) = metrics_frame(&st) {
            ok = send(&mut socket, f).await;
        }
    }
    let mut ping_at = Instant::now() + ping_every;
    let mut tick = interval_at(Instant::now() + metrics_every, metrics_every);
    while ok {
        tokio::select! {
            msg = socket.recv() => match msg {
                Some(Ok(Message::Text(t))) => {
                    ping_at = Instant::now() + ping_every;
                    if t.as_str() == "ping" {
                        ok = socket.send(Message::Text("pong".into())).await.is_ok();
                    }
                }
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => break,
                Some(Ok(_)) => ping_at = Instant::now() + ping_every,
            },
            _ = sleep_until(ping_at) => {
                ok = send(&mut socket, r#"{"type":"ping"}"#.to_string()).await;
                ping_at = Instant::now() + ping_every;
            }
            ev = rx.recv() => match ev {
                Ok(e) if kind.wants(e.channel) => ok = send(&mut socket, e.frame.to_string()).await,
                Ok(_) | Err(RecvError::Lagged(_)) => {}
                Err(RecvError::Closed) => break,
            },
            _ = tick.tick(), if kind == Kind::Metrics => {
                if let Some(f) = metrics_frame(&st) {
                    ok = send(&mut socket, f).await;
                }
            }
            // Fault injection: a socket older than `ws_drop_every_secs` vanishes without a close
            // frame, like a dropped proxy connection. Checked every second, so a fault set while
            // sockets are open drops them too.
            _ = fault_check.tick() => {
                let limit = st.faults().ws_drop_every_secs.map(Duration::from_secs);
                if limit.is_some_and(|l| opened.elapsed() >= l) {
                    break;
                }
            }
            _ = crate::state::stopped(&mut shutdown) => {
                let _ = socket.send(Message::Close(None)).await;
                break;
            }
        }
    }
    if let Some(n) = lock(&st.ws_counts).get_mut(kind.key()) {
        *n = (*n - 1).max(0);
    }
}

pub async fn connections(State(st): State<AppState>) -> Json<Value> {
    let counts = lock(&st.ws_counts).clone();
    let total: i64 = counts.values().sum();
    let channels: Map<String, Value> = counts
        .into_iter()
        .map(|(k, n)| (k.to_string(), json!({"count": n, "channel": k})))
        .collect();
    Json(json!({"total_connections": total, "channels": channels}))
}
