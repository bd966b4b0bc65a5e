//! SQL of the demo: multi-row inserts inside the caller's transaction, so the ~160 people of the demo take a
//! handful of statements on SQLite and on PostgreSQL. The SQL text comes only from the constants here; every
//! value is bound.

use sqlx::{Any, Transaction};

/// One bound value of a row.
#[derive(Debug, Clone)]
pub enum Value {
    Text(Option<String>),
    Int(Option<i64>),
}

impl From<&str> for Value {
    fn from(value: &str) -> Self {
        Value::Text(Some(value.to_owned()))
    }
}

impl From<Option<&str>> for Value {
    fn from(value: Option<&str>) -> Self {
        Value::Text(value.map(str::to_owned))
    }
}

impl From<i64> for Value {
    fn from(value: i64) -> Self {
        Value::Int(Some(value))
    }
}

impl From<Option<i64>> for Value {
    fn from(value: Option<i64>) -> Self {
        Value::Int(value)
    }
}

/// The tables the demo fills, with their columns in the order rows give them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    Municipalities,
    Offices,
    People,
    MunicipalityRoles,
    Bodies,
    BodyMembers,
    Meetings,
    MeetingInvitees,
    Attendance,
    ObligationKinds,
    Letters,
}

impl Table {
    fn insert_into(self) -> &'static str {
        match self {
            Table::Municipalities => "INSERT INTO municipalities (id, name, number, created_at)",
            Table::Offices => "INSERT INTO offices (id, municipality_id, name, address, created_at)",
            Table::People => {
                "INSERT INTO people (id, name, email, hpr_number, office_id, specialist, list_size, \
                 open_list_places, employment, active, installation_admin, password_hash, created_at, updated_at)"
            }
            Table::MunicipalityRoles => "INSERT INTO municipality_roles (person_id, municipality_id, role, created_at)",
            Table::Bodies => {
                "INSERT INTO bodies (id, municipality_id, name, kind, counts_for_obligation, preparation_minutes, \
                 travel_minutes, created_at)"
            }
            Table::BodyMembers => "INSERT INTO body_members (body_id, person_id, role, created_at)",
            Table::Meetings => {
                "INSERT INTO meetings (id, municipality_id, body_id, kind, title, starts_at, ends_at, location, status, \
                 sequence, minutes_public, created_at, updated_at)"
            }
            Table::MeetingInvitees => "INSERT INTO meeting_invitees (meeting_id, person_id)",
            Table::Attendance => {
                "INSERT INTO attendance (meeting_id, person_id, status, reason, arrived_at, left_at, source, updated_at)"
            }
            Table::ObligationKinds => "INSERT INTO obligation_kinds (municipality_id, meeting_kind)",
            Table::Letters => {
                "INSERT INTO letters (id, municipality_id, kind, audience, title, body, status, author_id, created_at, \
                 updated_at, published_at, emailed_to)"
            }
        }
    }

    /// How many columns a row has.
    pub fn width(self) -> usize {
        match self {
            Table::Municipalities | Table::MunicipalityRoles | Table::BodyMembers => 4,
            Table::Offices => 5,
            Table::People => 14,
            Table::Bodies | Table::Attendance => 8,
            Table::Meetings => 13,
            Table::MeetingInvitees | Table::ObligationKinds => 2,
            Table::Letters => 12,
        }
    }
}

/// Rows per statement: 100 rows of at most 14 columns stay far below the bound-parameter limits of SQLite
/// (32,766) and PostgreSQL (65,535).
const ROWS_PER_STATEMENT: usize = 100;

/// `($1, $2), ($3, $4)` for `rows` rows of `width` columns.
fn placeholders(width: usize, rows: usize) -> String {
    (0..rows)
        .map(|row| {
            let columns: Vec<String> = (1..=width).map(|column| format!("${}", row * width + column)).collect();
            format!("({})", columns.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Insert `rows` into `table`, [`ROWS_PER_STATEMENT`] at a time.
pub async fn insert(tx: &mut Transaction<'_, Any>, table: Table, rows: &[Vec<Value>]) -> Result<(), sqlx::Error> {
    let width = table.width();
    if let Some(row) = rows.iter().find(|row| row.len() != width) {
        return Err(sqlx::Error::Protocol(format!("a row for {table:?} has {} values, not {width}", row.len())));
    }
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let sql = format!("{} VALUES {}", table.insert_into(), placeholders(width, chunk.len()));
        let mut query = sqlx::query(&sql);
        for value in chunk.iter().flatten() {
            query = match value {
                Value::Text(text) => query.bind(text.clone()),
                Value::Int(number) => query.bind(*number),
            };
        }
        query.execute(&mut **tx).await?;
    }
    Ok(())
}

/// Mark the database as holding the demo (the `demo` setting). As the transaction's first statement it takes
/// the write lock at once (SQLite) or waits on the row (PostgreSQL), so of two instances seeding at the same
/// moment the second waits for the first and then sees its people.
pub async fn mark_as_demo(tx: &mut Transaction<'_, Any>, value: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO settings (key, value, updated_at) VALUES ('demo', $1, $2) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
    )
    .bind(value)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// How many people exist, seen from inside the transaction.
pub async fn count_people(tx: &mut Transaction<'_, Any>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM people").fetch_one(&mut **tx).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_number_every_value_of_every_row() {
        assert_eq!(placeholders(2, 2), "($1, $2), ($3, $4)");
        assert_eq!(placeholders(3, 1), "($1, $2, $3)");
    }
}
