//! Calendar files per meeting, and personal feeds with a secret token.

use crate::api::{Empty, File, Json};
use crate::ids::{MeetingId, Token};

crate::api::endpoint! {
    "calendar";

    /// A meeting as an `.ics` file, for anyone who may see the meeting. Organisers get every invitee as an
    /// attendee; everyone else only themselves (if invited).
    MeetingIcs = GET "/meetings/{id}/calendar.ics", id "meeting_ics",
        params MeetingId,
        reply File,
        content ["text/calendar"],
        status 200,
        errors [404];
    /// Make (or remake) my personal calendar feed. The URL is shown once; making a new one stops the old.
    CreateFeed = POST "/calendar/feed", id "create_feed",
        reply Json<crate::meetings::CalendarFeed>,
        status 200,
        errors [401];
    /// Stop my personal calendar feed.
    RevokeFeed = DELETE "/calendar/feed", id "revoke_feed",
        reply Empty,
        status 204,
        errors [401];
    /// A personal calendar feed: the person's meetings from 90 days back on. The secret token in the URL is the
    /// only credential, so calendar programs can subscribe without signing in.
    Feed = GET "/calendar/feed/{token}", id "feed",
        params Token,
        reply File,
        content ["text/calendar"],
        status 200,
        errors [404];
}
