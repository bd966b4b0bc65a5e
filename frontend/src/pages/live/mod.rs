//! `/moter/:id/direkte`: the live meeting room, from a phone or a laptop. Discussion per agenda item, hand
//! raising and the speakers list with a countdown, polls and votes, and who is present. The chair (the
//! meeting's organisers and the body's chair) also runs the speakers list and polls and hides messages.
//!
//! Three parts: [`state`] is the room as plain data and the reducer that applies the server's messages to it
//! (unit-tested natively); [`connection`] is the websocket loop with its jittered reconnects; [`panels`] are
//! the components. This module ties them together: a [`RoomHandle`] keeps the [`state::Room`] in one signal
//! with a memo per part the panels read (so a panel changes only when its part does), sends what the panels
//! ask for, and turns the reducer's reactions into announcements and focus moves. New messages, the current
//! speaker, polls opening and closing and one's own vote are announced to screen readers through one polite
//! live region; the connection state is shown and announced.

mod connection;
mod panels;
mod state;

use std::collections::VecDeque;

use futures_channel::mpsc::UnboundedSender;
use legeting_shared::live::{ChatMessage, ClientMessage, Poll, ServerMessage, Speakers};
use legeting_shared::meetings::MeetingDetail;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use self::connection::Connection;
use self::state::{Announcement, Focus, Reaction, Room};
use crate::api;
use crate::forms::{FailureAlert, Loading};
use crate::i18n::{I18n, Key, tr, use_i18n, use_page_title};
use crate::session::{Guarded, Session, use_access};

/// The live room on the page: its state in a signal, a memo per part, and the way out to the server.
#[derive(Clone, Copy)]
struct RoomHandle {
    room: RwSignal<Room>,
    connection: RwSignal<Connection>,
    /// The latest thing to announce to screen readers.
    announcement: RwSignal<String>,
    meeting_id: StoredValue<String>,
    i18n: I18n,
    me: Memo<String>,
    chair: Memo<bool>,
    messages: Memo<Vec<ChatMessage>>,
    older: Memo<bool>,
    speakers: Memo<Speakers>,
    polls: Memo<Vec<Poll>>,
    voted: Memo<Vec<String>>,
    present_count: Memo<usize>,
    present_listed: Memo<bool>,
    error: Memo<Option<Key>>,
    editing: Memo<Option<String>>,
    edit_error: Memo<Option<Key>>,
    /// Messages waiting for the connection.
    outbox: StoredValue<VecDeque<ClientMessage>, LocalStorage>,
    sender: StoredValue<Option<UnboundedSender<ClientMessage>>, LocalStorage>,
}

impl RoomHandle {
    fn new(meeting_id: String) -> RoomHandle {
        let room = RwSignal::new(Room::default());
        RoomHandle {
            room,
            connection: RwSignal::new(Connection::Connecting),
            announcement: RwSignal::new(String::new()),
            meeting_id: StoredValue::new(meeting_id),
            i18n: use_i18n(),
            me: Memo::new(move |_| room.with(|r| r.me.clone())),
            chair: Memo::new(move |_| room.with(|r| r.chair)),
            messages: Memo::new(move |_| room.with(|r| r.messages.clone())),
            older: Memo::new(move |_| room.with(|r| r.older)),
            speakers: Memo::new(move |_| room.with(|r| r.speakers.clone())),
            polls: Memo::new(move |_| room.with(|r| r.polls.clone())),
            voted: Memo::new(move |_| room.with(|r| r.voted.clone())),
            present_count: Memo::new(move |_| room.with(|r| r.present_count)),
            present_listed: Memo::new(move |_| room.with(|r| r.present_listed)),
            error: Memo::new(move |_| room.with(|r| r.error)),
            editing: Memo::new(move |_| room.with(|r| r.editing.clone())),
            edit_error: Memo::new(move |_| room.with(|r| r.edit_error)),
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

    /// A connection is open: what waited goes first, then everything is sent through it.
    fn attach(&self, sender: UnboundedSender<ClientMessage>) {
        self.outbox.update_value(|queue| {
            while let Some(message) = queue.pop_front() {
                let _queued = sender.unbounded_send(message);
            }
        });
        self.sender.set_value(Some(sender));
    }

    /// The connection is gone: keep what is sent from now on.
    fn detach(&self) {
        self.sender.set_value(None);
    }

    /// Where to resume from after a reconnect.
    fn last_seq(&self) -> Option<i64> {
        self.room.with_untracked(|room| room.last_seq)
    }

    /// Apply a server message and carry out the reaction; returns whether to reconnect and resume.
    fn receive(&self, message: ServerMessage) -> bool {
        let reaction = self.room.try_update(|room| room.receive(message)).unwrap_or_default();
        let resync = reaction.resync;
        self.react(reaction);
        resync
    }

    fn react(&self, reaction: Reaction) {
        if let Some(announcement) = reaction.announce {
            self.announcement.set(announcement_text(self.i18n, announcement));
        }
        match reaction.focus {
            Some(Focus::EditText) => focus_later(vec![panels::EDIT_TEXT_ID.to_owned()]),
            Some(Focus::AfterEditing { message_id }) => focus_after_editing(&message_id),
            None => {}
        }
    }

    /// Leave edit mode (cancelled) and put the focus back on the message's edit button.
    fn stop_editing(&self, message_id: &str) {
        self.room.update(Room::stop_editing);
        focus_after_editing(message_id);
    }
}

/// An announcement worded in the current language.
fn announcement_text(i18n: I18n, announcement: Announcement) -> String {
    match announcement {
        Announcement::NewMessage { name, replying_to: Some(to), text } => format!(
            "{} {name} ({}): {text}",
            i18n.t(Key::LiveNewMessage),
            crate::format::fill(i18n.t(Key::LiveAnnounceReplyTo), &[to])
        ),
        Announcement::NewMessage { name, replying_to: None, text } => {
            format!("{} {name}: {text}", i18n.t(Key::LiveNewMessage))
        }
        Announcement::MessageEdited { name, text } => format!("{} {name}: {text}", i18n.t(Key::LiveMessageEditedBy)),
        Announcement::EditSaved => i18n.t(Key::LiveEditSaved).to_owned(),
        Announcement::NowSpeaking { name } => format!("{} {name}", i18n.t(Key::LiveNowSpeaking)),
        Announcement::PollOpened { question } => format!("{} {question}", i18n.t(Key::LivePollOpened)),
        Announcement::PollClosed { question, results } => {
            format!("{} {question} {results}", i18n.t(Key::LivePollClosed))
        }
        Announcement::Refused(key) => i18n.t(key).to_owned(),
        Announcement::VoteRecorded => i18n.t(Key::LiveVoteRecorded).to_owned(),
    }
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

/// After edit mode ends: the message's edit button, or the message itself if the time to edit is up.
fn focus_after_editing(message_id: &str) {
    focus_later(vec![panels::edit_button_id(message_id), panels::message_anchor(message_id)]);
}

/// `/moter/:id/direkte`
#[component]
pub fn LiveRoom() -> impl IntoView {
    use_page_title(Key::LiveTitle);
    let access = use_access(Session::is_signed_in);
    view! {
        <Guarded access>
            <LoadMeeting />
        </Guarded>
    }
}

#[component]
fn LoadMeeting() -> impl IntoView {
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
    let state = RoomHandle::new(detail.meeting.id.clone());
    let alive = StoredValue::new_local(true);
    connection::connect(state, alive);
    on_cleanup(move || alive.set_value(false));
    let agenda = detail.agenda.clone();
    let meeting_path = format!("/moter/{}", detail.meeting.id);
    view! {
        <h1 class="ds-heading" data-size="lg" tabindex="-1">{tr(Key::LiveTitle)}": "{detail.meeting.title.clone()}</h1>
        <p class="ds-paragraph"><A href=meeting_path attr:class="ds-link">{tr(Key::LiveBackToMeeting)}</A></p>
        <panels::ConnectionStatus state />
        <p class="ds-sr-only" aria-live="polite" aria-atomic="true" data-testid="live-announcement">{move || state.announcement.get()}</p>
        {move || state.error.get().map(|key| view! {
            <div class="ds-alert" data-color="warning" role="alert" data-testid="live-error"><p class="ds-paragraph">{tr(key)}</p></div>
        })}
        <div class="app-live">
            <panels::SpeakersPanel state />
            <panels::PollsPanel state agenda=agenda.clone() />
            <panels::Discussion state agenda />
            <panels::PresencePanel state />
        </div>
    }
}
