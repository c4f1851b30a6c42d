//! At most [`MAX_PER_MINUTE`] reports a minute, and each distinct error once a minute: a
//! failing page that retries, or a socket that keeps dropping, must not flood the tracker.

pub const MAX_PER_MINUTE: usize = 10;
const WINDOW_MS: f64 = 60_000.0;

#[derive(Debug, Default)]
pub struct Limiter {
    /// (fingerprint, when it was last let through), newest last.
    sent: Vec<(String, f64)>,
}

impl Limiter {
    /// Whether a report with this fingerprint may go out at `now_ms`; records it if so.
    pub fn admit(&mut self, fingerprint: &str, now_ms: f64) -> bool {
        self.sent.retain(|(_, at)| now_ms - at < WINDOW_MS);
        if self.sent.len() >= MAX_PER_MINUTE || self.sent.iter().any(|(f, _)| f == fingerprint) {
            return false;
        }
        self.sent.push((fingerprint.to_owned(), now_ms));
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_errors_once_a_minute() {
        let mut l = Limiter::default();
        assert!(l.admit("a", 0.0));
        assert!(!l.admit("a", 1_000.0));
        assert!(l.admit("b", 1_000.0));
        assert!(!l.admit("a", 59_999.0));
        assert!(l.admit("a", 60_000.0));
    }

    #[test]
    fn at_most_n_a_minute() {
        let mut l = Limiter::default();
        for i in 0..MAX_PER_MINUTE {
            assert!(l.admit(&i.to_string(), i as f64));
        }
        assert!(!l.admit("one more", 100.0));
        assert!(l.admit("later", 60_001.0));
    }
}
