//! `GET /api/health`: is the server up, and on which database.

use serde::{Deserialize, Serialize};

/// Overall status of the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HealthStatus {
    /// The server answers and its database answers.
    Ok,
    /// The server answers but its database does not.
    Degraded,
}

/// Which database backend the server runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DatabaseKind {
    Sqlite,
    Postgres,
}

impl DatabaseKind {
    /// The name used in URLs and in the health response.
    pub fn as_str(self) -> &'static str {
        match self {
            DatabaseKind::Sqlite => "sqlite",
            DatabaseKind::Postgres => "postgres",
        }
    }
}

/// Response of `GET /api/health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    pub status: HealthStatus,
    pub database: DatabaseKind,
    /// The server's version (from its Cargo manifest).
    pub version: String,
    /// How many database migrations have been applied.
    pub migrations: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn health_uses_lowercase_names_on_the_wire() {
        let health = Health {
            status: HealthStatus::Ok,
            database: DatabaseKind::Postgres,
            version: "0.1.0".into(),
            migrations: 1,
        };
        let json = serde_json::to_string(&health).expect("serialisable");
        assert_eq!(json, r#"{"status":"ok","database":"postgres","version":"0.1.0","migrations":1}"#);
    }
}
