//! A meeting as a calendar event (RFC 5545, through the `icalendar` crate): the event data of a meeting and
//! the calendar text, shared by the meeting mail (notices and cancellations carry it, `meetings/mail`) and the
//! calendar files and feeds (`crate::calendar`, above meetings).
//!
//! Every meeting keeps one UID for its whole life and raises SEQUENCE on every change, so a calendar that
//! imported it updates the same event when the meeting moves, and removes it on STATUS:CANCELLED. Times are
//! written in UTC. Who is named as ATTENDEE follows [`Attendees`].

use chrono::{TimeZone, Utc};
use icalendar::{Calendar, Component, EventLike, EventStatus, Property};
use legeting_shared::meetings::{MeetingStatus, RsvpAnswer};

use crate::state::AppState;

/// How a calendar is meant to be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// A file to import or a feed to subscribe to.
    Publish,
    /// An invitation sent by e-mail.
    Request,
    /// A cancellation sent by e-mail.
    Cancel,
}

/// One meeting as an event.
pub struct EventData {
    pub meeting_id: String,
    pub title: String,
    pub description: Option<String>,
    pub location: Option<String>,
    pub video_url: Option<String>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub status: MeetingStatus,
    pub sequence: i64,
    pub organizer: (String, String),
    /// (name, e-mail, answer)
    pub attendees: Vec<(String, String, Option<RsvpAnswer>)>,
    pub url: String,
}

/// The stable UID of a meeting's event.
pub fn uid(meeting_id: &str) -> String {
    format!("{meeting_id}@legeting")
}

/// Build a calendar with the given events.
pub fn calendar(method: Method, events: &[EventData]) -> String {
    let mut calendar = Calendar::new();
    calendar.name("Legeting");
    calendar.append_property(Property::new(
        "METHOD",
        match method {
            Method::Publish => "PUBLISH",
            Method::Request => "REQUEST",
            Method::Cancel => "CANCEL",
        },
    ));
    for data in events {
        let start = Utc.timestamp_millis_opt(data.starts_at).single().unwrap_or_default();
        let end = Utc.timestamp_millis_opt(data.ends_at).single().unwrap_or_default();
        let mut event = icalendar::Event::new();
        event
            .uid(&uid(&data.meeting_id))
            .sequence(u32::try_from(data.sequence).unwrap_or(0))
            .summary(&data.title)
            .starts(start)
            .ends(end)
            .timestamp(Utc::now())
            .url(&data.url)
            .status(match data.status {
                MeetingStatus::Cancelled => EventStatus::Cancelled,
                MeetingStatus::Draft => EventStatus::Tentative,
                _ => EventStatus::Confirmed,
            });
        let mut description = data.description.clone().unwrap_or_default();
        if let Some(video) = &data.video_url {
            if !description.is_empty() {
                description.push_str("\n\n");
            }
            description.push_str(&format!("Video: {video}"));
        }
        if !description.is_empty() {
            event.description(&description);
        }
        match (&data.location, &data.video_url) {
            (Some(location), _) => {
                event.location(location);
            }
            (None, Some(video)) => {
                event.location(video);
            }
            (None, None) => {}
        }
        let mut organizer = Property::new("ORGANIZER", format!("mailto:{}", data.organizer.1));
        organizer.add_parameter("CN", &data.organizer.0);
        event.append_property(organizer);
        for (name, email, answer) in &data.attendees {
            let mut attendee = Property::new("ATTENDEE", format!("mailto:{email}"));
            attendee.add_parameter("CN", name);
            attendee.add_parameter("ROLE", "REQ-PARTICIPANT");
            // Answers are given through Legeting's links, not by iTIP REPLY to the organiser's address.
            attendee.add_parameter("RSVP", "FALSE");
            attendee.add_parameter(
                "PARTSTAT",
                match answer {
                    Some(RsvpAnswer::InPerson | RsvpAnswer::Remote) => "ACCEPTED",
                    Some(RsvpAnswer::Absent) => "DECLINED",
                    None => "NEEDS-ACTION",
                },
            );
            event.append_multi_property(attendee);
        }
        calendar.push(event.done());
    }
    calendar.done().to_string()
}

/// Which invitees a calendar names as ATTENDEE.
#[derive(Debug, Clone, Copy)]
pub enum Attendees<'a> {
    /// Everyone invited, with their answers: only for the meeting's organisers.
    All,
    /// This person alone, if invited: what every invitee's own calendar shows.
    Only(&'a str),
}

/// The event data of a meeting, for a calendar file or an e-mail, naming the attendees `attendees` allows.
pub async fn event_data(
    state: &AppState,
    meeting_id: &str,
    attendees: Attendees<'_>,
) -> Result<Option<EventData>, sqlx::Error> {
    let pool = state.database.pool();
    let row: Option<(String, Option<String>, Option<String>, Option<String>, i64, i64, String, i64, String)> = sqlx::query_as(
        "SELECT m.title, m.description, m.location, m.video_url, m.starts_at, m.ends_at, m.status, m.sequence, mu.name \
         FROM meetings m JOIN municipalities mu ON mu.id = m.municipality_id WHERE m.id = $1",
    )
    .bind(meeting_id)
    .fetch_optional(pool)
    .await?;
    let Some((title, description, location, video_url, starts_at, ends_at, status, sequence, municipality)) = row
    else {
        return Ok(None);
    };
    const ANSWERS: &str = "SELECT p.name, p.email, r.answer FROM meeting_invitees i JOIN people p ON p.id = i.person_id \
         LEFT JOIN rsvps r ON r.meeting_id = i.meeting_id AND r.person_id = i.person_id WHERE i.meeting_id = $1";
    let answers: Vec<(String, String, Option<String>)> = match attendees {
        Attendees::All => {
            sqlx::query_as(&format!("{ANSWERS} ORDER BY p.name")).bind(meeting_id).fetch_all(pool).await?
        }
        Attendees::Only(person_id) => {
            sqlx::query_as(&format!("{ANSWERS} AND i.person_id = $2"))
                .bind(meeting_id)
                .bind(person_id)
                .fetch_all(pool)
                .await?
        }
    };
    let sender = state
        .config
        .mail_from
        .rsplit_once('<')
        .map_or(state.config.mail_from.as_str(), |(_, a)| a.trim_end_matches('>'));
    Ok(Some(EventData {
        meeting_id: meeting_id.to_owned(),
        title,
        description,
        location,
        video_url,
        starts_at,
        ends_at,
        status: MeetingStatus::parse(&status).unwrap_or(MeetingStatus::Draft),
        sequence,
        organizer: (municipality, sender.trim().to_owned()),
        attendees: answers
            .into_iter()
            .map(|(name, email, answer)| (name, email, answer.as_deref().and_then(RsvpAnswer::parse)))
            .collect(),
        url: format!("{}/moter/{meeting_id}", state.config.effective_base_url()),
    }))
}
