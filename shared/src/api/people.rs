//! Municipalities, offices, people, their roles and invitations, and the roster import.

use serde::{Deserialize, Serialize};

use crate::people::Role;

use crate::api::{Bytes, Empty, Json};
use crate::ids::{MunicipalityId, OfficeId, PersonId};

/// Search and filters for the people list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct PeopleQuery {
    /// Part of a name, e-mail address or HPR number.
    pub q: Option<String>,
    /// Only people with this role.
    pub role: Option<Role>,
    /// Only people at this office.
    pub office: Option<String>,
    /// Include people who have left.
    #[serde(default)]
    pub inactive: bool,
}

/// The uploaded file's name (for its format) and, for the import, whether to skip rows with errors.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct ImportQuery {
    /// The uploaded file's name; its extension (.csv or .xlsx) tells the format.
    pub file_name: String,
    /// Import the valid rows even when some rows have errors.
    #[serde(default)]
    pub skip_invalid: bool,
}

crate::api::endpoint! {
    "people";

    /// Municipalities the signed-in person belongs to (every one for installation administrators).
    ListMunicipalities = GET "/municipalities", id "list_municipalities",
        reply Json<Vec<crate::people::Municipality>>,
        status 200,
        errors [401];
    /// Create a municipality. Installation administrators only.
    CreateMunicipality = POST "/municipalities", id "create_municipality",
        body Json<crate::people::MunicipalityInput>,
        reply Json<crate::people::Municipality>,
        status 201,
        errors [403, 409, 422];
    /// Rename a municipality or change its number. Administrators.
    UpdateMunicipality = PUT "/municipalities/{id}", id "update_municipality",
        params MunicipalityId,
        body Json<crate::people::MunicipalityInput>,
        reply Json<crate::people::Municipality>,
        status 200,
        errors [403, 404, 422];
    /// The GP offices of a municipality. Any member.
    ListOffices = GET "/municipalities/{id}/offices", id "list_offices",
        params MunicipalityId,
        reply Json<Vec<crate::people::Office>>,
        status 200,
        errors [404];
    /// Add a GP office. Administrators.
    CreateOffice = POST "/municipalities/{id}/offices", id "create_office",
        params MunicipalityId,
        body Json<crate::people::OfficeInput>,
        reply Json<crate::people::Office>,
        status 201,
        errors [403, 404, 409, 422];
    /// Rename an office or change its address. Administrators of its municipality.
    UpdateOffice = PUT "/offices/{id}", id "update_office",
        params OfficeId,
        body Json<crate::people::OfficeInput>,
        reply Json<crate::people::Office>,
        status 200,
        errors [403, 404, 409, 422];
    /// People in a municipality, with search and filters. Administrators, leaders, secretaries and GPs.
    ListPeople = GET "/municipalities/{id}/people", id "list_people",
        params MunicipalityId,
        query PeopleQuery,
        reply Json<Vec<crate::people::Person>>,
        status 200,
        errors [403, 404];
    /// Add a person to a municipality with their roles. Administrators.
    CreatePerson = POST "/municipalities/{id}/people", id "create_person",
        params MunicipalityId,
        body Json<crate::people::PersonInput>,
        reply Json<crate::people::Person>,
        status 201,
        errors [403, 404, 409, 422];
    /// A person with their roles in the municipality. Administrators, leaders, secretaries and GPs, and the
    /// person themself.
    GetPerson = GET "/municipalities/{id}/people/{person_id}", id "get_person",
        params (MunicipalityId, PersonId),
        reply Json<crate::people::Person>,
        status 200,
        errors [403, 404];
    /// Change a person and their roles in the municipality. Administrators. Deactivating a person (they left)
    /// signs them out everywhere; their history stays for statistics. A person who also belongs to another
    /// municipality keeps their name, e-mail, phone, HPR number and active flag (see `tenancy.rs`); a new e-mail
    /// address is told to the old one, and the person's sessions and sign-in links end.
    UpdatePerson = PUT "/municipalities/{id}/people/{person_id}", id "update_person",
        params (MunicipalityId, PersonId),
        body Json<crate::people::PersonInput>,
        reply Json<crate::people::Person>,
        status 200,
        errors [403, 404, 409, 422];
    /// E-mail an invitation link to a person: it signs them in and lets them choose a password or keep using
    /// e-mail links. Administrators.
    InvitePerson = POST "/municipalities/{id}/people/{person_id}/invitation", id "invite_person",
        params (MunicipalityId, PersonId),
        reply Empty,
        status 202,
        errors [403, 404];
    /// What the preview of a file would do: per row, create / update / unchanged / reject, with reasons.
    /// Writes nothing. Administrators. The body is the file itself.
    PreviewImport = POST "/municipalities/{id}/roster/preview", id "preview_import",
        params MunicipalityId,
        query ImportQuery,
        body Bytes,
        reply Json<crate::roster::RosterPreview>,
        status 200,
        errors [403, 404, 413, 422];
    /// Import a file: create and update people and offices as the preview says, in one transaction.
    /// Refused (nothing written) when rows have errors, unless `skip_invalid` is set. Administrators.
    RunImport = POST "/municipalities/{id}/roster/import", id "run_import",
        params MunicipalityId,
        query ImportQuery,
        body Bytes,
        reply Json<crate::roster::RosterPreview>,
        status 200,
        errors [403, 404, 413, 422];
}
