//! The live-room hub: one [`Room`] per meeting that has connections on this instance, and the room's durable
//! log and state ([`store`]). It sits low (database and shared types only) so that the application state can
//! hold it and any domain can say [`access_changed`]; the websocket endpoint and its commands are in
//! `crate::live`.
//!
//!
//! - **One writer per room.** A room's writer task owns its sequence: connections hand it [`Write`]s and
//!   never wait on each other; it takes every write queued at the moment (a burst), saves them and their
//!   events in one transaction with one NOTIFY, then broadcasts each event.
//! - **Shared frames.** An event is serialized once; every recipient gets the same bytes with the sequence
//!   number beside them ([`Frame`]), so no connection parses what it forwards.
//! - **A ring of recent events** serves resumes without the database; only a client further behind than
//!   the ring reads the log.
//! - **Presence** is sent at most once a second as a small delta (who came, who left, the count); a room of
//!   more than [`PRESENCE_LIST_LIMIT`] people sends only the count, and clients search for people instead.
//! - **Entering is atomic**: a connection subscribes, and reads the sequence number, the ring and the
//!   published presence under the room's lock, and rooms are made and pruned under the hub's lock, so
//!   nothing is repeated or lost between the welcome and the stream and no connection is left in a pruned
//!   room.
//!
//! With several instances on PostgreSQL, an instance that appends events NOTIFYs the others
//! (`legeting_live`, payload = meeting id); each instance's writer then reads the events it has not
//! broadcast yet from the durable log, so a missed notification only delays, never loses. Two instances
//! writing the same room at once collide on the log's primary key; the writer that loses catches up and
//! writes its batch again with the next numbers.

pub mod store;

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use axum::extract::ws::Utf8Bytes;
use legeting_shared::live::{PresenceUpdate, PresentPerson, SequencedEvent, ServerMessage};
use tokio::sync::{broadcast, mpsc, oneshot};

pub use store::Write;

use crate::db::Database;

/// How many frames a connection may fall behind before it is dropped (it then resumes).
pub const CONNECTION_BACKLOG: usize = 1024;
/// How many recent events each room keeps in memory for resumes.
pub const RING: usize = 2048;
/// Above this many people, presence carries only the count (the list would be too big to send to all).
pub const PRESENCE_LIST_LIMIT: usize = 500;
/// How many people a presence search answers with at most.
pub const PRESENCE_SEARCH_LIMIT: usize = 50;
/// The most writes a room's writer saves in one transaction.
const BATCH: usize = 512;
/// Writes waiting for a room's writer before commands wait to queue theirs.
const QUEUE: usize = 4096;

/// What a connection receives: a serialized message, shared by every recipient, and its sequence number
/// (`None` for presence).
#[derive(Debug, Clone)]
pub struct Frame {
    pub seq: Option<i64>,
    pub text: Utf8Bytes,
}

/// The rooms of this instance.
#[derive(Debug)]
pub struct Hub {
    rooms: Mutex<HashMap<String, Arc<Room>>>,
    /// Whose sessions or roles may have changed (`None`: anyone's); the connections concerned re-check.
    access_changes: broadcast::Sender<Option<Arc<str>>>,
}

impl Default for Hub {
    fn default() -> Self {
        Hub { rooms: Mutex::default(), access_changes: broadcast::Sender::new(ACCESS_BACKLOG) }
    }
}

/// Access changes a connection may miss before it simply re-checks.
const ACCESS_BACKLOG: usize = 64;

/// One meeting's room on this instance.
#[derive(Debug)]
pub struct Room {
    pub meeting_id: String,
    sender: broadcast::Sender<Frame>,
    inner: Mutex<Inner>,
    writes: mpsc::Sender<Job>,
    /// Serialises the rare read-modify-write commands (speakers list, opening and closing polls, edits).
    pub write_lock: tokio::sync::Mutex<()>,
    /// Polls whose count of votes is due to be published (coalesced).
    pending_counts: Mutex<HashSet<String>>,
}

/// The room's state that the writer, the presence ticker and entering connections share.
#[derive(Debug)]
struct Inner {
    /// The highest sequence number broadcast here.
    seq: i64,
    ring: VecDeque<SequencedEvent>,
    /// person id → (name, open connections, joined at)
    present: HashMap<String, (String, usize, i64)>,
    /// The presence last sent to everyone (what a newcomer's welcome must match).
    published: HashMap<String, String>,
    /// Whether the published presence carries the list (not only the count).
    listed: bool,
    presence_dirty: bool,
}

/// What a connection gets when it enters: its subscription and, consistent with it, where the room is.
pub struct Entry {
    pub room: Arc<Room>,
    pub frames: broadcast::Receiver<Frame>,
    /// The room's sequence number at the moment of subscribing.
    pub seq: i64,
    /// The events after the client's `last_seq`, when the ring reaches back that far.
    pub missed: Option<Vec<SequencedEvent>>,
    /// The presence as published so far (the deltas that follow apply to it).
    pub presence: PresenceUpdate,
}

#[derive(Debug)]
struct Job {
    write: Write,
    done: Option<oneshot::Sender<Result<bool, ()>>>,
}

impl Hub {
    /// Enter a meeting's room (made, with its writer and presence ticker, when first needed; `last_seq`
    /// reads the log's latest number for a new room). Subscribing happens under the hub's lock, so pruning
    /// cannot drop the room in between.
    pub async fn enter(
        self: &Arc<Self>,
        database: &Database,
        meeting_id: &str,
        resume_after: Option<i64>,
    ) -> Result<Entry, sqlx::Error> {
        let mut last_seq = None;
        let entry = loop {
            let exists = self.rooms.lock().unwrap_or_else(|e| e.into_inner()).contains_key(meeting_id);
            if !exists && last_seq.is_none() {
                last_seq = Some(store::last_seq(database.pool(), meeting_id).await?);
            }
            let mut rooms = self.rooms.lock().unwrap_or_else(|e| e.into_inner());
            match (rooms.get(meeting_id), last_seq) {
                (Some(room), _) => break room.entry(resume_after),
                (None, Some(last_seq)) => {
                    let room = Room::start(database, meeting_id, last_seq);
                    rooms.insert(meeting_id.to_owned(), room.clone());
                    break room.entry(resume_after);
                }
                // Pruned since we looked: read where its log stands first.
                (None, None) => {}
            }
        };
        Ok(entry)
    }

    /// A room that exists on this instance.
    pub fn existing(&self, meeting_id: &str) -> Option<Arc<Room>> {
        self.rooms.lock().unwrap_or_else(|e| e.into_inner()).get(meeting_id).cloned()
    }

    /// Tell the connections of this instance (of one person, or everyone's) to re-check their session and
    /// meeting access now.
    pub fn access_changed(&self, person_id: Option<&str>) {
        let _no_one_connected = self.access_changes.send(person_id.map(Arc::from));
    }

    /// What [`Hub::access_changed`] says from now on.
    pub fn access_changes(&self) -> broadcast::Receiver<Option<Arc<str>>> {
        self.access_changes.subscribe()
    }

    /// Everyone present in any room of this instance, taken out of the rooms as if they had all left now:
    /// (meeting, person, joined at). For a server that stops while people are in rooms.
    pub fn take_everyone(&self) -> Vec<(String, String, i64)> {
        let rooms: Vec<Arc<Room>> = self.rooms.lock().unwrap_or_else(|e| e.into_inner()).values().cloned().collect();
        let mut everyone = Vec::new();
        for room in rooms {
            let mut inner = room.inner();
            inner.presence_dirty = true;
            everyone.extend(
                inner.present.drain().map(|(person, (_, _, joined))| (room.meeting_id.clone(), person, joined)),
            );
        }
        everyone
    }

    /// Forget rooms nobody is connected to.
    pub fn prune(&self) {
        self.rooms.lock().unwrap_or_else(|e| e.into_inner()).retain(|_, room| room.sender.receiver_count() > 0);
    }
}

impl Room {
    fn start(database: &Database, meeting_id: &str, last_seq: i64) -> Arc<Room> {
        let (sender, _) = broadcast::channel(CONNECTION_BACKLOG);
        let (writes, jobs) = mpsc::channel(QUEUE);
        let room = Arc::new(Room {
            meeting_id: meeting_id.to_owned(),
            sender,
            inner: Mutex::new(Inner {
                seq: last_seq,
                ring: VecDeque::new(),
                present: HashMap::new(),
                published: HashMap::new(),
                listed: true,
                presence_dirty: false,
            }),
            writes,
            write_lock: tokio::sync::Mutex::new(()),
            pending_counts: Mutex::default(),
        });
        tokio::spawn(writer(Arc::downgrade(&room), jobs, database.clone()));
        let weak = Arc::downgrade(&room);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_millis(1000));
            loop {
                tick.tick().await;
                let Some(room) = weak.upgrade() else { break };
                room.flush_presence();
            }
        });
        room
    }

    fn inner(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn entry(self: &Arc<Self>, resume_after: Option<i64>) -> Entry {
        let inner = self.inner();
        let frames = self.sender.subscribe();
        let missed = resume_after.and_then(|after| {
            if after == inner.seq {
                return Some(Vec::new());
            }
            let oldest = inner.ring.front()?.seq;
            (after >= oldest - 1 && after < inner.seq)
                .then(|| inner.ring.iter().filter(|e| e.seq > after).cloned().collect())
        });
        let presence = inner.published_presence();
        Entry { room: self.clone(), frames, seq: inner.seq, missed, presence }
    }

    /// Hand a change to the room's writer and wait until it is saved and broadcast; `Ok(false)` for a vote
    /// that was already cast. `Err` when it could not be saved (logged by the writer).
    pub async fn write(&self, write: Write) -> Result<bool, ()> {
        let (done, saved) = oneshot::channel();
        self.writes.send(Job { write, done: Some(done) }).await.map_err(|_| ())?;
        saved.await.unwrap_or(Err(()))
    }

    /// Ask the writer to broadcast what other instances appended (not waiting).
    pub fn catch_up_soon(&self) {
        let _full_means_one_is_queued = self.writes.try_send(Job { write: Write::CatchUp, done: None });
    }

    /// Broadcast events saved in the log, in order.
    fn broadcast(&self, events: Vec<SequencedEvent>) {
        let frames: Vec<(SequencedEvent, Option<Utf8Bytes>)> = events
            .into_iter()
            .map(|event| {
                let text = serde_json::to_string(&ServerMessage::Event(event.clone())).ok().map(Utf8Bytes::from);
                (event, text)
            })
            .collect();
        let mut inner = self.inner();
        for (event, text) in frames {
            if event.seq <= inner.seq {
                continue;
            }
            inner.seq = event.seq;
            if let Some(text) = text {
                let _no_one_listening = self.sender.send(Frame { seq: Some(event.seq), text });
            }
            if inner.ring.len() == RING {
                inner.ring.pop_front();
            }
            inner.ring.push_back(event);
        }
    }

    /// Broadcast the events of the durable log not broadcast here yet (only the writer calls this).
    async fn catch_up(&self, database: &Database) -> Result<(), sqlx::Error> {
        loop {
            let after = self.inner().seq;
            let events = store::events_after(database.pool(), &self.meeting_id, after, 500).await?;
            if events.is_empty() {
                return Ok(());
            }
            self.broadcast(events);
        }
    }

    /// Save a burst of writes in one transaction, then broadcast their events and answer them.
    async fn save(&self, database: &Database, jobs: &mut Vec<Job>) {
        if jobs.iter().any(|job| matches!(job.write, Write::CatchUp))
            && let Err(error) = self.catch_up(database).await
        {
            tracing::error!(%error, "live room: could not catch up");
        }
        let mut attempt = 0;
        let outcome = loop {
            let first = self.inner().seq + 1;
            match store::save_batch(database, &self.meeting_id, first, jobs.iter().map(|job| &job.write)).await {
                Err(sqlx::Error::Database(e)) if e.is_unique_violation() && attempt < 20 => {
                    // Another instance took these numbers: broadcast its events and try after them.
                    attempt += 1;
                    if let Err(error) = self.catch_up(database).await {
                        break Err(error);
                    }
                }
                other => break other,
            }
        };
        match outcome {
            Ok((answers, events)) => {
                self.broadcast(events);
                for (job, answer) in jobs.drain(..).zip(answers) {
                    if let Some(done) = job.done {
                        let _gone = done.send(Ok(answer));
                    }
                }
            }
            Err(error) => {
                tracing::error!(%error, "live room: could not save a burst of changes");
                for job in jobs.drain(..) {
                    if let Some(done) = job.done {
                        let _gone = done.send(Err(()));
                    }
                }
            }
        }
    }

    /// Mark a poll's count as due; false if it already was (one publication covers every vote meanwhile).
    pub fn count_pending(&self, poll_id: &str) -> bool {
        self.pending_counts.lock().unwrap_or_else(|e| e.into_inner()).insert(poll_id.to_owned())
    }

    /// The count of a poll is being published; later votes mark it due again.
    pub fn count_taken(&self, poll_id: &str) {
        self.pending_counts.lock().unwrap_or_else(|e| e.into_inner()).remove(poll_id);
    }

    /// Someone opened a connection; returns true if they were not present before.
    pub fn join(&self, person_id: &str, name: &str, now: i64) -> bool {
        let mut inner = self.inner();
        let entry = inner.present.entry(person_id.to_owned()).or_insert_with(|| (name.to_owned(), 0, now));
        entry.1 += 1;
        let first = entry.1 == 1;
        inner.presence_dirty |= first;
        first
    }

    /// Someone closed a connection; returns when they joined if this was their last one.
    pub fn leave(&self, person_id: &str) -> Option<i64> {
        let mut inner = self.inner();
        let entry = inner.present.get_mut(person_id)?;
        entry.1 = entry.1.saturating_sub(1);
        if entry.1 > 0 {
            return None;
        }
        let joined = entry.2;
        inner.present.remove(person_id);
        inner.presence_dirty = true;
        Some(joined)
    }

    /// How many people are present.
    pub fn present_count(&self) -> usize {
        self.inner().present.len()
    }

    /// How many people are present, and up to [`PRESENCE_SEARCH_LIMIT`] of them whose name contains
    /// `query` (case-insensitive), by name.
    pub fn find_present(&self, query: &str) -> (usize, Vec<PresentPerson>) {
        let query = query.trim().to_lowercase();
        let inner = self.inner();
        let mut people: Vec<PresentPerson> = inner
            .present
            .iter()
            .filter(|(_, (name, _, _))| query.is_empty() || name.to_lowercase().contains(&query))
            .map(|(id, (name, _, _))| PresentPerson { person_id: id.clone(), name: name.clone() })
            .collect();
        people.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.person_id.cmp(&b.person_id)));
        people.truncate(PRESENCE_SEARCH_LIMIT);
        (inner.present.len(), people)
    }

    /// Send who came and who left since the last time (or only the count in a big room).
    fn flush_presence(&self) {
        let mut inner = self.inner();
        if !std::mem::take(&mut inner.presence_dirty) {
            return;
        }
        let count = inner.present.len();
        let message = if count > PRESENCE_LIST_LIMIT {
            inner.listed = false;
            inner.published.clear();
            PresenceUpdate { count, listed: false, ..PresenceUpdate::default() }
        } else if !inner.listed {
            inner.listed = true;
            inner.published = inner.present.iter().map(|(id, (name, _, _))| (id.clone(), name.clone())).collect();
            PresenceUpdate { count, listed: true, people: Some(sorted(&inner.published)), ..PresenceUpdate::default() }
        } else {
            let joined: Vec<PresentPerson> = inner
                .present
                .iter()
                .filter(|(id, _)| !inner.published.contains_key(*id))
                .map(|(id, (name, _, _))| PresentPerson { person_id: id.clone(), name: name.clone() })
                .collect();
            let left: Vec<String> =
                inner.published.keys().filter(|id| !inner.present.contains_key(*id)).cloned().collect();
            if joined.is_empty() && left.is_empty() {
                return;
            }
            for id in &left {
                inner.published.remove(id);
            }
            for person in &joined {
                inner.published.insert(person.person_id.clone(), person.name.clone());
            }
            PresenceUpdate { count, listed: true, people: None, joined, left }
        };
        if let Ok(text) = serde_json::to_string(&ServerMessage::Presence(message)) {
            let _no_one_listening = self.sender.send(Frame { seq: None, text: Utf8Bytes::from(text) });
        }
    }
}

impl Inner {
    /// The published presence as one message (the whole list, when it is listed).
    fn published_presence(&self) -> PresenceUpdate {
        PresenceUpdate {
            count: if self.listed { self.published.len() } else { self.present.len() },
            listed: self.listed,
            people: self.listed.then(|| sorted(&self.published)),
            joined: Vec::new(),
            left: Vec::new(),
        }
    }
}

fn sorted(people: &HashMap<String, String>) -> Vec<PresentPerson> {
    let mut people: Vec<PresentPerson> =
        people.iter().map(|(id, name)| PresentPerson { person_id: id.clone(), name: name.clone() }).collect();
    people.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.person_id.cmp(&b.person_id)));
    people
}

/// The room's writer: saves every burst of writes in one transaction (see the module doc).
async fn writer(room: Weak<Room>, mut jobs: mpsc::Receiver<Job>, database: Database) {
    let mut burst = Vec::with_capacity(BATCH);
    while jobs.recv_many(&mut burst, BATCH).await > 0 {
        let Some(room) = room.upgrade() else { break };
        room.save(&database, &mut burst).await;
    }
}

/// The hub as held in the application state.
pub type SharedHub = Arc<Hub>;

/// Tell the open live-room connections of a person (`None`: everyone's), on this instance and (on
/// PostgreSQL) the others, to re-check their session and meeting access now: after signing out,
/// deactivating someone, changing their roles or a body's members.
pub async fn access_changed(hub: &Hub, database: &Database, person_id: Option<&str>) {
    hub.access_changed(person_id);
    if database.kind() == legeting_shared::DatabaseKind::Postgres
        && let Err(error) = sqlx::query("SELECT pg_notify('legeting_live_access', $1)")
            .bind(person_id.unwrap_or_default())
            .execute(database.pool())
            .await
    {
        tracing::warn!(%error, "live room: could not tell other instances that access changed");
    }
}
