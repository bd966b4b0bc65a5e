//! Meetings: the lists, one meeting's page with its sections (agenda and proposals, minutes and action items;
//! attendance lives in `attendance/`), the meeting form, the print-friendly minutes, one's action items and the
//! search. The meeting the page shows is shared through [`context`], which every section imports.

pub mod action_items;
pub mod agenda;
pub mod context;
pub mod form;
pub mod list;
pub mod meeting;
pub mod minutes;
pub mod search;

pub use action_items::MyActionItems;
pub use form::{EditMeeting, NewMeeting};
pub use list::MyMeetings;
pub use meeting::MeetingPage;
pub use minutes::MinutesPrint;
pub use search::Search;
