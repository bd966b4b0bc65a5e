//! Information letters and announcements: drafts, publishing and the archive.

use crate::api::{Empty, Json};
use crate::ids::{LetterId, MunicipalityId};

crate::api::endpoint! {
    "letters";

    /// The letters of a municipality: the archive (published, newest first) for its members, and the drafts
    /// first for those who write letters.
    ListLetters = GET "/municipalities/{id}/letters", id "list_letters",
        params MunicipalityId,
        reply Json<Vec<crate::letters::LetterSummary>>,
        status 200,
        errors [404];
    /// Write a new letter (a draft). Municipal administrators and secretaries.
    CreateLetter = POST "/municipalities/{id}/letters", id "create_letter",
        params MunicipalityId,
        body Json<crate::letters::LetterInput>,
        reply Json<crate::letters::Letter>,
        status 201,
        errors [403, 404, 422];
    /// A letter. Published letters: every member of its municipality but guests; drafts: its writers.
    GetLetter = GET "/letters/{id}", id "get_letter",
        params LetterId,
        reply Json<crate::letters::Letter>,
        status 200,
        errors [404];
    /// Change a letter. Its municipality's writers. Correcting a published letter sends nothing new.
    UpdateLetter = PUT "/letters/{id}", id "update_letter",
        params LetterId,
        body Json<crate::letters::LetterInput>,
        reply Json<crate::letters::Letter>,
        status 200,
        errors [403, 404, 422];
    /// Delete a draft. Its municipality's writers; a published letter stays in the archive (409).
    DeleteLetter = DELETE "/letters/{id}", id "delete_letter",
        params LetterId,
        reply Empty,
        status 204,
        errors [403, 404, 409];
    /// Publish a letter: it enters the archive and, with `send_email`, one e-mail per person in its audience is
    /// queued in the same transaction. Its municipality's writers; 409 when it is already published.
    PublishLetter = POST "/letters/{id}/publish", id "publish_letter",
        params LetterId,
        body Json<crate::letters::PublishLetter>,
        reply Json<crate::letters::Letter>,
        status 200,
        errors [403, 404, 409];
}
