//! The live meeting room over websockets: discussion per agenda item, hand raising and the speakers list,
//! polls and votes (open or secret), presence, and resuming without losing anything.
//!
//! - `GET /api/meetings/{id}/live` upgrades to a websocket for anyone who may see the meeting; the protocol
//!   is in `legeting_shared::live`.
//! - Every change is first appended to the durable event log (`live_events`, one sequence per meeting),
//!   then broadcast by the [`crate::hub`]; a reconnecting client gets what it missed from the log.
//! - On PostgreSQL, instances tell each other about new events with NOTIFY (see `crate::hub`).
//! - Time in the room feeds attendance through `attendance::record_remote_presence`.
//! - The upgrade is refused (403) when the browser's `Origin` is not the configured base URL (cross-site
//!   websocket hijacking). Every command of a connection goes through a token bucket (`governor`), posts
//!   through a second, stricter one.
//! - An open connection re-checks its session and meeting access every `LEGETING_LIVE_RECHECK_SECS` and at
//!   once after [`crate::hub::access_changed`] (sign-out, role changes; sent to other instances with NOTIFY), and is
//!   closed when either has gone.
//!
//! Who may do what: the meeting's organisers and the body's chair chair the room (speakers list, polls,
//! hiding messages); invitees and body members (not observers) vote; everyone who sees the meeting reads,
//! posts and raises a hand.

use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade, close_code};
use axum::http::{HeaderMap, Uri, header};
use axum::response::{IntoResponse, Response};
use futures_util::{SinkExt, StreamExt};
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use legeting_shared::api::live as api;
use legeting_shared::live::{
    ChatMessage, ClientMessage, MAX_MESSAGE_CHARS, OlderMessages, PROTOCOL_VERSION, Poll, RoomEvent, RoomSnapshot,
    ServerMessage, Speaker,
};
use legeting_shared::meetings::{BodyRole, MeetingStatus};
use tokio::sync::broadcast::error::RecvError;

use crate::auth::AuthUser;
use crate::db::{new_id, now_ms};
use crate::endpoint::{PathOf, QueryOf, Routes};
use crate::error::{AppError, Json};
use crate::hub::{self, Room, store};
use crate::meetings::access::{self, Access, MeetingRef};
use crate::state::AppState;

/// The routes of this domain.
pub fn router() -> Routes {
    Routes::new().endpoint(api::Live, live).endpoint(api::OlderMessages, older_messages)
}

/// Older messages of a meeting's live discussion, oldest first, ending just before a given message (the
/// welcome's snapshot holds only the latest). Anyone who may see the meeting.
async fn older_messages(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(meeting_id): PathOf<api::OlderMessages>,
    QueryOf(query): QueryOf<api::OlderMessages>,
) -> Result<Json<OlderMessages>, AppError> {
    let pool = state.database.pool();
    let (meeting, _) = access::viewable(pool, &user, &meeting_id).await?;
    let limit = query.limit.unwrap_or(store::SNAPSHOT_MESSAGES);
    if !(1..=store::SNAPSHOT_MESSAGES).contains(&limit) {
        let message = format!("between 1 and {}", store::SNAPSHOT_MESSAGES);
        return Err(crate::error::FieldError::new("limit", "invalid_number", message).into());
    }
    let (messages, older) =
        store::messages_before(pool, &meeting.id, query.before.as_deref(), limit).await?.ok_or(AppError::NotFound)?;
    Ok(Json(OlderMessages { messages, older }))
}

/// A client this far behind gets a snapshot instead of the missed events.
const MAX_REPLAY: i64 = 500;
/// Posts one connection may send at once, and how fast that allowance comes back.
const POST_BURST: NonZeroU32 = NonZeroU32::new(10).expect("not zero");
const POST_PERIOD: Duration = Duration::from_secs(3);
/// How long a secret poll's count of votes waits, so that votes close together make one event.
const SECRET_COUNT_DELAY: Duration = Duration::from_secs(2);
/// How long an open poll's count waits, so that a burst of votes makes one event (the count is
/// seen by everyone well within a second).
const OPEN_COUNT_DELAY: Duration = Duration::from_millis(250);
/// At most this many periodic access re-checks a second per room (see [`recheck_period`]).
const RECHECKS_PER_SECOND: f64 = 100.0;
/// How long one's own message may be edited.
const EDIT_WINDOW_MS: i64 = 5 * 60 * 1000;

/// Open the live room of a meeting (websocket). Anyone who may see the meeting; not for drafts or cancelled
/// meetings.
async fn live(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(meeting_id): PathOf<api::Live>,
    headers: HeaderMap,
    upgrade: Result<WebSocketUpgrade, axum::extract::ws::rejection::WebSocketUpgradeRejection>,
) -> Result<Response, AppError> {
    // Browsers always send the page's origin with a websocket; a page on another site must not ride on the
    // person's cookie. Clients that are not browsers send none and cannot use someone else's cookie anyway.
    if let Some(origin) = headers.get(header::ORIGIN)
        && !origin.to_str().is_ok_and(|origin| same_origin(origin, &state.config.effective_base_url()))
    {
        return Err(AppError::Forbidden);
    }
    let (meeting, access) = access::viewable(state.database.pool(), &user, &meeting_id).await?;
    if matches!(meeting.status, MeetingStatus::Draft | MeetingStatus::Cancelled) {
        return Err(AppError::Conflict("the live room opens when the notice has been sent".into()));
    }
    let upgrade = upgrade.map_err(|_| AppError::Validation("connect with a websocket".into()))?;
    Ok(upgrade
        .read_buffer_size(4 * 1024)
        .write_buffer_size(4 * 1024)
        .max_message_size(64 * 1024)
        .on_upgrade(move |socket| connection(state, user, meeting, access, socket))
        .into_response())
}

/// Whether an `Origin` header names the same scheme, host and port as the base URL.
fn same_origin(origin: &str, base_url: &str) -> bool {
    fn parts(url: &str) -> Option<(String, String, u16)> {
        let uri: Uri = url.parse().ok()?;
        let scheme = uri.scheme_str()?.to_ascii_lowercase();
        let host = uri.host()?.to_ascii_lowercase();
        let port = uri.port_u16().or(match scheme.as_str() {
            "https" => Some(443),
            "http" => Some(80),
            _ => None,
        })?;
        Some((scheme, host, port))
    }
    match (parts(origin), parts(base_url)) {
        (Some(origin), Some(base)) => origin == base,
        _ => false,
    }
}

/// What one connection knows about its person.
struct Participant {
    user: AuthUser,
    chair: bool,
    may_vote: bool,
    /// Every command of this connection.
    commands: DefaultDirectRateLimiter,
    /// Posts, more strictly.
    posts: DefaultDirectRateLimiter,
}

/// Whether the chair's rights and the vote follow from one's access to the meeting.
fn rights(access: &Access) -> (bool, bool) {
    let chair = access.organise || access.body_role == Some(BodyRole::Chair);
    let may_vote = access.invited
        || matches!(
            access.body_role,
            Some(BodyRole::Chair | BodyRole::Secretary | BodyRole::Member | BodyRole::Representative)
        );
    (chair, may_vote)
}

/// The token bucket for all commands of one connection, from the configuration.
fn command_limiter(config: &crate::config::Config) -> DefaultDirectRateLimiter {
    let burst = NonZeroU32::new(config.live_command_burst).unwrap_or(NonZeroU32::MIN);
    let per_minute = NonZeroU32::new(config.live_commands_per_minute).unwrap_or(NonZeroU32::MIN);
    RateLimiter::direct(Quota::per_minute(per_minute).allow_burst(burst))
}

/// Whether the connection's person may still be in the room with the same rights: their session is live
/// and they still see the meeting. `None` when the database could not tell (the connection stays).
async fn still_allowed(state: &AppState, meeting: &MeetingRef, participant: &Participant) -> Option<bool> {
    let pool = state.database.pool();
    let user = &participant.user;
    let fresh = match crate::auth::session::current(pool, &user.session_id, &user.person_id).await {
        Ok(Some(fresh)) => fresh,
        Ok(None) => return Some(false),
        Err(error) => {
            tracing::warn!(%error, "live room: could not re-check a session");
            return None;
        }
    };
    match access::viewable(pool, &fresh, &meeting.id).await {
        Ok((_, access)) => Some(rights(&access) == (participant.chair, participant.may_vote)),
        Err(AppError::NotFound | AppError::Forbidden) => Some(false),
        Err(error) => {
            tracing::warn!(%error, "live room: could not re-check meeting access");
            None
        }
    }
}

/// The server is stopping: everyone still in a room of this instance leaves now, and their time in the room is
/// recorded (as when a connection closes). Called after the last request, before the database closes.
pub async fn record_everyone_leaving(state: &AppState) {
    let minimum = i64::try_from(state.config.live_presence_minimum_secs).unwrap_or(600);
    let now = now_ms();
    for (meeting_id, person_id, joined) in state.live.take_everyone() {
        if let Err(error) = crate::attendance::record_remote_presence(
            state.database.pool(),
            &meeting_id,
            &person_id,
            joined,
            now,
            minimum,
        )
        .await
        {
            tracing::error!(%error, "live room: could not record presence at shutdown");
        }
    }
}

fn error(code: &str, message: &str, client_id: Option<String>) -> ServerMessage {
    ServerMessage::Error { code: code.to_owned(), message: message.to_owned(), client_id }
}

async fn send(socket: &mut futures_util::stream::SplitSink<WebSocket, Message>, message: &ServerMessage) -> bool {
    match serde_json::to_string(message) {
        Ok(text) => socket.send(Message::Text(text.into())).await.is_ok(),
        Err(_) => false,
    }
}

async fn connection(state: AppState, user: AuthUser, meeting: MeetingRef, access: Access, socket: WebSocket) {
    let (mut sink, mut stream) = socket.split();
    // The first message must be Hello.
    let hello = tokio::time::timeout(Duration::from_secs(10), stream.next()).await;
    let last_seq = match hello {
        Ok(Some(Ok(Message::Text(text)))) => match serde_json::from_str::<ClientMessage>(&text) {
            Ok(ClientMessage::Hello { version, last_seq }) if version == PROTOCOL_VERSION => last_seq,
            Ok(ClientMessage::Hello { .. }) => {
                let _closing = send(&mut sink, &error("version", "unsupported protocol version", None)).await;
                return;
            }
            _ => {
                let _closing = send(&mut sink, &error("hello_expected", "send hello first", None)).await;
                return;
            }
        },
        _ => return,
    };
    // Subscribe first; the welcome then covers everything up to where the stream starts.
    let entry = match Box::pin(state.live.enter(&state.database, &meeting.id, last_seq)).await {
        Ok(entry) => entry,
        Err(error) => {
            tracing::error!(%error, "live room: could not enter the room");
            return;
        }
    };
    let hub::Entry { room, frames: mut events, seq: subscribed_at, missed, presence } = entry;
    let (chair, may_vote) = rights(&access);
    let (welcome, mut seen) =
        match Box::pin(welcome(&state, &user, &meeting, chair, last_seq, subscribed_at, missed, presence)).await {
            Ok(welcome) => welcome,
            Err(error) => {
                tracing::error!(%error, "live room: could not build the welcome");
                drop(events);
                state.live.prune();
                return;
            }
        };
    if !send(&mut sink, &welcome).await {
        drop(events);
        state.live.prune();
        return;
    }
    drop(welcome);
    let (present_person, now) = (user.person_id.clone(), now_ms());
    room.join(&present_person, &user.name, now);
    let mut participant = Participant {
        user,
        chair,
        may_vote,
        commands: command_limiter(&state.config),
        posts: RateLimiter::direct(
            Quota::with_period(POST_PERIOD).unwrap_or(Quota::per_second(NonZeroU32::MIN)).allow_burst(POST_BURST),
        ),
    };
    let recheck = tokio::time::sleep(recheck_period(&state, &room));
    tokio::pin!(recheck);
    let mut access_changes = state.live.access_changes();
    let mut access_changes_open = true;

    loop {
        tokio::select! {
            change = access_changes.recv(), if access_changes_open => {
                let concerned = match &change {
                    Ok(Some(person)) => **person == *participant.user.person_id,
                    // Anyone's, or too many changes to tell.
                    Ok(None) | Err(RecvError::Lagged(_)) => true,
                    // Only when the server stops; the periodic check remains.
                    Err(RecvError::Closed) => {
                        access_changes_open = false;
                        false
                    }
                };
                if concerned && Box::pin(still_allowed(&state, &meeting, &participant)).await == Some(false) {
                    close_for_access(&mut sink).await;
                    break;
                }
            }
            () = &mut recheck => {
                if Box::pin(still_allowed(&state, &meeting, &participant)).await == Some(false) {
                    close_for_access(&mut sink).await;
                    break;
                }
                recheck.as_mut().reset(tokio::time::Instant::now() + recheck_period(&state, &room));
            }
            broadcast = events.recv() => {
                // Everything ready for this connection goes out in one flush.
                let mut next = broadcast.map_err(Some);
                let mut open = true;
                loop {
                    match next {
                        Ok(frame) => {
                            // Events already in the welcome are skipped by their sequence number.
                            if let Some(seq) = frame.seq {
                                if seq <= seen { next = events.try_recv().map_err(into_recv_error); continue; }
                                seen = seq;
                            }
                            if sink.feed(Message::Text(frame.text)).await.is_err() { open = false; break; }
                        }
                        Err(None) => break,
                        // Too slow: drop the connection rather than slow the room; the client resumes.
                        Err(Some(_)) => { open = false; break; }
                    }
                    next = events.try_recv().map_err(into_recv_error);
                }
                if !open || sink.flush().await.is_err() { break; }
            },
            incoming = stream.next() => match incoming {
                Some(Ok(Message::Text(text))) => {
                    let reply = match serde_json::from_str::<ClientMessage>(&text) {
                        // Boxed: the connection's own future stays small while it waits (memory per connection).
                        Ok(message) => Box::pin(handle(&state, &room, &meeting, &mut participant, message)).await,
                        Err(_) => Some(error("bad_message", "the message could not be read", None)),
                    };
                    if let Some(reply) = reply && !send(&mut sink, &reply).await { break; }
                }
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => break,
                Some(Ok(_)) => {}
            },
        }
    }
    if let Some(joined) = room.leave(&present_person) {
        let minimum = i64::try_from(state.config.live_presence_minimum_secs).unwrap_or(600);
        if let Err(error) = Box::pin(crate::attendance::record_remote_presence(
            state.database.pool(),
            &meeting.id,
            &present_person,
            joined,
            now_ms(),
            minimum,
        ))
        .await
        {
            tracing::error!(%error, "live room: could not record presence");
        }
    }
    drop(events);
    drop(room);
    state.live.prune();
}

/// How long until a connection re-checks its access: `LEGETING_LIVE_RECHECK_SECS`, stretched in a big room
/// so that the room's re-checks stay within [`RECHECKS_PER_SECOND`] (access changes that the server makes
/// itself are told at once through [`crate::hub::access_changed`]; the periodic check is the backstop), and jittered so
/// that connections that joined together do not check together.
fn recheck_period(state: &AppState, room: &Room) -> Duration {
    let configured = state.config.live_recheck_secs.max(1) as f64;
    let stretched = room.present_count() as f64 / RECHECKS_PER_SECOND;
    let jitter = 0.75 + 0.5 * rand::random::<f64>();
    Duration::from_secs_f64(configured.max(stretched) * jitter)
}

/// A broadcast receive as "nothing more now" (`None`) or "this connection must go" (`Some`).
fn into_recv_error(error: tokio::sync::broadcast::error::TryRecvError) -> Option<RecvError> {
    use tokio::sync::broadcast::error::TryRecvError;
    match error {
        TryRecvError::Empty => None,
        TryRecvError::Lagged(n) => Some(RecvError::Lagged(n)),
        TryRecvError::Closed => Some(RecvError::Closed),
    }
}

/// Close a connection whose session or access has ended (policy violation; the client may reconnect and will
/// be told why by the upgrade's status).
async fn close_for_access(sink: &mut futures_util::stream::SplitSink<WebSocket, Message>) {
    let frame = CloseFrame { code: close_code::POLICY, reason: "access ended".into() };
    let _closing = sink.send(Message::Close(Some(frame))).await;
}

/// The welcome, and the sequence number from which the stream continues it. A resume within the ring is
/// answered from memory; one further back from the log (up to where the subscription starts); a newcomer,
/// or a client too far behind, gets the snapshot, read in one transaction with the log's latest number so
/// that the two agree (events up to that number are then skipped from the stream).
#[allow(clippy::too_many_arguments)]
async fn welcome(
    state: &AppState,
    user: &AuthUser,
    meeting: &MeetingRef,
    chair: bool,
    last_seq: Option<i64>,
    subscribed_at: i64,
    missed: Option<Vec<legeting_shared::live::SequencedEvent>>,
    presence: legeting_shared::live::PresenceUpdate,
) -> Result<(ServerMessage, i64), sqlx::Error> {
    let pool = state.database.pool();
    let missed = match (missed, last_seq) {
        (Some(missed), _) => Some(missed),
        (None, Some(last)) if last < subscribed_at && subscribed_at - last <= MAX_REPLAY => {
            let events = store::events_after(pool, &meeting.id, last, subscribed_at - last).await?;
            let complete = events.len() as i64 == subscribed_at - last
                && events.last().is_some_and(|event| event.seq == subscribed_at);
            complete.then_some(events)
        }
        _ => None,
    };
    let (snapshot, missed, seq) = match missed {
        Some(missed) => (None, missed, subscribed_at),
        None => {
            // The messages and the log's number agree when no burst was saved while reading them.
            let mut attempts = 0;
            let (seq, messages, older, speakers) = loop {
                let before = store::last_seq(pool, &meeting.id).await?;
                let (messages, older) = store::latest_messages(pool, &meeting.id).await?;
                let speakers = store::speakers(pool, &meeting.id).await?;
                attempts += 1;
                if store::last_seq(pool, &meeting.id).await? == before || attempts == 5 {
                    break (before, messages, older, speakers);
                }
            };
            let polls = store::polls(pool, &meeting.id, &user.person_id).await?;
            (Some(RoomSnapshot { messages, older, speakers, polls }), Vec::new(), seq.max(subscribed_at))
        }
    };
    let welcome = ServerMessage::Welcome {
        version: PROTOCOL_VERSION,
        seq,
        me: user.person_id.clone(),
        chair,
        snapshot,
        missed,
        presence,
    };
    Ok((welcome, seq))
}

/// Hand an event whose change is saved to the room's writer (which appends, broadcasts and tells other
/// instances), and wait until it is out.
async fn publish(room: &Room, event: RoomEvent) -> Result<(), sqlx::Error> {
    room.write(hub::Write::Event(event)).await.map(|_| ()).map_err(|()| writer_failed())
}

/// The writer could not save (it logged why).
fn writer_failed() -> sqlx::Error {
    sqlx::Error::Protocol("the live room could not save a change".into())
}

/// Handle one client message; returns a direct reply (errors, pong) if any.
async fn handle(
    state: &AppState,
    room: &Arc<Room>,
    meeting: &MeetingRef,
    participant: &mut Participant,
    message: ClientMessage,
) -> Option<ServerMessage> {
    if participant.commands.check().is_err() {
        return Some(error("too_many_actions", "too many actions at once; wait a little", client_id_of(&message)));
    }
    // Posts and votes go through the room's writer; the rare read-modify-write commands take turns.
    let serialised = !matches!(
        message,
        ClientMessage::Post { .. }
            | ClientMessage::Vote { .. }
            | ClientMessage::Ping
            | ClientMessage::FindPresent { .. }
    );
    let _one_at_a_time = if serialised { Some(room.write_lock.lock().await) } else { None };
    match apply(state, room, meeting, participant, message).await {
        Ok(reply) => reply,
        Err(error) => {
            tracing::error!(%error, "live room: database error");
            Some(error_reply("internal", "something went wrong; try again", None))
        }
    }
}

/// The client's id of a command, for matching a refusal to it.
fn client_id_of(message: &ClientMessage) -> Option<String> {
    match message {
        ClientMessage::Post { client_id, .. }
        | ClientMessage::Edit { client_id, .. }
        | ClientMessage::Hide { client_id, .. }
        | ClientMessage::OpenPoll { client_id, .. }
        | ClientMessage::Vote { client_id, .. } => Some(client_id.clone()),
        _ => None,
    }
}

/// Publish a poll's count of votes after a while (secret polls: [`SECRET_COUNT_DELAY`], so that the room's
/// log has no event that marks one person's vote; open polls: [`OPEN_COUNT_DELAY`]), once for all votes
/// cast meanwhile.
fn count_later(state: &AppState, room: &Arc<Room>, poll_id: String, secret: bool) {
    if !room.count_pending(&poll_id) {
        return;
    }
    let (state, room) = (state.clone(), room.clone());
    tokio::spawn(async move {
        tokio::time::sleep(if secret { SECRET_COUNT_DELAY } else { OPEN_COUNT_DELAY }).await;
        room.count_taken(&poll_id);
        let published = async {
            let pool = state.database.pool();
            match store::poll_for_vote(pool, &room.meeting_id, &poll_id).await? {
                Some((true, _, _)) => {
                    let count = store::votes_cast(pool, &poll_id).await?;
                    publish(&room, RoomEvent::VotesCast { poll_id, count }).await
                }
                // Closed meanwhile: the result has the count.
                _ => Ok(()),
            }
        };
        if let Err(error) = published.await {
            tracing::error!(%error, "live room: could not publish the count of a poll");
        }
    });
}

fn error_reply(code: &str, message: &str, client_id: Option<String>) -> ServerMessage {
    error(code, message, client_id)
}

async fn apply(
    state: &AppState,
    room: &Arc<Room>,
    meeting: &MeetingRef,
    participant: &mut Participant,
    message: ClientMessage,
) -> Result<Option<ServerMessage>, sqlx::Error> {
    let pool = state.database.pool();
    let me = participant.user.person_id.clone();
    let chair_only = |client_id: Option<String>| Ok(Some(error("chair_only", "only the chair can do this", client_id)));
    match message {
        ClientMessage::Ping => Ok(Some(ServerMessage::Pong)),
        ClientMessage::FindPresent { query } => {
            let query: String = query.chars().take(100).collect();
            let (count, people) = room.find_present(&query);
            Ok(Some(ServerMessage::PresentPeople { query, count, people }))
        }
        ClientMessage::Hello { .. } => Ok(Some(error("already_welcomed", "hello was already sent", None))),
        ClientMessage::Post { client_id, agenda_item_id, reply_to, text } => {
            let text = text.trim().to_owned();
            if text.is_empty() || text.chars().count() > MAX_MESSAGE_CHARS {
                return Ok(Some(error("message_length", "a message has 1 to 2000 characters", Some(client_id))));
            }
            if participant.posts.check().is_err() {
                return Ok(Some(error("rate_limited", "too many messages; wait a little", Some(client_id))));
            }
            if let Some(item) = &agenda_item_id {
                let on_agenda: Option<String> =
                    sqlx::query_scalar("SELECT id FROM agenda_items WHERE id = $1 AND meeting_id = $2")
                        .bind(item)
                        .bind(&meeting.id)
                        .fetch_optional(pool)
                        .await?;
                if on_agenda.is_none() {
                    return Ok(Some(error("unknown_item", "no such agenda item", Some(client_id))));
                }
            }
            let message = ChatMessage {
                id: new_id(),
                agenda_item_id,
                reply_to,
                person_id: me.clone(),
                name: participant.user.name.clone(),
                text,
                at: now_ms(),
                edited: false,
                hidden_reason: None,
            };
            room.write(hub::Write::Post { message, client_id }).await.map_err(|()| writer_failed())?;
            Ok(None)
        }
        ClientMessage::Edit { client_id, message_id, text } => {
            let text = text.trim().to_owned();
            if text.is_empty() || text.chars().count() > MAX_MESSAGE_CHARS {
                return Ok(Some(error("message_length", "a message has 1 to 2000 characters", Some(client_id))));
            }
            match store::message_author(pool, &meeting.id, &message_id).await? {
                Some((author, at)) if author == me && now_ms() - at <= EDIT_WINDOW_MS => {
                    store::edit_message(pool, &message_id, &text).await?;
                    publish(room, RoomEvent::MessageEdited { message_id, text }).await?;
                    Ok(None)
                }
                Some(_) => {
                    Ok(Some(error("not_editable", "you can edit your own messages for five minutes", Some(client_id))))
                }
                None => Ok(Some(error("unknown_message", "no such message", Some(client_id)))),
            }
        }
        ClientMessage::Hide { client_id, message_id, reason } => {
            if !participant.chair {
                return chair_only(Some(client_id));
            }
            let reason = reason.trim().to_owned();
            if reason.is_empty() {
                return Ok(Some(error("reason_required", "give a reason for hiding the message", Some(client_id))));
            }
            if !store::hide_message(pool, &meeting.id, &message_id, &reason, &me).await? {
                return Ok(Some(error("unknown_message", "no such message", Some(client_id))));
            }
            publish(room, RoomEvent::MessageHidden { message_id, reason }).await?;
            Ok(None)
        }
        ClientMessage::RaiseHand | ClientMessage::LowerHand | ClientMessage::NextSpeaker => {
            let mut speakers = store::speakers(pool, &meeting.id).await?;
            let me_speaker = Speaker { person_id: me.clone(), name: participant.user.name.clone() };
            match message {
                ClientMessage::RaiseHand => {
                    let already = speakers.waiting.iter().any(|s| s.person_id == me)
                        || speakers.current.as_ref().is_some_and(|s| s.person_id == me);
                    if already {
                        return Ok(Some(error("already_listed", "you are already on the speakers list", None)));
                    }
                    speakers.waiting.push(me_speaker);
                }
                ClientMessage::LowerHand => {
                    let before = speakers.waiting.len();
                    speakers.waiting.retain(|s| s.person_id != me);
                    if before == speakers.waiting.len() {
                        return Ok(Some(error("not_listed", "you are not on the speakers list", None)));
                    }
                }
                _ => {
                    if !participant.chair {
                        return chair_only(None);
                    }
                    speakers.current =
                        if speakers.waiting.is_empty() { None } else { Some(speakers.waiting.remove(0)) };
                    speakers.current_until = (speakers.current.is_some() && speakers.speaking_time > 0)
                        .then(|| now_ms() + i64::from(speakers.speaking_time) * 1000);
                }
            }
            store::save_speakers(pool, &meeting.id, &speakers).await?;
            publish(room, RoomEvent::SpeakersChanged { speakers }).await?;
            Ok(None)
        }
        ClientMessage::ReorderSpeakers { person_ids } => {
            if !participant.chair {
                return chair_only(None);
            }
            let mut speakers = store::speakers(pool, &meeting.id).await?;
            let mut current: Vec<&str> = speakers.waiting.iter().map(|s| s.person_id.as_str()).collect();
            let mut wanted: Vec<&str> = person_ids.iter().map(String::as_str).collect();
            current.sort_unstable();
            wanted.sort_unstable();
            if current != wanted {
                return Ok(Some(error("order_mismatch", "give every waiting speaker exactly once", None)));
            }
            let mut reordered = Vec::new();
            for id in &person_ids {
                if let Some(speaker) = speakers.waiting.iter().find(|s| &s.person_id == id) {
                    reordered.push(speaker.clone());
                }
            }
            speakers.waiting = reordered;
            store::save_speakers(pool, &meeting.id, &speakers).await?;
            publish(room, RoomEvent::SpeakersChanged { speakers }).await?;
            Ok(None)
        }
        ClientMessage::SetSpeakingTime { seconds } => {
            if !participant.chair {
                return chair_only(None);
            }
            let mut speakers = store::speakers(pool, &meeting.id).await?;
            speakers.speaking_time = seconds.min(3600);
            store::save_speakers(pool, &meeting.id, &speakers).await?;
            publish(room, RoomEvent::SpeakersChanged { speakers }).await?;
            Ok(None)
        }
        ClientMessage::OpenPoll { client_id, agenda_item_id, question, options, secret } => {
            if !participant.chair {
                return chair_only(Some(client_id));
            }
            let question = question.trim().to_owned();
            let options: Vec<String> =
                options.into_iter().map(|o| o.trim().to_owned()).filter(|o| !o.is_empty()).collect();
            if question.is_empty() || !(2..=10).contains(&options.len()) {
                return Ok(Some(error("invalid_poll", "a poll needs a question and 2 to 10 options", Some(client_id))));
            }
            let id = store::open_poll(pool, &meeting.id, agenda_item_id.as_deref(), &question, &options, secret, &me)
                .await?;
            let poll = Poll {
                id,
                agenda_item_id,
                question,
                options,
                secret,
                open: true,
                votes_cast: 0,
                results: None,
                ballots: None,
                voted: None,
            };
            publish(room, RoomEvent::PollOpened { poll }).await?;
            Ok(None)
        }
        ClientMessage::Vote { client_id, poll_id, option } => {
            if !participant.may_vote {
                return Ok(Some(error(
                    "not_eligible",
                    "you are not entitled to vote in this meeting",
                    Some(client_id),
                )));
            }
            let Some((open, options, secret)) = store::poll_for_vote(pool, &meeting.id, &poll_id).await? else {
                return Ok(Some(error("unknown_poll", "no such poll", Some(client_id))));
            };
            if !open {
                return Ok(Some(error("poll_closed", "this poll is closed", Some(client_id))));
            }
            if option >= options {
                return Ok(Some(error("unknown_option", "no such option", Some(client_id))));
            }
            let write = hub::Write::Vote { poll_id: poll_id.clone(), person_id: me, option, secret };
            if !room.write(write).await.map_err(|()| writer_failed())? {
                return Ok(Some(error("already_voted", "you have already voted", Some(client_id))));
            }
            // Counted a little later and together with others: one event for a burst of votes, and (secret
            // polls) no event that marks one person's vote.
            count_later(state, room, poll_id, secret);
            Ok(Some(ServerMessage::Ack { code: "vote_recorded".into(), client_id }))
        }
        ClientMessage::ClosePoll { poll_id } => {
            if !participant.chair {
                return chair_only(None);
            }
            if !store::close_poll(pool, &meeting.id, &poll_id).await? {
                return Ok(Some(error("poll_closed", "this poll is not open", None)));
            }
            let Some((_, poll)) = store::poll(pool, &poll_id, None).await? else { return Ok(None) };
            publish(room, RoomEvent::PollClosed { poll }).await?;
            Ok(None)
        }
    }
}

/// On PostgreSQL: listen for other instances' events and broadcast them here. Reconnects on failure.
/// Returns the task, to be aborted when the server stops (`None` on SQLite, which has one instance).
pub fn spawn_listener(state: AppState) -> Option<tokio::task::JoinHandle<()>> {
    if state.database.kind() != legeting_shared::DatabaseKind::Postgres {
        return None;
    }
    Some(tokio::spawn(async move {
        let url = state.config.effective_database_url();
        loop {
            match sqlx::postgres::PgListener::connect(url.expose()).await {
                Ok(mut listener) => {
                    if listener.listen_all(["legeting_live", "legeting_live_access"]).await.is_ok() {
                        while let Ok(notification) = listener.recv().await {
                            if notification.channel() == "legeting_live_access" {
                                let person = notification.payload();
                                state.live.access_changed((!person.is_empty()).then_some(person));
                            } else if let Some(room) = state.live.existing(notification.payload()) {
                                room.catch_up_soon();
                            }
                        }
                    }
                }
                Err(error) => tracing::warn!(%error, "live room: could not listen for other instances"),
            }
            tokio::time::sleep(Duration::from_secs(2)).await;
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::same_origin;

    #[test]
    fn only_the_base_urls_own_origin_is_the_same_origin() {
        let base = "https://legeting.baerum.kommune.no";
        assert!(same_origin("https://legeting.baerum.kommune.no", base));
        assert!(same_origin("https://LEGETING.baerum.kommune.no:443", base));
        assert!(same_origin("https://legeting.baerum.kommune.no", "https://legeting.baerum.kommune.no:443/app"));
        assert!(same_origin("http://127.0.0.1:8080", "http://127.0.0.1:8080"));
        for foreign in [
            "http://legeting.baerum.kommune.no",
            "https://legeting.baerum.kommune.no:8443",
            "https://legeting.baerum.kommune.no.evil.example",
            "https://evil.example",
            "null",
            "",
        ] {
            assert!(!same_origin(foreign, base), "{foreign}");
        }
    }
}
