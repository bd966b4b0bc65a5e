//! `legeting backup <file>` and `legeting restore <file>`: an online, consistent copy of an SQLite installation
//! (the database and the uploaded documents) in one archive, and its checked restore.
//!
//! **Backup.** `VACUUM INTO` writes a consistent snapshot of the database while the server keeps running (it is
//! one read transaction; writers go on). The uploaded documents (`<data dir>/attachments/`) are copied after the
//! snapshot: a document's file is written before its row is committed, so every document the snapshot names is
//! on disk by then (later uploads come along too, unnamed and harmless). The archive is a gzip-compressed tar file:
//! [`MANIFEST`] (format, time, migrations, the database's SHA-256), [`DATABASE_ENTRY`], and `attachments/<id>`.
//! It is written next to its destination under a temporary name and renamed when complete, so a backup that
//! fails halfway leaves no file that looks like a backup.
//!
//! **Restore.** The archive is unpacked into a fresh folder inside the data directory and checked before
//! anything is replaced: the manifest's format, the database's checksum, SQLite's `PRAGMA integrity_check`, and
//! that this version of Legeting knows every migration the backup has. Then the database file (and its WAL) and
//! the documents are moved into place. An existing database is only replaced with `--force`; stop the server
//! first.
//!
//! PostgreSQL installations are backed up with `pg_dump` (see the README); these commands refuse them.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail, ensure};
use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sqlx::{Connection, SqliteConnection};

use crate::config::Config;
use crate::db::{Database, MIGRATOR, now_ms};

/// The archive entry that describes the backup.
pub const MANIFEST: &str = "legeting-backup.json";
/// The archive entry holding the database.
pub const DATABASE_ENTRY: &str = "legeting.db";
/// The folder of the data directory (and of the archive) holding uploaded documents.
pub const ATTACHMENTS: &str = "attachments";
/// The archive format this version writes and reads.
pub const FORMAT: u32 = 1;

/// What a backup holds, as written in its [`MANIFEST`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    /// When the snapshot was taken (unix milliseconds).
    pub created_at: i64,
    pub version: String,
    /// The highest migration applied in the backed-up database.
    pub migration: i64,
    /// SHA-256 of the database entry, hex.
    pub database_sha256: String,
    pub database_bytes: u64,
    pub attachments: u64,
}

/// The SQLite database file of `config`, or an error for PostgreSQL.
fn sqlite_file(config: &Config) -> anyhow::Result<PathBuf> {
    let url = config.effective_database_url();
    if url.is_postgres() {
        bail!(
            "this installation uses PostgreSQL: back it up with pg_dump (and the data directory's attachments \
             folder), as the README explains"
        );
    }
    let text = url.expose();
    let path = text
        .strip_prefix("sqlite://")
        .or_else(|| text.strip_prefix("sqlite:"))
        .context("the database URL is not an SQLite file URL")?;
    let path = path.split('?').next().unwrap_or_default();
    ensure!(!path.is_empty() && path != ":memory:", "an in-memory database cannot be backed up or restored");
    Ok(PathBuf::from(path))
}

fn sha256_of(path: &Path) -> anyhow::Result<(String, u64)> {
    let mut file = File::open(path).with_context(|| format!("could not read {}", path.display()))?;
    let mut hasher = Sha256::new();
    let bytes = std::io::copy(&mut file, &mut hasher)?;
    Ok((hex::encode(hasher.finalize()), bytes))
}

/// A temporary path beside `path` (same folder, so a rename completes it).
fn beside(path: &Path, what: &str) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    path.with_file_name(format!(".{name}.{what}-{}", uuid::Uuid::new_v4().simple()))
}

/// Write a consistent backup of the installation of `config` to `file`. Safe while the server runs.
pub async fn backup(config: &Config, file: &Path) -> anyhow::Result<Manifest> {
    sqlite_file(config)?;
    let database = Database::connect(config).await?;
    let result = snapshot_and_archive(config, &database, file).await;
    database.close().await;
    result
}

async fn snapshot_and_archive(config: &Config, database: &Database, file: &Path) -> anyhow::Result<Manifest> {
    let snapshot = beside(file, "db");
    let created_at = now_ms();
    let outcome = async {
        // VACUUM INTO takes its file name as an expression, so it is bound like any value.
        sqlx::query("VACUUM INTO $1")
            .bind(snapshot.to_string_lossy().into_owned())
            .execute(database.pool())
            .await
            .context("could not take a snapshot of the database (VACUUM INTO)")?;
        let migration: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations WHERE success")
            .fetch_one(database.pool())
            .await?;
        let data_dir = config.data_dir.clone();
        let file = file.to_owned();
        let snapshot = snapshot.clone();
        tokio::task::spawn_blocking(move || archive(&data_dir, &snapshot, &file, created_at, migration)).await?
    }
    .await;
    let _ = std::fs::remove_file(&snapshot);
    outcome
}

fn archive(data_dir: &Path, snapshot: &Path, file: &Path, created_at: i64, migration: i64) -> anyhow::Result<Manifest> {
    let (database_sha256, database_bytes) = sha256_of(snapshot)?;
    let attachments_dir = data_dir.join(ATTACHMENTS);
    let mut documents: Vec<PathBuf> = match std::fs::read_dir(&attachments_dir) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .filter(|entry| entry.file_type().is_ok_and(|t| t.is_file()))
            .map(|entry| entry.path())
            .collect(),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(error) => return Err(error).with_context(|| format!("could not read {}", attachments_dir.display())),
    };
    documents.sort();
    let manifest = Manifest {
        format: FORMAT,
        created_at,
        version: env!("CARGO_PKG_VERSION").to_owned(),
        migration,
        database_sha256,
        database_bytes,
        attachments: u64::try_from(documents.len()).unwrap_or(u64::MAX),
    };
    let partial = beside(file, "partial");
    let written = (|| -> anyhow::Result<()> {
        let out = File::create(&partial).with_context(|| format!("could not create {}", partial.display()))?;
        let mut tar = tar::Builder::new(GzEncoder::new(BufWriter::new(out), Compression::default()));
        let json = serde_json::to_vec_pretty(&manifest)?;
        let mut header = tar::Header::new_gnu();
        header.set_size(u64::try_from(json.len())?);
        header.set_mode(0o600);
        header.set_mtime(u64::try_from(created_at / 1000).unwrap_or(0));
        header.set_cksum();
        tar.append_data(&mut header, MANIFEST, json.as_slice())?;
        tar.append_path_with_name(snapshot, DATABASE_ENTRY)?;
        for document in &documents {
            let name = document.file_name().context("a document without a name")?;
            tar.append_path_with_name(document, Path::new(ATTACHMENTS).join(name))?;
        }
        let mut out = tar.into_inner()?.finish()?;
        out.flush()?;
        out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        Ok(())
    })();
    match written {
        Ok(()) => {
            std::fs::rename(&partial, file).with_context(|| format!("could not write {}", file.display()))?;
            Ok(manifest)
        }
        Err(error) => {
            let _ = std::fs::remove_file(&partial);
            Err(error.context(format!("could not write the backup {}", file.display())))
        }
    }
}

/// What a restore put in place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    pub manifest: Manifest,
    pub database: PathBuf,
    pub attachments: u64,
}

/// Check the backup `file` and restore it as the installation of `config`. Refuses to replace an existing
/// database unless `force`.
pub async fn restore(config: &Config, file: &Path, force: bool) -> anyhow::Result<Restored> {
    let target = sqlite_file(config)?;
    if target.exists() && !force {
        bail!(
            "there is already a database at {}; stop the server and add --force to replace it with the backup",
            target.display()
        );
    }
    std::fs::create_dir_all(&config.data_dir)
        .with_context(|| format!("could not create the data directory {}", config.data_dir.display()))?;
    let staging = config.data_dir.join(format!(".restore-{}", uuid::Uuid::new_v4().simple()));
    let outcome = async {
        let (manifest, documents) = {
            let file = file.to_owned();
            let staging = staging.clone();
            tokio::task::spawn_blocking(move || unpack(&file, &staging)).await??
        };
        check_database(&staging.join(DATABASE_ENTRY), &manifest).await?;
        let attachments = u64::try_from(documents.len()).unwrap_or(u64::MAX);
        put_in_place(&staging, &target, &config.data_dir, &documents)?;
        Ok(Restored { manifest, database: target.clone(), attachments })
    }
    .await;
    let _ = std::fs::remove_dir_all(&staging);
    outcome
}

/// Unpack the archive into `staging`, accepting only the entries a backup has. Returns the manifest and the
/// documents' names.
fn unpack(file: &Path, staging: &Path) -> anyhow::Result<(Manifest, Vec<String>)> {
    std::fs::create_dir_all(staging.join(ATTACHMENTS))?;
    let archive = File::open(file).with_context(|| format!("could not open the backup {}", file.display()))?;
    let mut tar = tar::Archive::new(GzDecoder::new(BufReader::new(archive)));
    let mut manifest = None;
    let mut documents = Vec::new();
    let mut seen_database = false;
    for entry in tar.entries().context("this is not a Legeting backup (not a gzip-compressed tar file)")? {
        let mut entry = entry.context("the backup is damaged")?;
        let path = entry.path()?.into_owned();
        ensure!(entry.header().entry_type().is_file(), "the backup holds an unexpected entry {}", path.display());
        let parts: Vec<String> = path.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
        match parts.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
            [MANIFEST] => {
                let mut json = String::new();
                entry.read_to_string(&mut json)?;
                manifest = Some(serde_json::from_str::<Manifest>(&json).context("the backup's manifest is damaged")?);
            }
            [DATABASE_ENTRY] => {
                entry.unpack(staging.join(DATABASE_ENTRY)).context("the backup is damaged")?;
                seen_database = true;
            }
            [ATTACHMENTS, name] if is_document_name(name) => {
                entry.unpack(staging.join(ATTACHMENTS).join(name)).context("the backup is damaged")?;
                documents.push((*name).to_owned());
            }
            _ => bail!("the backup holds an unexpected entry {}", path.display()),
        }
    }
    let manifest = manifest.context("this is not a Legeting backup (it has no manifest)")?;
    ensure!(
        manifest.format == FORMAT,
        "this backup has format {}; this version reads format {FORMAT}",
        manifest.format
    );
    ensure!(seen_database, "the backup has no database");
    ensure!(
        u64::try_from(documents.len()).unwrap_or(u64::MAX) == manifest.attachments,
        "the backup should hold {} documents but holds {}",
        manifest.attachments,
        documents.len()
    );
    Ok((manifest, documents))
}

/// Documents are stored under their id: no separators, no dots leading anywhere else.
fn is_document_name(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// The unpacked database is the one the manifest describes, SQLite finds it intact, and this version of Legeting
/// knows its migrations.
async fn check_database(path: &Path, manifest: &Manifest) -> anyhow::Result<()> {
    let (sha256, bytes) = sha256_of(path)?;
    ensure!(
        sha256 == manifest.database_sha256 && bytes == manifest.database_bytes,
        "the backup's database does not match its manifest (damaged or altered)"
    );
    let url = format!("sqlite://{}", path.display());
    let mut connection = SqliteConnection::connect(&url).await.context("the backup's database cannot be opened")?;
    let checked: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check").fetch_all(&mut connection).await?;
    ensure!(checked == ["ok"], "the backup's database is damaged: {}", checked.join("; "));
    let applied: Vec<i64> = sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success ORDER BY version")
        .fetch_all(&mut connection)
        .await
        .context("the backup's database has no migrations table")?;
    connection.close().await?;
    let known: BTreeMap<i64, ()> = MIGRATOR.iter().map(|m| (m.version, ())).collect();
    if let Some(unknown) = applied.iter().find(|v| !known.contains_key(v)) {
        bail!("the backup comes from a newer version of Legeting (migration {unknown} is unknown here)");
    }
    Ok(())
}

/// Move the checked database and documents from `staging` into place, replacing the database (and its WAL and
/// shared-memory files) and documents with the same id.
fn put_in_place(staging: &Path, target: &Path, data_dir: &Path, documents: &[String]) -> anyhow::Result<()> {
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent)?;
    }
    for suffix in ["-wal", "-shm"] {
        let mut side = target.as_os_str().to_owned();
        side.push(suffix);
        match std::fs::remove_file(PathBuf::from(side)) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => return Err(error.into()),
            _ => {}
        }
    }
    move_file(&staging.join(DATABASE_ENTRY), target)?;
    let attachments = data_dir.join(ATTACHMENTS);
    std::fs::create_dir_all(&attachments)?;
    for name in documents {
        move_file(&staging.join(ATTACHMENTS).join(name), &attachments.join(name))?;
    }
    Ok(())
}

/// Rename, or copy and remove when `to` is on another file system.
fn move_file(from: &Path, to: &Path) -> anyhow::Result<()> {
    if std::fs::rename(from, to).is_err() {
        std::fs::copy(from, to).with_context(|| format!("could not write {}", to.display()))?;
        std::fs::remove_file(from)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_ids_are_accepted_as_document_names() {
        assert!(is_document_name("0192f0c4-7a1e-7cc3-9d1e-5f0a2b3c4d5e"));
        for bad in ["", "..", "../legeting.db", "a/b", ".hidden", "a.pdf"] {
            assert!(!is_document_name(bad), "{bad}");
        }
    }

    #[test]
    fn postgresql_installations_are_sent_to_pg_dump() {
        let mut config = Config::with_data_dir(PathBuf::from("unused"));
        config.database_url = Some("postgres://legeting@db/legeting".parse().expect("a URL"));
        let refused = sqlite_file(&config).expect_err("refused");
        assert!(refused.to_string().contains("pg_dump"), "{refused}");
        config.database_url = None;
        assert_eq!(sqlite_file(&config).expect("the default file"), PathBuf::from("unused/legeting.db"));
    }
}
