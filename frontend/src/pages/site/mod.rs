//! The site's own pages: the front page, the status page, the accessibility statement and "not found".

pub mod accessibility;
pub mod home;
pub mod not_found;
pub mod status;

pub use accessibility::AccessibilityStatement;
pub use home::Home;
pub use not_found::NotFound;
pub use status::Status;
