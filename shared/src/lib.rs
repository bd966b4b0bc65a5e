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

/// A language a person reads: bokmål (the default), nynorsk or English. The tags are the wire and database
/// values (`people.language`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, strum::EnumIter)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    Nb,
    Nn,
    En,
}

impl Language {
    /// The language's tag: `nb`, `nn` or `en` (also `<html lang>`).
    pub fn tag(self) -> &'static str {
        match self {
            Language::Nb => "nb",
            Language::Nn => "nn",
            Language::En => "en",
        }
    }

    /// The language of a tag, if it is one of ours.
    pub fn from_tag(tag: &str) -> Option<Language> {
        match tag {
            "nb" => Some(Language::Nb),
            "nn" => Some(Language::Nn),
            "en" => Some(Language::En),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Language;
    use strum::IntoEnumIterator;

    #[test]
    fn languages_round_trip_through_their_tags() {
        for language in Language::iter() {
            assert_eq!(Language::from_tag(language.tag()), Some(language));
            let json = serde_json::to_string(&language).expect("json");
            assert_eq!(json, format!("\"{}\"", language.tag()));
            assert_eq!(serde_json::from_str::<Language>(&json).expect("a language"), language);
        }
        assert_eq!(Language::from_tag("se"), None);
    }
}
