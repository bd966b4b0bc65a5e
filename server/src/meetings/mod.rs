//! Meetings: committee meetings, all-GP meetings, annual municipality meetings (group or individual),
//! health-community meetings and courses.
//!
//! - `access.rs`: who may see and organise a meeting (the one place those rules live);
//! - `routes.rs`: create (also series), list, show, change/reschedule, notice, cancel, held; RSVP;
//! - `agenda.rs`: numbered agenda items, case papers, attachments, GP proposals;
//! - `minutes.rs`: minutes, decisions, action items;
//! - `search.rs`: search across what the caller may see;
//! - `mail/`: meeting mail (planning, what falls due, composing, one-click answers);
//! - `store.rs`: loading meetings with the caller's access.
//!
//! Europe/Oslo ⇄ UTC is `crate::time`.
//!
//! Calendar files live in `crate::calendar`; bodies in `crate::bodies`.

pub mod access;
pub mod agenda;
pub mod mail;
pub mod minutes;
pub mod routes;
pub mod search;
pub mod store;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

/// The routes of this domain.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(routes::my_meetings))
        .routes(routes!(routes::municipality_meetings, routes::create_meeting))
        .routes(routes!(routes::get_meeting, routes::update_meeting))
        .routes(routes!(routes::send_notice))
        .routes(routes!(routes::cancel_meeting))
        .routes(routes!(routes::mark_held))
        .routes(routes!(routes::answer))
        .routes(routes!(routes::answers))
        .routes(routes!(agenda::add_item))
        .routes(routes!(agenda::update_item))
        .routes(routes!(agenda::reorder))
        .routes(routes!(agenda::upload_attachment))
        .routes(routes!(agenda::download_attachment))
        .routes(routes!(agenda::propose))
        .routes(routes!(agenda::accept_proposal))
        .routes(routes!(agenda::decline_proposal))
        .routes(routes!(minutes::save_minutes))
        .routes(routes!(minutes::approve_minutes))
        .routes(routes!(minutes::add_action_item))
        .routes(routes!(minutes::set_action_status))
        .routes(routes!(minutes::my_action_items))
        .routes(routes!(search::search))
        .routes(routes!(mail::links::rsvp_link, mail::links::answer_by_link))
}
