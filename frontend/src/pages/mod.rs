//! One module per page. Pages get their texts from `i18n` and their data from `api`.

mod accessibility;
mod home;
mod not_found;
mod status;

pub use accessibility::AccessibilityStatement;
pub use home::Home;
pub use not_found::NotFound;
pub use status::Status;
