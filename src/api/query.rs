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

/// An API path: a fixed `prefix` (`/api/v1/servers`) and `segments`, each percent-encoded, so
/// an id can never add a segment, a query or a fragment. Every endpoint with an id uses this.
/// `.` and `..` would be resolved by the browser even percent-encoded (WHATWG URL), so they go
/// out as the literal text `%2E`: the server then looks up (and does not find) that id.
pub fn path(prefix: &str, segments: &[&str]) -> String {
    let mut out = prefix.trim_end_matches('/').to_owned();
    for s in segments {
        out.push('/');
        match *s {
            "." | ".." => out.push_str(&s.replace('.', "%252E")),
            s => out.push_str(&encode_component(s)),
        }
    }
    out
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
    fn path_segments_are_always_encoded() {
        assert_eq!(path("/api/v1/servers", &["abc"]), "/api/v1/servers/abc");
        assert_eq!(
            path(
                "/api/v1/servers/",
                &["a/b?c#d", "tools", "ünï code", "invoke"]
            ),
            "/api/v1/servers/a%2Fb%3Fc%23d/tools/%C3%BCn%C3%AF%20code/invoke"
        );
        assert_eq!(
            path("/api/v1/servers", &[".."]),
            "/api/v1/servers/%252E%252E"
        );
        assert_eq!(
            path("/api/v1/servers", &["..", ""]),
            "/api/v1/servers/%252E%252E/"
        );
        assert_eq!(
            path("/api/v1/policies", &["mcp.authz_v1-~"]),
            "/api/v1/policies/mcp.authz_v1-~"
        );
    }
}
