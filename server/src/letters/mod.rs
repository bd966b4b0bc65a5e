//! Letters: the municipal chief medical officer's information to the GPs ("Informasjon fra
//! kommuneoverlegen") and announcements, with the archive every member of the municipality reads.
//!
//! Administrators and secretaries of a municipality write letters as drafts, then publish them. Publishing
//! puts a letter in the archive and, when asked, queues one e-mail per person in its audience **in the same
//! transaction** (dedupe key `letter:<letter>:<person>`), so a letter is mailed once or not at all. Letter
//! e-mail is notification mail: it follows the "information" preference and carries a one-click unsubscribe.
//! A published letter can be corrected; that sends nothing new. Guests (who only take part in their bodies)
//! do not see letters. Wire types and the endpoint list: `shared/src/letters.rs`.

use axum::extract::State;
use axum::http::StatusCode;
use legeting_i18n::args;
use legeting_shared::api::letters as api;
use legeting_shared::letters::{
    self, BODY_MAX, Letter, LetterAudience, LetterInput, LetterKind, LetterStatus, LetterSummary, TITLE_MAX,
};
use legeting_shared::mail::MailCategory;
use legeting_shared::people::Role;
use serde_json::json;
use sqlx::{AnyConnection, AnyPool};

use crate::audit::{self, Change};
use crate::auth::AuthUser;
use crate::db::{new_id, now_ms};
use crate::endpoint::{JsonOf, PathOf, Routes};
use crate::error::FieldError;
use crate::error::{AppError, Json};
use crate::mail::Mail;
use crate::outbox::i18n::{self, Key};
use crate::outbox::notify::{self, FooterLinks, Origin, Recipient};
use crate::outbox::templates::{Content, Link};
use crate::outbox::{self, Category, NewMail};
use crate::state::AppState;

/// The routes of this domain.
pub fn router() -> Routes {
    Routes::new()
        .endpoint(api::ListLetters, list_letters)
        .endpoint(api::CreateLetter, create_letter)
        .endpoint(api::GetLetter, get_letter)
        .endpoint(api::UpdateLetter, update_letter)
        .endpoint(api::DeleteLetter, delete_letter)
        .endpoint(api::PublishLetter, publish_letter)
}

/// Municipal roles that write letters.
pub const WRITERS: &[Role] = &[Role::Administrator, Role::Secretary];

/// Whether the user writes the municipality's letters.
fn writes(user: &AuthUser, municipality_id: &str) -> bool {
    user.installation_admin || user.roles_in(municipality_id).iter().any(|r| WRITERS.contains(r))
}

/// Whether the user reads the municipality's letters: any role there except guest.
fn reads(user: &AuthUser, municipality_id: &str) -> bool {
    user.installation_admin || user.roles_in(municipality_id).iter().any(|r| *r != Role::Guest)
}

/// Who a letter's audience is: the `FROM … WHERE …` part shared by the list and the count. `$1` is the
/// municipality.
fn audience_from(audience: LetterAudience) -> &'static str {
    match audience {
        LetterAudience::Gps => {
            "FROM people p WHERE p.active = 1 AND p.id IN (SELECT person_id FROM municipality_roles \
             WHERE municipality_id = $1 AND role = 'gp')"
        }
        LetterAudience::Everyone => {
            "FROM people p WHERE p.active = 1 AND p.id IN (SELECT person_id FROM municipality_roles \
             WHERE municipality_id = $1 AND role <> 'guest')"
        }
    }
}

/// The people a letter's e-mail goes to, in name order.
pub async fn audience(
    pool: &AnyPool,
    municipality_id: &str,
    audience: LetterAudience,
) -> Result<Vec<Recipient>, sqlx::Error> {
    let sql = format!(
        "SELECT p.id, p.name, p.email, p.language, p.language_chosen, \
         (SELECT written_standard FROM municipalities WHERE id = $1) {} ORDER BY p.name, p.id",
        audience_from(audience)
    );
    let rows: Vec<(String, String, String, String, i64, String)> =
        sqlx::query_as(&sql).bind(municipality_id).fetch_all(pool).await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, email, language, chosen, written_standard)| Recipient {
            id,
            name,
            email,
            lang: i18n::reading_language(&language, chosen == 1, &written_standard),
        })
        .collect())
}

/// How many people a letter's audience holds.
async fn audience_size(pool: &AnyPool, municipality_id: &str, audience: LetterAudience) -> Result<i64, sqlx::Error> {
    let sql = format!("SELECT COUNT(*) {}", audience_from(audience));
    sqlx::query_scalar(&sql).bind(municipality_id).fetch_one(pool).await
}

type LetterRow = (
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    i64,
    i64,
    Option<i64>,
    Option<i64>,
);

async fn load(state: &AppState, user: &AuthUser, id: &str) -> Result<Letter, AppError> {
    let pool = state.database.pool();
    let row: Option<LetterRow> = sqlx::query_as(
        "SELECT l.id, l.municipality_id, mu.name, l.kind, l.audience, l.status, l.title, l.body, p.name, \
         l.created_at, l.updated_at, l.published_at, l.emailed_to FROM letters l \
         JOIN municipalities mu ON mu.id = l.municipality_id LEFT JOIN people p ON p.id = l.author_id \
         WHERE l.id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?;
    let (
        id,
        municipality_id,
        municipality_name,
        kind,
        audience_name,
        status,
        title,
        body,
        author_name,
        created_at,
        updated_at,
        published_at,
        emailed_to,
    ) = row.ok_or(AppError::NotFound)?;
    let status = LetterStatus::parse(&status).unwrap_or(LetterStatus::Draft);
    let can_edit = writes(user, &municipality_id);
    if !reads(user, &municipality_id) || (status == LetterStatus::Draft && !can_edit) {
        return Err(AppError::NotFound);
    }
    let audience_kind = LetterAudience::parse(&audience_name).unwrap_or(LetterAudience::Gps);
    // Only writers see it (it is the number of e-mails publishing would send); readers are spared the count.
    let audience_size = if can_edit { audience_size(pool, &municipality_id, audience_kind).await? } else { 0 };
    Ok(Letter {
        id,
        municipality_id,
        municipality_name,
        kind: LetterKind::parse(&kind).unwrap_or(LetterKind::Announcement),
        audience: audience_kind,
        status,
        title,
        body,
        author_name,
        created_at,
        updated_at,
        published_at,
        emailed_to,
        audience_size,
        can_edit,
    })
}

/// A letter the caller may change (403 for readers, 404 for everyone else).
async fn load_for_writer(state: &AppState, user: &AuthUser, id: &str) -> Result<Letter, AppError> {
    let letter = load(state, user, id).await?;
    if letter.can_edit { Ok(letter) } else { Err(AppError::Forbidden) }
}

/// The letters of a municipality: the archive (published, newest first) for its members, and the drafts
/// first for those who write letters.
async fn list_letters(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(municipality_id): PathOf<api::ListLetters>,
) -> Result<Json<Vec<LetterSummary>>, AppError> {
    user.require_member(&municipality_id)?;
    if !reads(&user, &municipality_id) {
        return Err(AppError::Forbidden);
    }
    let rows: Vec<(String, String, String, String, String, Option<String>, Option<i64>, i64)> = sqlx::query_as(
        "SELECT l.id, l.kind, l.status, l.title, l.body, p.name, l.published_at, l.updated_at FROM letters l \
         LEFT JOIN people p ON p.id = l.author_id WHERE l.municipality_id = $1 AND (l.status = 'published' OR $2 = 1) \
         ORDER BY CASE WHEN l.status = 'draft' THEN 0 ELSE 1 END, COALESCE(l.published_at, l.updated_at) DESC, l.id DESC",
    )
    .bind(municipality_id.as_str())
    .bind(i64::from(writes(&user, &municipality_id)))
    .fetch_all(state.database.pool())
    .await?;
    Ok(Json(
        rows.into_iter()
            .map(|(id, kind, status, title, body, author_name, published_at, updated_at)| LetterSummary {
                id,
                kind: LetterKind::parse(&kind).unwrap_or(LetterKind::Announcement),
                status: LetterStatus::parse(&status).unwrap_or(LetterStatus::Draft),
                title,
                excerpt: letters::excerpt(&body, 200),
                author_name,
                published_at,
                updated_at,
            })
            .collect(),
    ))
}

/// A letter's title and text, checked: (title, body). Line ends become `\n`; the text keeps its paragraphs.
fn parse_input(input: &LetterInput) -> Result<(String, String), FieldError> {
    let title = input.title.split_whitespace().collect::<Vec<_>>().join(" ");
    if title.is_empty() {
        return Err(FieldError::new("title", "required", "a title is required"));
    }
    if title.chars().count() > TITLE_MAX {
        return Err(FieldError::new("title", "too_long", format!("at most {TITLE_MAX} characters")));
    }
    let body = input.body.replace("\r\n", "\n").replace('\r', "\n");
    let body = body.trim().to_owned();
    if body.is_empty() {
        return Err(FieldError::new("body", "required", "the letter needs a text"));
    }
    if body.chars().count() > BODY_MAX {
        return Err(FieldError::new("body", "too_long", format!("at most {BODY_MAX} characters")));
    }
    if body.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(FieldError::new("body", "invalid_text", "the text has invalid characters"));
    }
    Ok((title, body))
}

/// Write a new letter (a draft). Municipal administrators and secretaries.
async fn create_letter(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(municipality_id): PathOf<api::CreateLetter>,
    JsonOf(input): JsonOf<api::CreateLetter>,
) -> Result<(StatusCode, Json<Letter>), AppError> {
    user.require_any(&municipality_id, WRITERS)?;
    let (title, body) = parse_input(&input)?;
    let id = new_id();
    let now = now_ms();
    let mut tx = state.database.begin().await?;
    sqlx::query(
        "INSERT INTO letters (id, municipality_id, kind, audience, title, body, status, author_id, created_at, \
         updated_at) VALUES ($1, $2, $3, $4, $5, $6, 'draft', $7, $8, $8)",
    )
    .bind(&id)
    .bind(municipality_id.as_str())
    .bind(input.kind.as_str())
    .bind(input.audience.as_str())
    .bind(&title)
    .bind(&body)
    .bind(&user.person_id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    audit(
        &mut tx,
        &user,
        &municipality_id,
        "letter.created",
        &id,
        json!({ "title": title, "kind": input.kind.as_str() }),
    )
    .await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(load(&state, &user, &id).await?)))
}

/// A letter. Published letters: every member of its municipality but guests; drafts: its writers.
async fn get_letter(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(id): PathOf<api::GetLetter>,
) -> Result<Json<Letter>, AppError> {
    Ok(Json(load(&state, &user, &id).await?))
}

/// Change a letter. Its municipality's writers. Correcting a published letter sends nothing new.
async fn update_letter(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(id): PathOf<api::UpdateLetter>,
    JsonOf(input): JsonOf<api::UpdateLetter>,
) -> Result<Json<Letter>, AppError> {
    let letter = load_for_writer(&state, &user, &id).await?;
    let (title, body) = parse_input(&input)?;
    let mut tx = state.database.begin().await?;
    sqlx::query("UPDATE letters SET kind = $1, audience = $2, title = $3, body = $4, updated_at = $5 WHERE id = $6")
        .bind(input.kind.as_str())
        .bind(input.audience.as_str())
        .bind(&title)
        .bind(&body)
        .bind(now_ms())
        .bind(id.as_str())
        .execute(&mut *tx)
        .await?;
    audit(
        &mut tx,
        &user,
        &letter.municipality_id,
        "letter.updated",
        &id,
        json!({ "title": [letter.title, title], "published": letter.status == LetterStatus::Published }),
    )
    .await?;
    tx.commit().await?;
    Ok(Json(load(&state, &user, &id).await?))
}

/// Delete a draft. Its municipality's writers; a published letter stays in the archive (409).
async fn delete_letter(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(id): PathOf<api::DeleteLetter>,
) -> Result<StatusCode, AppError> {
    let letter = load_for_writer(&state, &user, &id).await?;
    let mut tx = state.database.begin().await?;
    let deleted = sqlx::query("DELETE FROM letters WHERE id = $1 AND status = 'draft'")
        .bind(id.as_str())
        .execute(&mut *tx)
        .await?;
    if deleted.rows_affected() != 1 {
        return Err(AppError::Conflict("a published letter stays in the archive".into()));
    }
    audit(&mut tx, &user, &letter.municipality_id, "letter.deleted", &id, json!({ "title": letter.title })).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Publish a letter: it enters the archive and, with `send_email`, one e-mail per person in its audience is
/// queued in the same transaction. Its municipality's writers; 409 when it is already published.
async fn publish_letter(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(id): PathOf<api::PublishLetter>,
    JsonOf(input): JsonOf<api::PublishLetter>,
) -> Result<Json<Letter>, AppError> {
    let letter = load_for_writer(&state, &user, &id).await?;
    if letter.status == LetterStatus::Published {
        return Err(AppError::Conflict("the letter is already published".into()));
    }
    let now = now_ms();
    let mails = if input.send_email { mails(&state, &user, &letter, now).await? } else { Vec::new() };
    // Those who turned letters off get a row marked skipped, not an e-mail.
    let wanted = i64::try_from(mails.iter().filter(|m| m.skip_reason.is_none()).count()).unwrap_or(i64::MAX);
    let mut tx = state.database.begin().await?;
    let published = sqlx::query(
        "UPDATE letters SET status = 'published', published_at = $1, updated_at = $1, emailed_to = $2 \
         WHERE id = $3 AND status = 'draft'",
    )
    .bind(now)
    .bind(input.send_email.then_some(wanted))
    .bind(id.as_str())
    .execute(&mut *tx)
    .await?;
    if published.rows_affected() != 1 {
        return Err(AppError::Conflict("the letter is already published".into()));
    }
    queue(&mut tx, &mails, now).await?;
    audit(
        &mut tx,
        &user,
        &letter.municipality_id,
        "letter.published",
        &id,
        json!({ "title": letter.title, "emailed_to": input.send_email.then_some(wanted) }),
    )
    .await?;
    tx.commit().await?;
    if !mails.is_empty() {
        state.wake_mail_worker();
    }
    Ok(Json(load(&state, &user, &id).await?))
}

/// An audit entry for a change to letter `id` by `user`, in the change's transaction.
async fn audit(
    conn: &mut AnyConnection,
    user: &AuthUser,
    municipality_id: &str,
    action: &'static str,
    id: &str,
    details: serde_json::Value,
) -> Result<(), sqlx::Error> {
    let change = Change {
        actor_id: Some(&user.person_id),
        municipality_id: Some(municipality_id),
        action,
        entity_id: Some(id),
        details,
    };
    audit::record(conn, change).await
}

async fn queue(conn: &mut AnyConnection, mails: &[NewMail], now: i64) -> Result<(), sqlx::Error> {
    for mail in mails {
        outbox::enqueue(conn, mail, now).await?;
    }
    Ok(())
}

/// The e-mails of a letter, one per person in its audience, each in their language.
async fn mails(state: &AppState, user: &AuthUser, letter: &Letter, now: i64) -> anyhow::Result<Vec<NewMail>> {
    let pool = state.database.pool();
    let author_email: Option<String> =
        sqlx::query_scalar("SELECT email FROM people WHERE id = $1").bind(&user.person_id).fetch_optional(pool).await?;
    let base = state.config.effective_base_url();
    let origin = Origin {
        municipality_id: letter.municipality_id.clone(),
        municipality_name: letter.municipality_name.clone(),
        meeting_id: None,
        reply_to: author_email,
    };
    let mut mails = Vec::new();
    for to in audience(pool, &letter.municipality_id, letter.audience).await? {
        let links = notify::footer_links(state, &to.id, MailCategory::Information)?;
        mails.push(NewMail {
            dedupe_key: format!("letter:{}:{}", letter.id, to.id),
            category: Category::Letter,
            municipality_id: Some(letter.municipality_id.clone()),
            person_id: Some(to.id.clone()),
            meeting_id: None,
            schedule_id: None,
            mail: compose(&to, letter, &origin, now, &base, &links)?,
            sensitive: false,
            skip_reason: notify::skip_reason(state, &to.id, MailCategory::Information).await?,
        });
    }
    Ok(mails)
}

/// The e-mail of a letter to one person (pure), published `now`.
pub fn compose(
    to: &Recipient,
    letter: &Letter,
    origin: &Origin,
    now: i64,
    base: &str,
    links: &FooterLinks,
) -> anyhow::Result<Mail> {
    let lang = to.lang;
    let (kind, from) = match letter.kind {
        LetterKind::Information => (Key::MailLetterKindInformation, Key::MailLetterFromInformation),
        LetterKind::Announcement => (Key::MailLetterKindAnnouncement, Key::MailLetterFromAnnouncement),
    };
    let subject = Key::MailLetterSubject
        .format(lang, &args([("kind", kind.text(lang).into()), ("title", letter.title.as_str().into())]));
    let mut content =
        Content::new(lang, subject, letter.municipality_name.clone(), letter.title.clone(), to.greeting());
    let place_date =
        args([("place", letter.municipality_name.as_str().into()), ("date", i18n::date(lang, now).into())]);
    content.paragraphs.push(from.format(lang, &place_date));
    content.description = letters::paragraphs(&letter.body);
    if let Some(author) = &letter.author_name {
        content.closing.push(Key::MailLetterRegards.format(lang, &args([("author", author.as_str().into())])));
    }
    content
        .links
        .push(Link { label: Key::MailLetterRead.text(lang).into(), url: format!("{base}/informasjon/{}", letter.id) });
    content.links.push(Link { label: Key::MailLetterAll.text(lang).into(), url: format!("{base}/informasjon") });
    notify::compose(to, MailCategory::Information, content, links, origin)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(title: &str, body: &str) -> LetterInput {
        LetterInput {
            kind: LetterKind::Information,
            audience: LetterAudience::Gps,
            title: title.into(),
            body: body.into(),
        }
    }

    #[test]
    fn a_letter_mail_carries_the_letter_with_its_kind_date_and_author() {
        use crate::outbox::snapshot::{LANGUAGES, THURSDAY_EVENING, baerum, describe, footer_links, kari};
        for (name, kind, author) in [
            ("letter_information", LetterKind::Information, Some("Siri Lege")),
            ("letter_announcement", LetterKind::Announcement, None),
        ] {
            let letter = Letter {
                id: "letter-1".into(),
                municipality_id: "municipality-baerum".into(),
                municipality_name: "Bærum kommune".into(),
                kind,
                audience: LetterAudience::Gps,
                status: LetterStatus::Published,
                title: "Nytt om legevakt".into(),
                body: "Fra 1. februar flytter legevakten.\nNy adresse kommer.\n\nSpørsmål? Svar på e-posten.".into(),
                author_name: author.map(str::to_owned),
                created_at: THURSDAY_EVENING,
                updated_at: THURSDAY_EVENING,
                published_at: Some(THURSDAY_EVENING),
                emailed_to: None,
                audience_size: 0,
                can_edit: false,
            };
            let origin = Origin { reply_to: Some("siri@baerum.kommune.test".into()), ..baerum() };
            for lang in LANGUAGES {
                let mail = compose(
                    &kari(lang),
                    &letter,
                    &origin,
                    THURSDAY_EVENING,
                    "https://legeting.example",
                    &footer_links(),
                )
                .expect("renders");
                insta::assert_snapshot!(format!("{name}_{}", lang.tag()), describe(&mail));
            }
        }
    }

    #[test]
    fn titles_and_texts_are_checked_and_tidied() {
        let (title, body) = parse_input(&input("  Nytt  om\tlegevakt ", "Hei\r\n\r\nLinje to\r\n")).expect("valid");
        assert_eq!(title, "Nytt om legevakt");
        assert_eq!(body, "Hei\n\nLinje to");
        assert_eq!(parse_input(&input(" ", "x")).map_err(|e| (e.field, e.code)), Err(("title", "required")));
        assert_eq!(parse_input(&input("x", " \n ")).map_err(|e| (e.field, e.code)), Err(("body", "required")));
        let long_title = "a".repeat(TITLE_MAX + 1);
        assert_eq!(parse_input(&input(&long_title, "x")).map_err(|e| (e.field, e.code)), Err(("title", "too_long")));
        let long_body = "a".repeat(BODY_MAX + 1);
        assert_eq!(parse_input(&input("x", &long_body)).map_err(|e| (e.field, e.code)), Err(("body", "too_long")));
        assert_eq!(parse_input(&input("x", "a\u{0}b")).map_err(|e| (e.field, e.code)), Err(("body", "invalid_text")));
    }
}
