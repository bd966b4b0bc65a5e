//! `/utvalg`, `/utvalg/ny` and `/utvalg/:id`: the committees and fora of the municipality. Everyone in the
//! municipality sees them (guests only their own); organisers (municipal administrators and secretaries, and a
//! body's chair and secretary) create and change bodies and manage their members with body roles and terms.

use legeting_shared::meetings::{
    Body, BodyDetail, BodyInput, BodyKind, BodyMember, BodyMemberInput, BodyRole, Meeting,
};
use legeting_shared::people::Person;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::api::{self, ApiFailure, PeopleQuery};
use crate::forms::{
    CheckboxField, ErrorSummary, FailureAlert, Form, FormError, Loading, Notice, SelectField, SubmitButton,
    TextAreaField, TextField, focus_id,
};
use crate::i18n::{Key, tr, use_i18n, use_page_title};
use crate::labels;
use crate::pages::meetings::list::MeetingList;
use crate::pages::people::person::parse_count;
use crate::session::{Guarded, GuardedPage, Session, municipality_resource, use_access, use_session};
use crate::table::{Column, DataTable};
use crate::time;

/// `/utvalg`
#[component]
pub fn Bodies() -> impl IntoView {
    view! {
        <GuardedPage title=Key::BodiesTitle allowed=Session::is_member>
            <BodyList />
        </GuardedPage>
    }
}

#[component]
fn BodyList() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let municipality = Memo::new(move |_| session.municipality());
    let organiser = Memo::new(move |_| session.is_organiser());
    let bodies = municipality_resource(|id| async move { api::meetings::bodies(&id).await });
    view! {
        <p class="ds-paragraph app-lead">{move || municipality.get().map(|m| m.name)}</p>
        <p class="ds-paragraph">{tr(Key::BodiesIntro)}</p>
        <Show when=move || organiser.get()>
            <p class="app-actions">
                <A href="/utvalg/ny" attr:class="ds-button" attr:data-testid="new-body">{tr(Key::NewBody)}</A>
            </p>
        </Show>
        {move || match bodies.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(failure)) => view! { <FailureAlert failure /> }.into_any(),
            Some(Ok(list)) if list.is_empty() => view! {
                <p class="ds-paragraph" data-testid="bodies-none">{tr(Key::BodiesNone)}</p>
            }
            .into_any(),
            Some(Ok(list)) => view! {
                <DataTable id="bodies" caption=Key::BodiesTableCaption testid="bodies-table"
                    columns={vec![Column::text(Key::ColumnName), Column::text(Key::ColumnBodyKind), Column::number(Key::ColumnMembers), Column::text(Key::ColumnMyRole), Column::text(Key::ColumnCountsForObligation)]}>
                    {list
                        .into_iter()
                        .map(|body| {
                            let href = format!("/utvalg/{}", body.id);
                            let role = body.my_role;
                            let counts = body.counts_for_obligation;
                            view! {
                                <tr data-body-id=body.id.clone()>
                                    <th scope="row"><A href=href attr:class="ds-link">{body.name.clone()}</A></th>
                                    <td>{tr(labels::body_kind(body.kind))}</td>
                                    <td class="app-number">{body.member_count}</td>
                                    <td>{move || role.map(|r| i18n.t(labels::body_role(r))).unwrap_or("–")}</td>
                                    <td>{tr(if counts { Key::Yes } else { Key::No })}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </DataTable>
            }
            .into_any(),
        }}
    }
}

/// `/utvalg/ny`
#[component]
pub fn NewBody() -> impl IntoView {
    view! {
        <GuardedPage title=Key::NewBodyTitle allowed=Session::is_organiser>
            <BodyForm body=None on_saved=Callback::new(|_| ()) />
        </GuardedPage>
    }
}

const BODY_FIELDS: &[&str] = &["name", "kind", "description", "preparation_minutes", "travel_minutes"];

/// The body form: create (then go to the new body's page) or change.
#[component]
fn BodyForm(body: Option<Body>, on_saved: Callback<Body>) -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let navigate = use_navigate();
    let form = Form::new("body", BODY_FIELDS);
    let existing = body.as_ref().map(|b| b.id.clone());
    let name = RwSignal::new(body.as_ref().map(|b| b.name.clone()).unwrap_or_default());
    let kind = RwSignal::new(body.as_ref().map_or(BodyKind::GpCommittee, |b| b.kind).as_str().to_owned());
    let description = RwSignal::new(body.as_ref().and_then(|b| b.description.clone()).unwrap_or_default());
    let counts = RwSignal::new(body.as_ref().is_some_and(|b| b.counts_for_obligation));
    let closed = RwSignal::new(body.as_ref().is_some_and(|b| b.closed_papers));
    let compensated = RwSignal::new(body.as_ref().is_none_or(|b| b.compensated));
    let preparation =
        RwSignal::new(body.as_ref().map(|b| b.preparation_minutes.to_string()).unwrap_or_else(|| "0".into()));
    let travel = RwSignal::new(body.as_ref().map(|b| b.travel_minutes.to_string()).unwrap_or_else(|| "0".into()));
    let notice = RwSignal::new(None::<Key>);
    let kinds = Signal::derive(move || {
        BodyKind::ALL
            .iter()
            .map(|k| (k.as_str().to_owned(), i18n.t(labels::body_kind(*k)).to_owned()))
            .collect::<Vec<_>>()
    });
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        notice.set(None);
        let mut errors = form.required(&[("name", &name.get_untracked())]);
        let minutes = |value: String, field: &'static str, errors: &mut Vec<FormError>| match parse_count(&value) {
            Ok(n) if n.unwrap_or(0) <= 24 * 60 => n.unwrap_or(0),
            _ => {
                errors.push(FormError { field: Some(field), key: Key::ErrorInvalidMinutes });
                0
            }
        };
        let preparation_minutes = minutes(preparation.get_untracked(), "preparation_minutes", &mut errors);
        let travel_minutes = minutes(travel.get_untracked(), "travel_minutes", &mut errors);
        if !errors.is_empty() {
            form.fail(errors);
            return;
        }
        let input = BodyInput {
            name: name.get_untracked(),
            kind: BodyKind::parse(&kind.get_untracked()).unwrap_or(BodyKind::Other),
            description: Some(description.get_untracked()).filter(|d| !d.trim().is_empty()),
            counts_for_obligation: counts.get_untracked(),
            closed_papers: closed.get_untracked(),
            compensated: compensated.get_untracked(),
            preparation_minutes,
            travel_minutes,
        };
        let Some(municipality_id) = session.municipality_id() else { return };
        if !form.begin() {
            return;
        }
        let existing = existing.clone();
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = match &existing {
                Some(id) => api::meetings::update_body(id, &input).await,
                None => api::meetings::create_body(&municipality_id, &input).await,
            };
            match result {
                Ok(body) => {
                    form.done();
                    if existing.is_some() {
                        notice.set(Some(Key::BodySaved));
                        on_saved.run(body);
                    } else {
                        session.set_flash(Key::BodyCreated);
                        navigate(&format!("/utvalg/{}", body.id), NavigateOptions::default());
                    }
                }
                Err(failure) => form.fail_api(&failure),
            }
        });
    };
    let editing = body.is_some();
    view! {
        <form class="app-form" novalidate on:submit=submit>
            <ErrorSummary form />
            <TextField form field="name" label=Key::FieldBodyName value=name autocomplete="off" />
            <SelectField form field="kind" label=Key::FieldBodyKind value=kind options=kinds />
            <TextAreaField form field="description" label=Key::FieldDescription value=description optional=true />
            <CheckboxField id="body-counts".to_owned() label=Key::FieldCountsForObligation checked=counts description=Key::CountsForObligationHelp />
            <CheckboxField id="body-closed".to_owned() label=Key::FieldClosedPapers checked=closed description=Key::ClosedPapersHelp />
            <CheckboxField id="body-compensated".to_owned() label=Key::FieldCompensated checked=compensated />
            <TextField form field="preparation_minutes" label=Key::FieldPreparationMinutes value=preparation inputmode="numeric" description=Key::MinutesHelp />
            <TextField form field="travel_minutes" label=Key::FieldTravelMinutes value=travel inputmode="numeric" description=Key::TravelMinutesHelp />
            <div class="app-actions">
                <SubmitButton form label={if editing { Key::SaveChanges } else { Key::CreateBody }} testid="save-body" />
                <A href="/utvalg" attr:class="ds-link">{tr(Key::BackToBodies)}</A>
            </div>
            <Notice message=notice />
        </form>
    }
}

/// `/utvalg/:id`
#[component]
pub fn BodyPage() -> impl IntoView {
    use_page_title(Key::BodyTitle);
    let access = use_access(Session::is_signed_in);
    let params = use_params_map();
    let detail = RwSignal::new(None::<Result<BodyDetail, ApiFailure>>);
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    Effect::new(move |_| {
        let id = id.get();
        if access.get() == crate::session::Access::Granted {
            spawn_local(async move { detail.set(Some(api::meetings::body(&id).await)) });
        }
    });
    let i18n = use_i18n();
    let heading = move || {
        detail.with(|d| match d {
            Some(Ok(d)) => d.body.name.clone(),
            _ => i18n.t(Key::BodyTitle).to_owned(),
        })
    };
    let loaded = Memo::new(move |_| {
        detail.with(|d| d.as_ref().map(|d| d.as_ref().map(|d| d.body.id.clone()).map_err(Clone::clone)))
    });
    view! {
        <h1 class="ds-heading" data-size="lg" data-testid="body-name">{heading}</h1>
        <Guarded access>
            {move || match loaded.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(failure)) => view! { <FailureAlert failure /> }.into_any(),
                Some(Ok(_)) => view! { <BodySections detail /> }.into_any(),
            }}
        </Guarded>
    }
}

#[component]
fn BodySections(detail: RwSignal<Option<Result<BodyDetail, ApiFailure>>>) -> impl IntoView {
    let session = use_session();
    let current = move || detail.with(|d| d.as_ref().and_then(|d| d.as_ref().ok()).cloned());
    let Some(start) = current() else { return ().into_any() };
    let body = Memo::new(move |_| current().map(|d| d.body));
    let members = Memo::new(move |_| current().map(|d| d.members).unwrap_or_default());
    let can_organise = start.body.can_organise;
    let body_id = start.body.id.clone();
    let notice = RwSignal::new(session.take_flash());
    let set_body = move |updated: Body| {
        detail.update(|d| {
            if let Some(Ok(d)) = d {
                d.body = updated;
            }
        })
    };
    let meetings = LocalResource::new({
        let body_id = body_id.clone();
        move || {
            let body_id = body_id.clone();
            let municipality = session.municipality_id();
            async move {
                let Some(municipality) = municipality else { return Ok((Vec::new(), Vec::new())) };
                let upcoming = api::meetings::municipality_meetings(&municipality, false).await?;
                let past = api::meetings::municipality_meetings(&municipality, true).await?;
                let of_body = |list: Vec<Meeting>| {
                    list.into_iter().filter(|m| m.body_id.as_deref() == Some(&body_id)).collect::<Vec<_>>()
                };
                Ok::<_, ApiFailure>((of_body(upcoming), of_body(past)))
            }
        }
    });
    view! {
        <Notice message=notice />
        <BodyFacts body />
        <section class="app-section" aria-labelledby="members-heading">
            <h2 class="ds-heading" data-size="sm" id="members-heading">{tr(Key::MembersTitle)}</h2>
            <MemberTable members=members.into() can_organise body_id=body_id.clone() detail />
            {can_organise.then(|| view! { <AddMember members=members.into() body_id=body_id.clone() detail /> })}
        </section>
        <section class="app-section" aria-labelledby="body-meetings-heading">
            <h2 class="ds-heading" data-size="sm" id="body-meetings-heading">{tr(Key::BodyMeetingsTitle)}</h2>
            {can_organise.then(|| {
                let href = format!("/moter/ny?utvalg={body_id}");
                view! { <p class="app-actions"><A href=href attr:class="ds-button" attr:data-testid="new-body-meeting">{tr(Key::NewBodyMeeting)}</A></p> }
            })}
            {move || match meetings.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(failure)) => view! { <FailureAlert failure /> }.into_any(),
                Some(Ok((upcoming, past))) => view! {
                    <h3 class="ds-heading" data-size="xs">{tr(Key::MeetingsUpcoming)}</h3>
                    {if upcoming.is_empty() {
                        view! { <p class="ds-paragraph">{tr(Key::MeetingsNone)}</p> }.into_any()
                    } else {
                        view! { <MeetingList meetings=upcoming heading_level=3 /> }.into_any()
                    }}
                    <h3 class="ds-heading" data-size="xs">{tr(Key::MeetingsPast)}</h3>
                    {if past.is_empty() {
                        view! { <p class="ds-paragraph">{tr(Key::MeetingsNonePast)}</p> }.into_any()
                    } else {
                        view! { <MeetingList meetings=past heading_level=3 /> }.into_any()
                    }}
                }
                .into_any(),
            }}
        </section>
        {can_organise.then(|| view! {
            <section class="app-section" aria-labelledby="edit-body-heading">
                <h2 class="ds-heading" data-size="sm" id="edit-body-heading">{tr(Key::EditBody)}</h2>
                <details class="ds-details" data-testid="edit-body">
                    <summary>{tr(Key::EditBodySummary)}</summary>
                    <div><BodyForm body=Some(start.body.clone()) on_saved=Callback::new(set_body) /></div>
                </details>
            </section>
        })}
        <p class="ds-paragraph">
            <A href="/utvalg" attr:class="ds-link">{tr(Key::BackToBodies)}</A>
        </p>
    }
    .into_any()
}

#[component]
fn BodyFacts(body: Memo<Option<Body>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        body.get().map(|body| {
            let yes_no = move |flag: bool| i18n.t(if flag { Key::Yes } else { Key::No });
            view! {
                {body.description.clone().map(|d| view! { <p class="ds-paragraph app-prewrap" data-testid="body-description">{d}</p> })}
                <dl class="app-facts">
                    <dt>{tr(Key::FieldBodyKind)}</dt>
                    <dd>{tr(labels::body_kind(body.kind))}</dd>
                    <dt>{tr(Key::FieldCountsForObligation)}</dt>
                    <dd data-testid="body-counts">{yes_no(body.counts_for_obligation)}</dd>
                    <dt>{tr(Key::FieldClosedPapers)}</dt>
                    <dd>{yes_no(body.closed_papers)}</dd>
                    <dt>{tr(Key::FieldCompensated)}</dt>
                    <dd>{yes_no(body.compensated)}</dd>
                    {body.compensated.then(|| {
                        let (preparation, travel) = (body.preparation_minutes, body.travel_minutes);
                        view! {
                            <dt>{tr(Key::PaidPreparation)}</dt>
                            <dd>{move || crate::format::format_minutes(preparation, i18n.lang())}</dd>
                            <dt>{tr(Key::PaidTravel)}</dt>
                            <dd>{move || crate::format::format_minutes(travel, i18n.lang())}</dd>
                        }
                    })}
                    {body.my_role.map(|role| view! {
                        <dt>{tr(Key::ColumnMyRole)}</dt>
                        <dd>{tr(labels::body_role(role))}</dd>
                    })}
                </dl>
            }
        })
    }
}

fn member_inputs(members: &[BodyMember]) -> Vec<BodyMemberInput> {
    members
        .iter()
        .map(|m| BodyMemberInput {
            person_id: m.person_id.clone(),
            role: m.role,
            term_start: m.term_start.clone(),
            term_end: m.term_end.clone(),
        })
        .collect()
}

fn term_text(member: &BodyMember) -> String {
    match (&member.term_start, &member.term_end) {
        (None, None) => String::new(),
        (start, end) => format!(
            "{}–{}",
            start.as_deref().map(time::format_iso_date).unwrap_or_default(),
            end.as_deref().map(time::format_iso_date).unwrap_or_default()
        ),
    }
}

#[component]
fn MemberTable(
    members: Signal<Vec<BodyMember>>,
    can_organise: bool,
    body_id: String,
    detail: RwSignal<Option<Result<BodyDetail, ApiFailure>>>,
) -> impl IntoView {
    let notice = RwSignal::new(None::<Key>);
    let failure = RwSignal::new(None::<ApiFailure>);
    let remove = move |person_id: String| {
        let body_id = body_id.clone();
        let remaining: Vec<BodyMemberInput> =
            member_inputs(&members.get_untracked()).into_iter().filter(|m| m.person_id != person_id).collect();
        notice.set(None);
        failure.set(None);
        spawn_local(async move {
            match api::meetings::set_members(&body_id, &remaining).await {
                Ok(updated) => {
                    detail.set(Some(Ok(updated)));
                    notice.set(Some(Key::MemberRemoved));
                    focus_id("members-heading".into());
                }
                Err(error) => failure.set(Some(error)),
            }
        });
    };
    view! {
        <Notice message=notice />
        {move || failure.get().map(|failure| view! { <FailureAlert failure /> })}
        {move || {
            let list = members.get();
            if list.is_empty() {
                return view! { <p class="ds-paragraph" data-testid="members-none">{tr(Key::MembersNone)}</p> }.into_any();
            }
            let remove = remove.clone();
            view! {
                <DataTable id="members" caption=Key::MembersTableCaption testid="members-table"
                    columns={vec![Column::text(Key::ColumnName), Column::text(Key::ColumnBodyRole), Column::text(Key::ColumnTerm)].into_iter().chain(can_organise.then_some(Column::text(Key::ColumnChange))).collect::<Vec<_>>()}>
                    {list
                        .into_iter()
                        .map(|member| {
                            let remove = remove.clone();
                            let person_id = member.person_id.clone();
                            let name = member.name.clone();
                            view! {
                                <tr data-person-id=member.person_id.clone()>
                                    <th scope="row">{member.name.clone()}</th>
                                    <td data-testid="member-role">{tr(labels::body_role(member.role))}</td>
                                    <td>{term_text(&member)}</td>
                                    {can_organise.then(|| view! {
                                        <td>
                                            <button type="button" class="ds-button" data-variant="tertiary" data-size="sm" data-testid="remove-member" on:click=move |_| remove(person_id.clone())>
                                                {tr(Key::RemoveMember)}
                                                <span class="ds-sr-only">{format!(" {name}")}</span>
                                            </button>
                                        </td>
                                    })}
                                </tr>
                            }
                        })
                        .collect_view()}
                </DataTable>
            }
            .into_any()
        }}
    }
}

/// Add a member: a person of the municipality, a body role and the term.
#[component]
fn AddMember(
    members: Signal<Vec<BodyMember>>,
    body_id: String,
    detail: RwSignal<Option<Result<BodyDetail, ApiFailure>>>,
) -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let form = Form::new("member", &["person_id", "role", "term_start", "term_end", "members", "term"]);
    let person = RwSignal::new(String::new());
    let role = RwSignal::new(BodyRole::Member.as_str().to_owned());
    let term_start = RwSignal::new(String::new());
    let term_end = RwSignal::new(String::new());
    let notice = RwSignal::new(None::<Key>);
    let people = LocalResource::new(move || {
        let municipality = session.municipality_id();
        async move {
            match municipality {
                Some(id) => api::people(&id, &PeopleQuery::default()).await.unwrap_or_default(),
                None => Vec::new(),
            }
        }
    });
    let person_options = Signal::derive(move || {
        let taken: Vec<String> = members.get().into_iter().map(|m| m.person_id).collect();
        let mut options = vec![(String::new(), i18n.t(Key::ChoosePerson).to_owned())];
        options.extend(
            people.get().unwrap_or_default().into_iter().filter(|p: &Person| p.active && !taken.contains(&p.id)).map(
                |p| {
                    let text = match p.office_name {
                        Some(office) => format!("{} ({office})", p.name),
                        None => p.name,
                    };
                    (p.id, text)
                },
            ),
        );
        options
    });
    let roles = Signal::derive(move || {
        BodyRole::ALL
            .iter()
            .map(|r| (r.as_str().to_owned(), i18n.t(labels::body_role(*r)).to_owned()))
            .collect::<Vec<_>>()
    });
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        notice.set(None);
        let missing = form.required(&[("person_id", &person.get_untracked())]);
        if !missing.is_empty() {
            form.fail(missing);
            return;
        }
        let (start, end) = (term_start.get_untracked(), term_end.get_untracked());
        if !start.is_empty() && !end.is_empty() && end < start {
            form.fail(vec![FormError { field: Some("term_end"), key: Key::ErrorTermOrder }]);
            return;
        }
        let mut list = member_inputs(&members.get_untracked());
        list.push(BodyMemberInput {
            person_id: person.get_untracked(),
            role: BodyRole::parse(&role.get_untracked()).unwrap_or(BodyRole::Member),
            term_start: Some(start).filter(|s| !s.is_empty()),
            term_end: Some(end).filter(|s| !s.is_empty()),
        });
        if !form.begin() {
            return;
        }
        let body_id = body_id.clone();
        spawn_local(async move {
            match api::meetings::set_members(&body_id, &list).await {
                Ok(updated) => {
                    form.done();
                    detail.set(Some(Ok(updated)));
                    person.set(String::new());
                    role.set(BodyRole::Member.as_str().to_owned());
                    notice.set(Some(Key::MemberAdded));
                    focus_id(form.input_id("person_id"));
                }
                Err(failure) => {
                    // The server names the term as a whole; show it beside the end date.
                    if failure.field() == Some("term") {
                        form.fail(vec![FormError { field: Some("term_end"), key: failure.message_key() }]);
                    } else {
                        form.fail_api(&failure);
                    }
                }
            }
        });
    };
    view! {
        <h3 class="ds-heading" data-size="xs" id="add-member-heading">{tr(Key::AddMember)}</h3>
        <form class="app-form" novalidate aria-labelledby="add-member-heading" on:submit=submit>
            <ErrorSummary form />
            <SelectField form field="person_id" label=Key::FieldPerson value=person options=person_options />
            <SelectField form field="role" label=Key::FieldBodyRole value=role options=roles />
            <div class="app-field-row">
                <TextField form field="term_start" label=Key::FieldTermStart value=term_start kind="date" optional=true />
                <TextField form field="term_end" label=Key::FieldTermEnd value=term_end kind="date" optional=true />
            </div>
            <SubmitButton form label=Key::AddMember variant="secondary" testid="add-member" />
            <Notice message=notice />
        </form>
    }
}
