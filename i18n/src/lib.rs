//! Every text of Legeting, in Norwegian bokmål, Norwegian nynorsk and English, as Fluent catalogues.
//!
//! - `locales/<language>/web.ftl`: the web app's texts (feature `web`, the only one the frontend turns on, so the
//!   mail texts never reach the WebAssembly file).
//! - `locales/<language>/mail.ftl`: the e-mails' texts (feature `mail`, for the server).
//!
//! Messages have named arguments (`{ $count }`) and plurals (`{ $count -> [one] … *[other] … }`). The files are
//! embedded with `include_str!` and parsed per language on first use. `build.rs` fails the build when a file
//! does not parse, when a message is missing in a language, or when a message takes other variables in one
//! language than in another; it also generates each catalogue's `Key` enum from the bokmål file, so a message
//! that does not exist cannot be used.
//!
//! ```
//! # #[cfg(feature = "mail")] {
//! use legeting_i18n::{Language, args, mail::Key};
//! let sent_by = args([("municipality", "Voss herad".into())]);
//! assert_eq!(Key::MailFooterSentBy.format(Language::Nn, &sent_by), "Sendt frå Legeting for Voss herad.");
//! let meetings = args([("count", 1.into())]);
//! assert_eq!(Key::MailDigestMeetings.format(Language::En, &meetings), "1 meeting in the coming month");
//! # }
//! ```
//!
//! What this crate must not do: know about leptos, the server or the database. The language a person reads
//! is decided by the caller (`legeting_shared::Language`).

#[cfg(test)]
mod check;

use std::sync::OnceLock;

use fluent_bundle::FluentResource;
use fluent_bundle::concurrent::FluentBundle;
pub use fluent_bundle::{FluentArgs, FluentValue};
pub use legeting_shared::Language;

type Bundle = FluentBundle<FluentResource>;

/// The no-break space between digit groups of numbers in texts: `1 230`.
pub const NBSP: char = '\u{a0}';

/// Named arguments for a message: `args([("count", 3.into()), ("name", "Kari".into())])`.
pub fn args<'a, const N: usize>(pairs: [(&'a str, FluentValue<'a>); N]) -> FluentArgs<'a> {
    pairs.into_iter().collect()
}

const fn position(language: Language) -> usize {
    match language {
        Language::Nb => 0,
        Language::Nn => 1,
        Language::En => 2,
    }
}

/// One catalogue: its Fluent source per language (bokmål, nynorsk, English) and its message ids, parsed and
/// formatted on first use per language.
pub struct Catalogue {
    sources: [&'static str; 3],
    ids: &'static [&'static str],
    bundles: [OnceLock<Bundle>; 3],
    texts: [OnceLock<Box<[String]>>; 3],
}

impl Catalogue {
    const fn new(sources: [&'static str; 3], ids: &'static [&'static str]) -> Catalogue {
        Catalogue { sources, ids, bundles: [const { OnceLock::new() }; 3], texts: [const { OnceLock::new() }; 3] }
    }

    fn bundle(&self, language: Language) -> &Bundle {
        self.bundles[position(language)].get_or_init(|| {
            let source = self.sources[position(language)].to_owned();
            // `build.rs` refuses files with syntax errors, so the error case keeps what parsed and never happens.
            let resource = FluentResource::try_new(source).unwrap_or_else(|(resource, _)| resource);
            let locale = language.tag().parse().unwrap_or_default();
            let mut bundle = FluentBundle::new_concurrent(vec![locale]);
            // No Unicode isolation marks around arguments: our arguments are names and numbers in the same
            // direction as the text, and the marks would show up in copied text and tests.
            bundle.set_use_isolating(false);
            bundle.set_formatter(Some(format_number));
            // Duplicate ids are refused by `build.rs`; the error case (overriding) cannot happen.
            let _checked_at_build = bundle.add_resource(resource);
            bundle
        })
    }

    /// Format the message `id` in `language` with `args`. An unknown id gives the id itself (the generated keys
    /// make that impossible from Rust code); a missing argument shows as its name, as Fluent does.
    pub fn format(&self, language: Language, id: &str, args: Option<&FluentArgs>) -> String {
        let bundle = self.bundle(language);
        let Some(pattern) = bundle.get_message(id).and_then(|message| message.value()) else {
            return id.to_owned();
        };
        let mut errors = Vec::new();
        bundle.format_pattern(pattern, args, &mut errors).into_owned()
    }

    /// The text of the message at `index` of the generated keys, without arguments, formatted once per language
    /// and kept, so views can hold it as `&'static str`.
    pub fn text(&'static self, language: Language, index: usize) -> &'static str {
        let texts = self.texts[position(language)]
            .get_or_init(|| self.ids.iter().map(|id| self.format(language, id, None)).collect());
        texts.get(index).map_or("", String::as_str)
    }
}

/// Whole numbers with a no-break space between groups of three digits (`1 230`), as Norwegian writes them (and
/// as the English UI has always shown them); other numbers as Fluent formats them.
fn format_number<M>(value: &FluentValue, _memoizer: &M) -> Option<String> {
    let FluentValue::Number(number) = value else { return None };
    let whole = number.value;
    if whole.fract() != 0.0
        || whole.abs() < 1000.0
        || whole.abs() >= 1e15
        || number.options.minimum_fraction_digits.is_some()
    {
        return None;
    }
    // Checked above: a whole number below 10^15, exactly representable as i64.
    #[allow(clippy::cast_possible_truncation)]
    let digits = (whole.abs() as i64).to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 2 + 1);
    if whole < 0.0 {
        out.push('-');
    }
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(NBSP);
        }
        out.push(digit);
    }
    Some(out)
}

macro_rules! catalogue {
    ($name:literal) => {
        include!(concat!(env!("OUT_DIR"), "/", $name, "_keys.rs"));

        /// The catalogue's Fluent sources, embedded.
        pub static CATALOGUE: crate::Catalogue = crate::Catalogue::new(
            [
                include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/locales/nb/", $name, ".ftl")),
                include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/locales/nn/", $name, ".ftl")),
                include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/locales/en/", $name, ".ftl")),
            ],
            Key::IDS,
        );

        impl Key {
            /// The message's text in `language`, for messages without variables.
            pub fn text(self, language: crate::Language) -> &'static str {
                CATALOGUE.text(language, self as usize)
            }

            /// The message formatted in `language` with its named arguments.
            pub fn format(self, language: crate::Language, args: &crate::FluentArgs) -> String {
                CATALOGUE.format(language, self.id(), Some(args))
            }
        }
    };
}

/// The web app's texts (`locales/*/web.ftl`).
#[cfg(feature = "web")]
pub mod web {
    catalogue!("web");
}

/// The e-mails' texts (`locales/*/mail.ftl`).
#[cfg(feature = "mail")]
pub mod mail {
    catalogue!("mail");
}

#[cfg(test)]
mod tests {
    use super::*;

    const LANGUAGES: [&str; 3] = ["nb", "nn", "en"];

    fn source(language: &str, catalogue: &str) -> String {
        let path = format!("{}/locales/{language}/{catalogue}.ftl", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{path}: {error}"))
    }

    /// The same check `build.rs` makes, so `cargo test` reports it with the other tests too.
    fn problems_of(catalogue: &str) -> Vec<String> {
        let mut problems = Vec::new();
        let mut parsed = Vec::new();
        for language in LANGUAGES {
            let (file, errors) = check::parse(language, &source(language, catalogue));
            problems.extend(errors);
            parsed.push((language, file));
        }
        let files: Vec<(&str, &check::Parsed)> = parsed.iter().map(|(language, file)| (*language, file)).collect();
        problems.extend(check::compare(catalogue, &files));
        problems
    }

    #[test]
    fn every_catalogue_parses_and_has_every_message_with_the_same_variables_in_every_language() {
        for catalogue in ["web", "mail"] {
            assert_eq!(problems_of(catalogue), Vec::<String>::new(), "{catalogue}");
        }
    }

    #[test]
    fn the_check_finds_a_missing_message_differing_variables_and_syntax_errors() {
        let (nb, _) = check::parse("nb", "a = A { $count }\nb = B\n");
        let (nn, _) = check::parse("nn", "a = A { $number }\n");
        let problems = check::compare("test", &[("nb", &nb), ("nn", &nn)]);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("`a` takes"), "{problems:?}");
        assert!(problems[1].contains("`b` is missing in nn"), "{problems:?}");
        let (_, broken) = check::parse("en", "a = { $count\nb = B\n");
        assert!(broken.iter().any(|error| error.contains("syntax error")), "{broken:?}");
        let (_, dangling) = check::parse("en", "a = { b }\n");
        assert!(dangling.iter().any(|error| error.contains("refers to `b`")), "{dangling:?}");
        let (_, twice) = check::parse("en", "a = A\na = B\n");
        assert!(twice.iter().any(|error| error.contains("defined twice")), "{twice:?}");
        let (clean, none) = check::parse("en", "# A comment.\n-term = T\na = A { -term }\n");
        assert_eq!((none.len(), clean.order.len()), (0, 2));
    }

    #[test]
    fn variables_inside_plurals_and_attributes_count() {
        let (parsed, problems) = check::parse(
            "nb",
            "a =\n    { $count ->\n        [one] ett { $thing }\n       *[other] { $count } { $things }\n    }\n    .title = { $title }\n",
        );
        assert_eq!(problems, Vec::<String>::new());
        let variables: Vec<String> = parsed.entries["a"].variables.iter().cloned().collect();
        assert_eq!(variables, vec!["count", "thing", "things", "title"]);
    }

    #[test]
    fn message_ids_become_rust_names() {
        assert_eq!(check::rust_name("app-name"), "AppName");
        assert_eq!(check::rust_name("a11y-title"), "A11yTitle");
    }

    #[cfg(feature = "mail")]
    #[test]
    fn plurals_follow_each_languages_rules_and_numbers_are_grouped() {
        use mail::Key;
        let count = |n: i64| args([("count", n.into())]);
        assert_eq!(Key::MailDigestMeetings.format(Language::Nb, &count(1)), "1 møte den neste måneden");
        assert_eq!(Key::MailDigestMeetings.format(Language::Nb, &count(2)), "2 møter den neste måneden");
        assert_eq!(Key::MailDigestMeetings.format(Language::Nn, &count(2)), "2 møte den neste månaden");
        assert_eq!(Key::MailDigestMeetings.format(Language::En, &count(1)), "1 meeting in the coming month");
        assert_eq!(
            Key::MailDigestMeetings.format(Language::En, &count(1230)),
            "1\u{a0}230 meetings in the coming month"
        );
        assert_eq!(
            Key::MailFooterSentBy.format(Language::Nn, &args([("municipality", "Voss herad".into())])),
            "Sendt frå Legeting for Voss herad."
        );
    }

    #[test]
    fn every_message_formats_without_errors_in_every_language() {
        let catalogues: Vec<(&str, &Catalogue, &[&str])> = vec![
            #[cfg(feature = "web")]
            ("web", &web::CATALOGUE, web::Key::IDS),
            #[cfg(feature = "mail")]
            ("mail", &mail::CATALOGUE, mail::Key::IDS),
        ];
        for (name, catalogue, ids) in catalogues {
            for (language, tag) in Language::ALL.into_iter().zip(LANGUAGES) {
                let (parsed, _) = check::parse(tag, &source(tag, name));
                let bundle = catalogue.bundle(language);
                for id in ids {
                    let pattern = bundle.get_message(id).and_then(|message| message.value());
                    let Some(pattern) = pattern else { panic!("{name}: `{id}` has no value in {tag}") };
                    let mut sample = FluentArgs::new();
                    for variable in parsed.entries.get(*id).map(|entry| entry.variables.clone()).unwrap_or_default() {
                        sample.set(variable, 2);
                    }
                    let mut errors = Vec::new();
                    let text = bundle.format_pattern(pattern, Some(&sample), &mut errors);
                    assert!(errors.is_empty(), "{name}: `{id}` in {tag}: {errors:?}");
                    assert!(!text.trim().is_empty(), "{name}: `{id}` is empty in {tag}");
                    assert_eq!(text, text.trim(), "{name}: `{id}` has surrounding white space in {tag}");
                }
            }
        }
    }
}
