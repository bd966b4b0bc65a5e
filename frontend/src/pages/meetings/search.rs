//! `/sok?q=…`: search the meetings, agenda items and decisions one may see. The words live in the address, so
//! a search can be shared and the back button works.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::{self, encode_component};
use crate::forms::{ErrorSummary, FailureAlert, Form, FormError, Loading, TextField};
use crate::i18n::{Key, tr, use_i18n};
use crate::session::{GuardedPage, Session};
use crate::time;

/// `/sok`
#[component]
pub fn Search() -> impl IntoView {
    view! {
        <GuardedPage title=Key::SearchTitle allowed=Session::is_signed_in>
            <SearchForm />
        </GuardedPage>
    }
}

fn hit_kind(kind: &str) -> Key {
    match kind {
        "agenda_item" => Key::HitAgendaItem,
        "decision" => Key::HitDecision,
        _ => Key::HitMeeting,
    }
}

#[component]
fn SearchForm() -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let query = use_query_map();
    let applied = Memo::new(move |_| query.with(|q| q.get("q")).unwrap_or_default());
    let form = Form::new("search", &["q"]);
    let q = RwSignal::new(applied.get_untracked());
    let results = LocalResource::new(move || {
        let words = applied.get();
        async move { if words.trim().chars().count() < 2 { None } else { Some(api::meetings::search(&words).await) } }
    });
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let words = q.get_untracked();
        if words.trim().chars().count() < 2 {
            form.fail(vec![FormError { field: Some("q"), key: Key::ErrorSearchTooShort }]);
            return;
        }
        form.clear();
        navigate(&format!("/sok?q={}", encode_component(words.trim())), NavigateOptions::default());
    };
    view! {
        <form class="app-form app-search" role="search" novalidate on:submit=submit>
            <ErrorSummary form />
            <TextField form field="q" label=Key::SearchLabel value=q kind="search" unmarked=true description=Key::SearchHelp />
            <button type="submit" class="ds-button" data-testid="search-submit">{tr(Key::SearchButton)}</button>
        </form>
        {move || match results.get() {
            None => view! { <Loading /> }.into_any(),
            Some(None) => ().into_any(),
            Some(Some(Err(failure))) => view! { <FailureAlert failure /> }.into_any(),
            Some(Some(Ok(hits))) => {
                let count = match hits.len() {
                    0 => i18n.t(Key::SearchNone).to_owned(),
                    1 => i18n.t(Key::SearchOne).to_owned(),
                    n => format!("{n} {}", i18n.t(Key::SearchMany)),
                };
                view! {
                    <p class="ds-paragraph" role="status" data-testid="search-count">{count}</p>
                    <ul class="app-search-hits" data-testid="search-hits">
                        {hits.into_iter().map(|hit| {
                            let href = format!("/moter/{}", hit.meeting_id);
                            view! {
                                <li class="ds-card app-hit">
                                    <p class="ds-paragraph app-meeting__meta" data-size="sm">
                                        <span class="ds-tag" data-size="sm" data-color="info">{tr(hit_kind(&hit.kind))}</span>
                                        <span>{time::format_oslo_date(hit.starts_at)}</span>
                                    </p>
                                    <p class="ds-paragraph"><A href=href attr:class="ds-link">{hit.title.clone()}</A></p>
                                    {hit.excerpt.clone().map(|e| view! { <p class="ds-paragraph app-muted" data-size="sm">{e}</p> })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
                .into_any()
            }
        }}
    }
}
