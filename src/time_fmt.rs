//! Timestamps from SARK: RFC 3339, sometimes without an offset (B12: treat as UTC).
//! Hand-written (civil-date arithmetic after Howard Hinnant) to keep a date crate out of the wasm.

/// Days since 1970-01-01 for a proleptic Gregorian date.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// (year, month, day) for days since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn num(s: &str, range: std::ops::Range<usize>) -> Option<i64> {
    let part = s.get(range)?;
    part.bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| part.parse().ok())?
}

/// Unix seconds of `YYYY-MM-DDTHH:MM:SS[.frac][Z|±HH:MM]`; no offset means UTC.
pub fn parse_unix(s: &str) -> Option<i64> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() < 19
        || b[4] != b'-'
        || b[7] != b'-'
        || !matches!(b[10], b'T' | b't' | b' ')
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let (y, mo, d) = (num(s, 0..4)?, num(s, 5..7)?, num(s, 8..10)?);
    let (h, mi, se) = (num(s, 11..13)?, num(s, 14..16)?, num(s, 17..19)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || se > 60 {
        return None;
    }
    let mut rest = &s[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        rest = &frac[digits..];
    }
    let offset = match rest {
        "" | "Z" | "z" => 0,
        o if o.len() == 6 && (o.starts_with('+') || o.starts_with('-')) && &o[3..4] == ":" => {
            let secs = num(o, 1..3)? * 3600 + num(o, 4..6)? * 60;
            if o.starts_with('-') {
                -secs
            } else {
                secs
            }
        }
        _ => return None,
    };
    Some(days_from_civil(y, mo as u32, d as u32) * 86_400 + h * 3600 + mi * 60 + se - offset)
}

fn parts(unix: i64) -> (i64, u32, u32, i64, i64, i64) {
    let (y, m, d) = civil_from_days(unix.div_euclid(86_400));
    let t = unix.rem_euclid(86_400);
    (y, m, d, t / 3600, t % 3600 / 60, t % 60)
}

/// `2026-11-22 15:13 UTC`, or the raw text when it does not parse (never a panic).
pub fn display(s: &str) -> String {
    match parse_unix(s).map(parts) {
        Some((y, m, d, h, mi, _)) => format!("{y:04}-{m:02}-{d:02} {h:02}:{mi:02} UTC"),
        None => s.to_owned(),
    }
}

/// `2026-11-22 15:13:26 UTC`.
pub fn display_seconds(s: &str) -> String {
    match parse_unix(s).map(parts) {
        Some((y, m, d, h, mi, se)) => format!("{y:04}-{m:02}-{d:02} {h:02}:{mi:02}:{se:02} UTC"),
        None => s.to_owned(),
    }
}

/// "3 min ago" style, relative to `now` (Unix seconds).
pub fn relative(s: &str, now: i64) -> String {
    let Some(t) = parse_unix(s) else {
        return s.to_owned();
    };
    let d = now - t;
    let (n, unit) = match d.unsigned_abs() {
        a if a < 60 => {
            return if d >= 0 {
                "just now".into()
            } else {
                "in a moment".into()
            }
        }
        a if a < 3_600 => (a / 60, "min"),
        a if a < 86_400 => (a / 3_600, "h"),
        a => (a / 86_400, "d"),
    };
    if d < 0 {
        format!("in {n} {unit}")
    } else {
        format!("{n} {unit} ago")
    }
}

/// Unix seconds → `15:13 UTC` (the time of day a page last heard from the server).
pub fn hh_mm(unix: i64) -> String {
    let (_, _, _, h, mi, _) = parts(unix);
    format!("{h:02}:{mi:02} UTC")
}

/// Unix seconds → RFC 3339 UTC (for API filters).
pub fn to_rfc3339(unix: i64) -> String {
    let (y, m, d, h, mi, se) = parts(unix);
    format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{se:02}Z")
}

/// Unix seconds → `YYYY-MM-DDTHH-MM-SS` for file names.
pub fn file_stamp(unix: i64) -> String {
    let (y, m, d, h, mi, se) = parts(unix);
    format!("{y:04}-{m:02}-{d:02}T{h:02}-{mi:02}-{se:02}")
}

/// One decimal place without pulling float formatting into the wasm (`12.345` → `12.3`).
pub fn one_decimal(v: f64) -> String {
    if !v.is_finite() {
        return "–".into();
    }
    let tenths = (v * 10.0).round() as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    let a = tenths.unsigned_abs();
    format!("{sign}{}.{}", a / 10, a % 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_offset_and_offsetless_times() {
        assert_eq!(
            parse_unix("2026-11-22T16:17:57.613068+00:00"),
            Some(1_795_364_277)
        );
        assert_eq!(
            parse_unix("2026-11-22T16:17:57.613068"),
            Some(1_795_364_277)
        );
        assert_eq!(parse_unix("2026-11-22T17:17:57+01:00"), Some(1_795_364_277));
        assert_eq!(parse_unix("2026-11-22T15:17:57-01:00"), Some(1_795_364_277));
        assert_eq!(parse_unix("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_unix("2000-02-29T12:00:00Z"), Some(951_825_600));
        assert_eq!(parse_unix("yesterday"), None);
        assert_eq!(parse_unix("2026-13-01T00:00:00Z"), None);
        assert_eq!(parse_unix("2026-11-22T16:17:57+0100"), None);
    }

    #[test]
    fn formats_round_trip() {
        for t in [0, 951_825_600, 1_795_364_277, -86_400, 4_102_444_800] {
            assert_eq!(parse_unix(&to_rfc3339(t)), Some(t));
        }
    }

    #[test]
    fn displays_in_utc_and_never_fails() {
        assert_eq!(display("2026-11-22T17:17:57+01:00"), "2026-11-22 16:17 UTC");
        assert_eq!(display("garbage"), "garbage");
        assert_eq!(
            relative("2026-11-22T16:17:57Z", 1_795_364_277 + 120),
            "2 min ago"
        );
        assert_eq!(file_stamp(1_795_364_277), "2026-11-22T16-17-57");
        assert_eq!(to_rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(one_decimal(1.55), "1.6");
        assert_eq!(one_decimal(-0.04), "0.0");
        assert_eq!(one_decimal(12.0), "12.0");
    }
}
