//! The live meeting room protocol (websocket, JSON text frames), version [`PROTOCOL_VERSION`].
//!
//! The client connects to `/api/meetings/{id}/live` with its session cookie and first sends
//! [`ClientMessage::Hello`] with the last event sequence number it saw (none on a first visit). The server
//! answers [`ServerMessage::Welcome`] with either the events missed since then, or a full
//! [`RoomSnapshot`] when the client is new or too far behind. After that every change in the room arrives
//! as [`ServerMessage::Event`] with a sequence number one higher than the last, so a client that sees a gap
//! reconnects and resumes. A newcomer's snapshot holds the latest messages only; older ones are read over HTTP
//! (`GET /api/meetings/{id}/live/messages?before=<message id>`, [`OlderMessages`]).
//!
//! Presence is not sequenced: the welcome carries it as published so far, and at most once a second a
//! [`ServerMessage::Presence`] says who came and who left. A big room sends only the count (`listed` false);
//! clients then look people up with [`ClientMessage::FindPresent`]. Counts of votes are coalesced too: one
//! `VotesCast` event covers the votes of a short while.
//! Errors answer the message that caused them (matched by `client_id` where the message has one); every
//! command counts against the connection's allowance, and one beyond it is refused with the code
//! `too_many_actions` (posts have a stricter allowance of their own: `rate_limited`).
//!
//! The server closes the socket with code 1008 (policy) when the session ends (signed out, revoked, person
//! deactivated) or the person's access to the meeting or rights in it change; reconnecting then either fails
//! (401/404) or is welcomed with the new rights. A page on another site cannot open the socket (403 on a
//! foreign `Origin`).

use serde::{Deserialize, Serialize};

/// The protocol version; the server refuses clients that speak another.
pub const PROTOCOL_VERSION: u32 = 2;

/// The longest discussion message, in characters.
pub const MAX_MESSAGE_CHARS: usize = 2000;

/// A message from the client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClientMessage {
    /// The first message: the protocol version and the last event seen (`None` on a first visit).
    Hello { version: u32, last_seq: Option<i64> },
    /// Post to the discussion of an agenda item (or the meeting as a whole).
    Post { client_id: String, agenda_item_id: Option<String>, reply_to: Option<String>, text: String },
    /// Edit one's own message within a short time.
    Edit { client_id: String, message_id: String, text: String },
    /// Hide a message (moderators), with a reason everyone sees.
    Hide { client_id: String, message_id: String, reason: String },
    /// Ask to speak.
    RaiseHand,
    /// Withdraw from the speakers list.
    LowerHand,
    /// Chair: give the floor to the first on the list.
    NextSpeaker,
    /// Chair: put the waiting speakers in this order.
    ReorderSpeakers { person_ids: Vec<String> },
    /// Chair: set the speaking time for each speaker, in seconds (0 = unlimited).
    SetSpeakingTime { seconds: u32 },
    /// Chair: open a poll on an agenda item.
    OpenPoll { client_id: String, agenda_item_id: Option<String>, question: String, options: Vec<String>, secret: bool },
    /// Vote in an open poll, once.
    Vote { client_id: String, poll_id: String, option: usize },
    /// Chair: close a poll and publish its result.
    ClosePoll { poll_id: String },
    /// Who of those present has a name containing `query` (case-insensitive; empty: anyone), answered with
    /// [`ServerMessage::PresentPeople`].
    FindPresent { query: String },
    /// Keep the connection alive.
    Ping,
}

/// A message from the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerMessage {
    /// The answer to `Hello`.
    Welcome {
        version: u32,
        /// The room's latest event sequence number.
        seq: i64,
        me: String,
        /// Whether the caller chairs the room (speakers list, polls, moderation).
        chair: bool,
        /// The whole state, when the client is new or too far behind.
        snapshot: Option<RoomSnapshot>,
        /// The events missed since `last_seq`, when few enough.
        missed: Vec<SequencedEvent>,
        /// Who is in the room, as published so far (later `Presence` messages change it).
        presence: PresenceUpdate,
    },
    /// A change in the room.
    Event(SequencedEvent),
    /// Who came and who left (coalesced, at most once a second; not sequenced).
    Presence(PresenceUpdate),
    /// The answer to [`ClientMessage::FindPresent`]: how many are present and the first people found, by name.
    PresentPeople {
        query: String,
        count: usize,
        people: Vec<PresentPerson>,
    },
    /// Something the client sent was refused.
    Error {
        code: String,
        message: String,
        client_id: Option<String>,
    },
    /// Something only the sender needs to know succeeded, e.g. `vote_recorded`.
    Ack {
        code: String,
        client_id: String,
    },
    Pong,
}

/// An event with its place in the room's sequence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SequencedEvent {
    pub seq: i64,
    /// Unix milliseconds.
    pub at: i64,
    pub event: RoomEvent,
}

/// A change in the room.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RoomEvent {
    MessagePosted {
        message: ChatMessage,
        client_id: Option<String>,
    },
    MessageEdited {
        message_id: String,
        text: String,
    },
    MessageHidden {
        message_id: String,
        reason: String,
    },
    SpeakersChanged {
        speakers: Speakers,
    },
    PollOpened {
        poll: Poll,
    },
    /// How many have voted so far (never who, never what). For secret polls it comes a little later and
    /// covers every vote cast meanwhile, so that it does not mark anyone's vote.
    VotesCast {
        poll_id: String,
        count: i64,
    },
    PollClosed {
        poll: Poll,
    },
}

/// A discussion message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChatMessage {
    pub id: String,
    pub agenda_item_id: Option<String>,
    pub reply_to: Option<String>,
    pub person_id: String,
    pub name: String,
    /// Empty when hidden.
    pub text: String,
    pub at: i64,
    pub edited: bool,
    pub hidden_reason: Option<String>,
}

/// The speakers list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Speakers {
    /// Who has the floor.
    pub current: Option<Speaker>,
    /// When the current speaker's time runs out (unix ms), if limited.
    pub current_until: Option<i64>,
    /// Waiting, in order.
    pub waiting: Vec<Speaker>,
    /// Speaking time per speaker in seconds; 0 = unlimited.
    pub speaking_time: u32,
}

/// Someone on the speakers list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Speaker {
    pub person_id: String,
    pub name: String,
}

/// A poll or vote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Poll {
    pub id: String,
    pub agenda_item_id: Option<String>,
    pub question: String,
    pub options: Vec<String>,
    pub secret: bool,
    pub open: bool,
    pub votes_cast: i64,
    /// Votes per option, only once the poll is closed.
    pub results: Option<Vec<i64>>,
    /// For open (non-secret) polls, once closed: who voted what.
    pub ballots: Option<Vec<(String, usize)>>,
    /// Whether the caller has voted (in the snapshot; events leave it `None`).
    pub voted: Option<bool>,
}

/// The whole state of the room (the discussion's latest messages only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct RoomSnapshot {
    /// The latest messages, oldest first.
    pub messages: Vec<ChatMessage>,
    /// Whether older messages exist (read them with the HTTP endpoint, see the module doc).
    #[serde(default)]
    pub older: bool,
    pub speakers: Speakers,
    pub polls: Vec<Poll>,
}

/// A change of who is present, or (in the welcome) all of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct PresenceUpdate {
    /// How many people are present.
    pub count: usize,
    /// Whether the room is small enough for a list; when false, only the count is kept up to date and the
    /// list is empty.
    pub listed: bool,
    /// The whole list, replacing what the client had (in the welcome, and when a room becomes listed).
    pub people: Option<Vec<PresentPerson>>,
    /// Who came since the last update.
    pub joined: Vec<PresentPerson>,
    /// Who left since the last update (person ids).
    pub left: Vec<String>,
}

impl PresenceUpdate {
    /// Apply this update to a client's list of who is present (kept sorted by name).
    pub fn apply(&self, people: &mut Vec<PresentPerson>) {
        if !self.listed {
            people.clear();
            return;
        }
        if let Some(all) = &self.people {
            people.clone_from(all);
        }
        people.retain(|p| !self.left.contains(&p.person_id) && !self.joined.iter().any(|j| j.person_id == p.person_id));
        people.extend(self.joined.iter().cloned());
        people.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.person_id.cmp(&b.person_id)));
    }
}

/// Older messages of a discussion (HTTP), oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OlderMessages {
    pub messages: Vec<ChatMessage>,
    /// Whether there are older ones still.
    pub older: bool,
}

/// Someone in the room now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PresentPerson {
    pub person_id: String,
    pub name: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_tagged_json() {
        let hello = serde_json::to_string(&ClientMessage::Hello { version: 1, last_seq: Some(7) }).expect("JSON");
        assert_eq!(hello, r#"{"type":"hello","version":1,"last_seq":7}"#);
        let back: ClientMessage = serde_json::from_str(r#"{"type":"raise_hand"}"#).expect("parses");
        assert_eq!(back, ClientMessage::RaiseHand);
    }

    fn person(id: &str, name: &str) -> PresentPerson {
        PresentPerson { person_id: id.into(), name: name.into() }
    }

    #[test]
    fn presence_updates_replace_add_and_remove_people_and_keep_them_sorted() {
        let mut people = Vec::new();
        PresenceUpdate {
            count: 2,
            listed: true,
            people: Some(vec![person("b", "Berit"), person("o", "Ola")]),
            ..Default::default()
        }
        .apply(&mut people);
        PresenceUpdate {
            count: 2,
            listed: true,
            joined: vec![person("a", "Anne")],
            left: vec!["o".into()],
            people: None,
        }
        .apply(&mut people);
        assert_eq!(people, vec![person("a", "Anne"), person("b", "Berit")]);
        PresenceUpdate { count: 9000, listed: false, ..Default::default() }.apply(&mut people);
        assert!(people.is_empty(), "a big room keeps only the count");
    }
}
