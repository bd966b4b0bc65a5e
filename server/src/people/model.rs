//! Values about people, parsed once at the edge ("parse, don't validate"): code that holds an [`Email`] never
//! checks it again. Each parser returns a [`FieldError`] naming the field and a stable code the UI translates.

use std::fmt;

use crate::error::FieldError;

/// An e-mail address, trimmed and lower-cased.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    pub fn parse(value: &str) -> Result<Email, FieldError> {
        let value = value.trim().to_lowercase();
        let invalid = || FieldError::new("email", "invalid_email", format!("{value:?} is not an e-mail address"));
        if value.len() > 254 || value.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(invalid());
        }
        let (local, domain) = value.rsplit_once('@').ok_or_else(invalid)?;
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '.');
        if local.is_empty() || local.len() > 64 || local.contains('@') || !domain_ok {
            return Err(invalid());
        }
        Ok(Email(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A person's full name: trimmed, 1–200 characters, inner white space folded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonName(String);

impl PersonName {
    pub fn parse(value: &str) -> Result<PersonName, FieldError> {
        let folded = value.split_whitespace().collect::<Vec<_>>().join(" ");
        if folded.is_empty() {
            return Err(FieldError::new("name", "required", "a name is required"));
        }
        if folded.chars().count() > 200 || folded.chars().any(char::is_control) {
            return Err(FieldError::new("name", "invalid_name", "the name is too long or has invalid characters"));
        }
        Ok(PersonName(folded))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A number in Helsepersonellregisteret (HPR): digits only, 4–9 of them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct HprNumber(String);

impl HprNumber {
    pub fn parse(value: &str) -> Result<HprNumber, FieldError> {
        let digits: String = value.chars().filter(|c| !c.is_whitespace()).collect();
        if (4..=9).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit()) {
            Ok(HprNumber(digits))
        } else {
            Err(FieldError::new("hpr_number", "invalid_hpr", format!("{value:?} is not an HPR number (4–9 digits)")))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A phone number: digits with an optional leading `+`; spaces are dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    pub fn parse(value: &str) -> Result<Phone, FieldError> {
        let compact: String = value.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
        let digits = compact.strip_prefix('+').unwrap_or(&compact);
        if (5..=15).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit()) {
            Ok(Phone(compact))
        } else {
            Err(FieldError::new("phone", "invalid_phone", format!("{value:?} is not a phone number")))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A non-negative count such as a list size.
pub fn parse_count(field: &'static str, value: i64) -> Result<i64, FieldError> {
    if (0..=100_000).contains(&value) {
        Ok(value)
    } else {
        Err(FieldError::new(field, "invalid_number", format!("{value} is not a sensible {field}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_trimmed_and_lower_cased() {
        assert_eq!(
            Email::parse("  Kari.Nordmann@Baerum.Kommune.NO ").map(|e| e.to_string()),
            Ok("kari.nordmann@baerum.kommune.no".into())
        );
    }

    #[test]
    fn malformed_emails_are_refused() {
        for bad in [
            "",
            "kari",
            "kari@",
            "@baerum.no",
            "kari@baerum",
            "kari nord@baerum.no",
            "kari@@baerum.no",
            "kari@baerum..no",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn names_fold_white_space_and_must_not_be_empty() {
        assert_eq!(PersonName::parse("  Ola   Nordmann ").map(|n| n.as_str().to_owned()), Ok("Ola Nordmann".into()));
        assert_eq!(PersonName::parse("   ").map_err(|e| e.code), Err("required"));
    }

    #[test]
    fn hpr_numbers_are_digits() {
        assert_eq!(HprNumber::parse("1234 567").map(|h| h.as_str().to_owned()), Ok("1234567".into()));
        assert!(HprNumber::parse("12a4567").is_err());
        assert!(HprNumber::parse("123").is_err());
    }

    #[test]
    fn phones_accept_norwegian_and_international_forms() {
        assert_eq!(Phone::parse("+47 912 34 567").map(|p| p.as_str().to_owned()), Ok("+4791234567".into()));
        assert!(Phone::parse("call me").is_err());
    }
}
