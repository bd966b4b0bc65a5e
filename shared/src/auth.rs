//! Signing in and out, and who the signed-in person is.

use serde::{Deserialize, Serialize};

use crate::people::{Municipality, Role};

/// The name of the cookie holding the double-submit CSRF token; the app sends its value back in the
/// [`CSRF_HEADER`] header on every state-changing request.
pub const CSRF_COOKIE: &str = "legeting_csrf";
/// See [`CSRF_COOKIE`].
pub const CSRF_HEADER: &str = "x-csrf-token";

/// `POST /api/auth/login`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

/// Ask for a sign-in link or a password reset link by e-mail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmailRequest {
    pub email: String,
}

/// Redeem a one-time token from an e-mail link (sign-in link, invitation, password reset).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenRequest {
    pub token: String,
}

/// Set or change one's password. Changing an existing password needs the current one, except within a
/// quarter of an hour of signing in with an e-mail link (which is how a forgotten password is replaced).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetPasswordRequest {
    #[cfg_attr(feature = "openapi", schema(min_length = 10, max_length = 200))]
    pub password: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_password: Option<String>,
}

/// First-run setup: create the first municipality and its administrator with the printed setup token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetupRequest {
    pub token: String,
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 200, pattern = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$")
    )]
    pub municipality_name: String,
    #[cfg_attr(feature = "openapi", schema(pattern = r"^\s*([0-9]{4})?\s*$"))]
    pub municipality_number: Option<String>,
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 200, pattern = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$")
    )]
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(max_length = 254))]
    pub email: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 10, max_length = 200))]
    pub password: String,
}

/// A municipality and the roles the signed-in person has there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Membership {
    pub municipality: Municipality,
    pub roles: Vec<Role>,
}

/// The signed-in person: `GET /api/auth/me`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub id: String,
    pub name: String,
    pub email: String,
    /// `nb`, `nn` or `en`: the language the person chose, or bokmål when `language_chosen` is false.
    pub language: String,
    /// Whether the person chose their language; when not, the UI follows their municipality's written standard.
    #[serde(default)]
    pub language_chosen: bool,
    pub installation_admin: bool,
    pub has_password: bool,
    pub memberships: Vec<Membership>,
}

impl Me {
    /// Whether the person has `role` in the municipality.
    pub fn has_role(&self, municipality_id: &str, role: Role) -> bool {
        self.memberships.iter().any(|m| m.municipality.id == municipality_id && m.roles.contains(&role))
    }
}

/// Whether the installation still waits for its first administrator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetupStatus {
    pub needs_setup: bool,
}

/// The answer to redeeming a link: who is now signed in, and whether they should choose a password now
/// (after an invitation or a password reset).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Redeemed {
    pub me: Me,
    pub must_set_password: bool,
}

/// Change one's own name, phone or language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProfileInput {
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 200, pattern = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$")
    )]
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(pattern = r"^\s*$|^[\s-]*(\+[\s-]*)?([0-9][\s-]*){5,15}$"))]
    pub phone: Option<String>,
    /// `nb`, `nn` or `en`.
    #[cfg_attr(feature = "openapi", schema(pattern = r"^(nb|nn|en)$"))]
    pub language: String,
}
