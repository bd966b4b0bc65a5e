//! The front page: what Legeting is, for GPs and for the municipality.

use leptos::prelude::*;

use crate::i18n::{Key, tr, use_page_title};

/// `/`
#[component]
pub fn Home() -> impl IntoView {
    use_page_title(Key::NavHome);
    view! {
        <h1 class="ds-heading" data-size="lg">{tr(Key::HomeTitle)}</h1>
        <p class="ds-paragraph app-lead">{tr(Key::AppTagline)}</p>
        <p class="ds-paragraph">{tr(Key::HomeIntro)}</p>
        <ul class="app-cards">
            <li class="ds-card"><p class="ds-paragraph">{tr(Key::HomeForGps)}</p></li>
            <li class="ds-card"><p class="ds-paragraph">{tr(Key::HomeForLeaders)}</p></li>
        </ul>
    }
}
