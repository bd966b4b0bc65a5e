-- Counters for numbers allocated "the next one" (agenda item numbers per body and year, positions per meeting).
-- A counter row is upserted in the transaction that takes the number, so concurrent writers are serialised on the
-- row and each gets the next number (see `meetings/agenda.rs`).
CREATE TABLE counters (
    name TEXT PRIMARY KEY NOT NULL,
    value BIGINT NOT NULL
);
