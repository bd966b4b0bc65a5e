//! Importing the GP roster of a municipality from a CSV or XLSX file.
//!
//! - `parse.rs`: turns the file into validated rows with per-row errors (pure, no database).
//! - this module: matches rows with the people already there (by HPR number, else e-mail), plans what to create
//!   and update, and either returns that plan (the preview) or carries it out in one transaction.
//!
//! Re-importing the same file changes nothing. A file-level error (wrong format, missing columns, too many
//! rows, too large) changes nothing; rows with errors block the import unless the administrator chooses to
//! skip them. Imported people get the GP role in the municipality.

pub mod parse;

use std::collections::{BTreeSet, HashMap};

use axum::body::Bytes;
use axum::extract::State;
use legeting_shared::api::people as api;
use legeting_shared::people::Role;
use legeting_shared::roster::{RosterPreview, RosterRowResult, RowAction, RowProblem};
use serde_json::json;
use sqlx::AnyPool;

use crate::audit::{self, Change};
use crate::auth::{AuthUser, session};
use crate::endpoint::{PathOf, QueryOf, Routes};
use crate::error::FieldError;
use crate::error::{AppError, Json};
use crate::people::tenancy::{self, Authority, PersonScope};
use crate::people::{self, notices};
use crate::state::AppState;
use parse::{RosterRow, parse_roster};

/// The routes of this domain.
pub fn router() -> Routes {
    Routes::new().endpoint(api::PreviewImport, preview_import).endpoint(api::RunImport, run_import)
}

/// What the preview of a file would do: per row, create / update / unchanged / reject, with reasons.
/// Writes nothing. Administrators. The body is the file itself.
async fn preview_import(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(municipality_id): PathOf<api::PreviewImport>,
    QueryOf(query): QueryOf<api::PreviewImport>,
    body: Bytes,
) -> Result<Json<RosterPreview>, AppError> {
    user.require_any(&municipality_id, &[Role::Administrator])?;
    let plan = plan(state.database.pool(), &user, &municipality_id, &query.file_name, &body).await?;
    Ok(Json(plan.preview))
}

/// Import a file: create and update people and offices as the preview says, in one transaction.
/// Refused (nothing written) when rows have errors, unless `skip_invalid` is set. Administrators.
async fn run_import(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(municipality_id): PathOf<api::RunImport>,
    QueryOf(query): QueryOf<api::RunImport>,
    body: Bytes,
) -> Result<Json<RosterPreview>, AppError> {
    user.require_any(&municipality_id, &[Role::Administrator])?;
    let pool = state.database.pool();
    // The plan is read before the import's transaction; when someone else created or changed a person or an
    // office in between (the plan's new e-mail is now taken), the import is planned again on what is stored now
    // rather than refused.
    let mut attempt = 0;
    let plan = loop {
        let plan = plan(pool, &user, &municipality_id, &query.file_name, &body).await?;
        if plan.preview.rejected > 0 && !query.skip_invalid {
            return Err(FieldError::new(
                "file",
                "rows_rejected",
                format!("{} rows have errors; fix them or choose to skip them", plan.preview.rejected),
            )
            .into());
        }
        match apply(&state, &user, &municipality_id, &plan).await {
            Ok(()) => break plan,
            Err(AppError::Conflict(_) | AppError::Duplicate(_)) if attempt < 3 => attempt += 1,
            Err(error) => return Err(error),
        }
    };
    let mut preview = plan.preview;
    preview.applied = true;
    Ok(Json(preview))
}

/// A person already in the database, as far as the import compares.
#[derive(Debug, Clone)]
struct Existing {
    id: String,
    name: String,
    email: String,
    phone: Option<String>,
    hpr_number: Option<String>,
    office_id: Option<String>,
    specialist: bool,
    list_size: Option<i64>,
    open_list_places: Option<i64>,
    employment: Option<String>,
    has_gp_role: bool,
    /// What the importing administrator may change about this person.
    authority: Authority,
}

struct Plan {
    preview: RosterPreview,
    /// (row, the matched person if any), for rows that create or update.
    writes: Vec<(RosterRow, Option<Existing>)>,
    /// Office name → id, for existing offices.
    offices: HashMap<String, String>,
}

type PersonRow = (
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    i64,
    Option<i64>,
    Option<i64>,
    Option<String>,
    i64,
    Option<String>,
);

async fn plan(
    pool: &AnyPool,
    user: &AuthUser,
    municipality_id: &str,
    file_name: &str,
    bytes: &[u8],
) -> Result<Plan, AppError> {
    let rows = parse_roster(file_name, bytes)
        .map_err(|error| AppError::Field(FieldError::new("file", error.code(), error.to_string())))?;

    let offices: HashMap<String, String> =
        sqlx::query_as::<_, (String, String)>("SELECT name, id FROM offices WHERE municipality_id = $1")
            .bind(municipality_id)
            .fetch_all(pool)
            .await?
            .into_iter()
            .collect();
    let office_names: HashMap<String, String> = offices.iter().map(|(name, id)| (id.clone(), name.clone())).collect();

    // Only the municipality's own people can match (tenant isolation): a row naming someone who belongs
    // elsewhere is a conflict, never an update of them.
    let people: Vec<PersonRow> = sqlx::query_as(
        "SELECT p.id, p.name, p.email, p.phone, p.hpr_number, p.office_id, p.specialist, p.list_size, \
         p.open_list_places, p.employment, p.installation_admin, o.municipality_id FROM people p \
         LEFT JOIN offices o ON o.id = p.office_id \
         WHERE p.id IN (SELECT person_id FROM municipality_roles WHERE municipality_id = $1)",
    )
    .bind(municipality_id)
    .fetch_all(pool)
    .await?;
    // Where each of them holds roles, for what this municipality may change about them.
    let mut memberships: HashMap<String, BTreeSet<String>> = HashMap::new();
    let role_rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT DISTINCT r.person_id, r.municipality_id FROM municipality_roles r \
         WHERE r.person_id IN (SELECT person_id FROM municipality_roles WHERE municipality_id = $1)",
    )
    .bind(municipality_id)
    .fetch_all(pool)
    .await?;
    for (person_id, municipality) in role_rows {
        memberships.entry(person_id).or_default().insert(municipality);
    }
    // E-mail addresses and HPR numbers are unique across the installation: those held by anyone else.
    let elsewhere: Vec<(String, Option<String>)> = sqlx::query_as(
        "SELECT email, hpr_number FROM people \
         WHERE id NOT IN (SELECT person_id FROM municipality_roles WHERE municipality_id = $1)",
    )
    .bind(municipality_id)
    .fetch_all(pool)
    .await?;
    let emails_elsewhere: BTreeSet<String> = elsewhere.iter().map(|(email, _)| email.clone()).collect();
    let hprs_elsewhere: BTreeSet<String> = elsewhere.into_iter().filter_map(|(_, hpr)| hpr).collect();
    let gp_ids: BTreeSet<String> =
        sqlx::query_scalar("SELECT person_id FROM municipality_roles WHERE municipality_id = $1 AND role = 'gp'")
            .bind(municipality_id)
            .fetch_all(pool)
            .await?
            .into_iter()
            .collect();
    let existing: Vec<Existing> = people
        .into_iter()
        .map(|row| {
            let (id, name, email, phone, hpr_number, office_id, specialist, list_size, open_list_places, employment) =
                (row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7, row.8, row.9);
            let has_gp_role = gp_ids.contains(&id);
            let scope = PersonScope {
                municipalities: memberships.remove(&id).unwrap_or_default(),
                installation_admin: row.10 == 1,
                office_municipality: row.11,
            };
            Existing {
                authority: tenancy::decide(user, municipality_id, &id, &scope),
                id,
                name,
                email,
                phone,
                hpr_number,
                office_id,
                specialist: specialist == 1,
                list_size,
                open_list_places,
                employment,
                has_gp_role,
            }
        })
        .collect();
    let by_email: HashMap<&str, &Existing> = existing.iter().map(|p| (p.email.as_str(), p)).collect();
    let by_hpr: HashMap<&str, &Existing> =
        existing.iter().filter_map(|p| p.hpr_number.as_deref().map(|h| (h, p))).collect();

    let mut preview = RosterPreview {
        rows: Vec::new(),
        created: 0,
        updated: 0,
        unchanged: 0,
        rejected: 0,
        new_offices: Vec::new(),
        applied: false,
    };
    let mut writes = Vec::new();
    let mut new_offices = BTreeSet::new();
    for row in rows {
        let row = match row {
            Ok(row) => row,
            Err(error) => {
                preview.rejected += 1;
                preview.rows.push(RosterRowResult {
                    line: error.line,
                    action: RowAction::Reject,
                    name: error.name,
                    email: error.email,
                    office: None,
                    changes: Vec::new(),
                    problems: error.errors.into_iter().map(problem).collect(),
                });
                continue;
            }
        };
        let matched = row
            .hpr_number
            .as_ref()
            .and_then(|hpr| by_hpr.get(hpr.as_str()).copied())
            .or_else(|| by_email.get(row.email.as_str()).copied());
        let mut result = RosterRowResult {
            line: row.line,
            action: RowAction::Create,
            name: Some(row.name.as_str().to_owned()),
            email: Some(row.email.as_str().to_owned()),
            office: row.office.clone(),
            changes: Vec::new(),
            problems: Vec::new(),
        };
        // The e-mail (or HPR number) may belong to someone other than the person the row matched.
        if let Some(owner) = by_email.get(row.email.as_str())
            && matched.is_some_and(|m| m.id != owner.id)
        {
            result.problems.push(problem(FieldError::new(
                "email",
                "email_taken",
                "this e-mail address belongs to another person",
            )));
        }
        if let (None, Some(hpr)) = (matched, row.hpr_number.as_ref())
            && by_hpr.contains_key(hpr.as_str())
        {
            result.problems.push(problem(FieldError::new(
                "hpr_number",
                "hpr_taken",
                "this HPR number belongs to another person",
            )));
        }
        // Someone outside the municipality: a conflict for the installation's operator, without saying who.
        let outsider_email = emails_elsewhere.contains(row.email.as_str());
        let outsider_hpr = row.hpr_number.as_ref().is_some_and(|h| hprs_elsewhere.contains(h.as_str()));
        if outsider_hpr || (outsider_email && matched.is_none()) {
            result.problems.push(problem(FieldError::new(
                if outsider_hpr { "hpr_number" } else { "email" },
                "belongs_elsewhere",
                "this person is in another municipality; contact the installation's operator",
            )));
        } else if outsider_email {
            result.problems.push(problem(FieldError::new(
                "email",
                "email_taken",
                "this e-mail address belongs to another person",
            )));
        }
        // One of the municipality's own people who also belongs elsewhere: only membership fields change here.
        if let Some(person) = matched {
            let changed = changes(&row, person, &office_names);
            let refused = changed.iter().copied().find(|field| match *field {
                "name" | "email" | "phone" | "hpr_number" => !person.authority.identity,
                "office" | "specialist" | "list_size" | "open_list_places" | "employment" => !person.authority.practice,
                _ => false,
            });
            if let Some(field) = refused {
                result.problems.push(problem(tenancy::managed_elsewhere(field)));
            }
        }
        if !result.problems.is_empty() {
            result.action = RowAction::Reject;
            preview.rejected += 1;
            preview.rows.push(result);
            continue;
        }
        if let Some(office) = &row.office
            && !offices.contains_key(office)
        {
            new_offices.insert(office.clone());
        }
        match matched {
            None => {
                result.action = RowAction::Create;
                preview.created += 1;
                writes.push((row, None));
            }
            Some(person) => {
                result.changes = changes(&row, person, &office_names).into_iter().map(str::to_owned).collect();
                if result.changes.is_empty() {
                    result.action = RowAction::Unchanged;
                    preview.unchanged += 1;
                } else {
                    result.action = RowAction::Update;
                    preview.updated += 1;
                    writes.push((row, Some(person.clone())));
                }
            }
        }
        preview.rows.push(result);
    }
    preview.rows.sort_by_key(|r| r.line);
    preview.new_offices = new_offices.into_iter().collect();
    Ok(Plan { preview, writes, offices })
}

fn problem(error: FieldError) -> RowProblem {
    RowProblem { field: error.field.to_owned(), code: error.code.to_owned(), message: error.message }
}

/// The fields of `person` that the row would change. Empty cells leave optional fields as they are.
fn changes(row: &RosterRow, person: &Existing, office_names: &HashMap<String, String>) -> Vec<&'static str> {
    let mut changed = Vec::new();
    let mut check = |field: &'static str, differs: bool| {
        if differs {
            changed.push(field);
        }
    };
    check("name", row.name.as_str() != person.name);
    check("email", row.email.as_str() != person.email);
    check("phone", row.phone.as_ref().is_some_and(|p| Some(p.as_str()) != person.phone.as_deref()));
    check("hpr_number", row.hpr_number.as_ref().is_some_and(|h| Some(h.as_str()) != person.hpr_number.as_deref()));
    let current_office = person.office_id.as_ref().and_then(|id| office_names.get(id));
    check("office", row.office.as_ref().is_some_and(|o| Some(o) != current_office));
    check("specialist", row.specialist != person.specialist);
    check("list_size", row.list_size.is_some_and(|v| Some(v) != person.list_size));
    check("open_list_places", row.open_list_places.is_some_and(|v| Some(v) != person.open_list_places));
    check("employment", row.employment.is_some_and(|e| Some(e.as_str()) != person.employment.as_deref()));
    check("roles", !person.has_gp_role);
    changed
}

async fn apply(state: &AppState, user: &AuthUser, municipality_id: &str, plan: &Plan) -> Result<(), AppError> {
    let pool = state.database.pool();
    let mut tx = crate::db::begin(pool).await?;
    // People whose e-mail address the import replaces: told at their old address, signed out everywhere.
    let mut readdressed = Vec::new();
    let mut offices = plan.offices.clone();
    for name in &plan.preview.new_offices {
        let address = plan
            .writes
            .iter()
            .find(|(row, _)| row.office.as_ref() == Some(name))
            .and_then(|(row, _)| row.office_address.clone());
        let id = people::store::insert_office(&mut tx, municipality_id, name, address.as_deref()).await?;
        offices.insert(name.clone(), id);
    }
    for (row, existing) in &plan.writes {
        let office_id = row.office.as_ref().and_then(|name| offices.get(name)).cloned();
        let fields = people::store::PersonFields {
            name: row.name.as_str(),
            email: row.email.as_str(),
            phone: row.phone.as_ref().map(|p| p.as_str()),
            hpr_number: row.hpr_number.as_ref().map(|h| h.as_str()),
            office_id: office_id.as_deref(),
            specialist: row.specialist,
            list_size: row.list_size,
            open_list_places: row.open_list_places,
            employment: row.employment.map(|e| e.as_str()),
            active: true,
        };
        let person_id = match existing {
            None => people::store::insert_person_with(&mut tx, &fields).await?,
            Some(person) => {
                people::store::update_person_from_roster(&mut tx, &person.id, &fields).await?;
                if person.email != row.email.as_str() {
                    notices::address_changed(
                        &mut tx,
                        state,
                        municipality_id,
                        &person.id,
                        &person.email,
                        row.email.as_str(),
                    )
                    .await?;
                    readdressed.push(person.id.clone());
                }
                person.id.clone()
            }
        };
        people::store::grant_role(&mut tx, &person_id, municipality_id, Role::Gp).await?;
    }
    audit::commit(
        tx,
        Change {
            actor_id: Some(&user.person_id),
            municipality_id: Some(municipality_id),
            action: "roster.imported",
            entity_id: None,
            details: json!({
                "created": plan.preview.created, "updated": plan.preview.updated,
                "unchanged": plan.preview.unchanged, "skipped": plan.preview.rejected,
                "new_offices": plan.preview.new_offices,
                "people": plan.writes.iter().map(|(row, existing)| json!({
                    "email": row.email.as_str(),
                    "action": if existing.is_some() { "updated" } else { "created" },
                })).collect::<Vec<_>>(),
            }),
        },
    )
    .await?;
    for person_id in &readdressed {
        session::revoke_all(pool, person_id).await?;
        crate::hub::access_changed(&state.live, &state.database, Some(person_id)).await;
    }
    if !readdressed.is_empty() {
        state.wake_mail_worker();
    }
    Ok(())
}
