//! Planning meeting mail: a change to a meeting plans its mail **in the same transaction** ([`plan`]), as rows
//! of `mail_schedule`:
//! - notice sent → a `notice` (due at once) and the reminders;
//! - changed after the notice → an `update` (same calendar UID, higher SEQUENCE) and fresh reminders; the old
//!   reminders become `stale`;
//! - cancelled → a `cancellation` (METHOD:CANCEL); every reminder becomes `stale`;
//! - minutes approved → `minutes_published`.
//!
//! Reminders: `rsvp_reminder` N days before (the meeting's `reminder_days`, default 7 and 1) to invitees who
//! have not answered; `final_agenda` at the last reminder to those who said they come; `agenda_call` two days
//! before the proposal deadline. Each row keeps the start and SEQUENCE it was computed from: if the meeting
//! has moved or changed since, it never fires, even if a stale mark was missed (`due.rs` checks).

use sqlx::AnyConnection;

use crate::db::new_id;

const DAY_MS: i64 = 86_400_000;
/// The call for agenda items goes this long before the proposal deadline.
const AGENDA_CALL_BEFORE_DEADLINE_MS: i64 = 2 * DAY_MS;

/// What happened to a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// The notice was sent.
    Notice,
    /// Changed after the notice; `moved_from` holds the old start and end when it was rescheduled.
    Changed {
        moved_from: Option<(i64, i64)>,
    },
    Cancelled,
    MinutesApproved,
}

/// The reminder days of a meeting: `"7,1"` → `[7, 1]`; nonsense is dropped.
pub fn parse_days(text: &str) -> Vec<u32> {
    let mut days: Vec<u32> =
        text.split(',').filter_map(|d| d.trim().parse::<u32>().ok()).filter(|d| (1..=60).contains(d)).collect();
    days.sort_unstable_by(|a, b| b.cmp(a));
    days.dedup();
    days
}

/// `[1, 7, 7]` → `"7,1"`.
pub fn format_days(days: &[u32]) -> String {
    let mut days = days.to_vec();
    days.sort_unstable_by(|a, b| b.cmp(a));
    days.dedup();
    days.iter().map(u32::to_string).collect::<Vec<_>>().join(",")
}

/// Plan the mail a change to a meeting calls for, inside the transaction that made the change (after it).
pub async fn plan(conn: &mut AnyConnection, meeting_id: &str, event: Event, now: i64) -> Result<(), sqlx::Error> {
    let row: Option<(i64, i64, Option<i64>, String)> =
        sqlx::query_as("SELECT starts_at, sequence, proposal_deadline, reminder_days FROM meetings WHERE id = $1")
            .bind(meeting_id)
            .fetch_optional(&mut *conn)
            .await?;
    let Some((starts_at, sequence, proposal_deadline, reminder_days)) = row else { return Ok(()) };
    let job = |kind: &'static str, due_at: i64, detail: Option<String>| Job {
        meeting_id: meeting_id.to_owned(),
        kind,
        due_at,
        starts_at,
        sequence,
        detail,
    };
    match event {
        Event::Notice => {
            insert(conn, &job("notice", now, None), now).await?;
            plan_reminders(conn, &job, starts_at, &parse_days(&reminder_days), proposal_deadline, now).await?;
        }
        Event::Changed { moved_from } => {
            make_stale(conn, meeting_id, &["update", "rsvp_reminder", "final_agenda", "agenda_call"], now).await?;
            let detail = moved_from.map(|(start, end)| format!("{start},{end}"));
            insert(conn, &job("update", now, detail), now).await?;
            plan_reminders(conn, &job, starts_at, &parse_days(&reminder_days), proposal_deadline, now).await?;
        }
        Event::Cancelled => {
            make_stale(conn, meeting_id, &["notice", "update", "rsvp_reminder", "final_agenda", "agenda_call"], now)
                .await?;
            insert(conn, &job("cancellation", now, None), now).await?;
        }
        Event::MinutesApproved => insert(conn, &job("minutes_published", now, None), now).await?,
    }
    Ok(())
}

struct Job {
    meeting_id: String,
    kind: &'static str,
    due_at: i64,
    starts_at: i64,
    sequence: i64,
    detail: Option<String>,
}

async fn plan_reminders(
    conn: &mut AnyConnection,
    job: &impl Fn(&'static str, i64, Option<String>) -> Job,
    starts_at: i64,
    days: &[u32],
    proposal_deadline: Option<i64>,
    now: i64,
) -> Result<(), sqlx::Error> {
    for day in days {
        let due = starts_at - i64::from(*day) * DAY_MS;
        if due > now {
            insert(conn, &job("rsvp_reminder", due, Some(day.to_string())), now).await?;
        }
    }
    if let Some(last) = days.iter().min() {
        let due = starts_at - i64::from(*last) * DAY_MS;
        if due > now {
            insert(conn, &job("final_agenda", due, Some(last.to_string())), now).await?;
        }
    }
    if let Some(deadline) = proposal_deadline {
        let due = deadline - AGENDA_CALL_BEFORE_DEADLINE_MS;
        if due > now && deadline <= starts_at {
            insert(conn, &job("agenda_call", due, None), now).await?;
        }
    }
    Ok(())
}

async fn insert(conn: &mut AnyConnection, job: &Job, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO mail_schedule (id, meeting_id, kind, due_at, computed_starts_at, computed_sequence, detail, \
         status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'scheduled', $8)",
    )
    .bind(new_id())
    .bind(&job.meeting_id)
    .bind(job.kind)
    .bind(job.due_at)
    .bind(job.starts_at)
    .bind(job.sequence)
    .bind(job.detail.as_deref())
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

async fn make_stale(conn: &mut AnyConnection, meeting_id: &str, kinds: &[&str], now: i64) -> Result<(), sqlx::Error> {
    for kind in kinds {
        sqlx::query(
            "UPDATE mail_schedule SET status = 'stale', done_at = $1 WHERE meeting_id = $2 AND kind = $3 \
             AND status = 'scheduled'",
        )
        .bind(now)
        .bind(meeting_id)
        .bind(kind)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reminder_days_parse_sorted_without_nonsense() {
        assert_eq!(parse_days("7,1"), vec![7, 1]);
        assert_eq!(parse_days("1, 7,7,x,0,99,14"), vec![14, 7, 1]);
        assert!(parse_days("").is_empty());
        assert_eq!(format_days(&[1, 7, 7]), "7,1");
        assert_eq!(format_days(&[]), "");
    }
}
