//! The seam through which a higher domain hands the mail worker its mail, without the outbox knowing that
//! domain: a [`MailSource`] makes the mail that has fallen due (e.g. meeting reminders) and says when a queued
//! mail of its own is no longer wanted. Sources are registered once, at start-up (`startup.rs`), in the app
//! state; the worker asks each of them every batch.

use std::fmt;
use std::sync::Arc;

use futures_util::future::BoxFuture;

use super::worker::Claimed;
use crate::state::AppState;

/// Mail that a domain makes on a schedule.
pub trait MailSource: Send + Sync {
    /// A name for logs.
    fn name(&self) -> &'static str;

    /// Queue what has fallen due by `now` (unix milliseconds), each mail with its dedupe key, so a second
    /// instance or a second call queues nothing twice. Returns how many mails were queued.
    fn make_due<'a>(&'a self, state: &'a AppState, now: i64) -> BoxFuture<'a, anyhow::Result<usize>>;

    /// Just before sending: why this claimed row should not go after all (its meeting moved, the person has
    /// answered, …), or `None` to send it. Rows this source did not make answer `None`.
    fn no_longer_wanted<'a>(
        &'a self,
        state: &'a AppState,
        row: &'a Claimed,
        now: i64,
    ) -> BoxFuture<'a, Result<Option<&'static str>, sqlx::Error>>;
}

/// The registered sources, in the order the worker asks them.
#[derive(Clone, Default)]
pub struct Sources(Vec<Arc<dyn MailSource>>);

impl Sources {
    pub fn new(sources: Vec<Arc<dyn MailSource>>) -> Sources {
        Sources(sources)
    }

    /// The sources registered in this app's state at start-up (none when nothing registered any).
    pub fn of(state: &AppState) -> Sources {
        state.extensions.get::<Sources>().cloned().unwrap_or_default()
    }

    pub fn iter(&self) -> impl Iterator<Item = &dyn MailSource> {
        self.0.iter().map(|source| source.as_ref())
    }
}

impl fmt::Debug for Sources {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter().map(MailSource::name)).finish()
    }
}
