//! The Legeting web app: leptos, client-side rendered, compiled to wasm32 and served by the server.
//!
//! - [`i18n`]: the translation catalogue (Norwegian bokmål first, English second) and the language switch.
//! - [`api`]: typed calls to the server's `/api`, using the wire types from `legeting-shared`.
//! - [`session`]: who is signed in and the current municipality, as context; page access guards.
//! - [`forms`]: accessible fields, error summary, notices and focus helpers on Designsystemet.
//! - [`table`]: the data table (caption, column headers, scrolling region) every page's tables use.
//! - [`layout`]: the page shell: skip link, header with navigation, session and language switch, footer.
//! - [`time`]: Europe/Oslo date and time formatting.
//! - [`format`]: money (øre ⇄ `1 230,00 kr`), numbers and rates the Norwegian way; small encoders.
//! - [`labels`]: the translated names of the domain's enumerations (meeting kinds, states, answers, …).
//! - [`pages`]: the pages, grouped by domain.
//!
//! Every user-visible string goes through [`i18n`]; a page must not hold literal text of its own.

pub mod api;
pub mod format;
pub mod forms;
pub mod i18n;
pub mod labels;
pub mod layout;
pub mod pages;
pub mod session;
pub mod table;
pub mod time;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::layout::Shell;
use crate::pages::{
    AccessibilityStatement, AnswerFromMail, AuditLog, EditPerson, ForgotPassword, Home, LinkSignIn, LiveRoom,
    NewPerson, NotFound, Offices, OutboxPage, People, Profile, RosterImport, Setup, SignIn, Status, UnsubscribePage,
};
use crate::pages::{
    Bodies, BodyPage, CheckIn, Compensation, EditLetter, EditMeeting, LetterPage, Letters, MeetingPage, MinutesPrint,
    MyActionItems, MyMeetings, NewBody, NewLetter, NewMeeting, Obligation, ParticipationPage, Rates, Search,
};

/// The whole app: language and session context, router and routes inside the page shell.
#[component]
pub fn App() -> impl IntoView {
    i18n::provide_i18n();
    session::provide_session();
    view! {
        <Router>
            <Shell>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Home />
                    <Route path=path!("/status") view=Status />
                    <Route path=path!("/tilgjengelighet") view=AccessibilityStatement />
                    <Route path=path!("/innlogging") view=SignIn />
                    <Route path=path!("/innlogging/lenke") view=LinkSignIn />
                    <Route path=path!("/innlogging/nytt-passord") view=ForgotPassword />
                    <Route path=path!("/oppsett") view=Setup />
                    <Route path=path!("/profil") view=Profile />
                    <Route path=path!("/personer") view=People />
                    <Route path=path!("/personer/ny") view=NewPerson />
                    // Routes match in order: fixed paths under /personer (such as the roster import at
                    // /personer/import) must come before `/personer/:id`.
                    <Route path=path!("/personer/import") view=RosterImport />
                    <Route path=path!("/personer/:id") view=EditPerson />
                    <Route path=path!("/kontorer") view=Offices />
                    <Route path=path!("/logg") view=AuditLog />
                    // Meetings and bodies (fixed paths before `:id`).
                    <Route path=path!("/moter") view=MyMeetings />
                    <Route path=path!("/moter/ny") view=NewMeeting />
                    <Route path=path!("/moter/:id") view=MeetingPage />
                    <Route path=path!("/moter/:id/rediger") view=EditMeeting />
                    <Route path=path!("/moter/:id/referat") view=MinutesPrint />
                    <Route path=path!("/moter/:id/direkte") view=LiveRoom />
                    <Route path=path!("/svar") view=AnswerFromMail />
                    <Route path=path!("/avmelding") view=UnsubscribePage />
                    <Route path=path!("/utsendelser") view=OutboxPage />
                    <Route path=path!("/utvalg") view=Bodies />
                    <Route path=path!("/utvalg/ny") view=NewBody />
                    <Route path=path!("/utvalg/:id") view=BodyPage />
                    <Route path=path!("/oppgaver") view=MyActionItems />
                    <Route path=path!("/sok") view=Search />
                    // Letters and announcements (fixed paths before `:id`).
                    <Route path=path!("/informasjon") view=Letters />
                    <Route path=path!("/informasjon/ny") view=NewLetter />
                    <Route path=path!("/informasjon/:id") view=LetterPage />
                    <Route path=path!("/informasjon/:id/endre") view=EditLetter />
                    // Attendance, the obligation, analytics and compensation.
                    <Route path=path!("/innsjekk") view=CheckIn />
                    <Route path=path!("/moteplikt") view=Obligation />
                    <Route path=path!("/deltakelse") view=ParticipationPage />
                    <Route path=path!("/godtgjoring") view=Compensation />
                    <Route path=path!("/satser") view=Rates />
                </Routes>
            </Shell>
        </Router>
    }
}

/// Entry point called by the generated JS glue once the module is instantiated.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    leptos::mount::mount_to_body(App);
}
