//! One module per page. Pages get their texts from `i18n` and their data from `api`.

mod accessibility;
mod audit;
mod home;
mod not_found;
mod offices;
pub mod people;
mod person;
mod profile;
mod roster_import;
mod setup;
pub mod sign_in;
mod status;

pub use accessibility::AccessibilityStatement;
pub use audit::AuditLog;
pub use home::Home;
pub use not_found::NotFound;
pub use offices::Offices;
pub use people::People;
pub use person::{EditPerson, NewPerson};
pub use roster_import::RosterImport;
pub use profile::Profile;
pub use setup::Setup;
pub use sign_in::{ForgotPassword, LinkSignIn, SignIn};
pub use status::Status;
