//! SQL of the live room: the event log, messages, the speakers list, polls and their counts.
//!
//! Votes are counted in `live_tallies` (one counter per option, all of a poll's counters rewritten by every
//! vote) and who voted is in `live_voters`; a secret vote leaves no row of its own, so there is nothing to
//! pair with its voter (see ARCHITECTURE.md, "Secret ballots").

use legeting_shared::live::{ChatMessage, Poll, RoomEvent, SequencedEvent, Speakers};
use sqlx::AnyPool;

use crate::db::now_ms;

/// Append an event to the room's log with the next sequence number. Returns the sequenced event.
/// Two instances appending at once collide on the primary key; the loser retries with the next number.
pub async fn append(pool: &AnyPool, meeting_id: &str, event: RoomEvent) -> Result<SequencedEvent, sqlx::Error> {
    let payload = serde_json::to_string(&event).map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
    let mut attempt = 0;
    loop {
        let at = now_ms();
        let seq: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) + 1 FROM live_events WHERE meeting_id = $1")
            .bind(meeting_id)
            .fetch_one(pool)
            .await?;
        let inserted = sqlx::query("INSERT INTO live_events (meeting_id, seq, at, payload) VALUES ($1, $2, $3, $4)")
            .bind(meeting_id)
            .bind(seq)
            .bind(at)
            .bind(&payload)
            .execute(pool)
            .await;
        match inserted {
            Ok(_) => return Ok(SequencedEvent { seq, at, event }),
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() && attempt < 20 => attempt += 1,
            Err(error) => return Err(error),
        }
    }
}

/// The events after `after`, oldest first, at most `limit`.
pub async fn events_after(
    pool: &AnyPool,
    meeting_id: &str,
    after: i64,
    limit: i64,
) -> Result<Vec<SequencedEvent>, sqlx::Error> {
    let rows: Vec<(i64, i64, String)> = sqlx::query_as(
        "SELECT seq, at, payload FROM live_events WHERE meeting_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
    )
    .bind(meeting_id)
    .bind(after)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(seq, at, payload)| {
            serde_json::from_str(&payload).ok().map(|event| SequencedEvent { seq, at, event })
        })
        .collect())
}

/// The room's latest sequence number (0 before the first event).
pub async fn last_seq(pool: &AnyPool, meeting_id: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) FROM live_events WHERE meeting_id = $1")
        .bind(meeting_id)
        .fetch_one(pool)
        .await
}

/// The discussion so far.
pub async fn messages(pool: &AnyPool, meeting_id: &str) -> Result<Vec<ChatMessage>, sqlx::Error> {
    let rows: Vec<(String, Option<String>, Option<String>, String, String, String, i64, Option<i64>, Option<String>)> =
        sqlx::query_as(
            "SELECT m.id, m.agenda_item_id, m.reply_to, m.person_id, p.name, m.text, m.at, m.edited_at, m.hidden_reason \
             FROM live_messages m JOIN people p ON p.id = m.person_id WHERE m.meeting_id = $1 ORDER BY m.at, m.id",
        )
        .bind(meeting_id)
        .fetch_all(pool)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, agenda_item_id, reply_to, person_id, name, text, at, edited_at, hidden_reason)| ChatMessage {
            id,
            agenda_item_id,
            reply_to,
            person_id,
            name,
            text: if hidden_reason.is_some() { String::new() } else { text },
            at,
            edited: edited_at.is_some(),
            hidden_reason,
        })
        .collect())
}

/// The speakers list.
pub async fn speakers(pool: &AnyPool, meeting_id: &str) -> Result<Speakers, sqlx::Error> {
    let state: Option<String> = sqlx::query_scalar("SELECT state FROM live_speakers WHERE meeting_id = $1")
        .bind(meeting_id)
        .fetch_optional(pool)
        .await?;
    Ok(state.and_then(|s| serde_json::from_str(&s).ok()).unwrap_or_default())
}

/// Store the speakers list.
pub async fn save_speakers(pool: &AnyPool, meeting_id: &str, speakers: &Speakers) -> Result<(), sqlx::Error> {
    let state = serde_json::to_string(speakers).map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
    sqlx::query(
        "INSERT INTO live_speakers (meeting_id, state) VALUES ($1, $2) ON CONFLICT (meeting_id) DO UPDATE SET state = excluded.state",
    )
    .bind(meeting_id)
    .bind(state)
    .execute(pool)
    .await?;
    Ok(())
}

type PollRow = (String, Option<String>, String, String, i64, i64);

/// One poll as the caller sees it: results and (for open polls) ballots only once closed.
pub async fn poll(pool: &AnyPool, poll_id: &str, viewer: Option<&str>) -> Result<Option<(String, Poll)>, sqlx::Error> {
    let row: Option<(String, PollRow)> =
        sqlx::query_as::<_, (String, Option<String>, String, String, i64, i64, String)>(
            "SELECT id, agenda_item_id, question, options, secret, open, meeting_id FROM live_polls WHERE id = $1",
        )
        .bind(poll_id)
        .fetch_optional(pool)
        .await?
        .map(|(id, item, question, options, secret, open, meeting)| {
            (meeting, (id, item, question, options, secret, open))
        });
    let Some((meeting_id, row)) = row else { return Ok(None) };
    Ok(Some((meeting_id, poll_from(pool, row, viewer).await?)))
}

async fn poll_from(pool: &AnyPool, row: PollRow, viewer: Option<&str>) -> Result<Poll, sqlx::Error> {
    let (id, agenda_item_id, question, options, secret, open) = row;
    let options: Vec<String> = serde_json::from_str(&options).unwrap_or_default();
    let votes_cast: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM live_voters WHERE poll_id = $1").bind(&id).fetch_one(pool).await?;
    let (results, ballots) = if open == 1 {
        (None, None)
    } else {
        let counts: Vec<(i64, i64)> = sqlx::query_as("SELECT option_index, votes FROM live_tallies WHERE poll_id = $1")
            .bind(&id)
            .fetch_all(pool)
            .await?;
        let mut results = vec![0_i64; options.len()];
        for (option, count) in counts {
            if let Some(slot) = usize::try_from(option).ok().and_then(|o| results.get_mut(o)) {
                *slot = count;
            }
        }
        let ballots = if secret == 1 {
            None
        } else {
            let rows: Vec<(String, i64)> = sqlx::query_as(
                "SELECT p.name, v.option_index FROM live_voters v JOIN people p ON p.id = v.person_id \
                 WHERE v.poll_id = $1 AND v.option_index IS NOT NULL ORDER BY p.name",
            )
            .bind(&id)
            .fetch_all(pool)
            .await?;
            Some(rows.into_iter().map(|(name, option)| (name, usize::try_from(option).unwrap_or(0))).collect())
        };
        (Some(results), ballots)
    };
    let voted = match viewer {
        Some(person) => Some(
            sqlx::query_scalar::<_, String>("SELECT person_id FROM live_voters WHERE poll_id = $1 AND person_id = $2")
                .bind(&id)
                .bind(person)
                .fetch_optional(pool)
                .await?
                .is_some(),
        ),
        None => None,
    };
    Ok(Poll {
        id,
        agenda_item_id,
        question,
        options,
        secret: secret == 1,
        open: open == 1,
        votes_cast,
        results,
        ballots,
        voted,
    })
}

/// Every poll of the room, oldest first.
pub async fn polls(pool: &AnyPool, meeting_id: &str, viewer: &str) -> Result<Vec<Poll>, sqlx::Error> {
    let rows: Vec<PollRow> = sqlx::query_as(
        "SELECT id, agenda_item_id, question, options, secret, open FROM live_polls WHERE meeting_id = $1 ORDER BY opened_at, id",
    )
    .bind(meeting_id)
    .fetch_all(pool)
    .await?;
    let mut polls = Vec::new();
    for row in rows {
        polls.push(poll_from(pool, row, Some(viewer)).await?);
    }
    Ok(polls)
}

/// Make a new poll's counters, one per option, at zero (in the poll's own transaction).
pub async fn open_tallies(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    poll_id: &str,
    options: usize,
) -> Result<(), sqlx::Error> {
    for option in 0..options {
        sqlx::query("INSERT INTO live_tallies (poll_id, option_index, votes) VALUES ($1, $2, 0)")
            .bind(poll_id)
            .bind(i64::try_from(option).unwrap_or(i64::MAX))
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// How a vote went.
#[derive(Debug, PartialEq, Eq)]
pub enum Voted {
    Recorded,
    AlreadyVoted,
}

/// Record a vote in one transaction: the voter's row (with the choice only for open polls) and the count.
///
/// Every counter of the poll is rewritten (the chosen one +1, the others +0), so on PostgreSQL all of them
/// carry this transaction's id and move together, and on SQLite they stay where they are: nothing about the
/// counters says which one this vote changed. There is no ballot row, and the voter's row has no time.
pub async fn record_vote(
    pool: &AnyPool,
    poll_id: &str,
    person_id: &str,
    option: usize,
    secret: bool,
) -> Result<Voted, sqlx::Error> {
    let option = i64::try_from(option).unwrap_or(i64::MAX);
    let mut tx = crate::db::begin(pool).await?;
    let voter = sqlx::query("INSERT INTO live_voters (poll_id, person_id, option_index) VALUES ($1, $2, $3)")
        .bind(poll_id)
        .bind(person_id)
        .bind((!secret).then_some(option))
        .execute(&mut *tx)
        .await;
    match voter {
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => return Ok(Voted::AlreadyVoted),
        other => other?,
    };
    sqlx::query(
        "UPDATE live_tallies SET votes = votes + CASE WHEN option_index = $2 THEN 1 ELSE 0 END WHERE poll_id = $1",
    )
    .bind(poll_id)
    .bind(option)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Voted::Recorded)
}

/// How many have voted in a poll.
pub async fn votes_cast(pool: &AnyPool, poll_id: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM live_voters WHERE poll_id = $1").bind(poll_id).fetch_one(pool).await
}
