//! Reusable reactive pieces shared by pages, one concern per file (as leptos-use does).

pub mod freshness;
pub mod live_refetch;
pub mod page;
pub mod permissions;
pub mod retry_after;
pub mod url_text;
