//! `GET /api/health`: is the server up, on which database, and what (if anything) is wrong; `GET /api/health/ready`
//! and `GET /api/health/live` for load balancers.

use serde::{Deserialize, Serialize};

/// Overall status of the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HealthStatus {
    /// The server answers and every check passed.
    Ok,
    /// The server answers but something is wrong: see [`Health::problems`].
    Degraded,
}

/// Which database backend the server runs on.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::Display,
    strum::EnumIter,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum DatabaseKind {
    Sqlite,
    Postgres,
}

impl DatabaseKind {
    /// The name used in URLs and in the health response.
    pub fn as_str(self) -> &'static str {
        self.into()
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
    /// What makes the server degraded (empty when it is `ok`).
    #[serde(default)]
    pub problems: Vec<HealthProblem>,
}

/// One of the checks behind `GET /api/health`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HealthCheck {
    /// The database does not answer (in time).
    Database,
    /// The mail worker of this instance is configured but not running, or has not finished a round in a long
    /// while.
    MailWorker,
    /// Mail has been due for a long while without being sent (by any instance).
    MailQueue,
    /// The disk of the data directory (database file, uploaded documents) is nearly full.
    Disk,
}

/// A failed check and what the operator should know about it (never a secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HealthProblem {
    pub check: HealthCheck,
    pub message: String,
}

/// Response of `GET /api/health/live` (the process answers) and `GET /api/health/ready` (it can serve requests:
/// its database answers).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Probe {
    pub status: HealthStatus,
    /// Why not, when degraded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<HealthProblem>,
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
            problems: vec![HealthProblem { check: HealthCheck::MailQueue, message: "3 mails overdue".into() }],
        };
        let json = serde_json::to_string(&health).expect("serialisable");
        assert_eq!(
            json,
            r#"{"status":"ok","database":"postgres","version":"0.1.0","migrations":1,"problems":[{"check":"mail_queue","message":"3 mails overdue"}]}"#
        );
    }
}
