//! A websocket client for the live meeting room, on tokio-tungstenite: used by the integration tests and,
//! later, by the load generator. It speaks the protocol in `legeting_shared::live` and checks that events
//! arrive in sequence with no gaps or repeats.

use std::time::Duration;

use anyhow::{Context, bail};
use futures_util::{SinkExt, StreamExt};
use legeting_shared::live::{ClientMessage, PROTOCOL_VERSION, SequencedEvent, ServerMessage};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use crate::Session;

/// How long to wait for the next message before failing.
pub const WAIT: Duration = Duration::from_secs(10);

/// The HTTP status with which the server refuses to open the room from a page at `origin`, or `None`
/// when it opens.
pub async fn refusal(session: &Session, meeting_id: &str, origin: &str) -> anyhow::Result<Option<u16>> {
    let mut request = session.websocket_url(&format!("/api/meetings/{meeting_id}/live")).into_client_request()?;
    request.headers_mut().insert("cookie", session.cookie_header().parse()?);
    request.headers_mut().insert("origin", origin.parse()?);
    match tokio_tungstenite::connect_async(request).await {
        Ok(_) => Ok(None),
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => Ok(Some(response.status().as_u16())),
        Err(error) => Err(error.into()),
    }
}

/// A connected client.
pub struct LiveClient {
    socket: WebSocketStream<MaybeTlsStream<TcpStream>>,
    /// The highest event sequence number seen.
    pub last_seq: i64,
    /// The server's `Welcome`.
    pub welcome: ServerMessage,
}

impl LiveClient {
    /// Connect as `session` to a meeting's room, resuming after `last_seq` if given.
    pub async fn connect(session: &Session, meeting_id: &str, last_seq: Option<i64>) -> anyhow::Result<LiveClient> {
        Self::connect_from(session, meeting_id, last_seq, None).await
    }

    /// Connect as a browser would from a page at `origin` (sent as the `Origin` header).
    pub async fn connect_from(
        session: &Session,
        meeting_id: &str,
        last_seq: Option<i64>,
        origin: Option<&str>,
    ) -> anyhow::Result<LiveClient> {
        let mut request = session.websocket_url(&format!("/api/meetings/{meeting_id}/live")).into_client_request()?;
        request.headers_mut().insert("cookie", session.cookie_header().parse()?);
        if let Some(origin) = origin {
            request.headers_mut().insert("origin", origin.parse()?);
        }
        let (mut socket, _) = tokio_tungstenite::connect_async(request).await.context("the websocket opens")?;
        let hello = serde_json::to_string(&ClientMessage::Hello { version: PROTOCOL_VERSION, last_seq })?;
        socket.send(Message::Text(hello.into())).await?;
        let mut client = LiveClient { socket, last_seq: 0, welcome: ServerMessage::Pong };
        let welcome = client.next().await?;
        let ServerMessage::Welcome { seq, missed, .. } = &welcome else { bail!("expected a welcome, got {welcome:?}") };
        let mut expected = last_seq.unwrap_or(*seq);
        for event in missed {
            expected += 1;
            anyhow::ensure!(event.seq == expected, "missed events out of order: {} after {}", event.seq, expected - 1);
        }
        client.last_seq = if missed.is_empty() { *seq } else { expected };
        client.welcome = welcome;
        Ok(client)
    }

    /// Send a message.
    pub async fn send(&mut self, message: &ClientMessage) -> anyhow::Result<()> {
        self.socket.send(Message::Text(serde_json::to_string(message)?.into())).await?;
        Ok(())
    }

    /// The next message from the server, whatever it is.
    pub async fn next(&mut self) -> anyhow::Result<ServerMessage> {
        loop {
            let frame = tokio::time::timeout(WAIT, self.socket.next()).await.context("no message within the wait")?;
            match frame {
                Some(Ok(Message::Text(text))) => return Ok(serde_json::from_str(&text)?),
                Some(Ok(Message::Close(_))) | None => bail!("the server closed the connection"),
                Some(Ok(_)) => continue,
                Some(Err(error)) => return Err(error.into()),
            }
        }
    }

    /// The next sequenced event, skipping presence; fails on a gap or a repeat.
    pub async fn next_event(&mut self) -> anyhow::Result<SequencedEvent> {
        loop {
            match self.next().await? {
                ServerMessage::Event(event) => {
                    anyhow::ensure!(event.seq == self.last_seq + 1, "event {} after {}", event.seq, self.last_seq);
                    self.last_seq = event.seq;
                    return Ok(event);
                }
                ServerMessage::Presence { .. } => continue,
                other => bail!("expected an event, got {other:?}"),
            }
        }
    }

    /// The next direct reply (an error or an acknowledgement), skipping presence.
    pub async fn next_reply(&mut self) -> anyhow::Result<ServerMessage> {
        loop {
            match self.next().await? {
                ServerMessage::Presence { .. } => continue,
                ServerMessage::Event(event) => bail!("expected a reply, got event {event:?}"),
                other => return Ok(other),
            }
        }
    }

    /// The next direct reply, passing over events (still checked for sequence) and presence.
    pub async fn reply(&mut self) -> anyhow::Result<ServerMessage> {
        loop {
            match self.next().await? {
                ServerMessage::Presence { .. } => continue,
                ServerMessage::Event(event) => {
                    anyhow::ensure!(event.seq == self.last_seq + 1, "event {} after {}", event.seq, self.last_seq);
                    self.last_seq = event.seq;
                }
                other => return Ok(other),
            }
        }
    }

    /// Events until one matches `wanted`, which is returned; replies in between are an error.
    pub async fn event_until(
        &mut self,
        wanted: impl Fn(&legeting_shared::live::RoomEvent) -> bool,
    ) -> anyhow::Result<SequencedEvent> {
        loop {
            let event = self.next_event().await?;
            if wanted(&event.event) {
                return Ok(event);
            }
        }
    }

    /// Read events until this client has seen `seq`.
    pub async fn catch_up_to(&mut self, seq: i64) -> anyhow::Result<()> {
        while self.last_seq < seq {
            self.next_event().await?;
        }
        Ok(())
    }

    /// Wait (at most [`WAIT`]) for the server to close the connection, passing over anything it sends
    /// before; returns the close code, if the server gave one.
    pub async fn closed_by_server(&mut self) -> anyhow::Result<Option<u16>> {
        loop {
            let frame = tokio::time::timeout(WAIT, self.socket.next())
                .await
                .context("the server did not close the connection")?;
            match frame {
                Some(Ok(Message::Close(frame))) => return Ok(frame.map(|f| u16::from(f.code))),
                None | Some(Err(_)) => return Ok(None),
                Some(Ok(_)) => continue,
            }
        }
    }

    /// Close the connection.
    pub async fn close(mut self) -> anyhow::Result<()> {
        self.socket.close(None).await?;
        Ok(())
    }
}
