//! SQL for municipalities, offices, people and roles. Small named functions taking a pool or a transaction.

use legeting_shared::auth::{Me, Membership};
use legeting_shared::people::{Employment, Municipality, Office, Person, Role, WrittenStandard};
use sqlx::{AnyPool, Row};

/// Columns of a person row, in the order [`person_from_row`] reads them.
/// The columns of a person; `$1` must be the municipality the person is seen from.
const PERSON_COLUMNS: &str = "p.id, p.name, p.email, p.phone, p.hpr_number, p.office_id, o.name AS office_name, \
     p.specialist, p.list_size, p.open_list_places, p.employment, p.active, p.password_hash, \
     CAST(CASE WHEN p.installation_admin = 1 OR EXISTS (SELECT 1 FROM municipality_roles x \
       WHERE x.person_id = p.id AND x.municipality_id <> $1) THEN 1 ELSE 0 END AS BIGINT) AS managed_elsewhere";

fn person_from_row(row: &sqlx::any::AnyRow) -> Result<Person, sqlx::Error> {
    let employment: Option<String> = row.try_get("employment")?;
    let password_hash: Option<String> = row.try_get("password_hash")?;
    Ok(Person {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        email: row.try_get("email")?,
        phone: row.try_get("phone")?,
        hpr_number: row.try_get("hpr_number")?,
        office_id: row.try_get("office_id")?,
        office_name: row.try_get("office_name")?,
        specialist: row.try_get::<i64, _>("specialist")? == 1,
        list_size: row.try_get("list_size")?,
        open_list_places: row.try_get("open_list_places")?,
        employment: employment.as_deref().and_then(Employment::parse),
        active: row.try_get::<i64, _>("active")? == 1,
        roles: Vec::new(),
        has_password: password_hash.is_some(),
        managed_elsewhere: row.try_get::<i64, _>("managed_elsewhere")? == 1,
    })
}

/// Sign-in data of a person found by e-mail: id, password hash, active.
pub async fn login_record(pool: &AnyPool, email: &str) -> Result<Option<(String, Option<String>, bool)>, sqlx::Error> {
    let row: Option<(String, Option<String>, i64)> =
        sqlx::query_as("SELECT id, password_hash, active FROM people WHERE email = $1")
            .bind(email)
            .fetch_optional(pool)
            .await?;
    Ok(row.map(|(id, hash, active)| (id, hash, active == 1)))
}

/// Name, e-mail and language of a person, for mail.
pub async fn contact(pool: &AnyPool, person_id: &str) -> Result<Option<(String, String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT name, email, language FROM people WHERE id = $1").bind(person_id).fetch_optional(pool).await
}

/// How many people exist (zero means the installation waits for its first-run setup).
pub async fn count_people(pool: &AnyPool) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM people").fetch_one(pool).await
}

/// The signed-in person with their memberships.
pub async fn me(pool: &AnyPool, person_id: &str) -> Result<Option<Me>, sqlx::Error> {
    let row: Option<(String, String, String, String, i64, i64, Option<String>)> = sqlx::query_as(
        "SELECT id, name, email, language, language_chosen, installation_admin, password_hash FROM people WHERE id = $1",
    )
    .bind(person_id)
    .fetch_optional(pool)
    .await?;
    let Some((id, name, email, language, language_chosen, installation_admin, password_hash)) = row else {
        return Ok(None);
    };
    let installation_admin = installation_admin == 1;
    let rows: Vec<(String, String, Option<String>, String, Option<String>)> = if installation_admin {
        sqlx::query_as(
            "SELECT m.id, m.name, m.number, m.written_standard, r.role FROM municipalities m \
             LEFT JOIN municipality_roles r ON r.municipality_id = m.id AND r.person_id = $1 ORDER BY m.name, r.role",
        )
        .bind(person_id)
        .fetch_all(pool)
        .await?
    } else {
        sqlx::query_as(
            "SELECT m.id, m.name, m.number, m.written_standard, r.role FROM municipality_roles r \
             JOIN municipalities m ON m.id = r.municipality_id WHERE r.person_id = $1 ORDER BY m.name, r.role",
        )
        .bind(person_id)
        .fetch_all(pool)
        .await?
    };
    let mut memberships: Vec<Membership> = Vec::new();
    for (municipality_id, municipality_name, number, written_standard, role) in rows {
        if memberships.last().is_none_or(|m| m.municipality.id != municipality_id) {
            memberships.push(Membership {
                municipality: municipality_of((municipality_id, municipality_name, number, written_standard)),
                roles: Vec::new(),
            });
        }
        if let (Some(last), Some(role)) = (memberships.last_mut(), role.as_deref().and_then(Role::parse)) {
            last.roles.push(role);
        }
    }
    Ok(Some(Me {
        id,
        name,
        email,
        language,
        language_chosen: language_chosen == 1,
        installation_admin,
        has_password: password_hash.is_some(),
        memberships,
    }))
}

/// A municipality from its row: `id, name, number, written_standard`.
pub fn municipality_of((id, name, number, written_standard): (String, String, Option<String>, String)) -> Municipality {
    Municipality { id, name, number, written_standard: WrittenStandard::from_tag(&written_standard) }
}

/// One municipality.
pub async fn municipality(pool: &AnyPool, id: &str) -> Result<Option<Municipality>, sqlx::Error> {
    let row: Option<(String, String, Option<String>, String)> =
        sqlx::query_as("SELECT id, name, number, written_standard FROM municipalities WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?;
    Ok(row.map(municipality_of))
}

/// Every municipality (for installation administrators) or those the person has a role in.
pub async fn municipalities_for(pool: &AnyPool, person_id: &str, all: bool) -> Result<Vec<Municipality>, sqlx::Error> {
    let rows: Vec<(String, String, Option<String>, String)> = if all {
        sqlx::query_as("SELECT id, name, number, written_standard FROM municipalities ORDER BY name")
            .fetch_all(pool)
            .await?
    } else {
        sqlx::query_as(
            "SELECT DISTINCT m.id, m.name, m.number, m.written_standard FROM municipalities m \
             JOIN municipality_roles r ON r.municipality_id = m.id WHERE r.person_id = $1 ORDER BY m.name",
        )
        .bind(person_id)
        .fetch_all(pool)
        .await?
    };
    Ok(rows.into_iter().map(municipality_of).collect())
}

/// Offices of a municipality with their number of active GPs.
pub async fn offices(pool: &AnyPool, municipality_id: &str) -> Result<Vec<Office>, sqlx::Error> {
    let rows: Vec<(String, String, String, Option<String>, i64)> = sqlx::query_as(
        "SELECT o.id, o.municipality_id, o.name, o.address, \
         (SELECT COUNT(*) FROM people p WHERE p.office_id = o.id AND p.active = 1) \
         FROM offices o WHERE o.municipality_id = $1 ORDER BY o.name",
    )
    .bind(municipality_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, municipality_id, name, address, gp_count)| Office { id, municipality_id, name, address, gp_count })
        .collect())
}

/// The municipality an office belongs to.
pub async fn office_municipality(pool: &AnyPool, office_id: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT municipality_id FROM offices WHERE id = $1").bind(office_id).fetch_optional(pool).await
}

/// Filters for [`people_in`].
#[derive(Debug, Default, Clone)]
pub struct PeopleFilter {
    /// Matches name, e-mail or HPR number (case-insensitive substring).
    pub query: Option<String>,
    pub role: Option<Role>,
    pub office_id: Option<String>,
    pub include_inactive: bool,
}

/// People with a role in the municipality, with their roles there.
pub async fn people_in(
    pool: &AnyPool,
    municipality_id: &str,
    filter: &PeopleFilter,
) -> Result<Vec<Person>, sqlx::Error> {
    let pattern = filter.query.as_deref().map(|q| format!("%{}%", q.trim().to_lowercase()));
    let sql = format!(
        "SELECT {PERSON_COLUMNS} FROM people p LEFT JOIN offices o ON o.id = p.office_id \
         WHERE p.id IN (SELECT person_id FROM municipality_roles WHERE municipality_id = $1 \
                        AND ($2 IS NULL OR role = $2)) \
         AND ($3 IS NULL OR LOWER(p.name) LIKE $3 OR p.email LIKE $3 OR p.hpr_number LIKE $3) \
         AND ($4 IS NULL OR p.office_id = $4) \
         AND ($5 = 1 OR p.active = 1) \
         ORDER BY p.name, p.email"
    );
    let rows = sqlx::query(&sql)
        .bind(municipality_id)
        .bind(filter.role.map(Role::as_str))
        .bind(pattern)
        .bind(filter.office_id.as_deref())
        .bind(i64::from(filter.include_inactive))
        .fetch_all(pool)
        .await?;
    let mut people = rows.iter().map(person_from_row).collect::<Result<Vec<_>, _>>()?;
    let roles: Vec<(String, String)> =
        sqlx::query_as("SELECT person_id, role FROM municipality_roles WHERE municipality_id = $1 ORDER BY role")
            .bind(municipality_id)
            .fetch_all(pool)
            .await?;
    let mut by_person: std::collections::HashMap<String, Vec<Role>> = std::collections::HashMap::new();
    for (person_id, role) in roles {
        if let Some(role) = Role::parse(&role) {
            by_person.entry(person_id).or_default().push(role);
        }
    }
    for person in &mut people {
        person.roles = by_person.remove(&person.id).unwrap_or_default();
        person.roles.sort();
    }
    Ok(people)
}

/// One person with their roles in a municipality.
pub async fn person_in(pool: &AnyPool, municipality_id: &str, person_id: &str) -> Result<Option<Person>, sqlx::Error> {
    let sql =
        format!("SELECT {PERSON_COLUMNS} FROM people p LEFT JOIN offices o ON o.id = p.office_id WHERE p.id = $2");
    let Some(row) = sqlx::query(&sql).bind(municipality_id).bind(person_id).fetch_optional(pool).await? else {
        return Ok(None);
    };
    let mut person = person_from_row(&row)?;
    person.roles = roles_of(pool, municipality_id, person_id).await?;
    Ok(Some(person))
}

/// A person's roles in one municipality.
pub async fn roles_of(pool: &AnyPool, municipality_id: &str, person_id: &str) -> Result<Vec<Role>, sqlx::Error> {
    let roles: Vec<String> = sqlx::query_scalar(
        "SELECT role FROM municipality_roles WHERE municipality_id = $1 AND person_id = $2 ORDER BY role",
    )
    .bind(municipality_id)
    .bind(person_id)
    .fetch_all(pool)
    .await?;
    let mut roles: Vec<Role> = roles.iter().filter_map(|r| Role::parse(r)).collect();
    roles.sort();
    Ok(roles)
}
