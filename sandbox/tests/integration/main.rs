//! Integration tests: each test starts its own sandbox on 127.0.0.1:0 with an in-memory store.

mod common;

mod auth_order;
mod conformance;
mod faults;
mod keys;
mod openapi;
mod servers;
mod tier_d;
mod tools_policy;
mod ws;
