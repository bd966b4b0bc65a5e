//! `/satser`: the hourly rates for paid participation. Leaders and administrators see the periods that apply
//! (the installation's defaults and the municipality's own); administrators add a period, typing kroner
//! (`1 230,50`) that become øre exactly, and delete the municipality's own periods.

use legeting_shared::participation::{RatePeriod, RatePeriodInput};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiFailure};
use crate::format::{format_kroner, parse_kroner};
use crate::forms::{ErrorSummary, FailureAlert, Form, FormError, Loading, Notice, SubmitButton, TextField, focus_id};
use crate::i18n::{Key, tr};
use crate::session::{GuardedPage, Session, municipality_resource, use_session};
use crate::table::{Column, DataTable};
use crate::time;

/// `/satser`
#[component]
pub fn Rates() -> impl IntoView {
    view! {
        <GuardedPage title=Key::RatesTitle allowed=Session::sees_pay>
            <RatesPage />
        </GuardedPage>
    }
}

#[component]
fn RatesPage() -> impl IntoView {
    let session = use_session();
    let municipality = Memo::new(move |_| session.municipality_id());
    let admin = Memo::new(move |_| session.is_admin());
    let version = RwSignal::new(0u32);
    let notice = RwSignal::new(None::<Key>);
    let failure = RwSignal::new(None::<ApiFailure>);
    let rates = municipality_resource(move |id| {
        version.track();
        async move { api::participation::rates(&id).await }
    });
    let delete = move |rate_id: String| {
        let Some(id) = municipality.get_untracked() else { return };
        notice.set(None);
        failure.set(None);
        spawn_local(async move {
            match api::participation::delete_rate(&id, &rate_id).await {
                Ok(()) => {
                    notice.set(Some(Key::RateDeleted));
                    version.update(|v| *v += 1);
                    focus_id("rates-heading".into());
                }
                Err(error) => failure.set(Some(error)),
            }
        });
    };
    view! {
        <p class="ds-paragraph">{tr(Key::RatesIntro)}</p>
        <section class="app-section" aria-labelledby="rates-heading">
            <h2 class="ds-heading" data-size="sm" id="rates-heading" tabindex="-1">{tr(Key::RatePeriods)}</h2>
            <Notice message=notice />
            {move || failure.get().map(|failure| view! { <FailureAlert failure /> })}
            {move || match rates.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(failure)) => view! { <FailureAlert failure /> }.into_any(),
                Some(Ok(list)) => view! { <RateTable rates=list admin=admin.get() on_delete=Callback::new(delete) /> }.into_any(),
            }}
        </section>
        <Show when=move || admin.get()>
            <AddRate version notice />
        </Show>
    }
}

#[component]
fn RateTable(rates: Vec<RatePeriod>, admin: bool, on_delete: Callback<String>) -> impl IntoView {
    let today = time::oslo_iso_date(time::now_ms());
    // The period in force today: the latest that has started (the municipality's own wins a tie).
    let current = rates
        .iter()
        .filter(|r| r.valid_from <= today)
        .max_by(|a, b| {
            a.valid_from.cmp(&b.valid_from).then_with(|| a.municipality_id.is_some().cmp(&b.municipality_id.is_some()))
        })
        .map(|r| r.id.clone());
    view! {
        <DataTable id="rates" caption=Key::RatesTableCaption testid="rates-table"
            columns={vec![Column::text(Key::ColumnValidFrom), Column::number(Key::ColumnSpecialistRate), Column::number(Key::ColumnOtherRate), Column::text(Key::ColumnSource)].into_iter().chain(admin.then_some(Column::text(Key::ColumnChange))).collect::<Vec<_>>()}>
            {rates.into_iter().map(|rate| {
                let own = rate.municipality_id.is_some();
                let in_force = current.as_deref() == Some(rate.id.as_str());
                let date = time::format_iso_date(&rate.valid_from);
                let delete = (admin && own).then(|| {
                    let id = rate.id.clone();
                    let date = date.clone();
                    view! {
                        <button type="button" class="ds-button" data-variant="tertiary" data-size="sm" data-testid="delete-rate" on:click=move |_| on_delete.run(id.clone())>
                            {tr(Key::Delete)} <span class="ds-sr-only">{format!(" {date}")}</span>
                        </button>
                    }
                });
                view! {
                    <tr data-testid="rate-row" data-own=own.then_some("true")>
                        <th scope="row">
                            {date.clone()}
                            {in_force.then(|| view! { " " <span class="ds-tag" data-size="sm" data-color="success">{tr(Key::RateInForce)}</span> })}
                        </th>
                        <td class="app-number app-nowrap" data-testid="specialist-rate">{format_kroner(rate.specialist_rate_ore)}</td>
                        <td class="app-number app-nowrap" data-testid="other-rate">{format_kroner(rate.other_rate_ore)}</td>
                        <td>{tr(if own { Key::RateSourceOwn } else { Key::RateSourceDefault })}</td>
                        {admin.then(|| view! { <td>{delete}</td> })}
                    </tr>
                }
            }).collect_view()}
        </DataTable>
    }
}

#[component]
fn AddRate(version: RwSignal<u32>, notice: RwSignal<Option<Key>>) -> impl IntoView {
    let session = use_session();
    let form = Form::new("rate", &["valid_from", "specialist_rate_ore", "other_rate_ore"]);
    let valid_from = RwSignal::new(String::new());
    let specialist = RwSignal::new(String::new());
    let other = RwSignal::new(String::new());
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        notice.set(None);
        let mut errors = form.required(&[
            ("valid_from", &valid_from.get_untracked()),
            ("specialist_rate_ore", &specialist.get_untracked()),
            ("other_rate_ore", &other.get_untracked()),
        ]);
        let mut amount = |field: &'static str, typed: String| {
            if typed.trim().is_empty() {
                return 0;
            }
            match parse_kroner(&typed) {
                Some(ore) if ore > 0 => ore,
                _ => {
                    errors.push(FormError { field: Some(field), key: Key::ErrorInvalidKroner });
                    0
                }
            }
        };
        let specialist_rate_ore = amount("specialist_rate_ore", specialist.get_untracked());
        let other_rate_ore = amount("other_rate_ore", other.get_untracked());
        if !errors.is_empty() {
            form.fail(errors);
            return;
        }
        let Some(municipality) = session.municipality_id() else { return };
        if !form.begin() {
            return;
        }
        let input = RatePeriodInput { valid_from: valid_from.get_untracked(), specialist_rate_ore, other_rate_ore };
        spawn_local(async move {
            match api::participation::add_rate(&municipality, &input).await {
                Ok(_) => {
                    form.done();
                    valid_from.set(String::new());
                    specialist.set(String::new());
                    other.set(String::new());
                    notice.set(Some(Key::RateAdded));
                    version.update(|v| *v += 1);
                    focus_id("rates-heading".into());
                }
                Err(failure) => form.fail_api(&failure),
            }
        });
    };
    view! {
        <section class="app-section" aria-labelledby="add-rate-heading">
            <h2 class="ds-heading" data-size="sm" id="add-rate-heading">{tr(Key::AddRate)}</h2>
            <form class="app-form" novalidate on:submit=submit>
                <ErrorSummary form />
                <TextField form field="valid_from" label=Key::FieldValidFrom value=valid_from kind="date" />
                <TextField form field="specialist_rate_ore" label=Key::FieldSpecialistRate value=specialist inputmode="decimal" description=Key::KronerHelp />
                <TextField form field="other_rate_ore" label=Key::FieldOtherRate value=other inputmode="decimal" description=Key::KronerHelp />
                <SubmitButton form label=Key::AddRate testid="add-rate" />
            </form>
        </section>
    }
}
