//! Typed calls for letters: the information letters from the chief municipal medical officer and the
//! announcements, with their archive (see `legeting_shared::letters` for the contract).

use legeting_shared::api::NoQuery;
use legeting_shared::api::letters as api;
use legeting_shared::letters::{Letter, LetterInput, LetterSummary, PublishLetter};
use legeting_shared::{LetterId, MunicipalityId};

use super::{ApiFailure, call};

/// Published letters, newest first (writers also get the drafts).
pub async fn letters(municipality_id: &str) -> Result<Vec<LetterSummary>, ApiFailure> {
    call::<api::ListLetters>(&MunicipalityId::from(municipality_id), &NoQuery {}, &()).await
}

/// A new draft.
pub async fn create_letter(municipality_id: &str, input: &LetterInput) -> Result<Letter, ApiFailure> {
    call::<api::CreateLetter>(&MunicipalityId::from(municipality_id), &NoQuery {}, input).await
}

pub async fn letter(id: &str) -> Result<Letter, ApiFailure> {
    call::<api::GetLetter>(&LetterId::from(id), &NoQuery {}, &()).await
}

/// Change a draft, or correct a published letter (no new mail).
pub async fn update_letter(id: &str, input: &LetterInput) -> Result<Letter, ApiFailure> {
    call::<api::UpdateLetter>(&LetterId::from(id), &NoQuery {}, input).await
}

/// Drafts only.
pub async fn delete_letter(id: &str) -> Result<(), ApiFailure> {
    call::<api::DeleteLetter>(&LetterId::from(id), &NoQuery {}, &()).await
}

/// Into the archive, and by e-mail to the audience when `send_email`.
pub async fn publish_letter(id: &str, send_email: bool) -> Result<Letter, ApiFailure> {
    call::<api::PublishLetter>(&LetterId::from(id), &NoQuery {}, &PublishLetter { send_email }).await
}
