//! The page shell around every page: skip link, header (product name, navigation, language switch),
//! the `<main>` landmark and the footer with the accessibility statement.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::{Key, tr, use_i18n};

/// The id of the `<main>` element, the skip link's target.
pub const MAIN_ID: &str = "main";

/// Header, main landmark and footer around `children`.
#[component]
pub fn Shell(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let switch_language = move |_| i18n.set_lang(i18n.lang().other());
    view! {
        <a class="ds-skip-link" href=format!("#{MAIN_ID}")>{tr(Key::SkipToContent)}</a>
        <header class="app-header">
            <div class="app-header__inner">
                <A href="/" attr:class="app-brand">
                    <span class="app-brand__name">{tr(Key::AppName)}</span>
                </A>
                <nav aria-label=tr(Key::MainNavigation) class="app-nav">
                    <ul>
                        <li><A href="/" exact=true>{tr(Key::NavHome)}</A></li>
                        <li><A href="/status">{tr(Key::NavStatus)}</A></li>
                    </ul>
                </nav>
                <button
                    type="button"
                    class="ds-button app-lang"
                    data-variant="tertiary"
                    data-size="sm"
                    lang=move || i18n.lang().other().tag()
                    aria-label=tr(Key::SwitchLanguageLabel)
                    on:click=switch_language
                >
                    {tr(Key::SwitchLanguage)}
                </button>
            </div>
        </header>
        <main id=MAIN_ID tabindex="-1" class="app-main">
            {children()}
        </main>
        <footer class="app-footer">
            <div class="app-footer__inner">
                <p class="ds-paragraph" data-size="sm">{tr(Key::FooterAbout)}</p>
                <A href="/tilgjengelighet" attr:class="ds-link">{tr(Key::FooterAccessibility)}</A>
            </div>
        </footer>
    }
}
