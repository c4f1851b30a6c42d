//! The three contexts nearly every page reads, in one call and always in this order:
//! `let (client, session, toasts) = use_page();`.

use crate::api::{use_client, Client};
use crate::session::{use_session, Session};
use crate::toast::{use_toasts, Toasts};

pub fn use_page() -> (Client, Session, Toasts) {
    (use_client(), use_session(), use_toasts())
}
