//! SQL of `legeting admin`: small functions inside the caller's transaction.

use legeting_shared::people::{Municipality, Role};
use sqlx::{Any, Transaction};

use crate::db::{flag, new_id, now_ms};

/// Every municipality (there are at most a few hundred).
pub async fn municipalities(tx: &mut Transaction<'_, Any>) -> Result<Vec<Municipality>, sqlx::Error> {
    let rows: Vec<(String, String, Option<String>, String)> =
        sqlx::query_as("SELECT id, name, number, written_standard FROM municipalities ORDER BY name, id")
            .fetch_all(&mut **tx)
            .await?;
    Ok(rows.into_iter().map(crate::people::store::municipality_of).collect())
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
    Ok(Municipality {
        id,
        name: name.to_owned(),
        number: number.map(str::to_owned),
        written_standard: Default::default(),
    })
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
