//! HTTP endpoints for municipalities, offices, people, roles and invitations.
//!
//! Who may do what (enforced here through `AuthUser`, tested route by route in `tests/api/authorization.rs`):
//! - any member of a municipality sees it and its offices;
//! - administrators, leaders, secretaries and GPs see the people list; guests do not;
//! - administrators change people, roles, offices and the municipality, and send invitations;
//! - installation administrators create municipalities.

use axum::extract::State;
use axum::http::StatusCode;
use legeting_shared::api::people as api;
use legeting_shared::people::{Municipality, Office, OfficeInput, Person, PersonInput, Role};
use serde_json::json;

use super::mails;
use super::model::{Email, HprNumber, PersonName, Phone, parse_count};
use super::store::{self, PeopleFilter};
use super::{notices, tenancy};
use crate::audit::{self, Change};
use crate::auth::{AuthUser, session, tokens};
use crate::endpoint::{JsonOf, PathOf, QueryOf, Routes};
use crate::error::FieldError;
use crate::error::{AppError, Json};
use crate::state::AppState;

/// The routes of this domain.
pub fn router() -> Routes {
    Routes::new()
        .endpoint(api::ListMunicipalities, list_municipalities)
        .endpoint(api::CreateMunicipality, create_municipality)
        .endpoint(api::UpdateMunicipality, update_municipality)
        .endpoint(api::ListOffices, list_offices)
        .endpoint(api::CreateOffice, create_office)
        .endpoint(api::UpdateOffice, update_office)
        .endpoint(api::ListPeople, list_people)
        .endpoint(api::CreatePerson, create_person)
        .endpoint(api::GetPerson, get_person)
        .endpoint(api::UpdatePerson, update_person)
        .endpoint(api::InvitePerson, invite_person)
}

/// Roles that may see the people of a municipality.
const SEES_PEOPLE: &[Role] = &[Role::Administrator, Role::Leader, Role::Secretary, Role::Gp];

/// A municipality number: four digits, or nothing.
pub fn parse_municipality_number(value: Option<&str>) -> Result<Option<String>, FieldError> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(number) if number.len() == 4 && number.chars().all(|c| c.is_ascii_digit()) => Ok(Some(number.to_owned())),
        Some(other) => {
            Err(FieldError::new("number", "invalid_municipality_number", format!("{other:?} is not four digits")))
        }
    }
}

/// Municipalities the signed-in person belongs to (every one for installation administrators).
async fn list_municipalities(
    State(state): State<AppState>,
    user: AuthUser,
) -> Result<Json<Vec<Municipality>>, AppError> {
    Ok(Json(store::municipalities_for(state.database.pool(), &user.person_id, user.installation_admin).await?))
}

/// Create a municipality. Installation administrators only.
async fn create_municipality(
    State(state): State<AppState>,
    user: AuthUser,
    JsonOf(input): JsonOf<api::CreateMunicipality>,
) -> Result<(StatusCode, Json<Municipality>), AppError> {
    if !user.installation_admin {
        return Err(AppError::Forbidden);
    }
    let name = PersonName::parse(&input.name).map_err(|mut e| {
        e.field = "name";
        e
    })?;
    let number = parse_municipality_number(input.number.as_deref())?;
    let written_standard = input.written_standard.unwrap_or_default();
    let mut tx = state.database.begin().await?;
    let Municipality { id, .. } =
        store::insert_municipality(&mut tx, name.as_str(), number.as_deref(), written_standard).await?;
    audit::commit(
        tx,
        Change {
            actor_id: Some(&user.person_id),
            municipality_id: Some(&id),
            action: "municipality.created",
            entity_id: Some(&id),
            details: json!({ "name": name.as_str(), "number": number, "written_standard": written_standard.tag() }),
        },
    )
    .await?;
    Ok((StatusCode::CREATED, Json(Municipality { id, name: name.as_str().to_owned(), number, written_standard })))
}

/// Rename a municipality, change its number or its written standard. Administrators.
async fn update_municipality(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(id): PathOf<api::UpdateMunicipality>,
    JsonOf(input): JsonOf<api::UpdateMunicipality>,
) -> Result<Json<Municipality>, AppError> {
    user.require_any(&id, &[Role::Administrator])?;
    let before = store::municipality(state.database.pool(), &id).await?.ok_or(AppError::NotFound)?;
    let name = PersonName::parse(&input.name)?;
    let number = parse_municipality_number(input.number.as_deref())?;
    let written_standard = input.written_standard.unwrap_or(before.written_standard);
    let mut tx = state.database.begin().await?;
    store::update_municipality(&mut tx, &id, name.as_str(), number.as_deref(), written_standard).await?;
    audit::commit(
        tx,
        Change {
            actor_id: Some(&user.person_id),
            municipality_id: Some(&id),
            action: "municipality.updated",
            entity_id: Some(&id),
            details: json!({
                "name": [before.name, name.as_str()],
                "number": [before.number, number],
                "written_standard": [before.written_standard.tag(), written_standard.tag()],
            }),
        },
    )
    .await?;
    Ok(Json(Municipality { id: id.into_string(), name: name.as_str().to_owned(), number, written_standard }))
}

/// The GP offices of a municipality. Any member.
async fn list_offices(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(id): PathOf<api::ListOffices>,
) -> Result<Json<Vec<Office>>, AppError> {
    user.require_member(&id)?;
    Ok(Json(store::offices(state.database.pool(), &id).await?))
}

fn parse_office(input: &OfficeInput) -> Result<(String, Option<String>), FieldError> {
    let name = PersonName::parse(&input.name)?.as_str().to_owned();
    let address = input.address.as_deref().map(str::trim).filter(|a| !a.is_empty()).map(str::to_owned);
    Ok((name, address))
}

/// Add a GP office. Administrators.
async fn create_office(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(municipality_id): PathOf<api::CreateOffice>,
    JsonOf(input): JsonOf<api::CreateOffice>,
) -> Result<(StatusCode, Json<Office>), AppError> {
    user.require_any(&municipality_id, &[Role::Administrator])?;
    let (name, address) = parse_office(&input)?;
    let mut tx = state.database.begin().await?;
    let id = store::insert_office(&mut tx, &municipality_id, &name, address.as_deref()).await?;
    audit::commit(
        tx,
        Change {
            actor_id: Some(&user.person_id),
            municipality_id: Some(&municipality_id),
            action: "office.created",
            entity_id: Some(&id),
            details: json!({ "name": name, "address": address }),
        },
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(Office { id, municipality_id: municipality_id.into_string(), name, address, gp_count: 0 }),
    ))
}

/// Rename an office or change its address. Administrators of its municipality.
async fn update_office(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(id): PathOf<api::UpdateOffice>,
    JsonOf(input): JsonOf<api::UpdateOffice>,
) -> Result<Json<Office>, AppError> {
    let pool = state.database.pool();
    let municipality_id = store::office_municipality(pool, &id).await?.ok_or(AppError::NotFound)?;
    user.require_any(&municipality_id, &[Role::Administrator])?;
    let (name, address) = parse_office(&input)?;
    let mut tx = crate::db::begin(pool).await?;
    store::update_office(&mut tx, &id, &name, address.as_deref()).await?;
    audit::commit(
        tx,
        Change {
            actor_id: Some(&user.person_id),
            municipality_id: Some(&municipality_id),
            action: "office.updated",
            entity_id: Some(&id),
            details: json!({ "name": name, "address": address }),
        },
    )
    .await?;
    let office = store::offices(pool, &municipality_id).await?.into_iter().find(|o| o.id == id);
    office.map(Json).ok_or(AppError::NotFound)
}

/// People in a municipality, with search and filters. Administrators, leaders, secretaries and GPs.
async fn list_people(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(id): PathOf<api::ListPeople>,
    QueryOf(query): QueryOf<api::ListPeople>,
) -> Result<Json<Vec<Person>>, AppError> {
    user.require_any(&id, SEES_PEOPLE)?;
    let filter = PeopleFilter {
        query: query.q.filter(|q| !q.trim().is_empty()),
        role: query.role,
        office_id: query.office.filter(|o| !o.is_empty()),
        include_inactive: query.inactive,
    };
    Ok(Json(store::people_in(state.database.pool(), &id, &filter).await?))
}

/// A person input, parsed.
struct ParsedPerson {
    name: PersonName,
    email: Email,
    phone: Option<Phone>,
    hpr_number: Option<HprNumber>,
    office_id: Option<String>,
    specialist: bool,
    list_size: Option<i64>,
    open_list_places: Option<i64>,
    employment: Option<&'static str>,
    active: bool,
    roles: Vec<Role>,
}

impl ParsedPerson {
    /// The columns `people::store` writes.
    fn fields(&self) -> store::PersonFields<'_> {
        store::PersonFields {
            name: self.name.as_str(),
            email: self.email.as_str(),
            phone: self.phone.as_ref().map(Phone::as_str),
            hpr_number: self.hpr_number.as_ref().map(HprNumber::as_str),
            office_id: self.office_id.as_deref(),
            specialist: self.specialist,
            list_size: self.list_size,
            open_list_places: self.open_list_places,
            employment: self.employment,
            active: self.active,
        }
    }
}

async fn parse_person(state: &AppState, municipality_id: &str, input: &PersonInput) -> Result<ParsedPerson, AppError> {
    let non_empty = |v: &Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
    let office_id = non_empty(&input.office_id);
    if let Some(office_id) = &office_id
        && store::office_municipality(state.database.pool(), office_id).await?.as_deref() != Some(municipality_id)
    {
        return Err(FieldError::new("office_id", "unknown_office", "no such office in this municipality").into());
    }
    let mut roles = input.roles.clone();
    roles.sort();
    roles.dedup();
    Ok(ParsedPerson {
        name: PersonName::parse(&input.name)?,
        email: Email::parse(&input.email)?,
        phone: non_empty(&input.phone).as_deref().map(Phone::parse).transpose()?,
        hpr_number: non_empty(&input.hpr_number).as_deref().map(HprNumber::parse).transpose()?,
        office_id,
        specialist: input.specialist,
        list_size: input.list_size.map(|v| parse_count("list_size", v)).transpose()?,
        open_list_places: input.open_list_places.map(|v| parse_count("open_list_places", v)).transpose()?,
        employment: input.employment.map(|e| e.as_str()),
        active: input.active,
        roles,
    })
}

/// Add a person to a municipality with their roles. Administrators.
async fn create_person(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(municipality_id): PathOf<api::CreatePerson>,
    JsonOf(input): JsonOf<api::CreatePerson>,
) -> Result<(StatusCode, Json<Person>), AppError> {
    user.require_any(&municipality_id, &[Role::Administrator])?;
    let person = parse_person(&state, &municipality_id, &input).await?;
    if person.roles.is_empty() {
        return Err(FieldError::new("roles", "role_required", "choose at least one role").into());
    }
    let mut tx = state.database.begin().await?;
    let id = store::insert_person_with(&mut tx, &person.fields()).await?;
    store::replace_roles(&mut tx, &municipality_id, &id, &person.roles).await?;
    audit::commit(
        tx,
        Change {
            actor_id: Some(&user.person_id),
            municipality_id: Some(&municipality_id),
            action: "person.created",
            entity_id: Some(&id),
            details: json!({
                "name": person.name.as_str(), "email": person.email.as_str(),
                "roles": person.roles.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
            }),
        },
    )
    .await?;
    let created = store::person_in(state.database.pool(), &municipality_id, &id).await?.ok_or(AppError::NotFound)?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// A person with their roles in the municipality. Administrators, leaders, secretaries and GPs, and the
/// person themself.
async fn get_person(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf((municipality_id, person_id)): PathOf<api::GetPerson>,
) -> Result<Json<Person>, AppError> {
    if user.person_id != person_id {
        user.require_any(&municipality_id, SEES_PEOPLE)?;
    }
    let person = store::person_in(state.database.pool(), &municipality_id, &person_id).await?;
    match person {
        Some(person) if !person.roles.is_empty() || user.installation_admin => Ok(Json(person)),
        _ => Err(AppError::NotFound),
    }
}

/// Change a person and their roles in the municipality. Administrators. Deactivating a person (they left)
/// signs them out everywhere; their history stays for statistics. A person who also belongs to another
/// municipality keeps their name, e-mail, phone, HPR number and active flag (see `tenancy.rs`); a new e-mail
/// address is told to the old one, and the person's sessions and sign-in links end.
async fn update_person(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf((municipality_id, person_id)): PathOf<api::UpdatePerson>,
    JsonOf(input): JsonOf<api::UpdatePerson>,
) -> Result<Json<Person>, AppError> {
    user.require_any(&municipality_id, &[Role::Administrator])?;
    let pool = state.database.pool();
    let before = store::person_in(pool, &municipality_id, &person_id).await?.ok_or(AppError::NotFound)?;
    if before.roles.is_empty() && !user.installation_admin {
        return Err(AppError::NotFound);
    }
    let person = parse_person(&state, &municipality_id, &input).await?;
    let authority = tenancy::authority(pool, &user, &municipality_id, &person_id).await?;
    if !authority.identity {
        let identity_changes = [
            ("name", person.name.as_str() != before.name),
            ("email", person.email.as_str() != before.email),
            ("phone", person.phone.as_ref().map(Phone::as_str) != before.phone.as_deref()),
            ("hpr_number", person.hpr_number.as_ref().map(HprNumber::as_str) != before.hpr_number.as_deref()),
            ("active", person.active != before.active),
        ];
        if let Some((field, _)) = identity_changes.iter().find(|(_, changed)| *changed) {
            return Err(tenancy::managed_elsewhere(field).into());
        }
    }
    if !authority.practice {
        let practice_changes = [
            ("office_id", person.office_id != before.office_id),
            ("specialist", person.specialist != before.specialist),
            ("list_size", person.list_size != before.list_size),
            ("open_list_places", person.open_list_places != before.open_list_places),
            ("employment", person.employment != before.employment.map(|e| e.as_str())),
        ];
        if let Some((field, _)) = practice_changes.iter().find(|(_, changed)| *changed) {
            return Err(tenancy::managed_elsewhere(field).into());
        }
    }
    if person_id == user.person_id && !person.roles.contains(&Role::Administrator) && !user.installation_admin {
        return Err(FieldError::new(
            "roles",
            "cannot_remove_own_admin",
            "you cannot remove your own administrator role",
        )
        .into());
    }
    let mut tx = crate::db::begin(pool).await?;
    store::update_person(&mut tx, &person_id, &person.fields()).await?;
    store::replace_roles(&mut tx, &municipality_id, &person_id, &person.roles).await?;
    let after = json!({
        "name": person.name.as_str(), "email": person.email.as_str(),
        "phone": person.phone.as_ref().map(Phone::as_str), "hpr_number": person.hpr_number.as_ref().map(HprNumber::as_str),
        "office_id": person.office_id, "specialist": person.specialist, "list_size": person.list_size,
        "open_list_places": person.open_list_places, "employment": person.employment, "active": person.active,
        "roles": person.roles.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
    });
    let before_json = json!({
        "name": before.name, "email": before.email, "phone": before.phone, "hpr_number": before.hpr_number,
        "office_id": before.office_id, "specialist": before.specialist, "list_size": before.list_size,
        "open_list_places": before.open_list_places, "employment": before.employment.map(|e| e.as_str()),
        "active": before.active, "roles": before.roles.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
    });
    let mut changes = serde_json::Map::new();
    if let (Some(old), Some(new)) = (before_json.as_object(), after.as_object()) {
        for (key, new_value) in new {
            let old_value = old.get(key).cloned().unwrap_or(serde_json::Value::Null);
            if &old_value != new_value {
                changes.insert(key.clone(), json!([old_value, new_value]));
            }
        }
    }
    audit::record(
        &mut *tx,
        Change {
            actor_id: Some(&user.person_id),
            municipality_id: Some(&municipality_id),
            action: "person.updated",
            entity_id: Some(&person_id),
            details: serde_json::Value::Object(changes),
        },
    )
    .await?;
    let email_changed = person.email.as_str() != before.email;
    if email_changed {
        notices::address_changed(&mut tx, &state, &municipality_id, &person_id, &before.email, person.email.as_str())
            .await?;
    }
    tx.commit().await?;
    if (before.active && !person.active) || email_changed {
        session::revoke_all(pool, &person_id).await?;
    }
    if email_changed {
        state.wake_mail_worker();
    }
    // Open live-room connections re-check the person's session and roles.
    crate::hub::access_changed(&state.live, &state.database, Some(&person_id)).await;
    let updated = store::person_in(pool, &municipality_id, &person_id).await?.ok_or(AppError::NotFound)?;
    Ok(Json(updated))
}

/// E-mail an invitation link to a person: it signs them in and lets them choose a password or keep using
/// e-mail links. Administrators.
async fn invite_person(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf((municipality_id, person_id)): PathOf<api::InvitePerson>,
) -> Result<StatusCode, AppError> {
    user.require_any(&municipality_id, &[Role::Administrator])?;
    let pool = state.database.pool();
    let person = store::person_in(pool, &municipality_id, &person_id).await?.ok_or(AppError::NotFound)?;
    if person.roles.is_empty() || !person.active {
        return Err(AppError::NotFound);
    }
    let (_, _, language) = store::contact(pool, &person_id).await?.ok_or(AppError::NotFound)?;
    let token = tokens::issue(pool, Some(&person_id), tokens::Purpose::Invitation).await?;
    let link = format!("{}/innlogging/lenke?token={token}", state.config.effective_base_url());
    let mail = mails::build(mails::Kind::Invitation, &language, &person.name, &person.email, &link);
    crate::outbox::send_now(
        &state,
        crate::outbox::NewMail {
            dedupe_key: crate::outbox::unique_key("invitation"),
            category: crate::outbox::Category::SignIn,
            municipality_id: Some(municipality_id.to_string()),
            person_id: Some(person_id.to_string()),
            meeting_id: None,
            schedule_id: None,
            mail,
            sensitive: true,
            skip_reason: None,
        },
    )
    .await?;
    audit::record(
        pool,
        Change {
            actor_id: Some(&user.person_id),
            municipality_id: Some(&municipality_id),
            action: "person.invited",
            entity_id: Some(&person_id),
            details: json!({ "email": person.email }),
        },
    )
    .await?;
    Ok(StatusCode::ACCEPTED)
}
