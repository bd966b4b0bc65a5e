//! The one JSON shape every failing API response has.

use serde::{Deserialize, Serialize};

/// The body of every non-2xx API response: `{"error": {"code": "...", "message": "..."}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub error: ApiError,
}

/// A machine-readable `code` (stable, for the frontend to translate) and an English `message` for people
/// reading logs or using the API directly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiError {
    /// Stable identifier such as `not_found`, `validation`, `conflict`, `payload_too_large`, `internal`.
    pub code: String,
    /// Human-readable description in English.
    pub message: String,
    /// The request field the error is about, when there is one (e.g. `email`), so a form can show the message
    /// beside that field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_body_serialises_as_nested_error_object() {
        let body =
            ErrorBody { error: ApiError { code: "not_found".into(), message: "No such page".into(), field: None } };
        let json = serde_json::to_value(&body).expect("serialisable");
        assert_eq!(json["error"]["code"], "not_found");
        assert_eq!(json["error"]["message"], "No such page");
    }
}
