//! Importing a GP roster (CSV or XLSX): the preview and the result of an import.

use serde::{Deserialize, Serialize};

/// What an import does (or would do) with one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RowAction {
    /// A new person.
    Create,
    /// An existing person (matched by HPR number, else e-mail) whose details change.
    Update,
    /// An existing person whose details are already as in the file.
    Unchanged,
    /// The row has errors and is not imported.
    Reject,
}

/// A problem with one field of one row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RowProblem {
    pub field: String,
    /// Stable code for the UI to translate (`invalid_email`, `duplicate_in_file`, `email_taken`, …).
    pub code: String,
    /// English description.
    pub message: String,
}

/// One row of the file and what happens to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RosterRowResult {
    /// The line (CSV) or row (XLSX) number as the person sees it in their program.
    pub line: usize,
    pub action: RowAction,
    pub name: Option<String>,
    pub email: Option<String>,
    pub office: Option<String>,
    /// For updates: the fields that change.
    pub changes: Vec<String>,
    pub problems: Vec<RowProblem>,
}

/// The preview of an import, or its result when `applied` is true.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RosterPreview {
    pub rows: Vec<RosterRowResult>,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub rejected: usize,
    /// Offices named in the file that do not exist yet and are (or would be) created.
    pub new_offices: Vec<String>,
    /// Whether the changes were written (false for a preview).
    pub applied: bool,
}
