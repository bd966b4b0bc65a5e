//! Wire types shared by the Legeting server and its WebAssembly frontend.
//!
//! This crate owns the shape of everything that crosses the network: request and response bodies, error
//! bodies and (later) websocket messages, plus pure functions on them. It must never depend on sqlx, tokio or
//! axum, so it compiles to `wasm32-unknown-unknown`. Server-only derives (OpenAPI schemas) sit behind the
//! `openapi` feature, which only the server enables.

pub mod api;
pub mod auth;
pub mod error;
pub mod health;
pub mod ids;
pub mod letters;
pub mod live;
pub mod mail;
pub mod meetings;
pub mod participation;
pub mod people;
pub mod roster;

pub use error::{ApiError, ErrorBody};
pub use health::{DatabaseKind, Health, HealthCheck, HealthProblem, HealthStatus, Probe};
pub use ids::{
    ActionItemId, AgendaItemId, AttachmentId, BodyId, LetterId, MeetingId, MunicipalityId, OfficeId, PersonId,
    ProposalId, RatePeriodId, Token,
};

/// A language of the user interface and of e-mails: Norwegian bokmål (the default), Norwegian nynorsk or
/// English. On the wire and in the database it is its tag, `"nb"`, `"nn"` or `"en"`; the texts themselves live
/// in the `legeting-i18n` crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize, strum::EnumIter)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    Nb,
    Nn,
    En,
}

impl Language {
    /// Every language, in the order the language switch offers them.
    pub const ALL: [Language; 3] = [Language::Nb, Language::Nn, Language::En];

    /// The BCP 47 tag, as used in `<html lang>`, on the wire and in the database.
    pub fn tag(self) -> &'static str {
        match self {
            Language::Nb => "nb",
            Language::Nn => "nn",
            Language::En => "en",
        }
    }

    /// Parse a stored or requested tag (also the common regional forms); unknown tags give `None`.
    pub fn from_tag(tag: &str) -> Option<Language> {
        match tag {
            "nb" | "no" | "nb-NO" | "no-NO" => Some(Language::Nb),
            "nn" | "nn-NO" => Some(Language::Nn),
            "en" | "en-GB" | "en-US" => Some(Language::En),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Language;

    #[test]
    fn language_tags_round_trip_and_are_the_wire_form() {
        for language in Language::ALL {
            assert_eq!(Language::from_tag(language.tag()), Some(language));
            assert_eq!(serde_json::to_string(&language).ok(), Some(format!("\"{}\"", language.tag())));
        }
        assert_eq!(Language::from_tag("nn-NO"), Some(Language::Nn));
        assert_eq!(Language::from_tag("sv"), None);
        assert_eq!(Language::default(), Language::Nb);
    }
}
