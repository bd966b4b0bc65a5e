//! `/personer/import`: import the GP roster from a CSV or XLSX file. The administrator picks a file and sees
//! a preview (what happens to each row and why rows are rejected); nothing is saved until they choose to
//! import. Administrators only.

use legeting_shared::roster::{RosterPreview, RosterRowResult, RowAction};
use leptos::ev::SubmitEvent;
use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use wasm_bindgen::JsCast;

use crate::api;
use crate::forms::{CheckboxField, ErrorSummary, Form, FormError, Notice, SubmitButton, focus_id};
use crate::i18n::{Key, tr};
use crate::session::{GuardedPage, Session, use_session};
use crate::table::{Column, DataTable};

/// `/personer/import`
#[component]
pub fn RosterImport() -> impl IntoView {
    view! {
        <GuardedPage title=Key::RosterTitle allowed=Session::is_admin>
            <ImportForm />
        </GuardedPage>
    }
}

/// The label of a field name in a row's changes.
fn field_key(field: &str) -> Option<Key> {
    Some(match field {
        "name" => Key::FieldName,
        "email" => Key::FieldEmail,
        "phone" => Key::FieldPhone,
        "hpr_number" => Key::FieldHpr,
        "office" => Key::FieldOffice,
        "specialist" => Key::FieldSpecialist,
        "list_size" => Key::FieldListSize,
        "open_list_places" => Key::FieldOpenListPlaces,
        "employment" => Key::FieldEmployment,
        "roles" => Key::FieldRoles,
        _ => return None,
    })
}

fn action_key(action: RowAction) -> Key {
    match action {
        RowAction::Create => Key::RosterActionCreate,
        RowAction::Update => Key::RosterActionUpdate,
        RowAction::Unchanged => Key::RosterActionUnchanged,
        RowAction::Reject => Key::RosterActionReject,
    }
}

#[component]
fn ImportForm() -> impl IntoView {
    let session = use_session();
    let file_input = NodeRef::<Input>::new();
    let form = Form::new("roster", &["file"]);
    let preview = RwSignal::new(None::<RosterPreview>);
    let skip_invalid = RwSignal::new(false);
    let notice = RwSignal::new(None::<Key>);
    // The chosen file's bytes and name, kept between the preview and the import.
    let chosen = StoredValue::new_local(None::<(String, js_sys::ArrayBuffer)>);

    let send = move |apply: bool| {
        let Some(municipality_id) = session.municipality_id() else { return };
        let Some((name, bytes)) = chosen.get_value() else {
            form.fail(vec![FormError { field: Some("file"), key: Key::RosterChooseFile }]);
            return;
        };
        if !form.begin() {
            return;
        }
        let skip = skip_invalid.get_untracked();
        spawn_local(async move {
            match api::roster_import(&municipality_id, &name, &bytes, apply, skip).await {
                Ok(result) => {
                    form.done();
                    if result.applied {
                        notice.set(Some(Key::RosterDone));
                    }
                    preview.set(Some(result));
                    focus_id("roster-result-heading".into());
                }
                Err(failure) => {
                    preview.set(None);
                    form.fail_api(&failure);
                }
            }
        });
    };

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        notice.set(None);
        let file = file_input.get().and_then(|input| input.files()).and_then(|files| files.get(0));
        let Some(file) = file else {
            form.fail(vec![FormError { field: Some("file"), key: Key::RosterChooseFile }]);
            return;
        };
        let name = file.name();
        spawn_local(async move {
            let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await;
            match buffer.ok().and_then(|b| b.dyn_into::<js_sys::ArrayBuffer>().ok()) {
                Some(bytes) => {
                    chosen.set_value(Some((name, bytes)));
                    send(false);
                }
                None => form.fail(vec![FormError { field: Some("file"), key: Key::RosterErrorUnreadable }]),
            }
        });
    };
    let file_error_id = format!("{}-error", form.input_id("file"));

    view! {
        <p class="ds-paragraph">{tr(Key::RosterIntro)}</p>
        <p class="ds-paragraph" id="roster-columns">{tr(Key::RosterColumnsHint)}</p>
        <Notice message=notice />
        <form class="app-form" novalidate on:submit=on_submit>
            <ErrorSummary form />
            <div class="ds-field">
                <label class="ds-label" for=form.input_id("file")>{tr(Key::RosterFileLabel)}</label>
                <input
                    class="ds-input"
                    type="file"
                    id=form.input_id("file")
                    accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                    aria-describedby=move || {
                        if form.error_for("file").is_some() { format!("roster-columns {file_error_id}") } else { "roster-columns".to_owned() }
                    }
                    aria-invalid=move || form.error_for("file").map(|_| "true")
                    node_ref=file_input
                    data-testid="roster-file"
                    on:change=move |_| {
                        preview.set(None);
                        chosen.set_value(None);
                    }
                />
                {move || form.error_for("file").map(|key| view! {
                    <p class="ds-validation-message" data-field="validation" id=format!("{}-error", form.input_id("file"))>{tr(key)}</p>
                })}
            </div>
            <div class="app-actions">
                <SubmitButton form label=Key::RosterPreviewButton testid="roster-preview" />
            </div>
        </form>
        {move || preview.get().map(|result| view! { <PreviewView result skip_invalid on_import=move || send(true) /> })}
    }
}

#[component]
fn PreviewView<F>(result: RosterPreview, skip_invalid: RwSignal<bool>, on_import: F) -> impl IntoView
where
    F: Fn() + Clone + Send + Sync + 'static,
{
    let applied = result.applied;
    let can_import = !applied && (result.created + result.updated > 0);
    let has_rejected = result.rejected > 0;
    let counts = [
        (Key::RosterCreated, result.created, "roster-created"),
        (Key::RosterUpdated, result.updated, "roster-updated"),
        (Key::RosterUnchanged, result.unchanged, "roster-unchanged"),
        (Key::RosterRejected, result.rejected, "roster-rejected"),
    ];
    let new_offices = result.new_offices.clone();
    view! {
        <section class="app-section" aria-labelledby="roster-result-heading">
            <h2 class="ds-heading" data-size="md" id="roster-result-heading" tabindex="-1">
                {tr(if applied { Key::RosterResultHeading } else { Key::RosterPreviewHeading })}
            </h2>
            <ul class="app-counts">
                {counts
                    .into_iter()
                    .map(|(key, count, test_id)| view! {
                        <li><span class="app-count" data-testid=test_id>{count}</span>" "{tr(key)}</li>
                    })
                    .collect_view()}
            </ul>
            {(!new_offices.is_empty()).then(|| view! {
                <p class="ds-paragraph">{tr(Key::RosterNewOffices)}" "{new_offices.join(", ")}</p>
            })}
            <RowsTable rows=result.rows.clone() />
            {applied.then(|| view! {
                <p class="ds-paragraph"><A href="/personer" attr:class="ds-link">{tr(Key::RosterSeePeople)}</A></p>
            })}
            {can_import.then(|| {
                let on_import = on_import.clone();
                view! {
                    <div class="app-form">
                        {has_rejected.then(|| view! { <CheckboxField id="roster-skip".into() label=Key::RosterSkipInvalid checked=skip_invalid /> })}
                        <div class="app-actions">
                            <button type="button" class="ds-button" data-testid="roster-import" on:click=move |_| on_import()>
                                {tr(Key::RosterImportButton)}
                            </button>
                        </div>
                    </div>
                }
            })}
        </section>
    }
}

#[component]
fn RowsTable(rows: Vec<RosterRowResult>) -> impl IntoView {
    view! {
        <DataTable id="roster" caption=Key::RosterTableCaption testid="roster-rows"
            columns={vec![Column::number(Key::RosterColumnLine), Column::text(Key::ColumnName), Column::text(Key::ColumnEmail), Column::text(Key::ColumnOffice), Column::text(Key::RosterColumnAction), Column::text(Key::RosterColumnDetails)]}>
            {rows
                .into_iter()
                .map(|row| {
                    let problems = row.problems.clone();
                    let changes: Vec<Key> = row.changes.iter().filter_map(|f| field_key(f)).collect();
                    view! {
                        <tr data-action=format!("{:?}", row.action).to_lowercase()>
                            <td class="app-number">{row.line}</td>
                            <th scope="row">{row.name.clone().unwrap_or_default()}</th>
                            <td>{row.email.clone().unwrap_or_default()}</td>
                            <td>{row.office.clone().unwrap_or_default()}</td>
                            <td>{tr(action_key(row.action))}</td>
                            <td>
                                {(!changes.is_empty()).then(|| view! {
                                    <span>{tr(Key::RosterChanges)}" "
                                        {move || changes.iter().map(|k| tr(*k)()).collect::<Vec<_>>().join(", ")}
                                    </span>
                                })}
                                {(!problems.is_empty()).then(|| view! {
                                    <ul class="app-problems">
                                        {problems.into_iter().map(|p| view! { <li>{tr(api::error_code_key(&p.code))}</li> }).collect_view()}
                                    </ul>
                                })}
                            </td>
                        </tr>
                    }
                })
                .collect_view()}
        </DataTable>
    }
}
