//! Server health: the full report, liveness and readiness.

use crate::api::Json;

crate::api::endpoint! {
    "health";

    /// Report the server's health: `ok`, or `degraded` (503) with every problem found.
    GetHealth = GET "/health", id "health",
        reply Json<crate::health::Health>,
        status 200 "Every check passed",
        errors [503 "Something is wrong: see `problems`" with_body];
    /// Liveness: the process answers. Never touches the database.
    HealthLive = GET "/health/live", id "health_live",
        reply Json<crate::health::Probe>,
        status 200 "The process answers";
    /// Readiness: the database answers, so this instance can serve requests.
    HealthReady = GET "/health/ready", id "health_ready",
        reply Json<crate::health::Probe>,
        status 200 "The database answers",
        errors [503 "The database does not answer" with_body];
}
