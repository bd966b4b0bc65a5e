//! Search across the meetings, agenda items and decisions the caller may see.

use axum::extract::State;
use legeting_shared::api::meetings as api;
use legeting_shared::meetings::SearchHit;

use super::store::{self, MEETING_COLUMNS, MEETING_FROM, Relations};
use crate::auth::AuthUser;
use crate::endpoint::QueryOf;
use crate::error::{AppError, Json};
use crate::state::AppState;

fn excerpt(text: &str, needle: &str) -> Option<String> {
    let lower = text.to_lowercase();
    let at = lower.find(needle)?;
    let chars: Vec<char> = text.chars().collect();
    let char_at = lower[..at].chars().count();
    let start = char_at.saturating_sub(60);
    let end = (char_at + needle.chars().count() + 60).min(chars.len());
    let mut out: String = chars[start..end].iter().collect();
    if start > 0 {
        out.insert(0, '…');
    }
    if end < chars.len() {
        out.push('…');
    }
    Some(out)
}

/// Meetings, agenda items and decisions matching the words (case-insensitive), newest first, at most 50.
/// Closed case papers are searched only for those who may read them.
pub async fn search(
    State(state): State<AppState>,
    user: AuthUser,
    QueryOf(query): QueryOf<api::Search>,
) -> Result<Json<Vec<SearchHit>>, AppError> {
    let needle = query.q.trim().to_lowercase();
    if needle.chars().count() < 2 {
        return Err(crate::error::FieldError::new("q", "too_short", "search for at least two characters").into());
    }
    let pool = state.database.pool();
    let pattern = format!("%{needle}%");
    let sql = format!(
        "SELECT DISTINCT {MEETING_COLUMNS} {MEETING_FROM} LEFT JOIN agenda_items a ON a.meeting_id = m.id \
         WHERE LOWER(m.title) LIKE $1 OR LOWER(COALESCE(m.description, '')) LIKE $1 OR LOWER(a.title) LIKE $1 \
         OR LOWER(COALESCE(a.description, '')) LIKE $1 OR LOWER(COALESCE(a.decision, '')) LIKE $1 \
         ORDER BY m.starts_at DESC LIMIT 500"
    );
    let rows = sqlx::query(&sql).bind(&pattern).fetch_all(pool).await?;
    let relations = Relations::load(pool, &user.person_id).await?;
    let mut hits = Vec::new();
    for row in &rows {
        let (meeting, access) = store::meeting_from_row(row, &user, &relations)?;
        if !access.view {
            continue;
        }
        let text = |t: &str| t.to_lowercase().contains(&needle);
        if text(&meeting.title) || meeting.description.as_deref().is_some_and(text) {
            hits.push(SearchHit {
                kind: "meeting".into(),
                meeting_id: meeting.id.clone(),
                title: meeting.title.clone(),
                excerpt: meeting.description.as_deref().and_then(|d| excerpt(d, &needle)),
                starts_at: meeting.starts_at,
            });
        }
        for item in super::agenda::items(pool, &meeting.id, access.papers).await? {
            let item_title = format!("Sak {} {}", item.label, item.title);
            if text(&item.title) || item.description.as_deref().is_some_and(text) {
                hits.push(SearchHit {
                    kind: "agenda_item".into(),
                    meeting_id: meeting.id.clone(),
                    title: item_title.clone(),
                    excerpt: item.description.as_deref().and_then(|d| excerpt(d, &needle)),
                    starts_at: meeting.starts_at,
                });
            }
            if let Some(decision) = item.decision.as_deref().filter(|d| text(d)) {
                let minutes_visible =
                    access.organise || meeting.status == legeting_shared::meetings::MeetingStatus::MinutesApproved;
                if minutes_visible {
                    hits.push(SearchHit {
                        kind: "decision".into(),
                        meeting_id: meeting.id.clone(),
                        title: item_title,
                        excerpt: excerpt(decision, &needle),
                        starts_at: meeting.starts_at,
                    });
                }
            }
        }
        if hits.len() >= 50 {
            break;
        }
    }
    hits.truncate(50);
    Ok(Json(hits))
}

#[cfg(test)]
mod tests {
    use super::excerpt;

    #[test]
    fn excerpts_show_the_words_around_the_match() {
        let text = "Kommunen foreslår at legevakten flytter til nye lokaler i Sandvika fra høsten.";
        assert_eq!(excerpt(text, "legevakten").as_deref(), Some(text));
        assert_eq!(excerpt(text, "finnes ikke"), None);
    }
}
