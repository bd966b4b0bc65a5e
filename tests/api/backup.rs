//! Backups an operator can trust: `legeting backup` copies a running SQLite installation (database and uploaded
//! documents) into one archive, and `legeting restore` checks it and puts it back. PostgreSQL is sent to pg_dump.

use std::sync::{Arc, Mutex};
use std::time::Instant;

use legeting::backup::{backup, restore};
use legeting::config::Config;
use legeting::db::Database;
use legeting_shared::DatabaseKind;
use legeting_shared::meetings::{AgendaItem, Attachment};
use legeting_tests::{database_kind, spawn_app};
use serde_json::json;
use tokio::sync::watch;

use crate::concurrency::{committee, meeting};

/// How many agenda items must be acknowledged before the backup starts.
const BEFORE: usize = 30;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_backup_taken_while_writers_run_restores_everything_committed_before_it_began() {
    let app = spawn_app().await;
    let archive_dir = tempfile::tempdir().expect("a temporary directory");
    let archive = archive_dir.path().join("legeting.tar.gz");
    if database_kind() == DatabaseKind::Postgres {
        let refused = backup(&app.config, &archive).await.expect_err("PostgreSQL is backed up with pg_dump");
        assert!(refused.to_string().contains("pg_dump"), "{refused}");
        assert!(!archive.exists());
        return;
    }
    let committee = committee(&app).await;
    let meeting = meeting(&committee, 24 * 14, 24 * 14 + 2, false).await;
    let first: AgendaItem = committee
        .secretary
        .post(&format!("/api/meetings/{meeting}/agenda"), &json!({"title": "Sak med vedlegg"}))
        .await
        .json()
        .await
        .expect("an item");
    let document = b"%PDF-1.4 saksframlegg".to_vec();
    let token = committee.secretary.csrf_token().await;
    let uploaded: Attachment = committee
        .secretary
        .client
        .post(app.url(&format!("/api/agenda-items/{}/attachments?file_name=sak.pdf", first.id)))
        .header("x-csrf-token", token)
        .header("content-type", "application/octet-stream")
        .body(document.clone())
        .send()
        .await
        .expect("answers")
        .json()
        .await
        .expect("an attachment");

    // Four writers add agenda items without pause; the backup starts once BEFORE of them are acknowledged.
    let acknowledged = Arc::new(Mutex::new(vec![first.title.clone()]));
    let (count, mut counted) = watch::channel(1usize);
    let (stop, stopped) = watch::channel(false);
    let mut writers = Vec::new();
    for writer in 0..4 {
        let secretary = committee.secretary.clone();
        let acknowledged = acknowledged.clone();
        let count = count.clone();
        let stopped = stopped.clone();
        let path = format!("/api/meetings/{meeting}/agenda");
        writers.push(tokio::spawn(async move {
            let mut statuses = Vec::new();
            for write in 0.. {
                if *stopped.borrow() {
                    break;
                }
                let title = format!("Skriver {writer}, sak {write}");
                let response = secretary.post(&path, &json!({"title": title})).await;
                statuses.push(response.status().as_u16());
                if response.status() == 201 {
                    let mut acknowledged = acknowledged.lock().expect("not poisoned");
                    acknowledged.push(title);
                    count.send_replace(acknowledged.len());
                }
            }
            statuses
        }));
    }
    counted.wait_for(|n| *n >= BEFORE).await.expect("the writers run");
    let committed_before: Vec<String> = acknowledged.lock().expect("not poisoned").clone();
    let started = Instant::now();
    let manifest = backup(&app.config, &archive).await.expect("the backup is written");
    let backup_ms = started.elapsed().as_millis();
    let during = acknowledged.lock().expect("not poisoned").len() - committed_before.len();
    stop.send_replace(true);
    let mut statuses = Vec::new();
    for writer in writers {
        statuses.extend(writer.await.expect("a writer ends"));
    }
    assert!(statuses.iter().all(|status| *status == 201), "writers were not disturbed: {statuses:?}");
    assert_eq!(manifest.attachments, 1);

    // Restore into a new data directory, as on a new machine.
    let target_dir = tempfile::tempdir().expect("a temporary directory");
    let config = Config::with_data_dir(target_dir.path().join("data"));
    let restored = restore(&config, &archive, false).await.expect("the backup restores");
    assert_eq!(restored.manifest, manifest);
    let database = Database::connect(&config).await.expect("the restored database opens");
    let titles: Vec<String> = sqlx::query_scalar("SELECT title FROM agenda_items WHERE meeting_id = $1")
        .bind(&meeting)
        .fetch_all(database.pool())
        .await
        .expect("the restored agenda");
    let numbers: Vec<i64> = sqlx::query_scalar("SELECT number FROM agenda_items WHERE meeting_id = $1 ORDER BY number")
        .bind(&meeting)
        .fetch_all(database.pool())
        .await
        .expect("the restored numbers");
    database.close().await;
    println!(
        "[backup] {} items acknowledged before the backup, {during} during it ({backup_ms} ms), {} in the restored copy",
        committed_before.len(),
        titles.len()
    );
    let missing: Vec<&String> = committed_before.iter().filter(|t| !titles.contains(t)).collect();
    assert!(missing.is_empty(), "acknowledged before the backup but not restored: {missing:?}");
    assert_eq!(numbers, (1..=i64::try_from(titles.len()).expect("small")).collect::<Vec<_>>(), "a consistent copy");
    let restored_document =
        std::fs::read(config.data_dir.join("attachments").join(&uploaded.id)).expect("the document is restored");
    assert_eq!(restored_document, document);

    // A live database is not replaced without --force; with it, it is.
    let refused = restore(&config, &archive, false).await.expect_err("the database exists");
    assert!(refused.to_string().contains("--force"), "{refused}");
    restore(&config, &archive, true).await.expect("replaced with --force");

    // A damaged archive is refused before anything is replaced.
    let mut bytes = std::fs::read(&archive).expect("the archive");
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xff;
    let damaged = archive_dir.path().join("damaged.tar.gz");
    std::fs::write(&damaged, bytes).expect("written");
    let before = std::fs::read(&restored.database).expect("the restored database");
    restore(&config, &damaged, true).await.expect_err("a damaged backup is refused");
    assert_eq!(std::fs::read(&restored.database).expect("still there"), before, "nothing was replaced");
}
