//! Attendance: the check-in code and attendance sheet on the meeting page, checking in with a code, and the
//! annual meeting obligation.

pub(crate) mod check_in;
pub(crate) mod obligation;
pub(crate) mod sheet;

pub use check_in::CheckIn;
pub use obligation::Obligation;
