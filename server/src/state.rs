//! The one state type every handler receives: cheap to clone, no globals anywhere else.

use std::ops::Deref;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};

use crate::config::Config;
use crate::db::{Database, now_ms};
use crate::keys::Keys;
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
    pub live: crate::hub::SharedHub,
    /// Wakes this instance's mail worker when mail has been queued (see `crate::outbox::worker`).
    pub mail_wake: tokio::sync::Notify,
    /// Whether this instance's mail worker runs, its last round and restarts (for `/api/health`).
    pub mail_worker: WorkerStatus,
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

/// What `/api/health` knows about this instance's background mail worker (`crate::outbox::worker` keeps it
/// up to date; it is defined here, low, because the state holds it).
#[derive(Debug, Default)]
pub struct WorkerStatus {
    pub(crate) running: AtomicBool,
    /// When the worker last began or finished a round (unix milliseconds; 0 before the first).
    pub(crate) last_round: AtomicI64,
    pub(crate) restarts: AtomicU64,
}

impl WorkerStatus {
    /// Whether the worker (its supervisor) is running.
    pub fn running(&self) -> bool {
        self.running.load(Ordering::Relaxed)
    }

    /// When the worker last began or finished a round (unix milliseconds; 0 before the first).
    pub fn last_round(&self) -> i64 {
        self.last_round.load(Ordering::Relaxed)
    }

    /// How many times the worker was restarted after a panic.
    pub fn restarts(&self) -> u64 {
        self.restarts.load(Ordering::Relaxed)
    }

    pub(crate) fn beat(&self) {
        self.last_round.store(now_ms(), Ordering::Relaxed);
    }
}
