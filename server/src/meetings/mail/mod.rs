//! Meeting mail: what is planned when, what falls due, and what it says. The outbox below it (`crate::outbox`)
//! only queues and sends; it knows nothing of meetings and reaches this mail through [`MeetingMail`], the
//! [`MailSource`] registered at start-up.
//!
//! - `plan.rs`: a change to a meeting plans its mail in the change's transaction (`mail_schedule` rows);
//! - `due.rs`: due rows (and action items falling due) become outbox rows, one per recipient; the checks just
//!   before sending;
//! - `compose.rs`: what each mail says, as pure functions with snapshot tests in every language;
//! - `links.rs`: the signed one-click answer links and their endpoints.

pub mod compose;
pub mod due;
pub mod links;
pub mod plan;

use futures_util::future::BoxFuture;

pub use plan::{Event, format_days, parse_days, plan};

use crate::db::now_ms;
use crate::outbox::source::MailSource;
use crate::outbox::worker::Claimed;
use crate::state::AppState;

/// Right after a handler's commit: make the meeting's due mail now (so the outbox holds it when the request
/// returns) and wake the worker. Failures are logged: the worker makes the same mail on its next batch.
pub async fn after_change(state: &AppState, meeting_id: &str) {
    if let Err(error) = due::make_due(state, now_ms(), Some(meeting_id)).await {
        tracing::error!(error = format!("{error:#}"), meeting_id, "could not make meeting mail now; the worker will");
    }
    state.wake_mail_worker();
}

/// Meeting mail as a source of the mail worker: every batch makes the due schedule rows and action-item
/// reminders, and checks reminders again just before they are sent.
#[derive(Debug, Clone, Copy, Default)]
pub struct MeetingMail;

impl MailSource for MeetingMail {
    fn name(&self) -> &'static str {
        "meeting mail"
    }

    fn make_due<'a>(&'a self, state: &'a AppState, now: i64) -> BoxFuture<'a, anyhow::Result<usize>> {
        Box::pin(due::make_due(state, now, None))
    }

    fn no_longer_wanted<'a>(
        &'a self,
        state: &'a AppState,
        row: &'a Claimed,
        now: i64,
    ) -> BoxFuture<'a, Result<Option<&'static str>, sqlx::Error>> {
        Box::pin(due::no_longer_wanted(state.database.pool(), row, now))
    }
}
