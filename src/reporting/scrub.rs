//! What may leave the browser in an error report: templates instead of concrete URLs, and
//! messages with anything that looks like a secret or a person cut out.

/// Literal path segments of SARK's API (its OpenAPI document and the contract's tier D); any
/// other segment is an id or a name and becomes `{id}`.
const API_WORDS: &[&str] = &[
    "a2a",
    "all",
    "api",
    "api-keys",
    "audit",
    "auth",
    "authorize",
    "authorize-a2a",
    "bulk",
    "callback",
    "connections",
    "detailed",
    "detect-all",
    "detect-sensitivity",
    "evaluate",
    "events",
    "export",
    "gateway",
    "health",
    "history",
    "keys",
    "ldap",
    "list",
    "live",
    "login",
    "logout",
    "metrics",
    "oidc",
    "policies",
    "policy",
    "providers",
    "ready",
    "refresh",
    "register",
    "rotate",
    "sensitivity",
    "servers",
    "servers.csv",
    "servers.json",
    "sessions",
    "startup",
    "statistics",
    "status",
    "stream",
    "summary",
    "timeseries",
    "tools",
    "tools.csv",
    "tools.json",
    "v1",
    "validate",
    "ws",
];

/// `/api/v1/servers/3f1c…/tools?x=1` → `/api/v1/servers/{id}/tools`.
pub fn api_path_template(path: &str) -> String {
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let mut out = String::new();
    for seg in path.split('/').skip(1) {
        out.push('/');
        if seg.is_empty() || API_WORDS.contains(&seg) {
            out.push_str(seg);
        } else {
            out.push_str("{id}");
        }
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}

/// The console's route (as in `app.rs`) for a location path: `/servers/abc` → `/servers/:id`.
pub fn route_template(pathname: &str) -> &'static str {
    crate::sitemap::Page::of(pathname).template()
}

/// Longest message sent (Sentry truncates anyway; a keepalive body must stay small).
pub const MAX_MESSAGE: usize = 400;

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "._~+/=@?&%:-".contains(c)
}

/// One run of word characters, made safe.
fn scrub_word(word: &str) -> String {
    // A query string may carry a token (`?token=` on WebSocket URLs): never sent.
    let (word, had_query) = match word.split_once('?') {
        Some((before, _)) => (before, true),
        None => (word, false),
    };
    let tail = if had_query { "?[query]" } else { "" };
    if let Some((user, domain)) = word.split_once('@') {
        if !user.is_empty() && domain.contains('.') && !word.contains("://") {
            return format!("[email]{tail}");
        }
    }
    if let Some((scheme, rest)) = word.split_once("://") {
        // URLs keep scheme and host; their path may hold ids, so it becomes a template.
        let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        let host = host.rsplit('@').next().unwrap_or_default();
        return format!(
            "{scheme}://{host}{}{tail}",
            api_path_template(path).trim_end_matches('/')
        );
    }
    let opaque = word
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_+/=.".contains(c));
    // JWTs, API keys, session ids: long runs of opaque characters.
    if word.starts_with("eyJ") || (opaque && word.len() >= 24) {
        return format!("[redacted]{tail}");
    }
    format!("{word}{tail}")
}

/// A message with e-mail addresses, tokens, long opaque strings and query strings replaced,
/// cut to [`MAX_MESSAGE`] characters.
pub fn scrub(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(MAX_MESSAGE));
    let mut word = String::new();
    let mut after_bearer = false;
    let flush = |word: &mut String, out: &mut String, after_bearer: &mut bool| {
        if word.is_empty() {
            return;
        }
        if *after_bearer {
            out.push_str("[redacted]");
        } else {
            out.push_str(&scrub_word(word));
        }
        *after_bearer = word.eq_ignore_ascii_case("bearer");
        word.clear();
    };
    for c in text.chars() {
        if is_word_char(c) {
            word.push(c);
        } else {
            flush(&mut word, &mut out, &mut after_bearer);
            out.push(if c.is_control() { ' ' } else { c });
        }
    }
    flush(&mut word, &mut out, &mut after_bearer);
    if out.chars().count() > MAX_MESSAGE {
        out = out.chars().take(MAX_MESSAGE - 1).collect();
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_paths_become_templates() {
        assert_eq!(
            api_path_template("/api/v1/servers/3f1c2d4e-0000-4000-8000-000000000000/tools"),
            "/api/v1/servers/{id}/tools"
        );
        assert_eq!(
            api_path_template("/api/v1/servers/?search=alice&limit=5"),
            "/api/v1/servers/"
        );
        assert_eq!(
            api_path_template("/api/v1/policies/mcp.authorization"),
            "/api/v1/policies/{id}"
        );
        assert_eq!(
            api_path_template("/api/auth/api-keys/k1/rotate"),
            "/api/auth/api-keys/{id}/rotate"
        );
        assert_eq!(api_path_template(""), "/");
    }

    #[test]
    fn routes_become_templates() {
        assert_eq!(route_template("/servers/abc?tab=tools"), "/servers/:id");
        assert_eq!(route_template("/nope/deeper/still"), "/*any");
    }

    #[test]
    fn secrets_and_people_are_cut_out() {
        let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";
        let got = scrub(&format!(
            "token {jwt} for alice@example.com at wss://h.example:8443/api/v1/ws/audit/stream?token={jwt}, \
             Authorization: Bearer abc.def key sark_0123456789abcdefghijklmnop"
        ));
        assert!(!got.contains("eyJ"), "{got}");
        assert!(!got.contains("alice"), "{got}");
        assert!(!got.contains("abc.def"), "{got}");
        assert!(!got.contains("0123456789abcdefghij"), "{got}");
        assert!(got.contains("[email]"), "{got}");
        assert!(
            got.contains("wss://h.example:8443/api/v1/ws/audit/stream?[query]"),
            "{got}"
        );
        assert!(got.starts_with("token [redacted] for"), "{got}");
    }

    #[test]
    fn ordinary_messages_stay_readable_and_short() {
        assert_eq!(
            scrub("called `Option::unwrap()` on a `None` value"),
            "called `Option::unwrap()` on a `None` value"
        );
        assert_eq!(scrub("line\none"), "line one");
        let long = "word ".repeat(200);
        assert_eq!(scrub(&long).chars().count(), MAX_MESSAGE);
    }
}
