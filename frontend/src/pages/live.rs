//! `/moter/:id/direkte`: the live meeting room, from a phone or a laptop. Discussion per agenda item, hand
//! raising and the speakers list with a countdown, polls and votes, and who is present. The chair (the
//! meeting's organisers and the body's chair) also runs the speakers list and polls and hides messages.
//!
//! The connection is a websocket speaking `legeting_shared::live`. It reconnects by itself with growing,
//! jittered pauses (so that thousands of browsers do not come back in the same instant after a restart) and
//! resumes from the last event it saw, so nothing is lost or shown twice; the connection state is shown and
//! announced. Presence shows the count and a searchable list (searched locally in a small room, asked of
//! the server in a big one, where only the count is kept up to date). New messages, the current speaker, polls opening and closing and one's own vote
//! are announced to screen readers through one polite live region.

use std::collections::VecDeque;

use futures_util::{SinkExt, StreamExt};
use gloo_net::websocket::Message as WsMessage;
use gloo_net::websocket::futures::WebSocket;
use legeting_shared::live::{
    ChatMessage, ClientMessage, MAX_MESSAGE_CHARS, PROTOCOL_VERSION, Poll, PresentPerson, RoomEvent, ServerMessage,
    Speakers,
};
use legeting_shared::meetings::{AgendaItem, MeetingDetail};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api;
use crate::forms::{FailureAlert, Loading};
use crate::i18n::{Key, tr, use_i18n, use_page_title};
use crate::session::{Guarded, Session, use_access};
use crate::time;

/// Where the connection stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Connection {
    Connecting,
    Connected,
    /// Lost; the next try is in this many seconds.
    Waiting(u32),
}

/// Everything the page shows, updated by the server's messages.
#[derive(Clone, Copy)]
struct RoomState {
    connection: RwSignal<Connection>,
    last_seq: RwSignal<Option<i64>>,
    me: RwSignal<String>,
    chair: RwSignal<bool>,
    messages: RwSignal<Vec<ChatMessage>>,
    speakers: RwSignal<Speakers>,
    polls: RwSignal<Vec<Poll>>,
    present: RwSignal<Vec<PresentPerson>>,
    /// How many are present (also in a room too big for the list).
    present_count: RwSignal<usize>,
    /// Whether the server keeps the list up to date (false in a big room: search instead).
    present_listed: RwSignal<bool>,
    /// The server's answer to the latest search in a big room.
    present_found: RwSignal<Vec<PresentPerson>>,
    /// Whether older messages than those shown exist (read over HTTP on request).
    older: RwSignal<bool>,
    meeting_id: RwSignal<String>,
    /// Polls the caller has voted in.
    voted: RwSignal<Vec<String>>,
    /// The latest thing to announce to screen readers.
    announcement: RwSignal<String>,
    /// The latest refusal from the server, as a translation key.
    error: RwSignal<Option<Key>>,
    /// The id of one's own message being edited in place, if any.
    editing: RwSignal<Option<String>>,
    /// The `client_id` of the edit sent and not yet answered: its `MessageEdited` event ends edit mode, and
    /// an error with this `client_id` is shown by the form rather than at the top of the page.
    edit_pending: RwSignal<Option<String>>,
    /// Why the edit was refused (by the form's own check or by the server), as a translation key.
    edit_error: RwSignal<Option<Key>>,
    /// Messages waiting for the connection.
    outbox: StoredValue<VecDeque<ClientMessage>, LocalStorage>,
    sender: StoredValue<Option<futures_channel::mpsc::UnboundedSender<ClientMessage>>, LocalStorage>,
}

impl RoomState {
    fn new() -> RoomState {
        RoomState {
            connection: RwSignal::new(Connection::Connecting),
            last_seq: RwSignal::new(None),
            me: RwSignal::new(String::new()),
            chair: RwSignal::new(false),
            messages: RwSignal::new(Vec::new()),
            speakers: RwSignal::new(Speakers::default()),
            polls: RwSignal::new(Vec::new()),
            present: RwSignal::new(Vec::new()),
            present_count: RwSignal::new(0),
            present_listed: RwSignal::new(true),
            present_found: RwSignal::new(Vec::new()),
            older: RwSignal::new(false),
            meeting_id: RwSignal::new(String::new()),
            voted: RwSignal::new(Vec::new()),
            announcement: RwSignal::new(String::new()),
            error: RwSignal::new(None),
            editing: RwSignal::new(None),
            edit_pending: RwSignal::new(None),
            edit_error: RwSignal::new(None),
            outbox: StoredValue::new_local(VecDeque::new()),
            sender: StoredValue::new_local(None),
        }
    }

    /// Send now if connected; otherwise keep it for when the connection is back (nothing typed is lost).
    fn send(&self, message: ClientMessage) {
        let sent =
            self.sender.with_value(|sender| sender.as_ref().is_some_and(|s| s.unbounded_send(message.clone()).is_ok()));
        if !sent {
            self.outbox.update_value(|queue| queue.push_back(message));
        }
    }

    fn announce(&self, text: String) {
        self.announcement.set(text);
    }

    /// Apply one event; returns false when it is out of sequence (then reconnect and resume).
    fn apply(&self, seq: i64, event: RoomEvent, texts: &Texts) -> bool {
        if let Some(last) = self.last_seq.get_untracked() {
            if seq <= last {
                return true;
            }
            if seq != last + 1 {
                return false;
            }
        }
        self.last_seq.set(Some(seq));
        match event {
            RoomEvent::MessagePosted { message, .. } => {
                let answers = message.reply_to.as_ref().and_then(|original| {
                    self.messages.with_untracked(|list| list.iter().find(|m| &m.id == original).map(|m| m.name.clone()))
                });
                self.announce(match answers {
                    Some(to) => format!(
                        "{} {} ({}): {}",
                        texts.new_message,
                        message.name,
                        Key::LiveAnnounceReplyTo.format(texts.lang, &legeting_i18n::args([("name", to.into())])),
                        message.text
                    ),
                    None => format!("{} {}: {}", texts.new_message, message.name, message.text),
                });
                // A message the welcome's snapshot already had is not added twice.
                self.messages.update(|list| {
                    if !list.iter().any(|m| m.id == message.id) {
                        list.push(message);
                    }
                });
            }
            RoomEvent::MessageEdited { message_id, text } => {
                let me = self.me.get_untracked();
                let mut by_other = None;
                self.messages.update(|list| {
                    if let Some(m) = list.iter_mut().find(|m| m.id == message_id) {
                        m.text = text;
                        m.edited = true;
                        if m.person_id != me {
                            by_other = Some(format!("{} {}: {}", texts.message_edited, m.name, m.text));
                        }
                    }
                });
                let saved_here = self.edit_pending.with_untracked(Option::is_some)
                    && self.editing.with_untracked(|e| e.as_deref() == Some(message_id.as_str()));
                if saved_here {
                    // One's own edit is announced once, here, as saved (not as someone's edit).
                    stop_editing(self, &message_id);
                    self.announce(texts.edit_saved.to_owned());
                } else if let Some(announcement) = by_other {
                    self.announce(announcement);
                }
            }
            RoomEvent::MessageHidden { message_id, reason } => {
                self.messages.update(|list| {
                    if let Some(m) = list.iter_mut().find(|m| m.id == message_id) {
                        m.text.clear();
                        m.hidden_reason = Some(reason);
                    }
                });
                if self.editing.with_untracked(|e| e.as_deref() == Some(message_id.as_str())) {
                    stop_editing(self, &message_id);
                }
            }
            RoomEvent::SpeakersChanged { speakers } => {
                let before = self.speakers.with_untracked(|s| s.current.clone());
                if speakers.current != before
                    && let Some(current) = &speakers.current
                {
                    self.announce(format!("{} {}", texts.now_speaking, current.name));
                }
                self.speakers.set(speakers);
            }
            RoomEvent::PollOpened { poll } => {
                self.announce(format!("{} {}", texts.poll_opened, poll.question));
                self.polls.update(|polls| {
                    if !polls.iter().any(|p| p.id == poll.id) {
                        polls.push(poll);
                    }
                });
            }
            RoomEvent::VotesCast { poll_id, count } => self.polls.update(|polls| {
                if let Some(p) = polls.iter_mut().find(|p| p.id == poll_id) {
                    p.votes_cast = count;
                }
            }),
            RoomEvent::PollClosed { poll } => {
                let results = poll
                    .results
                    .as_ref()
                    .map(|r| {
                        poll.options.iter().zip(r).map(|(o, n)| format!("{o}: {n}")).collect::<Vec<_>>().join(", ")
                    })
                    .unwrap_or_default();
                self.announce(format!("{} {} {results}", texts.poll_closed, poll.question));
                self.polls.update(|polls| {
                    if let Some(p) = polls.iter_mut().find(|p| p.id == poll.id) {
                        *p = poll;
                    }
                });
            }
        }
        true
    }
}

/// Announcement prefixes in the current language (taken once per connection).
struct Texts {
    new_message: &'static str,
    message_edited: &'static str,
    edit_saved: &'static str,
    /// The language, for "reply to <name>".
    lang: crate::i18n::Lang,
    now_speaking: &'static str,
    poll_opened: &'static str,
    poll_closed: &'static str,
}

fn error_key(code: &str) -> Key {
    match code {
        "rate_limited" => Key::LiveErrorRateLimited,
        "too_many_actions" => Key::LiveErrorTooManyActions,
        "message_length" => Key::LiveErrorMessageLength,
        "already_voted" => Key::LiveErrorAlreadyVoted,
        "not_eligible" => Key::LiveErrorNotEligible,
        "poll_closed" => Key::LiveErrorPollClosed,
        "already_listed" => Key::LiveErrorAlreadyListed,
        "chair_only" => Key::LiveErrorChairOnly,
        "invalid_poll" => Key::LiveErrorInvalidPoll,
        "reason_required" => Key::ErrorRequired,
        "not_editable" => Key::LiveErrorNotEditable,
        "unknown_message" => Key::LiveErrorUnknownMessage,
        _ => Key::ErrorUnexpected,
    }
}

/// The websocket URL of a meeting's room, on the page's own host.
fn room_url(meeting_id: &str) -> Option<String> {
    let location = window().location();
    let scheme = if location.protocol().ok()? == "https:" { "wss" } else { "ws" };
    Some(format!("{scheme}://{}/api/meetings/{meeting_id}/live", location.host().ok()?))
}

/// Connect, and keep reconnecting with growing pauses while the page is open.
fn run(state: RoomState, meeting_id: String, alive: StoredValue<bool, LocalStorage>) {
    let i18n = use_i18n();
    state.meeting_id.set(meeting_id.clone());
    spawn_local(async move {
        let mut pause = 1_u32;
        while alive.get_value() {
            state.connection.set(Connection::Connecting);
            let texts = Texts {
                new_message: i18n.t(Key::LiveNewMessage),
                message_edited: i18n.t(Key::LiveMessageEditedBy),
                edit_saved: i18n.t(Key::LiveEditSaved),
                lang: i18n.lang_untracked(),
                now_speaking: i18n.t(Key::LiveNowSpeaking),
                poll_opened: i18n.t(Key::LivePollOpened),
                poll_closed: i18n.t(Key::LivePollClosed),
            };
            if let Some(url) = room_url(&meeting_id)
                && let Ok(socket) = WebSocket::open(&url)
            {
                let (mut write, mut read) = socket.split();
                let hello =
                    ClientMessage::Hello { version: PROTOCOL_VERSION, last_seq: state.last_seq.get_untracked() };
                if write.send(WsMessage::Text(serde_json::to_string(&hello).unwrap_or_default())).await.is_ok() {
                    let (tx, mut rx) = futures_channel::mpsc::unbounded::<ClientMessage>();
                    // Messages typed while offline go first.
                    state.outbox.update_value(|queue| {
                        while let Some(message) = queue.pop_front() {
                            let _queued = tx.unbounded_send(message);
                        }
                    });
                    state.sender.set_value(Some(tx));
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
                        match message {
                            ServerMessage::Welcome { me, chair, snapshot, missed, seq, presence, .. } => {
                                state.present.update(|people| presence.apply(people));
                                state.present_count.set(presence.count);
                                state.present_listed.set(presence.listed);
                                state.me.set(me);
                                state.chair.set(chair);
                                if let Some(snapshot) = snapshot {
                                    state.voted.set(
                                        snapshot
                                            .polls
                                            .iter()
                                            .filter(|p| p.voted == Some(true))
                                            .map(|p| p.id.clone())
                                            .collect(),
                                    );
                                    state.messages.set(snapshot.messages);
                                    state.older.set(snapshot.older);
                                    state.speakers.set(snapshot.speakers);
                                    state.polls.set(snapshot.polls);
                                    state.last_seq.set(Some(seq));
                                } else {
                                    for event in missed {
                                        state.apply(event.seq, event.event, &texts);
                                    }
                                }
                                state.connection.set(Connection::Connected);
                                pause = 1;
                            }
                            ServerMessage::Event(event) => {
                                if !state.apply(event.seq, event.event, &texts) {
                                    break;
                                }
                            }
                            ServerMessage::Presence(update) => {
                                state.present.update(|people| update.apply(people));
                                state.present_count.set(update.count);
                                state.present_listed.set(update.listed);
                            }
                            ServerMessage::Error { code, client_id, .. }
                                if client_id.is_some() && client_id == state.edit_pending.get_untracked() =>
                            {
                                // The edit form shows the refusal by its field and takes the focus back.
                                state.edit_pending.set(None);
                                state.edit_error.set(Some(error_key(&code)));
                                focus_later(vec!["live-edit-text".to_owned()]);
                            }
                            ServerMessage::Error { code, .. } => {
                                state.error.set(Some(error_key(&code)));
                                state.announce(i18n.t(error_key(&code)).to_owned());
                            }
                            ServerMessage::Ack { code, .. } if code == "vote_recorded" => {
                                state.error.set(None);
                                state.announce(i18n.t(Key::LiveVoteRecorded).to_owned());
                            }
                            ServerMessage::PresentPeople { count, people, .. } => {
                                state.present_count.set(count);
                                state.present_found.set(people);
                            }
                            ServerMessage::Ack { .. } | ServerMessage::Pong => {}
                        }
                    }
                }
            }
            state.sender.set_value(None);
            if !alive.get_value() {
                break;
            }
            state.connection.set(Connection::Waiting(pause));
            gloo_timers::future::sleep(jittered(pause)).await;
            pause = (pause * 2).min(30);
        }
    });
}

/// Read the messages before the oldest one shown (the welcome holds only the latest) and put them first.
fn load_older(state: RoomState) {
    let Some(first) = state.messages.with_untracked(|list| list.first().map(|m| m.id.clone())) else { return };
    let meeting = state.meeting_id.get_untracked();
    spawn_local(async move {
        let path = format!(
            "/api/meetings/{}/live/messages?before={}",
            js_sys::encode_uri_component(&meeting),
            js_sys::encode_uri_component(&first)
        );
        match api::get_json::<legeting_shared::live::OlderMessages>(&path).await {
            Ok(page) => {
                state.messages.update(|list| {
                    let mut older: Vec<ChatMessage> =
                        page.messages.into_iter().filter(|m| !list.iter().any(|l| l.id == m.id)).collect();
                    older.append(list);
                    *list = older;
                });
                state.older.set(page.older);
            }
            Err(_) => state.error.set(Some(Key::ErrorUnexpected)),
        }
    });
}

/// A pause of about `seconds` (between half and one and a half times), so that many clients that lost the
/// server together do not all return in the same instant.
fn jittered(seconds: u32) -> std::time::Duration {
    let factor = 0.5 + js_sys::Math::random();
    std::time::Duration::from_millis((f64::from(seconds) * 1000.0 * factor) as u64)
}

/// `/moter/:id/direkte`
#[component]
pub fn LiveRoom() -> impl IntoView {
    use_page_title(Key::LiveTitle);
    let access = use_access(Session::is_signed_in);
    view! {
        <Guarded access>
            <Room />
        </Guarded>
    }
}

#[component]
fn Room() -> impl IntoView {
    let params = use_params_map();
    let meeting_id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let detail = LocalResource::new(move || {
        let id = meeting_id.get();
        async move { api::meetings::meeting(&id).await }
    });
    view! {
        {move || match detail.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(failure)) => view! { <FailureAlert failure /> }.into_any(),
            Some(Ok(detail)) => view! { <Connected detail /> }.into_any(),
        }}
    }
}

#[component]
fn Connected(detail: MeetingDetail) -> impl IntoView {
    let state = RoomState::new();
    let alive = StoredValue::new_local(true);
    run(state, detail.meeting.id.clone(), alive);
    on_cleanup(move || alive.set_value(false));
    let agenda = detail.agenda.clone();
    let meeting_path = format!("/moter/{}", detail.meeting.id);
    view! {
        <h1 class="ds-heading" data-size="lg" tabindex="-1">{tr(Key::LiveTitle)}": "{detail.meeting.title.clone()}</h1>
        <p class="ds-paragraph"><A href=meeting_path attr:class="ds-link">{tr(Key::LiveBackToMeeting)}</A></p>
        <ConnectionStatus state />
        <p class="ds-sr-only" aria-live="polite" aria-atomic="true" data-testid="live-announcement">{move || state.announcement.get()}</p>
        {move || state.error.get().map(|key| view! {
            <div class="ds-alert" data-color="warning" role="alert" data-testid="live-error"><p class="ds-paragraph">{tr(key)}</p></div>
        })}
        <div class="app-live">
            <SpeakersPanel state />
            <PollsPanel state agenda=agenda.clone() />
            <Discussion state agenda />
            <PresencePanel state />
        </div>
    }
}

#[component]
fn ConnectionStatus(state: RoomState) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="app-live-status" role="status" data-testid="live-connection" data-state=move || match state.connection.get() {
            Connection::Connected => "connected",
            Connection::Connecting => "connecting",
            Connection::Waiting(_) => "waiting",
        }>
            {move || match state.connection.get() {
                Connection::Connected => i18n.t(Key::LiveConnected).to_owned(),
                Connection::Connecting => i18n.t(Key::LiveConnecting).to_owned(),
                Connection::Waiting(seconds) => i18n.t_args(Key::LiveReconnectingIn, [("seconds", seconds.into())]),
            }}
        </p>
    }
}

#[component]
fn SpeakersPanel(state: RoomState) -> impl IntoView {
    let i18n = use_i18n();
    let now = RwSignal::new(time::now_ms());
    let ticker = set_interval_with_handle(move || now.set(time::now_ms()), std::time::Duration::from_secs(1)).ok();
    on_cleanup(move || {
        if let Some(ticker) = ticker {
            ticker.clear();
        }
    });
    let listed = Memo::new(move |_| {
        let me = state.me.get();
        state.speakers.with(|s| s.waiting.iter().any(|w| w.person_id == me))
    });
    let speaking_time = RwSignal::new(String::from("0"));
    view! {
        <section class="app-section" aria-labelledby="live-speakers-heading">
            <h2 class="ds-heading" data-size="sm" id="live-speakers-heading">{tr(Key::LiveSpeakers)}</h2>
            <p class="ds-paragraph" data-testid="live-current-speaker">
                {move || match state.speakers.with(|s| s.current.clone()) {
                    Some(current) => format!("{} {}", i18n.t(Key::LiveNowSpeaking), current.name),
                    None => i18n.t(Key::LiveNobodySpeaking).to_owned(),
                }}
                {move || state.speakers.with(|s| s.current_until).map(|until| {
                    let left = ((until - now.get()) / 1000).max(0);
                    view! { " " <span class="app-countdown">{format!("{}:{:02}", left / 60, left % 60)}</span> }
                })}
            </p>
            <ol class="app-live-list" data-testid="live-waiting">
                {move || state.speakers.with(|s| s.waiting.clone()).into_iter().enumerate().map(|(index, speaker)| {
                    let id = speaker.person_id.clone();
                    view! {
                        <li>
                            {speaker.name.clone()}
                            <Show when=move || state.chair.get()>
                                {
                                    let id = id.clone();
                                    let up = move |_| {
                                        let mut order: Vec<String> = state.speakers.with_untracked(|s| s.waiting.iter().map(|w| w.person_id.clone()).collect());
                                        if index > 0 { order.swap(index, index - 1); }
                                        state.send(ClientMessage::ReorderSpeakers { person_ids: order });
                                    };
                                    view! {
                                        <button type="button" class="ds-button" data-variant="tertiary" data-size="sm" on:click=up disabled=index == 0>
                                            {tr(Key::MoveUp)}<span class="ds-sr-only">{format!(" {id}")}</span>
                                        </button>
                                    }
                                }
                            </Show>
                        </li>
                    }
                }).collect_view()}
            </ol>
            <div class="app-actions">
                <button type="button" class="ds-button" data-testid="live-hand" aria-pressed=move || listed.get().to_string()
                    on:click=move |_| state.send(if listed.get_untracked() { ClientMessage::LowerHand } else { ClientMessage::RaiseHand })>
                    {move || if listed.get() { tr(Key::LiveLowerHand)() } else { tr(Key::LiveRaiseHand)() }}
                </button>
                <Show when=move || state.chair.get()>
                    <button type="button" class="ds-button" data-variant="secondary" data-testid="live-next-speaker"
                        on:click=move |_| state.send(ClientMessage::NextSpeaker)>
                        {tr(Key::LiveNextSpeaker)}
                    </button>
                    <label class="ds-label" for="live-speaking-time">{tr(Key::LiveSpeakingTime)}</label>
                    <select class="ds-input" id="live-speaking-time" prop:value=move || speaking_time.get()
                        on:change=move |ev| {
                            let value = event_target_value(&ev);
                            speaking_time.set(value.clone());
                            state.send(ClientMessage::SetSpeakingTime { seconds: value.parse().unwrap_or(0) });
                        }>
                        <option value="0">{tr(Key::LiveUnlimited)}</option>
                        <option value="60">"1 min"</option>
                        <option value="120">"2 min"</option>
                        <option value="180">"3 min"</option>
                        <option value="300">"5 min"</option>
                    </select>
                </Show>
            </div>
        </section>
    }
}

#[component]
fn PollsPanel(state: RoomState, agenda: Vec<AgendaItem>) -> impl IntoView {
    let i18n = use_i18n();
    let question = RwSignal::new(String::new());
    let options = RwSignal::new(String::new());
    let secret = RwSignal::new(false);
    let item = RwSignal::new(String::new());
    let open_poll = move |ev: SubmitEvent| {
        ev.prevent_default();
        let options: Vec<String> =
            options.get_untracked().lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect();
        state.send(ClientMessage::OpenPoll {
            client_id: format!("poll-{}", time::now_ms()),
            agenda_item_id: Some(item.get_untracked()).filter(|i| !i.is_empty()),
            question: question.get_untracked(),
            options,
            secret: secret.get_untracked(),
        });
        question.set(String::new());
    };
    view! {
        <section class="app-section" aria-labelledby="live-polls-heading">
            <h2 class="ds-heading" data-size="sm" id="live-polls-heading">{tr(Key::LivePolls)}</h2>
            {move || {
                let polls = state.polls.get();
                if polls.is_empty() {
                    view! { <p class="ds-paragraph">{tr(Key::LiveNoPolls)}</p> }.into_any()
                } else {
                    polls.into_iter().rev().map(|poll| view! { <PollCard state poll /> }).collect_view().into_any()
                }
            }}
            <Show when=move || state.chair.get()>
                <form class="app-form" on:submit=open_poll data-testid="live-open-poll">
                    <h3 class="ds-heading" data-size="xs">{tr(Key::LiveOpenPoll)}</h3>
                    <div class="ds-field">
                        <label class="ds-label" for="live-question">{tr(Key::LiveQuestion)}</label>
                        <input class="ds-input" id="live-question" prop:value=move || question.get() on:input=move |ev| question.set(event_target_value(&ev)) />
                    </div>
                    <div class="ds-field">
                        <label class="ds-label" for="live-options">{tr(Key::LiveOptions)}</label>
                        <p data-field="description" id="live-options-hint">{tr(Key::LiveOptionsHint)}</p>
                        <textarea class="ds-input" id="live-options" rows="3" aria-describedby="live-options-hint"
                            prop:value=move || options.get() on:input=move |ev| options.set(event_target_value(&ev))></textarea>
                    </div>
                    <div class="ds-field">
                        <label class="ds-label" for="live-poll-item">{tr(Key::LiveAgendaItem)}</label>
                        <select class="ds-input" id="live-poll-item" on:change=move |ev| item.set(event_target_value(&ev))>
                            <option value="">{tr(Key::LiveWholeMeeting)}</option>
                            {agenda.iter().map(|i| view! { <option value=i.id.clone()>{format!("{} {}", crate::pages::agenda::item_label(i18n, i), i.title)}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="ds-field">
                        <input class="ds-input" type="checkbox" id="live-secret" prop:checked=move || secret.get() on:change=move |ev| secret.set(event_target_checked(&ev)) />
                        <label class="ds-label" for="live-secret">{tr(Key::LiveSecretBallot)}</label>
                    </div>
                    <button type="submit" class="ds-button" data-testid="live-start-poll">{tr(Key::LiveStartPoll)}</button>
                </form>
            </Show>
        </section>
    }
}

#[component]
fn PollCard(state: RoomState, poll: Poll) -> impl IntoView {
    let i18n = use_i18n();
    let poll_id = poll.id.clone();
    let voted = Memo::new({
        let poll_id = poll_id.clone();
        move |_| state.voted.with(|v| v.contains(&poll_id))
    });
    let question_id = format!("poll-{}-question", poll.id);
    let kind = if poll.secret { Key::LiveSecret } else { Key::LiveOpen };
    view! {
        <article class="ds-card app-poll" data-testid="live-poll" data-open=poll.open.to_string()>
            <h3 class="ds-heading" data-size="xs" id=question_id.clone()>{poll.question.clone()}</h3>
            <p class="ds-paragraph" data-size="sm">{tr(kind)}" · "{i18n.t_args(Key::LiveVotesCast, [("count", poll.votes_cast.into())])}</p>
            {if poll.open {
                let options = poll.options.clone();
                view! {
                    <div class="app-actions" role="group" aria-labelledby=question_id.clone()>
                        {options.into_iter().enumerate().map(|(index, option)| {
                            let poll_id = poll_id.clone();
                            let label = format!("{} {option}", i18n.t(Key::LiveVoteFor));
                            view! {
                                <button type="button" class="ds-button" data-variant="secondary" data-testid="live-vote"
                                    aria-label=label disabled=move || voted.get()
                                    on:click=move |_| {
                                        state.voted.update(|v| v.push(poll_id.clone()));
                                        state.send(ClientMessage::Vote { client_id: format!("vote-{index}"), poll_id: poll_id.clone(), option: index });
                                    }>
                                    {option.clone()}
                                </button>
                            }
                        }).collect_view()}
                        <Show when=move || state.chair.get()>
                            {
                                let poll_id = poll_id.clone();
                                view! {
                                    <button type="button" class="ds-button" data-variant="tertiary" data-testid="live-close-poll"
                                        on:click=move |_| state.send(ClientMessage::ClosePoll { poll_id: poll_id.clone() })>
                                        {tr(Key::LiveClosePoll)}
                                    </button>
                                }
                            }
                        </Show>
                    </div>
                    <Show when=move || voted.get()>
                        <p class="ds-paragraph" data-testid="live-voted">{tr(Key::LiveVoteRecorded)}</p>
                    </Show>
                }.into_any()
            } else {
                let results = poll.results.clone().unwrap_or_default();
                view! {
                    <table class="ds-table" data-testid="live-results">
                        <caption class="ds-sr-only">{tr(Key::LiveResults)}</caption>
                        <thead><tr><th scope="col">{tr(Key::LiveOption)}</th><th scope="col" class="app-number">{tr(Key::LiveVotes)}</th></tr></thead>
                        <tbody>
                            {poll.options.iter().zip(results).map(|(option, count)| view! {
                                <tr><th scope="row">{option.clone()}</th><td class="app-number">{count}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </article>
    }
}

/// How long after posting one may edit a message: the server's `EDIT_WINDOW_MS` (`server/src/live/mod.rs`).
/// The server decides; this only hides the button once the time is surely up.
const EDIT_WINDOW_MS: i64 = 5 * 60 * 1000;

/// The start of a message for a reply's context line: at most 80 characters.
fn quote(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= 80 { flat } else { format!("{}…", flat.chars().take(79).collect::<String>()) }
}

/// Put the keyboard focus on the first of these elements that exists, after the view has updated.
fn focus_later(ids: Vec<String>) {
    request_animation_frame(move || {
        if let Some(element) = ids
            .iter()
            .filter_map(|id| document().get_element_by_id(id))
            .find_map(|element| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(element).ok())
        {
            let _ = element.focus();
        }
    });
}

/// The `id` of a message's list item (the target of "Reply to …" links).
fn message_anchor(message_id: &str) -> String {
    format!("melding-{message_id}")
}

/// The `id` of the button that edits a message (focus returns there when editing ends).
fn edit_button_id(message_id: &str) -> String {
    format!("live-edit-{message_id}")
}

/// Leave edit mode and put the focus back on the message's edit button (or the message, if the time is up).
fn stop_editing(state: &RoomState, message_id: &str) {
    state.editing.set(None);
    state.edit_pending.set(None);
    state.edit_error.set(None);
    focus_later(vec![edit_button_id(message_id), message_anchor(message_id)]);
}

/// What the discussion's rows share: the composer's reply target, the text of the edit form, and a clock.
#[derive(Clone, Copy)]
struct DiscussionState {
    replying: RwSignal<Option<ChatMessage>>,
    edit_text: RwSignal<String>,
    /// Now, in unix ms, updated every few seconds so that edit buttons go away when the time is up.
    now: RwSignal<i64>,
}

#[component]
fn Discussion(state: RoomState, agenda: Vec<AgendaItem>) -> impl IntoView {
    let i18n = use_i18n();
    let text = RwSignal::new(String::new());
    let item = RwSignal::new(String::new());
    let shared = DiscussionState {
        replying: RwSignal::new(None),
        edit_text: RwSignal::new(String::new()),
        now: RwSignal::new(time::now_ms()),
    };
    let ticker =
        set_interval_with_handle(move || shared.now.set(time::now_ms()), std::time::Duration::from_secs(10)).ok();
    on_cleanup(move || {
        if let Some(ticker) = ticker {
            ticker.clear();
        }
    });
    let replying = shared.replying;
    let items = agenda.clone();
    let post = move |ev: SubmitEvent| {
        ev.prevent_default();
        let body = text.get_untracked();
        if body.trim().is_empty() {
            return;
        }
        state.send(ClientMessage::Post {
            client_id: format!("post-{}", time::now_ms()),
            agenda_item_id: Some(item.get_untracked()).filter(|i| !i.is_empty()),
            reply_to: replying.get_untracked().map(|m| m.id),
            text: body,
        });
        text.set(String::new());
        replying.set(None);
    };
    let cancel_reply = move || {
        replying.set(None);
        focus_later(vec!["live-text".to_owned()]);
    };
    view! {
        <section class="app-section" aria-labelledby="live-discussion-heading">
            <h2 class="ds-heading" data-size="sm" id="live-discussion-heading">{tr(Key::LiveDiscussion)}</h2>
            // Keyed rows: a row is rebuilt only when its own message changes, so a message arriving while one
            // edits in place does not take the focus or the typed text away.
            <Show when=move || state.older.get()>
                <button type="button" class="ds-button" data-variant="tertiary" data-size="sm" data-testid="live-older"
                    on:click=move |_| load_older(state)>{tr(Key::LiveOlderMessages)}</button>
            </Show>
            <ol class="app-live-messages" data-testid="live-messages">
                <For
                    each=move || state.messages.get()
                    key=|m| (m.id.clone(), m.text.clone(), m.edited, m.hidden_reason.clone())
                    children=move |message| {
                        let topic = message.agenda_item_id.as_ref()
                            .and_then(|id| items.iter().find(|i| &i.id == id))
                            .map(|i| crate::pages::agenda::item_label(i18n, i));
                        view! { <MessageItem state shared message topic /> }
                    }
                />
            </ol>
            <form class="app-form" on:submit=post>
                <div class="ds-field">
                    <label class="ds-label" for="live-topic">{tr(Key::LiveAgendaItem)}</label>
                    <select class="ds-input" id="live-topic" on:change=move |ev| item.set(event_target_value(&ev))>
                        <option value="">{tr(Key::LiveWholeMeeting)}</option>
                        {agenda.iter().map(|i| view! { <option value=i.id.clone()>{format!("{} {}", crate::pages::agenda::item_label(i18n, i), i.title)}</option> }).collect_view()}
                    </select>
                </div>
                {move || replying.get().map(|message| view! {
                    <div class="app-live-replying" data-testid="live-replying">
                        <p class="ds-paragraph" data-size="sm" id="live-replying-to">
                            {i18n.t_args(Key::LiveReplyingTo, [("name", message.name.clone().into()), ("quote", quote(&message.text).into())])}
                        </p>
                        <button type="button" class="ds-button" data-variant="tertiary" data-size="sm" data-testid="live-cancel-reply"
                            on:click=move |_| cancel_reply()>
                            {tr(Key::LiveCancelReply)}
                        </button>
                    </div>
                })}
                <div class="ds-field">
                    <label class="ds-label" for="live-text">{tr(Key::LiveYourMessage)}</label>
                    <p data-field="description" id="live-text-count">
                        {move || i18n.t_args(Key::LiveCharactersLeft, [("count", MAX_MESSAGE_CHARS.saturating_sub(text.with(|t| t.chars().count())).into())])}
                    </p>
                    <textarea class="ds-input" id="live-text" rows="3" maxlength=MAX_MESSAGE_CHARS.to_string()
                        aria-describedby=move || if replying.with(Option::is_some) { "live-replying-to live-text-count" } else { "live-text-count" }
                        on:keydown=move |ev: leptos::ev::KeyboardEvent| if ev.key() == "Escape" && replying.with_untracked(Option::is_some) {
                            ev.prevent_default();
                            cancel_reply();
                        }
                        prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                </div>
                <button type="submit" class="ds-button" data-testid="live-send">{tr(Key::LiveSend)}</button>
            </form>
        </section>
    }
}

/// One message: who and when, what it answers, its text (or the form that edits it), and its buttons.
#[component]
fn MessageItem(
    state: RoomState,
    shared: DiscussionState,
    message: ChatMessage,
    topic: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = message.id.clone();
    let visible = message.hidden_reason.is_none();
    let answers = message.reply_to.clone().map(|original_id| {
        let original = Memo::new(move |_| {
            state.messages.with(|all| all.iter().find(|m| m.id == original_id).map(|m| (m.id.clone(), m.name.clone())))
        });
        view! {
            <p class="ds-paragraph" data-size="sm" data-testid="live-reply-to">
                {move || match original.get() {
                    Some((original_id, name)) => {
                        let anchor = message_anchor(&original_id);
                        view! {
                            // The router would only scroll; this also moves the focus to the original message.
                            <a class="ds-link" href=format!("#{anchor}")
                                on:click=move |ev| {
                                    ev.prevent_default();
                                    focus_later(vec![anchor.clone()]);
                                }>
                                {i18n.t_args(Key::LiveReplyTo, [("name", name.into())])}
                            </a>
                        }.into_any()
                    }
                    None => view! { {tr(Key::LiveReplyToEarlier)} }.into_any(),
                }}
            </p>
        }
    });
    let editing = Memo::new({
        let id = id.clone();
        move |_| state.editing.with(|e| e.as_deref() == Some(id.as_str()))
    });
    let editable = Memo::new({
        let author = message.person_id.clone();
        let at = message.at;
        move |_| visible && state.me.with(|me| *me == author) && shared.now.get() - at < EDIT_WINDOW_MS
    });
    let header = view! {
        <p class="ds-paragraph" data-size="sm">
            <strong>{message.name.clone()}</strong>" · "{time::format_oslo_time(message.at)}
            {topic.map(|t| format!(" · {t}"))}
            {message.edited.then(|| format!(" · {}", i18n.t(Key::LiveEdited)))}
        </p>
    };
    let body = move || {
        if editing.get() {
            return view! { <EditForm state shared message=message.clone() /> }.into_any();
        }
        let text = match message.hidden_reason.clone() {
            Some(reason) => view! { <p class="ds-paragraph"><em>{i18n.t_args(Key::LiveHidden, [("reason", reason.into())])}</em></p> }.into_any(),
            None => view! { <p class="ds-paragraph app-live-text" data-testid="live-message-text">{message.text.clone()}</p> }.into_any(),
        };
        let to_answer = message.clone();
        let to_edit = message.clone();
        let to_hide = message.id.clone();
        let edit_label = i18n.t_args(Key::LiveEditMessageFrom, [("time", time::format_oslo_time(message.at).into())]);
        view! {
            {text}
            <div class="app-actions">
                {visible.then(|| view! {
                    <button type="button" class="ds-button" data-variant="tertiary" data-size="sm" data-testid="live-reply"
                        aria-label=i18n.t_args(Key::LiveReplyToName, [("name", to_answer.name.clone().into())])
                        on:click=move |_| {
                            shared.replying.set(Some(to_answer.clone()));
                            focus_later(vec!["live-text".to_owned()]);
                        }>
                        {tr(Key::LiveReply)}
                    </button>
                })}
                <Show when=move || editable.get()>
                    {
                        let to_edit = to_edit.clone();
                        view! {
                            <button type="button" class="ds-button" data-variant="tertiary" data-size="sm" data-testid="live-edit"
                                id=edit_button_id(&to_edit.id) aria-label=edit_label.clone()
                                on:click=move |_| {
                                    shared.edit_text.set(to_edit.text.clone());
                                    state.edit_error.set(None);
                                    state.edit_pending.set(None);
                                    state.editing.set(Some(to_edit.id.clone()));
                                    focus_later(vec!["live-edit-text".to_owned()]);
                                }>
                                {tr(Key::LiveEditMessage)}
                            </button>
                        }
                    }
                </Show>
                <Show when=move || visible && state.chair.get()>
                    {
                        let to_hide = to_hide.clone();
                        view! {
                            <button type="button" class="ds-button" data-variant="tertiary" data-size="sm"
                                on:click=move |_| state.send(ClientMessage::Hide { client_id: format!("hide-{to_hide}"), message_id: to_hide.clone(), reason: i18n.t(Key::LiveHiddenByChair).to_owned() })>
                                {tr(Key::LiveHide)}
                            </button>
                        }
                    }
                </Show>
            </div>
        }.into_any()
    };
    view! {
        <li data-testid="live-message" id=message_anchor(&id) tabindex="-1">
            {header}
            {answers}
            {body}
        </li>
    }
}

/// Editing one's own message in place. The form stays until the server has taken the change (its
/// `MessageEdited` event ends it) or refused it (the refusal is shown here).
#[component]
fn EditForm(state: RoomState, shared: DiscussionState, message: ChatMessage) -> impl IntoView {
    let i18n = use_i18n();
    let edit_text = shared.edit_text;
    let error = state.edit_error;
    let cancel = {
        let id = message.id.clone();
        move || stop_editing(&state, &id)
    };
    let save = {
        let message = message.clone();
        let cancel = cancel.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            let body = edit_text.get_untracked().trim().to_owned();
            if body.is_empty() || body.chars().count() > MAX_MESSAGE_CHARS {
                error.set(Some(Key::LiveErrorMessageLength));
                focus_later(vec!["live-edit-text".to_owned()]);
                return;
            }
            if body == message.text.trim() {
                // Nothing changed: nothing to send, and no "(edited)" to show.
                cancel();
                return;
            }
            let client_id = format!("edit-{}-{}", message.id, time::now_ms());
            error.set(None);
            state.edit_pending.set(Some(client_id.clone()));
            state.send(ClientMessage::Edit { client_id, message_id: message.id.clone(), text: body });
        }
    };
    let escape = {
        let cancel = cancel.clone();
        move |ev: leptos::ev::KeyboardEvent| {
            if ev.key() == "Escape" {
                ev.prevent_default();
                cancel();
            }
        }
    };
    view! {
        <form class="app-form app-live-edit" on:submit=save on:keydown=escape data-testid="live-edit-form">
            <div class="ds-field">
                <label class="ds-label" for="live-edit-text">{tr(Key::LiveEditYourMessage)}</label>
                <p data-field="description" id="live-edit-hint">
                    {i18n.t_args(Key::LiveEditingMessageFrom, [("time", time::format_oslo_time(message.at).into())])}
                </p>
                <textarea class="ds-input" id="live-edit-text" rows="3" maxlength=MAX_MESSAGE_CHARS.to_string()
                    aria-describedby=move || if error.with(Option::is_some) { "live-edit-hint live-edit-error" } else { "live-edit-hint" }
                    aria-invalid=move || error.with(Option::is_some).then_some("true")
                    prop:value=move || edit_text.get() on:input=move |ev| edit_text.set(event_target_value(&ev))></textarea>
                {move || error.get().map(|key| view! {
                    <p class="ds-validation-message" data-field="validation" id="live-edit-error" data-testid="live-edit-error">{tr(key)}</p>
                })}
            </div>
            <div class="app-actions">
                <button type="submit" class="ds-button" data-size="sm" data-testid="live-edit-save">{tr(Key::LiveSaveEdit)}</button>
                <button type="button" class="ds-button" data-variant="secondary" data-size="sm" data-testid="live-edit-cancel"
                    on:click=move |_| cancel()>{tr(Key::Cancel)}</button>
            </div>
        </form>
    }
}

#[component]
fn PresencePanel(state: RoomState) -> impl IntoView {
    let i18n = use_i18n();
    let query = RwSignal::new(String::new());
    // In a listed room the list is searched here; in a big one the server answers (at most 50 names).
    let shown = move || {
        if state.present_listed.get() {
            let wanted = query.get().trim().to_lowercase();
            state.present.with(|people| {
                people
                    .iter()
                    .filter(|p| wanted.is_empty() || p.name.to_lowercase().contains(&wanted))
                    .cloned()
                    .collect()
            })
        } else {
            state.present_found.get()
        }
    };
    let search = move |text: String| {
        query.set(text.clone());
        if !state.present_listed.get_untracked() {
            state.send(ClientMessage::FindPresent { query: text });
        }
    };
    view! {
        <section class="app-section" aria-labelledby="live-present-heading">
            <h2 class="ds-heading" data-size="sm" id="live-present-heading" data-testid="live-present-count">
                {move || i18n.t_args(Key::LivePresent, [("count", state.present_count.get().into())])}
            </h2>
            <details class="ds-details" on:toggle=move |_| {
                if !state.present_listed.get_untracked() {
                    state.send(ClientMessage::FindPresent { query: query.get_untracked() });
                }
            }>
                <summary>{tr(Key::LiveShowPresent)}</summary>
                <div class="ds-field">
                    <label class="ds-label" for="live-present-search">{tr(Key::LiveSearchPresent)}</label>
                    <input class="ds-input" type="search" id="live-present-search" data-testid="live-present-search"
                        prop:value=move || query.get()
                        on:input=move |ev| search(event_target_value(&ev)) />
                </div>
                <ul class="ds-list" data-testid="live-present">
                    {move || shown().into_iter().map(|p: PresentPerson| view! { <li>{p.name}</li> }).collect_view()}
                </ul>
                <Show when=move || !state.present_listed.get()>
                    <p class="ds-paragraph" data-size="sm">{tr(Key::LivePresentSearchHint)}</p>
                </Show>
            </details>
        </section>
    }
}
