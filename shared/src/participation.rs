//! Attendance, the annual meeting obligation, participation analytics and compensation, on the wire.
//! Money is always in øre (`i64`), never floating point.

use serde::{Deserialize, Serialize};

use crate::meetings::MeetingKind;

/// How someone took part in (or missed) a meeting.
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
pub enum AttendanceStatus {
    InPerson,
    Remote,
    /// Had a valid reason (forfall).
    Excused,
    Absent,
}

impl AttendanceStatus {
    pub const ALL: [AttendanceStatus; 4] =
        [AttendanceStatus::InPerson, AttendanceStatus::Remote, AttendanceStatus::Excused, AttendanceStatus::Absent];

    pub fn as_str(self) -> &'static str {
        self.into()
    }

    pub fn parse(value: &str) -> Option<AttendanceStatus> {
        value.parse().ok()
    }

    /// Whether this counts as having taken part.
    pub fn attended(self) -> bool {
        matches!(self, AttendanceStatus::InPerson | AttendanceStatus::Remote)
    }
}

/// One invitee's attendance at a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttendanceRecord {
    pub person_id: String,
    pub name: String,
    pub office_name: Option<String>,
    /// `None` when nothing is recorded yet.
    pub status: Option<AttendanceStatus>,
    pub reason: Option<String>,
    pub arrived_at: Option<i64>,
    pub left_at: Option<i64>,
    /// `check_in`, `secretary` or `live_room`.
    pub source: Option<String>,
    /// The invitee's answer to the notice, to prefill the sheet (`absent` answers suggest `excused`).
    pub rsvp: Option<String>,
}

/// One change in a bulk attendance update by the secretary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttendanceInput {
    pub person_id: String,
    pub status: AttendanceStatus,
    /// The absence reason (for `excused`).
    pub reason: Option<String>,
}

/// The secretary's attendance sheet: changes and, when correcting what was recorded, why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttendanceUpdate {
    pub records: Vec<AttendanceInput>,
    /// Required when a recorded status changes (kept in the trail).
    pub correction_reason: Option<String>,
}

/// One change in a meeting's attendance trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttendanceChange {
    pub at: i64,
    pub person_name: String,
    pub actor_name: Option<String>,
    pub old_status: Option<AttendanceStatus>,
    pub new_status: AttendanceStatus,
    pub reason: Option<String>,
    pub source: String,
}

/// Digits in a check-in code (the server explains why eight, by its check-in rate limit).
pub const CHECK_IN_CODE_DIGITS: usize = 8;

/// The code shown in the room, with a QR code that opens the check-in page with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckInCode {
    pub code: String,
    pub valid_from: i64,
    pub valid_until: i64,
    /// The check-in URL with the code.
    pub url: String,
    /// An SVG image of the QR code for `url`.
    pub qr_svg: String,
}

/// Check in with the code shown in the room.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckInRequest {
    pub code: String,
}

/// The answer to a check-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckedIn {
    pub meeting_id: String,
    pub meeting_title: String,
    pub arrived_at: i64,
}

/// Where a GP stands with the annual meeting obligation in a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ObligationState {
    Met,
    NotMet,
    Exempt,
}

/// One GP's annual obligation in one municipality and year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ObligationStatus {
    pub person_id: String,
    pub name: String,
    pub office_name: Option<String>,
    pub municipality_id: String,
    pub municipality_name: String,
    pub year: i64,
    pub state: ObligationState,
    /// The (first) meeting that fulfilled it.
    pub meeting_id: Option<String>,
    pub meeting_title: Option<String>,
    pub meeting_at: Option<i64>,
    /// For exemptions: why, and who decided.
    pub exemption_reason: Option<String>,
    pub exempted_by: Option<String>,
}

/// Which meeting kinds count towards the obligation in a municipality (bodies say it themselves).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ObligationRules {
    pub meeting_kinds: Vec<MeetingKind>,
}

/// Exempt a GP from the obligation for a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExemptionInput {
    pub person_id: String,
    #[cfg_attr(feature = "openapi", schema(minimum = 2000, maximum = 2100))]
    pub year: i64,
    #[cfg_attr(feature = "openapi", schema(pattern = r"\S"))]
    pub reason: String,
}

/// Invited and attended counts, and the rate, for one group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RateRow {
    /// The group's id (person, office, body, kind, year, municipality).
    pub key: String,
    /// The group's name as shown.
    pub label: String,
    pub invited: i64,
    pub attended: i64,
    pub excused: i64,
    /// attended / invited, 0–1 (0 when nobody was invited).
    pub rate: f64,
}

/// Participation in a municipality for a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Participation {
    pub from: String,
    pub to: String,
    pub total: RateRow,
    pub by_gp: Vec<RateRow>,
    pub by_office: Vec<RateRow>,
    pub by_body: Vec<RateRow>,
    pub by_kind: Vec<RateRow>,
    pub by_year: Vec<RateRow>,
    /// Active GPs who attended nothing in the period.
    pub attended_nothing: Vec<RateRow>,
}

/// A rate period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatePeriod {
    pub id: String,
    /// `None` for the installation default.
    pub municipality_id: Option<String>,
    /// ISO date from which the rates apply.
    pub valid_from: String,
    pub specialist_rate_ore: i64,
    pub other_rate_ore: i64,
}

/// Add a rate period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatePeriodInput {
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub valid_from: String,
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 10000000))]
    pub specialist_rate_ore: i64,
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 10000000))]
    pub other_rate_ore: i64,
}

/// One compensated meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompensationLine {
    pub person_id: String,
    pub name: String,
    pub hpr_number: Option<String>,
    pub meeting_id: String,
    pub meeting_title: String,
    /// ISO date of the meeting (Europe/Oslo).
    pub date: String,
    pub meeting_minutes: i64,
    pub preparation_minutes: i64,
    pub travel_minutes: i64,
    pub specialist: bool,
    pub rate_ore: i64,
    pub amount_ore: i64,
}

/// A compensation statement: lines and the total, for one GP or a whole municipality.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompensationStatement {
    pub from: String,
    pub to: String,
    pub lines: Vec<CompensationLine>,
    pub total_ore: i64,
}
