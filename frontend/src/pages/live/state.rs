//! The live room as plain data, and the reducer that moves it: a server message in, the new [`Room`] and a
//! [`Reaction`] (what to announce, where the focus goes, whether to reconnect) out. No signals, no DOM, no
//! socket: the page keeps one [`Room`] in a signal and hands every message to [`Room::receive`], and the
//! buttons change it through the small methods below. Everything here runs in native unit tests.
//!
//! The rules it keeps: events apply once and in order (a repeat is skipped, a gap asks for a reconnect so the
//! server resumes from the last event seen); a message the snapshot already had is not added twice; one's own
//! edit, once the server has taken it, ends edit mode and is announced as saved, not as someone's edit; older
//! messages go first, without repeating any already shown.

use legeting_shared::live::{
    ChatMessage, OlderMessages, Poll, PresenceUpdate, PresentPerson, RoomEvent, ServerMessage, Speakers,
};

use crate::i18n::Key;

/// How long after posting one may edit a message: the server's `EDIT_WINDOW_MS` (`server/src/live/mod.rs`).
/// The server decides; this only hides the button once the time is surely up.
pub const EDIT_WINDOW_MS: i64 = 5 * 60 * 1000;

/// Everything the room page shows that the server's messages change.
#[derive(Debug, Clone, PartialEq)]
pub struct Room {
    /// The sequence number of the last event applied (sent in `Hello` to resume after a reconnect).
    pub last_seq: Option<i64>,
    /// The caller's person id.
    pub me: String,
    /// Whether the caller chairs the room.
    pub chair: bool,
    /// The discussion, oldest first.
    pub messages: Vec<ChatMessage>,
    /// Whether older messages than those shown exist (read over HTTP on request).
    pub older: bool,
    pub speakers: Speakers,
    pub polls: Vec<Poll>,
    /// Polls the caller has voted in.
    pub voted: Vec<String>,
    /// Who is present, sorted by name (empty in a room too big for the list).
    pub present: Vec<PresentPerson>,
    /// How many are present (also in a room too big for the list).
    pub present_count: usize,
    /// Whether the server keeps the list up to date (false in a big room: search instead).
    pub present_listed: bool,
    /// The server's answer to the latest search in a big room.
    pub present_found: Vec<PresentPerson>,
    /// The latest refusal from the server, shown at the top of the page.
    pub error: Option<Key>,
    /// The id of one's own message being edited in place, if any.
    pub editing: Option<String>,
    /// The `client_id` of the edit sent and not yet answered: its `MessageEdited` event ends edit mode, and an
    /// error with this `client_id` is shown by the edit form rather than at the top of the page.
    pub edit_pending: Option<String>,
    /// Why the edit was refused (by the form's own check or by the server).
    pub edit_error: Option<Key>,
}

impl Default for Room {
    fn default() -> Room {
        Room {
            last_seq: None,
            me: String::new(),
            chair: false,
            messages: Vec::new(),
            older: false,
            speakers: Speakers::default(),
            polls: Vec::new(),
            voted: Vec::new(),
            present: Vec::new(),
            present_count: 0,
            present_listed: true,
            present_found: Vec::new(),
            error: None,
            editing: None,
            edit_pending: None,
            edit_error: None,
        }
    }
}

/// Something to tell screen readers, in data; the page words it in the current language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Announcement {
    /// A new message; `replying_to` names the author of the message it answers, when that one is shown.
    NewMessage {
        name: String,
        replying_to: Option<String>,
        text: String,
    },
    /// Someone else edited their message.
    MessageEdited {
        name: String,
        text: String,
    },
    /// One's own edit was saved.
    EditSaved,
    NowSpeaking {
        name: String,
    },
    PollOpened {
        question: String,
    },
    /// A poll closed; `results` is "option: count, …" (empty when the poll has none).
    PollClosed {
        question: String,
        results: String,
    },
    /// The server refused something the caller did.
    Refused(Key),
    VoteRecorded,
}

/// Where the keyboard focus should go after a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Focus {
    /// Back to the edit form's text (the server refused the edit).
    EditText,
    /// Edit mode of this message ended: to its edit button, or the message itself if the button is gone.
    AfterEditing { message_id: String },
}

/// What the page should do besides showing the new state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reaction {
    pub announce: Option<Announcement>,
    pub focus: Option<Focus>,
    /// An event came out of sequence: drop the connection and resume from [`Room::last_seq`].
    pub resync: bool,
}

impl Reaction {
    /// This reaction followed by `later` (the later announcement and focus win, as they would on the page).
    fn then(self, later: Reaction) -> Reaction {
        Reaction {
            announce: later.announce.or(self.announce),
            focus: later.focus.or(self.focus),
            resync: self.resync || later.resync,
        }
    }
}

impl Room {
    /// Take one message from the server.
    pub fn receive(&mut self, message: ServerMessage) -> Reaction {
        match message {
            ServerMessage::Welcome { me, chair, snapshot, missed, seq, presence, .. } => {
                self.take_presence(&presence);
                self.me = me;
                self.chair = chair;
                match snapshot {
                    Some(snapshot) => {
                        self.voted =
                            snapshot.polls.iter().filter(|p| p.voted == Some(true)).map(|p| p.id.clone()).collect();
                        self.messages = snapshot.messages;
                        self.older = snapshot.older;
                        self.speakers = snapshot.speakers;
                        self.polls = snapshot.polls;
                        self.last_seq = Some(seq);
                        Reaction::default()
                    }
                    // The welcome's own events come in order from the server; a gap among them is left to the
                    // next live event to notice.
                    None => missed.into_iter().fold(Reaction::default(), |reaction, event| {
                        let next = self.apply(event.seq, event.event);
                        reaction.then(Reaction { resync: false, ..next })
                    }),
                }
            }
            ServerMessage::Event(event) => self.apply(event.seq, event.event),
            ServerMessage::Presence(update) => {
                self.take_presence(&update);
                Reaction::default()
            }
            ServerMessage::Error { code, client_id, .. } if client_id.is_some() && client_id == self.edit_pending => {
                // The edit form shows the refusal by its field and takes the focus back.
                self.edit_pending = None;
                self.edit_error = Some(error_key(&code));
                Reaction { focus: Some(Focus::EditText), ..Reaction::default() }
            }
            ServerMessage::Error { code, .. } => {
                let key = error_key(&code);
                self.error = Some(key);
                Reaction { announce: Some(Announcement::Refused(key)), ..Reaction::default() }
            }
            ServerMessage::Ack { code, .. } if code == "vote_recorded" => {
                self.error = None;
                Reaction { announce: Some(Announcement::VoteRecorded), ..Reaction::default() }
            }
            ServerMessage::PresentPeople { count, people, .. } => {
                self.present_count = count;
                self.present_found = people;
                Reaction::default()
            }
            ServerMessage::Ack { .. } | ServerMessage::Pong => Reaction::default(),
        }
    }

    fn take_presence(&mut self, update: &PresenceUpdate) {
        update.apply(&mut self.present);
        self.present_count = update.count;
        self.present_listed = update.listed;
    }

    /// Apply one event of the room's sequence. A repeat (at or before the last applied) changes nothing; a gap
    /// changes nothing and asks for a resync.
    pub fn apply(&mut self, seq: i64, event: RoomEvent) -> Reaction {
        if let Some(last) = self.last_seq {
            if seq <= last {
                return Reaction::default();
            }
            if seq != last + 1 {
                return Reaction { resync: true, ..Reaction::default() };
            }
        }
        self.last_seq = Some(seq);
        let mut reaction = Reaction::default();
        match event {
            RoomEvent::MessagePosted { message, .. } => {
                let replying_to = message
                    .reply_to
                    .as_ref()
                    .and_then(|original| self.messages.iter().find(|m| &m.id == original).map(|m| m.name.clone()));
                reaction.announce = Some(Announcement::NewMessage {
                    name: message.name.clone(),
                    replying_to,
                    text: message.text.clone(),
                });
                // A message the welcome's snapshot already had is not added twice.
                if !self.messages.iter().any(|m| m.id == message.id) {
                    self.messages.push(message);
                }
            }
            RoomEvent::MessageEdited { message_id, text } => {
                let mut by_other = None;
                if let Some(m) = self.messages.iter_mut().find(|m| m.id == message_id) {
                    m.text = text;
                    m.edited = true;
                    if m.person_id != self.me {
                        by_other = Some(Announcement::MessageEdited { name: m.name.clone(), text: m.text.clone() });
                    }
                }
                let saved_here = self.edit_pending.is_some() && self.editing.as_deref() == Some(message_id.as_str());
                if saved_here {
                    // One's own edit is announced once, here, as saved (not as someone's edit).
                    self.stop_editing();
                    reaction.focus = Some(Focus::AfterEditing { message_id });
                    reaction.announce = Some(Announcement::EditSaved);
                } else {
                    reaction.announce = by_other;
                }
            }
            RoomEvent::MessageHidden { message_id, reason } => {
                if let Some(m) = self.messages.iter_mut().find(|m| m.id == message_id) {
                    m.text.clear();
                    m.hidden_reason = Some(reason);
                }
                if self.editing.as_deref() == Some(message_id.as_str()) {
                    self.stop_editing();
                    reaction.focus = Some(Focus::AfterEditing { message_id });
                }
            }
            RoomEvent::SpeakersChanged { speakers } => {
                if speakers.current != self.speakers.current
                    && let Some(current) = &speakers.current
                {
                    reaction.announce = Some(Announcement::NowSpeaking { name: current.name.clone() });
                }
                self.speakers = speakers;
            }
            RoomEvent::PollOpened { poll } => {
                reaction.announce = Some(Announcement::PollOpened { question: poll.question.clone() });
                if !self.polls.iter().any(|p| p.id == poll.id) {
                    self.polls.push(poll);
                }
            }
            RoomEvent::VotesCast { poll_id, count } => {
                if let Some(p) = self.polls.iter_mut().find(|p| p.id == poll_id) {
                    p.votes_cast = count;
                }
            }
            RoomEvent::PollClosed { poll } => {
                let results = poll
                    .results
                    .as_ref()
                    .map(|r| {
                        poll.options.iter().zip(r).map(|(o, n)| format!("{o}: {n}")).collect::<Vec<_>>().join(", ")
                    })
                    .unwrap_or_default();
                reaction.announce = Some(Announcement::PollClosed { question: poll.question.clone(), results });
                if let Some(p) = self.polls.iter_mut().find(|p| p.id == poll.id) {
                    *p = poll;
                }
            }
        }
        reaction
    }

    /// Put older messages (read over HTTP) before those shown, leaving out any already shown.
    pub fn prepend_older(&mut self, page: OlderMessages) {
        let mut older: Vec<ChatMessage> =
            page.messages.into_iter().filter(|m| !self.messages.iter().any(|l| l.id == m.id)).collect();
        older.append(&mut self.messages);
        self.messages = older;
        self.older = page.older;
    }

    /// Open the edit form for one's own message.
    pub fn start_editing(&mut self, message_id: &str) {
        self.edit_error = None;
        self.edit_pending = None;
        self.editing = Some(message_id.to_owned());
    }

    /// The edit with this `client_id` has been sent; its answer decides what happens to the form.
    pub fn edit_sent(&mut self, client_id: String) {
        self.edit_error = None;
        self.edit_pending = Some(client_id);
    }

    /// Leave edit mode (cancelled, saved, or the message was hidden).
    pub fn stop_editing(&mut self) {
        self.editing = None;
        self.edit_pending = None;
        self.edit_error = None;
    }

    /// Whether the caller is on the speakers list.
    pub fn hand_raised(&self) -> bool {
        self.speakers.waiting.iter().any(|w| w.person_id == self.me)
    }

    /// The order of the speakers list with the one at `index` moved up by one place.
    pub fn speakers_moving_up(&self, index: usize) -> Vec<String> {
        let mut order: Vec<String> = self.speakers.waiting.iter().map(|w| w.person_id.clone()).collect();
        if index > 0 && index < order.len() {
            order.swap(index, index - 1);
        }
        order
    }

    /// Who to list for a search of those present: in a listed room the list filtered here (case-insensitive),
    /// in a big one the server's answer to the latest search.
    pub fn present_matching(&self, query: &str) -> Vec<PresentPerson> {
        if !self.present_listed {
            return self.present_found.clone();
        }
        let wanted = query.trim().to_lowercase();
        self.present.iter().filter(|p| wanted.is_empty() || p.name.to_lowercase().contains(&wanted)).cloned().collect()
    }
}

/// Whether the person `me` may edit `message` at `now` (unix ms): their own, not hidden, within the window.
pub fn may_edit(me: &str, message: &ChatMessage, now: i64) -> bool {
    message.hidden_reason.is_none() && message.person_id == me && now - message.at < EDIT_WINDOW_MS
}

/// The translation key of a refusal's code.
pub fn error_key(code: &str) -> Key {
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

#[cfg(test)]
mod tests {
    use legeting_shared::live::{RoomSnapshot, SequencedEvent, Speaker};

    use super::*;

    fn message(id: &str, person: &str, name: &str, text: &str) -> ChatMessage {
        ChatMessage {
            id: id.into(),
            agenda_item_id: None,
            reply_to: None,
            person_id: person.into(),
            name: name.into(),
            text: text.into(),
            at: 1_000,
            edited: false,
            hidden_reason: None,
        }
    }

    fn person(id: &str, name: &str) -> PresentPerson {
        PresentPerson { person_id: id.into(), name: name.into() }
    }

    fn poll(id: &str, question: &str) -> Poll {
        Poll {
            id: id.into(),
            agenda_item_id: None,
            question: question.into(),
            options: vec!["Ja".into(), "Nei".into()],
            secret: false,
            open: true,
            votes_cast: 0,
            results: None,
            ballots: None,
            voted: None,
        }
    }

    fn posted(message: ChatMessage) -> RoomEvent {
        RoomEvent::MessagePosted { message, client_id: None }
    }

    fn event(seq: i64, event: RoomEvent) -> ServerMessage {
        ServerMessage::Event(SequencedEvent { seq, at: 0, event })
    }

    fn presence(count: usize, joined: Vec<PresentPerson>, left: Vec<&str>) -> PresenceUpdate {
        PresenceUpdate {
            count,
            listed: true,
            people: None,
            joined,
            left: left.into_iter().map(str::to_owned).collect(),
        }
    }

    fn welcome(seq: i64, snapshot: Option<RoomSnapshot>, missed: Vec<SequencedEvent>) -> ServerMessage {
        ServerMessage::Welcome {
            version: 1,
            seq,
            me: "me".into(),
            chair: false,
            snapshot,
            missed,
            presence: PresenceUpdate {
                count: 1,
                listed: true,
                people: Some(vec![person("me", "Meg")]),
                ..Default::default()
            },
        }
    }

    /// A room welcomed with a snapshot at sequence 10 holding one message from someone else.
    fn joined_room() -> Room {
        let mut room = Room::default();
        let snapshot = RoomSnapshot {
            messages: vec![message("m1", "kari", "Kari", "Hei")],
            older: true,
            speakers: Speakers::default(),
            polls: vec![],
        };
        room.receive(welcome(10, Some(snapshot), vec![]));
        room
    }

    #[test]
    fn a_snapshot_welcome_replaces_the_room_and_remembers_its_sequence_and_own_votes() {
        let mut room = Room::default();
        let voted = Poll { voted: Some(true), ..poll("p1", "Vedta?") };
        let snapshot = RoomSnapshot {
            messages: vec![message("m1", "kari", "Kari", "Hei")],
            older: true,
            speakers: Speakers::default(),
            polls: vec![voted, poll("p2", "Utsette?")],
        };

        let reaction = room.receive(welcome(42, Some(snapshot), vec![]));

        assert_eq!(reaction, Reaction::default());
        assert_eq!(room.last_seq, Some(42));
        assert_eq!(room.me, "me");
        assert_eq!(room.messages.len(), 1);
        assert!(room.older);
        assert_eq!(room.voted, vec!["p1".to_owned()]);
        assert_eq!(room.present, vec![person("me", "Meg")]);
        assert_eq!(room.present_count, 1);
    }

    #[test]
    fn presence_deltas_add_who_joined_and_remove_who_left_keeping_the_list_sorted() {
        let mut room = joined_room();

        room.receive(ServerMessage::Presence(presence(3, vec![person("ola", "Ola"), person("anne", "Anne")], vec![])));
        assert_eq!(room.present, vec![person("anne", "Anne"), person("me", "Meg"), person("ola", "Ola")]);
        assert_eq!(room.present_count, 3);

        room.receive(ServerMessage::Presence(presence(2, vec![], vec!["anne"])));
        assert_eq!(room.present, vec![person("me", "Meg"), person("ola", "Ola")]);
        assert_eq!(room.present_count, 2);
    }

    #[test]
    fn a_room_too_big_for_the_list_keeps_only_the_count_and_searches_by_the_servers_answer() {
        let mut room = joined_room();
        let big = PresenceUpdate { count: 600, listed: false, ..Default::default() };

        room.receive(ServerMessage::Presence(big));
        assert!(room.present.is_empty());
        assert!(!room.present_listed);
        assert_eq!(room.present_count, 600);

        room.receive(ServerMessage::PresentPeople {
            query: "ol".into(),
            count: 601,
            people: vec![person("ola", "Ola")],
        });
        assert_eq!(room.present_count, 601);
        assert_eq!(room.present_matching("anything typed"), vec![person("ola", "Ola")]);
    }

    #[test]
    fn a_listed_room_is_searched_locally_ignoring_case_and_spaces() {
        let mut room = joined_room();
        room.receive(ServerMessage::Presence(presence(
            3,
            vec![person("ola", "Ola Nordmann"), person("anne", "Anne")],
            vec![],
        )));

        assert_eq!(room.present_matching(" nord "), vec![person("ola", "Ola Nordmann")]);
        assert_eq!(room.present_matching("").len(), 3);
    }

    #[test]
    fn events_apply_once_in_order_so_a_resume_after_reconnect_repeats_nothing() {
        let mut room = joined_room();
        room.receive(event(11, posted(message("m2", "ola", "Ola", "Første"))));

        // After a reconnect the server resumes from `last_seq`; anything it sends again is skipped.
        let hello_from = room.last_seq;
        assert_eq!(hello_from, Some(11));
        let missed = vec![
            SequencedEvent { seq: 11, at: 0, event: posted(message("m2", "ola", "Ola", "Første")) },
            SequencedEvent { seq: 12, at: 0, event: posted(message("m3", "ola", "Ola", "Andre")) },
        ];
        room.receive(welcome(12, None, missed));
        room.receive(event(12, posted(message("m3", "ola", "Ola", "Andre"))));

        let ids: Vec<&str> = room.messages.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["m1", "m2", "m3"]);
        assert_eq!(room.last_seq, Some(12));
    }

    #[test]
    fn a_gap_in_the_sequence_changes_nothing_and_asks_for_a_resync() {
        let mut room = joined_room();

        let reaction = room.receive(event(12, posted(message("m2", "ola", "Ola", "For tidlig"))));

        assert!(reaction.resync);
        assert_eq!(room.last_seq, Some(10));
        assert_eq!(room.messages.len(), 1);
    }

    #[test]
    fn a_message_the_snapshot_already_had_is_not_added_twice() {
        let mut room = joined_room();

        room.receive(event(11, posted(message("m1", "kari", "Kari", "Hei"))));

        assert_eq!(room.messages.len(), 1);
        assert_eq!(room.last_seq, Some(11));
    }

    #[test]
    fn a_new_message_is_announced_with_the_author_of_the_message_it_answers() {
        let mut room = joined_room();
        let reply = ChatMessage { reply_to: Some("m1".into()), ..message("m2", "ola", "Ola", "Enig") };

        let reaction = room.receive(event(11, posted(reply)));

        assert_eq!(
            reaction.announce,
            Some(Announcement::NewMessage {
                name: "Ola".into(),
                replying_to: Some("Kari".into()),
                text: "Enig".into()
            })
        );
    }

    #[test]
    fn someone_elses_edit_changes_the_text_marks_it_edited_and_is_announced_as_theirs() {
        let mut room = joined_room();

        let reaction =
            room.receive(event(11, RoomEvent::MessageEdited { message_id: "m1".into(), text: "Hallo".into() }));

        assert_eq!(room.messages[0].text, "Hallo");
        assert!(room.messages[0].edited);
        assert_eq!(reaction.announce, Some(Announcement::MessageEdited { name: "Kari".into(), text: "Hallo".into() }));
    }

    #[test]
    fn ones_own_edit_once_taken_ends_edit_mode_is_announced_as_saved_and_returns_the_focus() {
        let mut room = joined_room();
        room.receive(event(11, posted(message("m2", "me", "Meg", "Skrivfeil"))));
        room.start_editing("m2");
        room.edit_sent("edit-m2-1".into());

        let reaction =
            room.receive(event(12, RoomEvent::MessageEdited { message_id: "m2".into(), text: "Skrivefeil".into() }));

        assert_eq!(room.editing, None);
        assert_eq!(room.edit_pending, None);
        assert_eq!(reaction.announce, Some(Announcement::EditSaved));
        assert_eq!(reaction.focus, Some(Focus::AfterEditing { message_id: "m2".into() }));
    }

    #[test]
    fn a_refused_edit_stays_in_the_form_with_its_reason_and_not_at_the_top_of_the_page() {
        let mut room = joined_room();
        room.receive(event(11, posted(message("m2", "me", "Meg", "Tekst"))));
        room.start_editing("m2");
        room.edit_sent("edit-m2-1".into());

        let reaction = room.receive(ServerMessage::Error {
            code: "not_editable".into(),
            message: String::new(),
            client_id: Some("edit-m2-1".into()),
        });

        assert_eq!(room.editing.as_deref(), Some("m2"));
        assert_eq!(room.edit_pending, None);
        assert_eq!(room.edit_error, Some(Key::LiveErrorNotEditable));
        assert_eq!(room.error, None);
        assert_eq!(reaction.focus, Some(Focus::EditText));
    }

    #[test]
    fn any_other_refusal_is_shown_at_the_top_and_announced() {
        let mut room = joined_room();

        let reaction =
            room.receive(ServerMessage::Error { code: "rate_limited".into(), message: String::new(), client_id: None });

        assert_eq!(room.error, Some(Key::LiveErrorRateLimited));
        assert_eq!(reaction.announce, Some(Announcement::Refused(Key::LiveErrorRateLimited)));
        assert_eq!(error_key("something new"), Key::ErrorUnexpected);
    }

    #[test]
    fn a_hidden_message_loses_its_text_shows_the_reason_and_closes_its_edit_form() {
        let mut room = joined_room();
        room.receive(event(11, posted(message("m2", "me", "Meg", "Upassende"))));
        room.start_editing("m2");

        let reaction =
            room.receive(event(12, RoomEvent::MessageHidden { message_id: "m2".into(), reason: "Skjult".into() }));

        let hidden = &room.messages[1];
        assert!(hidden.text.is_empty());
        assert_eq!(hidden.hidden_reason.as_deref(), Some("Skjult"));
        assert_eq!(room.editing, None);
        assert_eq!(reaction.focus, Some(Focus::AfterEditing { message_id: "m2".into() }));
        assert!(!may_edit(&room.me, hidden, hidden.at));
    }

    #[test]
    fn one_may_edit_ones_own_visible_message_for_five_minutes() {
        let own = message("m2", "me", "Meg", "Tekst");
        let other = message("m3", "kari", "Kari", "Tekst");

        assert!(may_edit("me", &own, own.at + EDIT_WINDOW_MS - 1));
        assert!(!may_edit("me", &own, own.at + EDIT_WINDOW_MS));
        assert!(!may_edit("me", &other, other.at));
    }

    #[test]
    fn votes_cast_update_the_count_of_their_poll_only() {
        let mut room = joined_room();
        room.receive(event(11, RoomEvent::PollOpened { poll: poll("p1", "Vedta?") }));
        room.receive(event(12, RoomEvent::PollOpened { poll: poll("p2", "Utsette?") }));

        room.receive(event(13, RoomEvent::VotesCast { poll_id: "p2".into(), count: 7 }));

        assert_eq!(room.polls[0].votes_cast, 0);
        assert_eq!(room.polls[1].votes_cast, 7);
    }

    #[test]
    fn a_closed_poll_replaces_the_open_one_and_announces_its_results() {
        let mut room = joined_room();
        let opened = room.receive(event(11, RoomEvent::PollOpened { poll: poll("p1", "Vedta?") }));
        assert_eq!(opened.announce, Some(Announcement::PollOpened { question: "Vedta?".into() }));
        let closed = Poll { open: false, votes_cast: 5, results: Some(vec![3, 2]), ..poll("p1", "Vedta?") };

        let reaction = room.receive(event(12, RoomEvent::PollClosed { poll: closed.clone() }));

        assert_eq!(room.polls, vec![closed]);
        assert_eq!(
            reaction.announce,
            Some(Announcement::PollClosed { question: "Vedta?".into(), results: "Ja: 3, Nei: 2".into() })
        );
    }

    #[test]
    fn a_recorded_vote_clears_the_last_refusal_and_is_announced() {
        let mut room = joined_room();
        room.error = Some(Key::LiveErrorRateLimited);

        let reaction = room.receive(ServerMessage::Ack { code: "vote_recorded".into(), client_id: "vote-0".into() });

        assert_eq!(room.error, None);
        assert_eq!(reaction.announce, Some(Announcement::VoteRecorded));
    }

    #[test]
    fn a_new_current_speaker_is_announced_and_the_same_one_is_not_announced_again() {
        let mut room = joined_room();
        let ola = Speaker { person_id: "ola".into(), name: "Ola".into() };
        let speakers = Speakers { current: Some(ola.clone()), ..Speakers::default() };

        let first = room.receive(event(11, RoomEvent::SpeakersChanged { speakers: speakers.clone() }));
        let waiting = Speakers { waiting: vec![Speaker { person_id: "me".into(), name: "Meg".into() }], ..speakers };
        let second = room.receive(event(12, RoomEvent::SpeakersChanged { speakers: waiting }));

        assert_eq!(first.announce, Some(Announcement::NowSpeaking { name: "Ola".into() }));
        assert_eq!(second.announce, None);
        assert!(room.hand_raised());
    }

    #[test]
    fn moving_a_speaker_up_swaps_them_with_the_one_before_and_the_first_stays() {
        let mut room = joined_room();
        let speaker = |id: &str| Speaker { person_id: id.into(), name: id.into() };
        room.speakers.waiting = vec![speaker("a"), speaker("b"), speaker("c")];

        assert_eq!(room.speakers_moving_up(2), ["a", "c", "b"]);
        assert_eq!(room.speakers_moving_up(0), ["a", "b", "c"]);
    }

    #[test]
    fn older_messages_go_first_without_repeating_those_shown() {
        let mut room = joined_room();

        room.prepend_older(OlderMessages {
            messages: vec![message("m0", "ola", "Ola", "Tidlig"), message("m1", "kari", "Kari", "Hei")],
            older: false,
        });

        let ids: Vec<&str> = room.messages.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["m0", "m1"]);
        assert!(!room.older);
    }
}
