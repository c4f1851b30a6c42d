//! Whether what a page shows is current: when the last refresh succeeded and whether the latest
//! one failed. Pages keep showing their last good data and say "stale since hh:mm" instead of
//! replacing it with an error or an empty chart.

use leptos::prelude::*;

/// `Copy` handles; see [`Freshness::record`].
#[derive(Clone, Copy)]
pub struct Freshness {
    /// Unix seconds of the last successful load.
    pub last_ok: RwSignal<Option<i64>>,
    /// The latest load failed (the data shown, if any, is from `last_ok`).
    pub failed: RwSignal<bool>,
}

impl Default for Freshness {
    fn default() -> Self {
        Self::new()
    }
}

impl Freshness {
    pub fn new() -> Self {
        Freshness {
            last_ok: RwSignal::new(None),
            failed: RwSignal::new(false),
        }
    }

    /// Records the outcome of a load finished at `now` (Unix seconds).
    pub fn record(&self, ok: bool, now: i64) {
        if ok {
            self.last_ok.try_set(Some(now));
        }
        self.failed.try_set(!ok);
    }

    /// "Stale since 15:13 UTC" when the latest load failed after an earlier success.
    pub fn stale_note(&self) -> Option<String> {
        stale_note(self.last_ok.get(), self.failed.get())
    }
}

/// The note shown over kept data (pure, for host tests).
pub fn stale_note(last_ok: Option<i64>, failed: bool) -> Option<String> {
    match (last_ok, failed) {
        (Some(t), true) => Some(format!(
            "Stale since {}: the latest refresh failed, showing the last data received.",
            crate::time_fmt::hh_mm(t)
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_only_after_a_success_then_a_failure() {
        assert_eq!(stale_note(None, true), None);
        assert_eq!(stale_note(Some(0), false), None);
        assert_eq!(
            stale_note(Some(15 * 3600 + 13 * 60 + 59), true).as_deref(),
            Some(
                "Stale since 15:13 UTC: the latest refresh failed, showing the last data received."
            )
        );
    }
}
