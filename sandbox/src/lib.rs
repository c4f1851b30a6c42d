//! SARK-compatible sandbox API server (see `shared/sark-api/CONTRACT.md`).

pub mod app;
pub mod auth;
pub mod cli;
pub mod csrf;
pub mod errors;
pub mod events;
pub mod faults;
pub mod jwt;
pub mod policy;
pub mod routes;
pub mod seed;
pub mod sim;
pub mod state;
pub mod store;
pub mod users;
pub mod util;
pub mod validate;

pub use app::{start, Running};
pub use state::Config;
