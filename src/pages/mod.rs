//! One folder per page area. Pages read state, call `api::*`, and render; nothing else.

pub mod audit;
pub mod dashboard;
pub mod keys;
pub mod login;
pub mod not_found;
pub mod policies;
pub mod servers;
