//! People and offices of a municipality: the list, the person editor, the offices and the roster import.

pub(crate) mod list;
pub(crate) mod offices;
pub(crate) mod person;
pub(crate) mod roster_import;

pub use list::People;
pub use offices::Offices;
pub use person::{EditPerson, NewPerson};
pub use roster_import::RosterImport;
