//! `/moter`: my meetings, upcoming and past (and, for organisers, every meeting of the municipality), each
//! with time, place, body, state and the RSVP in one click. [`MeetingCard`] and [`RsvpControl`] are shared
//! with the front page and the meeting page.

use legeting_shared::meetings::{Meeting, MeetingStatus, Rsvp, RsvpAnswer, RsvpInput};
use leptos::ev::{KeyboardEvent, SubmitEvent};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::api::{self, ApiFailure};
use crate::forms::{FailureAlert, Loading, focus_id};
use crate::i18n::{I18n, Key, tr, use_i18n};
use crate::labels::{self, StatusTag};
use crate::session::{GuardedPage, Session, use_session};
use crate::time;

/// "tirsdag 14.10.2025 18:00–20:00" for a meeting, in the current language.
pub fn meeting_when(i18n: I18n, starts_at: i64, ends_at: i64) -> String {
    format!("{} {}", i18n.t(labels::weekday(time::oslo_weekday(starts_at))), time::format_span(starts_at, ends_at))
}

/// Whether the person can still answer the notice of this meeting.
pub fn can_answer(meeting: &Meeting) -> bool {
    meeting.invited && meeting.status == MeetingStatus::NoticeSent && time::now_ms() < meeting.starts_at
}

/// `/moter`
#[component]
pub fn MyMeetings() -> impl IntoView {
    view! {
        <GuardedPage title=Key::MeetingsTitle allowed=Session::is_signed_in>
            <MeetingTabs />
        </GuardedPage>
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Upcoming,
    Past,
    Municipality,
}

impl Tab {
    fn key(self) -> Key {
        match self {
            Tab::Upcoming => Key::MeetingsUpcoming,
            Tab::Past => Key::MeetingsPast,
            Tab::Municipality => Key::MeetingsMunicipality,
        }
    }

    fn id(self) -> &'static str {
        match self {
            Tab::Upcoming => "tab-upcoming",
            Tab::Past => "tab-past",
            Tab::Municipality => "tab-municipality",
        }
    }
}

#[component]
fn MeetingTabs() -> impl IntoView {
    let session = use_session();
    let municipality_id = Memo::new(move |_| session.municipality_id());
    // Organisers and leaders also see every meeting of the municipality (organisers their drafts too).
    let sees_all = Memo::new(move |_| session.is_organiser() || session.sees_figures());
    let organiser = Memo::new(move |_| session.is_organiser());
    let is_gp = Memo::new(move |_| session.is_gp());
    let tab = RwSignal::new(Tab::Upcoming);
    let tabs = Memo::new(move |_| {
        let mut tabs = vec![Tab::Upcoming, Tab::Past];
        if sees_all.get() {
            tabs.push(Tab::Municipality);
        }
        tabs
    });
    let meetings = LocalResource::new(move || {
        let tab = tab.get();
        let municipality = municipality_id.get();
        async move {
            match (tab, municipality) {
                (Tab::Upcoming, _) => api::meetings::my_meetings(false).await,
                (Tab::Past, _) => api::meetings::my_meetings(true).await,
                (Tab::Municipality, Some(id)) => api::meetings::municipality_meetings(&id, false).await,
                (Tab::Municipality, None) => Ok(Vec::new()),
            }
        }
    });
    let select = move |next: Tab| {
        tab.set(next);
        focus_id(next.id().to_owned());
    };
    let on_keydown = move |ev: KeyboardEvent| {
        let list = tabs.get_untracked();
        let Some(index) = list.iter().position(|t| *t == tab.get_untracked()) else { return };
        let next = match ev.key().as_str() {
            "ArrowRight" => list[(index + 1) % list.len()],
            "ArrowLeft" => list[(index + list.len() - 1) % list.len()],
            "Home" => list[0],
            "End" => list[list.len() - 1],
            _ => return,
        };
        ev.prevent_default();
        select(next);
    };
    view! {
        <div class="app-actions">
            <Show when=move || organiser.get()>
                <A href="/moter/ny" attr:class="ds-button" attr:data-testid="new-meeting">{tr(Key::NewMeeting)}</A>
            </Show>
            <Show when=move || is_gp.get()>
                <A href="/innsjekk" attr:class="ds-button" attr:data-variant="secondary">{tr(Key::CheckInLink)}</A>
            </Show>
            <A href="/oppgaver" attr:class="ds-link">{tr(Key::NavActionItems)}</A>
        </div>
        <div class="ds-tabs app-tabs">
            <div role="tablist" aria-label=tr(Key::MeetingsTabsLabel) on:keydown=on_keydown>
                {move || {
                    tabs.get()
                        .into_iter()
                        .map(|t| {
                            let selected = move || tab.get() == t;
                            view! {
                                <button
                                    type="button"
                                    role="tab"
                                    id=t.id()
                                    aria-selected=move || if selected() { "true" } else { "false" }
                                    aria-controls="meetings-panel"
                                    tabindex=move || if selected() { "0" } else { "-1" }
                                    data-testid=t.id()
                                    on:click=move |_| tab.set(t)
                                >
                                    {tr(t.key())}
                                </button>
                            }
                        })
                        .collect_view()
                }}
            </div>
            <div role="tabpanel" id="meetings-panel" aria-labelledby=move || tab.get().id() tabindex="0">
                {move || match meetings.get() {
                    None => view! { <Loading /> }.into_any(),
                    Some(Err(failure)) => view! { <FailureAlert failure /> }.into_any(),
                    Some(Ok(list)) if list.is_empty() => {
                        let key = if tab.get_untracked() == Tab::Past { Key::MeetingsNonePast } else { Key::MeetingsNone };
                        view! { <p class="ds-paragraph" data-testid="meetings-none">{tr(key)}</p> }.into_any()
                    }
                    Some(Ok(list)) => view! { <MeetingList meetings=list heading_level=1 /> }.into_any(),
                }}
            </div>
        </div>
    }
}

/// A list of meetings as cards; `heading_level` is the level of the heading the list stands under.
#[component]
pub fn MeetingList(meetings: Vec<Meeting>, heading_level: u8) -> impl IntoView {
    view! {
        <ul class="app-meeting-list" data-testid="meeting-list">
            {meetings
                .into_iter()
                .map(|meeting| view! { <li><MeetingCard meeting heading_level /></li> })
                .collect_view()}
        </ul>
    }
}

/// One meeting: title (a link to its page), when, where, body, kind and state, and the RSVP.
#[component]
pub fn MeetingCard(meeting: Meeting, heading_level: u8) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/moter/{}", meeting.id);
    let title = meeting.title.clone();
    let link = view! { <A href=href attr:class="ds-link">{title}</A> };
    // One level below the heading the list stands under.
    let heading = match heading_level {
        0 | 1 => view! { <h2 class="ds-heading" data-size="xs">{link}</h2> }.into_any(),
        2 => view! { <h3 class="ds-heading" data-size="xs">{link}</h3> }.into_any(),
        _ => view! { <h4 class="ds-heading" data-size="xs">{link}</h4> }.into_any(),
    };
    let (starts, ends) = (meeting.starts_at, meeting.ends_at);
    let place = meeting.location.clone();
    let video = meeting.video_url.is_some();
    let body = meeting.body_name.clone();
    let kind = labels::meeting_kind(meeting.kind);
    let status = meeting.status;
    let rsvp = meeting.invited.then(|| view! { <RsvpControl meeting=meeting.clone() compact=true /> });
    view! {
        <article class="ds-card app-meeting" data-meeting-id=meeting.id.clone()>
            {heading}
            <p class="ds-paragraph app-meeting__when" data-testid="meeting-when">
                {move || meeting_when(i18n, starts, ends)}
            </p>
            <p class="ds-paragraph app-meeting__meta">
                {place.map(|place| view! { <span>{place}</span> })}
                {video.then(|| view! { <span>{tr(Key::MeetingHasVideo)}</span> })}
                {body.map(|body| view! { <span>{body}</span> })}
                <span>{tr(kind)}</span>
                <StatusTag status />
            </p>
            {rsvp}
        </article>
    }
}

/// The answer to a notice in one click: attending, attending remotely, or notice of absence (which asks for
/// the reason). Shows the current answer; changeable until the meeting starts.
#[component]
pub fn RsvpControl(
    meeting: Meeting,
    /// In a list: a smaller layout.
    #[prop(optional)]
    compact: bool,
    /// Told about each saved answer.
    #[prop(optional, into)]
    on_saved: Option<Callback<Rsvp>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = meeting.id.clone();
    let prefix = format!("rsvp-{id}");
    let answer = RwSignal::new(meeting.my_rsvp.clone());
    let open = can_answer(&meeting);
    let absence_open = RwSignal::new(false);
    let reason = RwSignal::new(meeting.my_rsvp.as_ref().and_then(|r| r.reason.clone()).unwrap_or_default());
    let reason_error = RwSignal::new(None::<Key>);
    let status = RwSignal::new(None::<Key>);
    let failure = RwSignal::new(None::<Key>);
    let busy = RwSignal::new(false);
    let label_id = format!("{prefix}-label");
    let reason_id = format!("{prefix}-reason");
    let reason_error_id = format!("{prefix}-reason-error");
    let form_id = format!("{prefix}-absence");

    let send = {
        let id = id.clone();
        let reason_id = reason_id.clone();
        move |choice: RsvpAnswer| {
            if busy.get_untracked() {
                return;
            }
            status.set(None);
            failure.set(None);
            reason_error.set(None);
            let reason_text = reason.get_untracked().trim().to_owned();
            if choice == RsvpAnswer::Absent && reason_text.is_empty() {
                reason_error.set(Some(Key::ErrorReasonRequired));
                focus_id(reason_id.clone());
                return;
            }
            let input = RsvpInput { answer: choice, reason: (choice == RsvpAnswer::Absent).then_some(reason_text) };
            busy.set(true);
            let id = id.clone();
            let reason_id = reason_id.clone();
            spawn_local(async move {
                let result = api::meetings::rsvp(&id, &input).await;
                busy.set(false);
                match result {
                    Ok(saved) => {
                        answer.set(Some(saved.clone()));
                        absence_open.set(false);
                        status.set(Some(Key::RsvpSaved));
                        if let Some(on_saved) = on_saved {
                            on_saved.run(saved);
                        }
                    }
                    Err(error) => {
                        let key = rsvp_failure_key(&error);
                        if error.field() == Some("reason") {
                            reason_error.set(Some(key));
                            focus_id(reason_id);
                        } else {
                            failure.set(Some(key));
                        }
                    }
                }
            });
        }
    };
    let current = move || {
        answer.with(|a| match a {
            Some(rsvp) => {
                let mut text = i18n.t(labels::rsvp_answer(rsvp.answer)).to_owned();
                if let Some(reason) = rsvp.reason.as_deref().filter(|_| rsvp.answer == RsvpAnswer::Absent) {
                    text.push_str(&format!(" ({reason})"));
                }
                text
            }
            None => i18n.t(Key::RsvpNone).to_owned(),
        })
    };
    let pressed = move |choice: RsvpAnswer| {
        move || {
            if answer.with(|a| a.as_ref().map(|a| a.answer)) == Some(choice) { "true" } else { "false" }
        }
    };
    let variant = move |choice: RsvpAnswer| {
        move || {
            if answer.with(|a| a.as_ref().map(|a| a.answer)) == Some(choice) { "primary" } else { "secondary" }
        }
    };
    let size = if compact { "sm" } else { "md" };
    let buttons = open.then(|| {
        let send_in_person = send.clone();
        let send_remote = send.clone();
        let send_absent = send.clone();
        let reason_id_focus = reason_id.clone();
        let submit_absence = move |ev: SubmitEvent| {
            ev.prevent_default();
            send_absent(RsvpAnswer::Absent);
        };
        let reason_error_id2 = reason_error_id.clone();
        view! {
            <div class="app-rsvp__buttons" role="group" aria-labelledby=label_id.clone()>
                {[(RsvpAnswer::InPerson, Key::RsvpInPerson, "rsvp-in-person", send_in_person), (RsvpAnswer::Remote, Key::RsvpRemote, "rsvp-remote", send_remote)]
                    .into_iter()
                    .map(|(choice, label, testid, send)| view! {
                        <button type="button" class="ds-button" data-size=size data-variant=variant(choice) aria-pressed=pressed(choice)
                            data-testid=testid on:click=move |_| send(choice)>
                            {tr(label)}
                        </button>
                    })
                    .collect_view()}
                <button
                    type="button"
                    class="ds-button"
                    data-size=size
                    data-variant=variant(RsvpAnswer::Absent)
                    aria-pressed=pressed(RsvpAnswer::Absent)
                    aria-expanded=move || if absence_open.get() { "true" } else { "false" }
                    aria-controls=form_id.clone()
                    data-testid="rsvp-absent"
                    on:click=move |_| {
                        absence_open.update(|open| *open = !*open);
                        if absence_open.get_untracked() {
                            focus_id(reason_id_focus.clone());
                        }
                    }
                >
                    {tr(Key::RsvpAbsent)}
                </button>
            </div>
            <form id=form_id.clone() class="app-form app-rsvp__absence" novalidate hidden=move || !absence_open.get() on:submit=submit_absence>
                <div class="ds-field">
                    <label class="ds-label" for=reason_id.clone()>{tr(Key::RsvpReason)}</label>
                    <p data-field="description" id=format!("{reason_id}-description")>{tr(Key::RsvpReasonHelp)}</p>
                    <textarea
                        class="ds-input"
                        id=reason_id.clone()
                        rows="2"
                        required=true
                        aria-invalid=move || reason_error.get().map(|_| "true")
                        aria-describedby={
                            let description = format!("{reason_id}-description");
                            let error = reason_error_id2.clone();
                            move || match reason_error.get() {
                                Some(_) => format!("{description} {error}"),
                                None => description.clone(),
                            }
                        }
                        prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev))
                    ></textarea>
                    {
                        let error_id = reason_error_id.clone();
                        move || reason_error.get().map(|key| view! {
                            <p class="ds-validation-message" data-field="validation" id=error_id.clone()>{tr(key)}</p>
                        })
                    }
                </div>
                <button type="submit" class="ds-button" data-size="sm" data-testid="rsvp-absent-send" aria-disabled=move || busy.get().then_some("true")>
                    {tr(Key::RsvpSendAbsence)}
                </button>
            </form>
        }
    });
    let closed = (!open && meeting.invited && meeting.status == MeetingStatus::NoticeSent)
        .then(|| view! { <p class="ds-paragraph" data-size="sm">{tr(Key::RsvpClosed)}</p> });
    view! {
        <div class="app-rsvp" data-testid="rsvp" data-compact=compact.then_some("true")>
            <p class="ds-paragraph" id=format!("{prefix}-label")>
                {tr(Key::RsvpYourAnswer)} " " <strong data-testid="rsvp-current">{current}</strong>
            </p>
            {buttons}
            {closed}
            <p class="ds-paragraph app-rsvp__status" role="status" data-testid="rsvp-status">
                {move || status.get().map(|key| i18n.t(key))}
            </p>
            <p class="ds-paragraph app-rsvp__status" role="alert">
                {move || failure.get().map(|key| i18n.t(key))}
            </p>
        </div>
    }
}

fn rsvp_failure_key(failure: &ApiFailure) -> Key {
    if failure.status() == Some(409) { Key::RsvpClosed } else { failure.message_key() }
}
