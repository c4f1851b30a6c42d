//! The sandbox's user directory: two sign-in users plus colleagues who appear in seeded audit data.

use uuid::Uuid;

pub struct User {
    pub id: Uuid,
    pub username: &'static str,
    pub password: &'static str,
    pub name: &'static str,
    pub email: &'static str,
    pub role: &'static str,
    pub roles: &'static [&'static str],
    pub teams: &'static [&'static str],
}

pub const ADMIN_ID: Uuid = Uuid::from_u128(0x6f1c2a4e_0d3b_4c7a_9e21_5a7d3c000001);
pub const VIEWER_ID: Uuid = Uuid::from_u128(0x6f1c2a4e_0d3b_4c7a_9e21_5a7d3c000002);

pub static USERS: [User; 2] = [
    User {
        id: ADMIN_ID,
        username: "admin",
        password: "admin",
        name: "Ada Admin",
        email: "admin@sark.local",
        role: "admin",
        roles: &["admin"],
        teams: &["platform"],
    },
    User {
        id: VIEWER_ID,
        username: "viewer",
        password: "viewer",
        name: "Victor Viewer",
        email: "viewer@sark.local",
        role: "viewer",
        roles: &["viewer"],
        teams: &["support"],
    },
];

/// People who only appear in seeded history (they cannot sign in).
pub static COLLEAGUES: [(&str, &str); 6] = [
    ("Grace Hopper", "grace.hopper@sark.local"),
    ("Linus Lovelace", "linus.lovelace@sark.local"),
    ("Margaret Hamilton", "margaret.hamilton@sark.local"),
    ("Dennis Ritchie", "dennis.ritchie@sark.local"),
    ("Barbara Liskov", "barbara.liskov@sark.local"),
    ("ci-pipeline", "ci-bot@sark.local"),
];

pub fn by_username(u: &str) -> Option<&'static User> {
    USERS.iter().find(|x| x.username == u)
}

pub fn by_id(id: Uuid) -> Option<&'static User> {
    USERS.iter().find(|x| x.id == id)
}

/// Scopes an API key may carry (SARK's `ApiKeyCreate` pattern).
pub const KEY_SCOPES: [&str; 7] = [
    "server:read",
    "server:write",
    "server:delete",
    "policy:read",
    "policy:write",
    "audit:read",
    "admin",
];

/// A user's permissions: every key scope plus `tool:invoke` for admins, read and invoke for others.
pub fn permissions_for(roles: &[String]) -> Vec<String> {
    if roles.iter().any(|r| r == "admin") {
        // Invoking tools comes before `admin`, as in SARK's tokens.
        let scopes = KEY_SCOPES.iter().filter(|s| **s != "admin");
        scopes
            .chain(&["tool:invoke", "admin"])
            .map(|s| s.to_string())
            .collect()
    } else {
        ["server:read", "policy:read", "audit:read", "tool:invoke"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    }
}
