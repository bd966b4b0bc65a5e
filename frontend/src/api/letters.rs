//! Typed calls for letters: the information letters from the chief municipal medical officer and the
//! announcements, with their archive (see `legeting_shared::letters` for the contract).

use legeting_shared::letters::{Letter, LetterInput, LetterSummary, PublishLetter};

use super::meetings::delete;
use super::{ApiFailure, encode_component as enc, get_json, post_json, put_json};

/// `GET /api/municipalities/{id}/letters`: published letters, newest first (writers also get the drafts).
pub async fn letters(municipality_id: &str) -> Result<Vec<LetterSummary>, ApiFailure> {
    get_json(&format!("/api/municipalities/{}/letters", enc(municipality_id))).await
}

/// `POST /api/municipalities/{id}/letters`: a new draft.
pub async fn create_letter(municipality_id: &str, input: &LetterInput) -> Result<Letter, ApiFailure> {
    post_json(&format!("/api/municipalities/{}/letters", enc(municipality_id)), input).await
}

fn letter_path(id: &str) -> String {
    format!("/api/letters/{}", enc(id))
}

/// `GET /api/letters/{id}`
pub async fn letter(id: &str) -> Result<Letter, ApiFailure> {
    get_json(&letter_path(id)).await
}

/// `PUT /api/letters/{id}`: change a draft, or correct a published letter (no new mail).
pub async fn update_letter(id: &str, input: &LetterInput) -> Result<Letter, ApiFailure> {
    put_json(&letter_path(id), input).await
}

/// `DELETE /api/letters/{id}`: drafts only.
pub async fn delete_letter(id: &str) -> Result<(), ApiFailure> {
    delete(&letter_path(id)).await
}

/// `POST /api/letters/{id}/publish`: into the archive, and by e-mail to the audience when `send_email`.
pub async fn publish_letter(id: &str, send_email: bool) -> Result<Letter, ApiFailure> {
    post_json(&format!("{}/publish", letter_path(id)), &PublishLetter { send_email }).await
}
