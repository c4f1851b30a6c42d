//! SARK Console: the admin UI for SARK, a governance layer for MCP servers.

pub mod api;
pub mod app;
pub mod backoff;
pub mod components;
pub mod config;
pub mod csv;
pub mod dom;
pub mod hooks;
pub mod jwt;
pub mod outage;
pub mod pages;
pub mod reporter;
pub mod reporting;
pub mod routes;
pub mod session;
pub mod session_tabs;
pub mod shortcuts;
pub mod sitemap;
pub mod theme;
pub mod time_fmt;
pub mod toast;
pub mod ws;
