//! Server registry pages: list, register wizard, detail.

pub mod detail;
pub mod list;
pub mod register;
pub mod url_state;
pub mod validate;
