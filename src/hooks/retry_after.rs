//! A 429 answer's `Retry-After` as a live countdown: the message counts down each second and
//! the action that hit the limit stays disabled until the wait is over.

use leptos::prelude::*;
use std::time::Duration;

use crate::api::ApiError;

/// Seconds to wait before retrying, when the error says so.
pub fn wait_secs(e: &ApiError) -> Option<u64> {
    match e {
        ApiError::RateLimited {
            retry_after: Some(n),
            ..
        } => Some(*n),
        _ => None,
    }
}

/// Whole seconds left of a wait ending at `until_ms`, rounded up (1.2 s left reads "2 s").
pub fn secs_left(until_ms: f64, now_ms: f64) -> u64 {
    let left = (until_ms - now_ms) / 1000.0;
    if left.is_finite() && left > 0.0 {
        left.ceil() as u64
    } else {
        0
    }
}

/// The line shown while waiting.
pub fn countdown_text(secs: u64) -> String {
    format!("Too many requests. Try again in {secs} s.")
}

/// `Copy` handles for one countdown.
#[derive(Clone, Copy)]
pub struct Cooldown {
    until_ms: RwSignal<f64>,
    now_ms: RwSignal<f64>,
}

impl Cooldown {
    /// Starts the wait `e` asks for (no-op for other errors).
    pub fn arm(&self, e: &ApiError) {
        if let Some(n) = wait_secs(e) {
            let now = crate::dom::now_ms();
            self.now_ms.set(now);
            self.until_ms.set(now + n as f64 * 1000.0);
        }
    }

    /// Seconds left (reactive; 0 when not waiting).
    pub fn left(&self) -> u64 {
        secs_left(self.until_ms.get(), self.now_ms.get())
    }

    pub fn waiting(&self) -> bool {
        self.left() > 0
    }
}

/// A countdown ticking once a second while armed; stops with the calling component.
pub fn use_cooldown() -> Cooldown {
    let c = Cooldown {
        until_ms: RwSignal::new(0.0),
        now_ms: RwSignal::new(0.0),
    };
    let tick = set_interval_with_handle(
        move || {
            if c.until_ms.get_untracked() > c.now_ms.get_untracked() {
                c.now_ms.set(crate::dom::now_ms());
            }
        },
        Duration::from_millis(250),
    )
    .ok();
    on_cleanup(move || {
        if let Some(t) = tick {
            t.clear();
        }
    });
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_down_in_whole_seconds_and_never_below_zero() {
        assert_eq!(secs_left(20_000.0, 0.0), 20);
        assert_eq!(secs_left(20_000.0, 18_800.0), 2);
        assert_eq!(secs_left(20_000.0, 20_000.0), 0);
        assert_eq!(secs_left(20_000.0, 99_000.0), 0);
        assert_eq!(secs_left(f64::NAN, 0.0), 0);
        assert_eq!(countdown_text(3), "Too many requests. Try again in 3 s.");
        let e = ApiError::RateLimited {
            retry_after: Some(20),
            detail: None,
        };
        assert_eq!(wait_secs(&e), Some(20));
        assert_eq!(wait_secs(&ApiError::Network), None);
    }
}
