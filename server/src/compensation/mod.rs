//! Compensation for taking part: hours per attended meeting (the meeting itself, plus preparation and, for
//! those who came in person, travel, as set on the body) × the hourly rate that applies on the meeting's
//! date for that GP (specialist or not). Rates come in periods; the installation's defaults are the ASA 4310
//! municipal-work rates (1,230 kr/h for specialists and 1,075 kr/h for others from 1 July 2024), and a
//! municipality's own periods take precedence from their dates.
//!
//! Money is in øre as integers; each line is rounded to the nearest øre (half up) once, and totals are sums
//! of lines, so a statement adds up exactly.

use std::collections::HashMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use legeting_shared::api::compensation as api;
use legeting_shared::participation::{CompensationLine, CompensationStatement, RatePeriod};
use legeting_shared::people::Role;
use serde_json::json;
use sqlx::AnyPool;

use crate::analytics::export::{Cell, Table, csv_response, xlsx_response};
use crate::audit::{self, Change};
use crate::auth::AuthUser;
use crate::db::{new_id, now_ms};
use crate::endpoint::{JsonOf, PathOf, QueryOf, Routes};
use crate::error::FieldError;
use crate::error::{AppError, Json};
use crate::state::AppState;
use crate::time::{date_bounds, date_of, parse_date};

/// The routes of this domain.
pub fn router() -> Routes {
    Routes::new()
        .endpoint(api::ListRates, list_rates)
        .endpoint(api::AddRate, add_rate)
        .endpoint(api::DeleteRate, delete_rate)
        .endpoint(api::MyCompensation, my_compensation)
        .endpoint(api::MunicipalityCompensation, municipality_compensation)
        .endpoint(api::PayrollCsv, payroll_csv)
        .endpoint(api::PayrollXlsx, payroll_xlsx)
}

/// Roles that see everyone's compensation.
const SEES_PAY: &[Role] = &[Role::Administrator, Role::Leader];

/// The amount for `minutes` at `rate_ore` per hour, rounded half up to whole øre.
pub fn amount_ore(minutes: i64, rate_ore: i64) -> i64 {
    (minutes * rate_ore + 30) / 60
}

/// All rate periods that apply to a municipality (its own and the defaults), oldest first.
pub async fn rate_periods(pool: &AnyPool, municipality_id: &str) -> Result<Vec<RatePeriod>, sqlx::Error> {
    let rows: Vec<(String, Option<String>, String, i64, i64)> = sqlx::query_as(
        "SELECT id, municipality_id, valid_from, specialist_rate_ore, other_rate_ore FROM rate_periods \
         WHERE municipality_id IS NULL OR municipality_id = $1 ORDER BY valid_from, municipality_id",
    )
    .bind(municipality_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, municipality_id, valid_from, specialist_rate_ore, other_rate_ore)| RatePeriod {
            id,
            municipality_id,
            valid_from,
            specialist_rate_ore,
            other_rate_ore,
        })
        .collect())
}

/// The rate on `date` (ISO) for a specialist or not: the latest period starting on or before the date, the
/// municipality's own before the default when both start the same day.
pub fn rate_on(periods: &[RatePeriod], date: &str, specialist: bool) -> Option<i64> {
    periods
        .iter()
        .filter(|p| p.valid_from.as_str() <= date)
        .max_by(|a, b| {
            a.valid_from.cmp(&b.valid_from).then_with(|| a.municipality_id.is_some().cmp(&b.municipality_id.is_some()))
        })
        .map(|p| if specialist { p.specialist_rate_ore } else { p.other_rate_ore })
}

/// Compute the statement of a municipality for a period, for one person or everyone.
pub async fn statement(
    pool: &AnyPool,
    municipality_id: &str,
    from: &str,
    to: &str,
    only_person: Option<&str>,
) -> Result<CompensationStatement, AppError> {
    let (start, end) = date_bounds(from, to)?;
    let periods = rate_periods(pool, municipality_id).await?;
    // The meetings of the period first (by municipality and time), then their attendance, the person and
    // their GP role by primary keys: `CROSS JOIN` keeps SQLite to that order (on PostgreSQL it is a plain
    // join). Other orders, an `IN (…)` list of GPs and sorting the wide rows in SQL took seconds for a
    // national municipality; the rows are sorted here (by name, then start, person and meeting).
    let rows: Vec<(String, String, Option<String>, i64, String, String, i64, i64, String, i64, i64)> = sqlx::query_as(
        "SELECT p.id, p.name, p.hpr_number, p.specialist, m.id, m.title, m.starts_at, m.ends_at, a.status, \
         COALESCE(m.preparation_minutes, b.preparation_minutes, 0), COALESCE(m.travel_minutes, b.travel_minutes, 0) \
         FROM meetings m CROSS JOIN attendance a CROSS JOIN people p CROSS JOIN municipality_roles r \
         LEFT JOIN bodies b ON b.id = m.body_id \
         WHERE a.meeting_id = m.id AND p.id = a.person_id AND r.person_id = p.id AND r.municipality_id = $1 \
         AND r.role = 'gp' AND m.municipality_id = $1 AND m.starts_at >= $2 AND m.starts_at < $3 AND m.status NOT IN ('draft', 'cancelled') \
         AND a.status IN ('in_person', 'remote') AND COALESCE(b.compensated, 1) = 1 AND ($4 IS NULL OR p.id = $4)",
    )
    .bind(municipality_id)
    .bind(start)
    .bind(end)
    .bind(only_person)
    .fetch_all(pool)
    .await?;
    let mut rows = rows;
    rows.sort_unstable_by(|a, b| {
        a.1.cmp(&b.1).then(a.6.cmp(&b.6)).then_with(|| a.0.cmp(&b.0)).then_with(|| a.4.cmp(&b.4))
    });
    let mut lines = Vec::new();
    for (
        person_id,
        name,
        hpr_number,
        specialist,
        meeting_id,
        meeting_title,
        starts_at,
        ends_at,
        status,
        preparation,
        travel,
    ) in rows
    {
        let specialist = specialist == 1;
        let date = date_of(starts_at);
        let Some(rate_ore) = rate_on(&periods, &date, specialist) else { continue };
        let meeting_minutes = (ends_at - starts_at) / 60_000;
        let travel_minutes = if status == "in_person" { travel } else { 0 };
        let minutes = meeting_minutes + preparation + travel_minutes;
        lines.push(CompensationLine {
            person_id,
            name,
            hpr_number,
            meeting_id,
            meeting_title,
            date,
            meeting_minutes,
            preparation_minutes: preparation,
            travel_minutes,
            specialist,
            rate_ore,
            amount_ore: amount_ore(minutes, rate_ore),
        });
    }
    let total_ore = lines.iter().map(|l| l.amount_ore).sum();
    Ok(CompensationStatement { from: from.to_owned(), to: to.to_owned(), lines, total_ore })
}

/// The rate periods of a municipality (with the installation defaults). Administrators and leaders.
async fn list_rates(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(municipality_id): PathOf<api::ListRates>,
) -> Result<Json<Vec<RatePeriod>>, AppError> {
    user.require_any(&municipality_id, SEES_PAY)?;
    Ok(Json(rate_periods(state.database.pool(), &municipality_id).await?))
}

/// Add a rate period for the municipality. Administrators.
async fn add_rate(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(municipality_id): PathOf<api::AddRate>,
    JsonOf(input): JsonOf<api::AddRate>,
) -> Result<(StatusCode, Json<RatePeriod>), AppError> {
    user.require_any(&municipality_id, &[Role::Administrator])?;
    let valid_from = parse_date("valid_from", &input.valid_from)?;
    for (field, value) in [("specialist_rate_ore", input.specialist_rate_ore), ("other_rate_ore", input.other_rate_ore)]
    {
        if !(1..=10_000_000).contains(&value) {
            return Err(FieldError::new(field, "invalid_rate", "an hourly rate in øre between 1 and 10,000,000").into());
        }
    }
    let id = new_id();
    let mut tx = state.database.begin().await?;
    sqlx::query(
        "INSERT INTO rate_periods (id, municipality_id, valid_from, specialist_rate_ore, other_rate_ore, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&id)
    .bind(municipality_id.as_str())
    .bind(&valid_from)
    .bind(input.specialist_rate_ore)
    .bind(input.other_rate_ore)
    .bind(&user.person_id)
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    audit::commit(tx, Change {
        actor_id: Some(&user.person_id),
        municipality_id: Some(&municipality_id),
        action: "rate.added",
        entity_id: Some(&id),
        details: json!({ "valid_from": valid_from, "specialist_rate_ore": input.specialist_rate_ore, "other_rate_ore": input.other_rate_ore }),
    })
    .await?;
    let period = RatePeriod {
        id,
        municipality_id: Some(municipality_id.into_string()),
        valid_from,
        specialist_rate_ore: input.specialist_rate_ore,
        other_rate_ore: input.other_rate_ore,
    };
    Ok((StatusCode::CREATED, Json(period)))
}

/// Remove one of the municipality's rate periods (the defaults stay). Administrators.
async fn delete_rate(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf((municipality_id, rate_id)): PathOf<api::DeleteRate>,
) -> Result<StatusCode, AppError> {
    user.require_any(&municipality_id, &[Role::Administrator])?;
    let mut tx = state.database.begin().await?;
    let done = sqlx::query("DELETE FROM rate_periods WHERE id = $1 AND municipality_id = $2")
        .bind(rate_id.as_str())
        .bind(municipality_id.as_str())
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    audit::commit(
        tx,
        Change {
            actor_id: Some(&user.person_id),
            municipality_id: Some(&municipality_id),
            action: "rate.deleted",
            entity_id: Some(&rate_id),
            details: json!({}),
        },
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// My compensation for a period, in every municipality where I am a GP.
async fn my_compensation(
    State(state): State<AppState>,
    user: AuthUser,
    QueryOf(period): QueryOf<api::MyCompensation>,
) -> Result<Json<Vec<CompensationStatement>>, AppError> {
    let mut statements = Vec::new();
    for (municipality_id, role) in &user.roles {
        if *role == Role::Gp {
            statements.push(
                statement(state.database.pool(), municipality_id, &period.from, &period.to, Some(&user.person_id))
                    .await?,
            );
        }
    }
    Ok(Json(statements))
}

/// Everyone's compensation in a municipality for a period. Administrators and leaders.
async fn municipality_compensation(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(municipality_id): PathOf<api::MunicipalityCompensation>,
    QueryOf(period): QueryOf<api::MunicipalityCompensation>,
) -> Result<Json<CompensationStatement>, AppError> {
    user.require_any(&municipality_id, SEES_PAY)?;
    Ok(Json(statement(state.database.pool(), &municipality_id, &period.from, &period.to, None).await?))
}

/// The payroll table: one row per GP with hours and the amount in kroner.
fn payroll_table(statement: &CompensationStatement) -> Table {
    let mut by_person: Vec<(String, Option<String>, i64, i64)> = Vec::new();
    // Where each (name, HPR number) is in `by_person`, which keeps the order of first appearance.
    let mut index: HashMap<(&str, Option<&str>), usize> = HashMap::new();
    for line in &statement.lines {
        let minutes = line.meeting_minutes + line.preparation_minutes + line.travel_minutes;
        match index.get(&(line.name.as_str(), line.hpr_number.as_deref())) {
            Some(&at) => {
                by_person[at].2 += minutes;
                by_person[at].3 += line.amount_ore;
            }
            None => {
                index.insert((line.name.as_str(), line.hpr_number.as_deref()), by_person.len());
                by_person.push((line.name.clone(), line.hpr_number.clone(), minutes, line.amount_ore));
            }
        }
    }
    Table {
        header: vec!["Fastlege", "HPR-nummer", "Timer", "Beløp (kr)"],
        rows: by_person
            .into_iter()
            .map(|(name, hpr, minutes, ore)| {
                vec![
                    Cell::Text(name),
                    Cell::Text(hpr.unwrap_or_default()),
                    Cell::Number((minutes as f64 / 60.0 * 100.0).round() / 100.0),
                    Cell::Number(ore as f64 / 100.0),
                ]
            })
            .collect(),
    }
}

/// The payroll export for a period as CSV. Administrators and leaders.
async fn payroll_csv(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(municipality_id): PathOf<api::PayrollCsv>,
    QueryOf(period): QueryOf<api::PayrollCsv>,
) -> Result<Response, AppError> {
    user.require_any(&municipality_id, SEES_PAY)?;
    let statement = statement(state.database.pool(), &municipality_id, &period.from, &period.to, None).await?;
    csv_response(&payroll_table(&statement), "godtgjoring.csv")
}

/// The payroll export for a period as an Excel workbook. Administrators and leaders.
async fn payroll_xlsx(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(municipality_id): PathOf<api::PayrollXlsx>,
    QueryOf(period): QueryOf<api::PayrollXlsx>,
) -> Result<Response, AppError> {
    user.require_any(&municipality_id, SEES_PAY)?;
    let statement = statement(state.database.pool(), &municipality_id, &period.from, &period.to, None).await?;
    xlsx_response(&payroll_table(&statement), "Godtgjøring", "godtgjoring.xlsx")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period(from: &str, specialist: i64, other: i64, own: bool) -> RatePeriod {
        RatePeriod {
            id: from.into(),
            municipality_id: own.then(|| "m".into()),
            valid_from: from.into(),
            specialist_rate_ore: specialist,
            other_rate_ore: other,
        }
    }

    #[test]
    fn amounts_are_rounded_half_up_to_whole_ore() {
        assert_eq!(amount_ore(120, 123_000), 246_000);
        assert_eq!(amount_ore(1, 107_500), 1_792); // 1791.67 øre
        assert_eq!(amount_ore(1, 90), 2); // 1.5 øre rounds up
    }

    #[test]
    fn the_rate_is_the_latest_period_on_the_date_and_the_municipality_wins_ties() {
        let periods = [
            period("2024-07-01", 123_000, 107_500, false),
            period("2025-07-01", 130_000, 112_000, true),
            period("2025-07-01", 1, 1, false),
        ];
        assert_eq!(rate_on(&periods, "2024-06-30", true), None);
        assert_eq!(rate_on(&periods, "2025-06-30", true), Some(123_000));
        assert_eq!(rate_on(&periods, "2025-07-01", false), Some(112_000));
    }
}
