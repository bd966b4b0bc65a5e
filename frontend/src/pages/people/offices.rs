//! `/kontorer`: the GP offices of the current municipality with how many GPs work at each. Administrators
//! add offices and rename them (the same form, filled in with the office to change).

use legeting_shared::people::{Office, OfficeInput};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::forms::{ErrorSummary, FailureAlert, Form, Loading, Notice, TextField, focus_id};
use crate::i18n::{Key, tr};
use crate::session::{GuardedPage, Session, municipality_resource, use_session};
use crate::table::{Column, DataTable};

/// `/kontorer`
#[component]
pub fn Offices() -> impl IntoView {
    view! {
        <GuardedPage title=Key::OfficesTitle allowed=Session::is_member>
            <OfficeList />
        </GuardedPage>
    }
}

#[component]
fn OfficeList() -> impl IntoView {
    let session = use_session();
    let municipality = Memo::new(move |_| session.municipality());
    let admin = Memo::new(move |_| session.is_admin());
    let offices = municipality_resource(|id| async move { api::offices(&id).await });
    // The office being renamed, if any; otherwise the form adds a new one.
    let editing = RwSignal::new(None::<Office>);
    let name = RwSignal::new(String::new());
    let address = RwSignal::new(String::new());
    let form = Form::new("office", &["name", "address"]);
    let notice = RwSignal::new(None::<Key>);
    let start_edit = move |office: Office| {
        name.set(office.name.clone());
        address.set(office.address.clone().unwrap_or_default());
        editing.set(Some(office));
        notice.set(None);
        form.clear();
        focus_id(form.input_id("name"));
    };
    let cancel = move || {
        editing.set(None);
        name.set(String::new());
        address.set(String::new());
        form.clear();
    };
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        notice.set(None);
        let input = OfficeInput {
            name: name.get_untracked(),
            address: Some(address.get_untracked()).filter(|a| !a.trim().is_empty()),
        };
        let missing = form.required(&[("name", &input.name)]);
        if !missing.is_empty() {
            form.fail(missing);
            return;
        }
        let Some(municipality_id) = municipality.get_untracked().map(|m| m.id) else { return };
        if !form.begin() {
            return;
        }
        let office_id = editing.get_untracked().map(|o| o.id);
        spawn_local(async move {
            let result = match &office_id {
                Some(id) => api::update_office(id, input).await,
                None => api::create_office(&municipality_id, input).await,
            };
            match result {
                Ok(_) => {
                    form.done();
                    cancel();
                    notice.set(Some(if office_id.is_some() { Key::OfficeSaved } else { Key::OfficeCreated }));
                    offices.refetch();
                }
                Err(failure) => form.fail_api(&failure),
            }
        });
    };
    view! {
        <p class="ds-paragraph app-lead">{move || municipality.get().map(|m| m.name)}</p>
        <Notice message=notice />
        {move || match offices.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(failure)) => view! { <FailureAlert failure /> }.into_any(),
            Some(Ok(list)) if list.is_empty() => view! { <p class="ds-paragraph" data-testid="offices-none">{tr(Key::OfficesNone)}</p> }.into_any(),
            Some(Ok(list)) => view! { <OfficeTable offices=list admin=admin.get_untracked() on_edit=start_edit /> }.into_any(),
        }}
        <Show when=move || admin.get()>
            <section class="app-section" aria-labelledby="office-form-heading">
                <h2 class="ds-heading" data-size="sm" id="office-form-heading">
                    {move || if editing.with(Option::is_some) { tr(Key::EditOffice)() } else { tr(Key::AddOffice)() }}
                </h2>
                <form class="app-form" novalidate on:submit=submit>
                    <ErrorSummary form />
                    <TextField form field="name" label=Key::FieldOfficeName value=name autocomplete="off" />
                    <TextField form field="address" label=Key::FieldAddress value=address autocomplete="off" optional=true />
                    <div class="app-actions">
                        <button type="submit" class="ds-button" data-testid="save-office" aria-disabled=move || form.is_busy().then_some("true")>
                            {move || if editing.with(Option::is_some) { tr(Key::SaveChanges)() } else { tr(Key::AddOffice)() }}
                        </button>
                        <Show when=move || editing.with(Option::is_some)>
                            <button type="button" class="ds-button" data-variant="tertiary" on:click=move |_| cancel()>
                                {tr(Key::Cancel)}
                            </button>
                        </Show>
                    </div>
                </form>
            </section>
        </Show>
    }
}

#[component]
fn OfficeTable<F>(offices: Vec<Office>, admin: bool, on_edit: F) -> impl IntoView
where
    F: Fn(Office) + Clone + Send + Sync + 'static,
{
    view! {
        <DataTable id="offices" caption=Key::OfficesTableCaption testid="offices-table"
            columns={vec![Column::text(Key::ColumnName), Column::text(Key::ColumnAddress), Column::number(Key::ColumnGpCount)].into_iter().chain(admin.then_some(Column::text(Key::ColumnChange))).collect::<Vec<_>>()}>
            {offices
                .into_iter()
                .map(|office| {
                    let on_edit = on_edit.clone();
                    let edit = admin.then(|| {
                        let office = office.clone();
                        view! {
                            <td>
                                <button
                                    type="button"
                                    class="ds-button"
                                    data-variant="tertiary"
                                    data-size="sm"
                                    data-testid="edit-office"
                                    on:click=move |_| on_edit(office.clone())
                                >
                                    {tr(Key::Change)}
                                    <span class="ds-sr-only">{format!(" {}", office.name)}</span>
                                </button>
                            </td>
                        }
                    });
                    view! {
                        <tr>
                            <th scope="row">{office.name.clone()}</th>
                            <td>{office.address.clone().unwrap_or_default()}</td>
                            <td class="app-number" data-testid="gp-count">{office.gp_count}</td>
                            {edit}
                        </tr>
                    }
                })
                .collect_view()}
        </DataTable>
    }
}
