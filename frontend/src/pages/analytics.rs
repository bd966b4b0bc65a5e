//! `/deltakelse`: participation analytics for leaders (and administrators and secretaries). A period and
//! filters (body, meeting kind); the total attendance rate; bar charts by office, body and kind and a trend by
//! year, each an SVG with a caption and its numbers as a table; every GP's figures in a sortable table; who
//! attended nothing; CSV and XLSX downloads of the same report; and the comparison between the municipalities
//! of the installation (rates only, no names of people).
//!
//! Rates shown are computed from the counts (see [`crate::format::format_rate`]), so charts and tables agree.

use legeting_shared::meetings::MeetingKind;
use legeting_shared::participation::{Participation, RateRow};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::api::participation::{ReportQuery, participation_url};
use crate::api::{self, ApiFailure};
use crate::format::{format_number, format_rate, per_mille};
use crate::forms::{ErrorSummary, FailureAlert, Form, Loading, SelectField, TextField};
use crate::i18n::{I18n, Key, tr, use_i18n};
use crate::labels;
use crate::session::{GuardedPage, Session, use_session};
use crate::time;

/// `/deltakelse`
#[component]
pub fn ParticipationPage() -> impl IntoView {
    view! {
        <GuardedPage title=Key::ParticipationTitle allowed=Session::sees_figures>
            <Dashboard />
        </GuardedPage>
    }
}

/// One bar of a chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub invited: i64,
    pub attended: i64,
    pub excused: i64,
    /// Drawn in another colour (one's own municipality).
    pub highlight: bool,
}

fn bars(rows: &[RateRow], label: impl Fn(&RateRow) -> String) -> Vec<Bar> {
    rows.iter()
        .map(|r| Bar {
            label: label(r),
            invited: r.invited,
            attended: r.attended,
            excused: r.excused,
            highlight: false,
        })
        .collect()
}

fn kind_label(i18n: I18n, key: &str) -> String {
    MeetingKind::parse(key).map(|k| i18n.t(labels::meeting_kind(k)).to_owned()).unwrap_or_else(|| key.to_owned())
}

fn default_query() -> ReportQuery {
    let today = time::oslo_iso_date(time::now_ms());
    ReportQuery { from: format!("{}-01-01", &today[..4]), to: today, body: None, kind: None }
}

#[component]
fn Dashboard() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let municipality = Memo::new(move |_| session.municipality());
    let form = Form::new("report", &["from", "to", "body", "kind"]);
    let start = default_query();
    let from = RwSignal::new(start.from.clone());
    let to = RwSignal::new(start.to.clone());
    let body = RwSignal::new(String::new());
    let kind = RwSignal::new(String::new());
    let applied = RwSignal::new(start);
    let bodies = LocalResource::new(move || {
        let id = municipality.get().map(|m| m.id);
        async move {
            match id {
                Some(id) => api::meetings::bodies(&id).await.unwrap_or_default(),
                None => Vec::new(),
            }
        }
    });
    let report = LocalResource::new(move || {
        let id = municipality.get().map(|m| m.id);
        let query = applied.get();
        async move {
            match id {
                Some(id) => api::participation::participation(&id, &query).await.map(|r| (id, query, r)),
                None => Err(ApiFailure::Unexpected),
            }
        }
    });
    // The trend always covers the last five years, with the same filters.
    let trend = LocalResource::new(move || {
        let id = municipality.get().map(|m| m.id);
        let query = applied.get();
        async move {
            let today = time::oslo_iso_date(time::now_ms());
            let first: i64 = today[..4].parse().unwrap_or(2025) - 4;
            let query = ReportQuery { from: format!("{first}-01-01"), to: today, ..query };
            match id {
                Some(id) => api::participation::participation(&id, &query).await,
                None => Err(ApiFailure::Unexpected),
            }
        }
    });
    let comparison_year = Memo::new(move |_| {
        applied
            .with(|q| q.to.get(..4).and_then(|y| y.parse::<i64>().ok()))
            .unwrap_or_else(|| time::oslo_year(time::now_ms()))
    });
    let comparison = LocalResource::new(move || {
        let year = comparison_year.get();
        async move { api::participation::comparison(year).await }
    });
    let body_options = Signal::derive(move || {
        let mut list = vec![(String::new(), i18n.t(Key::AllBodies).to_owned())];
        list.extend(bodies.get().unwrap_or_default().into_iter().map(|b| (b.id, b.name)));
        list
    });
    let kind_options = Signal::derive(move || {
        let mut list = vec![(String::new(), i18n.t(Key::AllKinds).to_owned())];
        list.extend(
            MeetingKind::ALL.iter().map(|k| (k.as_str().to_owned(), i18n.t(labels::meeting_kind(*k)).to_owned())),
        );
        list
    });
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let errors = form.period(&from.get_untracked(), &to.get_untracked());
        if !errors.is_empty() {
            form.fail(errors);
            return;
        }
        form.clear();
        let optional = |v: String| Some(v).filter(|v| !v.is_empty());
        applied.set(ReportQuery {
            from: from.get_untracked(),
            to: to.get_untracked(),
            body: optional(body.get_untracked()),
            kind: optional(kind.get_untracked()),
        });
    };
    view! {
        <p class="ds-paragraph app-lead">{move || municipality.get().map(|m| m.name)}</p>
        <p class="ds-paragraph">{tr(Key::ParticipationIntro)}</p>
        <form class="app-filters app-report-filters" novalidate aria-label=tr(Key::ReportFilters) on:submit=submit>
            <ErrorSummary form />
            <TextField form field="from" label=Key::FieldFrom value=from kind="date" />
            <TextField form field="to" label=Key::FieldTo value=to kind="date" />
            <SelectField form field="body" label=Key::FieldBody value=body options=body_options />
            <SelectField form field="kind" label=Key::FieldMeetingKind value=kind options=kind_options />
            <button type="submit" class="ds-button" data-testid="apply-report">{tr(Key::ShowFigures)}</button>
        </form>
        {move || match report.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(failure)) => view! { <FailureAlert failure /> }.into_any(),
            Some(Ok((id, query, report))) => view! { <Report municipality_id=id query report /> }.into_any(),
        }}
        <section class="app-section" aria-labelledby="trend-heading">
            <h2 class="ds-heading" data-size="sm" id="trend-heading">{tr(Key::TrendTitle)}</h2>
            {move || match trend.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(failure)) => view! { <FailureAlert failure /> }.into_any(),
                Some(Ok(report)) => view! {
                    <BarChart id="chart-trend" caption=Key::ChartByYear bars=bars(&report.by_year, |r| r.label.clone()) columns=true />
                }
                .into_any(),
            }}
        </section>
        <section class="app-section" aria-labelledby="comparison-heading">
            <h2 class="ds-heading" data-size="sm" id="comparison-heading">{tr(Key::ComparisonTitle)} " " {move || comparison_year.get()}</h2>
            <p class="ds-paragraph">{tr(Key::ComparisonIntro)}</p>
            {move || match comparison.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(failure)) => view! { <FailureAlert failure /> }.into_any(),
                Some(Ok(rows)) => {
                    let own = municipality.get().map(|m| m.id).unwrap_or_default();
                    let list: Vec<Bar> = rows
                        .iter()
                        .map(|r| Bar {
                            label: if r.key == own { format!("{} ({})", r.label, i18n.t(Key::OwnMunicipality)) } else { r.label.clone() },
                            invited: r.invited,
                            attended: r.attended,
                            excused: r.excused,
                            highlight: r.key == own,
                        })
                        .collect();
                    view! { <BarChart id="chart-comparison" caption=Key::ChartComparison bars=list /> }.into_any()
                }
            }}
        </section>
    }
}

#[component]
fn Report(municipality_id: String, query: ReportQuery, report: Participation) -> impl IntoView {
    let i18n = use_i18n();
    let total = report.total.clone();
    let csv = participation_url(&municipality_id, &query, ".csv");
    let xlsx = participation_url(&municipality_id, &query, ".xlsx");
    let period = format!("{} – {}", time::format_iso_date(&report.from), time::format_iso_date(&report.to));
    let by_kind = bars(&report.by_kind, move |r| kind_label(i18n, &r.key));
    view! {
        <section class="app-section" aria-labelledby="total-heading">
            <h2 class="ds-heading" data-size="sm" id="total-heading">{tr(Key::TotalTitle)} " " {period}</h2>
            <div class="app-kpis" data-testid="kpis">
                <div class="ds-card app-kpi">
                    <p class="app-kpi__value" data-testid="total-rate">{move || format_rate(total.attended, total.invited, i18n.lang())}</p>
                    <p class="ds-paragraph">{tr(Key::KpiRate)}</p>
                </div>
                <div class="ds-card app-kpi">
                    <p class="app-kpi__value" data-testid="total-invited">{format_number(report.total.invited)}</p>
                    <p class="ds-paragraph">{tr(Key::KpiInvited)}</p>
                </div>
                <div class="ds-card app-kpi">
                    <p class="app-kpi__value" data-testid="total-attended">{format_number(report.total.attended)}</p>
                    <p class="ds-paragraph">{tr(Key::KpiAttended)}</p>
                </div>
                <div class="ds-card app-kpi">
                    <p class="app-kpi__value">{format_number(report.total.excused)}</p>
                    <p class="ds-paragraph">{tr(Key::KpiExcused)}</p>
                </div>
            </div>
            <p class="app-actions">
                <a class="ds-button" data-variant="secondary" href=csv download="deltakelse.csv" data-testid="download-csv">{tr(Key::DownloadCsv)}</a>
                <a class="ds-button" data-variant="secondary" href=xlsx download="deltakelse.xlsx" data-testid="download-xlsx">{tr(Key::DownloadXlsx)}</a>
            </p>
        </section>
        <div class="app-charts">
            <BarChart id="chart-office" caption=Key::ChartByOffice bars=bars(&report.by_office, |r| r.label.clone()) />
            <BarChart id="chart-body" caption=Key::ChartByBody bars=bars(&report.by_body, |r| r.label.clone()) />
            <BarChart id="chart-kind" caption=Key::ChartByKind bars=by_kind />
        </div>
        <section class="app-section" aria-labelledby="by-gp-heading">
            <h2 class="ds-heading" data-size="sm" id="by-gp-heading">{tr(Key::ByGpTitle)}</h2>
            <GpTable rows=report.by_gp.clone() />
        </section>
        <section class="app-section" aria-labelledby="nothing-heading">
            <h2 class="ds-heading" data-size="sm" id="nothing-heading">{tr(Key::AttendedNothingTitle)}</h2>
            {if report.attended_nothing.is_empty() {
                view! { <p class="ds-paragraph" data-testid="attended-nothing-none">{tr(Key::AttendedNothingNone)}</p> }.into_any()
            } else {
                view! {
                    <p class="ds-paragraph">{format!("{} {}", report.attended_nothing.len(), i18n.t(Key::AttendedNothingCount))}</p>
                    <ul class="app-name-list" data-testid="attended-nothing">
                        {report.attended_nothing.iter().map(|r| view! {
                            <li>{r.label.clone()} <span class="app-muted">{format!(" ({} {})", r.invited, i18n.t(Key::TimesInvited))}</span></li>
                        }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </section>
    }
}

/// A bar chart (horizontal, or `columns` for a trend) with its caption and its numbers as a table. The
/// drawing is hidden from screen readers, which get the caption and the table.
#[component]
pub fn BarChart(id: &'static str, caption: Key, bars: Vec<Bar>, #[prop(optional)] columns: bool) -> impl IntoView {
    let i18n = use_i18n();
    let caption_id = format!("{id}-caption");
    let labelled_by = caption_id.clone();
    let table_id = format!("{id}-table");
    let table_labelled_by = table_id.clone();
    if bars.is_empty() {
        return view! {
            <figure class="app-chart" aria-labelledby=labelled_by data-testid=id>
                <figcaption class="app-chart__caption" id=caption_id>{tr(caption)}</figcaption>
                <p class="ds-paragraph app-muted">{tr(Key::ChartNoData)}</p>
            </figure>
        }
        .into_any();
    }
    let drawing = if columns {
        view! {
            <div class="app-chart__columns" aria-hidden="true">
                {bars.iter().map(|bar| {
                    let height = per_mille(bar.attended, bar.invited);
                    let (attended, invited) = (bar.attended, bar.invited);
                    view! {
                        <div class="app-chart__column">
                            <span class="app-chart__value">{move || format_rate(attended, invited, i18n.lang())}</span>
                            <svg class="app-chart__svg" viewBox="0 0 20 1000" preserveAspectRatio="none" focusable="false">
                                <rect class="app-chart__track" x="0" y="0" width="20" height="1000"></rect>
                                <rect class="app-chart__bar" x="0" y=(1000 - height).to_string() width="20" height=height.to_string()></rect>
                            </svg>
                            <span class="app-chart__label">{bar.label.clone()}</span>
                        </div>
                    }
                }).collect_view()}
            </div>
        }
        .into_any()
    } else {
        view! {
            <div class="app-chart__bars" aria-hidden="true">
                {bars.iter().map(|bar| {
                    let width = per_mille(bar.attended, bar.invited);
                    let (attended, invited) = (bar.attended, bar.invited);
                    let class = if bar.highlight { "app-chart__bar app-chart__bar--own" } else { "app-chart__bar" };
                    view! {
                        <div class="app-chart__row">
                            <span class="app-chart__label">{bar.label.clone()}</span>
                            <svg class="app-chart__svg" viewBox="0 0 1000 20" preserveAspectRatio="none" focusable="false">
                                <rect class="app-chart__track" x="0" y="0" width="1000" height="20"></rect>
                                <rect class=class x="0" y="0" width=width.to_string() height="20"></rect>
                            </svg>
                            <span class="app-chart__value">{move || format_rate(attended, invited, i18n.lang())}</span>
                        </div>
                    }
                }).collect_view()}
            </div>
        }
        .into_any()
    };
    view! {
        <figure class="app-chart" aria-labelledby=labelled_by data-testid=id>
            <figcaption class="app-chart__caption" id=caption_id>{tr(caption)}</figcaption>
            {drawing}
            <details class="ds-details app-chart__table" data-testid=format!("{id}-details")>
                <summary>{tr(Key::ShowAsTable)}</summary>
                <div class="app-table-scroll" role="region" aria-labelledby=table_labelled_by tabindex="0">
                    <table class="ds-table" data-size="sm">
                        <caption id=table_id class="ds-sr-only">{tr(caption)}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{tr(Key::ColumnGroup)}</th>
                                <th scope="col" class="app-number">{tr(Key::ColumnInvited)}</th>
                                <th scope="col" class="app-number">{tr(Key::ColumnAttended)}</th>
                                <th scope="col" class="app-number">{tr(Key::ColumnExcused)}</th>
                                <th scope="col" class="app-number">{tr(Key::ColumnRate)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {bars.into_iter().map(|bar| {
                                let (attended, invited) = (bar.attended, bar.invited);
                                view! {
                                    <tr>
                                        <th scope="row">{bar.label}</th>
                                        <td class="app-number">{format_number(bar.invited)}</td>
                                        <td class="app-number">{format_number(bar.attended)}</td>
                                        <td class="app-number">{format_number(bar.excused)}</td>
                                        <td class="app-number" data-testid="table-rate">{move || format_rate(attended, invited, i18n.lang())}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </details>
        </figure>
    }
    .into_any()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SortBy {
    Name,
    Invited,
    Attended,
    Excused,
    Rate,
}

/// Sort GP rows; rates compare exactly by cross-multiplying the counts.
fn sort_rows(rows: &mut [RateRow], by: SortBy, ascending: bool) {
    rows.sort_by(|a, b| {
        let order = match by {
            SortBy::Name => a.label.to_lowercase().cmp(&b.label.to_lowercase()),
            SortBy::Invited => a.invited.cmp(&b.invited),
            SortBy::Attended => a.attended.cmp(&b.attended),
            SortBy::Excused => a.excused.cmp(&b.excused),
            SortBy::Rate => (i128::from(a.attended) * i128::from(b.invited.max(1)))
                .cmp(&(i128::from(b.attended) * i128::from(a.invited.max(1)))),
        }
        .then_with(|| a.label.cmp(&b.label));
        if ascending { order } else { order.reverse() }
    });
}

#[component]
fn GpTable(rows: Vec<RateRow>) -> impl IntoView {
    let i18n = use_i18n();
    if rows.is_empty() {
        return view! { <p class="ds-paragraph">{tr(Key::ChartNoData)}</p> }.into_any();
    }
    let sort = RwSignal::new((SortBy::Name, true));
    let sorted = Memo::new(move |_| {
        let mut list = rows.clone();
        let (by, ascending) = sort.get();
        sort_rows(&mut list, by, ascending);
        list
    });
    let header = move |by: SortBy, key: Key, number: bool| {
        let aria_sort = move || match sort.get() {
            (current, true) if current == by => "ascending",
            (current, false) if current == by => "descending",
            _ => "none",
        };
        view! {
            <th scope="col" class=if number { "app-number" } else { "" } aria-sort=aria_sort>
                <button
                    type="button"
                    data-testid=format!("sort-{by:?}").to_lowercase()
                    on:click=move |_| sort.update(|(current, ascending)| {
                        if *current == by {
                            *ascending = !*ascending;
                        } else {
                            *current = by;
                            *ascending = by == SortBy::Name;
                        }
                    })
                >
                    {tr(key)}
                </button>
            </th>
        }
    };
    view! {
        <p class="ds-paragraph" data-size="sm" id="by-gp-help">{tr(Key::SortHelp)}</p>
        <div class="app-table-scroll" role="region" aria-labelledby="by-gp-caption" tabindex="0">
            <table class="ds-table" data-testid="by-gp-table" aria-describedby="by-gp-help">
                <caption id="by-gp-caption" class="ds-sr-only">{tr(Key::ByGpTableCaption)}</caption>
                <thead>
                    <tr>
                        {header(SortBy::Name, Key::ColumnName, false)}
                        {header(SortBy::Invited, Key::ColumnInvited, true)}
                        {header(SortBy::Attended, Key::ColumnAttended, true)}
                        {header(SortBy::Excused, Key::ColumnExcused, true)}
                        {header(SortBy::Rate, Key::ColumnRate, true)}
                    </tr>
                </thead>
                <tbody>
                    {move || sorted.get().into_iter().map(|r| {
                        let (attended, invited) = (r.attended, r.invited);
                        view! {
                            <tr>
                                <th scope="row">{r.label.clone()}</th>
                                <td class="app-number">{r.invited}</td>
                                <td class="app-number">{r.attended}</td>
                                <td class="app-number">{r.excused}</td>
                                <td class="app-number">{move || format_rate(attended, invited, i18n.lang())}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(label: &str, invited: i64, attended: i64) -> RateRow {
        RateRow { key: label.into(), label: label.into(), invited, attended, excused: 0, rate: 0.0 }
    }

    #[test]
    fn gp_rows_sort_by_exact_rates_and_names() {
        let mut rows = vec![row("b", 3, 1), row("a", 3, 2), row("c", 2, 1)];
        sort_rows(&mut rows, SortBy::Rate, false);
        let order: Vec<&str> = rows.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(order, ["a", "c", "b"]);
        sort_rows(&mut rows, SortBy::Name, true);
        let order: Vec<&str> = rows.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(order, ["a", "b", "c"]);
    }
}
