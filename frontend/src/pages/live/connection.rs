//! The live room's connection: a websocket speaking `legeting_shared::live`, kept open while the page is. It
//! reconnects by itself with growing, jittered pauses (so that thousands of browsers do not come back in the
//! same instant after a restart) and resumes from the last event it saw, so nothing is lost or shown twice.
//! Messages typed while it is down wait in the room's outbox and go first once it is back. What arrives is
//! handed to [`RoomHandle::receive`]; this module only moves bytes and keeps time.

use futures_util::{SinkExt, StreamExt};
use gloo_net::websocket::Message as WsMessage;
use gloo_net::websocket::futures::WebSocket;
use legeting_shared::live::{ClientMessage, OlderMessages, PROTOCOL_VERSION, ServerMessage};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::RoomHandle;
use crate::api;
use crate::i18n::Key;

/// Where the connection stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Connection {
    Connecting,
    Connected,
    /// Lost; the next try is in this many seconds.
    Waiting(u32),
}

/// The pause before the first retry, in seconds.
const FIRST_PAUSE_SECS: u32 = 1;
/// The longest pause between retries, in seconds.
const LONGEST_PAUSE_SECS: u32 = 30;

/// The pause after `pause` seconds did not bring the connection back: twice as long, up to the longest.
fn next_pause(pause: u32) -> u32 {
    pause.saturating_mul(2).min(LONGEST_PAUSE_SECS)
}

/// A pause of about `seconds`: between half and one and a half times, as `random` (in `0.0..1.0`) says, so
/// that many clients that lost the server together do not all return in the same instant.
fn jittered(seconds: u32, random: f64) -> std::time::Duration {
    let factor = 0.5 + random;
    std::time::Duration::from_millis((f64::from(seconds) * 1000.0 * factor) as u64)
}

/// The websocket URL of a meeting's room, on the page's own host.
fn room_url(meeting_id: &str) -> Option<String> {
    let location = window().location();
    let scheme = if location.protocol().ok()? == "https:" { "wss" } else { "ws" };
    Some(format!("{scheme}://{}/api/meetings/{meeting_id}/live", location.host().ok()?))
}

/// Connect, and keep reconnecting with growing pauses while `alive` holds.
pub fn connect(handle: RoomHandle, alive: StoredValue<bool, LocalStorage>) {
    let meeting_id = handle.meeting_id.get_value();
    spawn_local(async move {
        let mut pause = FIRST_PAUSE_SECS;
        while alive.get_value() {
            handle.connection.set(Connection::Connecting);
            if let Some(url) = room_url(&meeting_id)
                && let Ok(socket) = WebSocket::open(&url)
            {
                let (mut write, mut read) = socket.split();
                let hello = ClientMessage::Hello { version: PROTOCOL_VERSION, last_seq: handle.last_seq() };
                if write.send(WsMessage::Text(serde_json::to_string(&hello).unwrap_or_default())).await.is_ok() {
                    let (tx, mut rx) = futures_channel::mpsc::unbounded::<ClientMessage>();
                    handle.attach(tx);
                    spawn_local(async move {
                        while let Some(message) = rx.next().await {
                            let text = serde_json::to_string(&message).unwrap_or_default();
                            if write.send(WsMessage::Text(text)).await.is_err() {
                                break;
                            }
                        }
                    });
                    while let Some(Ok(WsMessage::Text(text))) = read.next().await {
                        let Ok(message) = serde_json::from_str::<ServerMessage>(&text) else { continue };
                        let welcome = matches!(message, ServerMessage::Welcome { .. });
                        let resync = handle.receive(message);
                        if welcome {
                            handle.connection.set(Connection::Connected);
                            pause = FIRST_PAUSE_SECS;
                        }
                        if resync {
                            break;
                        }
                    }
                }
            }
            handle.detach();
            if !alive.get_value() {
                break;
            }
            handle.connection.set(Connection::Waiting(pause));
            gloo_timers::future::sleep(jittered(pause, js_sys::Math::random())).await;
            pause = next_pause(pause);
        }
    });
}

/// Read the messages before the oldest one shown (the welcome holds only the latest) and put them first.
pub fn load_older(handle: RoomHandle) {
    let Some(first) = handle.room.with_untracked(|room| room.messages.first().map(|m| m.id.clone())) else { return };
    let meeting = handle.meeting_id.get_value();
    spawn_local(async move {
        let path = format!(
            "/api/meetings/{}/live/messages?before={}",
            js_sys::encode_uri_component(&meeting),
            js_sys::encode_uri_component(&first)
        );
        match api::get_json::<OlderMessages>(&path).await {
            Ok(page) => handle.room.update(|room| room.prepend_older(page)),
            Err(_) => handle.room.update(|room| room.error = Some(Key::ErrorUnexpected)),
        }
    });
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn the_pause_doubles_after_each_failed_try_up_to_thirty_seconds() {
        let pauses: Vec<u32> =
            std::iter::successors(Some(FIRST_PAUSE_SECS), |p| Some(next_pause(*p))).take(7).collect();
        assert_eq!(pauses, [1, 2, 4, 8, 16, 30, 30]);
    }

    #[test]
    fn a_pause_is_jittered_between_half_and_one_and_a_half_times() {
        assert_eq!(jittered(4, 0.0), Duration::from_secs(2));
        assert_eq!(jittered(4, 0.5), Duration::from_secs(4));
        assert!(jittered(4, 0.999_999) < Duration::from_secs(6));
        assert!(jittered(4, 0.999_999) > Duration::from_millis(5_990));
    }
}
