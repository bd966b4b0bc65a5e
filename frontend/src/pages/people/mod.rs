//! People and offices of a municipality: the list, the person editor, the offices and the roster import.

pub mod list;
pub mod offices;
pub mod person;
pub mod roster_import;

pub use list::People;
pub use offices::Offices;
pub use person::{EditPerson, NewPerson};
pub use roster_import::RosterImport;
