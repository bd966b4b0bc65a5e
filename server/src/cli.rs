//! Command-line interface: `legeting [serve]` and `legeting migrate`.

use anyhow::Context;
use clap::{Parser, Subcommand};

use crate::config::Config;
use crate::db::Database;
use crate::startup::Application;

/// Legeting: meetings and participation for a municipality and its GPs.
#[derive(Debug, Parser)]
#[command(name = "legeting", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    #[command(flatten)]
    pub config: Config,
}

/// What to do. Without a subcommand the server starts.
#[derive(Debug, Clone, Copy, Subcommand)]
pub enum Command {
    /// Run migrations, then serve the web app and the API (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
}

/// `legeting serve`: start the server and run until SIGTERM or Ctrl-C.
pub async fn serve(config: Config) -> anyhow::Result<()> {
    let app = Application::build(config).await?;
    tracing::info!(address = %app.address(), "Legeting is listening on http://{}", app.address());
    app.run_until_stopped().await.context("the HTTP server stopped with an error")
}

/// `legeting migrate`: apply pending migrations and report how many are applied.
pub async fn migrate(config: Config) -> anyhow::Result<()> {
    let database = Database::connect(&config).await?;
    database.migrate().await?;
    let applied = database.applied_migrations().await?;
    println!("{applied} migrations applied on {}", database.kind().as_str());
    Ok(())
}
