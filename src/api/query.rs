//! Query-string encoding (RFC 3986 unreserved characters kept, everything else percent-encoded).

pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// `?a=1&b=x%20y`, or the empty string when there is nothing to send.
pub fn encode(pairs: &[(String, String)]) -> String {
    if pairs.is_empty() {
        return String::new();
    }
    let body: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v)))
        .collect();
    format!("?{}", body.join("&"))
}

/// Decodes `%XX` and `+` (form encoding) back to text; bad escapes are kept literally.
pub fn decode_component(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                match u8::from_str_radix(
                    std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz"),
                    16,
                ) {
                    Ok(v) => {
                        out.push(v);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_unicode_commas_and_spaces() {
        let q = encode(&[
            ("search".into(), "zürich & co".into()),
            ("status".into(), "active,inactive".into()),
        ]);
        assert_eq!(q, "?search=z%C3%BCrich%20%26%20co&status=active%2Cinactive");
        assert_eq!(encode(&[]), "");
    }

    #[test]
    fn decode_round_trips_and_tolerates_bad_escapes() {
        let s = "zürich & co, 100%";
        assert_eq!(decode_component(&encode_component(s)), s);
        assert_eq!(decode_component("a+b%2"), "a b%2");
        assert_eq!(decode_component("%zz"), "%zz");
    }
}
