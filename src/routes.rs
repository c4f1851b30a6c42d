//! The console's own URLs (its routes, not the API's): every id and query value is
//! percent-encoded here, so a server id or policy name can never change the path.

use crate::api::query::{encode, encode_component};

/// `/login?next=…`: where the auth guard sends a signed-out visitor, remembering `here`.
pub fn login_then(here: &str) -> String {
    format!("/login?next={}", encode_component(here))
}

/// One server's detail page.
pub fn server(id: &str) -> String {
    format!("/servers/{}", encode_component(id))
}

/// One policy on the policies page.
pub fn policy(id: &str) -> String {
    format!("/policies/{}", encode_component(id))
}

/// `path` with `pairs` as its query string (none when empty).
pub fn with_query(path: &str, pairs: &[(String, String)]) -> String {
    format!("{path}{}", encode(pairs))
}

/// A query value's comma list → known values, unknown words dropped (a hand-edited URL never
/// breaks the page).
pub fn parse_list<T>(raw: Option<&str>, parse: impl Fn(&str) -> Option<T>) -> Vec<T> {
    raw.unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .filter_map(parse)
        .collect()
}

/// The inverse of [`parse_list`]: `key=a,b` appended to `pairs`, nothing when the list is empty.
pub fn put_list<T: AsRef<str>>(pairs: &mut Vec<(String, String)>, key: &str, items: &[T]) {
    if !items.is_empty() {
        let words: Vec<&str> = items.iter().map(AsRef::as_ref).collect();
        pairs.push((key.to_owned(), words.join(",")));
    }
}

/// A lookup over literal pairs, as `use_query_map` gives one: for the URL-state tests.
#[cfg(test)]
pub fn lookup(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let owned: Vec<(String, String)> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    move |k| {
        owned
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_queries_are_encoded() {
        assert_eq!(
            login_then("/servers?x=1&y"),
            "/login?next=%2Fservers%3Fx%3D1%26y"
        );
        assert_eq!(server("a/../b"), "/servers/a%2F..%2Fb");
        assert_eq!(policy("mcp.authorization"), "/policies/mcp.authorization");
        assert_eq!(
            with_query("/audit", &[("q".into(), "a b".into())]),
            "/audit?q=a%20b"
        );
        assert_eq!(with_query("/audit", &[]), "/audit");
    }
}
