-- Bodies (committees, fora, health-community levels, course series), their members with body roles and
-- terms, meetings with invitees, history, agenda items with attachments, GP proposals, RSVPs, minutes with
-- decisions and action items, and personal calendar feeds. Portable SQL: see server/src/db/mod.rs.

CREATE TABLE bodies (
    id TEXT PRIMARY KEY NOT NULL,
    -- The municipality that runs the body. Members may come from other municipalities (health communities).
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    name TEXT NOT NULL,
    -- 'gp_committee' (ALU), 'cooperation_committee' (LSU/SU), 'quality_committee', 'all_gp_meeting',
    -- 'forum', 'health_community', 'course_series', 'other'
    kind TEXT NOT NULL,
    description TEXT,
    -- Whether attending its meetings fulfils the annual meeting obligation.
    counts_for_obligation INTEGER NOT NULL DEFAULT 0,
    -- Whether members' case papers are closed to non-members.
    closed_papers INTEGER NOT NULL DEFAULT 0,
    archived INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    UNIQUE (municipality_id, name)
);

-- Body roles grant rights only within that body: 'chair', 'secretary', 'member', 'representative', 'observer'.
CREATE TABLE body_members (
    body_id TEXT NOT NULL REFERENCES bodies (id),
    person_id TEXT NOT NULL REFERENCES people (id),
    role TEXT NOT NULL,
    -- Term of office as ISO dates (YYYY-MM-DD); NULL means open-ended.
    term_start TEXT,
    term_end TEXT,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (body_id, person_id)
);

CREATE INDEX body_members_by_person ON body_members (person_id);

CREATE TABLE meetings (
    id TEXT PRIMARY KEY NOT NULL,
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    -- NULL for meetings outside a body (e.g. an individual annual dialogue).
    body_id TEXT REFERENCES bodies (id),
    -- 'committee_meeting', 'all_gp_meeting', 'annual_group', 'annual_individual', 'health_community', 'course'
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT,
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    location TEXT,
    video_url TEXT,
    capacity BIGINT,
    proposal_deadline BIGINT,
    -- 'draft', 'notice_sent', 'held', 'minutes_approved', 'cancelled'
    status TEXT NOT NULL,
    -- Meetings made together as a recurring series share this id.
    series_id TEXT,
    -- RFC 5545 SEQUENCE: increases on every change calendar clients must apply.
    sequence BIGINT NOT NULL DEFAULT 0,
    minutes_public INTEGER NOT NULL DEFAULT 0,
    created_by TEXT REFERENCES people (id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE INDEX meetings_by_municipality_time ON meetings (municipality_id, starts_at);
CREATE INDEX meetings_by_body_time ON meetings (body_id, starts_at);

CREATE TABLE meeting_invitees (
    meeting_id TEXT NOT NULL REFERENCES meetings (id),
    person_id TEXT NOT NULL REFERENCES people (id),
    PRIMARY KEY (meeting_id, person_id)
);

CREATE INDEX meeting_invitees_by_person ON meeting_invitees (person_id);

-- Rescheduling, cancellation and status changes, kept for everyone to see.
CREATE TABLE meeting_history (
    id TEXT PRIMARY KEY NOT NULL,
    meeting_id TEXT NOT NULL REFERENCES meetings (id),
    at BIGINT NOT NULL,
    actor_id TEXT REFERENCES people (id),
    -- 'created', 'updated', 'rescheduled', 'notice_sent', 'cancelled', 'held', 'minutes_approved'
    change TEXT NOT NULL,
    details TEXT NOT NULL
);

CREATE INDEX meeting_history_by_meeting ON meeting_history (meeting_id, at);

CREATE TABLE agenda_items (
    id TEXT PRIMARY KEY NOT NULL,
    meeting_id TEXT NOT NULL REFERENCES meetings (id),
    -- Numbering per body (or municipality for meetings without a body) and year: "Sak 3/26".
    numbering_scope TEXT NOT NULL,
    year BIGINT NOT NULL,
    number BIGINT NOT NULL,
    position BIGINT NOT NULL,
    title TEXT NOT NULL,
    -- The case paper (saksframlegg) as text.
    description TEXT,
    proposer_id TEXT REFERENCES people (id),
    -- The decision (vedtak) written in the minutes.
    decision TEXT,
    created_at BIGINT NOT NULL,
    UNIQUE (numbering_scope, year, number)
);

CREATE INDEX agenda_items_by_meeting ON agenda_items (meeting_id, position);

CREATE TABLE attachments (
    id TEXT PRIMARY KEY NOT NULL,
    agenda_item_id TEXT NOT NULL REFERENCES agenda_items (id),
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    uploaded_by TEXT REFERENCES people (id),
    created_at BIGINT NOT NULL
);

CREATE TABLE agenda_proposals (
    id TEXT PRIMARY KEY NOT NULL,
    meeting_id TEXT NOT NULL REFERENCES meetings (id),
    person_id TEXT NOT NULL REFERENCES people (id),
    title TEXT NOT NULL,
    description TEXT,
    -- 'pending', 'accepted', 'declined'
    status TEXT NOT NULL,
    reason TEXT,
    decided_by TEXT REFERENCES people (id),
    decided_at BIGINT,
    agenda_item_id TEXT REFERENCES agenda_items (id),
    created_at BIGINT NOT NULL
);

CREATE INDEX agenda_proposals_by_meeting ON agenda_proposals (meeting_id);

CREATE TABLE rsvps (
    meeting_id TEXT NOT NULL REFERENCES meetings (id),
    person_id TEXT NOT NULL REFERENCES people (id),
    -- 'in_person', 'remote', 'absent' (forfall)
    answer TEXT NOT NULL,
    reason TEXT,
    answered_at BIGINT NOT NULL,
    PRIMARY KEY (meeting_id, person_id)
);

CREATE TABLE minutes (
    meeting_id TEXT PRIMARY KEY NOT NULL REFERENCES meetings (id),
    -- 'draft', 'approved'
    status TEXT NOT NULL,
    summary TEXT,
    approved_by TEXT REFERENCES people (id),
    approved_at BIGINT,
    updated_at BIGINT NOT NULL
);

CREATE TABLE action_items (
    id TEXT PRIMARY KEY NOT NULL,
    meeting_id TEXT NOT NULL REFERENCES meetings (id),
    agenda_item_id TEXT REFERENCES agenda_items (id),
    title TEXT NOT NULL,
    owner_id TEXT REFERENCES people (id),
    -- ISO date (YYYY-MM-DD)
    due_date TEXT,
    -- 'open', 'in_progress', 'done'
    status TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE INDEX action_items_by_owner ON action_items (owner_id, status);

-- Personal calendar feed: only the hash of the secret token in the feed URL is stored.
CREATE TABLE calendar_feeds (
    person_id TEXT PRIMARY KEY NOT NULL REFERENCES people (id),
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);
