//! The few browser calls the console needs, in one place, each degrading quietly when the API
//! is missing (old browser, privacy mode) instead of panicking. One file per kind of call;
//! callers use `dom::name` whichever file it lives in.

mod files;
mod focus;
mod history;
mod origin;
mod prefs;
mod random;

pub use files::*;
pub use focus::*;
pub use history::*;
pub use origin::*;
pub use prefs::*;
pub use random::*;
