//! Small helpers shared by every module: timestamps, ids, hashing.

use base64::Engine;
use rand::Rng;
use sha2::{Digest, Sha256};
use time::{format_description::well_known::Rfc3339, Duration, OffsetDateTime, UtcOffset};
use uuid::Uuid;

/// Current time in UTC.
pub fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

/// Formats like SARK 2.0 (`2026-11-22T15:13:26.228415+00:00`). Fixed width and always UTC, so the
/// stored text sorts chronologically, which the store relies on for range queries and cursors.
pub fn fmt_ts(t: OffsetDateTime) -> String {
    let t = t.to_offset(UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}+00:00",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.microsecond()
    )
}

pub fn now_ts() -> String {
    fmt_ts(now())
}

/// Parses RFC 3339, a datetime without offset (taken as UTC, like the UI does) or a bare date.
pub fn parse_ts(s: &str) -> Option<OffsetDateTime> {
    let s = s.trim();
    if let Ok(t) = OffsetDateTime::parse(s, &Rfc3339) {
        return Some(t.to_offset(UtcOffset::UTC));
    }
    // A space separator is common in hand-written query strings.
    let s2 = s.replacen(' ', "T", 1);
    if let Ok(t) = OffsetDateTime::parse(&format!("{s2}Z"), &Rfc3339) {
        return Some(t);
    }
    if s2.len() == 10 {
        if let Ok(t) = OffsetDateTime::parse(&format!("{s2}T00:00:00Z"), &Rfc3339) {
            return Some(t);
        }
    }
    None
}

pub fn ts_minus(secs: i64) -> String {
    fmt_ts(now() - Duration::seconds(secs))
}

pub fn unix(t: OffsetDateTime) -> i64 {
    t.unix_timestamp()
}

pub fn new_id() -> Uuid {
    Uuid::new_v4()
}

/// A UUID v4 drawn from a caller-supplied RNG, so seeding is reproducible.
pub fn uuid_from_rng<R: Rng + ?Sized>(rng: &mut R) -> Uuid {
    let bytes: [u8; 16] = rng.random();
    uuid::Builder::from_random_bytes(bytes).into_uuid()
}

pub fn sha256_hex(s: &str) -> String {
    let d = Sha256::digest(s.as_bytes());
    d.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn b64url(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

pub fn b64url_decode(s: &str) -> Option<Vec<u8>> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(s.trim_end_matches('='))
        .ok()
}

/// Random token of `n` random bytes, base64url without padding.
pub fn random_token(n: usize) -> String {
    let mut buf = vec![0u8; n];
    rand::rng().fill(&mut buf[..]);
    b64url(&buf)
}

/// Random lowercase alphanumeric string (API key prefixes and secrets).
pub fn random_alnum(n: usize) -> String {
    const CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::rng();
    (0..n)
        .map(|_| CHARS[rng.random_range(0..CHARS.len())] as char)
        .collect()
}

/// Constant-time comparison: the time taken depends only on the lengths.
pub fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut diff = 0u8;
    for (x, y) in a.iter().zip(b) {
        diff |= x ^ y;
    }
    diff == 0
}

/// Parses a JSON text column, falling back to `default` for corrupt data rather than failing a request.
pub fn json_col(s: &str, default: serde_json::Value) -> serde_json::Value {
    serde_json::from_str(s).unwrap_or(default)
}

pub const SERVER_STATUSES: [&str; 5] = [
    "registered",
    "active",
    "inactive",
    "unhealthy",
    "decommissioned",
];
pub const TRANSPORTS: [&str; 3] = ["http", "stdio", "sse"];
pub const LEVELS: [&str; 4] = ["low", "medium", "high", "critical"];

pub fn level_rank(l: &str) -> usize {
    LEVELS.iter().position(|x| *x == l).unwrap_or(1)
}
