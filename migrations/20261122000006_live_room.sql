-- The live meeting room: the durable event log every client resumes from (and other instances catch up
-- from), discussion messages, the speakers list, polls with their ballots, and time spent in the room.
-- Secret ballots are stored apart from who voted: `live_voters` says who voted, `live_ballots` what was
-- voted, with random ids and no time, so the two cannot be linked. Portable SQL: see server/src/db/mod.rs.

CREATE TABLE live_events (
    meeting_id TEXT NOT NULL REFERENCES meetings (id),
    seq BIGINT NOT NULL,
    at BIGINT NOT NULL,
    -- The RoomEvent as JSON (shared/src/live.rs).
    payload TEXT NOT NULL,
    PRIMARY KEY (meeting_id, seq)
);

CREATE TABLE live_messages (
    id TEXT PRIMARY KEY NOT NULL,
    meeting_id TEXT NOT NULL REFERENCES meetings (id),
    agenda_item_id TEXT REFERENCES agenda_items (id),
    reply_to TEXT,
    person_id TEXT NOT NULL REFERENCES people (id),
    text TEXT NOT NULL,
    at BIGINT NOT NULL,
    edited_at BIGINT,
    hidden_reason TEXT,
    hidden_by TEXT REFERENCES people (id)
);

CREATE INDEX live_messages_by_meeting ON live_messages (meeting_id, at);

-- The speakers list of a room as JSON (shared/src/live.rs `Speakers`).
CREATE TABLE live_speakers (
    meeting_id TEXT PRIMARY KEY NOT NULL REFERENCES meetings (id),
    state TEXT NOT NULL
);

CREATE TABLE live_polls (
    id TEXT PRIMARY KEY NOT NULL,
    meeting_id TEXT NOT NULL REFERENCES meetings (id),
    agenda_item_id TEXT REFERENCES agenda_items (id),
    question TEXT NOT NULL,
    -- JSON array of option texts.
    options TEXT NOT NULL,
    secret INTEGER NOT NULL,
    open INTEGER NOT NULL,
    opened_by TEXT REFERENCES people (id),
    opened_at BIGINT NOT NULL,
    closed_at BIGINT
);

CREATE INDEX live_polls_by_meeting ON live_polls (meeting_id, opened_at);

-- Who voted: one row per voter and poll (this is what stops a second vote).
CREATE TABLE live_voters (
    poll_id TEXT NOT NULL REFERENCES live_polls (id),
    person_id TEXT NOT NULL REFERENCES people (id),
    PRIMARY KEY (poll_id, person_id)
);

-- What was voted. `person_id` is set only for open (non-secret) polls.
CREATE TABLE live_ballots (
    id TEXT PRIMARY KEY NOT NULL,
    poll_id TEXT NOT NULL REFERENCES live_polls (id),
    option_index BIGINT NOT NULL,
    person_id TEXT REFERENCES people (id)
);

CREATE INDEX live_ballots_by_poll ON live_ballots (poll_id);
