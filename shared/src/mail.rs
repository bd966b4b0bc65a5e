//! E-mail as it crosses the wire: mail preferences, one-click answers from notices, one-click unsubscribe, and
//! the administrators' view of the outbox.
//!
//! ## One-click answers (`/svar?token=…`)
//! Notices and reminders carry three links, `{base}/svar?token=…`: attend in person, attend remotely, notice
//! of absence. Each token is signed, single-purpose (one person, one meeting, one answer) and expires when the
//! meeting starts; no sign-in is needed. The page at `/svar` must not answer on load (mail scanners open links):
//! - `GET /api/rsvp-links/{token}` → [`RsvpLink`]: what the link would do. Records nothing.
//! - `POST /api/rsvp-links/{token}` with [`RsvpLinkInput`] (a reason is required for absence) → [`RsvpLink`]
//!   with `current` set to the recorded answer. Carries the CSRF header like every other POST.
//!
//! Errors: 404 `not_found` for an unknown, forged or expired link; 409 `conflict` when the meeting can no
//! longer be answered (started, cancelled); 422 `reason_required` (field `reason`) for absence without reason.
//!
//! ## One-click unsubscribe (`/avmelding?token=…`)
//! Notification mail has `List-Unsubscribe: <{base}/api/unsubscribe/{token}>` and
//! `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058), and a footer link to `{base}/avmelding?token=…`.
//! - `GET /api/unsubscribe/{token}` → [`Unsubscribe`]: which kind of mail, whether it is still on. Changes nothing.
//! - `POST /api/unsubscribe/{token}` (any body; no CSRF header needed: mail programs post it) → [`Unsubscribe`]
//!   with `subscribed: false`.
//!
//! ## Preferences
//! `GET`/`PUT /api/auth/me/mail-preferences` with [`MailPreferences`]. Transactional mail (sign-in links,
//! notices, changes and cancellations) always goes out.

use serde::{Deserialize, Serialize};

use crate::meetings::{Rsvp, RsvpAnswer};

/// A kind of notification mail a person can turn off.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::Display,
    strum::EnumIter,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum MailCategory {
    /// Reminders before meetings (to answer the notice, the final agenda) and of the annual meeting obligation.
    Reminders,
    /// Calls for agenda items before the proposal deadline.
    AgendaCalls,
    /// Minutes published.
    Minutes,
    /// Action items that fall due.
    ActionItems,
    /// Information letters and announcements from the municipality (see [`crate::letters`]).
    Information,
    /// The monthly digest: upcoming meetings, open action items, the month's letters.
    Digest,
}

impl MailCategory {
    /// Every category, in display order.
    pub const ALL: &'static [MailCategory] = &[
        MailCategory::Reminders,
        MailCategory::AgendaCalls,
        MailCategory::Minutes,
        MailCategory::ActionItems,
        MailCategory::Information,
        MailCategory::Digest,
    ];

    /// The name used on the wire and in the database.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// Parse the wire/database name.
    pub fn parse(value: &str) -> Option<MailCategory> {
        value.parse().ok()
    }
}

/// Which notification mail a person wants (everything is on until they say otherwise).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MailPreferences {
    pub reminders: bool,
    pub agenda_calls: bool,
    pub minutes: bool,
    pub action_items: bool,
    /// Absent in a request from an older client: on.
    #[serde(default = "on")]
    pub information: bool,
    #[serde(default = "on")]
    pub digest: bool,
}

fn on() -> bool {
    true
}

impl Default for MailPreferences {
    fn default() -> Self {
        MailPreferences {
            reminders: true,
            agenda_calls: true,
            minutes: true,
            action_items: true,
            information: true,
            digest: true,
        }
    }
}

impl MailPreferences {
    /// Whether mail of `category` is wanted.
    pub fn wants(&self, category: MailCategory) -> bool {
        match category {
            MailCategory::Reminders => self.reminders,
            MailCategory::AgendaCalls => self.agenda_calls,
            MailCategory::Minutes => self.minutes,
            MailCategory::ActionItems => self.action_items,
            MailCategory::Information => self.information,
            MailCategory::Digest => self.digest,
        }
    }

    /// The same preferences with `category` set to `on`.
    pub fn with(mut self, category: MailCategory, on: bool) -> Self {
        match category {
            MailCategory::Reminders => self.reminders = on,
            MailCategory::AgendaCalls => self.agenda_calls = on,
            MailCategory::Minutes => self.minutes = on,
            MailCategory::ActionItems => self.action_items = on,
            MailCategory::Information => self.information = on,
            MailCategory::Digest => self.digest = on,
        }
        self
    }
}

/// What a one-click answer link does (`GET`), or did (`POST`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RsvpLink {
    pub meeting_id: String,
    pub meeting_title: String,
    pub starts_at: i64,
    pub ends_at: i64,
    /// Local time in Europe/Oslo, `YYYY-MM-DDTHH:MM`.
    pub starts_local: String,
    pub ends_local: String,
    pub location: Option<String>,
    pub video_url: Option<String>,
    /// The person the link is for.
    pub person_name: String,
    /// The answer this link gives.
    pub answer: RsvpAnswer,
    /// Whether a reason must be given (notice of absence).
    pub reason_required: bool,
    /// The answer on record now, if any.
    pub current: Option<Rsvp>,
    /// Whether the meeting can still be answered (notice sent, not started, not cancelled).
    pub open: bool,
}

/// Confirm a one-click answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RsvpLinkInput {
    /// Required for notice of absence.
    #[serde(default)]
    pub reason: Option<String>,
}

/// What an unsubscribe link is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Unsubscribe {
    pub category: MailCategory,
    /// The address the mail goes to.
    pub email: String,
    /// Whether this kind of mail is still sent.
    pub subscribed: bool,
}

/// How many mails of a municipality are in each state.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutboxCounts {
    /// Waiting to be sent (new, or to be tried again).
    pub pending: i64,
    /// Being sent by a worker now.
    pub sending: i64,
    pub sent: i64,
    /// Given up after the last attempt, or refused (bad address).
    pub failed: i64,
    /// No longer wanted when their time came (answered, unsubscribed, meeting moved).
    pub skipped: i64,
}

/// One mail in the outbox, without its bodies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutboxMail {
    pub id: String,
    pub to_email: String,
    pub subject: String,
    /// `notice`, `update`, `cancellation`, `rsvp_reminder`, `final_agenda`, `agenda_call`, `minutes_published`,
    /// `action_due`, `obligation_nudge`, `letter`, `digest`, `sign_in`.
    pub category: String,
    /// `pending`, `sending`, `sent`, `failed`, `skipped`.
    pub status: String,
    pub attempts: i64,
    pub next_attempt_at: i64,
    pub last_error: Option<String>,
    pub created_at: i64,
    pub sent_at: Option<i64>,
}

/// The outbox of a municipality, for its administrators.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutboxOverview {
    pub counts: OutboxCounts,
    /// Mails not sent yet (pending or sending), oldest first, at most 50.
    pub queued: Vec<OutboxMail>,
    /// The latest failures and mails being retried after an error, newest first, at most 50.
    pub failures: Vec<OutboxMail>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_round_trip_and_preferences_switch_one_at_a_time() {
        for category in MailCategory::ALL {
            assert_eq!(MailCategory::parse(category.as_str()), Some(*category));
            let json = serde_json::to_string(category).expect("serialises");
            assert_eq!(json, format!("\"{}\"", category.as_str()));
        }
        let off = MailPreferences::default().with(MailCategory::Reminders, false);
        assert!(!off.wants(MailCategory::Reminders));
        assert!(off.wants(MailCategory::Minutes) && off.wants(MailCategory::AgendaCalls));
    }
}
