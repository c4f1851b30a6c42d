//! Live events fanned out to WebSocket clients through one broadcast channel.

use std::sync::Arc;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Channel {
    Audit,
    ServerStatus,
}

/// A ready-to-send JSON text frame for one channel.
#[derive(Clone, Debug)]
pub struct Event {
    pub channel: Channel,
    pub frame: Arc<str>,
}

pub fn server_status_change(
    id: &str,
    name: &str,
    status: &str,
    previous: Option<&str>,
    ts: &str,
) -> Event {
    let frame = serde_json::json!({
        "type": "server_status_change",
        "timestamp": ts,
        "server": {
            "id": id, "name": name, "status": status, "previous_status": previous,
            "health_check_result": match status { "active" => Some("healthy"), "unhealthy" => Some("unhealthy"), _ => None },
        }
    });
    Event {
        channel: Channel::ServerStatus,
        frame: Arc::from(frame.to_string()),
    }
}
