//! The one state type every handler receives: cheap to clone, no globals anywhere else.

use std::ops::Deref;
use std::sync::Arc;

use crate::auth::Keys;
use crate::config::Config;
use crate::db::Database;
use crate::mail::Mailer;

/// Shared application state: `AppState(Arc<App>)`, cloned into every request.
#[derive(Debug, Clone)]
pub struct AppState(pub Arc<App>);

/// What the server holds for its whole life. Later features (mailer, live-room hub, …) join here.
#[derive(Debug)]
pub struct App {
    pub config: Config,
    pub database: Database,
    /// Signs session tokens and e-mail links.
    pub keys: Keys,
    pub mailer: Mailer,
    /// The live meeting rooms with connections on this instance.
    pub live: crate::live::SharedHub,
    /// Wakes this instance's mail worker when mail has been queued (see `crate::outbox::worker`).
    pub mail_wake: tokio::sync::Notify,
    /// Whether this instance's mail worker runs, its last round and restarts (for `/api/health`).
    pub mail_worker: crate::outbox::worker::WorkerStatus,
    /// The domains that make mail on a schedule (meeting mail), registered at start-up; the worker asks them.
    pub mail_sources: crate::outbox::source::Sources,
}

impl App {
    /// Tell the mail worker of this instance that there is mail to send now. Without a running worker the
    /// mail waits for the next batch (tests run one with `outbox::worker::run_once`).
    pub fn wake_mail_worker(&self) {
        self.mail_wake.notify_one();
    }
}

impl Deref for AppState {
    type Target = App;

    fn deref(&self) -> &App {
        &self.0
    }
}
