//! Participation analytics for leaders: attendance rates by GP, office, body, meeting kind and year, who
//! attended nothing, CSV and XLSX exports, and a comparison between the municipalities of an installation
//! (rates only, no names of people).
//!
//! A meeting counts once it has ended and was neither a draft nor cancelled. Each invitation counts once:
//! attended (in person or remotely), excused, or otherwise absent.

pub mod export;
pub mod rollups;

use std::collections::HashMap;

use axum::extract::State;
use axum::response::Response;
use legeting_shared::api::analytics as api;
use legeting_shared::api::analytics::ReportQuery;
use legeting_shared::meetings::MeetingKind;
use legeting_shared::participation::{Participation, RateRow};
use legeting_shared::people::Role;
use sqlx::AnyPool;

use crate::auth::AuthUser;
use crate::db::now_ms;
use crate::endpoint::{PathOf, QueryOf, Routes};
use crate::error::{AppError, Json};
use crate::state::AppState;
use crate::time::{date_bounds, year_bounds, year_of};

/// The routes of this domain.
pub fn router() -> Routes {
    Routes::new()
        .endpoint(api::GetParticipation, participation)
        .endpoint(api::ParticipationCsv, participation_csv)
        .endpoint(api::ParticipationXlsx, participation_xlsx)
        .endpoint(api::Comparison, comparison)
}

/// Roles that see participation figures.
pub const SEES_FIGURES: &[Role] = &[Role::Administrator, Role::Leader, Role::Secretary];

/// A report's period: its first and last day, and the instants they bound.
fn period(query: &ReportQuery) -> Result<(String, String, i64, i64), AppError> {
    let today = crate::time::date_of(now_ms());
    // Left out means the default; an empty or malformed value is refused by `date_bounds`.
    let from = query.from.clone().unwrap_or_else(|| format!("{}-01-01", &today[..4]));
    let to = query.to.clone().unwrap_or(today);
    let (start, end) = date_bounds(&from, &to)?;
    Ok((from, to, start, end))
}

/// Who was invited, as the report groups them.
struct Invitee {
    person_id: String,
    person_name: String,
    is_gp: bool,
    office: Option<(String, String)>,
}

/// Which meetings, as the report groups them.
struct Meetings {
    body: Option<(String, String)>,
    kind: String,
    year: String,
}

/// Counts of invitations. Read directly, one row is one invitation and knows both who and which meetings;
/// from the rollups, a row sums either one person's invitations (`meetings` is `None`) or one year, kind and
/// body (`invitee` is `None`). Subtracted invitations count -1.
struct Counted {
    invitee: Option<Invitee>,
    meetings: Option<Meetings>,
    invited: i64,
    attended: i64,
    excused: i64,
}

/// Invitations to counted meetings starting in `[start, end)` (only those that have ended, unless
/// `subtract`: then those that have not ended or start outside `[keep_start, keep_end)`, counted -1).
async fn invitations(
    pool: &AnyPool,
    municipality_id: &str,
    (start, end): (i64, i64),
    subtract: Option<(i64, i64)>,
    query: &ReportQuery,
) -> Result<Vec<Counted>, sqlx::Error> {
    let (keep_start, keep_end) = subtract.unwrap_or((i64::MIN, i64::MAX));
    let rows: Vec<(String, String, Option<String>, Option<String>, Option<String>, Option<String>, String, i64, Option<String>, Option<String>)> =
        sqlx::query_as(
            "SELECT p.id, p.name, o.id, o.name, b.id, b.name, m.kind, m.starts_at, a.status, \
             (SELECT r.role FROM municipality_roles r WHERE r.person_id = p.id AND r.municipality_id = m.municipality_id AND r.role = 'gp') \
             FROM meetings m JOIN meeting_invitees i ON i.meeting_id = m.id JOIN people p ON p.id = i.person_id \
             LEFT JOIN offices o ON o.id = p.office_id LEFT JOIN bodies b ON b.id = m.body_id \
             LEFT JOIN attendance a ON a.meeting_id = m.id AND a.person_id = p.id \
             WHERE m.municipality_id = $1 AND m.starts_at >= $2 AND m.starts_at < $3 \
             AND (($7 = 0 AND m.ends_at <= $4) OR ($7 = 1 AND (m.ends_at > $4 OR m.starts_at < $8 OR m.starts_at >= $9))) \
             AND m.status NOT IN ('draft', 'cancelled') AND ($5 IS NULL OR m.body_id = $5) AND ($6 IS NULL OR m.kind = $6)",
        )
        .bind(municipality_id)
        .bind(start)
        .bind(end)
        .bind(now_ms())
        .bind(query.body.as_deref())
        .bind(query.kind.map(MeetingKind::as_str))
        .bind(i64::from(subtract.is_some()))
        .bind(keep_start)
        .bind(keep_end)
        .fetch_all(pool)
        .await?;
    let sign = if subtract.is_some() { -1 } else { 1 };
    Ok(rows
        .into_iter()
        .map(|(person_id, person_name, office_id, office_name, body_id, body_name, kind, starts_at, status, gp)| {
            let attended = matches!(status.as_deref(), Some("in_person" | "remote"));
            let excused = status.as_deref() == Some("excused");
            Counted {
                invitee: Some(Invitee {
                    person_id,
                    person_name,
                    is_gp: gp.is_some(),
                    office: office_id.zip(office_name),
                }),
                meetings: Some(Meetings { body: body_id.zip(body_name), kind, year: year_of(starts_at).to_string() }),
                invited: sign,
                attended: sign * i64::from(attended),
                excused: sign * i64::from(excused),
            }
        })
        .collect())
}

/// The rollup counts of the years `[first, last)` per person (summed over years, kinds and bodies) and per
/// year, kind and body (summed over people).
async fn rollup_counts(
    pool: &AnyPool,
    municipality_id: &str,
    first: i64,
    last: i64,
    query: &ReportQuery,
) -> Result<Vec<Counted>, sqlx::Error> {
    let people = sqlx::query_as::<_, (String, String, Option<String>, Option<String>, Option<String>, i64, i64, i64)>(
        "SELECT g.person_id, p.name, o.id, o.name, \
         (SELECT r.role FROM municipality_roles r WHERE r.person_id = g.person_id AND r.municipality_id = $1 AND r.role = 'gp'), \
         g.invited, g.attended, g.excused \
         FROM (SELECT person_id, CAST(SUM(invited) AS BIGINT) AS invited, \
               CAST(SUM(in_person + remote) AS BIGINT) AS attended, CAST(SUM(excused) AS BIGINT) AS excused \
               FROM attendance_rollups WHERE municipality_id = $1 AND year >= $2 AND year < $3 AND invited > 0 \
               AND ($4 IS NULL OR body_id = $4) AND ($5 IS NULL OR kind = $5) GROUP BY person_id) g \
         JOIN people p ON p.id = g.person_id LEFT JOIN offices o ON o.id = p.office_id",
    )
    .bind(municipality_id)
    .bind(first)
    .bind(last)
    .bind(query.body.as_deref())
    .bind(query.kind.map(MeetingKind::as_str))
    .fetch_all(pool);
    let slices = sqlx::query_as::<_, (i64, String, Option<String>, Option<String>, i64, i64, i64)>(
        "SELECT g.year, g.kind, b.id, b.name, g.invited, g.attended, g.excused \
         FROM (SELECT year, kind, body_id, CAST(SUM(invited) AS BIGINT) AS invited, \
               CAST(SUM(in_person + remote) AS BIGINT) AS attended, CAST(SUM(excused) AS BIGINT) AS excused \
               FROM attendance_rollups WHERE municipality_id = $1 AND year >= $2 AND year < $3 AND invited > 0 \
               AND ($4 IS NULL OR body_id = $4) AND ($5 IS NULL OR kind = $5) GROUP BY year, kind, body_id) g \
         LEFT JOIN bodies b ON b.id = g.body_id",
    )
    .bind(municipality_id)
    .bind(first)
    .bind(last)
    .bind(query.body.as_deref())
    .bind(query.kind.map(MeetingKind::as_str))
    .fetch_all(pool);
    let (people, slices) = tokio::try_join!(people, slices)?;
    let people =
        people.into_iter().map(|(person_id, person_name, office_id, office_name, gp, invited, attended, excused)| {
            Counted {
                invitee: Some(Invitee {
                    person_id,
                    person_name,
                    is_gp: gp.is_some(),
                    office: office_id.zip(office_name),
                }),
                meetings: None,
                invited,
                attended,
                excused,
            }
        });
    let slices = slices.into_iter().map(|(year, kind, body_id, body_name, invited, attended, excused)| Counted {
        invitee: None,
        meetings: Some(Meetings { body: body_id.zip(body_name), kind, year: year.to_string() }),
        invited,
        attended,
        excused,
    });
    Ok(people.chain(slices).collect())
}

#[derive(Default)]
struct Tally {
    label: String,
    invited: i64,
    attended: i64,
    excused: i64,
}

impl Tally {
    fn add(&mut self, counted: &Counted) {
        self.invited += counted.invited;
        self.attended += counted.attended;
        self.excused += counted.excused;
    }

    fn row(self, key: String) -> RateRow {
        let rate = if self.invited == 0 { 0.0 } else { self.attended as f64 / self.invited as f64 };
        RateRow { key, label: self.label, invited: self.invited, attended: self.attended, excused: self.excused, rate }
    }
}

/// Group counts by `key` (id, label). Groups whose invitations were all subtracted again are left out, as
/// the direct computation would never have made them.
fn group<'a>(counted: &'a [Counted], key: impl Fn(&'a Counted) -> Option<(&'a str, &'a str)>) -> Vec<RateRow> {
    let mut groups: HashMap<&str, Tally> = HashMap::new();
    for counted in counted {
        if let Some((id, label)) = key(counted) {
            let tally = groups.entry(id).or_default();
            if tally.label != label {
                label.clone_into(&mut tally.label);
            }
            tally.add(counted);
        }
    }
    let mut rows: Vec<RateRow> = groups
        .into_iter()
        .filter(|(_, tally)| tally.invited != 0)
        .map(|(key, tally)| tally.row(key.to_owned()))
        .collect();
    rows.sort_by(|a, b| a.label.cmp(&b.label).then_with(|| a.key.cmp(&b.key)));
    rows
}

/// How a report is computed: from the rollups where they can answer, or only from the invitations
/// themselves (what the tests compare the rollups with).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Rollups,
    Direct,
}

/// Which calendar years of `[start, end)` the rollups answer: those the period covers at least half of (the
/// rest of such a year, and meetings that have not ended, are subtracted again); the other, shorter parts
/// are read directly. Returns `[first, last)`.
fn rolled_years(start: i64, end: i64) -> (i64, i64) {
    let covers_half = |year: i64| {
        let (year_start, year_end) = year_bounds(year);
        (end.min(year_end) - start.max(year_start)) * 2 >= year_end - year_start
    };
    let (mut first, mut last) = (year_of(start), year_of(end - 1) + 1);
    if !covers_half(first) {
        first += 1;
    }
    if last > first && !covers_half(last - 1) {
        last -= 1;
    }
    (first, last.max(first))
}

/// Compute the participation report of a municipality: mostly from the rollups (see [`rolled_years`]).
pub async fn report(pool: &AnyPool, municipality_id: &str, query: &ReportQuery) -> Result<Participation, AppError> {
    report_from(pool, municipality_id, query, Source::Rollups).await
}

/// [`report`], computed as `source` says.
pub async fn report_from(
    pool: &AnyPool,
    municipality_id: &str,
    query: &ReportQuery,
    source: Source,
) -> Result<Participation, AppError> {
    let (from, to, start, end) = period(query)?;
    let (first, last) = match source {
        Source::Rollups => rolled_years(start, end),
        Source::Direct => (0, 0),
    };
    // The parts are independent reads: they run at once on the pool.
    let counted: Vec<Counted> = if last > first {
        let (rolled_start, rolled_end) = (year_bounds(first).0, year_bounds(last - 1).1);
        let before = invitations(pool, municipality_id, (start, rolled_start.max(start)), None, query);
        let after = invitations(pool, municipality_id, (rolled_end.min(end), end), None, query);
        let rolled = rollup_counts(pool, municipality_id, first, last, query);
        let outside = invitations(pool, municipality_id, (rolled_start, rolled_end), Some((start, end)), query);
        let (before, after, rolled, outside) = tokio::try_join!(before, after, rolled, outside)?;
        [before, after, rolled, outside].into_iter().flatten().collect()
    } else {
        invitations(pool, municipality_id, (start, end), None, query).await?
    };
    let mut total = Tally { label: "total".into(), ..Tally::default() };
    counted.iter().filter(|c| c.meetings.is_some()).for_each(|c| total.add(c));
    let by_gp = group(&counted, |c| {
        c.invitee.as_ref().filter(|i| i.is_gp).map(|i| (i.person_id.as_str(), i.person_name.as_str()))
    });
    let active_gps: Vec<(String, String)> = sqlx::query_as(
        "SELECT p.id, p.name FROM municipality_roles r JOIN people p ON p.id = r.person_id \
         WHERE r.municipality_id = $1 AND r.role = 'gp' AND p.active = 1 ORDER BY p.name",
    )
    .bind(municipality_id)
    .fetch_all(pool)
    .await?;
    let gp_rows: HashMap<&str, &RateRow> = by_gp.iter().map(|row| (row.key.as_str(), row)).collect();
    let attended_nothing = active_gps
        .into_iter()
        .filter_map(|(id, name)| match gp_rows.get(id.as_str()) {
            Some(row) if row.attended > 0 => None,
            Some(row) => Some((*row).clone()),
            None => Some(RateRow { key: id, label: name, invited: 0, attended: 0, excused: 0, rate: 0.0 }),
        })
        .collect();
    Ok(Participation {
        from,
        to,
        total: total.row("total".into()),
        by_office: group(&counted, |c| {
            c.invitee.as_ref().and_then(|i| i.office.as_ref()).map(|(id, name)| (id.as_str(), name.as_str()))
        }),
        by_body: group(&counted, |c| {
            c.meetings.as_ref().and_then(|m| m.body.as_ref()).map(|(id, name)| (id.as_str(), name.as_str()))
        }),
        by_kind: group(&counted, |c| c.meetings.as_ref().map(|m| (m.kind.as_str(), m.kind.as_str()))),
        by_year: group(&counted, |c| c.meetings.as_ref().map(|m| (m.year.as_str(), m.year.as_str()))),
        attended_nothing,
        by_gp,
    })
}
/// Participation rates of a municipality. Administrators, leaders and secretaries.
async fn participation(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(municipality_id): PathOf<api::GetParticipation>,
    QueryOf(query): QueryOf<api::GetParticipation>,
) -> Result<Json<Participation>, AppError> {
    user.require_any(&municipality_id, SEES_FIGURES)?;
    Ok(Json(report(state.database.pool(), &municipality_id, &query).await?))
}

/// Participation by GP as CSV (semicolon-separated, UTF-8 with BOM, for Excel). Same access and filters.
async fn participation_csv(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(municipality_id): PathOf<api::ParticipationCsv>,
    QueryOf(query): QueryOf<api::ParticipationCsv>,
) -> Result<Response, AppError> {
    user.require_any(&municipality_id, SEES_FIGURES)?;
    let report = report(state.database.pool(), &municipality_id, &query).await?;
    export::csv_response(&export::participation_table(&report), "deltakelse.csv")
}

/// Participation by GP as an Excel workbook. Same access and filters.
async fn participation_xlsx(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(municipality_id): PathOf<api::ParticipationXlsx>,
    QueryOf(query): QueryOf<api::ParticipationXlsx>,
) -> Result<Response, AppError> {
    user.require_any(&municipality_id, SEES_FIGURES)?;
    let report = report(state.database.pool(), &municipality_id, &query).await?;
    export::xlsx_response(&export::participation_table(&report), "Deltakelse", "deltakelse.xlsx")
}

/// Participation rates of every municipality on the installation for a year, for comparison: rates only, no
/// names of people. Anyone who sees figures in at least one municipality.
async fn comparison(
    State(state): State<AppState>,
    user: AuthUser,
    QueryOf(query): QueryOf<api::Comparison>,
) -> Result<Json<Vec<RateRow>>, AppError> {
    if !user.installation_admin && !user.roles.iter().any(|(_, role)| SEES_FIGURES.contains(role)) {
        return Err(AppError::Forbidden);
    }
    let year = crate::time::year_or_now(query.year)?;
    let (start, end) = year_bounds(year);
    let rows: Vec<(String, String, i64, i64, i64)> = sqlx::query_as(
        "SELECT mu.id, mu.name, COUNT(i.person_id), \
         COALESCE(SUM(CASE WHEN a.status IN ('in_person', 'remote') THEN 1 ELSE 0 END), 0), \
         COALESCE(SUM(CASE WHEN a.status = 'excused' THEN 1 ELSE 0 END), 0) \
         FROM municipalities mu LEFT JOIN meetings m ON m.municipality_id = mu.id AND m.starts_at >= $1 AND m.starts_at < $2 \
         AND m.ends_at <= $3 AND m.status NOT IN ('draft', 'cancelled') \
         LEFT JOIN meeting_invitees i ON i.meeting_id = m.id \
         LEFT JOIN attendance a ON a.meeting_id = i.meeting_id AND a.person_id = i.person_id \
         GROUP BY mu.id, mu.name ORDER BY mu.name",
    )
    .bind(start)
    .bind(end)
    .bind(now_ms())
    .fetch_all(state.database.pool())
    .await?;
    Ok(Json(
        rows.into_iter()
            .map(|(key, label, invited, attended, excused)| Tally { label, invited, attended, excused }.row(key))
            .collect(),
    ))
}
