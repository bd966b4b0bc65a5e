//! The live meeting room: the websocket, and older messages over HTTP.

use serde::{Deserialize, Serialize};

use crate::api::{Json, Upgrade};
use crate::ids::MeetingId;

/// Which older messages to read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct OlderQuery {
    /// The id of the oldest message the client has; the answer ends just before it (the latest messages
    /// when not given).
    pub before: Option<String>,
    /// How many at most (default and most: 50).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 50))]
    pub limit: Option<i64>,
}

crate::api::endpoint! {
    "live";

    /// Older messages of a meeting's live discussion, oldest first, ending just before a given message (the
    /// welcome's snapshot holds only the latest). Anyone who may see the meeting.
    OlderMessages = GET "/meetings/{id}/live/messages", id "older_messages",
        params MeetingId,
        query OlderQuery,
        reply Json<crate::live::OlderMessages>,
        status 200,
        errors [401, 404 "No such meeting, or no such message in it"];
    /// Open the live room of a meeting (websocket). Anyone who may see the meeting; not for drafts or cancelled
    /// meetings.
    Live = GET "/meetings/{id}/live", id "live",
        params MeetingId,
        reply Upgrade,
        status 101 "Switching to the websocket protocol",
        errors [400, 401, 403 "The page that opens the socket is not on this server (`Origin`)", 404, 409];
}
