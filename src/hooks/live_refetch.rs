//! Keeping a page's data live: event frames of a channel go to the page, a reconnect refetches
//! (events sent while the socket was down are lost), and a timer refetches while the tab is
//! visible — only while the channel is not live, or always for data no channel pushes (health).

use leptos::prelude::*;
use std::time::Duration;

use crate::api::models::WsFrame;
use crate::ws::{use_live, Channel, ConnState};

/// When the timer refetches.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Poll {
    /// Polling fallback: only while the channel is not live.
    WhenNotLive(Duration),
    /// Every period while the tab is visible, whatever the channel does.
    Always(Duration),
}

/// What a page does with each event frame of the channel.
pub type OnFrame = Option<Box<dyn Fn(&WsFrame)>>;

/// Wires `refetch` to reconnects of `channel` and to the timer, and `on_frame` to its event
/// frames. Everything stops when the calling component is cleaned up.
pub fn use_live_refetch(
    channel: Channel,
    poll: Poll,
    refetch: impl Fn() + Clone + 'static,
    on_frame: OnFrame,
) {
    let live = use_live();
    if let Some(f) = on_frame {
        live.subscribe(channel, f);
    }
    let again = refetch.clone();
    Effect::watch(
        move || live.resync(channel).get(),
        move |_, _, _| again(),
        false,
    );
    let state = live.state(channel);
    let (period, only_offline) = match poll {
        Poll::WhenNotLive(d) => (d, true),
        Poll::Always(d) => (d, false),
    };
    let timer = set_interval_with_handle(
        move || {
            let live_now = state.try_get_untracked() == Some(ConnState::Live);
            if crate::dom::page_visible() && !(only_offline && live_now) {
                refetch();
            }
        },
        period,
    )
    .ok();
    on_cleanup(move || {
        if let Some(t) = timer {
            t.clear();
        }
    });
}
