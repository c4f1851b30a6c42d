//! One folder per page area. Pages read state, call `api::*`, and render; nothing else.

pub mod dashboard;
pub mod login;
pub mod not_found;
pub mod servers;
