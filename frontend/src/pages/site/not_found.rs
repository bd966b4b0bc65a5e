//! Shown for any path the router does not know.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::{Key, tr, use_page_title};

/// Fallback route.
#[component]
pub fn NotFound() -> impl IntoView {
    use_page_title(Key::NotFoundTitle);
    view! {
        <h1 class="ds-heading" data-size="lg">{tr(Key::NotFoundTitle)}</h1>
        <p class="ds-paragraph">{tr(Key::NotFoundText)}</p>
        <p class="ds-paragraph"><A href="/" attr:class="ds-link">{tr(Key::NotFoundHome)}</A></p>
    }
}
