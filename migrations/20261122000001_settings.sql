-- Installation-wide settings as key/value pairs (e.g. the instance id, login and e-mail settings that an
-- administrator edits). Portable SQL: see server/src/db/mod.rs for the dialect every migration keeps.
CREATE TABLE settings (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
