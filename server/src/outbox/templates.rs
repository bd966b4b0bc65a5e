//! Rendering e-mails with minijinja: one message model ([`Content`]) and two templates, `templates/mail.txt`
//! and `templates/mail.html`. The HTML template is auto-escaped (by its `.html` name), so names, titles and
//! agenda items from people are always text, never markup. It is written for accessibility: `lang` on the
//! document, one `h1`, `h2` per section, a data table with row headers for the facts, real links with
//! descriptive text, and colours with enough contrast.
//!
//! What each mail says lives with the code that sends it (`schedule.rs`, `people::mails`); this module only knows
//! the shape of a mail.

use std::sync::OnceLock;

use minijinja::{Environment, Value};
use serde::Serialize;

use super::i18n::Lang;

/// A label with a value, e.g. "Når" / "torsdag 14. januar 2027 kl. 18.00–20.00"; a link when `url` is set.
#[derive(Debug, Clone, Serialize)]
pub struct Fact {
    pub label: String,
    pub value: String,
    pub url: Option<String>,
}

/// A link with a descriptive text.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub label: String,
    pub url: String,
}

/// One entry of a section, e.g. an agenda item: "Sak 3/26" + title, with notes (attachments).
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub label: Option<String>,
    pub text: String,
    /// Makes `text` a link.
    pub url: Option<String>,
    pub notes: Vec<String>,
}

/// A titled list, e.g. the agenda; `empty` is shown when it has no items.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    pub heading: String,
    pub items: Vec<Item>,
    pub empty: String,
}

/// Everything one e-mail says, in the order it is shown.
#[derive(Debug, Clone, Serialize)]
pub struct Content {
    pub lang: &'static str,
    pub subject: String,
    /// Who it is from (the municipality), shown above the heading.
    pub sender: String,
    pub heading: String,
    pub greeting: String,
    pub paragraphs: Vec<String>,
    pub facts: Vec<Fact>,
    /// Free text (a meeting's description), one entry per paragraph.
    pub description: Vec<String>,
    pub actions_heading: Option<String>,
    /// The main things to do, shown as buttons.
    pub actions: Vec<Link>,
    pub sections: Vec<Section>,
    pub closing: Vec<String>,
    pub links: Vec<Link>,
    /// Why the person gets this mail.
    pub footer: Vec<String>,
    /// Unsubscribe and preferences.
    pub footer_links: Vec<Link>,
    /// For screen readers: what the container is ("e-post" / "email").
    pub article_label: &'static str,
}

impl Content {
    /// An empty mail in `lang`.
    pub fn new(lang: Lang, subject: String, sender: String, heading: String, greeting: String) -> Content {
        Content {
            lang: lang.code(),
            subject,
            sender,
            heading,
            greeting,
            paragraphs: Vec::new(),
            facts: Vec::new(),
            description: Vec::new(),
            actions_heading: None,
            actions: Vec::new(),
            sections: Vec::new(),
            closing: Vec::new(),
            links: Vec::new(),
            footer: Vec::new(),
            footer_links: Vec::new(),
            article_label: lang.pick("e-post", "email"),
        }
    }
}

/// The rendered bodies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub text: String,
    pub html: String,
}

fn environment() -> &'static Environment<'static> {
    static ENVIRONMENT: OnceLock<Environment<'static>> = OnceLock::new();
    ENVIRONMENT.get_or_init(|| {
        let mut env = Environment::new();
        match minijinja::syntax::SyntaxConfig::builder().trim_blocks(true).lstrip_blocks(true).build() {
            Ok(syntax) => env.set_syntax(syntax),
            Err(error) => tracing::error!(%error, "mail template syntax"),
        }
        // minijinja's HTML escaping also writes `/` as `&#x2f;`, which is correct but makes every link in the
        // source unreadable; `&`, `<`, `>`, `"` and `'` are what matter.
        env.set_formatter(|out, state, value| {
            if *state.auto_escape() == minijinja::AutoEscape::Html && !value.is_safe() && value.as_str().is_some() {
                out.write_str(&escape_html(value.as_str().unwrap_or_default()))
                    .map_err(|e| minijinja::Error::new(minijinja::ErrorKind::WriteFailure, e.to_string()))
            } else {
                minijinja::escape_formatter(out, state, value)
            }
        });
        // The templates are compiled into the binary and checked by the tests; a broken one is a build bug.
        for (name, source) in
            [("mail.txt", include_str!("templates/mail.txt")), ("mail.html", include_str!("templates/mail.html"))]
        {
            if let Err(error) = env.add_template(name, source) {
                tracing::error!(%error, name, "a mail template does not compile");
            }
        }
        env
    })
}

fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
    out
}

/// Render both bodies of a mail.
pub fn render(content: &Content) -> anyhow::Result<Rendered> {
    let env = environment();
    let context = Value::from(minijinja::value::Serde(content));
    let text = env.get_template("mail.txt")?.render(&context)?;
    let html = env.get_template("mail.html")?.render(&context)?;
    Ok(Rendered { text: tidy_text(&text), html: tidy_html(&html) })
}

/// A standalone mail to one person from `content`: text and HTML. Should the (compiled-in, tested) templates
/// ever fail, the mail still goes as `fallback` text, so what it must say (a link, a warning) is not lost.
pub fn mail_to(content: &Content, name: &str, email: &str, fallback: String) -> crate::mail::Mail {
    let (text, html) = match render(content) {
        Ok(rendered) => (rendered.text, Some(rendered.html)),
        Err(error) => {
            tracing::error!(%error, subject = %content.subject, "could not render a mail");
            (fallback, None)
        }
    };
    crate::mail::Mail {
        to_name: name.to_owned(),
        to_email: email.to_owned(),
        subject: content.subject.clone(),
        text,
        html,
        ..crate::mail::Mail::default()
    }
}

/// At most one blank line in a row, no trailing spaces (except the signature separator `-- `), one final newline.
fn tidy_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.lines() {
        let line = if line == "-- " { line } else { line.trim_end() };
        if line.is_empty() {
            blank += 1;
            if blank > 1 || out.is_empty() {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// Drop the empty lines the template's control flow leaves.
fn tidy_html(html: &str) -> String {
    html.lines().filter(|line| !line.trim().is_empty()).collect::<Vec<_>>().join("\n") + "\n"
}

/// Split free text into paragraphs (at blank lines), each with its lines joined.
pub fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(|p| p.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(lang: Lang) -> Content {
        let mut content = Content::new(
            lang,
            "Innkalling: ALU-møte".into(),
            "Bærum kommune".into(),
            "ALU-møte <script>".into(),
            "Hei Kari & Ola!".into(),
        );
        content.paragraphs.push("Du er invitert.".into());
        content.facts.push(Fact { label: "Når".into(), value: "torsdag kl. 18.00".into(), url: None });
        content.facts.push(Fact {
            label: "Video".into(),
            value: "https://meet.example/alu".into(),
            url: Some("https://meet.example/alu".into()),
        });
        content.actions.push(Link { label: "Jeg kommer".into(), url: "https://legeting.example/svar?token=a".into() });
        content.sections.push(Section {
            heading: "Saksliste".into(),
            items: vec![Item {
                label: Some("Sak 1/27".into()),
                text: "Legevakt \"Sandvika\"".into(),
                url: Some("https://legeting.example/moter/1?a=<b>".into()),
                notes: vec!["Vedlegg: saksframlegg.pdf".into()],
            }],
            empty: "Ingen saker ennå.".into(),
        });
        content.footer.push("Du får denne e-posten fordi du er invitert.".into());
        content
    }

    #[test]
    fn html_is_escaped_accessible_and_has_real_links() {
        let rendered = render(&sample(Lang::Nb)).expect("renders");
        let html = &rendered.html;
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"nb\">"), "{html}");
        assert!(
            html.contains(
                "<h1 style=\"margin:0 0 1rem;font-size:24px;line-height:1.25;\">ALU-møte &lt;script&gt;</h1>"
            )
        );
        assert!(html.contains("Hei Kari &amp; Ola!"));
        assert!(!html.contains("<script>"));
        assert!(html.contains("<a href=\"https://legeting.example/svar?token=a\""), "{html}");
        assert!(html.contains("<th scope=\"row\""));
        assert!(html.contains("<h2 style=\"margin:1.5rem 0 0.5rem;font-size:20px;\">Saksliste</h2>"));
        assert!(
            html.contains(
                "<strong>Sak 1/27</strong> <a href=\"https://legeting.example/moter/1?a=&lt;b&gt;\" \
                 style=\"color:#0062ba;\">Legevakt &quot;Sandvika&quot;</a>"
            ),
            "{html}"
        );
    }

    #[test]
    fn text_is_plain_and_tidy() {
        let rendered = render(&sample(Lang::En)).expect("renders");
        let text = &rendered.text;
        assert!(
            text.starts_with(
                "Hei Kari & Ola!\n\nDu er invitert.\n\nNår: torsdag kl. 18.00\nVideo: https://meet.example/alu\n"
            ),
            "{text}"
        );
        assert!(text.contains("Jeg kommer:\nhttps://legeting.example/svar?token=a\n"), "{text}");
        assert!(
            text.contains(
                "Saksliste\n- Sak 1/27 Legevakt \"Sandvika\" (https://legeting.example/moter/1?a=<b>)\n  \
                 Vedlegg: saksframlegg.pdf\n"
            ),
            "{text}"
        );
        assert!(text.contains("\n-- \nDu får denne e-posten fordi du er invitert.\n"), "{text}");
        assert!(!text.contains("\n\n\n"), "{text}");
        assert!(render(&sample(Lang::En)).expect("renders").html.contains("<html lang=\"en\">"));
    }

    #[test]
    fn paragraphs_split_at_blank_lines() {
        assert_eq!(paragraphs("En\nto\n\n\ntre\n"), vec!["En to".to_owned(), "tre".to_owned()]);
        assert!(paragraphs("  \n").is_empty());
    }
}
