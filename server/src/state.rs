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
}

impl Deref for AppState {
    type Target = App;

    fn deref(&self) -> &App {
        &self.0
    }
}
