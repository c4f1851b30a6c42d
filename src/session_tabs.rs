//! The tabs of one browser agree on the sign-in (issue 12, item 9) over a `BroadcastChannel`. Only
//! the two words below ever cross it: never a token, an expiry or a user.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

// The three members used, bound here rather than through a web-sys feature.
#[wasm_bindgen]
extern "C" {
    type BroadcastChannel;
    #[wasm_bindgen(constructor, catch)]
    fn new(name: &str) -> Result<BroadcastChannel, JsValue>;
    #[wasm_bindgen(method, catch, js_name = postMessage)]
    fn post_message(this: &BroadcastChannel, message: &JsValue) -> Result<(), JsValue>;
    #[wasm_bindgen(method, setter)]
    fn set_onmessage(this: &BroadcastChannel, handler: Option<&js_sys::Function>);
}

const CHANNEL: &str = "sark-console-session";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Message {
    /// The user signed out: every tab signs out.
    SignedOut,
    /// This tab refreshed its token (rotating the shared refresh cookie).
    Refreshed,
}

impl Message {
    pub fn as_str(self) -> &'static str {
        match self {
            Message::SignedOut => "signed-out",
            Message::Refreshed => "refreshed",
        }
    }

    pub fn parse(s: &str) -> Option<Message> {
        match s {
            "signed-out" => Some(Message::SignedOut),
            "refreshed" => Some(Message::Refreshed),
            _ => None,
        }
    }
}

/// This tab's end of the channel; messages it posts reach every other tab, not itself.
pub struct Tabs {
    channel: BroadcastChannel,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
}

impl Tabs {
    /// `None` where the browser has no `BroadcastChannel`: tabs then act alone, as before.
    pub fn open(on_message: impl Fn(Message) + 'static) -> Option<Tabs> {
        let channel = BroadcastChannel::new(CHANNEL).ok()?;
        let cb =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                if let Some(m) = e.data().as_string().as_deref().and_then(Message::parse) {
                    on_message(m);
                }
            });
        channel.set_onmessage(Some(cb.as_ref().unchecked_ref()));
        Some(Tabs {
            channel,
            _on_message: cb,
        })
    }

    pub fn post(&self, m: Message) {
        let _ = self.channel.post_message(&JsValue::from_str(m.as_str()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_round_trip_and_nothing_else_parses() {
        for m in [Message::SignedOut, Message::Refreshed] {
            assert_eq!(Message::parse(m.as_str()), Some(m));
        }
        assert_eq!(Message::parse("eyJhbGciOi.x.y"), None);
    }
}
