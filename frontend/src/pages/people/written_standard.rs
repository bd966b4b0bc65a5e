//! The municipality's written standard (målform: bokmål, nynorsk or neutral), set by its administrators on the
//! offices page. People who have not chosen a language themselves read the app and their e-mails in it.

use legeting_shared::people::{MunicipalityInput, WrittenStandard};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::forms::{ErrorSummary, Form, Notice, SelectField};
use crate::i18n::{Key, tr, use_i18n};
use crate::session::use_session;

/// The label of a written standard.
fn label(standard: WrittenStandard) -> Key {
    match standard {
        WrittenStandard::Nb => Key::WrittenStandardNb,
        WrittenStandard::Nn => Key::WrittenStandardNn,
        WrittenStandard::Neutral => Key::WrittenStandardNeutral,
    }
}

/// The form: one choice and a save button. Shown to the current municipality's administrators.
#[component]
pub fn WrittenStandardSetting() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let municipality = Memo::new(move |_| session.municipality());
    let form = Form::new("written-standard", &["written_standard"]);
    let standard = RwSignal::new(String::new());
    Effect::new(move |_| {
        let current = municipality.with(|m| m.as_ref().map(|m| m.written_standard)).unwrap_or_default();
        standard.set(current.tag().to_owned());
    });
    let notice = RwSignal::new(None::<Key>);
    let options = Signal::derive(move || {
        WrittenStandard::ALL.iter().map(|s| (s.tag().to_owned(), i18n.t(label(*s)).to_owned())).collect::<Vec<_>>()
    });
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        notice.set(None);
        let Some(current) = municipality.get_untracked() else { return };
        if !form.begin() {
            return;
        }
        let input = MunicipalityInput {
            name: current.name.clone(),
            number: current.number.clone(),
            written_standard: Some(WrittenStandard::from_tag(&standard.get_untracked())),
        };
        spawn_local(async move {
            match api::update_municipality(&current.id, &input).await {
                Ok(_) => {
                    form.done();
                    notice.set(Some(Key::WrittenStandardSaved));
                    // The memberships carry the standard: read them again so the app follows it at once.
                    if let Ok(me) = api::me().await {
                        session.set_me(me);
                    }
                }
                Err(failure) => form.fail_api(&failure),
            }
        });
    };
    view! {
        <section class="app-section" aria-labelledby="written-standard-heading">
            <h2 class="ds-heading" data-size="sm" id="written-standard-heading">{tr(Key::WrittenStandardTitle)}</h2>
            <p class="ds-paragraph">{tr(Key::WrittenStandardIntro)}</p>
            <form class="app-form" novalidate on:submit=submit>
                <ErrorSummary form />
                <SelectField form field="written_standard" label=Key::WrittenStandardLabel value=standard options />
                <button
                    type="submit"
                    class="ds-button"
                    data-testid="save-written-standard"
                    aria-disabled=move || form.is_busy().then_some("true")
                >
                    {tr(Key::WrittenStandardSave)}
                </button>
                <Notice message=notice />
            </form>
        </section>
    }
}
