//! The server field rules, shared by the register wizard and the Edit dialog so both refuse the
//! same input with the same words before anything is sent (the server's 422 still maps back to
//! the fields for what only it can check).

/// Longest name the server accepts.
pub const NAME_MAX: usize = 255;
/// Longest description the console sends.
pub const DESCRIPTION_MAX: usize = 1000;

fn too_long(s: &str, max: usize) -> bool {
    s.chars().count() > max
}

/// An absolute `http://` or `https://` URL with a host and no spaces.
pub fn is_http_url(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    let host = rest
        .and_then(|r| r.split(['/', '?', '#']).next())
        .map(|h| h.rsplit('@').next().unwrap_or(h));
    host.is_some_and(|h| !h.is_empty() && !h.starts_with(':')) && !s.contains(char::is_whitespace)
}

/// The problem with a server name, if any.
pub fn name(s: &str) -> Option<String> {
    let s = s.trim();
    if s.is_empty() {
        Some("Enter a name.".into())
    } else if too_long(s, NAME_MAX) {
        Some(format!("Use at most {NAME_MAX} characters."))
    } else {
        None
    }
}

/// The problem with a description, if any (empty is fine).
pub fn description(s: &str) -> Option<String> {
    too_long(s.trim(), DESCRIPTION_MAX)
        .then(|| format!("Use at most {DESCRIPTION_MAX} characters."))
}

/// The problem with an endpoint URL, if any; empty is a problem only when `required`.
pub fn endpoint(s: &str, required: bool) -> Option<String> {
    let s = s.trim();
    if s.is_empty() {
        required.then(|| "Enter the endpoint URL.".into())
    } else if !is_http_url(s) {
        Some("Enter a valid http:// or https:// URL, e.g. https://mcp.example.com/mcp.".into())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert!(is_http_url("https://mcp.example.com/mcp"));
        assert!(is_http_url("http://localhost:8080"));
        assert!(!is_http_url("ftp://x"));
        assert!(!is_http_url("https://"));
        assert!(!is_http_url("https://a b"));
    }

    #[test]
    fn the_same_rules_for_both_forms() {
        assert_eq!(name("  ").as_deref(), Some("Enter a name."));
        assert_eq!(
            name(&"x".repeat(256)).as_deref(),
            Some("Use at most 255 characters.")
        );
        assert_eq!(name(" ok "), None);
        assert_eq!(description(&"é".repeat(1000)), None);
        assert!(description(&"é".repeat(1001)).is_some());
        assert_eq!(endpoint("", false), None);
        assert_eq!(
            endpoint("", true).as_deref(),
            Some("Enter the endpoint URL.")
        );
        assert!(endpoint("not a url", false).is_some());
        assert_eq!(endpoint("https://x.example/mcp", true), None);
    }
}
