//! Meetings: the lists, one meeting's page with its sections (agenda and proposals, minutes and action items;
//! attendance lives in `attendance/`), the meeting form, the print-friendly minutes, one's action items and the
//! search. The meeting the page shows is shared through [`context`], which every section imports.

pub(crate) mod action_items;
pub(crate) mod agenda;
pub(crate) mod context;
pub(crate) mod form;
pub(crate) mod list;
pub(crate) mod meeting;
pub(crate) mod minutes;
pub(crate) mod search;

pub use action_items::MyActionItems;
pub use form::{EditMeeting, NewMeeting};
pub use list::MyMeetings;
pub use meeting::MeetingPage;
pub use minutes::MinutesPrint;
pub use search::Search;
