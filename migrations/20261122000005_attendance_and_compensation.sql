-- Attendance per invitee and meeting with its trail of corrections, self check-in codes, the annual meeting
-- obligation (which meetings qualify, exemptions), compensation settings and hourly rate periods.
-- Portable SQL: see server/src/db/mod.rs. Money is in øre as BIGINT, never floating point.

CREATE TABLE attendance (
    meeting_id TEXT NOT NULL REFERENCES meetings (id),
    person_id TEXT NOT NULL REFERENCES people (id),
    -- 'in_person', 'remote', 'excused', 'absent'
    status TEXT NOT NULL,
    reason TEXT,
    arrived_at BIGINT,
    left_at BIGINT,
    -- How it was last recorded: 'check_in', 'secretary', 'live_room'
    source TEXT NOT NULL,
    updated_by TEXT REFERENCES people (id),
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (meeting_id, person_id)
);

-- Reports read attendance per person across years.
CREATE INDEX attendance_by_person ON attendance (person_id, meeting_id);

-- Every change to an attendance record: who, when, from what to what, and why.
CREATE TABLE attendance_changes (
    id TEXT PRIMARY KEY NOT NULL,
    meeting_id TEXT NOT NULL REFERENCES meetings (id),
    person_id TEXT NOT NULL REFERENCES people (id),
    at BIGINT NOT NULL,
    actor_id TEXT REFERENCES people (id),
    old_status TEXT,
    new_status TEXT NOT NULL,
    reason TEXT,
    source TEXT NOT NULL
);

CREATE INDEX attendance_changes_by_meeting ON attendance_changes (meeting_id, at);

-- A short code shown in the room; valid only around the meeting.
CREATE TABLE check_in_codes (
    meeting_id TEXT PRIMARY KEY NOT NULL REFERENCES meetings (id),
    code TEXT NOT NULL,
    valid_from BIGINT NOT NULL,
    valid_until BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE INDEX check_in_codes_by_code ON check_in_codes (code);

-- Which meeting kinds count towards the annual obligation in a municipality (bodies say it themselves with
-- bodies.counts_for_obligation; individual annual dialogues always count).
CREATE TABLE obligation_kinds (
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    meeting_kind TEXT NOT NULL,
    PRIMARY KEY (municipality_id, meeting_kind)
);

CREATE TABLE obligation_exemptions (
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    person_id TEXT NOT NULL REFERENCES people (id),
    year BIGINT NOT NULL,
    reason TEXT NOT NULL,
    decided_by TEXT REFERENCES people (id),
    decided_at BIGINT NOT NULL,
    PRIMARY KEY (municipality_id, person_id, year)
);

-- Compensated hours besides the meeting itself, per body, and optionally per meeting.
ALTER TABLE bodies ADD COLUMN preparation_minutes BIGINT NOT NULL DEFAULT 0;
ALTER TABLE bodies ADD COLUMN travel_minutes BIGINT NOT NULL DEFAULT 0;
ALTER TABLE bodies ADD COLUMN compensated INTEGER NOT NULL DEFAULT 1;
ALTER TABLE meetings ADD COLUMN preparation_minutes BIGINT;
ALTER TABLE meetings ADD COLUMN travel_minutes BIGINT;

-- Hourly rates from a date on. A row without municipality is the installation's default; a municipality's
-- own rows take precedence from their dates.
CREATE TABLE rate_periods (
    id TEXT PRIMARY KEY NOT NULL,
    municipality_id TEXT REFERENCES municipalities (id),
    -- ISO date the rate applies from (inclusive).
    valid_from TEXT NOT NULL,
    specialist_rate_ore BIGINT NOT NULL,
    other_rate_ore BIGINT NOT NULL,
    created_by TEXT REFERENCES people (id),
    created_at BIGINT NOT NULL
);

CREATE INDEX rate_periods_by_municipality ON rate_periods (municipality_id, valid_from);

-- ASA 4310 municipal-work rates from 1 July 2024: 1,230 kr/h for specialists in general practice, 1,075 kr/h
-- for others.
INSERT INTO rate_periods (id, municipality_id, valid_from, specialist_rate_ore, other_rate_ore, created_by, created_at)
VALUES ('asa4310-2024-07-01', NULL, '2024-07-01', 123000, 107500, NULL, 0);
