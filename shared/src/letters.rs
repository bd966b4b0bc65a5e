//! Letters: the municipal chief medical officer's (kommuneoverlegens) information to the GPs, and shorter
//! announcements, with an archive every member of the municipality can read.
//!
//! ## Endpoints
//! - `GET /api/municipalities/{id}/letters` → `Vec<`[`LetterSummary`]`>`: published letters, newest first, for
//!   every member of the municipality except guests; writers (administrators and secretaries) also see drafts.
//! - `POST /api/municipalities/{id}/letters` with [`LetterInput`] → 201 [`Letter`] (a draft). Writers only.
//! - `GET /api/letters/{id}` → [`Letter`]; a draft is 404 for anyone but the writers.
//! - `PUT /api/letters/{id}` with [`LetterInput`] → [`Letter`]. Writers. A published letter can be corrected;
//!   that sends no new mail (the archive shows when it was last changed).
//! - `DELETE /api/letters/{id}` → 204. Drafts only (409 `conflict` for a published letter).
//! - `POST /api/letters/{id}/publish` with [`PublishLetter`] → [`Letter`]: puts it in the archive and, when
//!   `send_email` is set, queues one e-mail per recipient in the same transaction. 409 when already published.
//!
//! Errors: 422 with field `title` (`required`, `too_long`: at most [`TITLE_MAX`] characters) or `body`
//! (`required`, `too_long`: at most [`BODY_MAX`] characters).
//!
//! The text is plain text: a blank line starts a new paragraph. It is never interpreted as markup.

use serde::{Deserialize, Serialize};

/// The longest title, in characters.
pub const TITLE_MAX: usize = 200;
/// The longest text, in characters.
pub const BODY_MAX: usize = 20_000;

/// What a letter is.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::Display,
    strum::EnumIter,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum LetterKind {
    /// "Informasjon fra kommuneoverlegen": the regular (often monthly) information letter.
    Information,
    /// A shorter announcement.
    Announcement,
}

impl LetterKind {
    pub const ALL: [LetterKind; 2] = [LetterKind::Information, LetterKind::Announcement];

    /// The name used on the wire and in the database.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    pub fn parse(value: &str) -> Option<LetterKind> {
        value.parse().ok()
    }
}

/// Whom a letter is for (who gets the e-mail; every member of the municipality can read the archive).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::Display,
    strum::EnumIter,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum LetterAudience {
    /// Every active GP of the municipality.
    Gps,
    /// Everyone with a role in the municipality except guests.
    Everyone,
}

impl LetterAudience {
    pub const ALL: [LetterAudience; 2] = [LetterAudience::Gps, LetterAudience::Everyone];

    pub fn as_str(self) -> &'static str {
        self.into()
    }

    pub fn parse(value: &str) -> Option<LetterAudience> {
        value.parse().ok()
    }
}

/// Where a letter is in its life.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::Display,
    strum::EnumIter,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum LetterStatus {
    /// Being written; only the writers see it.
    Draft,
    /// In the archive.
    Published,
}

impl LetterStatus {
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    pub fn parse(value: &str) -> Option<LetterStatus> {
        value.parse().ok()
    }
}

/// A letter in a list: the archive or the drafts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LetterSummary {
    pub id: String,
    pub kind: LetterKind,
    pub status: LetterStatus,
    pub title: String,
    /// The start of the text, at most about 200 characters, cut at a word.
    pub excerpt: String,
    pub author_name: Option<String>,
    /// Milliseconds since the epoch; `None` for drafts.
    pub published_at: Option<i64>,
    pub updated_at: i64,
}

/// A whole letter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Letter {
    pub id: String,
    pub municipality_id: String,
    pub municipality_name: String,
    pub kind: LetterKind,
    pub audience: LetterAudience,
    pub status: LetterStatus,
    pub title: String,
    /// Plain text; a blank line starts a new paragraph.
    pub body: String,
    pub author_name: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub published_at: Option<i64>,
    /// How many e-mails were queued when it was published (`None`: not sent by e-mail, or a draft).
    pub emailed_to: Option<i64>,
    /// How many people the audience holds now (who would get the e-mail); 0 for those who cannot publish.
    pub audience_size: i64,
    /// Whether the caller may change, publish or delete it.
    pub can_edit: bool,
}

/// A new letter, or a change to one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LetterInput {
    pub kind: LetterKind,
    pub audience: LetterAudience,
    #[cfg_attr(feature = "openapi", schema(max_length = 200, pattern = r"\S"))]
    pub title: String,
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 20000,
            pattern = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$"
        )
    )]
    pub body: String,
}

/// Publish a letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublishLetter {
    /// Also send it by e-mail to the audience (notification mail: it follows each person's preferences).
    pub send_email: bool,
}

/// The paragraphs of a plain text: blank lines separate them; lines inside one are kept.
pub fn paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(current.join("\n"));
                current.clear();
            }
        } else {
            current.push(line.trim_end());
        }
    }
    if !current.is_empty() {
        out.push(current.join("\n"));
    }
    out
}

/// The start of a text, at most `max` characters, cut at a word, with "…" when cut.
pub fn excerpt(text: &str, max: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        return flat;
    }
    let cut: String = flat.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(space) if space > max / 2 => &cut[..space],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([',', '.', ';', ':']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_lines_separate_paragraphs_and_lines_inside_are_kept() {
        let text = "Kjære alle\n\nFørste avsnitt\nmed to linjer.\n\n\n  \nSiste.";
        assert_eq!(paragraphs(text), vec!["Kjære alle", "Første avsnitt\nmed to linjer.", "Siste."]);
        assert!(paragraphs("  \n\n").is_empty());
    }

    #[test]
    fn an_excerpt_is_cut_at_a_word() {
        assert_eq!(excerpt("Kort  tekst\n\nher", 200), "Kort tekst her");
        let long = "ord ".repeat(100);
        let cut = excerpt(&long, 50);
        assert!(cut.ends_with('…') && cut.chars().count() <= 51, "{cut}");
        assert!(!cut.contains("  "));
    }

    #[test]
    fn kinds_audiences_and_statuses_round_trip() {
        for kind in LetterKind::ALL {
            assert_eq!(LetterKind::parse(kind.as_str()), Some(kind));
        }
        for audience in LetterAudience::ALL {
            assert_eq!(LetterAudience::parse(audience.as_str()), Some(audience));
        }
        assert_eq!(LetterStatus::parse("published"), Some(LetterStatus::Published));
    }
}
