//! Translations: every user-visible string of the app, in Norwegian bokmål and English.
//!
//! The catalogue is one macro invocation: each key lists its `nb` and `en` text. A key that lacks a language
//! does not match the macro and fails the build, and a key used in a view but missing here is a compile error,
//! so a missing translation can never reach a user. The tests below add the checks the compiler cannot make
//! (no empty or untrimmed texts).
//!
//! The language is chosen with the switch in the header, remembered in `localStorage`, and mirrored on
//! `<html lang>` so screen readers pronounce the page right.

use leptos::prelude::*;

/// The languages the UI speaks. Bokmål is the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Nb,
    En,
}

impl Lang {
    /// The BCP 47 tag, as used in `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Nb => "nb",
            Lang::En => "en",
        }
    }

    /// Parse a stored or requested tag; unknown tags give `None`.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        match tag {
            "nb" | "no" | "nb-NO" => Some(Lang::Nb),
            "en" | "en-GB" | "en-US" => Some(Lang::En),
            _ => None,
        }
    }

    /// The other language (the switch offers it).
    pub fn other(self) -> Lang {
        match self {
            Lang::Nb => Lang::En,
            Lang::En => Lang::Nb,
        }
    }
}

macro_rules! catalogue {
    ($($key:ident { nb: $nb:literal, en: $en:literal $(,)? })*) => {
        /// A translatable text. Add new texts to the catalogue below.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Key { $($key),* }

        impl Key {
            /// Every key, for tests.
            pub const ALL: &'static [Key] = &[$(Key::$key),*];

            /// The text of this key in `lang`.
            pub fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((Key::$key, Lang::Nb) => $nb, (Key::$key, Lang::En) => $en,)*
                }
            }
        }
    };
}

catalogue! {
    AppName { nb: "Legeting", en: "Legeting" }
    AppTagline { nb: "Møter og medvirkning for kommunen og fastlegene", en: "Meetings and participation for the municipality and its GPs" }
    SkipToContent { nb: "Hopp til hovedinnhold", en: "Skip to main content" }
    MainNavigation { nb: "Hovedmeny", en: "Main menu" }
    NavHome { nb: "Forside", en: "Home" }
    NavStatus { nb: "Driftsstatus", en: "System status" }
    SwitchLanguage { nb: "English", en: "Norsk (bokmål)" }
    SwitchLanguageLabel { nb: "Change language to English", en: "Bytt språk til Norsk (bokmål)" }
    FooterAccessibility { nb: "Tilgjengelighetserklæring", en: "Accessibility statement" }
    FooterAbout { nb: "Legeting er en tjeneste for kommunen og fastlegene.", en: "Legeting is a service for the municipality and its GPs." }
    HomeTitle { nb: "Velkommen til Legeting", en: "Welcome to Legeting" }
    HomeIntro { nb: "Her samarbeider kommunen og fastlegene om utvalg og møter: allmennlegeutvalget, samarbeidsutvalget, storlegemøter, det årlige møtet med kommunen, helsefellesskapet og kurs.", en: "Here the municipality and its GPs work together in committees and meetings: the GP committee, the cooperation committee, all-GP meetings, the annual meeting with the municipality, the health community and courses." }
    HomeForGps { nb: "For fastleger: se kommende møter, svar på innkallinger, meld forfall og gi innspill – også fra mobilen.", en: "For GPs: see upcoming meetings, answer notices, send notice of absence and give input – also from your phone." }
    HomeForLeaders { nb: "For kommunen: se hvem som deltar, følg opp det årlige møtet og godtgjør deltakelse riktig.", en: "For the municipality: see who takes part, follow up the annual meeting and pay for participation correctly." }
    StatusTitle { nb: "Driftsstatus", en: "System status" }
    StatusIntro { nb: "Slik svarer tjeneren akkurat nå.", en: "This is how the server answers right now." }
    StatusLoading { nb: "Henter status …", en: "Fetching status …" }
    StatusServer { nb: "Tjener", en: "Server" }
    StatusDatabase { nb: "Database", en: "Database" }
    StatusVersion { nb: "Versjon", en: "Version" }
    StatusMigrations { nb: "Databaseoppdateringer", en: "Database migrations" }
    StatusOk { nb: "I drift", en: "Running" }
    StatusDegraded { nb: "Redusert: databasen svarer ikke", en: "Degraded: the database does not answer" }
    StatusRefresh { nb: "Sjekk på nytt", en: "Check again" }
    StatusTableCaption { nb: "Status for tjeneren", en: "Server status" }
    StatusWhat { nb: "Hva", en: "What" }
    StatusValue { nb: "Verdi", en: "Value" }
    ErrorUnreachable { nb: "Får ikke kontakt med tjeneren. Sjekk nettforbindelsen og prøv igjen.", en: "Cannot reach the server. Check your connection and try again." }
    ErrorUnexpected { nb: "Noe gikk galt hos oss. Prøv igjen om litt.", en: "Something went wrong on our side. Please try again shortly." }
    NotFoundTitle { nb: "Fant ikke siden", en: "Page not found" }
    NotFoundText { nb: "Siden du leter etter finnes ikke, eller den er flyttet.", en: "The page you are looking for does not exist, or it has moved." }
    NotFoundHome { nb: "Gå til forsiden", en: "Go to the home page" }
    A11yTitle { nb: "Tilgjengelighetserklæring", en: "Accessibility statement" }
    A11yIntro { nb: "Legeting skal kunne brukes av alle, også med skjermleser, bare tastatur, forstørrelse eller på mobil. Løsningen er laget for å oppfylle kravene i WCAG 2.1 nivå AA, slik forskrift om universell utforming av IKT krever for offentlige virksomheter.", en: "Legeting is meant to be usable by everyone, also with a screen reader, keyboard only, magnification or on a phone. It is built to meet WCAG 2.1 level AA, as the Norwegian regulation on universal design of ICT requires of public bodies." }
    A11yHowTitle { nb: "Slik sjekker vi", en: "How we check" }
    A11yHow { nb: "Hver side testes automatisk med axe-core i en nettleser for hver endring, på norsk og engelsk. Vi bruker Digdirs designsystem, som er laget for universell utforming.", en: "Every page is tested automatically with axe-core in a browser for every change, in Norwegian and English. We use Digdir's design system, which is built for universal design." }
    A11yKnownTitle { nb: "Kjente mangler", en: "Known issues" }
    A11yKnown { nb: "Vi kjenner ikke til brudd på kravene nå. Finner du noe som ikke fungerer, vil vi gjerne høre om det.", en: "We know of no breaches of the requirements at present. If you find something that does not work, we want to hear about it." }
    A11yContactTitle { nb: "Gi oss tilbakemelding", en: "Give us feedback" }
    A11yContact { nb: "Kontakt kommunen som driver denne løsningen. Du kan også klage til Tilsynet for universell utforming av ikt (Uutilsynet).", en: "Contact the municipality that runs this service. You can also complain to the Norwegian Authority for Universal Design of ICT (Uutilsynet)." }
    A11yUutilsynetLink { nb: "Uutilsynet: meld fra om nettsider og apper", en: "Uutilsynet: report websites and apps (Norwegian)" }
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

    /// The text of `key` in the current language (reactive).
    pub fn t(&self, key: Key) -> &'static str {
        key.text(self.lang.get())
    }

    /// Switch language, remember the choice and update `<html lang>`.
    pub fn set_lang(&self, lang: Lang) {
        self.lang.set(lang);
        if let Some(storage) = window().local_storage().ok().flatten() {
            let _ignored = storage.set_item(STORAGE_KEY, lang.tag());
        }
    }
}

/// Provide the language context, starting from the stored choice (or bokmål).
pub fn provide_i18n() {
    let stored = window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|storage| storage.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|tag| Lang::from_tag(&tag));
    let lang = RwSignal::new(stored.unwrap_or_default());
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
    fn every_key_has_a_trimmed_non_empty_text_in_both_languages() {
        for key in Key::ALL {
            for lang in [Lang::Nb, Lang::En] {
                let text = key.text(lang);
                assert!(!text.is_empty(), "{key:?} is empty in {lang:?}");
                assert_eq!(text, text.trim(), "{key:?} has surrounding white space in {lang:?}");
            }
        }
    }

    #[test]
    fn norwegian_and_english_differ_except_for_names() {
        let same: Vec<_> = Key::ALL.iter().filter(|key| key.text(Lang::Nb) == key.text(Lang::En)).collect();
        assert_eq!(same, vec![&Key::AppName, &Key::StatusDatabase], "texts that look untranslated");
    }

    #[test]
    fn language_tags_round_trip() {
        for lang in [Lang::Nb, Lang::En] {
            assert_eq!(Lang::from_tag(lang.tag()), Some(lang));
            assert_eq!(lang.other().other(), lang);
        }
        assert_eq!(Lang::from_tag("sv"), None);
    }
}
