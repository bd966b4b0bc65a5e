//! SQL of the live room: the event log, messages, the speakers list, polls and their counts.
//!
//! Votes are counted in `live_tallies` (one counter per option, all of a poll's counters rewritten by every
//! vote) and who voted is in `live_voters`; a secret vote leaves no row of its own, so there is nothing to
//! pair with its voter (see ARCHITECTURE.md, "Secret ballots").

use legeting_shared::live::{ChatMessage, Poll, RoomEvent, SequencedEvent, Speakers};
use sqlx::AnyPool;

use crate::db::{Database, now_ms};

/// A change for the room's writer.
#[derive(Debug)]
pub enum Write {
    /// Save a new message and append its event.
    Post { message: ChatMessage, client_id: String },
    /// Record a vote (no event: counts are published coalesced). Answers whether it was counted.
    Vote { poll_id: String, person_id: String, option: usize, secret: bool },
    /// Append an event whose change is already saved.
    Event(RoomEvent),
    /// Broadcast what other instances appended.
    CatchUp,
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

type MessageRow = (String, Option<String>, Option<String>, String, String, String, i64, Option<i64>, Option<String>);

const MESSAGE_COLUMNS: &str = "SELECT m.id, m.agenda_item_id, m.reply_to, m.person_id, p.name, m.text, m.at, m.edited_at, m.hidden_reason \
     FROM live_messages m JOIN people p ON p.id = m.person_id";

/// The latest [`SNAPSHOT_MESSAGES`] messages of the discussion, oldest first, and whether there are older
/// ones.
pub async fn latest_messages(pool: &AnyPool, meeting_id: &str) -> Result<(Vec<ChatMessage>, bool), sqlx::Error> {
    Ok(messages_before(pool, meeting_id, None, SNAPSHOT_MESSAGES).await?.unwrap_or_default())
}

/// Up to `limit` messages just before the message `before` (in the discussion's order; the latest when
/// `None`), oldest first, and whether there are older ones still. `None` when there is no such message in
/// the meeting.
pub async fn messages_before(
    pool: &AnyPool,
    meeting_id: &str,
    before: Option<&str>,
    limit: i64,
) -> Result<Option<(Vec<ChatMessage>, bool)>, sqlx::Error> {
    let rows: Vec<MessageRow> = match before {
        None => {
            sqlx::query_as(&format!("{MESSAGE_COLUMNS} WHERE m.meeting_id = $1 ORDER BY m.at DESC, m.id DESC LIMIT $2"))
                .bind(meeting_id)
                .bind(limit + 1)
                .fetch_all(pool)
                .await?
        }
        Some(before) => {
            let anchor: Option<i64> =
                sqlx::query_scalar("SELECT at FROM live_messages WHERE id = $1 AND meeting_id = $2")
                    .bind(before)
                    .bind(meeting_id)
                    .fetch_optional(pool)
                    .await?;
            let Some(at) = anchor else { return Ok(None) };
            sqlx::query_as(&format!(
                "{MESSAGE_COLUMNS} WHERE m.meeting_id = $1 AND (m.at < $2 OR (m.at = $2 AND m.id < $3)) \
                 ORDER BY m.at DESC, m.id DESC LIMIT $4"
            ))
            .bind(meeting_id)
            .bind(at)
            .bind(before)
            .bind(limit + 1)
            .fetch_all(pool)
            .await?
        }
    };
    Ok(Some(newest_last(rows, limit)))
}

/// Rows newest first (one more than wanted, if there are more) → messages oldest first and whether more.
fn newest_last(mut rows: Vec<MessageRow>, limit: i64) -> (Vec<ChatMessage>, bool) {
    let more = rows.len() > usize::try_from(limit).unwrap_or(usize::MAX);
    rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    rows.reverse();
    let messages = rows
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
        .collect();
    (messages, more)
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

/// Record a vote within the writer's transaction: the voter's row (with the choice only for open polls)
/// and the count; false when the person had already voted.
///
/// Every counter of the poll is rewritten (the chosen one +1, the others +0), so on PostgreSQL all of them
/// carry the transaction's id and move together, and on SQLite they stay where they are: nothing about the
/// counters says which one this vote changed. There is no ballot row, and the voter's row has no time.
async fn record_vote(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    poll_id: &str,
    person_id: &str,
    option: usize,
    secret: bool,
) -> Result<bool, sqlx::Error> {
    let option = i64::try_from(option).unwrap_or(i64::MAX);
    let voter = sqlx::query(
        "INSERT INTO live_voters (poll_id, person_id, option_index) VALUES ($1, $2, $3) ON CONFLICT (poll_id, person_id) DO NOTHING",
    )
    .bind(poll_id)
    .bind(person_id)
    .bind((!secret).then_some(option))
    .execute(&mut **tx)
    .await?;
    if voter.rows_affected() == 0 {
        return Ok(false);
    }
    sqlx::query(
        "UPDATE live_tallies SET votes = votes + CASE WHEN option_index = $2 THEN 1 ELSE 0 END WHERE poll_id = $1",
    )
    .bind(poll_id)
    .bind(option)
    .execute(&mut **tx)
    .await?;
    Ok(true)
}

/// Save a burst of the room writer's changes in one transaction: new messages, votes, and the events, numbered
/// from `first_seq`, with one NOTIFY for other instances (PostgreSQL). Returns each write's answer (false for
/// a vote already cast) and the events to broadcast. A unique violation means another instance took the
/// numbers; nothing is saved then.
pub async fn save_batch<'a>(
    database: &Database,
    meeting_id: &str,
    first_seq: i64,
    writes: impl Iterator<Item = &'a Write>,
) -> Result<(Vec<bool>, Vec<SequencedEvent>), sqlx::Error> {
    let mut tx = database.begin().await?;
    let (mut answers, mut events) = (Vec::new(), Vec::new());
    let at = now_ms();
    let mut seq = first_seq;
    let mut sequenced = |event: RoomEvent| {
        let event = SequencedEvent { seq, at, event };
        seq += 1;
        event
    };
    for write in writes {
        match write {
            Write::Post { message, client_id } => {
                sqlx::query(
                    "INSERT INTO live_messages (id, meeting_id, agenda_item_id, reply_to, person_id, text, at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(&message.id)
                .bind(meeting_id)
                .bind(message.agenda_item_id.as_deref())
                .bind(message.reply_to.as_deref())
                .bind(&message.person_id)
                .bind(&message.text)
                .bind(message.at)
                .execute(&mut *tx)
                .await?;
                events.push(sequenced(RoomEvent::MessagePosted {
                    message: message.clone(),
                    client_id: Some(client_id.clone()),
                }));
                answers.push(true);
            }
            Write::Vote { poll_id, person_id, option, secret } => {
                answers.push(record_vote(&mut tx, poll_id, person_id, *option, *secret).await?);
            }
            Write::Event(event) => {
                events.push(sequenced(event.clone()));
                answers.push(true);
            }
            Write::CatchUp => answers.push(true),
        }
    }
    for event in &events {
        let payload = serde_json::to_string(&event.event).map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
        sqlx::query("INSERT INTO live_events (meeting_id, seq, at, payload) VALUES ($1, $2, $3, $4)")
            .bind(meeting_id)
            .bind(event.seq)
            .bind(event.at)
            .bind(payload)
            .execute(&mut *tx)
            .await?;
    }
    if !events.is_empty() && database.kind() == legeting_shared::DatabaseKind::Postgres {
        sqlx::query("SELECT pg_notify('legeting_live', $1)").bind(meeting_id).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok((answers, events))
}

/// Whether a poll is in the meeting and open, how many options it has and whether it is secret (one query
/// per vote).
pub async fn poll_for_vote(
    pool: &AnyPool,
    meeting_id: &str,
    poll_id: &str,
) -> Result<Option<(bool, usize, bool)>, sqlx::Error> {
    let row: Option<(String, i64, i64)> =
        sqlx::query_as("SELECT options, secret, open FROM live_polls WHERE id = $1 AND meeting_id = $2")
            .bind(poll_id)
            .bind(meeting_id)
            .fetch_optional(pool)
            .await?;
    Ok(row.map(|(options, secret, open)| {
        let options: Vec<String> = serde_json::from_str(&options).unwrap_or_default();
        (open == 1, options.len(), secret == 1)
    }))
}

/// How many messages a newcomer's snapshot holds; older ones are read with [`messages_before`].
pub const SNAPSHOT_MESSAGES: i64 = 50;

/// How many have voted in a poll.
pub async fn votes_cast(pool: &AnyPool, poll_id: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM live_voters WHERE poll_id = $1").bind(poll_id).fetch_one(pool).await
}

/// Who wrote a visible message of a meeting, and when.
pub async fn message_author(
    pool: &AnyPool,
    meeting_id: &str,
    message_id: &str,
) -> Result<Option<(String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT person_id, at FROM live_messages WHERE id = $1 AND meeting_id = $2 AND hidden_reason IS NULL",
    )
    .bind(message_id)
    .bind(meeting_id)
    .fetch_optional(pool)
    .await
}

/// Replace a message's text (its author, within the edit window: the caller decides).
pub async fn edit_message(pool: &AnyPool, message_id: &str, text: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE live_messages SET text = $1, edited_at = $2 WHERE id = $3")
        .bind(text)
        .bind(now_ms())
        .bind(message_id)
        .execute(pool)
        .await?;
    Ok(())
}

/// Hide a meeting's message with a reason: `false` when the meeting has no such message.
pub async fn hide_message(
    pool: &AnyPool,
    meeting_id: &str,
    message_id: &str,
    reason: &str,
    hidden_by: &str,
) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("UPDATE live_messages SET hidden_reason = $1, hidden_by = $2 WHERE id = $3 AND meeting_id = $4")
            .bind(reason)
            .bind(hidden_by)
            .bind(message_id)
            .bind(meeting_id)
            .execute(pool)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// Open a poll with its counters (one transaction) and return its id.
pub async fn open_poll(
    pool: &AnyPool,
    meeting_id: &str,
    agenda_item_id: Option<&str>,
    question: &str,
    options: &[String],
    secret: bool,
    opened_by: &str,
) -> Result<String, sqlx::Error> {
    let id = crate::db::new_id();
    let mut tx = crate::db::begin(pool).await?;
    sqlx::query(
        "INSERT INTO live_polls (id, meeting_id, agenda_item_id, question, options, secret, open, opened_by, opened_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8)",
    )
    .bind(&id)
    .bind(meeting_id)
    .bind(agenda_item_id)
    .bind(question)
    .bind(serde_json::to_string(options).unwrap_or_default())
    .bind(crate::db::flag(secret))
    .bind(opened_by)
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    open_tallies(&mut tx, &id, options.len()).await?;
    tx.commit().await?;
    Ok(id)
}

/// Close an open poll of a meeting: `false` when it is not open (or not the meeting's).
pub async fn close_poll(pool: &AnyPool, meeting_id: &str, poll_id: &str) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("UPDATE live_polls SET open = 0, closed_at = $1 WHERE id = $2 AND meeting_id = $3 AND open = 1")
            .bind(now_ms())
            .bind(poll_id)
            .bind(meeting_id)
            .execute(pool)
            .await?;
    Ok(done.rows_affected() == 1)
}
