//! A websocket client for the live meeting room, on tokio-tungstenite, used by the integration tests: it
//! speaks the protocol in `legeting_shared::live`, checks that events arrive in sequence with no gaps or
//! repeats, and keeps who is present as the presence updates say. [`crowd`] makes many distinct people with
//! sessions straight in the database (for tests and the bench, where signing in one by one would be slow).

use std::time::Duration;

use anyhow::{Context, bail};
use futures_util::{SinkExt, StreamExt};
use legeting::state::AppState;
use legeting_shared::live::{ClientMessage, PROTOCOL_VERSION, PresentPerson, SequencedEvent, ServerMessage};
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
    /// How many are present, as the last presence update said.
    pub present_count: usize,
    /// Who is present (in a listed room), as the welcome and the presence updates since say.
    pub present: Vec<PresentPerson>,
}

/// `n` distinct GPs of a municipality, named `<prefix> 00001`…, written straight into the database with a
/// session each. Returns their ids and the `Cookie` header each one's client sends.
pub async fn crowd(
    state: &AppState,
    municipality_id: &str,
    prefix: &str,
    n: usize,
) -> anyhow::Result<Vec<(String, String)>> {
    let pool = state.database.pool();
    let now = legeting::db::now_ms();
    let mut people = Vec::with_capacity(n);
    for chunk in (0..n).collect::<Vec<_>>().chunks(500) {
        let mut tx = legeting::db::begin(pool).await?;
        for i in chunk {
            let id = legeting::db::new_id();
            sqlx::query(
                "INSERT INTO people (id, name, email, specialist, active, created_at, updated_at) VALUES ($1, $2, $3, 0, 1, $4, $4)",
            )
            .bind(&id)
            .bind(format!("{prefix} {i:05}"))
            .bind(format!("{}-{i:05}@crowd.test", prefix.to_lowercase().replace(' ', "-")))
            .bind(now)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO municipality_roles (person_id, municipality_id, role, created_at) VALUES ($1, $2, 'gp', $3)",
            )
            .bind(&id)
            .bind(municipality_id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            people.push(id);
        }
        tx.commit().await?;
    }
    let mut signed_in = Vec::with_capacity(n);
    for id in people {
        let cookie = legeting::auth::session::start(state, &id, None, legeting::auth::SignedInWith::Password)
            .await
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        signed_in.push((id, format!("{}={}", cookie.name(), cookie.value())));
    }
    Ok(signed_in)
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
        let url = session.websocket_url(&format!("/api/meetings/{meeting_id}/live"));
        Self::connect_with(&url, &session.cookie_header(), last_seq, origin).await
    }

    /// Connect to a room's websocket `url` with a `Cookie` header (see [`crowd`]), resuming after `last_seq`
    /// if given.
    pub async fn connect_with(
        url: &str,
        cookie: &str,
        last_seq: Option<i64>,
        origin: Option<&str>,
    ) -> anyhow::Result<LiveClient> {
        let mut request = url.into_client_request()?;
        request.headers_mut().insert("cookie", cookie.parse()?);
        if let Some(origin) = origin {
            request.headers_mut().insert("origin", origin.parse()?);
        }
        let (mut socket, _) = tokio_tungstenite::connect_async(request).await.context("the websocket opens")?;
        let hello = serde_json::to_string(&ClientMessage::Hello { version: PROTOCOL_VERSION, last_seq })?;
        socket.send(Message::Text(hello.into())).await?;
        let mut client =
            LiveClient { socket, last_seq: 0, welcome: ServerMessage::Pong, present_count: 0, present: Vec::new() };
        let welcome = client.next().await?;
        let ServerMessage::Welcome { seq, missed, presence, .. } = &welcome else {
            bail!("expected a welcome, got {welcome:?}")
        };
        presence.apply(&mut client.present);
        client.present_count = presence.count;
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
                Some(Ok(Message::Text(text))) => {
                    let message: ServerMessage = serde_json::from_str(&text)?;
                    if let ServerMessage::Presence(update) = &message {
                        update.apply(&mut self.present);
                        self.present_count = update.count;
                    }
                    return Ok(message);
                }
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

    /// Read until this client's post `client_id` comes back as an event (a refusal is an error).
    pub async fn own_post(&mut self, client_id: &str) -> anyhow::Result<SequencedEvent> {
        loop {
            match self.next().await? {
                ServerMessage::Event(event) => {
                    anyhow::ensure!(event.seq == self.last_seq + 1, "event {} after {}", event.seq, self.last_seq);
                    self.last_seq = event.seq;
                    if matches!(&event.event,
                        legeting_shared::live::RoomEvent::MessagePosted { client_id: Some(id), .. } if id == client_id)
                    {
                        return Ok(event);
                    }
                }
                ServerMessage::Error { code, .. } => bail!("refused: {code}"),
                _ => {}
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

    /// Read (passing over events, still checked for sequence) until the presence says `count` people are
    /// here.
    pub async fn presence_until(&mut self, count: usize) -> anyhow::Result<()> {
        while self.present_count != count {
            if let ServerMessage::Event(event) = self.next().await? {
                anyhow::ensure!(event.seq == self.last_seq + 1, "event {} after {}", event.seq, self.last_seq);
                self.last_seq = event.seq;
            }
        }
        Ok(())
    }

    /// Close the connection.
    pub async fn close(mut self) -> anyhow::Result<()> {
        self.socket.close(None).await?;
        Ok(())
    }
}
