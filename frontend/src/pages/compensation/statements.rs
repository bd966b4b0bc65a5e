//! `/godtgjoring`: compensation for taking part in meetings. A GP sees their own statement for a period; leaders
//! and administrators see the municipality's statement by GP with the payroll exports (CSV, XLSX). Amounts are
//! øre on the wire and shown as kroner (`1 230,00 kr`).

use legeting_shared::participation::{CompensationLine, CompensationStatement};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::api;
use crate::api::participation::payroll_url;
use crate::format::{format_kroner, format_minutes};
use crate::forms::{ErrorSummary, FailureAlert, Form, Loading, TextField};
use crate::i18n::{Key, tr, use_i18n};
use crate::session::{GuardedPage, Session, use_session};
use crate::table::{Column, DataTable, Total};
use crate::time;

/// `/godtgjoring`
#[component]
pub fn Compensation() -> impl IntoView {
    view! {
        <GuardedPage title=Key::CompensationTitle allowed=Session::sees_compensation>
            <CompensationPage />
        </GuardedPage>
    }
}

/// A GP's paid time on one line, in minutes.
fn line_minutes(line: &CompensationLine) -> i64 {
    line.meeting_minutes + line.preparation_minutes + line.travel_minutes
}

/// One GP's totals in a municipality statement.
#[derive(Debug, Clone, PartialEq, Eq)]
struct PersonTotal {
    name: String,
    hpr: Option<String>,
    meetings: usize,
    minutes: i64,
    amount_ore: i64,
}

/// The statement's lines summed per GP, in name order. Totals are sums of the lines, as on the server.
fn by_person(statement: &CompensationStatement) -> Vec<PersonTotal> {
    let mut totals: Vec<(String, PersonTotal)> = Vec::new();
    for line in &statement.lines {
        match totals.iter_mut().find(|(id, _)| *id == line.person_id) {
            Some((_, total)) => {
                total.meetings += 1;
                total.minutes += line_minutes(line);
                total.amount_ore += line.amount_ore;
            }
            None => totals.push((
                line.person_id.clone(),
                PersonTotal {
                    name: line.name.clone(),
                    hpr: line.hpr_number.clone(),
                    meetings: 1,
                    minutes: line_minutes(line),
                    amount_ore: line.amount_ore,
                },
            )),
        }
    }
    let mut list: Vec<PersonTotal> = totals.into_iter().map(|(_, t)| t).collect();
    list.sort_by(|a, b| a.name.cmp(&b.name));
    list
}

#[component]
fn CompensationPage() -> impl IntoView {
    let session = use_session();
    let is_gp = Memo::new(move |_| session.is_gp());
    let sees_pay = Memo::new(move |_| session.sees_pay());
    let municipality = Memo::new(move |_| session.municipality_id());
    let form = Form::new("period", &["from", "to"]);
    let today = time::oslo_iso_date(time::now_ms());
    let from = RwSignal::new(format!("{}-01-01", &today[..4]));
    let to = RwSignal::new(today);
    let applied = RwSignal::new((from.get_untracked(), to.get_untracked()));
    let mine = LocalResource::new(move || {
        let (from, to) = applied.get();
        let gp = is_gp.get();
        async move { if gp { api::participation::my_compensation(&from, &to).await.map(Some) } else { Ok(None) } }
    });
    let all = LocalResource::new(move || {
        let (from, to) = applied.get();
        let municipality = municipality.get();
        let allowed = sees_pay.get();
        async move {
            match municipality.filter(|_| allowed) {
                Some(id) => api::participation::municipality_compensation(&id, &from, &to).await.map(|s| Some((id, s))),
                None => Ok(None),
            }
        }
    });
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let errors = form.period(&from.get_untracked(), &to.get_untracked());
        if !errors.is_empty() {
            form.fail(errors);
            return;
        }
        form.clear();
        applied.set((from.get_untracked(), to.get_untracked()));
    };
    view! {
        <p class="ds-paragraph">{tr(Key::CompensationIntro)}</p>
        <form class="app-filters" novalidate aria-label=tr(Key::PeriodLabel) on:submit=submit>
            <ErrorSummary form />
            <TextField form field="from" label=Key::FieldFrom value=from kind="date" />
            <TextField form field="to" label=Key::FieldTo value=to kind="date" />
            <button type="submit" class="ds-button" data-testid="apply-period">{tr(Key::ShowFigures)}</button>
        </form>
        <Show when=move || is_gp.get()>
            <section class="app-section" aria-labelledby="my-compensation-heading">
                <h2 class="ds-heading" data-size="sm" id="my-compensation-heading">{tr(Key::MyCompensationTitle)}</h2>
                // One statement per municipality where one is a GP.
                {move || match mine.get() {
                    None => view! { <Loading /> }.into_any(),
                    Some(Err(failure)) => view! { <FailureAlert failure /> }.into_any(),
                    Some(Ok(None)) => ().into_any(),
                    Some(Ok(Some(statements))) => statements
                        .into_iter()
                        .map(|statement| view! { <StatementLines statement /> })
                        .collect_view()
                        .into_any(),
                }}
            </section>
        </Show>
        <Show when=move || sees_pay.get()>
            <section class="app-section" aria-labelledby="all-compensation-heading">
                <h2 class="ds-heading" data-size="sm" id="all-compensation-heading">{tr(Key::MunicipalityCompensationTitle)}</h2>
                {move || match all.get() {
                    None => view! { <Loading /> }.into_any(),
                    Some(Err(failure)) => view! { <FailureAlert failure /> }.into_any(),
                    Some(Ok(None)) => ().into_any(),
                    Some(Ok(Some((id, statement)))) => view! { <MunicipalityStatement municipality_id=id statement /> }.into_any(),
                }}
            </section>
        </Show>
    }
}

#[component]
fn StatementLines(statement: CompensationStatement) -> impl IntoView {
    let i18n = use_i18n();
    if statement.lines.is_empty() {
        return view! { <p class="ds-paragraph" data-testid="compensation-none">{tr(Key::CompensationNone)}</p> }
            .into_any();
    }
    let total = statement.total_ore;
    view! {
        <DataTable id="my-lines" caption=Key::MyCompensationCaption testid="my-compensation"
            columns={vec![Column::text(Key::ColumnDate), Column::text(Key::ColumnMeeting), Column::text(Key::ColumnPaidTime), Column::number(Key::ColumnHourlyRate), Column::number(Key::ColumnAmount)]}
            total={Total { value: format_kroner(total), testid: "my-total" }}>
            {statement.lines.iter().map(|line| {
                let minutes = line_minutes(line);
                let parts = (line.meeting_minutes, line.preparation_minutes, line.travel_minutes);
                view! {
                    <tr>
                        <td class="app-nowrap">{time::format_iso_date(&line.date)}</td>
                        <th scope="row">{line.meeting_title.clone()}</th>
                        <td>
                            {move || format_minutes(minutes, i18n.lang())}
                            <span class="app-muted app-block" data-size="sm">
                                {move || format!(
                                    "{} {} + {} {} + {} {}",
                                    i18n.t(Key::PartMeeting), format_minutes(parts.0, i18n.lang()),
                                    i18n.t(Key::PartPreparation), format_minutes(parts.1, i18n.lang()),
                                    i18n.t(Key::PartTravel), format_minutes(parts.2, i18n.lang()),
                                )}
                            </span>
                        </td>
                        <td class="app-number app-nowrap">{format_kroner(line.rate_ore)}</td>
                        <td class="app-number app-nowrap">{format_kroner(line.amount_ore)}</td>
                    </tr>
                }
            }).collect_view()}
        </DataTable>
    }
    .into_any()
}

#[component]
fn MunicipalityStatement(municipality_id: String, statement: CompensationStatement) -> impl IntoView {
    let i18n = use_i18n();
    let csv = payroll_url(&municipality_id, &statement.from, &statement.to, ".csv");
    let xlsx = payroll_url(&municipality_id, &statement.from, &statement.to, ".xlsx");
    let people = by_person(&statement);
    let total = statement.total_ore;
    view! {
        <p class="app-actions">
            <a class="ds-button" data-variant="secondary" href=csv download="godtgjoring.csv" data-testid="payroll-csv">{tr(Key::DownloadPayrollCsv)}</a>
            <a class="ds-button" data-variant="secondary" href=xlsx download="godtgjoring.xlsx" data-testid="payroll-xlsx">{tr(Key::DownloadPayrollXlsx)}</a>
        </p>
        {if people.is_empty() {
            view! { <p class="ds-paragraph">{tr(Key::CompensationNone)}</p> }.into_any()
        } else {
            view! {
                <DataTable id="payroll" caption=Key::PayrollTableCaption testid="payroll"
                    columns={vec![Column::text(Key::ColumnGp), Column::text(Key::FieldHpr), Column::number(Key::ColumnMeetings), Column::text(Key::ColumnPaidTime), Column::number(Key::ColumnAmount)]}
                    total={Total { value: format_kroner(total), testid: "payroll-total" }}>
                    {people.into_iter().map(|p| {
                        let minutes = p.minutes;
                        view! {
                            <tr>
                                <th scope="row">{p.name}</th>
                                <td>{p.hpr.unwrap_or_default()}</td>
                                <td class="app-number">{p.meetings}</td>
                                <td class="app-nowrap">{move || format_minutes(minutes, i18n.lang())}</td>
                                <td class="app-number app-nowrap">{format_kroner(p.amount_ore)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </DataTable>
            }
            .into_any()
        }}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(person: &str, minutes: i64, amount_ore: i64) -> CompensationLine {
        CompensationLine {
            person_id: person.into(),
            name: person.to_uppercase(),
            hpr_number: None,
            meeting_id: "m".into(),
            meeting_title: "Møte".into(),
            date: "2025-01-01".into(),
            meeting_minutes: minutes,
            preparation_minutes: 30,
            travel_minutes: 0,
            specialist: false,
            rate_ore: 107_500,
            amount_ore,
        }
    }

    #[test]
    fn totals_per_gp_are_sums_of_their_lines() {
        let statement = CompensationStatement {
            from: "2025-01-01".into(),
            to: "2025-12-31".into(),
            lines: vec![line("b", 90, 215_000), line("a", 60, 161_250), line("b", 120, 268_750)],
            total_ore: 645_000,
        };
        let totals = by_person(&statement);
        assert_eq!(totals.len(), 2);
        assert_eq!(totals[0].name, "A");
        assert_eq!((totals[1].meetings, totals[1].minutes, totals[1].amount_ore), (2, 270, 483_750));
        assert_eq!(totals.iter().map(|t| t.amount_ore).sum::<i64>(), statement.total_ore);
    }
}
