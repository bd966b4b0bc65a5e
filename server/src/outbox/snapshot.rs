//! Test support: a composed mail written out whole for snapshot tests (`insta`), so a change to any text,
//! date, link or calendar line of any mail shows up in review; and the fixtures every mail's snapshots share.
//! Only compiled for tests.

use super::i18n::Lang;
use super::notify::{FooterLinks, Origin, Recipient};
use crate::mail::Mail;

/// The mail as one reviewable text: headers, the plain text, the HTML and the calendar. Two things in a calendar
/// change from run to run without meaning anything: DTSTAMP (the moment the file was made) is masked, and the
/// parameters of a property (`ATTENDEE;CN=…;PARTSTAT=…`), which the calendar library writes in any order, are
/// sorted.
pub fn describe(mail: &Mail) -> String {
    let mut out = format!("To: {} <{}>\n", mail.to_name, mail.to_email);
    if let Some(from) = &mail.from_name {
        out.push_str(&format!("From: {from}\n"));
    }
    if let Some(reply_to) = &mail.reply_to {
        out.push_str(&format!("Reply-To: {reply_to}\n"));
    }
    out.push_str(&format!("Subject: {}\n", mail.subject));
    if let Some(one_click) = &mail.list_unsubscribe {
        out.push_str(&format!("List-Unsubscribe: {one_click}\n"));
    }
    out.push_str("\n===== text =====\n");
    out.push_str(&mail.text);
    if let Some(html) = &mail.html {
        out.push_str("\n===== html =====\n");
        out.push_str(html);
    }
    if let Some(calendar) = &mail.calendar {
        out.push_str(&format!("\n===== calendar ({}) =====\n", calendar.method));
        // Unfolded, so that a property is one line whatever its length.
        for line in calendar.ics.replace("\r\n ", "").lines() {
            out.push_str(&calendar_line(line));
            out.push('\n');
        }
    }
    out
}

fn calendar_line(line: &str) -> String {
    if line.starts_with("DTSTAMP:") {
        return "DTSTAMP:[when the file was made]".to_owned();
    }
    let Some((head, value)) = line.split_once(':') else { return line.to_owned() };
    let mut parts: Vec<&str> = head.split(';').collect();
    if parts.len() < 3 {
        return line.to_owned();
    }
    parts[1..].sort_unstable();
    format!("{}:{value}", parts.join(";"))
}

/// Every language a recipient can have, in the order the snapshots are named.
pub const LANGUAGES: [Lang; 3] = Lang::ALL;

/// The recipient of every snapshot: Kari Nordmann, in `lang`.
pub fn kari(lang: Lang) -> Recipient {
    Recipient { id: "person-kari".into(), name: "Kari Nordmann".into(), email: "kari@lege.test".into(), lang }
}

/// Footer links as the shell would sign them (the tokens are placeholders).
pub fn footer_links() -> FooterLinks {
    FooterLinks {
        one_click: "https://legeting.example/api/unsubscribe/unsubscribe-token".into(),
        page: "https://legeting.example/avmelding?token=unsubscribe-token".into(),
        settings: "https://legeting.example/profil".into(),
    }
}

/// The sender of every snapshot.
pub fn baerum() -> Origin {
    Origin {
        municipality_id: "municipality-baerum".into(),
        municipality_name: "Bærum kommune".into(),
        meeting_id: None,
        reply_to: None,
    }
}

/// Thursday 14 January 2027, 18:00 in Oslo (17:00 UTC).
pub const THURSDAY_EVENING: i64 = 1_799_946_000_000;
/// One hour.
pub const HOUR: i64 = 3_600_000;
/// One day.
pub const DAY: i64 = 86_400_000;
