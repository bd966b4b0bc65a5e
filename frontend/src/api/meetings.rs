//! Typed calls for bodies, meetings, agendas, proposals, RSVPs, minutes, action items, search and the personal
//! calendar feed.

use legeting_shared::api::meetings::{self as api, ListQuery, SearchQuery, UploadQuery};
use legeting_shared::api::{Endpoint, NoQuery, bodies as bodies_api, calendar as calendar_api};
use legeting_shared::meetings::{
    ActionItem, ActionItemInput, ActionStatus, ActionStatusInput, AgendaItem, AgendaItemInput, Attachment, Body,
    BodyDetail, BodyInput, BodyMemberInput, CalendarFeed, CancelInput, DeclineInput, InviteeAnswer, Meeting,
    MeetingDetail, MeetingInput, MinutesInput, Proposal, ProposalInput, Rsvp, RsvpInput, SearchHit,
};
use legeting_shared::{ActionItemId, AgendaItemId, AttachmentId, BodyId, MeetingId, MunicipalityId, ProposalId};

use super::{ApiFailure, call, upload};

// --- Bodies ---

pub async fn bodies(municipality_id: &str) -> Result<Vec<Body>, ApiFailure> {
    call::<bodies_api::ListBodies>(&MunicipalityId::from(municipality_id), &NoQuery {}, &()).await
}

pub async fn create_body(municipality_id: &str, input: &BodyInput) -> Result<Body, ApiFailure> {
    call::<bodies_api::CreateBody>(&MunicipalityId::from(municipality_id), &NoQuery {}, input).await
}

pub async fn body(id: &str) -> Result<BodyDetail, ApiFailure> {
    call::<bodies_api::GetBody>(&BodyId::from(id), &NoQuery {}, &()).await
}

pub async fn update_body(id: &str, input: &BodyInput) -> Result<Body, ApiFailure> {
    call::<bodies_api::UpdateBody>(&BodyId::from(id), &NoQuery {}, input).await
}

/// Replace the whole member list.
pub async fn set_members(id: &str, members: &[BodyMemberInput]) -> Result<BodyDetail, ApiFailure> {
    call::<bodies_api::SetMembers>(&BodyId::from(id), &NoQuery {}, &members.to_vec()).await
}

// --- Meetings ---

fn when(past: bool) -> ListQuery {
    ListQuery { when: Some(if past { "past" } else { "upcoming" }.to_owned()) }
}

/// The meetings I am invited to or whose body I belong to.
pub async fn my_meetings(past: bool) -> Result<Vec<Meeting>, ApiFailure> {
    call::<api::MyMeetings>(&(), &when(past), &()).await
}

/// Every meeting of the municipality I may see.
pub async fn municipality_meetings(municipality_id: &str, past: bool) -> Result<Vec<Meeting>, ApiFailure> {
    call::<api::MunicipalityMeetings>(&MunicipalityId::from(municipality_id), &when(past), &()).await
}

/// One meeting, or a series.
pub async fn create_meeting(municipality_id: &str, input: &MeetingInput) -> Result<Vec<Meeting>, ApiFailure> {
    call::<api::CreateMeeting>(&MunicipalityId::from(municipality_id), &NoQuery {}, input).await
}

pub async fn meeting(id: &str) -> Result<MeetingDetail, ApiFailure> {
    call::<api::GetMeeting>(&MeetingId::from(id), &NoQuery {}, &()).await
}

/// Change or reschedule.
pub async fn update_meeting(id: &str, input: &MeetingInput) -> Result<MeetingDetail, ApiFailure> {
    call::<api::UpdateMeeting>(&MeetingId::from(id), &NoQuery {}, input).await
}

pub async fn send_notice(id: &str) -> Result<MeetingDetail, ApiFailure> {
    call::<api::SendNotice>(&MeetingId::from(id), &NoQuery {}, &()).await
}

pub async fn cancel_meeting(id: &str, reason: String) -> Result<MeetingDetail, ApiFailure> {
    call::<api::CancelMeeting>(&MeetingId::from(id), &NoQuery {}, &CancelInput { reason }).await
}

pub async fn mark_held(id: &str) -> Result<MeetingDetail, ApiFailure> {
    call::<api::MarkHeld>(&MeetingId::from(id), &NoQuery {}, &()).await
}

pub async fn rsvp(id: &str, input: &RsvpInput) -> Result<Rsvp, ApiFailure> {
    call::<api::AnswerInvitation>(&MeetingId::from(id), &NoQuery {}, input).await
}

pub async fn answers(id: &str) -> Result<Vec<InviteeAnswer>, ApiFailure> {
    call::<api::Answers>(&MeetingId::from(id), &NoQuery {}, &()).await
}

/// The `.ics` file of a meeting, for a download link.
pub fn calendar_file_url(id: &str) -> String {
    calendar_api::MeetingIcs::path(&MeetingId::from(id))
}

// --- Agenda, attachments and proposals ---

pub async fn add_agenda_item(meeting_id: &str, input: &AgendaItemInput) -> Result<AgendaItem, ApiFailure> {
    call::<api::AddItem>(&MeetingId::from(meeting_id), &NoQuery {}, input).await
}

pub async fn update_agenda_item(item_id: &str, input: &AgendaItemInput) -> Result<AgendaItem, ApiFailure> {
    call::<api::UpdateItem>(&AgendaItemId::from(item_id), &NoQuery {}, input).await
}

pub async fn reorder_agenda(meeting_id: &str, order: &[String]) -> Result<Vec<AgendaItem>, ApiFailure> {
    call::<api::Reorder>(&MeetingId::from(meeting_id), &NoQuery {}, &order.to_vec()).await
}

/// The file's bytes as the body.
pub async fn upload_attachment(
    item_id: &str,
    file_name: &str,
    bytes: &js_sys::ArrayBuffer,
) -> Result<Attachment, ApiFailure> {
    let query = UploadQuery { file_name: file_name.to_owned() };
    upload::<api::UploadAttachment>(&AgendaItemId::from(item_id), &query, bytes).await
}

/// The download link of an attachment.
pub fn attachment_url(id: &str) -> String {
    api::DownloadAttachment::path(&AttachmentId::from(id))
}

pub async fn propose(meeting_id: &str, input: &ProposalInput) -> Result<Proposal, ApiFailure> {
    call::<api::Propose>(&MeetingId::from(meeting_id), &NoQuery {}, input).await
}

pub async fn accept_proposal(id: &str) -> Result<Proposal, ApiFailure> {
    call::<api::AcceptProposal>(&ProposalId::from(id), &NoQuery {}, &()).await
}

pub async fn decline_proposal(id: &str, reason: String) -> Result<Proposal, ApiFailure> {
    call::<api::DeclineProposal>(&ProposalId::from(id), &NoQuery {}, &DeclineInput { reason }).await
}

// --- Minutes and action items ---

pub async fn save_minutes(meeting_id: &str, input: &MinutesInput) -> Result<MeetingDetail, ApiFailure> {
    call::<api::SaveMinutes>(&MeetingId::from(meeting_id), &NoQuery {}, input).await
}

pub async fn approve_minutes(meeting_id: &str) -> Result<MeetingDetail, ApiFailure> {
    call::<api::ApproveMinutes>(&MeetingId::from(meeting_id), &NoQuery {}, &()).await
}

pub async fn add_action_item(meeting_id: &str, input: &ActionItemInput) -> Result<ActionItem, ApiFailure> {
    call::<api::AddActionItem>(&MeetingId::from(meeting_id), &NoQuery {}, input).await
}

pub async fn set_action_status(id: &str, status: ActionStatus) -> Result<ActionItem, ApiFailure> {
    call::<api::SetActionStatus>(&ActionItemId::from(id), &NoQuery {}, &ActionStatusInput { status }).await
}

/// My action items that are not done.
pub async fn my_action_items() -> Result<Vec<ActionItem>, ApiFailure> {
    call::<api::MyActionItems>(&(), &NoQuery {}, &()).await
}

// --- Search and calendar feed ---

pub async fn search(q: &str) -> Result<Vec<SearchHit>, ApiFailure> {
    call::<api::Search>(&(), &SearchQuery { q: q.trim().to_owned() }, &()).await
}

/// Make (or remake) my feed; the URL is shown once.
pub async fn create_feed() -> Result<CalendarFeed, ApiFailure> {
    call::<calendar_api::CreateFeed>(&(), &NoQuery {}, &()).await
}

pub async fn revoke_feed() -> Result<(), ApiFailure> {
    call::<calendar_api::RevokeFeed>(&(), &NoQuery {}, &()).await
}
