-- Letters: the municipal chief medical officer's information to the GPs and announcements, with their archive;
-- and the two new kinds of notification mail a person can turn off (information letters, the monthly digest).
-- Portable SQL: see server/src/db/mod.rs.

CREATE TABLE letters (
    id TEXT PRIMARY KEY NOT NULL,
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    -- 'information' (the KOL's information letter) or 'announcement'
    kind TEXT NOT NULL,
    -- Who gets the e-mail: 'gps' (every active GP of the municipality) or 'everyone' (every role but guests)
    audience TEXT NOT NULL,
    title TEXT NOT NULL,
    -- Plain text; a blank line starts a new paragraph.
    body TEXT NOT NULL,
    -- 'draft' or 'published'
    status TEXT NOT NULL,
    author_id TEXT REFERENCES people (id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    published_at BIGINT,
    -- How many e-mails were queued at publishing; NULL when it was not sent by e-mail.
    emailed_to BIGINT
);

CREATE INDEX letters_archive ON letters (municipality_id, status, published_at);

ALTER TABLE mail_preferences ADD COLUMN information INTEGER NOT NULL DEFAULT 1;
ALTER TABLE mail_preferences ADD COLUMN digest INTEGER NOT NULL DEFAULT 1;
