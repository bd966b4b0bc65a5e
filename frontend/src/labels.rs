//! The translated names of the domain's enumerations (meeting kinds, states, answers, …) and the colours
//! their tags get. One place, so every page says the same thing.

use legeting_shared::letters::{LetterAudience, LetterKind};
use legeting_shared::meetings::{
    ActionStatus, BodyKind, BodyRole, MeetingKind, MeetingStatus, ProposalStatus, RsvpAnswer,
};
use legeting_shared::participation::{AttendanceStatus, ObligationState};
use leptos::prelude::*;

use crate::i18n::{Key, tr};

pub fn meeting_kind(kind: MeetingKind) -> Key {
    match kind {
        MeetingKind::CommitteeMeeting => Key::KindCommitteeMeeting,
        MeetingKind::AllGpMeeting => Key::KindAllGpMeeting,
        MeetingKind::AnnualGroup => Key::KindAnnualGroup,
        MeetingKind::AnnualIndividual => Key::KindAnnualIndividual,
        MeetingKind::HealthCommunity => Key::KindHealthCommunity,
        MeetingKind::Course => Key::KindCourse,
    }
}

pub fn meeting_status(status: MeetingStatus) -> Key {
    match status {
        MeetingStatus::Draft => Key::StatusDraft,
        MeetingStatus::NoticeSent => Key::StatusNoticeSent,
        MeetingStatus::Held => Key::StatusHeld,
        MeetingStatus::MinutesApproved => Key::StatusMinutesApproved,
        MeetingStatus::Cancelled => Key::StatusCancelled,
    }
}

/// The Designsystemet colour of a meeting state's tag.
pub fn meeting_status_color(status: MeetingStatus) -> &'static str {
    match status {
        MeetingStatus::Draft => "warning",
        MeetingStatus::NoticeSent => "info",
        MeetingStatus::Held => "neutral",
        MeetingStatus::MinutesApproved => "success",
        MeetingStatus::Cancelled => "danger",
    }
}

pub fn letter_kind(kind: LetterKind) -> Key {
    match kind {
        LetterKind::Information => Key::LetterKindInformation,
        LetterKind::Announcement => Key::LetterKindAnnouncement,
    }
}

/// The Designsystemet colour of a letter kind's tag.
pub fn letter_kind_color(kind: LetterKind) -> &'static str {
    match kind {
        LetterKind::Information => "info",
        LetterKind::Announcement => "neutral",
    }
}

pub fn letter_audience(audience: LetterAudience) -> Key {
    match audience {
        LetterAudience::Gps => Key::LetterAudienceGps,
        LetterAudience::Everyone => Key::LetterAudienceEveryone,
    }
}

pub fn body_kind(kind: BodyKind) -> Key {
    match kind {
        BodyKind::GpCommittee => Key::BodyKindGpCommittee,
        BodyKind::CooperationCommittee => Key::BodyKindCooperationCommittee,
        BodyKind::QualityCommittee => Key::BodyKindQualityCommittee,
        BodyKind::AllGpMeeting => Key::BodyKindAllGpMeeting,
        BodyKind::Forum => Key::BodyKindForum,
        BodyKind::HealthCommunity => Key::BodyKindHealthCommunity,
        BodyKind::CourseSeries => Key::BodyKindCourseSeries,
        BodyKind::Other => Key::BodyKindOther,
    }
}

pub fn body_role(role: BodyRole) -> Key {
    match role {
        BodyRole::Chair => Key::BodyRoleChair,
        BodyRole::Secretary => Key::BodyRoleSecretary,
        BodyRole::Member => Key::BodyRoleMember,
        BodyRole::Representative => Key::BodyRoleRepresentative,
        BodyRole::Observer => Key::BodyRoleObserver,
    }
}

pub fn rsvp_answer(answer: RsvpAnswer) -> Key {
    match answer {
        RsvpAnswer::InPerson => Key::AnswerInPerson,
        RsvpAnswer::Remote => Key::AnswerRemote,
        RsvpAnswer::Absent => Key::AnswerAbsent,
    }
}

pub fn attendance_status(status: AttendanceStatus) -> Key {
    match status {
        AttendanceStatus::InPerson => Key::AttendanceInPerson,
        AttendanceStatus::Remote => Key::AttendanceRemote,
        AttendanceStatus::Excused => Key::AttendanceExcused,
        AttendanceStatus::Absent => Key::AttendanceAbsent,
    }
}

/// How an attendance record was made (`check_in`, `secretary`, `live_room`).
pub fn attendance_source(source: &str) -> Key {
    match source {
        "check_in" => Key::SourceCheckIn,
        "live_room" => Key::SourceLiveRoom,
        _ => Key::SourceSecretary,
    }
}

pub fn action_status(status: ActionStatus) -> Key {
    match status {
        ActionStatus::Open => Key::ActionOpen,
        ActionStatus::InProgress => Key::ActionInProgress,
        ActionStatus::Done => Key::ActionDone,
    }
}

pub fn proposal_status(status: ProposalStatus) -> Key {
    match status {
        ProposalStatus::Pending => Key::ProposalPending,
        ProposalStatus::Accepted => Key::ProposalAccepted,
        ProposalStatus::Declined => Key::ProposalDeclined,
    }
}

pub fn proposal_status_color(status: ProposalStatus) -> &'static str {
    match status {
        ProposalStatus::Pending => "info",
        ProposalStatus::Accepted => "success",
        ProposalStatus::Declined => "danger",
    }
}

pub fn obligation_state(state: ObligationState) -> Key {
    match state {
        ObligationState::Met => Key::ObligationMet,
        ObligationState::NotMet => Key::ObligationNotMet,
        ObligationState::Exempt => Key::ObligationExempt,
    }
}

pub fn obligation_color(state: ObligationState) -> &'static str {
    match state {
        ObligationState::Met => "success",
        ObligationState::NotMet => "warning",
        ObligationState::Exempt => "neutral",
    }
}

/// Monday = 0 … Sunday = 6.
pub fn weekday(day: usize) -> Key {
    match day {
        0 => Key::Monday,
        1 => Key::Tuesday,
        2 => Key::Wednesday,
        3 => Key::Thursday,
        4 => Key::Friday,
        5 => Key::Saturday,
        _ => Key::Sunday,
    }
}

/// A small coloured tag with a translated text.
#[component]
pub fn Tag(key: Key, color: &'static str, #[prop(optional)] testid: Option<&'static str>) -> impl IntoView {
    view! {
        <span class="ds-tag" data-color=color data-size="sm" data-testid=testid>
            {tr(key)}
        </span>
    }
}

/// A meeting's state as a tag.
#[component]
pub fn StatusTag(status: MeetingStatus) -> impl IntoView {
    view! { <Tag key=meeting_status(status) color=meeting_status_color(status) testid="meeting-status" /> }
}
