//! The hub: one [`Room`] per meeting that has connections on this instance. A room broadcasts each event's
//! serialized bytes once (an `Arc<str>` shared by every recipient), keeps who is present, and sends a
//! coalesced presence list at most once a second, so thousands of joins do not flood everyone.
//!
//! With several instances on PostgreSQL, an instance that appends an event NOTIFYs the others
//! (`legeting_live`, payload = meeting id); each instance then reads the events it has not broadcast yet
//! from the durable log, so a missed notification only delays, never loses.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use legeting_shared::live::{PresentPerson, SequencedEvent, ServerMessage};
use tokio::sync::broadcast;

use super::store;
use crate::db::Database;

/// How many messages a connection may fall behind before it is dropped (it then resumes).
pub const CONNECTION_BACKLOG: usize = 256;

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
    sender: broadcast::Sender<Arc<str>>,
    /// The highest sequence number broadcast here.
    broadcast_seq: tokio::sync::Mutex<i64>,
    /// person id → (name, open connections, joined at)
    present: Mutex<HashMap<String, (String, usize, i64)>>,
    presence_dirty: std::sync::atomic::AtomicBool,
    /// Serialises this instance's writes to the room (fewer sequence collisions).
    pub write_lock: tokio::sync::Mutex<()>,
    /// Secret polls whose count of votes is due to be published (coalesced).
    pending_counts: Mutex<std::collections::HashSet<String>>,
}

impl Hub {
    /// The room of a meeting, made (with its presence ticker) when first needed.
    pub fn room(self: &Arc<Self>, meeting_id: &str, last_seq: i64) -> Arc<Room> {
        let mut rooms = self.rooms.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(room) = rooms.get(meeting_id) {
            return room.clone();
        }
        let (sender, _) = broadcast::channel(CONNECTION_BACKLOG);
        let room = Arc::new(Room {
            meeting_id: meeting_id.to_owned(),
            sender,
            broadcast_seq: tokio::sync::Mutex::new(last_seq),
            present: Mutex::new(HashMap::new()),
            presence_dirty: std::sync::atomic::AtomicBool::new(false),
            write_lock: tokio::sync::Mutex::new(()),
            pending_counts: Mutex::default(),
        });
        rooms.insert(meeting_id.to_owned(), room.clone());
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
            let mut present = room.present.lock().unwrap_or_else(|e| e.into_inner());
            everyone.extend(present.drain().map(|(person, (_, _, joined))| (room.meeting_id.clone(), person, joined)));
        }
        everyone
    }

    /// Forget rooms nobody is connected to.
    pub fn prune(&self) {
        self.rooms.lock().unwrap_or_else(|e| e.into_inner()).retain(|_, room| room.sender.receiver_count() > 0);
    }
}

impl Room {
    /// Receive everything broadcast from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<str>> {
        self.sender.subscribe()
    }

    /// Broadcast the events of the durable log this instance has not broadcast yet, in order.
    pub async fn catch_up(&self, database: &Database) -> Result<(), sqlx::Error> {
        let mut seq = self.broadcast_seq.lock().await;
        loop {
            let events = store::events_after(database.pool(), &self.meeting_id, *seq, 500).await?;
            if events.is_empty() {
                return Ok(());
            }
            for event in events {
                *seq = event.seq;
                self.send(&ServerMessage::Event(event));
            }
        }
    }

    /// Broadcast one event that was just appended (and anything before it not yet broadcast).
    pub async fn publish(&self, database: &Database, event: &SequencedEvent) -> Result<(), sqlx::Error> {
        {
            let mut seq = self.broadcast_seq.lock().await;
            if event.seq == *seq + 1 {
                *seq = event.seq;
                self.send(&ServerMessage::Event(event.clone()));
                return Ok(());
            }
        }
        self.catch_up(database).await
    }

    /// Serialize once; every subscriber shares the bytes.
    fn send(&self, message: &ServerMessage) {
        if let Ok(text) = serde_json::to_string(message) {
            let _no_one_listening = self.sender.send(Arc::from(text));
        }
    }

    /// Mark a secret poll's count as due; false if it already was (one publication covers both votes).
    pub fn count_pending(&self, poll_id: &str) -> bool {
        self.pending_counts.lock().unwrap_or_else(|e| e.into_inner()).insert(poll_id.to_owned())
    }

    /// The count of a secret poll is being published; later votes mark it due again.
    pub fn count_taken(&self, poll_id: &str) {
        self.pending_counts.lock().unwrap_or_else(|e| e.into_inner()).remove(poll_id);
    }

    /// Someone opened a connection; returns true if they were not present before.
    pub fn join(&self, person_id: &str, name: &str, now: i64) -> bool {
        let mut present = self.present.lock().unwrap_or_else(|e| e.into_inner());
        let entry = present.entry(person_id.to_owned()).or_insert_with(|| (name.to_owned(), 0, now));
        entry.1 += 1;
        self.presence_dirty.store(true, std::sync::atomic::Ordering::Relaxed);
        entry.1 == 1
    }

    /// Someone closed a connection; returns when they joined if this was their last one.
    pub fn leave(&self, person_id: &str) -> Option<i64> {
        let mut present = self.present.lock().unwrap_or_else(|e| e.into_inner());
        let entry = present.get_mut(person_id)?;
        entry.1 = entry.1.saturating_sub(1);
        if entry.1 > 0 {
            return None;
        }
        let joined = entry.2;
        present.remove(person_id);
        self.presence_dirty.store(true, std::sync::atomic::Ordering::Relaxed);
        Some(joined)
    }

    /// Who is present, by name.
    pub fn presence(&self) -> Vec<PresentPerson> {
        let present = self.present.lock().unwrap_or_else(|e| e.into_inner());
        let mut people: Vec<PresentPerson> = present
            .iter()
            .map(|(id, (name, _, _))| PresentPerson { person_id: id.clone(), name: name.clone() })
            .collect();
        people.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.person_id.cmp(&b.person_id)));
        people
    }

    fn flush_presence(&self) {
        if self.presence_dirty.swap(false, std::sync::atomic::Ordering::Relaxed) {
            self.send(&ServerMessage::Presence { people: self.presence() });
        }
    }
}
