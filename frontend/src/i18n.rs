//! Translations: the language context of the web app, over the web catalogue of `legeting-i18n`.
//!
//! Every user-visible text is a message of `i18n/locales/<language>/web.ftl` (bokmål, nynorsk, English), used
//! through its generated [`Key`]: a key missing from the catalogue does not compile, and the catalogue's build
//! fails when a message is missing in a language or takes other arguments there. Texts without arguments come
//! as `&'static str` ([`I18n::t`], [`tr`]); texts with named arguments and plurals through [`I18n::t_args`].
//!
//! The language is chosen with the switch in the header (remembered in `localStorage`), or comes from the
//! signed-in person's profile, or from their municipality's written standard when they have not chosen one
//! ([`language_for`]). It is mirrored on `<html lang>` so screen readers pronounce the page right.

pub use legeting_i18n::FluentValue;
pub use legeting_i18n::web::Key;
use legeting_shared::people::WrittenStandard;
use leptos::prelude::*;

/// The languages the UI speaks (`nb`, `nn`, `en`); bokmål is the default.
pub type Lang = legeting_shared::Language;

/// The language a signed-in person reads: their own choice, else their municipality's written standard (bokmål
/// or nynorsk), else (a language-neutral municipality) the language the browser already shows.
pub fn language_for(chosen: Option<Lang>, standard: Option<WrittenStandard>, current: Lang) -> Lang {
    match (chosen, standard) {
        (Some(chosen), _) => chosen,
        (None, Some(WrittenStandard::Nb)) => Lang::Nb,
        (None, Some(WrittenStandard::Nn)) => Lang::Nn,
        (None, Some(WrittenStandard::Neutral) | None) => current,
    }
}

/// The language state of the app, provided as context at the root.
#[derive(Debug, Clone, Copy)]
pub struct I18n {
    lang: RwSignal<Lang>,
}

const STORAGE_KEY: &str = "legeting.lang";

impl I18n {
    /// The current language (reactive).
    pub fn lang(&self) -> Lang {
        self.lang.get()
    }

    /// The text of `key` in the current language (reactive), for messages without arguments.
    pub fn t(&self, key: Key) -> &'static str {
        key.text(self.lang.get())
    }

    /// The text of `key` in the current language with its named arguments (reactive):
    /// `i18n.t_args(Key::LivePresent, [("count", 3.into())])`.
    pub fn t_args<const N: usize>(&self, key: Key, args: [(&str, FluentValue<'_>); N]) -> String {
        key.format(self.lang.get(), &legeting_i18n::args(args))
    }

    /// Switch language, remember the choice and update `<html lang>`.
    pub fn set_lang(&self, lang: Lang) {
        self.lang.set(lang);
        if let Some(storage) = window().local_storage().ok().flatten() {
            let _ignored = storage.set_item(STORAGE_KEY, lang.tag());
        }
    }

    /// The current language, without tracking it.
    pub fn lang_untracked(&self) -> Lang {
        self.lang.get_untracked()
    }

    /// Show `lang` without remembering it as this browser's choice (the municipality's written standard).
    pub fn show_lang(&self, lang: Lang) {
        if self.lang.get_untracked() != lang {
            self.lang.set(lang);
        }
    }

    /// Whether a language was chosen in this browser (with the header's switch, or by signing in as someone
    /// who chose one).
    pub fn chosen_in_this_browser(&self) -> bool {
        stored_language().is_some()
    }
}

/// The language chosen in this browser, if any.
fn stored_language() -> Option<Lang> {
    window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|storage| storage.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|tag| Lang::from_tag(&tag))
}

/// Provide the language context, starting from the stored choice (or bokmål).
pub fn provide_i18n() {
    let lang = RwSignal::new(stored_language().unwrap_or_default());
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let _ignored = root.set_attribute("lang", lang.get().tag());
        }
    });
    provide_context(I18n { lang });
}

/// The language context. Panics only if called outside the app root, which is a programming error.
pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// A reactive text for views: `{tr(Key::NavHome)}`.
pub fn tr(key: Key) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let i18n = use_i18n();
    move || i18n.t(key)
}

/// Keep `document.title` as "<page> – Legeting" in the current language.
pub fn use_page_title(key: Key) {
    let i18n = use_i18n();
    Effect::new(move |_| {
        let title = format!("{} – {}", i18n.t(key), i18n.t(Key::AppName));
        document().set_title(&title);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_without_arguments_is_trimmed_and_non_empty_in_every_language() {
        for key in Key::ALL.iter().filter(|key| key.variables().is_empty()) {
            for lang in Lang::ALL {
                let text = key.text(lang);
                assert!(!text.is_empty(), "{key:?} is empty in {lang:?}");
                assert_eq!(text, text.trim(), "{key:?} has surrounding white space in {lang:?}");
            }
        }
    }

    #[test]
    fn the_languages_differ_except_for_names() {
        let same_in = |a: Lang, b: Lang| -> Vec<Key> {
            Key::ALL.iter().copied().filter(|key| key.variables().is_empty() && key.text(a) == key.text(b)).collect()
        };
        assert_eq!(same_in(Lang::Nb, Lang::En), vec![Key::AppName, Key::StatusDatabase], "untranslated English");
        // «Open» is nynorsk too.
        assert_eq!(
            same_in(Lang::Nn, Lang::En),
            vec![Key::AppName, Key::StatusDatabase, Key::ActionOpen, Key::LiveOpen],
            "untranslated English"
        );
    }

    #[test]
    fn nynorsk_is_written_as_nynorsk() {
        // Bokmål words that a nynorsk text must not contain (as whole words), with what nynorsk writes.
        let bokmal = [
            ("ikke", "ikkje"),
            ("hva", "kva"),
            ("hvem", "kven"),
            ("jeg", "eg"),
            ("hvis", "dersom"),
            ("noe", "noko"),
            ("fra", "frå"),
            ("utvalg", "utval"),
            ("fastleger", "fastlegar"),
            ("lagret", "lagra"),
            ("allerede", "alt"),
            ("begynner", "byrjar"),
            ("ble", "vart"),
            ("mye", "mykje"),
            ("noen", "nokon"),
            ("hver", "kvar"),
            ("være", "vere"),
            ("bare", "berre"),
            ("gjøre", "gjere"),
            ("uten", "utan"),
            ("nå", "no"),
            ("hvor", "kor"),
            ("ennå", "enno"),
            ("vises", "blir vist"),
            ("lenken", "lenkja"),
            ("kommende", "komande"),
            ("tidligere", "tidlegare"),
            ("årlig", "årleg"),
            ("velg", "vel"),
            ("tjeneste", "teneste"),
            ("endringer", "endringar"),
            ("personer", "personar"),
        ];
        for key in Key::ALL {
            let text = key.format(Lang::Nn, &legeting_i18n::args([("count", 2.into())])).to_lowercase();
            let words: Vec<&str> = text.split(|c: char| !c.is_alphanumeric() && c != '-').collect();
            for (word, nynorsk) in bokmal.iter().filter(|(word, nynorsk)| word != nynorsk) {
                assert!(
                    !words.contains(word),
                    "{key:?} has the bokmål «{word}» in nynorsk (write «{nynorsk}»): {text}"
                );
            }
        }
    }

    #[test]
    fn counts_use_each_languages_plural() {
        let count = |lang: Lang, n: i64| Key::Recipients.format(lang, &legeting_i18n::args([("count", n.into())]));
        assert_eq!(count(Lang::Nb, 1), "1 mottaker");
        assert_eq!(count(Lang::Nb, 3), "3 mottakere");
        assert_eq!(count(Lang::Nn, 3), "3 mottakarar");
        assert_eq!(count(Lang::En, 1), "1 recipient");
        assert_eq!(count(Lang::En, 1230), "1\u{a0}230 recipients");
    }

    #[test]
    fn a_persons_choice_wins_over_the_municipalitys_standard() {
        assert_eq!(language_for(Some(Lang::En), Some(WrittenStandard::Nn), Lang::Nb), Lang::En);
        assert_eq!(language_for(None, Some(WrittenStandard::Nn), Lang::Nb), Lang::Nn);
        assert_eq!(language_for(None, Some(WrittenStandard::Nb), Lang::Nn), Lang::Nb);
        assert_eq!(language_for(None, Some(WrittenStandard::Neutral), Lang::En), Lang::En);
        assert_eq!(language_for(None, None, Lang::Nn), Lang::Nn);
    }
}
