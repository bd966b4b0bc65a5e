//! Municipalities, GP offices, people and their roles, as they cross the wire.

use serde::{Deserialize, Serialize};

/// A role a person holds in one municipality. Body-level roles (chair, member, …) are separate.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
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
pub enum Role {
    /// Manages people, offices, roles, imports and settings of the municipality.
    Administrator,
    /// Kommunalsjef / virksomhetsleder: sees participation and compensation.
    Leader,
    /// Kommuneoverlege or a GP chair: organises bodies and meetings.
    Secretary,
    /// A fastlege.
    Gp,
    /// Takes part only in the bodies they are members of.
    Guest,
}

impl Role {
    /// Every role, in display order.
    pub const ALL: [Role; 5] = [Role::Administrator, Role::Leader, Role::Secretary, Role::Gp, Role::Guest];

    /// The name used on the wire and in the database.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// Parse the wire/database name.
    pub fn parse(value: &str) -> Option<Role> {
        value.parse().ok()
    }
}

/// How a GP is tied to the municipality.
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
pub enum Employment {
    /// Fastlønnet: employed by the municipality.
    Salaried,
    /// Næringsdrivende: self-employed under contract.
    SelfEmployed,
}

impl Employment {
    /// The name used on the wire and in the database.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// Parse the wire/database name.
    pub fn parse(value: &str) -> Option<Employment> {
        value.parse().ok()
    }
}

/// A municipality (kommune).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Municipality {
    pub id: String,
    pub name: String,
    /// The official four-digit municipality number.
    pub number: Option<String>,
    /// The written standard (målform) the municipality has chosen; the UI and e-mails use it for people who
    /// have not chosen a language themselves.
    #[serde(default)]
    pub written_standard: WrittenStandard,
}

/// A municipality's written standard (målform), as the law on language lets it choose: bokmål, nynorsk or
/// neutral (no choice: bokmål unless the browser already shows another language). Tags `nb`, `nn`, `neutral`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum WrittenStandard {
    Nb,
    Nn,
    #[default]
    Neutral,
}

impl WrittenStandard {
    /// Every standard, in the order a form offers them.
    pub const ALL: [WrittenStandard; 3] = [WrittenStandard::Nb, WrittenStandard::Nn, WrittenStandard::Neutral];

    /// The tag stored in `municipalities.written_standard` and sent on the wire.
    pub fn tag(self) -> &'static str {
        match self {
            WrittenStandard::Nb => "nb",
            WrittenStandard::Nn => "nn",
            WrittenStandard::Neutral => "neutral",
        }
    }

    /// Parse a stored tag; anything unknown is neutral.
    pub fn from_tag(tag: &str) -> WrittenStandard {
        match tag {
            "nb" => WrittenStandard::Nb,
            "nn" => WrittenStandard::Nn,
            _ => WrittenStandard::Neutral,
        }
    }
}

/// Create or rename a municipality.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MunicipalityInput {
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 200, pattern = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$")
    )]
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(pattern = r"^\s*([0-9]{4})?\s*$"))]
    pub number: Option<String>,
    /// The written standard; left out, it stays as it is (a new municipality is neutral).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub written_standard: Option<WrittenStandard>,
}

/// A GP office (legekontor).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Office {
    pub id: String,
    pub municipality_id: String,
    pub name: String,
    pub address: Option<String>,
    /// How many active GPs work here.
    pub gp_count: i64,
}

/// Create or change an office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfficeInput {
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 200, pattern = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$")
    )]
    pub name: String,
    pub address: Option<String>,
}

/// A person as seen within one municipality.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Person {
    pub id: String,
    pub name: String,
    pub email: String,
    pub phone: Option<String>,
    pub hpr_number: Option<String>,
    pub office_id: Option<String>,
    pub office_name: Option<String>,
    pub specialist: bool,
    pub list_size: Option<i64>,
    pub open_list_places: Option<i64>,
    pub employment: Option<Employment>,
    /// False for people who have left (kept for statistics).
    pub active: bool,
    /// The person's roles in the municipality the request was about.
    pub roles: Vec<Role>,
    /// Whether the person has set a password (otherwise they sign in with links).
    pub has_password: bool,
    /// The person also belongs to another municipality (or administers the installation), so this
    /// municipality's administrators cannot change their name, e-mail, phone, HPR number or active flag.
    #[serde(default)]
    pub managed_elsewhere: bool,
}

/// Create or change a person in a municipality.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonInput {
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 200, pattern = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$")
    )]
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(max_length = 254))]
    pub email: String,
    #[cfg_attr(feature = "openapi", schema(pattern = r"^\s*$|^[\s-]*(\+[\s-]*)?([0-9][\s-]*){5,15}$"))]
    pub phone: Option<String>,
    #[cfg_attr(feature = "openapi", schema(pattern = r"^\s*$|^\s*([0-9]\s*){4,9}$"))]
    pub hpr_number: Option<String>,
    pub office_id: Option<String>,
    #[serde(default)]
    pub specialist: bool,
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100000))]
    pub list_size: Option<i64>,
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100000))]
    pub open_list_places: Option<i64>,
    pub employment: Option<Employment>,
    #[serde(default = "yes")]
    pub active: bool,
    /// The roles in this municipality; replaces the current set.
    #[serde(default)]
    pub roles: Vec<Role>,
}

fn yes() -> bool {
    true
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub id: String,
    /// Unix milliseconds (UTC).
    pub at: i64,
    pub actor_name: Option<String>,
    pub action: String,
    pub entity_id: Option<String>,
    /// JSON describing what changed.
    pub details: String,
}
