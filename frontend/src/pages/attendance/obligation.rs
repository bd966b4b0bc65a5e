//! `/moteplikt`: the annual meeting obligation. A GP sees their own state for the year; administrators,
//! leaders and secretaries see every GP of the municipality for a chosen year, can filter to those who have
//! not met it, and administrators and leaders exempt a GP (with a reason) or remove an exemption.

use legeting_shared::participation::{ExemptionInput, ObligationState, ObligationStatus};
use legeting_shared::people::Role;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::api;
use crate::format::fill;
use crate::forms::{
    CheckboxField, ErrorSummary, FailureAlert, Form, Loading, Notice, SelectField, SubmitButton, TextField, focus_id,
};
use crate::i18n::{Key, tr, use_i18n, use_page_title};
use crate::labels::{self, Tag};
use crate::pages::site::home::ObligationLine;
use crate::session::{Guarded, Session, use_access, use_session};
use crate::table::{Column, DataTable};
use crate::time;

/// `/moteplikt`
#[component]
pub fn Obligation() -> impl IntoView {
    use_page_title(Key::ObligationTitle);
    let access = use_access(Session::sees_obligation);
    let session = use_session();
    let is_gp = Memo::new(move |_| session.is_gp());
    let sees_all = Memo::new(move |_| session.sees_figures());
    view! {
        <h1 class="ds-heading" data-size="lg">{tr(Key::ObligationTitle)}</h1>
        <Guarded access>
            <p class="ds-paragraph">{tr(Key::ObligationIntro)}</p>
            <Show when=move || is_gp.get()>
                <MyObligation />
            </Show>
            <Show when=move || sees_all.get()>
                <MunicipalityObligation />
            </Show>
        </Guarded>
    }
}

/// This year and the five before it, newest first.
pub fn year_options() -> Vec<(String, String)> {
    let this_year = time::oslo_year(time::now_ms());
    (0..6).map(|back| (this_year - back).to_string()).map(|y| (y.clone(), y)).collect()
}

#[component]
fn MyObligation() -> impl IntoView {
    let session = use_session();
    let statuses = LocalResource::new(|| api::participation::my_obligation(None));
    view! {
        <section class="app-section" aria-labelledby="my-obligation-heading">
            <h2 class="ds-heading" data-size="sm" id="my-obligation-heading">
                {tr(Key::MyObligationTitle)} " " {time::oslo_year(time::now_ms())}
            </h2>
            {move || {
                let municipality = session.municipality_id();
                match statuses.get() {
                    None => view! { <Loading /> }.into_any(),
                    Some(Err(failure)) => view! { <FailureAlert failure /> }.into_any(),
                    Some(Ok(list)) => list
                        .into_iter()
                        .filter(|s| Some(&s.municipality_id) == municipality.as_ref())
                        .map(|status| view! { <ObligationLine status /> })
                        .collect_view()
                        .into_any(),
                }
            }}
        </section>
    }
}

#[component]
fn MunicipalityObligation() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let municipality = Memo::new(move |_| session.municipality_id());
    let may_exempt = Memo::new(move |_| session.has_any(&[Role::Administrator, Role::Leader]));
    let filter = Form::new("obligation-filter", &["year"]);
    let year = RwSignal::new(time::oslo_year(time::now_ms()).to_string());
    let only_unmet = RwSignal::new(false);
    let version = RwSignal::new(0u32);
    let notice = RwSignal::new(None::<Key>);
    let statuses = LocalResource::new(move || {
        version.track();
        let municipality = municipality.get();
        let year: i64 = year.get().parse().unwrap_or_else(|_| time::oslo_year(time::now_ms()));
        async move {
            match municipality {
                Some(id) => api::participation::municipality_obligation(&id, year).await,
                None => Ok(Vec::new()),
            }
        }
    });
    let years = Signal::derive(year_options);
    let remove = move |person_id: String| {
        let Some(municipality) = municipality.get_untracked() else { return };
        let year: i64 = year.get_untracked().parse().unwrap_or_default();
        notice.set(None);
        spawn_local(async move {
            if api::participation::remove_exemption(&municipality, &person_id, year).await.is_ok() {
                notice.set(Some(Key::ExemptionRemoved));
                version.update(|v| *v += 1);
                focus_id("obligation-all-heading".into());
            }
        });
    };
    view! {
        <section class="app-section" aria-labelledby="obligation-all-heading">
            <h2 class="ds-heading" data-size="sm" id="obligation-all-heading" tabindex="-1">{tr(Key::ObligationAllTitle)}</h2>
            <form class="app-filters" aria-label=tr(Key::FilterLabel) on:submit=|ev: SubmitEvent| ev.prevent_default()>
                <SelectField form=filter field="year" label=Key::FieldYear value=year options=years />
                <CheckboxField id="obligation-only-unmet".to_owned() label=Key::ObligationOnlyUnmet checked=only_unmet />
            </form>
            <Notice message=notice />
            {move || match statuses.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(failure)) => view! { <FailureAlert failure /> }.into_any(),
                Some(Ok(list)) => {
                    let met = list.iter().filter(|s| s.state == ObligationState::Met).count();
                    let exempt = list.iter().filter(|s| s.state == ObligationState::Exempt).count();
                    let summary = fill(i18n.t(Key::ObligationSummary), &[met.to_string(), list.len().to_string(), exempt.to_string()]);
                    let shown: Vec<ObligationStatus> = list.iter().filter(|s| !only_unmet.get() || s.state == ObligationState::NotMet).cloned().collect();
                    let exemptable: Vec<(String, String)> = list.iter().filter(|s| s.state != ObligationState::Met).map(|s| (s.person_id.clone(), s.name.clone())).collect();
                    view! {
                        <p class="ds-paragraph" role="status" data-testid="obligation-summary">{summary}</p>
                        <ObligationTable statuses=shown may_exempt=may_exempt.get() on_remove=Callback::new(remove) />
                        {may_exempt.get().then(|| view! { <ExemptForm gps=exemptable year=year.get_untracked() version notice /> })}
                    }
                    .into_any()
                }
            }}
        </section>
    }
}

#[component]
fn ObligationTable(statuses: Vec<ObligationStatus>, may_exempt: bool, on_remove: Callback<String>) -> impl IntoView {
    if statuses.is_empty() {
        return view! { <p class="ds-paragraph" data-testid="obligation-none">{tr(Key::ObligationNone)}</p> }
            .into_any();
    }
    view! {
        <DataTable id="obligation" caption=Key::ObligationTableCaption testid="obligation-table"
            columns={vec![Column::text(Key::ColumnName), Column::text(Key::ColumnOffice), Column::text(Key::ColumnStatus), Column::text(Key::ColumnDetails)].into_iter().chain(may_exempt.then_some(Column::text(Key::ColumnChange))).collect::<Vec<_>>()}>
            {statuses.into_iter().map(|s| {
                let details = match s.state {
                    ObligationState::Met => {
                        let href = s.meeting_id.clone().map(|id| format!("/moter/{id}")).unwrap_or_default();
                        let date = s.meeting_at.map(time::format_oslo_date).unwrap_or_default();
                        view! { <A href=href attr:class="ds-link">{s.meeting_title.clone().unwrap_or_default()}</A> " " {date} }.into_any()
                    }
                    ObligationState::Exempt => {
                        let by = s.exempted_by.clone().map(|b| format!(" ({b})")).unwrap_or_default();
                        view! { {s.exemption_reason.clone().unwrap_or_default()} {by} }.into_any()
                    }
                    ObligationState::NotMet => ().into_any(),
                };
                let remove = (may_exempt && s.state == ObligationState::Exempt).then(|| {
                    let person = s.person_id.clone();
                    let name = s.name.clone();
                    view! {
                        <button type="button" class="ds-button" data-variant="tertiary" data-size="sm" data-testid="remove-exemption" on:click=move |_| on_remove.run(person.clone())>
                            {tr(Key::RemoveExemption)} <span class="ds-sr-only">{format!(" {name}")}</span>
                        </button>
                    }
                });
                view! {
                    <tr data-person-id=s.person_id.clone()>
                        <th scope="row">{s.name.clone()}</th>
                        <td>{s.office_name.clone().unwrap_or_default()}</td>
                        <td data-testid="obligation-state"><Tag key=labels::obligation_state(s.state) color=labels::obligation_color(s.state) /></td>
                        <td class="app-break">{details}</td>
                        {may_exempt.then(|| view! { <td>{remove}</td> })}
                    </tr>
                }
            }).collect_view()}
        </DataTable>
    }
    .into_any()
}

#[component]
fn ExemptForm(
    gps: Vec<(String, String)>,
    year: String,
    version: RwSignal<u32>,
    notice: RwSignal<Option<Key>>,
) -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let form = Form::new("exempt", &["person_id", "reason", "year"]);
    let person = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let options = Signal::derive(move || {
        let mut list = vec![(String::new(), i18n.t(Key::ChoosePerson).to_owned())];
        list.extend(gps.clone());
        list
    });
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let missing = form.required(&[("person_id", &person.get_untracked()), ("reason", &reason.get_untracked())]);
        if !missing.is_empty() {
            form.fail(missing);
            return;
        }
        let Some(municipality) = session.municipality_id() else { return };
        if !form.begin() {
            return;
        }
        let input = ExemptionInput {
            person_id: person.get_untracked(),
            year: year.parse().unwrap_or_default(),
            reason: reason.get_untracked(),
        };
        spawn_local(async move {
            match api::participation::exempt(&municipality, &input).await {
                Ok(()) => {
                    form.done();
                    notice.set(Some(Key::ExemptionAdded));
                    version.update(|v| *v += 1);
                    focus_id("obligation-all-heading".into());
                }
                Err(failure) => form.fail_api(&failure),
            }
        });
    };
    view! {
        <h3 class="ds-heading" data-size="xs" id="exempt-heading">{tr(Key::ExemptTitle)}</h3>
        <form class="app-form" novalidate aria-labelledby="exempt-heading" on:submit=submit>
            <ErrorSummary form />
            <SelectField form field="person_id" label=Key::FieldGp value=person options=options />
            <TextField form field="reason" label=Key::FieldExemptionReason value=reason autocomplete="off" />
            <SubmitButton form label=Key::AddExemption variant="secondary" testid="add-exemption" />
        </form>
    }
}
