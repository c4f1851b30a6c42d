//! Server registry pages: list, register wizard, detail.

pub mod list;
