-- Requests counted by the rate limits other than password failures (sign-in link and password-reset requests
-- per address and per client address, failed check-ins per person), in the database so that every instance
-- counts the same requests. `subject` is '<limit>:<key>', e.g. 'link_email:kari@lege.test'.
CREATE TABLE rate_limit_hits (
    id TEXT PRIMARY KEY NOT NULL,
    subject TEXT NOT NULL,
    at BIGINT NOT NULL
);

CREATE INDEX rate_limit_hits_by_subject ON rate_limit_hits (subject, at);

-- How a session was started: 'password', 'link' (sign-in link, invitation, password reset) or 'setup'.
-- Right after signing in with a link, a password may be set without giving the current one.
ALTER TABLE sessions ADD COLUMN signed_in_with TEXT NOT NULL DEFAULT 'password';
