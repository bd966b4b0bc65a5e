//! Bodies, meetings, agendas, proposals, RSVPs, minutes and action items, as they cross the wire.
//!
//! Instants are unix milliseconds (UTC) in `*_at` fields; the server also sends `*_local` strings
//! (`YYYY-MM-DDTHH:MM` in Europe/Oslo) for forms, and accepts local times in inputs.

use serde::{Deserialize, Serialize};

/// A wire enum: snake_case names on the wire and in the database (serde and strum agree), its values in
/// display order, and `as_str`/`parse` for the database. The name beside each variant documents the wire text;
/// a unit test checks that strum derives exactly that name.
macro_rules! wire_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $text:literal),* $(,)? }) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
            strum::EnumString, strum::IntoStaticStr, strum::Display, strum::EnumIter,
        )]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        #[strum(serialize_all = "snake_case")]
        pub enum $name { $($(#[$vdoc])* $variant),* }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The name used on the wire and in the database.
            pub fn as_str(self) -> &'static str {
                self.into()
            }

            /// Parse the wire/database name.
            pub fn parse(value: &str) -> Option<$name> {
                value.parse().ok()
            }

            #[cfg(test)]
            const TEXTS: &'static [($name, &'static str)] = &[$(($name::$variant, $text)),*];
        }
    };
}

wire_enum! {
    /// What kind of body.
    BodyKind {
        /// Allmennlegeutvalg (ALU).
        GpCommittee = "gp_committee",
        /// Samarbeidsutvalg (LSU/SU).
        CooperationCommittee = "cooperation_committee",
        /// Kvalitetsutvalg.
        QualityCommittee = "quality_committee",
        /// Storlegemøte as a standing body.
        AllGpMeeting = "all_gp_meeting",
        /// Sykehjemslegeforum, legevaktlegeforum, …
        Forum = "forum",
        /// A level of the health community (partnerskapsmøte, strategisk/faglig samarbeidsutvalg).
        HealthCommunity = "health_community",
        /// A course series (kvalitetskurs).
        CourseSeries = "course_series",
        Other = "other",
    }
}

wire_enum! {
    /// A person's role within one body. Grants rights only in that body.
    BodyRole {
        Chair = "chair",
        Secretary = "secretary",
        Member = "member",
        Representative = "representative",
        Observer = "observer",
    }
}

wire_enum! {
    /// What kind of meeting.
    MeetingKind {
        CommitteeMeeting = "committee_meeting",
        AllGpMeeting = "all_gp_meeting",
        /// The annual meeting with the municipality, as a group meeting.
        AnnualGroup = "annual_group",
        /// The annual meeting as an individual dialogue with one GP or one office.
        AnnualIndividual = "annual_individual",
        HealthCommunity = "health_community",
        Course = "course",
    }
}

wire_enum! {
    /// Where a meeting is in its life.
    MeetingStatus {
        Draft = "draft",
        NoticeSent = "notice_sent",
        Held = "held",
        MinutesApproved = "minutes_approved",
        Cancelled = "cancelled",
    }
}

wire_enum! {
    /// A GP's answer to a notice.
    RsvpAnswer {
        InPerson = "in_person",
        Remote = "remote",
        /// Forfall: notice of absence, with a reason.
        Absent = "absent",
    }
}

wire_enum! {
    /// Where a proposed agenda item stands.
    ProposalStatus {
        Pending = "pending",
        Accepted = "accepted",
        Declined = "declined",
    }
}

wire_enum! {
    /// Where an action item stands.
    ActionStatus {
        Open = "open",
        InProgress = "in_progress",
        Done = "done",
    }
}

/// A committee, forum or other body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Body {
    pub id: String,
    pub municipality_id: String,
    pub name: String,
    pub kind: BodyKind,
    pub description: Option<String>,
    pub counts_for_obligation: bool,
    pub closed_papers: bool,
    /// Whether attending its meetings is paid.
    pub compensated: bool,
    /// Paid preparation time per meeting, in minutes.
    pub preparation_minutes: i64,
    /// Paid travel time per meeting attended in person, in minutes.
    pub travel_minutes: i64,
    pub member_count: i64,
    /// The caller's role in this body, if any.
    pub my_role: Option<BodyRole>,
    /// Whether the caller may change the body and organise its meetings.
    pub can_organise: bool,
}

/// Create or change a body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BodyInput {
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 200, pattern = r"^[^\x00-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x1F\x7F-\x9F]*$")
    )]
    pub name: String,
    pub kind: BodyKind,
    pub description: Option<String>,
    #[serde(default)]
    pub counts_for_obligation: bool,
    #[serde(default)]
    pub closed_papers: bool,
    #[serde(default = "yes")]
    pub compensated: bool,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 1440))]
    pub preparation_minutes: i64,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 1440))]
    pub travel_minutes: i64,
}

fn yes() -> bool {
    true
}

/// A member of a body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BodyMember {
    pub person_id: String,
    pub name: String,
    pub role: BodyRole,
    /// ISO date.
    pub term_start: Option<String>,
    /// ISO date.
    pub term_end: Option<String>,
}

/// A body with its members.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BodyDetail {
    pub body: Body,
    pub members: Vec<BodyMember>,
}

/// One member in a replace-all member list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BodyMemberInput {
    pub person_id: String,
    pub role: BodyRole,
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub term_start: Option<String>,
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub term_end: Option<String>,
}

/// Who is invited to a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Invitees {
    /// The members of the meeting's body.
    BodyMembers,
    /// Every active GP of the municipality.
    AllGps,
    /// Every active GP at one office.
    Office { office_id: String },
    /// Named people.
    People { person_ids: Vec<String> },
}

/// Repeat a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Recurrence {
    /// Days between meetings (7 = weekly, 14 = every other week); or use `months`.
    pub every_days: Option<u32>,
    /// Months between meetings (same day of month).
    pub every_months: Option<u32>,
    /// How many meetings in all, including the first (2–52).
    pub count: u32,
}

/// Create a meeting (or a series).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeetingInput {
    pub body_id: Option<String>,
    pub kind: MeetingKind,
    pub title: String,
    pub description: Option<String>,
    /// Local time in Europe/Oslo, `YYYY-MM-DDTHH:MM`.
    pub starts_local: String,
    /// Local time in Europe/Oslo, `YYYY-MM-DDTHH:MM`.
    pub ends_local: String,
    pub location: Option<String>,
    pub video_url: Option<String>,
    pub capacity: Option<i64>,
    /// Local time in Europe/Oslo; GPs may propose agenda items until then.
    pub proposal_deadline_local: Option<String>,
    pub invitees: Invitees,
    pub recurrence: Option<Recurrence>,
    #[serde(default)]
    pub minutes_public: bool,
    /// Days before the meeting that reminders go out (0–60 each, at most 5), e.g. `[7, 1]`; `[]` for none.
    /// Left out: `[7, 1]` for a new meeting, unchanged for an existing one.
    #[serde(default)]
    pub reminder_days: Option<Vec<u32>>,
}

/// A meeting as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Meeting {
    pub id: String,
    pub municipality_id: String,
    pub body_id: Option<String>,
    pub body_name: Option<String>,
    pub kind: MeetingKind,
    pub title: String,
    pub description: Option<String>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub starts_local: String,
    pub ends_local: String,
    pub location: Option<String>,
    pub video_url: Option<String>,
    pub capacity: Option<i64>,
    pub proposal_deadline_at: Option<i64>,
    pub proposal_deadline_local: Option<String>,
    pub status: MeetingStatus,
    pub series_id: Option<String>,
    pub sequence: i64,
    pub minutes_public: bool,
    /// Days before the meeting that reminders go out.
    #[serde(default)]
    pub reminder_days: Vec<u32>,
    /// The caller's answer, if invited and answered.
    pub my_rsvp: Option<Rsvp>,
    pub invited: bool,
    pub can_organise: bool,
}

/// An answer to a notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rsvp {
    pub answer: RsvpAnswer,
    pub reason: Option<String>,
    pub answered_at: i64,
}

/// Answer a notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RsvpInput {
    pub answer: RsvpAnswer,
    /// Required for notice of absence.
    pub reason: Option<String>,
}

/// One invitee's answer, for organisers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InviteeAnswer {
    pub person_id: String,
    pub name: String,
    pub office_name: Option<String>,
    pub rsvp: Option<Rsvp>,
}

/// An attachment to an agenda item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Attachment {
    pub id: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
}

/// An agenda item (sak).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgendaItem {
    pub id: String,
    pub number: i64,
    pub year: i64,
    /// "3/26"
    pub label: String,
    pub position: i64,
    pub title: String,
    /// The case paper; `None` when closed to the caller.
    pub description: Option<String>,
    pub papers_closed_to_me: bool,
    pub proposer_name: Option<String>,
    pub decision: Option<String>,
    pub attachments: Vec<Attachment>,
}

/// Add or change an agenda item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgendaItemInput {
    #[cfg_attr(feature = "openapi", schema(max_length = 300, pattern = r"\S"))]
    pub title: String,
    #[cfg_attr(feature = "openapi", schema(max_length = 50000))]
    pub description: Option<String>,
}

/// A GP's proposed agenda item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Proposal {
    pub id: String,
    pub meeting_id: String,
    pub proposer_id: String,
    pub proposer_name: String,
    pub title: String,
    pub description: Option<String>,
    pub status: ProposalStatus,
    pub reason: Option<String>,
    pub agenda_item_id: Option<String>,
    pub created_at: i64,
}

/// Propose an agenda item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProposalInput {
    #[cfg_attr(feature = "openapi", schema(max_length = 300, pattern = r"\S"))]
    pub title: String,
    #[cfg_attr(feature = "openapi", schema(max_length = 50000))]
    pub description: Option<String>,
}

/// Decline a proposal, with a reason the proposer sees.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeclineInput {
    #[cfg_attr(feature = "openapi", schema(pattern = r"\S"))]
    pub reason: String,
}

/// Cancel a meeting, with a reason everyone sees.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CancelInput {
    #[cfg_attr(feature = "openapi", schema(max_length = 1000, pattern = r"\S"))]
    pub reason: String,
}

/// One change in a meeting's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HistoryEntry {
    pub at: i64,
    pub actor_name: Option<String>,
    pub change: String,
    /// JSON with what changed.
    pub details: String,
}

/// An action item (oppfølgingspunkt).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActionItem {
    pub id: String,
    pub meeting_id: String,
    pub meeting_title: String,
    pub agenda_item_id: Option<String>,
    pub title: String,
    pub owner_id: Option<String>,
    pub owner_name: Option<String>,
    /// ISO date.
    pub due_date: Option<String>,
    pub status: ActionStatus,
}

/// Add or change an action item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActionItemInput {
    pub agenda_item_id: Option<String>,
    pub title: String,
    pub owner_id: Option<String>,
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub due_date: Option<String>,
    #[serde(default = "open")]
    pub status: ActionStatus,
}

fn open() -> ActionStatus {
    ActionStatus::Open
}

/// Change an action item's status (the owner or an organiser).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActionStatusInput {
    pub status: ActionStatus,
}

/// Minutes of a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Minutes {
    pub approved: bool,
    pub summary: Option<String>,
    pub approved_by_name: Option<String>,
    pub approved_at: Option<i64>,
}

/// Write the minutes: a summary and the decision per agenda item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MinutesInput {
    pub summary: Option<String>,
    pub decisions: Vec<DecisionInput>,
}

/// The decision on one agenda item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecisionInput {
    pub agenda_item_id: String,
    pub decision: Option<String>,
}

/// A meeting with everything the caller may see of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeetingDetail {
    pub meeting: Meeting,
    pub agenda: Vec<AgendaItem>,
    /// All proposals for organisers; one's own otherwise.
    pub proposals: Vec<Proposal>,
    pub minutes: Option<Minutes>,
    pub action_items: Vec<ActionItem>,
    pub history: Vec<HistoryEntry>,
    /// Whether the caller may still propose agenda items.
    pub can_propose: bool,
}

/// The secret URL of a personal calendar feed (shown once, when made).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CalendarFeed {
    pub url: String,
}

/// A search hit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchHit {
    /// `meeting`, `agenda_item` or `decision`.
    pub kind: String,
    pub meeting_id: String,
    pub title: String,
    /// A short piece of the text around the match.
    pub excerpt: Option<String>,
    pub starts_at: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_enums_use_the_names_beside_their_variants_on_the_wire_and_in_the_database() {
        fn check<T: Copy + std::fmt::Debug + PartialEq + Serialize>(
            texts: &[(T, &str)],
            as_str: fn(T) -> &'static str,
            parse: fn(&str) -> Option<T>,
        ) {
            for (value, text) in texts {
                assert_eq!(as_str(*value), *text);
                assert_eq!(parse(text), Some(*value));
                assert_eq!(serde_json::to_string(value).expect("json"), format!("\"{text}\""));
            }
        }
        check(BodyKind::TEXTS, BodyKind::as_str, BodyKind::parse);
        check(BodyRole::TEXTS, BodyRole::as_str, BodyRole::parse);
        check(MeetingKind::TEXTS, MeetingKind::as_str, MeetingKind::parse);
        check(MeetingStatus::TEXTS, MeetingStatus::as_str, MeetingStatus::parse);
        check(RsvpAnswer::TEXTS, RsvpAnswer::as_str, RsvpAnswer::parse);
        check(ProposalStatus::TEXTS, ProposalStatus::as_str, ProposalStatus::parse);
        check(ActionStatus::TEXTS, ActionStatus::as_str, ActionStatus::parse);
        assert_eq!(MeetingKind::parse("no_such_kind"), None);
    }
}
