//! Ids of the objects the API names, one type per kind of object, so a meeting id cannot be passed where a
//! person id is expected.
//!
//! Each id is the server's UUID text, unchanged on the wire (`#[serde(transparent)]`). `Deref<Target = str>`
//! lets an id go wherever a `&str` is taken; the server binds `id.as_str()` in SQL (this crate never depends on
//! sqlx). [`PathParam`] says how an id appears in an endpoint's path.

use std::fmt;
use std::ops::Deref;

use serde::{Deserialize, Serialize};

use crate::api::{PathParam, encode_component};

macro_rules! id_type {
    ($($(#[$doc:meta])* $name:ident => $description:literal;)*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String))]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The id's text, taken out.
            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<String> for $name {
            fn from(id: String) -> Self {
                $name(id)
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                $name(id.to_owned())
            }
        }

        impl From<&String> for $name {
            fn from(id: &String) -> Self {
                $name(id.clone())
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                &self.0 == other
            }
        }

        impl PartialEq<$name> for String {
            fn eq(&self, other: &$name) -> bool {
                *self == other.0
            }
        }

        impl PartialEq<$name> for &str {
            fn eq(&self, other: &$name) -> bool {
                *self == other.0
            }
        }

        impl PathParam for $name {
            const DESCRIPTION: &'static str = $description;
            fn segment(&self) -> String {
                encode_component(&self.0)
            }
        }
    )*};
}

id_type! {
    /// A municipality (the tenant).
    MunicipalityId => "Municipality id";
    /// A person (one row for the whole installation).
    PersonId => "Person id";
    /// A GP office.
    OfficeId => "Office id";
    /// A committee or forum.
    BodyId => "Body id";
    /// A meeting.
    MeetingId => "Meeting id";
    /// An item on a meeting's agenda.
    AgendaItemId => "Agenda item id";
    /// A file attached to an agenda item.
    AttachmentId => "Attachment id";
    /// A proposed agenda item.
    ProposalId => "Proposal id";
    /// An action item from the minutes.
    ActionItemId => "Action item id";
    /// A period of compensation rates.
    RatePeriodId => "Rate period id";
    /// An information letter or announcement.
    LetterId => "Letter id";
}

/// A secret token from a link (one-click answer, unsubscribe, calendar feed). Its `Debug` hides the value, so
/// a token cannot reach a log by being printed with `{:?}`.
#[derive(Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Token(String);

impl Token {
    /// The token as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(***)")
    }
}

impl Deref for Token {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl From<String> for Token {
    fn from(token: String) -> Self {
        Token(token)
    }
}

impl From<&str> for Token {
    fn from(token: &str) -> Self {
        Token(token.to_owned())
    }
}

impl PathParam for Token {
    const DESCRIPTION: &'static str = "The token from the link";
    fn segment(&self) -> String {
        encode_component(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_plain_strings_on_the_wire_and_coerce_to_str() {
        let id = MeetingId::from("m-1");
        assert_eq!(serde_json::to_string(&id).expect("json"), "\"m-1\"");
        let back: MeetingId = serde_json::from_str("\"m-1\"").expect("an id");
        assert_eq!(back, id);
        fn takes_str(text: &str) -> usize {
            text.len()
        }
        assert_eq!(takes_str(&id), 3);
        assert_eq!(id.to_string(), "m-1");
    }

    #[test]
    fn tokens_do_not_show_in_debug_output() {
        let token = Token::from("secret-value");
        assert_eq!(format!("{token:?}"), "Token(***)");
        assert_eq!(token.as_str(), "secret-value");
    }
}
