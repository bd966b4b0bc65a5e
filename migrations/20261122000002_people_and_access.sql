-- Municipalities, GP offices, people, roles per municipality, sessions, one-time sign-in tokens, login
-- failures (for rate limiting) and the audit log. Portable SQL: see server/src/db/mod.rs.

CREATE TABLE municipalities (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    -- The official four-digit municipality number (kommunenummer), e.g. 3201 for Bærum.
    number TEXT UNIQUE,
    created_at BIGINT NOT NULL
);

CREATE TABLE offices (
    id TEXT PRIMARY KEY NOT NULL,
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    name TEXT NOT NULL,
    address TEXT,
    created_at BIGINT NOT NULL,
    UNIQUE (municipality_id, name)
);

CREATE TABLE people (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    -- Stored lower-cased; the unique key people sign in with.
    email TEXT NOT NULL UNIQUE,
    phone TEXT,
    -- Helsepersonellregisteret number; unique when present.
    hpr_number TEXT UNIQUE,
    office_id TEXT REFERENCES offices (id),
    specialist INTEGER NOT NULL DEFAULT 0,
    list_size BIGINT,
    open_list_places BIGINT,
    -- 'salaried' or 'self_employed'; NULL for people who are not GPs.
    employment TEXT,
    active INTEGER NOT NULL DEFAULT 1,
    -- May create municipalities and manage every one of them (the first administrator of an installation).
    installation_admin INTEGER NOT NULL DEFAULT 0,
    language TEXT NOT NULL DEFAULT 'nb',
    password_hash TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE INDEX people_office ON people (office_id);

-- Roles per municipality: 'administrator', 'leader', 'secretary', 'gp', 'guest'. Body-level roles (chair,
-- secretary, member, …) live with the bodies, not here.
CREATE TABLE municipality_roles (
    person_id TEXT NOT NULL REFERENCES people (id),
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    role TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (person_id, municipality_id, role)
);

CREATE INDEX municipality_roles_by_municipality ON municipality_roles (municipality_id, role);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY NOT NULL,
    person_id TEXT NOT NULL REFERENCES people (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT,
    user_agent TEXT
);

CREATE INDEX sessions_by_person ON sessions (person_id);

-- One-time links sent by e-mail. Only a hash of the token is stored.
CREATE TABLE login_tokens (
    token_hash TEXT PRIMARY KEY NOT NULL,
    -- NULL only for the first-run setup token, which creates its person.
    person_id TEXT REFERENCES people (id),
    -- 'magic_link', 'password_reset', 'invitation', 'setup'
    purpose TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);

CREATE TABLE login_failures (
    id TEXT PRIMARY KEY NOT NULL,
    -- 'account:<email>' or 'address:<ip>'
    subject TEXT NOT NULL,
    at BIGINT NOT NULL
);

CREATE INDEX login_failures_by_subject ON login_failures (subject, at);

CREATE TABLE audit_log (
    id TEXT PRIMARY KEY NOT NULL,
    at BIGINT NOT NULL,
    actor_id TEXT REFERENCES people (id),
    municipality_id TEXT REFERENCES municipalities (id),
    -- e.g. 'person.created', 'person.updated', 'role.granted', 'office.created', 'roster.imported'
    action TEXT NOT NULL,
    entity_id TEXT,
    -- JSON with what changed (field: [old, new]); never passwords or tokens.
    details TEXT NOT NULL
);

CREATE INDEX audit_log_by_municipality ON audit_log (municipality_id, at);
