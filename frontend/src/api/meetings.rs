//! Typed calls for bodies, meetings, agendas, proposals, RSVPs, minutes, action items, search and the personal
//! calendar feed.

use gloo_net::http::Method;
use legeting_shared::meetings::{
    ActionItem, ActionItemInput, ActionStatus, ActionStatusInput, AgendaItem, AgendaItemInput, Attachment, Body,
    BodyDetail, BodyInput, BodyMemberInput, CalendarFeed, CancelInput, DeclineInput, InviteeAnswer, Meeting,
    MeetingDetail, MeetingInput, MinutesInput, Proposal, ProposalInput, Rsvp, RsvpInput, SearchHit,
};

use super::{ApiFailure, encode_component as enc, get_json, post_bytes, post_empty, post_json, put_json, read, send};

/// `DELETE` a resource (with the CSRF header); the answer is empty.
pub async fn delete(path: &str) -> Result<(), ApiFailure> {
    read(send::<()>(Method::DELETE, path, None).await?).await
}

// --- Bodies ---

/// `GET /api/municipalities/{id}/bodies`
pub async fn bodies(municipality_id: &str) -> Result<Vec<Body>, ApiFailure> {
    get_json(&format!("/api/municipalities/{}/bodies", enc(municipality_id))).await
}

/// `POST /api/municipalities/{id}/bodies`
pub async fn create_body(municipality_id: &str, input: &BodyInput) -> Result<Body, ApiFailure> {
    post_json(&format!("/api/municipalities/{}/bodies", enc(municipality_id)), input).await
}

/// `GET /api/bodies/{id}`
pub async fn body(id: &str) -> Result<BodyDetail, ApiFailure> {
    get_json(&format!("/api/bodies/{}", enc(id))).await
}

/// `PUT /api/bodies/{id}`
pub async fn update_body(id: &str, input: &BodyInput) -> Result<Body, ApiFailure> {
    put_json(&format!("/api/bodies/{}", enc(id)), input).await
}

/// `PUT /api/bodies/{id}/members`: replace the whole member list.
pub async fn set_members(id: &str, members: &[BodyMemberInput]) -> Result<BodyDetail, ApiFailure> {
    put_json(&format!("/api/bodies/{}/members", enc(id)), members).await
}

// --- Meetings ---

fn when(past: bool) -> &'static str {
    if past { "past" } else { "upcoming" }
}

/// `GET /api/meetings?when=`: the meetings I am invited to or whose body I belong to.
pub async fn my_meetings(past: bool) -> Result<Vec<Meeting>, ApiFailure> {
    get_json(&format!("/api/meetings?when={}", when(past))).await
}

/// `GET /api/municipalities/{id}/meetings?when=`: every meeting of the municipality I may see.
pub async fn municipality_meetings(municipality_id: &str, past: bool) -> Result<Vec<Meeting>, ApiFailure> {
    get_json(&format!("/api/municipalities/{}/meetings?when={}", enc(municipality_id), when(past))).await
}

/// `POST /api/municipalities/{id}/meetings`: one meeting, or a series.
pub async fn create_meeting(municipality_id: &str, input: &MeetingInput) -> Result<Vec<Meeting>, ApiFailure> {
    post_json(&format!("/api/municipalities/{}/meetings", enc(municipality_id)), input).await
}

fn meeting_path(id: &str) -> String {
    format!("/api/meetings/{}", enc(id))
}

/// `GET /api/meetings/{id}`
pub async fn meeting(id: &str) -> Result<MeetingDetail, ApiFailure> {
    get_json(&meeting_path(id)).await
}

/// `PUT /api/meetings/{id}`: change or reschedule.
pub async fn update_meeting(id: &str, input: &MeetingInput) -> Result<MeetingDetail, ApiFailure> {
    put_json(&meeting_path(id), input).await
}

/// `POST /api/meetings/{id}/notice`
pub async fn send_notice(id: &str) -> Result<MeetingDetail, ApiFailure> {
    post_empty(&format!("{}/notice", meeting_path(id))).await
}

/// `POST /api/meetings/{id}/cancel`
pub async fn cancel_meeting(id: &str, reason: String) -> Result<MeetingDetail, ApiFailure> {
    post_json(&format!("{}/cancel", meeting_path(id)), &CancelInput { reason }).await
}

/// `POST /api/meetings/{id}/held`
pub async fn mark_held(id: &str) -> Result<MeetingDetail, ApiFailure> {
    post_empty(&format!("{}/held", meeting_path(id))).await
}

/// `PUT /api/meetings/{id}/rsvp`
pub async fn rsvp(id: &str, input: &RsvpInput) -> Result<Rsvp, ApiFailure> {
    put_json(&format!("{}/rsvp", meeting_path(id)), input).await
}

/// `GET /api/meetings/{id}/answers`
pub async fn answers(id: &str) -> Result<Vec<InviteeAnswer>, ApiFailure> {
    get_json(&format!("{}/answers", meeting_path(id))).await
}

/// The `.ics` file of a meeting, for a download link.
pub fn calendar_file_url(id: &str) -> String {
    format!("{}/calendar.ics", meeting_path(id))
}

// --- Agenda, attachments and proposals ---

/// `POST /api/meetings/{id}/agenda`
pub async fn add_agenda_item(meeting_id: &str, input: &AgendaItemInput) -> Result<AgendaItem, ApiFailure> {
    post_json(&format!("{}/agenda", meeting_path(meeting_id)), input).await
}

/// `PUT /api/agenda-items/{id}`
pub async fn update_agenda_item(item_id: &str, input: &AgendaItemInput) -> Result<AgendaItem, ApiFailure> {
    put_json(&format!("/api/agenda-items/{}", enc(item_id)), input).await
}

/// `PUT /api/meetings/{id}/agenda/order`
pub async fn reorder_agenda(meeting_id: &str, order: &[String]) -> Result<Vec<AgendaItem>, ApiFailure> {
    put_json(&format!("{}/agenda/order", meeting_path(meeting_id)), order).await
}

/// `POST /api/agenda-items/{id}/attachments?file_name=`: the file's bytes as the body.
pub async fn upload_attachment(
    item_id: &str,
    file_name: &str,
    bytes: &js_sys::ArrayBuffer,
) -> Result<Attachment, ApiFailure> {
    post_bytes(&format!("/api/agenda-items/{}/attachments?file_name={}", enc(item_id), enc(file_name)), bytes).await
}

/// The download link of an attachment.
pub fn attachment_url(id: &str) -> String {
    format!("/api/attachments/{}", enc(id))
}

/// `POST /api/meetings/{id}/proposals`
pub async fn propose(meeting_id: &str, input: &ProposalInput) -> Result<Proposal, ApiFailure> {
    post_json(&format!("{}/proposals", meeting_path(meeting_id)), input).await
}

/// `POST /api/proposals/{id}/accept`
pub async fn accept_proposal(id: &str) -> Result<Proposal, ApiFailure> {
    post_empty(&format!("/api/proposals/{}/accept", enc(id))).await
}

/// `POST /api/proposals/{id}/decline`
pub async fn decline_proposal(id: &str, reason: String) -> Result<Proposal, ApiFailure> {
    post_json(&format!("/api/proposals/{}/decline", enc(id)), &DeclineInput { reason }).await
}

// --- Minutes and action items ---

/// `PUT /api/meetings/{id}/minutes`
pub async fn save_minutes(meeting_id: &str, input: &MinutesInput) -> Result<MeetingDetail, ApiFailure> {
    put_json(&format!("{}/minutes", meeting_path(meeting_id)), input).await
}

/// `POST /api/meetings/{id}/minutes/approve`
pub async fn approve_minutes(meeting_id: &str) -> Result<MeetingDetail, ApiFailure> {
    post_empty(&format!("{}/minutes/approve", meeting_path(meeting_id))).await
}

/// `POST /api/meetings/{id}/action-items`
pub async fn add_action_item(meeting_id: &str, input: &ActionItemInput) -> Result<ActionItem, ApiFailure> {
    post_json(&format!("{}/action-items", meeting_path(meeting_id)), input).await
}

/// `PUT /api/action-items/{id}/status`
pub async fn set_action_status(id: &str, status: ActionStatus) -> Result<ActionItem, ApiFailure> {
    put_json(&format!("/api/action-items/{}/status", enc(id)), &ActionStatusInput { status }).await
}

/// `GET /api/action-items/mine`: my action items that are not done.
pub async fn my_action_items() -> Result<Vec<ActionItem>, ApiFailure> {
    get_json("/api/action-items/mine").await
}

// --- Search and calendar feed ---

/// `GET /api/search?q=`
pub async fn search(q: &str) -> Result<Vec<SearchHit>, ApiFailure> {
    get_json(&format!("/api/search?q={}", enc(q.trim()))).await
}

/// `POST /api/calendar/feed`: make (or remake) my feed; the URL is shown once.
pub async fn create_feed() -> Result<CalendarFeed, ApiFailure> {
    post_empty("/api/calendar/feed").await
}

/// `DELETE /api/calendar/feed`
pub async fn revoke_feed() -> Result<(), ApiFailure> {
    delete("/api/calendar/feed").await
}
