//! SQL for municipalities, offices, people and roles: the one module that writes those tables (sign-in, the
//! roster import and `legeting admin` call it too). Small named functions taking a pool (reads) or the
//! caller's transaction (writes, so the change and its audit entry commit together).

use legeting_shared::auth::{Me, Membership};
use legeting_shared::people::{Employment, Municipality, Office, Person, Role};
use sqlx::{Any, AnyPool, Row, Transaction};

use crate::db::{flag, new_id, now_ms};

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
    let row: Option<(String, String, String, String, i64, Option<String>)> =
        sqlx::query_as("SELECT id, name, email, language, installation_admin, password_hash FROM people WHERE id = $1")
            .bind(person_id)
            .fetch_optional(pool)
            .await?;
    let Some((id, name, email, language, installation_admin, password_hash)) = row else { return Ok(None) };
    let installation_admin = installation_admin == 1;
    let rows: Vec<(String, String, Option<String>, Option<String>)> = if installation_admin {
        sqlx::query_as(
            "SELECT m.id, m.name, m.number, r.role FROM municipalities m \
             LEFT JOIN municipality_roles r ON r.municipality_id = m.id AND r.person_id = $1 ORDER BY m.name, r.role",
        )
        .bind(person_id)
        .fetch_all(pool)
        .await?
    } else {
        sqlx::query_as(
            "SELECT m.id, m.name, m.number, r.role FROM municipality_roles r \
             JOIN municipalities m ON m.id = r.municipality_id WHERE r.person_id = $1 ORDER BY m.name, r.role",
        )
        .bind(person_id)
        .fetch_all(pool)
        .await?
    };
    let mut memberships: Vec<Membership> = Vec::new();
    for (municipality_id, municipality_name, number, role) in rows {
        if memberships.last().is_none_or(|m| m.municipality.id != municipality_id) {
            memberships.push(Membership {
                municipality: Municipality { id: municipality_id, name: municipality_name, number },
                roles: Vec::new(),
            });
        }
        if let (Some(last), Some(role)) = (memberships.last_mut(), role.as_deref().and_then(Role::parse)) {
            last.roles.push(role);
        }
    }
    Ok(Some(Me { id, name, email, language, installation_admin, has_password: password_hash.is_some(), memberships }))
}

/// One municipality.
pub async fn municipality(pool: &AnyPool, id: &str) -> Result<Option<Municipality>, sqlx::Error> {
    let row: Option<(String, String, Option<String>)> =
        sqlx::query_as("SELECT id, name, number FROM municipalities WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?;
    Ok(row.map(|(id, name, number)| Municipality { id, name, number }))
}

/// Every municipality (for installation administrators) or those the person has a role in.
pub async fn municipalities_for(pool: &AnyPool, person_id: &str, all: bool) -> Result<Vec<Municipality>, sqlx::Error> {
    let rows: Vec<(String, String, Option<String>)> = if all {
        sqlx::query_as("SELECT id, name, number FROM municipalities ORDER BY name").fetch_all(pool).await?
    } else {
        sqlx::query_as(
            "SELECT DISTINCT m.id, m.name, m.number FROM municipalities m \
             JOIN municipality_roles r ON r.municipality_id = m.id WHERE r.person_id = $1 ORDER BY m.name",
        )
        .bind(person_id)
        .fetch_all(pool)
        .await?
    };
    Ok(rows.into_iter().map(|(id, name, number)| Municipality { id, name, number }).collect())
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

/// Every municipality (there are at most a few hundred).
pub async fn municipalities(tx: &mut Transaction<'_, Any>) -> Result<Vec<Municipality>, sqlx::Error> {
    let rows: Vec<(String, String, Option<String>)> =
        sqlx::query_as("SELECT id, name, number FROM municipalities ORDER BY name, id").fetch_all(&mut **tx).await?;
    Ok(rows.into_iter().map(|(id, name, number)| Municipality { id, name, number }).collect())
}

/// Create a municipality and return it.
pub async fn insert_municipality(
    tx: &mut Transaction<'_, Any>,
    name: &str,
    number: Option<&str>,
) -> Result<Municipality, sqlx::Error> {
    let id = new_id();
    sqlx::query("INSERT INTO municipalities (id, name, number, created_at) VALUES ($1, $2, $3, $4)")
        .bind(&id)
        .bind(name)
        .bind(number)
        .bind(now_ms())
        .execute(&mut **tx)
        .await?;
    Ok(Municipality { id, name: name.to_owned(), number: number.map(str::to_owned) })
}

/// A person found by e-mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Existing {
    pub id: String,
    pub name: String,
    pub active: bool,
    pub installation_admin: bool,
    pub has_password: bool,
}

/// The person with this (already lower-cased) e-mail address.
pub async fn person_by_email(tx: &mut Transaction<'_, Any>, email: &str) -> Result<Option<Existing>, sqlx::Error> {
    let row: Option<(String, String, i64, i64, Option<String>)> =
        sqlx::query_as("SELECT id, name, active, installation_admin, password_hash FROM people WHERE email = $1")
            .bind(email)
            .fetch_optional(&mut **tx)
            .await?;
    Ok(row.map(|(id, name, active, installation_admin, password_hash)| Existing {
        id,
        name,
        active: active == 1,
        installation_admin: installation_admin == 1,
        has_password: password_hash.is_some(),
    }))
}

/// Create a person who is not a GP (no office, HPR number or list) and return the new id.
pub async fn insert_person(
    tx: &mut Transaction<'_, Any>,
    name: &str,
    email: &str,
    installation_admin: bool,
    password_hash: Option<&str>,
) -> Result<String, sqlx::Error> {
    let id = new_id();
    sqlx::query(
        "INSERT INTO people (id, name, email, installation_admin, password_hash, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6)",
    )
    .bind(&id)
    .bind(name)
    .bind(email)
    .bind(flag(installation_admin))
    .bind(password_hash)
    .bind(now_ms())
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

/// Give a person a role in a municipality. False when they already had it.
pub async fn grant_role(
    tx: &mut Transaction<'_, Any>,
    person_id: &str,
    municipality_id: &str,
    role: Role,
) -> Result<bool, sqlx::Error> {
    let inserted = sqlx::query(
        "INSERT INTO municipality_roles (person_id, municipality_id, role, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (person_id, municipality_id, role) DO NOTHING",
    )
    .bind(person_id)
    .bind(municipality_id)
    .bind(role.as_str())
    .bind(now_ms())
    .execute(&mut **tx)
    .await?;
    Ok(inserted.rows_affected() == 1)
}

/// Replace a person's password hash.
pub async fn set_password_hash(tx: &mut Transaction<'_, Any>, person_id: &str, hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE people SET password_hash = $1, updated_at = $2 WHERE id = $3")
        .bind(hash)
        .bind(now_ms())
        .bind(person_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Make a person an installation administrator.
pub async fn grant_installation_admin(tx: &mut Transaction<'_, Any>, person_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE people SET installation_admin = 1, updated_at = $1 WHERE id = $2")
        .bind(now_ms())
        .bind(person_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Rename a municipality or change its number.
pub async fn update_municipality(
    tx: &mut Transaction<'_, Any>,
    id: &str,
    name: &str,
    number: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE municipalities SET name = $1, number = $2 WHERE id = $3")
        .bind(name)
        .bind(number)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Create an office in a municipality and return its id.
pub async fn insert_office(
    tx: &mut Transaction<'_, Any>,
    municipality_id: &str,
    name: &str,
    address: Option<&str>,
) -> Result<String, sqlx::Error> {
    let id = new_id();
    sqlx::query("INSERT INTO offices (id, municipality_id, name, address, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(&id)
        .bind(municipality_id)
        .bind(name)
        .bind(address)
        .bind(now_ms())
        .execute(&mut **tx)
        .await?;
    Ok(id)
}

/// Rename an office or change its address.
pub async fn update_office(
    tx: &mut Transaction<'_, Any>,
    id: &str,
    name: &str,
    address: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE offices SET name = $1, address = $2 WHERE id = $3")
        .bind(name)
        .bind(address)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// What an administrator's form or a roster row says about a person: identity and practice.
#[derive(Debug, Clone, Copy)]
pub struct PersonFields<'a> {
    pub name: &'a str,
    pub email: &'a str,
    pub phone: Option<&'a str>,
    pub hpr_number: Option<&'a str>,
    pub office_id: Option<&'a str>,
    pub specialist: bool,
    pub list_size: Option<i64>,
    pub open_list_places: Option<i64>,
    pub employment: Option<&'a str>,
    pub active: bool,
}

/// Bind the fields from `name` to `employment`, in the order of the `people` statements below.
fn bind_fields<'q>(
    query: sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>>,
    person: &PersonFields<'q>,
) -> sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>> {
    query
        .bind(person.name)
        .bind(person.email)
        .bind(person.phone)
        .bind(person.hpr_number)
        .bind(person.office_id)
        .bind(flag(person.specialist))
        .bind(person.list_size)
        .bind(person.open_list_places)
        .bind(person.employment)
}

/// Create a person with these fields and return the new id.
pub async fn insert_person_with(
    tx: &mut Transaction<'_, Any>,
    person: &PersonFields<'_>,
) -> Result<String, sqlx::Error> {
    let id = new_id();
    let query = sqlx::query(
        "INSERT INTO people (id, name, email, phone, hpr_number, office_id, specialist, list_size, open_list_places, \
         employment, active, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)",
    )
    .bind(&id);
    bind_fields(query, person).bind(flag(person.active)).bind(now_ms()).execute(&mut **tx).await?;
    Ok(id)
}

/// Replace every field of a person.
pub async fn update_person(
    tx: &mut Transaction<'_, Any>,
    id: &str,
    person: &PersonFields<'_>,
) -> Result<(), sqlx::Error> {
    let query = sqlx::query(
        "UPDATE people SET name = $1, email = $2, phone = $3, hpr_number = $4, office_id = $5, specialist = $6, \
         list_size = $7, open_list_places = $8, employment = $9, active = $10, updated_at = $11 WHERE id = $12",
    );
    bind_fields(query, person).bind(flag(person.active)).bind(now_ms()).bind(id).execute(&mut **tx).await?;
    Ok(())
}

/// Update a person from a roster row: name, e-mail and specialist always; the other fields only where the row
/// has a value (an empty cell keeps what is stored). `active` is left as it is.
pub async fn update_person_from_roster(
    tx: &mut Transaction<'_, Any>,
    id: &str,
    person: &PersonFields<'_>,
) -> Result<(), sqlx::Error> {
    let query = sqlx::query(
        "UPDATE people SET name = $1, email = $2, phone = COALESCE($3, phone), \
         hpr_number = COALESCE($4, hpr_number), office_id = COALESCE($5, office_id), specialist = $6, \
         list_size = COALESCE($7, list_size), open_list_places = COALESCE($8, open_list_places), \
         employment = COALESCE($9, employment), updated_at = $10 WHERE id = $11",
    );
    bind_fields(query, person).bind(now_ms()).bind(id).execute(&mut **tx).await?;
    Ok(())
}

/// Change one's own name, phone number and language.
pub async fn update_profile(
    tx: &mut Transaction<'_, Any>,
    id: &str,
    name: &str,
    phone: Option<&str>,
    language: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE people SET name = $1, phone = $2, language = $3, updated_at = $4 WHERE id = $5")
        .bind(name)
        .bind(phone)
        .bind(language)
        .bind(now_ms())
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Replace a person's roles in one municipality.
pub async fn replace_roles(
    tx: &mut Transaction<'_, Any>,
    municipality_id: &str,
    person_id: &str,
    roles: &[Role],
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM municipality_roles WHERE municipality_id = $1 AND person_id = $2")
        .bind(municipality_id)
        .bind(person_id)
        .execute(&mut **tx)
        .await?;
    for role in roles {
        grant_role(tx, person_id, municipality_id, *role).await?;
    }
    Ok(())
}
