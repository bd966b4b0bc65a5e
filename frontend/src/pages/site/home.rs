//! The front page: what Legeting is, for visitors; for people who are signed in, also their next meetings
//! (with the RSVP), their annual meeting obligation, their open action items and the latest letters from the
//! municipality.

use legeting_shared::letters::{LetterStatus, LetterSummary};
use legeting_shared::participation::{ObligationState, ObligationStatus};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api;
use crate::forms::{FailureAlert, Loading};
use crate::i18n::{Key, tr, use_i18n, use_page_title};
use crate::pages::meetings::action_items::ActionItemList;
use crate::pages::meetings::list::MeetingList;
use crate::session::{municipality_resource, use_session};
use crate::time;

/// How many upcoming meetings the front page shows.
const UPCOMING_ON_FRONT_PAGE: usize = 5;

/// How many of the latest letters the front page shows.
const LETTERS_ON_FRONT_PAGE: usize = 3;

/// `/`
#[component]
pub fn Home() -> impl IntoView {
    use_page_title(Key::NavHome);
    let session = use_session();
    let signed_in = Memo::new(move |_| session.is_signed_in());
    view! {
        <h1 class="ds-heading" data-size="lg">{tr(Key::HomeTitle)}</h1>
        <p class="ds-paragraph app-lead">{tr(Key::AppTagline)}</p>
        <Show when=move || signed_in.get() fallback=Welcome>
            <Dashboard />
        </Show>
    }
}

#[component]
fn Welcome() -> impl IntoView {
    view! {
        <p class="ds-paragraph">{tr(Key::HomeIntro)}</p>
        <ul class="app-cards">
            <li class="ds-card"><p class="ds-paragraph">{tr(Key::HomeForGps)}</p></li>
            <li class="ds-card"><p class="ds-paragraph">{tr(Key::HomeForLeaders)}</p></li>
        </ul>
    }
}

#[component]
fn Dashboard() -> impl IntoView {
    let session = use_session();
    let is_gp = Memo::new(move |_| session.is_gp());
    let reads_letters = Memo::new(move |_| session.reads_letters());
    let upcoming = LocalResource::new(|| api::meetings::my_meetings(false));
    let actions = LocalResource::new(api::meetings::my_action_items);
    view! {
        <Show when=move || is_gp.get()>
            <MyObligationLine />
        </Show>
        <Show when=move || reads_letters.get()>
            <LatestLetters />
        </Show>
        <section class="app-section" aria-labelledby="home-upcoming-heading">
            <h2 class="ds-heading" data-size="sm" id="home-upcoming-heading">{tr(Key::HomeUpcoming)}</h2>
            {move || match upcoming.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(failure)) => view! { <FailureAlert failure /> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! {
                    <p class="ds-paragraph" data-testid="home-no-meetings">{tr(Key::MeetingsNone)}</p>
                }
                .into_any(),
                Some(Ok(mut list)) => {
                    list.truncate(UPCOMING_ON_FRONT_PAGE);
                    view! { <MeetingList meetings=list heading_level=2 /> }.into_any()
                }
            }}
            <p class="ds-paragraph">
                <A href="/moter" attr:class="ds-link">{tr(Key::HomeAllMeetings)}</A>
            </p>
        </section>
        <section class="app-section" aria-labelledby="home-actions-heading">
            <h2 class="ds-heading" data-size="sm" id="home-actions-heading">{tr(Key::HomeActionItems)}</h2>
            {move || match actions.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(failure)) => view! { <FailureAlert failure /> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! {
                    <p class="ds-paragraph" data-testid="home-no-actions">{tr(Key::ActionItemsNone)}</p>
                }
                .into_any(),
                Some(Ok(list)) => view! { <ActionItemList items=list editable=false /> }.into_any(),
            }}
        </section>
    }
}

/// The latest published letters of the current municipality (title and date), with a link to the archive; nothing
/// at all when there are none. A failure shows on the archive page, not here, so the front page stays small.
#[component]
fn LatestLetters() -> impl IntoView {
    let letters = municipality_resource(|id| async move { api::letters::letters(&id).await });
    move || {
        let latest: Vec<LetterSummary> = match letters.get() {
            Some(Ok(list)) => list
                .into_iter()
                .filter(|letter| letter.status == LetterStatus::Published)
                .take(LETTERS_ON_FRONT_PAGE)
                .collect(),
            _ => Vec::new(),
        };
        (!latest.is_empty()).then(|| {
            view! {
                <section class="app-section" aria-labelledby="home-letters-heading" data-testid="home-letters">
                    <h2 class="ds-heading" data-size="sm" id="home-letters-heading">{tr(Key::HomeLetters)}</h2>
                    <ul class="ds-list app-home-letters">
                        {latest
                            .into_iter()
                            .map(|letter| {
                                let href = format!("/informasjon/{}", letter.id);
                                let date = letter.published_at.map(|at| view! {
                                    " " <time class="app-muted" datetime=time::oslo_iso_date(at)>{time::format_oslo_date(at)}</time>
                                });
                                view! {
                                    <li data-letter-id=letter.id.clone()>
                                        <A href=href attr:class="ds-link">{letter.title.clone()}</A>
                                        {date}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                    <p class="ds-paragraph">
                        <A href="/informasjon" attr:class="ds-link">{tr(Key::HomeAllLetters)}</A>
                    </p>
                </section>
            }
        })
    }
}

/// "Min årlige møteplikt: oppfylt" (or "ikke ennå", or "fritatt") for the current municipality and year.
#[component]
fn MyObligationLine() -> impl IntoView {
    let session = use_session();
    let obligation = LocalResource::new(|| api::participation::my_obligation(None));
    move || {
        let municipality = session.municipality_id();
        match obligation.get() {
            None => ().into_any(),
            Some(Err(failure)) => view! { <FailureAlert failure /> }.into_any(),
            Some(Ok(list)) => {
                let mine = list.into_iter().find(|s| Some(&s.municipality_id) == municipality.as_ref());
                mine.map(|status| view! { <ObligationLine status /> }).into_any()
            }
        }
    }
}

#[component]
pub fn ObligationLine(status: ObligationStatus) -> impl IntoView {
    let i18n = use_i18n();
    let (state_key, color) = match status.state {
        ObligationState::Met => (Key::ObligationLineMet, "success"),
        ObligationState::NotMet => (Key::ObligationLineNotMet, "warning"),
        ObligationState::Exempt => (Key::ObligationLineExempt, "info"),
    };
    let detail = match status.state {
        ObligationState::Met => status.meeting_title.clone().map(|title| {
            let date = status.meeting_at.map(time::format_oslo_date).unwrap_or_default();
            let href = status.meeting_id.clone().map(|id| format!("/moter/{id}")).unwrap_or_default();
            view! {
                <p class="ds-paragraph" data-size="sm">
                    {tr(Key::ObligationMetBy)} " " <A href=href attr:class="ds-link">{title}</A> " " {date}
                </p>
            }
            .into_any()
        }),
        ObligationState::Exempt => status.exemption_reason.clone().map(|reason| {
            view! { <p class="ds-paragraph" data-size="sm">{tr(Key::ObligationExemptReason)} " " {reason}</p> }
                .into_any()
        }),
        ObligationState::NotMet => Some(
            view! {
                <p class="ds-paragraph" data-size="sm">
                    {tr(Key::ObligationNotMetHelp)} " " <A href="/moter" attr:class="ds-link">{tr(Key::NavMeetings)}</A>
                </p>
            }
            .into_any(),
        ),
    };
    view! {
        <div class="ds-alert app-obligation" data-color=color>
            <p class="ds-paragraph" data-testid="obligation-status">
                {move || format!("{} {}", i18n.t(Key::ObligationLineLabel), i18n.t(state_key))}
            </p>
            {detail}
        </div>
    }
}
