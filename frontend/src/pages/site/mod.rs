//! The site's own pages: the front page, the status page, the accessibility statement and "not found".

pub(crate) mod accessibility;
pub(crate) mod home;
pub(crate) mod not_found;
pub(crate) mod status;

pub use accessibility::AccessibilityStatement;
pub use home::Home;
pub use not_found::NotFound;
pub use status::Status;
