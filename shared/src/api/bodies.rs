//! Committees and fora, and their members.

use crate::api::Json;
use crate::ids::{BodyId, MunicipalityId};

crate::api::endpoint! {
    "bodies";

    /// The bodies of a municipality. Members of the municipality see all; guests see the bodies they belong to.
    ListBodies = GET "/municipalities/{id}/bodies", id "list_bodies",
        params MunicipalityId,
        reply Json<Vec<crate::meetings::Body>>,
        status 200,
        errors [404];
    /// Create a body. Municipal administrators and secretaries.
    CreateBody = POST "/municipalities/{id}/bodies", id "create_body",
        params MunicipalityId,
        body Json<crate::meetings::BodyInput>,
        reply Json<crate::meetings::Body>,
        status 201,
        errors [403, 404, 409, 422];
    /// A body with its members. Anyone who may see the body.
    GetBody = GET "/bodies/{id}", id "get_body",
        params BodyId,
        reply Json<crate::meetings::BodyDetail>,
        status 200,
        errors [404];
    /// Change a body. Its organisers.
    UpdateBody = PUT "/bodies/{id}", id "update_body",
        params BodyId,
        body Json<crate::meetings::BodyInput>,
        reply Json<crate::meetings::Body>,
        status 200,
        errors [403, 404, 409, 422];
    /// Replace the members of a body, with their roles and terms. Its organisers. Members must hold a role in the
    /// body's municipality (tenant isolation: a health community's representatives from elsewhere are given the
    /// guest role there first, by that municipality's administrator or the operator).
    SetMembers = PUT "/bodies/{id}/members", id "set_members",
        params BodyId,
        body Json<Vec<crate::meetings::BodyMemberInput>>,
        reply Json<crate::meetings::BodyDetail>,
        status 200,
        errors [403, 404, 422];
}
