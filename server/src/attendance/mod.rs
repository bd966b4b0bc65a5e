//! Attendance per invitee and meeting: present in person, present remotely, excused (with reason), absent,
//! with arrival and departure. Recorded three ways, all through [`record`]:
//! - self check-in with a short code or QR code shown in the room, valid only around the meeting;
//! - the secretary's attendance sheet, in bulk, with a reason whenever a recorded status is corrected;
//! - the live meeting room, through [`record_remote_presence`] (the seam the live-room feature calls).
//!
//! Every change is kept in `attendance_changes` with who, when and why. `obligation.rs` holds the annual
//! meeting obligation, which reads attendance; `nudges.rs` mails the GPs who have not met it yet (a source of
//! the mail worker).

pub mod nudges;
pub mod obligation;

use axum::extract::State;
use legeting_shared::api::attendance as api;
use legeting_shared::meetings::MeetingStatus;
use legeting_shared::participation::{AttendanceChange, AttendanceRecord, AttendanceStatus, CheckInCode, CheckedIn};
use rand::Rng;
use sqlx::AnyPool;

use crate::auth::AuthUser;
use crate::db::{new_id, now_ms};
use crate::endpoint::{JsonOf, PathOf, Routes};
use crate::error::FieldError;
use crate::error::{AppError, Json};
use crate::meetings::access;
use crate::state::AppState;

/// The routes of this domain.
pub fn router() -> Routes {
    Routes::new()
        .endpoint(api::AttendanceSheet, attendance_sheet)
        .endpoint(api::UpdateAttendance, update_attendance)
        .endpoint(api::AttendanceTrail, attendance_trail)
        .endpoint(api::CheckInCode, check_in_code)
        .endpoint(api::CreateCheckInCode, create_check_in_code)
        .endpoint(api::CheckIn, check_in)
        .merge(obligation::router())
}

/// How a record was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    CheckIn,
    Secretary,
    LiveRoom,
}

impl Source {
    fn as_str(self) -> &'static str {
        match self {
            Source::CheckIn => "check_in",
            Source::Secretary => "secretary",
            Source::LiveRoom => "live_room",
        }
    }
}

/// One attendance change to write.
pub struct Entry<'a> {
    pub meeting_id: &'a str,
    pub person_id: &'a str,
    pub status: AttendanceStatus,
    pub reason: Option<&'a str>,
    pub arrived_at: Option<i64>,
    pub left_at: Option<i64>,
    pub source: Source,
    pub actor_id: Option<&'a str>,
    pub correction_reason: Option<&'a str>,
}

/// Write an attendance record and its trail entry (inside the caller's transaction). Unchanged records
/// write nothing. Returns whether anything changed.
pub async fn record(tx: &mut sqlx::Transaction<'_, sqlx::Any>, entry: Entry<'_>) -> Result<bool, sqlx::Error> {
    // Take the meeting's row lock before reading the record, so that a concurrent writer (a check-in while the
    // secretary saves the sheet) waits, and the trail's old status is the one this change replaces, also when
    // there is no record yet to lock.
    crate::meetings::store::lock(tx, entry.meeting_id).await?;
    let current: Option<(String, Option<String>, Option<i64>, Option<i64>)> = sqlx::query_as(
        "SELECT status, reason, arrived_at, left_at FROM attendance WHERE meeting_id = $1 AND person_id = $2",
    )
    .bind(entry.meeting_id)
    .bind(entry.person_id)
    .fetch_optional(&mut **tx)
    .await?;
    let now = now_ms();
    let arrived_at = entry.arrived_at.or(current.as_ref().and_then(|c| c.2));
    let left_at = entry.left_at.or(current.as_ref().and_then(|c| c.3));
    if let Some((status, reason, old_arrived, old_left)) = &current
        && status == entry.status.as_str()
        && reason.as_deref() == entry.reason
        && *old_arrived == arrived_at
        && *old_left == left_at
    {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO attendance (meeting_id, person_id, status, reason, arrived_at, left_at, source, updated_by, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (meeting_id, person_id) DO UPDATE SET \
         status = excluded.status, reason = excluded.reason, arrived_at = excluded.arrived_at, left_at = excluded.left_at, \
         source = excluded.source, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
    )
    .bind(entry.meeting_id)
    .bind(entry.person_id)
    .bind(entry.status.as_str())
    .bind(entry.reason)
    .bind(arrived_at)
    .bind(left_at)
    .bind(entry.source.as_str())
    .bind(entry.actor_id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    let old_status = current.as_ref().map(|c| c.0.clone());
    if old_status.as_deref() != Some(entry.status.as_str()) {
        sqlx::query(
            "INSERT INTO attendance_changes (id, meeting_id, person_id, at, actor_id, old_status, new_status, reason, source) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(new_id())
        .bind(entry.meeting_id)
        .bind(entry.person_id)
        .bind(now)
        .bind(entry.actor_id)
        .bind(old_status)
        .bind(entry.status.as_str())
        .bind(entry.correction_reason.or(entry.reason))
        .bind(entry.source.as_str())
        .execute(&mut **tx)
        .await?;
    }
    crate::analytics::rollups::refresh_person(tx, entry.meeting_id, entry.person_id).await?;
    Ok(true)
}

/// The live-room seam: a participant spent `seconds` in the meeting's live room. At `minimum_seconds` or more
/// they count as present remotely, unless something else (e.g. being checked in on site) is recorded.
pub async fn record_remote_presence(
    pool: &AnyPool,
    meeting_id: &str,
    person_id: &str,
    joined_at: i64,
    left_at: i64,
    minimum_seconds: i64,
) -> Result<bool, sqlx::Error> {
    if (left_at - joined_at) / 1000 < minimum_seconds {
        return Ok(false);
    }
    let existing: Option<String> =
        sqlx::query_scalar("SELECT status FROM attendance WHERE meeting_id = $1 AND person_id = $2")
            .bind(meeting_id)
            .bind(person_id)
            .fetch_optional(pool)
            .await?;
    if existing.is_some_and(|s| s == "in_person") {
        return Ok(false);
    }
    let mut tx = crate::db::begin(pool).await?;
    let changed = record(
        &mut tx,
        Entry {
            meeting_id,
            person_id,
            status: AttendanceStatus::Remote,
            reason: None,
            arrived_at: Some(joined_at),
            left_at: Some(left_at),
            source: Source::LiveRoom,
            actor_id: None,
            correction_reason: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(changed)
}

/// Who may keep the attendance: the meeting's organisers.
async fn organised(state: &AppState, user: &AuthUser, meeting_id: &str) -> Result<access::MeetingRef, AppError> {
    Ok(access::organised(state.database.pool(), user, meeting_id).await?.0)
}

/// The attendance sheet: every invitee with their record (or none yet) and their answer to the notice.
/// Organisers.
async fn attendance_sheet(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(meeting_id): PathOf<api::AttendanceSheet>,
) -> Result<Json<Vec<AttendanceRecord>>, AppError> {
    organised(&state, &user, &meeting_id).await?;
    Ok(Json(sheet(state.database.pool(), &meeting_id).await?))
}

/// The sheet of a meeting (also used by the minutes).
pub async fn sheet(pool: &AnyPool, meeting_id: &str) -> Result<Vec<AttendanceRecord>, sqlx::Error> {
    let rows: Vec<(
        String,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<i64>,
        Option<i64>,
        Option<String>,
        Option<String>,
    )> = sqlx::query_as(
        "SELECT p.id, p.name, o.name, a.status, a.reason, a.arrived_at, a.left_at, a.source, r.answer \
             FROM meeting_invitees i JOIN people p ON p.id = i.person_id LEFT JOIN offices o ON o.id = p.office_id \
             LEFT JOIN attendance a ON a.meeting_id = i.meeting_id AND a.person_id = i.person_id \
             LEFT JOIN rsvps r ON r.meeting_id = i.meeting_id AND r.person_id = i.person_id \
             WHERE i.meeting_id = $1 ORDER BY p.name",
    )
    .bind(meeting_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(person_id, name, office_name, status, reason, arrived_at, left_at, source, rsvp)| AttendanceRecord {
            person_id,
            name,
            office_name,
            status: status.as_deref().and_then(AttendanceStatus::parse),
            reason,
            arrived_at,
            left_at,
            source,
            rsvp,
        })
        .collect())
}

/// Record attendance in bulk. Changing a status that was already recorded needs a correction reason, which
/// the trail keeps. Only invitees can be recorded. Organisers, once the meeting has started.
async fn update_attendance(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(meeting_id): PathOf<api::UpdateAttendance>,
    JsonOf(update): JsonOf<api::UpdateAttendance>,
) -> Result<Json<Vec<AttendanceRecord>>, AppError> {
    let meeting = organised(&state, &user, &meeting_id).await?;
    if matches!(meeting.status, MeetingStatus::Draft | MeetingStatus::Cancelled)
        || now_ms() < meeting.starts_at - 3_600_000
    {
        return Err(AppError::Conflict("attendance can be recorded from an hour before the meeting starts".into()));
    }
    let pool = state.database.pool();
    let current = sheet(pool, &meeting_id).await?;
    let correction = update.correction_reason.as_deref().map(str::trim).filter(|r| !r.is_empty());
    for input in &update.records {
        let Some(record) = current.iter().find(|r| r.person_id == input.person_id) else {
            return Err(FieldError::new("records", "not_invited", "only invitees can be recorded").into());
        };
        if record.status.is_some_and(|s| s != input.status) && correction.is_none() {
            return Err(FieldError::new(
                "correction_reason",
                "correction_reason_required",
                "say why a recorded attendance is corrected",
            )
            .into());
        }
        if input.status == AttendanceStatus::Excused
            && input.reason.as_deref().is_none_or(|r| r.trim().is_empty())
            && record.rsvp.as_deref() != Some("absent")
        {
            return Err(FieldError::new("reason", "reason_required", "give the reason for the absence").into());
        }
    }
    let mut tx = crate::db::begin(pool).await?;
    for input in &update.records {
        let reason = match input.reason.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
            Some(reason) => Some(reason.to_owned()),
            None if input.status == AttendanceStatus::Excused => {
                sqlx::query_scalar("SELECT reason FROM rsvps WHERE meeting_id = $1 AND person_id = $2")
                    .bind(meeting_id.as_str())
                    .bind(&input.person_id)
                    .fetch_optional(&mut *tx)
                    .await?
                    .flatten()
            }
            None => None,
        };
        record(
            &mut tx,
            Entry {
                meeting_id: &meeting_id,
                person_id: &input.person_id,
                status: input.status,
                reason: reason.as_deref(),
                arrived_at: None,
                left_at: None,
                source: Source::Secretary,
                actor_id: Some(&user.person_id),
                correction_reason: correction,
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Json(sheet(pool, &meeting_id).await?))
}

/// Every change to a meeting's attendance: who changed what, when and why. Organisers.
async fn attendance_trail(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(meeting_id): PathOf<api::AttendanceTrail>,
) -> Result<Json<Vec<AttendanceChange>>, AppError> {
    organised(&state, &user, &meeting_id).await?;
    let rows: Vec<(i64, String, Option<String>, Option<String>, String, Option<String>, String)> = sqlx::query_as(
        "SELECT c.at, p.name, a.name, c.old_status, c.new_status, c.reason, c.source FROM attendance_changes c \
         JOIN people p ON p.id = c.person_id LEFT JOIN people a ON a.id = c.actor_id WHERE c.meeting_id = $1 ORDER BY c.at, c.id",
    )
    .bind(meeting_id.as_str())
    .fetch_all(state.database.pool())
    .await?;
    Ok(Json(
        rows.into_iter()
            .filter_map(|(at, person_name, actor_name, old_status, new_status, reason, source)| {
                Some(AttendanceChange {
                    at,
                    person_name,
                    actor_name,
                    old_status: old_status.as_deref().and_then(AttendanceStatus::parse),
                    new_status: AttendanceStatus::parse(&new_status)?,
                    reason,
                    source,
                })
            })
            .collect(),
    ))
}

/// When a code works: from 30 minutes before the start until the end.
const EARLY_MS: i64 = 30 * 60 * 1000;

/// Digits in a check-in code. Why eight: a code only checks in someone who is invited to (or a member of the
/// body of) a meeting on right now, so a guesser aims at the codes of their own meetings, usually one. Wrong
/// codes are limited to ten per person per quarter of an hour (`rate_limit::CHECK_IN_FAILURES_PER_PERSON`),
/// 40 an hour. A code is valid from 30 minutes before the start to the end; even for a twelve-hour day that is
/// 12.5 h × 40 = 500 guesses, and with 10^8 codes the chance that one of them hits is 500 / 10^8 = 5 × 10^-6
/// per meeting (with six digits it would be 5 × 10^-4, one meeting in two thousand). Eight digits are still
/// quick to type from the screen, and the QR code carries them anyway.
pub use legeting_shared::participation::CHECK_IN_CODE_DIGITS;

fn code_response(state: &AppState, code: String, valid_from: i64, valid_until: i64) -> CheckInCode {
    let url = format!("{}/innsjekk?kode={code}", state.config.effective_base_url());
    let qr_svg = qrcode::QrCode::new(url.as_bytes())
        .map(|qr| qr.render::<qrcode::render::svg::Color<'_>>().min_dimensions(240, 240).build())
        .unwrap_or_default();
    CheckInCode { code, valid_from, valid_until, url, qr_svg }
}

/// The meeting's check-in code and QR code, if made. Organisers.
async fn check_in_code(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(meeting_id): PathOf<api::CheckInCode>,
) -> Result<Json<CheckInCode>, AppError> {
    organised(&state, &user, &meeting_id).await?;
    let row: Option<(String, i64, i64)> =
        sqlx::query_as("SELECT code, valid_from, valid_until FROM check_in_codes WHERE meeting_id = $1")
            .bind(meeting_id.as_str())
            .fetch_optional(state.database.pool())
            .await?;
    let (code, from, until) = row.ok_or(AppError::NotFound)?;
    Ok(Json(code_response(&state, code, from, until)))
}

/// Make (or remake) the check-in code: eight digits, valid from 30 minutes before the start to the end.
/// Organisers.
async fn create_check_in_code(
    State(state): State<AppState>,
    user: AuthUser,
    PathOf(meeting_id): PathOf<api::CreateCheckInCode>,
) -> Result<Json<CheckInCode>, AppError> {
    let meeting = organised(&state, &user, &meeting_id).await?;
    if matches!(meeting.status, MeetingStatus::Draft | MeetingStatus::Cancelled) {
        return Err(AppError::Conflict("send the notice before making a check-in code".into()));
    }
    let code = format!(
        "{:0width$}",
        rand::thread_rng().gen_range(0..10u64.pow(CHECK_IN_CODE_DIGITS as u32)),
        width = CHECK_IN_CODE_DIGITS
    );
    let (valid_from, valid_until) = (meeting.starts_at - EARLY_MS, meeting.ends_at);
    sqlx::query(
        "INSERT INTO check_in_codes (meeting_id, code, valid_from, valid_until, created_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (meeting_id) DO UPDATE SET code = excluded.code, valid_from = excluded.valid_from, \
         valid_until = excluded.valid_until, created_at = excluded.created_at",
    )
    .bind(meeting_id.as_str())
    .bind(&code)
    .bind(valid_from)
    .bind(valid_until)
    .bind(now_ms())
    .execute(state.database.pool())
    .await?;
    Ok(Json(code_response(&state, code, valid_from, valid_until)))
}

/// Check in with the code shown in the room: records the caller as present in person, now. Only invitees
/// and body members of a meeting whose code is valid right now. Ten wrong codes in a quarter of an hour stop
/// further attempts by the person for a while (429).
async fn check_in(
    State(state): State<AppState>,
    user: AuthUser,
    JsonOf(request): JsonOf<api::CheckIn>,
) -> Result<Json<CheckedIn>, AppError> {
    let pool = state.database.pool();
    let limit = &crate::auth::rate_limit::CHECK_IN_FAILURES_PER_PERSON;
    if let Some(minutes) = limit.exhausted_for_minutes(pool, &user.person_id).await? {
        return Err(AppError::TooManyRequests(
            "too_many_check_in_attempts",
            format!("too many wrong codes; try again in {minutes} minutes or ask the organiser"),
        ));
    }
    let now = now_ms();
    let code: String = request.code.chars().filter(char::is_ascii_digit).collect();
    let candidates: Vec<String> = sqlx::query_scalar(
        "SELECT meeting_id FROM check_in_codes WHERE code = $1 AND valid_from <= $2 AND valid_until >= $2",
    )
    .bind(&code)
    .bind(now)
    .fetch_all(pool)
    .await?;
    let invalid =
        || AppError::from(FieldError::new("code", "invalid_code", "this code is not valid for a meeting going on now"));
    for meeting_id in candidates {
        let Some(meeting) = access::meeting_ref(pool, &meeting_id).await? else { continue };
        let meeting_access = access::access(pool, &user, &meeting).await?;
        if !(meeting_access.invited || meeting_access.body_role.is_some()) || meeting.status == MeetingStatus::Cancelled
        {
            continue;
        }
        let mut tx = crate::db::begin(pool).await?;
        if !meeting_access.invited {
            crate::meetings::store::invite(&mut tx, &meeting_id, &user.person_id).await?;
            crate::analytics::rollups::refresh_person(&mut tx, &meeting_id, &user.person_id).await?;
        }
        record(
            &mut tx,
            Entry {
                meeting_id: &meeting_id,
                person_id: &user.person_id,
                status: AttendanceStatus::InPerson,
                reason: None,
                arrived_at: Some(now),
                left_at: None,
                source: Source::CheckIn,
                actor_id: Some(&user.person_id),
                correction_reason: None,
            },
        )
        .await?;
        tx.commit().await?;
        return Ok(Json(CheckedIn { meeting_id, meeting_title: meeting.title, arrived_at: now }));
    }
    limit.hit(pool, &user.person_id).await?;
    Err(invalid())
}
