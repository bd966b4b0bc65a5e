//! Attendance rollups: one row per person × calendar year × meeting kind × body (and the meeting's
//! municipality) with the counts the reports need (invited, attended in person, remotely, excused) and the
//! first attended meeting, so the participation report over ten years and the annual obligation read a few
//! thousand rows instead of one per invitation.
//!
//! A rollup row is always *recomputed* from the base tables (`meetings`, `meeting_invitees`, `attendance`) for
//! its key, never adjusted by a delta, so it cannot drift: [`refresh_person`] after one attendance change
//! (called by `attendance::record`, in its transaction), [`refresh_meeting`] after a change to a meeting's
//! status, time, kind or invitees (in that change's transaction), [`rebuild`] for everything
//! (`legeting admin rebuild-rollups`, the demo seed, and [`ensure_built`] at start when the rollups have never
//! been built). What the reports join at read time (names, offices, roles, a body's `counts_for_obligation`,
//! the municipality's obligation kinds) is not rolled up, so changing it needs no refresh.

use sqlx::{Any, AnyPool, Transaction};

use crate::db::now_ms;
use crate::time::{year_bounds, year_of};

/// The `settings` key that says the rollups have been built once on this database.
const BUILT_MARKER: &str = "attendance_rollups_built";

/// The key of a group of rollup rows: every person's row for one municipality, year, meeting kind and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slice {
    pub municipality_id: String,
    pub year: i64,
    pub kind: String,
    /// `""` for meetings of no body.
    pub body_id: String,
}

/// Which meetings a recomputation reads: one year, optionally narrowed to a municipality, kind, body and
/// person (`$2`..`$7`). Used twice in [`AGGREGATE`].
const MEETINGS_OF: &str = "SELECT id FROM meetings WHERE starts_at >= $2 AND starts_at < $3 AND status <> 'cancelled' \
     AND ($4 IS NULL OR municipality_id = $4) AND ($5 IS NULL OR kind = $5) AND ($6 IS NULL OR COALESCE(body_id, '') = $6)";

/// Recompute the rollup rows of year `$1` (bounds `$2`, `$3`) for the meetings of [`MEETINGS_OF`] and person
/// `$7` (or everyone). Everyone invited or with an attendance record counts; the counts only take invitations
/// to meetings past their draft.
fn aggregate_sql() -> String {
    format!(
        "INSERT INTO attendance_rollups (municipality_id, year, kind, body_id, person_id, invited, in_person, remote, \
         excused, first_attended_at) \
         SELECT m.municipality_id, $1, m.kind, COALESCE(m.body_id, ''), x.person_id, \
         SUM(CASE WHEN m.status <> 'draft' AND i.person_id IS NOT NULL THEN 1 ELSE 0 END), \
         SUM(CASE WHEN m.status <> 'draft' AND i.person_id IS NOT NULL AND a.status = 'in_person' THEN 1 ELSE 0 END), \
         SUM(CASE WHEN m.status <> 'draft' AND i.person_id IS NOT NULL AND a.status = 'remote' THEN 1 ELSE 0 END), \
         SUM(CASE WHEN m.status <> 'draft' AND i.person_id IS NOT NULL AND a.status = 'excused' THEN 1 ELSE 0 END), \
         MIN(CASE WHEN a.status IN ('in_person', 'remote') THEN m.starts_at END) \
         FROM (SELECT meeting_id, person_id FROM meeting_invitees WHERE meeting_id IN ({MEETINGS_OF}) AND ($7 IS NULL OR person_id = $7) \
               UNION SELECT meeting_id, person_id FROM attendance WHERE meeting_id IN ({MEETINGS_OF}) AND ($7 IS NULL OR person_id = $7)) x \
         JOIN meetings m ON m.id = x.meeting_id \
         LEFT JOIN meeting_invitees i ON i.meeting_id = x.meeting_id AND i.person_id = x.person_id \
         LEFT JOIN attendance a ON a.meeting_id = x.meeting_id AND a.person_id = x.person_id \
         WHERE 1 = 1 GROUP BY m.municipality_id, m.kind, COALESCE(m.body_id, ''), x.person_id \
         HAVING SUM(CASE WHEN m.status <> 'draft' AND i.person_id IS NOT NULL THEN 1 ELSE 0 END) > 0 \
         OR MIN(CASE WHEN a.status IN ('in_person', 'remote') THEN m.starts_at END) IS NOT NULL \
         ON CONFLICT (municipality_id, year, kind, body_id, person_id) DO UPDATE SET invited = excluded.invited, \
         in_person = excluded.in_person, remote = excluded.remote, excused = excluded.excused, \
         first_attended_at = excluded.first_attended_at, first_meeting_id = NULL"
    )
}

/// Name the first attended meeting of the rows just recomputed (earliest start, then smallest id).
const FIRST_MEETING: &str = "UPDATE attendance_rollups SET first_meeting_id = (SELECT MIN(m.id) FROM attendance a \
     JOIN meetings m ON m.id = a.meeting_id WHERE a.person_id = attendance_rollups.person_id \
     AND m.municipality_id = attendance_rollups.municipality_id AND m.kind = attendance_rollups.kind \
     AND COALESCE(m.body_id, '') = attendance_rollups.body_id AND m.starts_at = attendance_rollups.first_attended_at \
     AND m.status <> 'cancelled' AND a.status IN ('in_person', 'remote')) \
     WHERE year = $1 AND first_attended_at IS NOT NULL AND first_meeting_id IS NULL \
     AND ($2 IS NULL OR municipality_id = $2) AND ($3 IS NULL OR kind = $3) AND ($4 IS NULL OR body_id = $4) \
     AND ($5 IS NULL OR person_id = $5)";

/// Recompute the rows of `year`, narrowed as given; `None` means every value.
async fn recompute(
    tx: &mut Transaction<'_, Any>,
    year: i64,
    municipality_id: Option<&str>,
    kind: Option<&str>,
    body_id: Option<&str>,
    person_id: Option<&str>,
) -> Result<(), sqlx::Error> {
    // Two transactions recomputing the same rows at once (two meetings of one kind and year, changed at the
    // same moment) would each count only their own change on PostgreSQL, and the later commit would keep a
    // stale row. A counter row per group serialises them: the second waits here until the first commits, and
    // its statements below then see that commit (each reads afresh under READ COMMITTED). SQLite's IMMEDIATE
    // write transactions are serialised already.
    let group =
        format!("rollup:{}:{year}:{}:{}", municipality_id.unwrap_or("*"), kind.unwrap_or("*"), body_id.unwrap_or("*"));
    sqlx::query(
        "INSERT INTO counters (name, value) VALUES ($1, 1) ON CONFLICT (name) DO UPDATE SET value = counters.value + 1",
    )
    .bind(&group)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "DELETE FROM attendance_rollups WHERE year = $1 AND ($2 IS NULL OR municipality_id = $2) \
         AND ($3 IS NULL OR kind = $3) AND ($4 IS NULL OR body_id = $4) AND ($5 IS NULL OR person_id = $5)",
    )
    .bind(year)
    .bind(municipality_id)
    .bind(kind)
    .bind(body_id)
    .bind(person_id)
    .execute(&mut **tx)
    .await?;
    let (start, end) = year_bounds(year);
    sqlx::query(&aggregate_sql())
        .bind(year)
        .bind(start)
        .bind(end)
        .bind(municipality_id)
        .bind(kind)
        .bind(body_id)
        .bind(person_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query(FIRST_MEETING)
        .bind(year)
        .bind(municipality_id)
        .bind(kind)
        .bind(body_id)
        .bind(person_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The slice a meeting counts in, as it is now in the transaction.
pub async fn slice_of(tx: &mut Transaction<'_, Any>, meeting_id: &str) -> Result<Option<Slice>, sqlx::Error> {
    let row: Option<(String, String, String, i64)> =
        sqlx::query_as("SELECT municipality_id, kind, COALESCE(body_id, ''), starts_at FROM meetings WHERE id = $1")
            .bind(meeting_id)
            .fetch_optional(&mut **tx)
            .await?;
    Ok(row.map(|(municipality_id, kind, body_id, starts_at)| Slice {
        municipality_id,
        year: year_of(starts_at),
        kind,
        body_id,
    }))
}

/// After one person's attendance (or invitation) at a meeting changed: recompute their row of the meeting's
/// slice.
pub async fn refresh_person(
    tx: &mut Transaction<'_, Any>,
    meeting_id: &str,
    person_id: &str,
) -> Result<(), sqlx::Error> {
    if let Some(slice) = slice_of(tx, meeting_id).await? {
        recompute(
            tx,
            slice.year,
            Some(&slice.municipality_id),
            Some(&slice.kind),
            Some(&slice.body_id),
            Some(person_id),
        )
        .await?;
    }
    Ok(())
}

/// After a meeting's status, time, kind or invitees changed: recompute its slice, and the slice it counted in
/// before (`before`, read with [`slice_of`] before the change) when that differs.
pub async fn refresh_meeting(
    tx: &mut Transaction<'_, Any>,
    meeting_id: &str,
    before: Option<Slice>,
) -> Result<(), sqlx::Error> {
    let now = slice_of(tx, meeting_id).await?;
    for slice in before.iter().chain(now.iter().filter(|now| before.as_ref() != Some(*now))) {
        recompute(tx, slice.year, Some(&slice.municipality_id), Some(&slice.kind), Some(&slice.body_id), None).await?;
    }
    Ok(())
}

/// Recompute every rollup row inside the caller's transaction. Returns the number of rows.
pub async fn rebuild_in(tx: &mut Transaction<'_, Any>) -> Result<i64, sqlx::Error> {
    sqlx::query("DELETE FROM attendance_rollups").execute(&mut **tx).await?;
    let span: (Option<i64>, Option<i64>) =
        sqlx::query_as("SELECT MIN(starts_at), MAX(starts_at) FROM meetings").fetch_one(&mut **tx).await?;
    if let (Some(first), Some(last)) = span {
        for year in year_of(first)..=year_of(last) {
            recompute(tx, year, None, None, None, None).await?;
        }
    }
    sqlx::query_scalar("SELECT COUNT(*) FROM attendance_rollups").fetch_one(&mut **tx).await
}

/// Recompute every rollup row (`legeting admin rebuild-rollups`). Returns the number of rows.
pub async fn rebuild(pool: &AnyPool) -> Result<i64, sqlx::Error> {
    let mut tx = crate::db::begin(pool).await?;
    let rows = rebuild_in(&mut tx).await?;
    mark_built(&mut tx).await?;
    tx.commit().await?;
    Ok(rows)
}

async fn mark_built(tx: &mut Transaction<'_, Any>) -> Result<bool, sqlx::Error> {
    crate::db::mark_once(tx, BUILT_MARKER, "1", now_ms()).await
}

/// Build the rollups once on a database that has never had them (data from before the rollups existed).
/// Run after the migrations at every start; the marker row makes it happen once however many instances
/// start together (the one that inserts the marker builds, in the same transaction).
pub async fn ensure_built(pool: &AnyPool) -> Result<(), sqlx::Error> {
    let built: Option<String> =
        sqlx::query_scalar("SELECT value FROM settings WHERE key = $1").bind(BUILT_MARKER).fetch_optional(pool).await?;
    if built.is_some() {
        return Ok(());
    }
    let mut tx = crate::db::begin(pool).await?;
    if mark_built(&mut tx).await? {
        let rows = rebuild_in(&mut tx).await?;
        tracing::info!(rows, "attendance rollups built");
    }
    tx.commit().await
}
