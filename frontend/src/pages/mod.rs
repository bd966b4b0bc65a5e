//! The pages, grouped by domain like the server's folders: a domain with several page modules is a folder
//! (`meetings/`, `people/`, `attendance/`, …), a domain with one is a file (`letters.rs`, `bodies.rs`, …).
//! Pages get their texts from `i18n` and their data from `api`; a page module may use another domain's
//! shared components (a meeting list on the front page), never the other way round for page state.

mod analytics;
pub mod attendance;
mod audit;
pub mod auth;
mod bodies;
mod calendar;
mod compensation;
pub mod letters;
mod live;
mod mail;
pub mod meetings;
pub mod people;
pub mod site;

pub use analytics::ParticipationPage;
pub use attendance::{CheckIn, Obligation};
pub use audit::AuditLog;
pub use auth::{ForgotPassword, LinkSignIn, Profile, Setup, SignIn};
pub use bodies::{Bodies, BodyPage, NewBody};
pub use compensation::{Compensation, Rates};
pub use letters::{EditLetter, LetterPage, Letters, NewLetter};
pub use live::LiveRoom;
pub use mail::{AnswerFromMail, MailPreferencesSection, OutboxPage, UnsubscribePage};
pub use meetings::{EditMeeting, MeetingPage, MinutesPrint, MyActionItems, MyMeetings, NewMeeting, Search};
pub use people::{EditPerson, NewPerson, Offices, People, RosterImport};
pub use site::{AccessibilityStatement, Home, NotFound, Status};
