//! The page shell around every page: skip link, header (product name, navigation, the municipality choice,
//! the signed-in person with "sign out", the switch between bokmål, nynorsk and English), the `<main>` landmark and the footer with the
//! accessibility statement.
//!
//! After each client-side navigation, focus moves to the new page's `<h1>`, so keyboard and screen-reader
//! users start reading at the new content.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_navigate};

use crate::api;
use crate::forms::focus_heading;
use crate::i18n::{Key, Lang, tr, use_i18n};
use crate::session::{Session, use_session};

/// The id of the `<main>` element, the skip link's target.
pub const MAIN_ID: &str = "main";

/// Header, main landmark and footer around `children`.
#[component]
pub fn Shell(children: Children) -> impl IntoView {
    let pathname = use_location().pathname;
    Effect::new(move |previous: Option<String>| {
        let path = pathname.get();
        if previous.is_some_and(|previous| previous != path) {
            focus_heading();
        }
        path
    });
    view! {
        <a class="ds-skip-link" href=format!("#{MAIN_ID}")>{tr(Key::SkipToContent)}</a>
        <header class="app-header">
            <div class="app-header__inner">
                <A href="/" attr:class="app-brand">
                    <span class="app-brand__name">{tr(Key::AppName)}</span>
                </A>
                <Navigation />
                <div class="app-header__tools">
                    <MunicipalityChoice />
                    <UserMenu />
                    <LanguageSwitch />
                </div>
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

/// The language switch: one button for each language the page is not in (bokmål, English, nynorsk, in that
/// order), each named in its own language with its `lang`, so a reader finds their language and a screen reader
/// pronounces it right. The choice is remembered in this browser.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let others = move || [Lang::Nb, Lang::En, Lang::Nn].into_iter().filter(move |lang| *lang != i18n.lang());
    view! {
        <div class="app-lang-switch" role="group" aria-label=tr(Key::LanguageSwitchGroup)>
            {move || {
                others()
                    .map(|lang| {
                        view! {
                            <button
                                type="button"
                                class="ds-button app-lang"
                                data-variant="tertiary"
                                data-size="sm"
                                lang=lang.tag()
                                aria-label=Key::SwitchLanguageLabel.text(lang)
                                on:click=move |_| i18n.set_lang(lang)
                            >
                                {Key::SwitchLanguage.text(lang)}
                            </button>
                        }
                    })
                    .collect_view()
            }}
        </div>
    }
}

/// The main menu, by role: everyone's daily pages first, then the administration pages. On a phone the menu
/// folds away behind a "Menu" button (a disclosure: `aria-expanded`, `aria-controls`) and folds again after each
/// navigation; on wider screens it is always shown and the button is hidden.
#[component]
fn Navigation() -> impl IntoView {
    let session = use_session();
    let signed_in = Memo::new(move |_| session.is_signed_in());
    let sees_people = Memo::new(move |_| session.sees_people());
    let member = Memo::new(move |_| session.is_member());
    let letters = Memo::new(move |_| session.reads_letters());
    let admin = Memo::new(move |_| session.is_admin());
    let gp = Memo::new(move |_| session.is_gp());
    let obligation = Memo::new(move |_| session.sees_obligation());
    let figures = Memo::new(move |_| session.sees_figures());
    let compensation = Memo::new(move |_| session.sees_compensation());
    let pay = Memo::new(move |_| session.sees_pay());
    let open = RwSignal::new(false);
    let pathname = use_location().pathname;
    Effect::new(move |_| {
        pathname.track();
        open.set(false);
    });
    view! {
        <nav aria-label=tr(Key::MainNavigation) class="app-nav">
            <button
                type="button"
                class="ds-button app-nav__toggle"
                data-variant="secondary"
                data-size="sm"
                aria-expanded=move || if open.get() { "true" } else { "false" }
                aria-controls="main-menu"
                data-testid="menu-toggle"
                on:click=move |_| open.update(|o| *o = !*o)
            >
                {tr(Key::MenuButton)}
            </button>
            <div id="main-menu" class="app-nav__menu" data-open=move || open.get().then_some("true")>
                <ul>
                    <li><A href="/" exact=true>{tr(Key::NavHome)}</A></li>
                    <Show when=move || signed_in.get()>
                        <li><A href="/moter">{tr(Key::NavMeetings)}</A></li>
                    </Show>
                    <Show when=move || member.get()>
                        <li><A href="/utvalg">{tr(Key::NavBodies)}</A></li>
                    </Show>
                    <Show when=move || letters.get()>
                        <li><A href="/informasjon">{tr(Key::NavLetters)}</A></li>
                    </Show>
                    <Show when=move || signed_in.get()>
                        <li><A href="/oppgaver">{tr(Key::NavActionItems)}</A></li>
                    </Show>
                    <Show when=move || gp.get()>
                        <li><A href="/innsjekk">{tr(Key::NavCheckIn)}</A></li>
                    </Show>
                    <Show when=move || obligation.get()>
                        <li><A href="/moteplikt">{tr(Key::NavObligation)}</A></li>
                    </Show>
                    <Show when=move || figures.get()>
                        <li><A href="/deltakelse">{tr(Key::NavParticipation)}</A></li>
                    </Show>
                    <Show when=move || compensation.get()>
                        <li><A href="/godtgjoring">{tr(Key::NavCompensation)}</A></li>
                    </Show>
                    <Show when=move || signed_in.get()>
                        <li><A href="/sok">{tr(Key::NavSearch)}</A></li>
                    </Show>
                </ul>
                <ul class="app-nav__secondary" aria-label=tr(Key::NavAdministration)>
                    <Show when=move || sees_people.get()>
                        <li><A href="/personer" exact=true>{tr(Key::NavPeople)}</A></li>
                    </Show>
                    <Show when=move || member.get()>
                        <li><A href="/kontorer">{tr(Key::NavOffices)}</A></li>
                    </Show>
                    <Show when=move || admin.get()>
                        <li><A href="/personer/import">{tr(Key::NavImport)}</A></li>
                        <li><A href="/logg">{tr(Key::NavAudit)}</A></li>
                        <li><A href="/utsendelser">{tr(Key::OutboxTitle)}</A></li>
                    </Show>
                    <Show when=move || pay.get()>
                        <li><A href="/satser">{tr(Key::NavRates)}</A></li>
                    </Show>
                    <li><A href="/status">{tr(Key::NavStatus)}</A></li>
                </ul>
            </div>
        </nav>
    }
}

/// The choice of municipality, shown only to people who belong to more than one.
#[component]
fn MunicipalityChoice() -> impl IntoView {
    let session = use_session();
    let several = Memo::new(move |_| session.municipalities().len() > 1);
    view! {
        <Show when=move || several.get()>
            <div class="ds-field app-municipality">
                <label class="ds-label" data-size="sm" for="municipality-choice">
                    {tr(Key::MunicipalityChoice)}
                </label>
                <select
                    class="ds-input"
                    data-size="sm"
                    data-width="auto"
                    id="municipality-choice"
                    on:change=move |ev| session.choose_municipality(event_target_value(&ev))
                >
                    {move || {
                        let current = session.municipality_id();
                        session
                            .municipalities()
                            .into_iter()
                            .map(|m| {
                                let selected = Some(&m.id) == current.as_ref();
                                view! {
                                    <option value=m.id selected=selected>
                                        {m.name}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
            </div>
        </Show>
    }
}

/// Sign out of this browser and go to the sign-in page.
pub fn sign_out(session: Session, navigate: impl Fn(&str, NavigateOptions) + 'static) {
    spawn_local(async move {
        // Signed out either way: a failed call most likely means the session had already ended.
        let _either_way = api::logout().await;
        session.set_me(None);
        session.set_flash(Key::SignedOutNotice);
        navigate("/innlogging", NavigateOptions::default());
    });
}

/// The signed-in person's name (leading to their profile) and "sign out"; "sign in" for everybody else.
#[component]
fn UserMenu() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let name = Memo::new(move |_| session.name());
    move || {
        if !session.is_loaded() {
            return ().into_any();
        }
        match name.get() {
            Some(name) => {
                let navigate = navigate.clone();
                view! {
                    <div class="app-user">
                        <A href="/profil" attr:class="ds-link app-user__name">
                            <span class="ds-sr-only">{tr(Key::ProfileLinkPrefix)}</span>
                            <span data-testid="user-name">{name}</span>
                        </A>
                        <button
                            type="button"
                            class="ds-button"
                            data-variant="secondary"
                            data-size="sm"
                            data-testid="sign-out"
                            on:click=move |_| sign_out(session, navigate.clone())
                        >
                            {tr(Key::SignOut)}
                        </button>
                    </div>
                }
                    .into_any()
            }
            None => view! {
                <A href="/innlogging" attr:class="ds-button app-sign-in" attr:data-variant="secondary" attr:data-size="sm" attr:data-testid="sign-in">
                    {tr(Key::SignIn)}
                </A>
            }
                .into_any(),
        }
    }
}
