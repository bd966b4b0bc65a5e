//! The agenda: numbered items ("Sak 3/26", numbered per body and year), case papers, attachments, and the
//! GPs' proposals that the chair or secretary accepts (the item joins the agenda) or declines with a reason.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use legeting_shared::api::meetings as api;
use legeting_shared::meetings::{AgendaItem, AgendaItemInput, Attachment, MeetingStatus, Proposal, ProposalStatus};
use serde_json::json;
use sqlx::AnyPool;

use super::access::{self, Access, MeetingRef};
use super::store;
use crate::auth::AuthUser;
use crate::db::{new_id, now_ms};
use crate::endpoint::{JsonOf, PathOf, QueryOf};
use crate::error::FieldError;
use crate::error::{AppError, Json};
use crate::state::AppState;
use crate::time::year_of;

type ItemRow = (String, i64, i64, i64, String, Option<String>, Option<String>, Option<String>);

/// The agenda of a meeting; case papers and attachments only when `papers` is true.
pub async fn items(pool: &AnyPool, meeting_id: &str, papers: bool) -> Result<Vec<AgendaItem>, sqlx::Error> {
    let rows: Vec<ItemRow> = sqlx::query_as(
        "SELECT a.id, a.number, a.year, a.position, a.title, a.description, p.name, a.decision FROM agenda_items a \
         LEFT JOIN people p ON p.id = a.proposer_id WHERE a.meeting_id = $1 ORDER BY a.position, a.number",
    )
    .bind(meeting_id)
    .fetch_all(pool)
    .await?;
    let files: Vec<(String, String, String, String, i64)> = sqlx::query_as(
        "SELECT f.agenda_item_id, f.id, f.file_name, f.content_type, f.size_bytes FROM attachments f \
         JOIN agenda_items a ON a.id = f.agenda_item_id WHERE a.meeting_id = $1 ORDER BY f.created_at",
    )
    .bind(meeting_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, number, year, position, title, description, proposer_name, decision)| {
            let attachments = if papers {
                files
                    .iter()
                    .filter(|f| f.0 == id)
                    .map(|(_, id, file_name, content_type, size_bytes)| Attachment {
                        id: id.clone(),
                        file_name: file_name.clone(),
                        content_type: content_type.clone(),
                        size_bytes: *size_bytes,
                    })
                    .collect()
            } else {
                Vec::new()
            };
            AgendaItem {
                label: format!("{number}/{:02}", year % 100),
                id,
                number,
                year,
                position,
                title,
                description: if papers { description } else { None },
                papers_closed_to_me: !papers,
                proposer_name,
                decision,
                attachments,
            }
        })
        .collect())
}

type ProposalRow =
    (String, String, String, String, String, Option<String>, String, Option<String>, Option<String>, i64);

/// Proposals for a meeting: all of them, or only one person's.
pub async fn proposals(pool: &AnyPool, meeting_id: &str, only: Option<&str>) -> Result<Vec<Proposal>, sqlx::Error> {
    let rows: Vec<ProposalRow> = sqlx::query_as(
        "SELECT x.id, x.meeting_id, x.person_id, p.name, x.title, x.description, x.status, x.reason, x.agenda_item_id, \
         x.created_at FROM agenda_proposals x JOIN people p ON p.id = x.person_id \
         WHERE x.meeting_id = $1 AND ($2 IS NULL OR x.person_id = $2) ORDER BY x.created_at",
    )
    .bind(meeting_id)
    .bind(only)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(
                id,
                meeting_id,
                proposer_id,
                proposer_name,
                title,
                description,
                status,
                reason,
                agenda_item_id,
                created_at,
            )| {
                Proposal {
                    id,
                    meeting_id,
                    proposer_id,
                    proposer_name,
                    title,
                    description,
                    status: ProposalStatus::parse(&status).unwrap_or(ProposalStatus::Pending),
                    reason,
                    agenda_item_id,
                    created_at,
                }
            },
        )
        .collect())
}

/// Invitees and body members may propose items until the deadline (or the start), on a meeting not cancelled.
pub fn may_propose(meeting: &MeetingRef, access: &Access) -> bool {
    let open_until = meeting.proposal_deadline.unwrap_or(meeting.starts_at);
    (access.invited || access.body_role.is_some())
        && matches!(meeting.status, MeetingStatus::Draft | MeetingStatus::NoticeSent)
        && now_ms() < open_until
}

fn item_text(input: &AgendaItemInput) -> Result<(String, Option<String>), FieldError> {
    let title = input.title.trim();
    if title.is_empty() {
        return Err(FieldError::new("title", "required", "a title is required"));
    }
    if title.chars().count() > 300 {
        return Err(FieldError::new("title", "too_long", "at most 300 characters"));
    }
    let description = input.description.as_deref().map(str::trim).filter(|d| !d.is_empty()).map(str::to_owned);
    if description.as_ref().is_some_and(|d| d.chars().count() > 50_000) {
        return Err(FieldError::new("description", "too_long", "at most 50,000 characters"));
    }
    Ok((title.to_owned(), description))
}

/// The next agenda number of a numbering scope (`$2`) and year (`$3`), from the counter `$1`: one more than the
/// counter's last value, or one more than the highest number in use when that is higher (items numbered before the
/// counter existed, or by the demo). The upsert locks the counter row until the transaction ends, so concurrent
/// writers each get the next number instead of colliding on it (on SQLite the transaction already holds the
/// writer lock).
const NEXT_AGENDA_NUMBER: &str = "INSERT INTO counters (name, value) VALUES ($1, \
     (SELECT COALESCE(MAX(number), 0) + 1 FROM agenda_items WHERE numbering_scope = $2 AND year = $3)) \
     ON CONFLICT (name) DO UPDATE SET value = CASE WHEN counters.value + 1 > excluded.value \
     THEN counters.value + 1 ELSE excluded.value END RETURNING value";

/// The next position on a meeting's (`$2`) agenda, from the counter `$1`, as [`NEXT_AGENDA_NUMBER`].
const NEXT_AGENDA_POSITION: &str = "INSERT INTO counters (name, value) VALUES ($1, \
     (SELECT COALESCE(MAX(position), 0) + 1 FROM agenda_items WHERE meeting_id = $2)) \
     ON CONFLICT (name) DO UPDATE SET value = CASE WHEN counters.value + 1 > excluded.value \
     THEN counters.value + 1 ELSE excluded.value END RETURNING value";

/// Add an agenda item inside a transaction, numbered next in its body and year. Returns its id.
async fn insert_item(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    meeting: &MeetingRef,
    title: &str,
    description: Option<&str>,
    proposer_id: Option<&str>,
) -> Result<String, sqlx::Error> {
    let scope = meeting.body_id.clone().unwrap_or_else(|| format!("municipality:{}", meeting.municipality_id));
    let year = year_of(meeting.starts_at);
    // Number first, then position: every writer takes the counter rows in the same order.
    let number: i64 = sqlx::query_scalar(NEXT_AGENDA_NUMBER)
        .bind(format!("agenda_number:{scope}:{year}"))
        .bind(&scope)
        .bind(year)
        .fetch_one(&mut **tx)
        .await?;
    let position: i64 = sqlx::query_scalar(NEXT_AGENDA_POSITION)
        .bind(format!("agenda_position:{}", meeting.id))
        .bind(&meeting.id)
        .fetch_one(&mut **tx)
        .await?;
    let id = new_id();
    sqlx::query(
        "INSERT INTO agenda_items (id, meeting_id, numbering_scope, year, number, position, title, description, proposer_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(&id)
    .bind(&meeting.id)
    .bind(&scope)
    .bind(year)
    .bind(number)
    .bind(position)
    .bind(title)
    .bind(description)
    .bind(proposer_id)
    .bind(now_ms())
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

fn agenda_open(meeting: &MeetingRef) -> Result<(), AppError> {
    if matches!(meeting.status, MeetingStatus::Cancelled | MeetingStatus::MinutesApproved) {
        return Err(AppError::Conflict("the agenda of this meeting can no longer change".into()));
    }
    Ok(())
}

/// Add an item to the agenda. Organisers.
pub async fn add_item(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(meeting_id): PathOf<api::AddItem>,
    JsonOf(input): JsonOf<api::AddItem>,
) -> Result<(StatusCode, Json<AgendaItem>), AppError> {
    let pool = state.database.pool();
    let (meeting, _) = access::organised(pool, &user, &meeting_id).await?;
    agenda_open(&meeting)?;
    let (title, description) = item_text(&input)?;
    let mut tx = crate::db::begin(pool).await?;
    let id = insert_item(&mut tx, &meeting, &title, description.as_deref(), None).await?;
    store::record_history(&mut *tx, &meeting_id, &user.person_id, "agenda_item_added", json!({ "title": title }))
        .await?;
    tx.commit().await?;
    let item = items(pool, &meeting_id, true).await?.into_iter().find(|i| i.id == id).ok_or(AppError::NotFound)?;
    Ok((StatusCode::CREATED, Json(item)))
}

async fn item_meeting(pool: &AnyPool, item_id: &str) -> Result<String, AppError> {
    let meeting: Option<String> = sqlx::query_scalar("SELECT meeting_id FROM agenda_items WHERE id = $1")
        .bind(item_id)
        .fetch_optional(pool)
        .await?;
    meeting.ok_or(AppError::NotFound)
}

/// Change an agenda item's title or case paper. Organisers.
pub async fn update_item(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(item_id): PathOf<api::UpdateItem>,
    JsonOf(input): JsonOf<api::UpdateItem>,
) -> Result<Json<AgendaItem>, AppError> {
    let pool = state.database.pool();
    let meeting_id = item_meeting(pool, &item_id).await?;
    let (meeting, _) = access::organised(pool, &user, &meeting_id).await?;
    agenda_open(&meeting)?;
    let (title, description) = item_text(&input)?;
    sqlx::query("UPDATE agenda_items SET title = $1, description = $2 WHERE id = $3")
        .bind(&title)
        .bind(description.as_deref())
        .bind(item_id.as_str())
        .execute(pool)
        .await?;
    let item = items(pool, &meeting_id, true).await?.into_iter().find(|i| i.id == item_id).ok_or(AppError::NotFound)?;
    Ok(Json(item))
}

/// Put the agenda items in a new order (all of the meeting's item ids, in order). Organisers.
pub async fn reorder(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(meeting_id): PathOf<api::Reorder>,
    JsonOf(order): JsonOf<api::Reorder>,
) -> Result<Json<Vec<AgendaItem>>, AppError> {
    let pool = state.database.pool();
    let (meeting, _) = access::organised(pool, &user, &meeting_id).await?;
    agenda_open(&meeting)?;
    let mut current: Vec<String> = items(pool, &meeting_id, true).await?.into_iter().map(|i| i.id).collect();
    let mut wanted = order.clone();
    current.sort();
    wanted.sort();
    if current != wanted {
        return Err(
            FieldError::new("order", "order_mismatch", "give every agenda item of the meeting exactly once").into()
        );
    }
    let mut tx = crate::db::begin(pool).await?;
    for (index, id) in order.iter().enumerate() {
        sqlx::query("UPDATE agenda_items SET position = $1 WHERE id = $2")
            .bind(i64::try_from(index).unwrap_or(i64::MAX) + 1)
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(Json(items(pool, &meeting_id, true).await?))
}

/// File types accepted as attachments: extension, content type, and the bytes such a file starts with.
const ALLOWED: &[(&str, &str, &[u8])] = &[
    ("pdf", "application/pdf", b"%PDF"),
    ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK\x03\x04"),
    ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK\x03\x04"),
    ("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", b"PK\x03\x04"),
    ("odt", "application/vnd.oasis.opendocument.text", b"PK\x03\x04"),
    ("png", "image/png", b"\x89PNG"),
    ("jpg", "image/jpeg", b"\xff\xd8\xff"),
    ("jpeg", "image/jpeg", b"\xff\xd8\xff"),
    ("txt", "text/plain; charset=utf-8", b""),
];

/// Attach a file to an agenda item (PDF, Office documents, images, text; up to the body size limit). The
/// content must match the file type. Organisers.
pub async fn upload_attachment(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(item_id): PathOf<api::UploadAttachment>,
    QueryOf(query): QueryOf<api::UploadAttachment>,
    body: Bytes,
) -> Result<(StatusCode, Json<Attachment>), AppError> {
    let pool = state.database.pool();
    let meeting_id = item_meeting(pool, &item_id).await?;
    access::organised(pool, &user, &meeting_id).await?;
    let file_name: String = query
        .file_name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    let extension = file_name.rsplit_once('.').map(|(_, e)| e.to_lowercase()).unwrap_or_default();
    let Some((_, content_type, magic)) = ALLOWED.iter().find(|(ext, _, _)| *ext == extension) else {
        return Err(FieldError::new(
            "file",
            "unsupported_type",
            "attach PDF, Word, Excel, PowerPoint, ODT, PNG, JPEG or text files",
        )
        .into());
    };
    if body.is_empty() || !body.starts_with(magic) || (extension == "txt" && std::str::from_utf8(&body).is_err()) {
        return Err(FieldError::new("file", "content_mismatch", "the file's content does not match its type").into());
    }
    let id = new_id();
    let dir = state.config.data_dir.join("attachments");
    let path = dir.join(&id);
    store_file(&dir, &path, &body).await?;
    let size_bytes = i64::try_from(body.len()).unwrap_or(i64::MAX);
    let inserted = sqlx::query(
        "INSERT INTO attachments (id, agenda_item_id, file_name, content_type, size_bytes, uploaded_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&id)
    .bind(item_id.as_str())
    .bind(&file_name)
    .bind(*content_type)
    .bind(size_bytes)
    .bind(&user.person_id)
    .bind(now_ms())
    .execute(pool)
    .await;
    if let Err(error) = inserted {
        // No row, no file: a document nobody can reach is not kept.
        let _ = tokio::fs::remove_file(&path).await;
        return Err(error.into());
    }
    Ok((StatusCode::CREATED, Json(Attachment { id, file_name, content_type: (*content_type).to_owned(), size_bytes })))
}

/// Write an uploaded document to `path` completely or not at all: into a temporary file beside it, flushed to disk,
/// then renamed. A full disk is answered as such; the partial file is removed either way.
async fn store_file(dir: &std::path::Path, path: &std::path::Path, bytes: &[u8]) -> Result<(), AppError> {
    use tokio::io::AsyncWriteExt;
    let partial = path.with_extension("partial");
    let written = async {
        tokio::fs::create_dir_all(dir).await?;
        let mut file = tokio::fs::File::create(&partial).await?;
        file.write_all(bytes).await?;
        // tokio writes in the background: `flush` waits for the write and reports its error (a full disk).
        file.flush().await?;
        file.sync_all().await?;
        tokio::fs::rename(&partial, path).await
    }
    .await;
    match written {
        Ok(()) => Ok(()),
        Err(error) => {
            let _ = tokio::fs::remove_file(&partial).await;
            if error.kind() == std::io::ErrorKind::StorageFull {
                tracing::error!(dir = %dir.display(), "the disk of the data directory is full: an upload was refused");
                Err(AppError::StorageFull)
            } else {
                Err(AppError::Internal(anyhow::Error::new(error).context("could not store an uploaded document")))
            }
        }
    }
}

/// Download an attachment. Only those who may see the item's case papers.
pub async fn download_attachment(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(id): PathOf<api::DownloadAttachment>,
) -> Result<Response, AppError> {
    let pool = state.database.pool();
    let row: Option<(String, String, String)> = sqlx::query_as(
        "SELECT a.meeting_id, f.file_name, f.content_type FROM attachments f JOIN agenda_items a ON a.id = f.agenda_item_id WHERE f.id = $1",
    )
    .bind(id.as_str())
    .fetch_optional(pool)
    .await?;
    let (meeting_id, file_name, content_type) = row.ok_or(AppError::NotFound)?;
    let (_, access) = access::viewable(pool, &user, &meeting_id).await?;
    if !access.papers {
        return Err(AppError::NotFound);
    }
    let bytes = tokio::fs::read(state.config.data_dir.join("attachments").join(id.as_str()))
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    Ok(crate::download::download(bytes, &content_type, &file_name))
}

/// Propose an agenda item. Invitees and body members, until the proposal deadline.
pub async fn propose(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(meeting_id): PathOf<api::Propose>,
    JsonOf(input): JsonOf<api::Propose>,
) -> Result<(StatusCode, Json<Proposal>), AppError> {
    let pool = state.database.pool();
    let (meeting, access) = access::viewable(pool, &user, &meeting_id).await?;
    if !access.invited && access.body_role.is_none() {
        return Err(AppError::Forbidden);
    }
    if !may_propose(&meeting, &access) {
        return Err(AppError::Conflict("the deadline for proposing agenda items has passed".into()));
    }
    let (title, description) = item_text(&AgendaItemInput { title: input.title, description: input.description })?;
    let id = new_id();
    sqlx::query(
        "INSERT INTO agenda_proposals (id, meeting_id, person_id, title, description, status, created_at) \
         VALUES ($1, $2, $3, $4, $5, 'pending', $6)",
    )
    .bind(&id)
    .bind(meeting_id.as_str())
    .bind(&user.person_id)
    .bind(&title)
    .bind(description.as_deref())
    .bind(now_ms())
    .execute(pool)
    .await?;
    let proposal = proposals(pool, &meeting_id, Some(&user.person_id)).await?.into_iter().find(|p| p.id == id);
    Ok((StatusCode::CREATED, Json(proposal.ok_or(AppError::NotFound)?)))
}

async fn pending_proposal(
    pool: &AnyPool,
    user: &AuthUser,
    proposal_id: &str,
) -> Result<(MeetingRef, Proposal), AppError> {
    let meeting_id: Option<String> = sqlx::query_scalar("SELECT meeting_id FROM agenda_proposals WHERE id = $1")
        .bind(proposal_id)
        .fetch_optional(pool)
        .await?;
    let meeting_id = meeting_id.ok_or(AppError::NotFound)?;
    let (meeting, _) = access::organised(pool, user, &meeting_id).await?;
    agenda_open(&meeting)?;
    let proposal = proposals(pool, &meeting_id, None)
        .await?
        .into_iter()
        .find(|p| p.id == proposal_id)
        .ok_or(AppError::NotFound)?;
    if proposal.status != ProposalStatus::Pending {
        return Err(AppError::Conflict("this proposal has already been handled".into()));
    }
    Ok((meeting, proposal))
}

/// Accept a proposal: it joins the agenda as a numbered item, credited to the proposer. Organisers.
pub async fn accept_proposal(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(id): PathOf<api::AcceptProposal>,
) -> Result<Json<Proposal>, AppError> {
    let pool = state.database.pool();
    let (meeting, proposal) = pending_proposal(pool, &user, &id).await?;
    let mut tx = crate::db::begin(pool).await?;
    // Only a proposal still pending is accepted: of two organisers accepting (or declining) it at once, the
    // second finds it handled, and the agenda gets one item.
    let taken = sqlx::query(
        "UPDATE agenda_proposals SET status = 'accepted', decided_by = $1, decided_at = $2 \
         WHERE id = $3 AND status = 'pending'",
    )
    .bind(&user.person_id)
    .bind(now_ms())
    .bind(id.as_str())
    .execute(&mut *tx)
    .await?;
    if taken.rows_affected() != 1 {
        return Err(AppError::Conflict("this proposal has already been handled".into()));
    }
    let item_id =
        insert_item(&mut tx, &meeting, &proposal.title, proposal.description.as_deref(), Some(&proposal.proposer_id))
            .await?;
    sqlx::query("UPDATE agenda_proposals SET agenda_item_id = $1 WHERE id = $2")
        .bind(&item_id)
        .bind(id.as_str())
        .execute(&mut *tx)
        .await?;
    store::record_history(
        &mut *tx,
        &meeting.id,
        &user.person_id,
        "proposal_accepted",
        json!({ "title": proposal.title }),
    )
    .await?;
    tx.commit().await?;
    let proposal =
        proposals(pool, &meeting.id, None).await?.into_iter().find(|p| p.id == id).ok_or(AppError::NotFound)?;
    Ok(Json(proposal))
}

/// Decline a proposal with a reason the proposer sees. Organisers.
pub async fn decline_proposal(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(id): PathOf<api::DeclineProposal>,
    JsonOf(input): JsonOf<api::DeclineProposal>,
) -> Result<Json<Proposal>, AppError> {
    let pool = state.database.pool();
    let reason = input.reason.trim().to_owned();
    if reason.is_empty() {
        return Err(FieldError::new("reason", "reason_required", "give the proposer a reason").into());
    }
    let (meeting, proposal) = pending_proposal(pool, &user, &id).await?;
    let mut tx = crate::db::begin(pool).await?;
    let taken = sqlx::query(
        "UPDATE agenda_proposals SET status = 'declined', reason = $1, decided_by = $2, decided_at = $3 \
         WHERE id = $4 AND status = 'pending'",
    )
    .bind(&reason)
    .bind(&user.person_id)
    .bind(now_ms())
    .bind(id.as_str())
    .execute(&mut *tx)
    .await?;
    if taken.rows_affected() != 1 {
        return Err(AppError::Conflict("this proposal has already been handled".into()));
    }
    store::record_history(
        &mut *tx,
        &meeting.id,
        &user.person_id,
        "proposal_declined",
        json!({ "title": proposal.title }),
    )
    .await?;
    tx.commit().await?;
    let proposal =
        proposals(pool, &meeting.id, None).await?.into_iter().find(|p| p.id == id).ok_or(AppError::NotFound)?;
    Ok(Json(proposal))
}
