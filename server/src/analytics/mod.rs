//! Participation analytics for leaders: attendance rates by GP, office, body, meeting kind and year, who
//! attended nothing, CSV and XLSX exports, and a comparison between the municipalities of an installation
//! (rates only, no names of people).
//!
//! A meeting counts once it has ended and was neither a draft nor cancelled. Each invitation counts once:
//! attended (in person or remotely), excused, or otherwise absent.

pub mod export;
pub mod rollups;

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::response::Response;
use legeting_shared::meetings::MeetingKind;
use legeting_shared::participation::{Participation, RateRow};
use legeting_shared::people::Role;
use serde::Deserialize;
use sqlx::AnyPool;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::AuthUser;
use crate::db::now_ms;
use crate::error::{AppError, Json, Query};
use crate::meetings::time::{date_bounds, year_bounds, year_of};
use crate::state::AppState;

/// The routes of this domain.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(participation))
        .routes(routes!(participation_csv))
        .routes(routes!(participation_xlsx))
        .routes(routes!(comparison))
}

/// Roles that see participation figures.
pub const SEES_FIGURES: &[Role] = &[Role::Administrator, Role::Leader, Role::Secretary];

/// The period and filters of a report.
#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportQuery {
    /// First day (ISO date); default 1 January this year.
    #[param(format = Date)]
    pub from: Option<String>,
    /// Last day (ISO date); default today.
    #[param(format = Date)]
    pub to: Option<String>,
    /// Only meetings of this body.
    pub body: Option<String>,
    /// Only meetings of this kind.
    pub kind: Option<MeetingKind>,
}

impl ReportQuery {
    fn period(&self) -> Result<(String, String, i64, i64), AppError> {
        let today = crate::meetings::time::date_of(now_ms());
        // Left out means the default; an empty or malformed value is refused by `date_bounds`.
        let from = self.from.clone().unwrap_or_else(|| format!("{}-01-01", &today[..4]));
        let to = self.to.clone().unwrap_or(today);
        let (start, end) = date_bounds(&from, &to)?;
        Ok((from, to, start, end))
    }
}

/// Counts of invitations with the same person, body, kind and (when known) year: one invitation when read
/// directly, many when read from the rollups.
struct Counted {
    person_id: String,
    person_name: String,
    is_gp: bool,
    office: Option<(String, String)>,
    body: Option<(String, String)>,
    kind: String,
    /// The year as text; `None` for rollup rows summed over several years (whose years come from
    /// [`rollup_years`]).
    year: Option<String>,
    invited: i64,
    attended: i64,
    excused: i64,
}

/// Every invitation to a counted meeting starting in `[start, end)`, one row each (the direct computation).
async fn invitations(
    pool: &AnyPool,
    municipality_id: &str,
    start: i64,
    end: i64,
    query: &ReportQuery,
) -> Result<Vec<Counted>, sqlx::Error> {
    let rows: Vec<(String, String, Option<String>, Option<String>, Option<String>, Option<String>, String, i64, Option<String>, Option<String>)> =
        sqlx::query_as(
            "SELECT p.id, p.name, o.id, o.name, b.id, b.name, m.kind, m.starts_at, a.status, \
             (SELECT r.role FROM municipality_roles r WHERE r.person_id = p.id AND r.municipality_id = m.municipality_id AND r.role = 'gp') \
             FROM meetings m JOIN meeting_invitees i ON i.meeting_id = m.id JOIN people p ON p.id = i.person_id \
             LEFT JOIN offices o ON o.id = p.office_id LEFT JOIN bodies b ON b.id = m.body_id \
             LEFT JOIN attendance a ON a.meeting_id = m.id AND a.person_id = p.id \
             WHERE m.municipality_id = $1 AND m.starts_at >= $2 AND m.starts_at < $3 AND m.ends_at <= $4 \
             AND m.status NOT IN ('draft', 'cancelled') AND ($5 IS NULL OR m.body_id = $5) AND ($6 IS NULL OR m.kind = $6)",
        )
        .bind(municipality_id)
        .bind(start)
        .bind(end)
        .bind(now_ms())
        .bind(query.body.as_deref())
        .bind(query.kind.map(MeetingKind::as_str))
        .fetch_all(pool)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(person_id, person_name, office_id, office_name, body_id, body_name, kind, starts_at, status, gp)| {
            let attended = matches!(status.as_deref(), Some("in_person" | "remote"));
            let excused = status.as_deref() == Some("excused");
            Counted {
                person_id,
                person_name,
                is_gp: gp.is_some(),
                office: office_id.zip(office_name),
                body: body_id.zip(body_name),
                kind,
                year: Some(year_of(starts_at).to_string()),
                invited: 1,
                attended: i64::from(attended),
                excused: i64::from(excused),
            }
        })
        .collect())
}

/// The rollup counts of the years `[first, last)`, summed over the years per person, kind and body.
async fn rollup_counts(
    pool: &AnyPool,
    municipality_id: &str,
    first: i64,
    last: i64,
    query: &ReportQuery,
) -> Result<Vec<Counted>, sqlx::Error> {
    let rows: Vec<(String, String, Option<String>, Option<String>, Option<String>, Option<String>, String, i64, i64, i64, Option<String>)> =
        sqlx::query_as(
            "SELECT g.person_id, p.name, o.id, o.name, b.id, b.name, g.kind, g.invited, g.attended, g.excused, \
             (SELECT r.role FROM municipality_roles r WHERE r.person_id = g.person_id AND r.municipality_id = $1 AND r.role = 'gp') \
             FROM (SELECT person_id, kind, body_id, CAST(SUM(invited) AS BIGINT) AS invited, \
                   CAST(SUM(in_person + remote) AS BIGINT) AS attended, CAST(SUM(excused) AS BIGINT) AS excused \
                   FROM attendance_rollups WHERE municipality_id = $1 AND year >= $2 AND year < $3 AND invited > 0 \
                   AND ($4 IS NULL OR body_id = $4) AND ($5 IS NULL OR kind = $5) \
                   GROUP BY person_id, kind, body_id) g \
             JOIN people p ON p.id = g.person_id LEFT JOIN offices o ON o.id = p.office_id \
             LEFT JOIN bodies b ON b.id = g.body_id",
        )
        .bind(municipality_id)
        .bind(first)
        .bind(last)
        .bind(query.body.as_deref())
        .bind(query.kind.map(MeetingKind::as_str))
        .fetch_all(pool)
        .await?;
    Ok(rows
        .into_iter()
        .map(
            |(
                person_id,
                person_name,
                office_id,
                office_name,
                body_id,
                body_name,
                kind,
                invited,
                attended,
                excused,
                gp,
            )| {
                Counted {
                    person_id,
                    person_name,
                    is_gp: gp.is_some(),
                    office: office_id.zip(office_name),
                    body: body_id.zip(body_name),
                    kind,
                    year: None,
                    invited,
                    attended,
                    excused,
                }
            },
        )
        .collect())
}

/// The rollup counts of the years `[first, last)` per year.
async fn rollup_years(
    pool: &AnyPool,
    municipality_id: &str,
    first: i64,
    last: i64,
    query: &ReportQuery,
) -> Result<Vec<(i64, Tally)>, sqlx::Error> {
    let rows: Vec<(i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT year, CAST(SUM(invited) AS BIGINT), CAST(SUM(in_person + remote) AS BIGINT), CAST(SUM(excused) AS BIGINT) \
         FROM attendance_rollups WHERE municipality_id = $1 AND year >= $2 AND year < $3 AND invited > 0 \
         AND ($4 IS NULL OR body_id = $4) AND ($5 IS NULL OR kind = $5) GROUP BY year",
    )
    .bind(municipality_id)
    .bind(first)
    .bind(last)
    .bind(query.body.as_deref())
    .bind(query.kind.map(MeetingKind::as_str))
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(year, invited, attended, excused)| (year, Tally { label: year.to_string(), invited, attended, excused }))
        .collect())
}

/// The whole calendar years inside `[start, end)` that the rollups may answer: every counted meeting
/// starting in them has ended (the report counts a meeting once it has ended; the rollups count it from its
/// notice). Returns `[first, last)`, empty when `first == last`.
async fn closed_years(pool: &AnyPool, municipality_id: &str, start: i64, end: i64) -> Result<(i64, i64), sqlx::Error> {
    let mut first = year_of(start);
    if year_bounds(first).0 < start {
        first += 1;
    }
    let mut last = first;
    while year_bounds(last).1 <= end {
        last += 1;
    }
    if last > first {
        let (from, to) = (year_bounds(first).0, year_bounds(last - 1).1);
        let open: Option<i64> = sqlx::query_scalar(
            "SELECT MIN(starts_at) FROM meetings WHERE municipality_id = $1 AND starts_at >= $2 AND starts_at < $3 \
             AND ends_at > $4 AND status NOT IN ('draft', 'cancelled')",
        )
        .bind(municipality_id)
        .bind(from)
        .bind(to)
        .bind(now_ms())
        .fetch_one(pool)
        .await?;
        if let Some(open) = open {
            last = last.min(year_of(open)).max(first);
        }
    }
    Ok((first, last))
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

fn group<'a>(
    counted: impl IntoIterator<Item = &'a Counted>,
    extra: Vec<(String, Tally)>,
    key: impl Fn(&Counted) -> Option<(&str, &str)>,
) -> Vec<RateRow> {
    let mut groups: HashMap<String, Tally> = extra.into_iter().collect();
    for counted in counted {
        if let Some((id, label)) = key(counted) {
            let tally = match groups.get_mut(id) {
                Some(tally) => tally,
                None => groups.entry(id.to_owned()).or_default(),
            };
            if tally.label != label {
                label.clone_into(&mut tally.label);
            }
            tally.add(counted);
        }
    }
    let mut rows: Vec<RateRow> = groups.into_iter().map(|(key, tally)| tally.row(key)).collect();
    rows.sort_by(|a, b| a.label.cmp(&b.label).then_with(|| a.key.cmp(&b.key)));
    rows
}

/// How a report is computed: from the rollups where they can answer (whole, finished years), or only from
/// the invitations themselves (what the tests compare the rollups with).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Rollups,
    Direct,
}

/// Compute the participation report of a municipality: whole calendar years whose meetings have all ended
/// come from the rollups, the rest of the period (at most a part year at each end) from the invitations.
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
    let (from, to, start, end) = query.period()?;
    let (first, last) = match source {
        Source::Rollups => closed_years(pool, municipality_id, start, end).await?,
        Source::Direct => (0, 0),
    };
    let mut counted = Vec::new();
    let mut years = Vec::new();
    if last > first {
        let (rolled_start, rolled_end) = (year_bounds(first).0, year_bounds(last - 1).1);
        counted.extend(invitations(pool, municipality_id, start, rolled_start, query).await?);
        counted.extend(invitations(pool, municipality_id, rolled_end, end, query).await?);
        counted.extend(rollup_counts(pool, municipality_id, first, last, query).await?);
        years = rollup_years(pool, municipality_id, first, last, query).await?;
    } else {
        counted = invitations(pool, municipality_id, start, end, query).await?;
    }
    let mut total = Tally { label: "total".into(), ..Tally::default() };
    counted.iter().for_each(|c| total.add(c));
    // Rollup rows summed over years carry no year: their years are in `years`.
    let by_year = group(&counted, years.into_iter().map(|(year, tally)| (year.to_string(), tally)).collect(), |c| {
        c.year.as_deref().map(|year| (year, year))
    });
    let by_gp = group(&counted, Vec::new(), |c| c.is_gp.then_some((c.person_id.as_str(), c.person_name.as_str())));
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
        by_office: group(&counted, Vec::new(), |c| c.office.as_ref().map(|(id, name)| (id.as_str(), name.as_str()))),
        by_body: group(&counted, Vec::new(), |c| c.body.as_ref().map(|(id, name)| (id.as_str(), name.as_str()))),
        by_kind: group(&counted, Vec::new(), |c| Some((c.kind.as_str(), c.kind.as_str()))),
        by_year,
        attended_nothing,
        by_gp,
    })
}
/// Participation rates of a municipality. Administrators, leaders and secretaries.
#[utoipa::path(get, path = "/municipalities/{id}/participation", tag = "analytics",
    params(("id" = String, Path, description = "Municipality id"), ReportQuery),
    responses((status = 200, body = Participation), (status = 403), (status = 404), (status = 422)))]
async fn participation(
    State(state): State<AppState>,
    user: AuthUser,
    Path(municipality_id): Path<String>,
    Query(query): Query<ReportQuery>,
) -> Result<Json<Participation>, AppError> {
    user.require_any(&municipality_id, SEES_FIGURES)?;
    Ok(Json(report(state.database.pool(), &municipality_id, &query).await?))
}

/// Participation by GP as CSV (semicolon-separated, UTF-8 with BOM, for Excel). Same access and filters.
#[utoipa::path(get, path = "/municipalities/{id}/participation.csv", tag = "analytics",
    params(("id" = String, Path, description = "Municipality id"), ReportQuery),
    responses((status = 200, content_type = "text/csv", body = String), (status = 403), (status = 404)))]
async fn participation_csv(
    State(state): State<AppState>,
    user: AuthUser,
    Path(municipality_id): Path<String>,
    Query(query): Query<ReportQuery>,
) -> Result<Response, AppError> {
    user.require_any(&municipality_id, SEES_FIGURES)?;
    let report = report(state.database.pool(), &municipality_id, &query).await?;
    export::csv_response(&export::participation_table(&report), "deltakelse.csv")
}

/// Participation by GP as an Excel workbook. Same access and filters.
#[utoipa::path(get, path = "/municipalities/{id}/participation.xlsx", tag = "analytics",
    params(("id" = String, Path, description = "Municipality id"), ReportQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>), (status = 403), (status = 404)))]
async fn participation_xlsx(
    State(state): State<AppState>,
    user: AuthUser,
    Path(municipality_id): Path<String>,
    Query(query): Query<ReportQuery>,
) -> Result<Response, AppError> {
    user.require_any(&municipality_id, SEES_FIGURES)?;
    let report = report(state.database.pool(), &municipality_id, &query).await?;
    export::xlsx_response(&export::participation_table(&report), "Deltakelse", "deltakelse.xlsx")
}

/// The year to compare.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct ComparisonQuery {
    #[param(minimum = 2000, maximum = 2100)]
    year: Option<i64>,
}

/// Participation rates of every municipality on the installation for a year, for comparison: rates only, no
/// names of people. Anyone who sees figures in at least one municipality.
#[utoipa::path(get, path = "/participation/comparison", tag = "analytics", params(ComparisonQuery),
    responses((status = 200, body = Vec<RateRow>), (status = 403)))]
async fn comparison(
    State(state): State<AppState>,
    user: AuthUser,
    Query(query): Query<ComparisonQuery>,
) -> Result<Json<Vec<RateRow>>, AppError> {
    if !user.installation_admin && !user.roles.iter().any(|(_, role)| SEES_FIGURES.contains(role)) {
        return Err(AppError::Forbidden);
    }
    let year = crate::meetings::time::year_or_now(query.year)?;
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
