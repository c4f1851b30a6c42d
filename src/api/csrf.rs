//! CSRF double-submit (CONTRACT §1.4): a script-readable `csrf_token` cookie of ≥ 32 chars that
//! the console creates itself and echoes in `X-CSRF-Token` on every mutation.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

pub const HEADER: &str = "X-CSRF-Token";
const COOKIE: &str = "csrf_token";
const MIN_LEN: usize = 32;

/// The value of cookie `name` in a `document.cookie` string.
pub fn cookie_value<'a>(cookies: &'a str, name: &str) -> Option<&'a str> {
    cookies.split(';').find_map(|pair| {
        let (k, v) = pair.trim().split_once('=')?;
        (k == name).then_some(v)
    })
}

/// A usable token already in the cookie jar, if any.
pub fn usable(cookies: &str) -> Option<String> {
    cookie_value(cookies, COOKIE)
        .filter(|v| v.len() >= MIN_LEN)
        .map(str::to_owned)
}

/// 32 random bytes, base64url without padding (43 characters).
pub fn encode_token(bytes: &[u8; 32]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The `document.cookie` assignment for `token`.
pub fn cookie_line(token: &str, https: bool) -> String {
    format!(
        "{COOKIE}={token}; Path=/; SameSite=Strict{}",
        if https { "; Secure" } else { "" }
    )
}

/// The token to send, creating the cookie when missing; `regenerate` forces a new one (after a
/// CSRF 403). In the browser only.
pub fn ensure(regenerate: bool) -> String {
    let cookies = crate::dom::cookies();
    if !regenerate {
        if let Some(t) = usable(&cookies) {
            return t;
        }
    }
    let token = encode_token(&crate::dom::random_bytes());
    crate::dom::set_cookie(&cookie_line(&token, crate::dom::is_https()));
    token
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_cookie_among_others() {
        let jar = "theme=dark; csrf_token=abc; other=1";
        assert_eq!(cookie_value(jar, "csrf_token"), Some("abc"));
        assert_eq!(cookie_value(jar, "csrf"), None);
        assert_eq!(usable(jar), None, "too short to be accepted by SARK");
        let long = "x".repeat(43);
        assert_eq!(usable(&format!("a=b; csrf_token={long}")), Some(long));
    }

    #[test]
    fn token_is_43_chars_and_cookie_is_strict() {
        let t = encode_token(&[7u8; 32]);
        assert_eq!(t.len(), 43);
        assert!(!t.contains('='));
        assert_eq!(
            cookie_line("t", true),
            "csrf_token=t; Path=/; SameSite=Strict; Secure"
        );
        assert_eq!(
            cookie_line("t", false),
            "csrf_token=t; Path=/; SameSite=Strict"
        );
    }
}
