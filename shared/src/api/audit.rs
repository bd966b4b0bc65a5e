//! The audit log of a municipality.

use crate::api::Json;
use crate::ids::MunicipalityId;

crate::api::endpoint! {
    "audit";

    /// The newest 500 audit entries of a municipality. Administrators only.
    ListAudit = GET "/municipalities/{id}/audit", id "list_audit",
        params MunicipalityId,
        reply Json<Vec<crate::people::AuditEntry>>,
        status 200,
        errors [403, 404];
}
