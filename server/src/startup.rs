//! Building and running the server. Production, tests and benchmarks all start it through
//! [`Application::build`], which binds the listener first (port 0 gives a free port) so callers can read
//! [`Application::port`] before serving.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use tokio::net::TcpListener;

use crate::config::Config;
use crate::db::Database;
use crate::mail::Mailer;
use crate::state::{App, AppState};

/// A built server, bound to its address, ready to run.
pub struct Application {
    listener: TcpListener,
    state: AppState,
}

impl Application {
    /// Connect to the database, run pending migrations and bind the listener. Mail goes out as configured.
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        let mailer = Mailer::from_config(&config)?;
        Self::build_with_mailer(config, mailer).await
    }

    /// Like [`Application::build`], with a given mailer (tests pass an in-memory one).
    pub async fn build_with_mailer(mut config: Config, mailer: Mailer) -> anyhow::Result<Self> {
        // A weak key is refused before anything else happens.
        if let Some(secret) = &config.secret_key {
            crate::keys::check_secret_key(secret.expose())?;
        }
        let database = Database::connect(&config).await?;
        database.migrate().await?;
        crate::analytics::rollups::ensure_built(database.pool()).await?;
        let keys = crate::keys::load_keys(&database, config.secret_key.as_ref().map(|k| k.expose())).await?;
        tracing::info!(mail = %mailer.describe(), "mail");
        if !config.assets_dir.join("index.html").is_file() {
            tracing::warn!(
                assets_dir = %config.assets_dir.display(),
                "the web app is not built here; run `cargo xtask run` or set LEGETING_ASSETS_DIR"
            );
        }
        let listener =
            TcpListener::bind(config.bind).await.with_context(|| format!("could not listen on {}", config.bind))?;
        if config.base_url.is_none() {
            // Links in e-mails must point at the port actually bound (port 0 picks one).
            config.base_url = Some(format!("http://{}", listener.local_addr()?));
        }
        if let Some(link) = crate::signin::setup_link_if_needed(&database, &config.effective_base_url()).await? {
            tracing::info!("no users yet: open the first-run setup link to create the first administrator");
            println!("\nFirst-run setup: open this link to create the first administrator:\n  {link}\n");
        }
        let state = AppState(Arc::new(App {
            config,
            database,
            keys,
            mailer,
            mail_wake: tokio::sync::Notify::new(),
            mail_worker: Default::default(),
            extensions: {
                let mut extensions = axum::http::Extensions::new();
                // The worker asks them in this order: meeting mail, obligation nudges, the monthly digest.
                extensions.insert(crate::outbox::source::Sources::new(vec![
                    Arc::new(crate::meetings::mail::MeetingMail),
                    Arc::new(crate::attendance::nudges::ObligationNudges),
                    Arc::new(crate::digest::MonthlyDigest),
                ]));
                extensions
            },
            live: Default::default(),
        }));
        Ok(Application { listener, state })
    }

    /// The address the server listens on.
    pub fn address(&self) -> SocketAddr {
        self.listener.local_addr().unwrap_or(self.state.config.bind)
    }

    /// The port the server listens on (useful when it was bound to port 0).
    pub fn port(&self) -> u16 {
        self.address().port()
    }

    /// The shared state, for tests that reach into the database directly.
    pub fn state(&self) -> AppState {
        self.state.clone()
    }

    /// Serve until SIGTERM or Ctrl-C, then finish the requests in flight and close the database.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.run_until(shutdown_signal()).await
    }

    /// Serve until `stop` completes, then finish the requests in flight, stop the mail worker (when
    /// `mail_worker` is on, it runs alongside), record the time of everyone still in a live room, and close the
    /// database.
    pub async fn run_until(self, stop: impl Future<Output = ()> + Send + 'static) -> std::io::Result<()> {
        let router = crate::http::router(self.state.clone());
        let live_listener = crate::live::spawn_listener(self.state.clone());
        let worker = self.state.config.mail_worker.then(|| crate::outbox::worker::Worker::spawn(self.state.clone()));
        // TCP_NODELAY: small frames (live room events, presence) go out at once instead of waiting for Nagle.
        let listener = axum::serve::ListenerExt::tap_io(self.listener, |stream: &mut tokio::net::TcpStream| {
            let _best_effort = stream.set_nodelay(true);
        });
        let result = axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(stop)
            .await;
        if let Some(worker) = worker {
            worker.stop().await;
        }
        if let Some(live_listener) = live_listener {
            live_listener.abort();
        }
        // Upgraded websockets outlive the graceful shutdown of HTTP: record the time of those still in a room.
        crate::live::record_everyone_leaving(&self.state).await;
        self.state.database.close().await;
        tracing::info!("Legeting stopped");
        result
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "could not listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "could not listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => tracing::info!("Ctrl-C received, shutting down"),
        () = terminate => tracing::info!("SIGTERM received, shutting down"),
    }
}
