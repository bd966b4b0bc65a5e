//! Meetings, agendas, attachments, proposals, RSVP, minutes, action items and search.

use serde::{Deserialize, Serialize};

use crate::api::{Bytes, File, Json};
use crate::ids::{ActionItemId, AgendaItemId, AttachmentId, MeetingId, MunicipalityId, ProposalId};

/// Which meetings to list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct ListQuery {
    /// `upcoming` (default) or `past`.
    pub when: Option<String>,
}

/// The search words.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct SearchQuery {
    /// At least two characters besides white space at either end.
    #[cfg_attr(feature = "openapi", param(pattern = r"\S[\s\S]*\S"))]
    pub q: String,
}

/// The uploaded file's name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct UploadQuery {
    pub file_name: String,
}

crate::api::endpoint! {
    "meetings";

    /// Add an item to the agenda. Organisers.
    AddItem = POST "/meetings/{id}/agenda", id "add_item",
        params MeetingId,
        body Json<crate::meetings::AgendaItemInput>,
        reply Json<crate::meetings::AgendaItem>,
        status 201,
        errors [403, 404, 409, 422];
    /// Change an agenda item's title or case paper. Organisers.
    UpdateItem = PUT "/agenda-items/{id}", id "update_item",
        params AgendaItemId,
        body Json<crate::meetings::AgendaItemInput>,
        reply Json<crate::meetings::AgendaItem>,
        status 200,
        errors [403, 404, 409, 422];
    /// Put the agenda items in a new order (all of the meeting's item ids, in order). Organisers.
    Reorder = PUT "/meetings/{id}/agenda/order", id "reorder",
        params MeetingId,
        body Json<Vec<String>>,
        reply Json<Vec<crate::meetings::AgendaItem>>,
        status 200,
        errors [403, 404, 409, 422];
    /// Attach a file to an agenda item (PDF, Office documents, images, text; up to the body size limit). The
    /// content must match the file type. Organisers.
    UploadAttachment = POST "/agenda-items/{id}/attachments", id "upload_attachment",
        params AgendaItemId,
        query UploadQuery,
        body Bytes,
        reply Json<crate::meetings::Attachment>,
        status 201,
        errors [403, 404, 413, 422, 507];
    /// Download an attachment. Only those who may see the item's case papers.
    DownloadAttachment = GET "/attachments/{id}", id "download_attachment",
        params AttachmentId,
        reply File,
        content ["application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/vnd.openxmlformats-officedocument.presentationml.presentation", "application/vnd.oasis.opendocument.text", "image/png", "image/jpeg", "text/plain"],
        status 200 "The file, with the content type of its kind",
        errors [404];
    /// Propose an agenda item. Invitees and body members, until the proposal deadline.
    Propose = POST "/meetings/{id}/proposals", id "propose",
        params MeetingId,
        body Json<crate::meetings::ProposalInput>,
        reply Json<crate::meetings::Proposal>,
        status 201,
        errors [403, 404, 409, 422];
    /// Accept a proposal: it joins the agenda as a numbered item, credited to the proposer. Organisers.
    AcceptProposal = POST "/proposals/{id}/accept", id "accept_proposal",
        params ProposalId,
        reply Json<crate::meetings::Proposal>,
        status 200,
        errors [403, 404, 409];
    /// Decline a proposal with a reason the proposer sees. Organisers.
    DeclineProposal = POST "/proposals/{id}/decline", id "decline_proposal",
        params ProposalId,
        body Json<crate::meetings::DeclineInput>,
        reply Json<crate::meetings::Proposal>,
        status 200,
        errors [403, 404, 409, 422];
    /// Save the draft minutes: the summary and the decision on each agenda item. Organisers, once the meeting
    /// has been held (or its notice sent and it has started); not after approval.
    SaveMinutes = PUT "/meetings/{id}/minutes", id "save_minutes",
        params MeetingId,
        body Json<crate::meetings::MinutesInput>,
        reply Json<crate::meetings::MeetingDetail>,
        status 200,
        errors [403, 404, 409, 422];
    /// Approve the minutes; the meeting moves to "minutes approved", the minutes become visible, and invitees and
    /// the body's members are told by e-mail (unless they turned that off).
    ApproveMinutes = POST "/meetings/{id}/minutes/approve", id "approve_minutes",
        params MeetingId,
        reply Json<crate::meetings::MeetingDetail>,
        status 200,
        errors [403, 404, 409];
    /// Add an action item to a meeting. Organisers.
    AddActionItem = POST "/meetings/{id}/action-items", id "add_action_item",
        params MeetingId,
        body Json<crate::meetings::ActionItemInput>,
        reply Json<crate::meetings::ActionItem>,
        status 201,
        errors [403, 404, 422];
    /// Change an action item's status. Its owner or the meeting's organisers.
    SetActionStatus = PUT "/action-items/{id}/status", id "set_action_status",
        params ActionItemId,
        body Json<crate::meetings::ActionStatusInput>,
        reply Json<crate::meetings::ActionItem>,
        status 200,
        errors [403, 404];
    /// My action items that are not done yet, soonest due first.
    MyActionItems = GET "/action-items/mine", id "my_action_items",
        reply Json<Vec<crate::meetings::ActionItem>>,
        status 200,
        errors [401];
    /// Create a meeting (or a series of meetings) as a draft. Organisers of the municipality or of the body.
    CreateMeeting = POST "/municipalities/{id}/meetings", id "create_meeting",
        params MunicipalityId,
        body Json<crate::meetings::MeetingInput>,
        reply Json<Vec<crate::meetings::Meeting>>,
        status 201,
        errors [403, 404, 422];
    /// My meetings: those I am invited to or whose body I belong to, across municipalities, upcoming (soonest
    /// first) or past (latest first).
    MyMeetings = GET "/meetings", id "my_meetings",
        query ListQuery,
        reply Json<Vec<crate::meetings::Meeting>>,
        status 200,
        errors [401];
    /// Every meeting of a municipality the caller may see (organisers also see drafts), upcoming or past.
    MunicipalityMeetings = GET "/municipalities/{id}/meetings", id "municipality_meetings",
        params MunicipalityId,
        query ListQuery,
        reply Json<Vec<crate::meetings::Meeting>>,
        status 200,
        errors [404];
    /// A meeting with its agenda, proposals, minutes, action items and history.
    GetMeeting = GET "/meetings/{id}", id "get_meeting",
        params MeetingId,
        reply Json<crate::meetings::MeetingDetail>,
        status 200,
        errors [404];
    /// Change or reschedule a meeting. Every change raises the calendar SEQUENCE so calendars update the event;
    /// the history keeps the old and new times. Once the notice is sent, invitees get an update by e-mail (same
    /// calendar UID) and the reminders are planned anew. Not for cancelled meetings or approved minutes.
    UpdateMeeting = PUT "/meetings/{id}", id "update_meeting",
        params MeetingId,
        body Json<crate::meetings::MeetingInput>,
        reply Json<crate::meetings::MeetingDetail>,
        status 200,
        errors [403, 404, 409, 422];
    /// Send the notice: the draft becomes visible to invitees, who can answer it, and each gets the notice by
    /// e-mail with a calendar invitation and one-click answers; reminders are planned.
    SendNotice = POST "/meetings/{id}/notice", id "send_notice",
        params MeetingId,
        reply Json<crate::meetings::MeetingDetail>,
        status 200,
        errors [403, 404, 409];
    /// Cancel a meeting with a reason. Calendars receive STATUS:CANCELLED with a higher SEQUENCE; those who got the
    /// notice get a cancellation by e-mail (METHOD:CANCEL), and no reminder goes out.
    CancelMeeting = POST "/meetings/{id}/cancel", id "cancel_meeting",
        params MeetingId,
        body Json<crate::meetings::CancelInput>,
        reply Json<crate::meetings::MeetingDetail>,
        status 200,
        errors [403, 404, 409, 422];
    /// Mark a meeting as held, so its minutes can be written.
    MarkHeld = POST "/meetings/{id}/held", id "mark_held",
        params MeetingId,
        reply Json<crate::meetings::MeetingDetail>,
        status 200,
        errors [403, 404, 409];
    /// Answer a notice: attend in person, attend remotely, or notice of absence with a reason. Changeable until
    /// the meeting starts. Invitees only.
    AnswerInvitation = PUT "/meetings/{id}/rsvp", id "answer",
        params MeetingId,
        body Json<crate::meetings::RsvpInput>,
        reply Json<crate::meetings::Rsvp>,
        status 200,
        errors [403, 404, 409, 422];
    /// Every invitee and their answer (or none yet). Organisers and municipal leaders.
    Answers = GET "/meetings/{id}/answers", id "answers",
        params MeetingId,
        reply Json<Vec<crate::meetings::InviteeAnswer>>,
        status 200,
        errors [403, 404];
    /// Meetings, agenda items and decisions matching the words (case-insensitive), newest first, at most 50.
    /// Closed case papers are searched only for those who may read them.
    Search = GET "/search", id "search",
        query SearchQuery,
        reply Json<Vec<crate::meetings::SearchHit>>,
        status 200,
        errors [401, 422];
}
