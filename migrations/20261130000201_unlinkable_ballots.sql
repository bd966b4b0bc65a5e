-- Secret ballots that nobody can link to their voters, not even with the database.
--
-- Until now every ballot was a row of `live_ballots`, written in the same transaction as its voter's row in
-- `live_voters`. Random ids and no times were not enough: the two rows could still be paired by insertion
-- order (SQLite rowid, PostgreSQL ctid) and, on PostgreSQL, by the inserting transaction (xmin).
--
-- Now there are no ballot rows. `live_tallies` keeps one counter per poll option, made when the poll opens;
-- a vote adds to its option's counter in the transaction that writes the voter's row, and that transaction
-- rewrites every counter of the poll (adding 0 to the others), so the counters' order and transaction ids are
-- the same whichever option was chosen. For open (non-secret) polls the voter's row carries the choice,
-- which everyone sees once the poll closes. Portable SQL: see server/src/db/mod.rs.

CREATE TABLE live_tallies (
    poll_id TEXT NOT NULL REFERENCES live_polls (id),
    option_index BIGINT NOT NULL,
    votes BIGINT NOT NULL,
    PRIMARY KEY (poll_id, option_index)
);

-- Every poll has at most ten options; counters beyond a poll's options stay at zero and are never shown.
INSERT INTO live_tallies (poll_id, option_index, votes)
SELECT p.id, o.n, (SELECT COUNT(*) FROM live_ballots b WHERE b.poll_id = p.id AND b.option_index = o.n)
FROM live_polls p
CROSS JOIN (SELECT 0 AS n UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4
    UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) o;

-- The choice of an open vote, on its voter's row; NULL for secret polls.
ALTER TABLE live_voters ADD COLUMN option_index BIGINT;

UPDATE live_voters SET option_index = (
    SELECT b.option_index FROM live_ballots b WHERE b.poll_id = live_voters.poll_id AND b.person_id = live_voters.person_id
);

DROP TABLE live_ballots;
