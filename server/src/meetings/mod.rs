//! Meetings: committee meetings, all-GP meetings, annual municipality meetings (group or individual),
//! health-community meetings and courses.
//!
//! - `access.rs`: who may see and organise a meeting (the one place those rules live);
//! - `routes.rs`: create (also series), list, show, change/reschedule, notice, cancel, held; RSVP;
//! - `agenda.rs`: numbered agenda items, case papers, attachments, GP proposals;
//! - `minutes.rs`: minutes, decisions, action items;
//! - `search.rs`: search across what the caller may see;
//! - `mail/`: meeting mail (planning, what falls due, composing, one-click answers);
//! - `ics.rs`: a meeting as a calendar event (the notices attach it; `crate::calendar` serves it as files);
//! - `store.rs`: loading meetings with the caller's access.
//!
//! Europe/Oslo ⇄ UTC is `crate::time`.
//!
//! Calendar files and feeds live in `crate::calendar`; bodies in `crate::bodies`.

pub mod access;
pub mod agenda;
pub mod ics;
pub mod mail;
pub mod minutes;
pub mod routes;
pub mod search;
pub mod store;

use legeting_shared::api::meetings as api;

use crate::endpoint::Routes;

/// The routes of this domain.
pub fn router() -> Routes {
    Routes::new()
        .endpoint(api::MyMeetings, routes::my_meetings)
        .endpoint(api::MunicipalityMeetings, routes::municipality_meetings)
        .endpoint(api::CreateMeeting, routes::create_meeting)
        .endpoint(api::GetMeeting, routes::get_meeting)
        .endpoint(api::UpdateMeeting, routes::update_meeting)
        .endpoint(api::SendNotice, routes::send_notice)
        .endpoint(api::CancelMeeting, routes::cancel_meeting)
        .endpoint(api::MarkHeld, routes::mark_held)
        .endpoint(api::AnswerInvitation, routes::answer)
        .endpoint(api::Answers, routes::answers)
        .endpoint(api::AddItem, agenda::add_item)
        .endpoint(api::UpdateItem, agenda::update_item)
        .endpoint(api::Reorder, agenda::reorder)
        .endpoint(api::UploadAttachment, agenda::upload_attachment)
        .endpoint(api::DownloadAttachment, agenda::download_attachment)
        .endpoint(api::Propose, agenda::propose)
        .endpoint(api::AcceptProposal, agenda::accept_proposal)
        .endpoint(api::DeclineProposal, agenda::decline_proposal)
        .endpoint(api::SaveMinutes, minutes::save_minutes)
        .endpoint(api::ApproveMinutes, minutes::approve_minutes)
        .endpoint(api::AddActionItem, minutes::add_action_item)
        .endpoint(api::SetActionStatus, minutes::set_action_status)
        .endpoint(api::MyActionItems, minutes::my_action_items)
        .endpoint(api::Search, search::search)
        .endpoint(legeting_shared::api::mail::RsvpLink, mail::links::rsvp_link)
        .endpoint(legeting_shared::api::mail::AnswerByLink, mail::links::answer_by_link)
}
