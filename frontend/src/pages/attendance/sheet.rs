//! Check-in and attendance on the meeting page, for organisers: the check-in code shown large with its QR code
//! (the server's SVG as an `<img>` with a `data:` URL, never as markup in the page), and the attendance sheet:
//! each invitee with a status, prefilled from the answers, a bulk "mark everyone who said they would come",
//! a reason when correcting what was recorded, and the trail of changes.

use legeting_shared::participation::{
    AttendanceInput, AttendanceRecord, AttendanceStatus, AttendanceUpdate, CheckInCode,
};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiFailure};
use crate::format::svg_data_url;
use crate::forms::{ErrorSummary, FailureAlert, Form, FormError, Loading, Notice, SubmitButton, TextField, focus_id};
use crate::i18n::{Key, tr, use_i18n};
use crate::labels;
use crate::pages::meetings::context::use_meeting;
use crate::table::{Column, DataTable};
use crate::time;

/// The check-in code and QR code, made on request.
#[component]
pub fn CheckInSection() -> impl IntoView {
    let ctx = use_meeting();
    let i18n = use_i18n();
    let code = RwSignal::new(None::<Result<Option<CheckInCode>, ApiFailure>>);
    let busy = RwSignal::new(false);
    let notice = RwSignal::new(None::<Key>);
    Effect::new(move |_| {
        let id = ctx.id.get();
        spawn_local(async move { code.set(Some(api::participation::check_in_code(&id).await)) });
    });
    let make = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        notice.set(None);
        let id = ctx.id.get_untracked();
        spawn_local(async move {
            let result = api::participation::create_check_in_code(&id).await;
            busy.set(false);
            match result {
                Ok(made) => {
                    code.set(Some(Ok(Some(made))));
                    notice.set(Some(Key::CheckInCodeMade));
                    focus_id("check-in-code".into());
                }
                Err(failure) => code.set(Some(Err(failure))),
            }
        });
    };
    let title = move || ctx.detail.with(|d| d.as_ref().map(|d| d.meeting.title.clone()).unwrap_or_default());
    view! {
        <section class="app-section" aria-labelledby="check-in-heading">
            <h2 class="ds-heading" data-size="sm" id="check-in-heading">{tr(Key::CheckInTitle)}</h2>
            <p class="ds-paragraph">{tr(Key::CheckInOrganiserIntro)}</p>
            <Notice message=notice />
            {move || match code.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(failure)) => view! { <FailureAlert failure /> }.into_any(),
                Some(Ok(None)) => view! { <p class="ds-paragraph" data-testid="no-check-in-code">{tr(Key::CheckInNoCode)}</p> }.into_any(),
                Some(Ok(Some(code))) => {
                    let digits = code.code.clone();
                    let alt = format!("{} «{}». {} {}.", i18n.t(Key::QrAltPrefix), title(), i18n.t(Key::QrAltCode), digits);
                    view! {
                        <div class="app-check-in">
                            <div>
                                <p class="ds-paragraph">{tr(Key::CheckInCodeLabel)}</p>
                                <p class="app-check-in__code" id="check-in-code" tabindex="-1" data-testid="check-in-code">{digits.clone()}</p>
                                <p class="ds-paragraph" data-size="sm">
                                    {tr(Key::CheckInValid)} " " {time::format_oslo(code.valid_from)} " – " {time::format_oslo_time(code.valid_until)}
                                </p>
                                <p class="ds-paragraph app-break" data-size="sm">{tr(Key::CheckInUrl)} " " <a class="ds-link" href=code.url.clone()>{code.url.clone()}</a></p>
                            </div>
                            <img class="app-check-in__qr" src=svg_data_url(&code.qr_svg) alt=alt width="240" height="240" data-testid="check-in-qr" />
                        </div>
                    }
                    .into_any()
                }
            }}
            <button type="button" class="ds-button" data-variant="secondary" data-testid="make-check-in-code" aria-disabled=move || busy.get().then_some("true") on:click=make>
                {move || if code.with(|c| matches!(c, Some(Ok(Some(_))))) { i18n.t(Key::CheckInRemake) } else { i18n.t(Key::CheckInMake) }}
            </button>
        </section>
    }
}

/// One row of the sheet as edited.
#[derive(Clone)]
struct Row {
    record: AttendanceRecord,
    status: RwSignal<String>,
    reason: RwSignal<String>,
}

/// What a row starts as: the recorded status, or what the answer suggests (a notice of absence suggests
/// "excused" with its reason); the rest start unrecorded, for the bulk button or by hand.
fn initial_status(record: &AttendanceRecord) -> String {
    match (record.status, record.rsvp.as_deref()) {
        (Some(status), _) => status.as_str().to_owned(),
        (None, Some("absent")) => AttendanceStatus::Excused.as_str().to_owned(),
        (None, _) => String::new(),
    }
}

/// The changes to send: rows whose chosen status or reason differs from what is recorded.
fn changes(rows: &[Row]) -> Vec<AttendanceInput> {
    rows.iter()
        .filter_map(|row| {
            let status = AttendanceStatus::parse(&row.status.get_untracked())?;
            let reason = Some(row.reason.get_untracked().trim().to_owned()).filter(|r| !r.is_empty());
            let reason = reason.filter(|_| status == AttendanceStatus::Excused);
            let unchanged = row.record.status == Some(status)
                && (status != AttendanceStatus::Excused || row.record.reason == reason);
            (!unchanged).then(|| AttendanceInput { person_id: row.record.person_id.clone(), status, reason })
        })
        .collect()
}

/// The attendance sheet and its trail.
#[component]
pub fn AttendanceSection() -> impl IntoView {
    let ctx = use_meeting();
    let sheet = RwSignal::new(None::<Result<Vec<AttendanceRecord>, ApiFailure>>);
    let trail_version = RwSignal::new(0u32);
    let saved_notice = RwSignal::new(None::<Key>);
    // The sheet is rebuilt from the server's records whenever they are (re)loaded or saved.
    let generation = RwSignal::new(0u32);
    Effect::new(move |_| {
        ctx.version.track();
        let id = ctx.id.get_untracked();
        spawn_local(async move {
            sheet.set(Some(api::participation::attendance(&id).await));
            generation.update(|g| *g += 1);
        });
    });
    view! {
        <section class="app-section" aria-labelledby="attendance-heading">
            <h2 class="ds-heading" data-size="sm" id="attendance-heading" tabindex="-1">{tr(Key::AttendanceTitle)}</h2>
            <p class="ds-paragraph">{tr(Key::AttendanceIntro)}</p>
            <Notice message=saved_notice />
            {move || {
                generation.track();
                match sheet.get_untracked() {
                    None => view! { <Loading /> }.into_any(),
                    Some(Err(failure)) => view! { <FailureAlert failure /> }.into_any(),
                    Some(Ok(records)) => view! { <AttendanceSheet records sheet generation trail_version saved_notice /> }.into_any(),
                }
            }}
            <AttendanceTrail trail_version />
        </section>
    }
}

#[component]
fn AttendanceSheet(
    records: Vec<AttendanceRecord>,
    sheet: RwSignal<Option<Result<Vec<AttendanceRecord>, ApiFailure>>>,
    generation: RwSignal<u32>,
    trail_version: RwSignal<u32>,
    saved_notice: RwSignal<Option<Key>>,
) -> impl IntoView {
    let ctx = use_meeting();
    let i18n = use_i18n();
    let form = Form::new("attendance", &["correction_reason", "reason", "records"]);
    let correction = RwSignal::new(String::new());
    let notice = RwSignal::new(None::<Key>);
    let rows: Vec<Row> = records
        .into_iter()
        .map(|record| Row {
            status: RwSignal::new(initial_status(&record)),
            reason: RwSignal::new(record.reason.clone().unwrap_or_default()),
            record,
        })
        .collect();
    if rows.is_empty() {
        return view! { <p class="ds-paragraph">{tr(Key::AnswersNoInvitees)}</p> }.into_any();
    }
    let bulk_rows = rows.clone();
    let mark_attending = move |_| {
        let mut marked = 0;
        for row in &bulk_rows {
            if row.record.status.is_none() {
                let suggested = match row.record.rsvp.as_deref() {
                    Some("in_person") => Some(AttendanceStatus::InPerson),
                    Some("remote") => Some(AttendanceStatus::Remote),
                    _ => None,
                };
                if let Some(status) = suggested {
                    row.status.set(status.as_str().to_owned());
                    marked += 1;
                }
            }
        }
        notice.set(Some(if marked == 0 { Key::AttendanceNobodyToMark } else { Key::AttendanceMarkedAttending }));
    };
    let submit_rows = rows.clone();
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        notice.set(None);
        saved_notice.set(None);
        let records = changes(&submit_rows);
        if records.is_empty() {
            notice.set(Some(Key::AttendanceNothingChanged));
            return;
        }
        let corrects = records.iter().any(|input| {
            submit_rows.iter().any(|row| {
                row.record.person_id == input.person_id && row.record.status.is_some_and(|s| s != input.status)
            })
        });
        let correction_reason = Some(correction.get_untracked().trim().to_owned()).filter(|r| !r.is_empty());
        if corrects && correction_reason.is_none() {
            form.fail(vec![FormError { field: Some("correction_reason"), key: Key::ErrorCorrectionReasonRequired }]);
            return;
        }
        if !form.begin() {
            return;
        }
        let update = AttendanceUpdate { records, correction_reason };
        let id = ctx.id.get_untracked();
        spawn_local(async move {
            match api::participation::update_attendance(&id, &update).await {
                Ok(updated) => {
                    form.done();
                    correction.set(String::new());
                    sheet.set(Some(Ok(updated)));
                    trail_version.update(|v| *v += 1);
                    generation.update(|g| *g += 1);
                    saved_notice.set(Some(Key::AttendanceSaved));
                    focus_id("attendance-heading".into());
                }
                Err(failure) if failure.status() == Some(409) => {
                    form.fail(vec![FormError { field: None, key: Key::AttendanceNotYet }]);
                }
                Err(failure) => form.fail_api(&failure),
            }
        });
    };
    let options = move || {
        let mut list = vec![(String::new(), i18n.t(Key::AttendanceNotRecorded).to_owned())];
        list.extend(
            AttendanceStatus::ALL
                .iter()
                .map(|s| (s.as_str().to_owned(), i18n.t(labels::attendance_status(*s)).to_owned())),
        );
        list
    };
    view! {
        <form class="app-form app-form--wide" novalidate on:submit=submit data-testid="attendance-form">
            <ErrorSummary form />
            <button type="button" class="ds-button" data-variant="secondary" data-testid="mark-attending" on:click=mark_attending>
                {tr(Key::AttendanceMarkAttending)}
            </button>
            <DataTable id="attendance" caption=Key::AttendanceTableCaption testid="attendance-table"
                columns={vec![Column::text(Key::ColumnName), Column::text(Key::ColumnAnswer), Column::text(Key::ColumnAttendance), Column::text(Key::ColumnReason), Column::text(Key::ColumnRecordedBy)]}>
                {rows
                    .into_iter()
                    .map(|row| {
                        let person = row.record.person_id.clone();
                        let name = row.record.name.clone();
                        let select_id = format!("attendance-status-{person}");
                        let reason_id = format!("attendance-reason-{person}");
                        let answer = row.record.rsvp.as_deref().and_then(legeting_shared::meetings::RsvpAnswer::parse);
                        let source = row.record.source.clone();
                        let arrived = row.record.arrived_at.map(time::format_oslo_time);
                        let status = row.status;
                        let reason = row.reason;
                        view! {
                            <tr data-person-id=person.clone()>
                                <th scope="row">
                                    {name.clone()}
                                    {row.record.office_name.clone().map(|o| view! { <span class="app-muted app-block" data-size="sm">{o}</span> })}
                                </th>
                                <td>{answer.map(|a| tr(labels::rsvp_answer(a))).map(|t| t().to_owned()).unwrap_or_else(|| i18n.t(Key::RsvpNone).to_owned())}</td>
                                <td>
                                    <label class="ds-sr-only" for=select_id.clone()>{format!("{} {name}", i18n.t(Key::AttendanceFor))}</label>
                                    <select
                                        class="ds-input"
                                        data-size="sm"
                                        id=select_id.clone()
                                        data-testid="attendance-status"
                                        on:change=move |ev| status.set(event_target_value(&ev))
                                    >
                                        {move || {
                                            let current = status.get();
                                            options()
                                                .into_iter()
                                                .map(|(value, text)| {
                                                    let selected = value == current;
                                                    view! { <option value=value selected=selected>{text}</option> }
                                                })
                                                .collect_view()
                                        }}
                                    </select>
                                </td>
                                <td>
                                    <label class="ds-sr-only" for=reason_id.clone()>{format!("{} {name}", i18n.t(Key::AttendanceReasonFor))}</label>
                                    <input
                                        class="ds-input"
                                        data-size="sm"
                                        type="text"
                                        id=reason_id.clone()
                                        data-testid="attendance-reason"
                                        disabled=move || status.get() != AttendanceStatus::Excused.as_str()
                                        prop:value=move || reason.get()
                                        on:input=move |ev| reason.set(event_target_value(&ev))
                                    />
                                </td>
                                <td data-size="sm">
                                    {source.map(|s| tr(labels::attendance_source(&s)))}
                                    {arrived.map(|t| format!(" {t}"))}
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </DataTable>
            <TextField form field="correction_reason" label=Key::FieldCorrectionReason value=correction optional=true description=Key::CorrectionReasonHelp />
            <SubmitButton form label=Key::SaveAttendance testid="save-attendance" />
            <Notice message=notice />
        </form>
    }
    .into_any()
}

#[component]
fn AttendanceTrail(trail_version: RwSignal<u32>) -> impl IntoView {
    let ctx = use_meeting();
    let i18n = use_i18n();
    let trail = LocalResource::new(move || {
        trail_version.track();
        ctx.version.track();
        let id = ctx.id.get_untracked();
        async move { api::participation::attendance_changes(&id).await }
    });
    view! {
        <h3 class="ds-heading" data-size="xs" id="attendance-trail-heading">{tr(Key::AttendanceTrail)}</h3>
        {move || match trail.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(failure)) => view! { <FailureAlert failure /> }.into_any(),
            Some(Ok(list)) if list.is_empty() => view! { <p class="ds-paragraph">{tr(Key::AttendanceTrailNone)}</p> }.into_any(),
            Some(Ok(list)) => {
                let status_text = move |s: Option<AttendanceStatus>| s.map(|s| i18n.t(labels::attendance_status(s))).unwrap_or("–");
                view! {
                    <div class="app-table-scroll" role="region" aria-labelledby="attendance-trail-heading" tabindex="0">
                        <table class="ds-table" data-size="sm" data-testid="attendance-trail">
                            <thead>
                                <tr>
                                    <th scope="col">{tr(Key::ColumnTime)}</th>
                                    <th scope="col">{tr(Key::ColumnName)}</th>
                                    <th scope="col">{tr(Key::ColumnChangeMade)}</th>
                                    <th scope="col">{tr(Key::ColumnActor)}</th>
                                    <th scope="col">{tr(Key::ColumnReason)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {list.into_iter().map(|c| {
                                    let change = format!("{} → {}", status_text(c.old_status), status_text(Some(c.new_status)));
                                    let actor = c.actor_name.clone().unwrap_or_else(|| i18n.t(labels::attendance_source(&c.source)).to_owned());
                                    view! {
                                        <tr>
                                            <td class="app-nowrap">{time::format_oslo(c.at)}</td>
                                            <th scope="row">{c.person_name.clone()}</th>
                                            <td>{change}</td>
                                            <td>{actor}</td>
                                            <td class="app-break">{c.reason.clone().unwrap_or_default()}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                .into_any()
            }
        }}
    }
}
