-- E-mail: the durable outbox every message passes through, the schedule of meeting mails (notices, updates,
-- cancellations, reminders) with what each was computed from, per-person mail preferences, and the reminder
-- days of each meeting. Portable SQL: see server/src/db/mod.rs.

-- Every e-mail is a row here first; the worker claims due rows with a lease, sends them and marks them sent.
CREATE TABLE outbox (
    id TEXT PRIMARY KEY NOT NULL,
    -- One logical mail, one row: e.g. 'notice:<meeting>:<person>'. Queuing the same key again does nothing.
    dedupe_key TEXT NOT NULL UNIQUE,
    -- 'transactional' (always sent) or 'notification' (follows the recipient's preferences)
    kind TEXT NOT NULL,
    -- What the mail is: 'sign_in', 'notice', 'update', 'cancellation', 'rsvp_reminder', 'final_agenda',
    -- 'agenda_call', 'minutes_published', 'action_due'
    category TEXT NOT NULL,
    municipality_id TEXT REFERENCES municipalities (id),
    person_id TEXT REFERENCES people (id),
    meeting_id TEXT REFERENCES meetings (id),
    -- The mail_schedule row it was made from, checked again just before sending.
    schedule_id TEXT,
    to_name TEXT NOT NULL,
    to_email TEXT NOT NULL,
    from_name TEXT,
    reply_to TEXT,
    subject TEXT NOT NULL,
    text_body TEXT NOT NULL,
    html_body TEXT,
    -- An RFC 5545 calendar sent along, and its METHOD ('REQUEST' or 'CANCEL').
    ics TEXT,
    ics_method TEXT,
    -- RFC 8058 one-click unsubscribe URL (notification mail only).
    list_unsubscribe TEXT,
    -- 1 when the bodies hold a secret (a sign-in link): they are blanked once the mail is sent or given up.
    sensitive INTEGER NOT NULL DEFAULT 0,
    -- 'pending', 'sending' (claimed), 'sent', 'failed' (gave up), 'skipped' (no longer wanted)
    status TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    -- The claim of one worker: a random token and when its lease runs out (then another may take it).
    claim_token TEXT,
    claimed_until BIGINT,
    sent_at BIGINT,
    last_error TEXT,
    created_at BIGINT NOT NULL
);

CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_by_municipality ON outbox (municipality_id, status, created_at);
CREATE INDEX outbox_by_meeting ON outbox (meeting_id, person_id);

-- Meeting mails to make at a given time: notices, updates and cancellations (due at once), reminders (due days
-- before). Each row keeps the meeting's start and SEQUENCE it was computed from: when the meeting has moved or
-- changed since, the row is stale and never fires.
CREATE TABLE mail_schedule (
    id TEXT PRIMARY KEY NOT NULL,
    meeting_id TEXT NOT NULL REFERENCES meetings (id),
    -- 'notice', 'update', 'cancellation', 'rsvp_reminder', 'final_agenda', 'agenda_call', 'minutes_published'
    kind TEXT NOT NULL,
    due_at BIGINT NOT NULL,
    computed_starts_at BIGINT NOT NULL,
    computed_sequence BIGINT NOT NULL,
    -- e.g. the days before the meeting of a reminder
    detail TEXT,
    -- 'scheduled', 'done', 'stale'
    status TEXT NOT NULL,
    done_at BIGINT,
    created_at BIGINT NOT NULL
);

CREATE INDEX mail_schedule_due ON mail_schedule (status, due_at);
CREATE INDEX mail_schedule_by_meeting ON mail_schedule (meeting_id, status);

-- Which notification mail a person wants. No row: everything on. Transactional mail ignores this.
CREATE TABLE mail_preferences (
    person_id TEXT PRIMARY KEY NOT NULL REFERENCES people (id),
    reminders INTEGER NOT NULL DEFAULT 1,
    agenda_calls INTEGER NOT NULL DEFAULT 1,
    minutes INTEGER NOT NULL DEFAULT 1,
    action_items INTEGER NOT NULL DEFAULT 1,
    updated_at BIGINT NOT NULL
);

-- Days before the meeting that reminders go out, comma-separated ('7,1'); '' for none.
ALTER TABLE meetings ADD COLUMN reminder_days TEXT NOT NULL DEFAULT '7,1';
