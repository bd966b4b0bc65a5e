-- Attendance rollups: the reports (participation, the annual obligation) read one row per person × year ×
-- meeting kind × body instead of one row per invitation. `analytics::rollups` keeps them in the transaction of
-- every change they depend on (attendance::record, a meeting's status, time, kind and invitees) and
-- `legeting admin rebuild-rollups` recomputes them all; the server fills them at start when the marker
-- `attendance_rollups_built` is missing from `settings`, so existing data is counted from the first start.
--
-- Counted: meetings that are not cancelled; `invited`, `in_person`, `remote` and `excused` only count
-- invitations to meetings whose notice was sent (not drafts), as the participation report does.
-- `first_attended_at` / `first_meeting_id` are the earliest attended (in person or remote) meeting of the
-- slice, earliest id on a tie, invited or not, as the obligation reads it. `body_id` is '' for meetings of no
-- body. `year` is the calendar year of the meeting's start in Europe/Oslo. Portable SQL: see server/src/db/mod.rs.

CREATE TABLE attendance_rollups (
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    year BIGINT NOT NULL,
    kind TEXT NOT NULL,
    body_id TEXT NOT NULL,
    person_id TEXT NOT NULL REFERENCES people (id),
    invited BIGINT NOT NULL,
    in_person BIGINT NOT NULL,
    remote BIGINT NOT NULL,
    excused BIGINT NOT NULL,
    first_attended_at BIGINT,
    first_meeting_id TEXT,
    PRIMARY KEY (municipality_id, year, kind, body_id, person_id)
);

-- The compensation statement reads attended meetings of a municipality and period: the attendance of each
-- meeting is found by the primary key (meeting_id, person_id); the meetings by municipality and time
-- (meetings_by_municipality_time). The obligation and participation fall-back read attendance by meeting too.
-- The GP's meeting list reads invitations by person (meeting_invitees_by_person) and bodies by member.
-- Per person over years (the participation report's rows by GP): every column it reads, in person order, so
-- the sums stream without a sort and without reading the table.
CREATE INDEX attendance_rollups_by_person ON attendance_rollups
    (municipality_id, person_id, year, kind, body_id, invited, in_person, remote, excused);
