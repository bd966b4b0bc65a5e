//! The GP roster import: a municipality uploads its list of GPs (fastleger) as a CSV or XLSX file.
//!
//! - [`parse`]: pure parsing of the uploaded file into validated rows, each with every problem it has. No database
//!   access; the import (dry-run preview and commit) is built on top of it.

pub mod parse;
