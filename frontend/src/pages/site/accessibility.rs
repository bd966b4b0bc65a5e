//! The accessibility statement (tilgjengelighetserklæring) that Norwegian public bodies must publish.

use leptos::prelude::*;

use crate::i18n::{Key, tr, use_page_title};

/// `/tilgjengelighet`
#[component]
pub fn AccessibilityStatement() -> impl IntoView {
    use_page_title(Key::A11yTitle);
    view! {
        <h1 class="ds-heading" data-size="lg">{tr(Key::A11yTitle)}</h1>
        <p class="ds-paragraph">{tr(Key::A11yIntro)}</p>
        <h2 class="ds-heading" data-size="md">{tr(Key::A11yHowTitle)}</h2>
        <p class="ds-paragraph">{tr(Key::A11yHow)}</p>
        <h2 class="ds-heading" data-size="md">{tr(Key::A11yKnownTitle)}</h2>
        <p class="ds-paragraph">{tr(Key::A11yKnown)}</p>
        <h2 class="ds-heading" data-size="md">{tr(Key::A11yContactTitle)}</h2>
        <p class="ds-paragraph">{tr(Key::A11yContact)}</p>
        <p class="ds-paragraph">
            <a class="ds-link" href="https://www.uutilsynet.no/">{tr(Key::A11yUutilsynetLink)}</a>
        </p>
    }
}
