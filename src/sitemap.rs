//! The console's pages as the router knows them: a location → its page → the page's title and
//! route template. A leaf (it imports nothing), shared by the route announcer and the error
//! reporter, which the API client calls.

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
}
