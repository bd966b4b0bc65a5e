//! `/moter/ny` and `/moter/:id/rediger`: create a meeting (or a weekly/monthly series) and change or
//! reschedule one. Start and end are local Europe/Oslo times from `datetime-local` inputs; the server checks
//! them again and its errors land beside their fields.

use legeting_shared::meetings::{Body, Invitees, MeetingDetail, MeetingInput, MeetingKind, Recurrence};
use legeting_shared::people::{Office, Person, Role};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use crate::api::{self, ApiFailure, PeopleQuery};
use crate::forms::{
    CheckboxField, ErrorSummary, FailureAlert, Form, FormError, Loading, SelectField, SubmitButton, TextAreaField,
    TextField,
};
use crate::i18n::{Key, tr, use_i18n, use_page_title};
use crate::labels;
use crate::session::{Guarded, Session, use_access, use_session};

const FIELDS: &[&str] = &[
    "body_id",
    "kind",
    "title",
    "description",
    "starts_local",
    "ends_local",
    "location",
    "video_url",
    "proposal_deadline_local",
    "invitees",
    "recurrence",
];

/// `/moter/ny` (`?utvalg=<id>` chooses the body)
#[component]
pub fn NewMeeting() -> impl IntoView {
    use_page_title(Key::NewMeetingTitle);
    let access = use_access(Session::is_member);
    let query = use_query_map();
    let body = query.with_untracked(|q| q.get("utvalg"));
    view! {
        <h1 class="ds-heading" data-size="lg">{tr(Key::NewMeetingTitle)}</h1>
        <Guarded access>
            <MeetingFormLoader meeting_id=None body=body.clone() />
        </Guarded>
    }
}

/// `/moter/:id/rediger`
#[component]
pub fn EditMeeting() -> impl IntoView {
    use_page_title(Key::EditMeetingTitle);
    let access = use_access(Session::is_signed_in);
    let params = use_params_map();
    view! {
        <h1 class="ds-heading" data-size="lg">{tr(Key::EditMeetingTitle)}</h1>
        <Guarded access>
            {move || view! { <MeetingFormLoader meeting_id=params.with(|p| p.get("id")) body=None /> }}
        </Guarded>
    }
}

/// What the form needs: the bodies one may organise, offices, people, and the meeting when changing one.
#[derive(Clone)]
struct FormData {
    municipality_id: String,
    bodies: Vec<Body>,
    offices: Vec<Office>,
    people: Vec<Person>,
    existing: Option<(MeetingDetail, Vec<String>)>,
}

#[component]
fn MeetingFormLoader(meeting_id: Option<String>, body: Option<String>) -> impl IntoView {
    let session = use_session();
    let organiser = session.is_organiser();
    let data = LocalResource::new(move || {
        let meeting_id = meeting_id.clone();
        let municipality = session.municipality_id();
        async move {
            let existing = match &meeting_id {
                Some(id) => {
                    let detail = api::meetings::meeting(id).await?;
                    let invitees = api::meetings::answers(id).await?.into_iter().map(|a| a.person_id).collect();
                    Some((detail, invitees))
                }
                None => None,
            };
            let municipality_id = match &existing {
                Some((detail, _)) => detail.meeting.municipality_id.clone(),
                None => municipality.ok_or(ApiFailure::Unexpected)?,
            };
            let bodies =
                api::meetings::bodies(&municipality_id).await?.into_iter().filter(|b| b.can_organise).collect();
            let offices = api::offices(&municipality_id).await?;
            let people = api::people(&municipality_id, &PeopleQuery::default()).await.unwrap_or_default();
            Ok::<_, ApiFailure>(FormData { municipality_id, bodies, offices, people, existing })
        }
    });
    move || match data.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(failure)) => view! { <FailureAlert failure /> }.into_any(),
        Some(Ok(data)) => {
            let may =
                data.existing.as_ref().map_or(organiser || !data.bodies.is_empty(), |(d, _)| d.meeting.can_organise);
            if may {
                view! { <MeetingForm data body=body.clone() /> }.into_any()
            } else {
                view! {
                    <div class="ds-alert" data-color="warning" data-testid="access-denied">
                        <p class="ds-paragraph">{tr(Key::AccessDenied)}</p>
                    </div>
                }
                .into_any()
            }
        }
    }
}

/// The invitee choice as the form holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    BodyMembers,
    AllGps,
    Office,
    People,
}

impl Who {
    fn as_str(self) -> &'static str {
        match self {
            Who::BodyMembers => "body_members",
            Who::AllGps => "all_gps",
            Who::Office => "office",
            Who::People => "people",
        }
    }

    fn key(self) -> Key {
        match self {
            Who::BodyMembers => Key::InviteBodyMembers,
            Who::AllGps => Key::InviteAllGps,
            Who::Office => Key::InviteOffice,
            Who::People => Key::InvitePeople,
        }
    }
}

#[component]
fn MeetingForm(data: FormData, body: Option<String>) -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let navigate = use_navigate();
    let form = Form::new("meeting", FIELDS);
    let FormData { municipality_id, bodies, offices, people, existing } = data;
    let meeting = existing.as_ref().map(|(d, _)| d.meeting.clone());
    let current_invitees = existing.as_ref().map(|(_, ids)| ids.clone()).unwrap_or_default();
    let editing = meeting.is_some();
    let chosen_body = meeting
        .as_ref()
        .map(|m| m.body_id.clone())
        .unwrap_or_else(|| body.filter(|id| bodies.iter().any(|b| &b.id == id)));
    let body_id = RwSignal::new(chosen_body.clone().unwrap_or_default());
    let default_kind = if chosen_body.is_some() { MeetingKind::CommitteeMeeting } else { MeetingKind::AllGpMeeting };
    let kind = RwSignal::new(meeting.as_ref().map_or(default_kind, |m| m.kind).as_str().to_owned());
    let title = RwSignal::new(meeting.as_ref().map(|m| m.title.clone()).unwrap_or_default());
    let description = RwSignal::new(meeting.as_ref().and_then(|m| m.description.clone()).unwrap_or_default());
    let starts = RwSignal::new(meeting.as_ref().map(|m| m.starts_local.clone()).unwrap_or_default());
    let ends = RwSignal::new(meeting.as_ref().map(|m| m.ends_local.clone()).unwrap_or_default());
    let location = RwSignal::new(meeting.as_ref().and_then(|m| m.location.clone()).unwrap_or_default());
    let video = RwSignal::new(meeting.as_ref().and_then(|m| m.video_url.clone()).unwrap_or_default());
    let deadline = RwSignal::new(meeting.as_ref().and_then(|m| m.proposal_deadline_local.clone()).unwrap_or_default());
    let minutes_public = RwSignal::new(meeting.as_ref().is_some_and(|m| m.minutes_public));
    let who = RwSignal::new(match (&meeting, &chosen_body) {
        (Some(_), _) => Who::People,
        (None, Some(_)) => Who::BodyMembers,
        (None, None) => Who::AllGps,
    });
    let office = RwSignal::new(String::new());
    let picked: Vec<(Person, RwSignal<bool>)> = people
        .into_iter()
        .filter(|p| p.active)
        .map(|p| {
            let checked = current_invitees.contains(&p.id);
            (p, RwSignal::new(checked))
        })
        .collect();
    let people_filter = RwSignal::new(String::new());
    let repeat = RwSignal::new(false);
    let every = RwSignal::new("7".to_owned());
    let count = RwSignal::new("4".to_owned());

    let body_options = Signal::derive({
        let bodies = bodies.clone();
        move || {
            let mut options = Vec::new();
            if session.is_organiser() || editing {
                options.push((String::new(), i18n.t(Key::NoBody).to_owned()));
            }
            options.extend(bodies.iter().map(|b| (b.id.clone(), b.name.clone())));
            options
        }
    });
    if !session.is_organiser()
        && body_id.get_untracked().is_empty()
        && !editing
        && let Some(first) = bodies.first()
    {
        body_id.set(first.id.clone());
        who.set(Who::BodyMembers);
    }
    let kinds = Signal::derive(move || {
        MeetingKind::ALL
            .iter()
            .map(|k| (k.as_str().to_owned(), i18n.t(labels::meeting_kind(*k)).to_owned()))
            .collect::<Vec<_>>()
    });
    let office_options = Signal::derive({
        let offices = offices.clone();
        move || {
            let mut options = vec![(String::new(), i18n.t(Key::ChooseOffice).to_owned())];
            options.extend(offices.iter().map(|o| (o.id.clone(), o.name.clone())));
            options
        }
    });
    let every_options = Signal::derive(move || {
        vec![
            ("7".to_owned(), i18n.t(Key::RepeatWeekly).to_owned()),
            ("14".to_owned(), i18n.t(Key::RepeatFortnightly).to_owned()),
            ("m1".to_owned(), i18n.t(Key::RepeatMonthly).to_owned()),
        ]
    });
    let has_body = Memo::new(move |_| !body_id.get().is_empty());
    // Choosing "no body" leaves nobody to invite as body members.
    Effect::new(move |_| {
        if !has_body.get() && who.get_untracked() == Who::BodyMembers {
            who.set(Who::AllGps);
        }
    });

    let picked_for_submit = picked.clone();
    let back = meeting.as_ref().map_or_else(|| "/moter".to_owned(), |m| format!("/moter/{}", m.id));
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let mut errors = form.required(&[
            ("title", &title.get_untracked()),
            ("starts_local", &starts.get_untracked()),
            ("ends_local", &ends.get_untracked()),
        ]);
        let (start_value, end_value) = (starts.get_untracked(), ends.get_untracked());
        if !start_value.is_empty() && !end_value.is_empty() && end_value <= start_value {
            errors.push(FormError { field: Some("ends_local"), key: Key::ErrorEndsBeforeStart });
        }
        let invitees = match who.get_untracked() {
            Who::BodyMembers => Invitees::BodyMembers,
            Who::AllGps => Invitees::AllGps,
            Who::Office => {
                let office_id = office.get_untracked();
                if office_id.is_empty() {
                    errors.push(FormError { field: Some("invitees"), key: Key::ErrorChooseOffice });
                }
                Invitees::Office { office_id }
            }
            Who::People => {
                let person_ids: Vec<String> = picked_for_submit
                    .iter()
                    .filter(|(_, checked)| checked.get_untracked())
                    .map(|(p, _)| p.id.clone())
                    .collect();
                if person_ids.is_empty() {
                    errors.push(FormError { field: Some("invitees"), key: Key::ErrorChoosePeople });
                }
                Invitees::People { person_ids }
            }
        };
        let recurrence = (!editing && repeat.get_untracked()).then(|| {
            let every = every.get_untracked();
            let count = count.get_untracked().trim().parse::<u32>().unwrap_or(0);
            match every.strip_prefix('m') {
                Some(months) => Recurrence { every_days: None, every_months: months.parse().ok(), count },
                None => Recurrence { every_days: every.parse().ok(), every_months: None, count },
            }
        });
        if recurrence.as_ref().is_some_and(|r| !(2..=52).contains(&r.count)) {
            errors.push(FormError { field: Some("recurrence"), key: Key::ErrorInvalidCount });
        }
        if !errors.is_empty() {
            form.fail(errors);
            return;
        }
        let optional = |value: String| Some(value).filter(|v| !v.trim().is_empty());
        let input = MeetingInput {
            body_id: optional(body_id.get_untracked()),
            kind: MeetingKind::parse(&kind.get_untracked()).unwrap_or(MeetingKind::CommitteeMeeting),
            title: title.get_untracked(),
            description: optional(description.get_untracked()),
            starts_local: start_value,
            ends_local: end_value,
            location: optional(location.get_untracked()),
            video_url: optional(video.get_untracked()),
            capacity: meeting.as_ref().and_then(|m| m.capacity),
            proposal_deadline_local: optional(deadline.get_untracked()),
            invitees,
            recurrence,
            minutes_public: minutes_public.get_untracked(),
            reminder_days: None,
        };
        if !form.begin() {
            return;
        }
        let municipality_id = municipality_id.clone();
        let existing_id = meeting.as_ref().map(|m| m.id.clone());
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = match &existing_id {
                Some(id) => api::meetings::update_meeting(id, &input).await.map(|d| d.meeting.id),
                None => api::meetings::create_meeting(&municipality_id, &input)
                    .await
                    .and_then(|created| created.into_iter().next().map(|m| m.id).ok_or(ApiFailure::Unexpected)),
            };
            match result {
                Ok(id) => {
                    form.done();
                    session.set_flash(if existing_id.is_some() { Key::MeetingSaved } else { Key::MeetingCreated });
                    navigate(&format!("/moter/{id}"), NavigateOptions::default());
                }
                Err(failure) => form.fail_api(&failure),
            }
        });
    };

    let invitees_id = form.input_id("invitees");
    let invitees_error_id = format!("{invitees_id}-error");
    let recurrence_id = form.input_id("recurrence");
    let who_options: Vec<Who> = vec![Who::BodyMembers, Who::AllGps, Who::Office, Who::People];
    view! {
        <form class="app-form" novalidate on:submit=submit>
            <ErrorSummary form />
            {if editing {
                // A meeting stays with its body.
                let name = bodies.iter().find(|b| Some(&b.id) == chosen_body.as_ref()).map(|b| b.name.clone());
                name.map(|name| view! { <p class="ds-paragraph">{tr(Key::FieldBody)} ": " <strong>{name}</strong></p> }).into_any()
            } else {
                view! { <SelectField form field="body_id" label=Key::FieldBody value=body_id options=body_options /> }.into_any()
            }}
            <SelectField form field="kind" label=Key::FieldMeetingKind value=kind options=kinds />
            <TextField form field="title" label=Key::FieldTitle value=title autocomplete="off" />
            <TextAreaField form field="description" label=Key::FieldDescription value=description optional=true />
            <div class="app-field-row">
                <TextField form field="starts_local" label=Key::FieldStarts value=starts kind="datetime-local" description=Key::LocalTimeHelp />
                <TextField form field="ends_local" label=Key::FieldEnds value=ends kind="datetime-local" />
            </div>
            <TextField form field="location" label=Key::FieldLocation value=location optional=true />
            <TextField form field="video_url" label=Key::FieldVideoUrl value=video kind="url" optional=true description=Key::VideoUrlHelp />
            <TextField
                form
                field="proposal_deadline_local"
                label=Key::FieldProposalDeadline
                value=deadline
                kind="datetime-local"
                optional=true
                description=Key::ProposalDeadlineHelp
            />
            <fieldset
                class="ds-fieldset"
                id=invitees_id.clone()
                tabindex="-1"
                aria-describedby=move || form.error_for("invitees").map(|_| invitees_error_id.clone())
            >
                <legend class="ds-label">{tr(Key::FieldInvitees)}</legend>
                {editing.then(|| view! { <p data-field="description">{tr(Key::InviteesEditHelp)}</p> })}
                {who_options
                    .into_iter()
                    .map(|option| {
                        let id = format!("meeting-who-{}", option.as_str());
                        let disabled = move || option == Who::BodyMembers && !has_body.get();
                        view! {
                            <div class="ds-field">
                                <input
                                    class="ds-input"
                                    type="radio"
                                    name="who"
                                    id=id.clone()
                                    value=option.as_str()
                                    disabled=disabled
                                    prop:checked=move || who.get() == option
                                    on:change=move |_| who.set(option)
                                />
                                <label class="ds-label" for=id.clone()>{tr(option.key())}</label>
                            </div>
                        }
                    })
                    .collect_view()}
                <Show when=move || who.get() == Who::Office>
                    <SelectField form field="office_id" label=Key::FieldOffice value=office options=office_options />
                </Show>
                <Show when=move || who.get() == Who::People>
                    <PeoplePicker picked=picked.clone() filter=people_filter />
                </Show>
                {move || form.error_for("invitees").map(|key| view! {
                    <p class="ds-validation-message" data-field="validation" id=format!("{}-error", form.input_id("invitees"))>{tr(key)}</p>
                })}
            </fieldset>
            {(!editing).then(|| view! {
                <fieldset class="ds-fieldset" id=recurrence_id.clone() tabindex="-1">
                    <legend class="ds-label">{tr(Key::FieldRecurrence)}</legend>
                    <CheckboxField id="meeting-repeat".to_owned() label=Key::RepeatMeeting checked=repeat />
                    <Show when=move || repeat.get()>
                        <div class="app-field-row">
                            <SelectField form field="every" label=Key::RepeatEvery value=every options=every_options />
                            <TextField form field="count" label=Key::RepeatCount value=count inputmode="numeric" description=Key::RepeatCountHelp />
                        </div>
                    </Show>
                    {move || form.error_for("recurrence").map(|key| view! {
                        <p class="ds-validation-message" data-field="validation" id=format!("{}-error", form.input_id("recurrence"))>{tr(key)}</p>
                    })}
                </fieldset>
            })}
            <CheckboxField id="meeting-minutes-public".to_owned() label=Key::FieldMinutesPublic checked=minutes_public description=Key::MinutesPublicHelp />
            <div class="app-actions">
                <SubmitButton form label={if editing { Key::SaveChanges } else { Key::CreateMeeting }} testid="save-meeting" />
                <A href=back attr:class="ds-link">{tr(Key::Cancel)}</A>
            </div>
        </form>
    }
}

/// Named invitees: a filter box and a checkbox per person.
#[component]
fn PeoplePicker(picked: Vec<(Person, RwSignal<bool>)>, filter: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let chosen_count = {
        let picked = picked.clone();
        move || picked.iter().filter(|(_, c)| c.get()).count()
    };
    view! {
        <div class="ds-field">
            <label class="ds-label" for="meeting-people-filter">{tr(Key::FilterPeople)}</label>
            <input
                class="ds-input"
                type="search"
                id="meeting-people-filter"
                autocomplete="off"
                prop:value=move || filter.get()
                on:input=move |ev| filter.set(event_target_value(&ev))
            />
        </div>
        <p class="ds-paragraph" data-size="sm" role="status">
            {move || format!("{} {}", chosen_count(), i18n.t(Key::PeopleChosen))}
        </p>
        <ul class="app-checklist">
            {picked
                .into_iter()
                .map(|(person, checked)| {
                    let id = format!("meeting-person-{}", person.id);
                    let haystack = format!("{} {}", person.name, person.office_name.clone().unwrap_or_default()).to_lowercase();
                    let gp = person.roles.contains(&Role::Gp);
                    let label = match &person.office_name {
                        Some(office) => format!("{} ({office})", person.name),
                        None => person.name.clone(),
                    };
                    view! {
                        <li hidden=move || { let f = filter.get().trim().to_lowercase(); !f.is_empty() && !haystack.contains(&f) }>
                            <div class="ds-field">
                                <input
                                    class="ds-input"
                                    type="checkbox"
                                    id=id.clone()
                                    data-gp=gp.then_some("true")
                                    prop:checked=move || checked.get()
                                    on:change=move |ev| checked.set(event_target_checked(&ev))
                                />
                                <label class="ds-label" for=id.clone()>{label}</label>
                            </div>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
