//! Exponential backoff with full jitter (AWS architecture blog's "full jitter"): the delay for
//! attempt `n` is uniform in `[0, min(cap, base · 2ⁿ)]`. Pure, so timing is host-tested.

/// Upper bound of the delay window for `attempt` (0-based), saturating instead of overflowing.
pub fn ceiling_ms(attempt: u32, base_ms: u64, cap_ms: u64) -> u64 {
    let factor = 1u64.checked_shl(attempt.min(32)).unwrap_or(u64::MAX);
    base_ms.saturating_mul(factor).min(cap_ms)
}

/// The delay to wait before retry `attempt`, given `unit` uniform in `[0, 1)`.
pub fn full_jitter_ms(attempt: u32, base_ms: u64, cap_ms: u64, unit: f64) -> u64 {
    let unit = if unit.is_finite() {
        unit.clamp(0.0, 1.0)
    } else {
        0.0
    };
    (ceiling_ms(attempt, base_ms, cap_ms) as f64 * unit).round() as u64
}

/// HTTP retries of idempotent requests: 250 ms doubling, at most 4 s, three retries.
pub const HTTP_BASE_MS: u64 = 250;
pub const HTTP_CAP_MS: u64 = 4_000;
pub const HTTP_MAX_RETRIES: u32 = 3;

/// WebSocket reconnects (CONTRACT §3.13): 1 s doubling to 30 s, unbounded attempts.
pub const WS_BASE_MS: u64 = 1_000;
pub const WS_CAP_MS: u64 = 30_000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ceiling_doubles_then_caps() {
        let c: Vec<u64> = (0..7)
            .map(|n| ceiling_ms(n, WS_BASE_MS, WS_CAP_MS))
            .collect();
        assert_eq!(c, vec![1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
    }

    #[test]
    fn huge_attempts_do_not_overflow() {
        assert_eq!(ceiling_ms(10_000, WS_BASE_MS, WS_CAP_MS), WS_CAP_MS);
        assert_eq!(ceiling_ms(63, u64::MAX, 5), 5);
    }

    #[test]
    fn jitter_spans_zero_to_ceiling() {
        assert_eq!(full_jitter_ms(3, 1_000, 30_000, 0.0), 0);
        assert_eq!(full_jitter_ms(3, 1_000, 30_000, 0.5), 4_000);
        assert_eq!(full_jitter_ms(3, 1_000, 30_000, 1.0), 8_000);
        assert_eq!(full_jitter_ms(3, 1_000, 30_000, f64::NAN), 0);
        assert_eq!(full_jitter_ms(3, 1_000, 30_000, 7.0), 8_000);
    }
}
