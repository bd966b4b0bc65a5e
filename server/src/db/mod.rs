//! The data layer's front door: one [`Database`] that reaches SQLite or PostgreSQL with the same SQL.
//!
//! We use sqlx's `Any` driver so that every domain's `store.rs` has one set of queries, exercised by the same
//! tests on both backends. The price is a portable SQL dialect, which every migration and query must keep:
//! - placeholders are `$1, $2, …`;
//! - flags are `INTEGER` 0/1 (the `Any` driver cannot decode SQLite booleans);
//! - instants are `BIGINT` unix milliseconds (UTC), since `Any` has no date/time types;
//! - numbers are `BIGINT` (SQLite's `INTEGER` and PostgreSQL's `BIGINT` both decode as `i64`);
//! - primary keys are `TEXT` UUIDs made by the server (no `SERIAL`/`AUTOINCREMENT`, which differ).
//!
//! Every transaction that may write begins through [`begin`] (or [`Database::begin`]): on SQLite it is
//! `BEGIN IMMEDIATE`, which takes the writer lock first (waiting up to [`SQLITE_BUSY_TIMEOUT_MS`] for another
//! writer), so a transaction that reads and then writes can never find its snapshot stale (`SQLITE_BUSY_SNAPSHOT`,
//! "database is locked") because someone else wrote in between. Reads stay concurrent (WAL). PostgreSQL keeps a
//! plain `BEGIN`; its read-then-write patterns are made safe by the statements themselves (counters updated
//! with an upsert, `ON CONFLICT`, row locks).
//!
//! This module must not hold domain queries: those live in each domain's `store.rs`.

use std::time::Duration;

use anyhow::Context;
use legeting_shared::DatabaseKind;
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{Any, AnyPool, Executor, Transaction};

use crate::config::Config;

/// The migrations in `migrations/`, embedded in the binary.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations");

/// How long an SQLite connection waits for another writer to finish before giving up, in milliseconds. Write
/// transactions are short (milliseconds); this covers a queue of hundreds of them.
pub const SQLITE_BUSY_TIMEOUT_MS: u32 = 30_000;

/// A pool of connections to the configured database, and which kind it is.
#[derive(Debug, Clone)]
pub struct Database {
    pool: AnyPool,
    kind: DatabaseKind,
}

impl Database {
    /// Connect to the configured database, creating the SQLite file (and its directory) when needed.
    ///
    /// SQLite connections are set up with foreign keys on, WAL journaling and a busy timeout, so that
    /// concurrent requests wait for each other's writes instead of failing.
    pub async fn connect(config: &Config) -> anyhow::Result<Self> {
        install_default_drivers();
        let url = config.effective_database_url();
        let kind = if url.is_postgres() { DatabaseKind::Postgres } else { DatabaseKind::Sqlite };
        if kind == DatabaseKind::Sqlite && config.database_url.is_none() {
            std::fs::create_dir_all(&config.data_dir)
                .with_context(|| format!("could not create the data directory {}", config.data_dir.display()))?;
        }
        let pool = AnyPoolOptions::new()
            .max_connections(config.db_max_connections)
            .acquire_timeout(Duration::from_secs(config.db_connect_timeout_secs))
            .after_connect(move |connection, _meta| {
                Box::pin(async move {
                    if kind == DatabaseKind::Sqlite {
                        let pragmas = format!(
                            "PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; \
                             PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS};"
                        );
                        connection.execute(pragmas.as_str()).await?;
                    }
                    Ok(())
                })
            })
            .connect(url.expose())
            .await
            .with_context(|| format!("could not connect to the database at {url}"))?;
        Ok(Database { pool, kind })
    }

    /// Apply every pending migration. Safe to run on every start and from several instances at once
    /// (sqlx takes a lock on PostgreSQL).
    pub async fn migrate(&self) -> anyhow::Result<()> {
        MIGRATOR.run(&self.pool).await.context("a database migration failed")
    }

    /// How many migrations have been applied successfully.
    pub async fn applied_migrations(&self) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations WHERE success").fetch_one(&self.pool).await
    }

    /// The connection pool, for the domain stores.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Begin a transaction that may write (see [`begin`]).
    pub async fn begin(&self) -> Result<Transaction<'static, Any>, sqlx::Error> {
        begin(&self.pool).await
    }

    /// SQLite or PostgreSQL.
    pub fn kind(&self) -> DatabaseKind {
        self.kind
    }

    /// Close every connection, waiting for those in use to be returned.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Begin a transaction that may write: `BEGIN IMMEDIATE` on SQLite (the writer lock is taken first, so the
/// transaction's reads cannot go stale before its writes), a plain `BEGIN` on PostgreSQL. Use this for every
/// transaction that writes; `crate::db::begin(pool)` would start a deferred SQLite transaction that fails with "database
/// is locked" when another writer commits between its first read and its first write.
#[allow(clippy::disallowed_methods, reason = "the one place that may call Pool::begin")]
pub async fn begin(pool: &AnyPool) -> Result<Transaction<'static, Any>, sqlx::Error> {
    if is_sqlite(pool) { pool.begin_with("BEGIN IMMEDIATE").await } else { pool.begin().await }
}

/// Whether the pool reaches SQLite (by its URL scheme, which the `Any` driver dispatches on).
fn is_sqlite(pool: &AnyPool) -> bool {
    pool.connect_options().database_url.scheme().starts_with("sqlite")
}

/// The current instant as unix milliseconds (UTC), the portable timestamp of every table.
pub fn now_ms() -> i64 {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    i64::try_from(now.as_millis()).unwrap_or(i64::MAX)
}

/// A new primary key: a time-ordered UUID (v7) as text.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// SQLite and PostgreSQL flags: `INTEGER` 0/1.
pub fn flag(value: bool) -> i64 {
    i64::from(value)
}

/// Write the marker `key` in `settings` unless it is there (inside the caller's transaction): `true` when this
/// call wrote it. Something done once per installation, municipality or date writes its marker in the
/// transaction that does it, so a second instance, a retry or a concurrent request finds it and does nothing.
/// `settings` is shared plumbing: its rows are written through this function and `crate::keys`.
pub async fn mark_once(tx: &mut Transaction<'_, Any>, key: &str, value: &str, now: i64) -> Result<bool, sqlx::Error> {
    let marked =
        sqlx::query("INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING")
            .bind(key)
            .bind(value)
            .bind(now)
            .execute(&mut **tx)
            .await?;
    Ok(marked.rows_affected() == 1)
}
