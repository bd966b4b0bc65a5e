//! Command-line interface: `legeting [serve [--demo]]`, `legeting migrate`, `legeting demo`,
//! `legeting admin create-user` / `rebuild-rollups`, `legeting backup` and `legeting restore`. Each subcommand is
//! a thin wrapper around a library function that takes the database (or the configuration), so the tests call the
//! same code.

use anyhow::Context;
use clap::{Args, Parser, Subcommand, ValueEnum};
use legeting_shared::people::Role;

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
#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Run migrations, then serve the web app and the API (the default).
    Serve(ServeArgs),
    /// Apply pending database migrations and exit.
    Migrate,
    /// Fill an empty database with a realistic demo (Bærum and Asker, their GPs and offices) and say how to
    /// sign in. Refused when the database already has people.
    Demo,
    /// Administration without the web app.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// Write a consistent copy of an SQLite installation (database and uploaded documents) to one archive file,
    /// while the server runs. PostgreSQL: use pg_dump (see the README).
    Backup(BackupArgs),
    /// Check a backup and restore it as this installation. Stop the server first.
    Restore(RestoreArgs),
}

/// Options of `legeting backup`.
#[derive(Debug, Clone, Args)]
pub struct BackupArgs {
    /// The archive to write (a gzip-compressed tar file, e.g. `legeting-2026-11-30.tar.gz`).
    pub file: std::path::PathBuf,
}

/// Options of `legeting restore`.
#[derive(Debug, Clone, Args)]
pub struct RestoreArgs {
    /// The archive written by `legeting backup`.
    pub file: std::path::PathBuf,
    /// Replace the existing database (and documents with the same ids).
    #[arg(long)]
    pub force: bool,
}

impl Default for Command {
    fn default() -> Self {
        Command::Serve(ServeArgs::default())
    }
}

/// Options of `legeting serve`.
#[derive(Debug, Clone, Default, Args)]
pub struct ServeArgs {
    /// Seed the demo first when the database has no people yet (as `legeting demo` does); otherwise start as usual.
    #[arg(long)]
    pub demo: bool,
}

/// `legeting admin …`
#[derive(Debug, Clone, Subcommand)]
pub enum AdminCommand {
    /// Create a person with roles in a municipality, or give an existing person (same e-mail) more roles.
    /// The municipality is created when it does not exist.
    CreateUser(CreateUserArgs),
    /// Recompute the attendance rollups the reports read (participation, the annual obligation) from the
    /// attendance, invitations and meetings. They are kept up to date with every change; run this after
    /// changing those tables by hand or restoring part of a backup.
    RebuildRollups,
}

/// Options of `legeting admin create-user`.
#[derive(Debug, Clone, Args)]
pub struct CreateUserArgs {
    /// E-mail address; the person signs in with it.
    #[arg(long)]
    pub email: String,
    /// Full name.
    #[arg(long)]
    pub name: String,
    /// The municipality: its name, its four-digit number, or both ("Bærum 3201"). Created when not found.
    #[arg(long)]
    pub municipality: String,
    /// A role in the municipality; repeat for several.
    #[arg(long = "role", value_name = "ROLE", value_enum)]
    pub roles: Vec<RoleArg>,
    /// A password of at least 10 characters (it ends up in the shell history). Without one, the person signs
    /// in with an e-mail link and may choose a password then.
    #[arg(long)]
    pub password: Option<String>,
    /// Also make the person an installation administrator, who may create and manage every municipality.
    #[arg(long)]
    pub installation_admin: bool,
}

/// A role in a municipality, as typed on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RoleArg {
    Administrator,
    Leader,
    Secretary,
    Gp,
    Guest,
}

impl From<RoleArg> for Role {
    fn from(role: RoleArg) -> Self {
        match role {
            RoleArg::Administrator => Role::Administrator,
            RoleArg::Leader => Role::Leader,
            RoleArg::Secretary => Role::Secretary,
            RoleArg::Gp => Role::Gp,
            RoleArg::Guest => Role::Guest,
        }
    }
}

impl From<CreateUserArgs> for crate::admin::NewUser {
    fn from(args: CreateUserArgs) -> Self {
        crate::admin::NewUser {
            email: args.email,
            name: args.name,
            municipality: args.municipality,
            roles: args.roles.into_iter().map(Role::from).collect(),
            password: args.password,
            installation_admin: args.installation_admin,
        }
    }
}

/// Run one command.
pub async fn run(command: Command, config: Config) -> anyhow::Result<()> {
    match command {
        Command::Serve(args) => serve(config, args).await,
        Command::Migrate => migrate(config).await,
        Command::Demo => demo(config).await,
        Command::Admin(AdminCommand::CreateUser(args)) => create_user(config, args).await,
        Command::Backup(args) => backup(config, args).await,
        Command::Restore(args) => restore(config, args).await,
        Command::Admin(AdminCommand::RebuildRollups) => rebuild_rollups(config).await,
    }
}

/// `legeting backup <file>`: write the archive and say what it holds.
pub async fn backup(config: Config, args: BackupArgs) -> anyhow::Result<()> {
    let manifest = crate::backup::backup(&config, &args.file).await?;
    println!(
        "Backup written to {}: the database ({} bytes, migration {}, SHA-256 {}) and {} documents.",
        args.file.display(),
        manifest.database_bytes,
        manifest.migration,
        manifest.database_sha256,
        manifest.attachments
    );
    Ok(())
}

/// `legeting restore <file> [--force]`: check the archive, put it in place and say what was restored.
pub async fn restore(config: Config, args: RestoreArgs) -> anyhow::Result<()> {
    let restored = crate::backup::restore(&config, &args.file, args.force).await?;
    println!(
        "Restored the backup of {} (unix ms) to {}: the database passed its integrity check; {} documents.",
        restored.manifest.created_at,
        restored.database.display(),
        restored.attachments
    );
    Ok(())
}

/// `legeting serve`: start the server and run until SIGTERM or Ctrl-C. With `--demo`, seed the demo first
/// when the database has no people.
pub async fn serve(config: Config, args: ServeArgs) -> anyhow::Result<()> {
    if args.demo {
        let database = migrated(&config).await?;
        let seeded = crate::demo::seed_if_empty(&database).await;
        database.close().await;
        match seeded? {
            Some(summary) => println!("\n{}", summary.instructions(&config.effective_base_url())),
            None => println!("The database already has people; starting without seeding the demo."),
        }
    }
    let app = Application::build(config).await?;
    tracing::info!(address = %app.address(), "Legeting is listening on http://{}", app.address());
    app.run_until_stopped().await.context("the HTTP server stopped with an error")
}

/// `legeting migrate`: apply pending migrations and report how many are applied.
pub async fn migrate(config: Config) -> anyhow::Result<()> {
    let database = migrated(&config).await?;
    let applied = database.applied_migrations().await?;
    println!("{applied} migrations applied on {}", database.kind().as_str());
    Ok(())
}

/// `legeting demo`: seed the demo into an empty database and say how to sign in.
pub async fn demo(config: Config) -> anyhow::Result<()> {
    let database = migrated(&config).await?;
    let seeded = crate::demo::seed(&database).await;
    database.close().await;
    print!("{}", seeded?.instructions(&config.effective_base_url()));
    Ok(())
}

/// `legeting admin create-user`: create a person or add roles, and say what was done.
pub async fn create_user(config: Config, args: CreateUserArgs) -> anyhow::Result<()> {
    let database = migrated(&config).await?;
    let created = crate::admin::create_user(&database, &args.into()).await;
    database.close().await;
    print!("{}", created?.report(&config.effective_base_url()));
    Ok(())
}

/// `legeting admin rebuild-rollups`: recompute the attendance rollups and say how many rows they have.
pub async fn rebuild_rollups(config: Config) -> anyhow::Result<()> {
    let database = migrated(&config).await?;
    let started = std::time::Instant::now();
    let rows = crate::analytics::rollups::rebuild(database.pool()).await;
    database.close().await;
    println!("{} attendance rollup rows rebuilt in {:.1} s", rows?, started.elapsed().as_secs_f64());
    Ok(())
}

/// Connect, apply pending migrations and build the attendance rollups if they never were.
async fn migrated(config: &Config) -> anyhow::Result<Database> {
    let database = Database::connect(config).await?;
    database.migrate().await?;
    crate::analytics::rollups::ensure_built(database.pool()).await?;
    Ok(database)
}
