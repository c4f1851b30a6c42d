//! The console's own URLs (its routes, not the API's): every id and query value is
//! percent-encoded here, so a server id or policy name can never change the path.

use crate::api::query::{encode, encode_component};

/// The console's pages as the router knows them: one place that turns a location into a page,
/// for the document title (announcer) and the route template (error reports).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    Dashboard,
    Login,
    Servers,
    Register,
    Server,
    Policies,
    Policy,
    Audit,
    ApiKeys,
    NotFound,
}

impl Page {
    /// The page a location (`/servers/abc?tab=tools#x`) shows.
    pub fn of(location: &str) -> Page {
        let path = location.split(['?', '#']).next().unwrap_or_default();
        let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        match segs.as_slice() {
            [] => Page::Dashboard,
            ["login"] => Page::Login,
            ["servers"] => Page::Servers,
            ["servers", "register"] => Page::Register,
            ["servers", _] => Page::Server,
            ["policies"] => Page::Policies,
            ["policies", _] => Page::Policy,
            ["audit"] => Page::Audit,
            ["api-keys"] => Page::ApiKeys,
            _ => Page::NotFound,
        }
    }

    /// The router's path pattern, ids left out (what an error report may name).
    pub fn template(self) -> &'static str {
        match self {
            Page::Dashboard => "/",
            Page::Login => "/login",
            Page::Servers => "/servers",
            Page::Register => "/servers/register",
            Page::Server => "/servers/:id",
            Page::Policies => "/policies",
            Page::Policy => "/policies/:id",
            Page::Audit => "/audit",
            Page::ApiKeys => "/api-keys",
            Page::NotFound => "/*any",
        }
    }

    /// The page's name in the document title. A policy is shown on the policies page.
    pub fn title(self) -> &'static str {
        match self {
            Page::Dashboard => "Dashboard",
            Page::Login => "Sign in",
            Page::Servers => "Servers",
            Page::Register => "Register server",
            Page::Server => "Server details",
            Page::Policies | Page::Policy => "Policies",
            Page::Audit => "Audit log",
            Page::ApiKeys => "API keys",
            Page::NotFound => "Page not found",
        }
    }
}

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
    fn locations_become_pages() {
        assert_eq!(Page::of("/").template(), "/");
        assert_eq!(
            Page::of("/servers/abc?tab=tools").template(),
            "/servers/:id"
        );
        assert_eq!(Page::of("/servers/register").title(), "Register server");
        assert_eq!(Page::of("/policies/mcp.x").title(), "Policies");
        assert_eq!(Page::of("/api-keys/#top"), Page::ApiKeys);
        assert_eq!(Page::of("/nope/deeper").template(), "/*any");
        assert_eq!(Page::of("/login?next=%2F").title(), "Sign in");
    }

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
