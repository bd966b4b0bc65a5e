//! Demo letters: the municipal chief medical officer's monthly information to the GPs over the last half
//! year, and two announcements, all published (and, as far as the archive says, mailed to every GP).

use legeting_shared::letters::{LetterAudience, LetterKind};

const DAY_MS: i64 = 86_400_000;

/// One letter of the demo, published `days_ago` days before seeding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoLetter {
    pub kind: LetterKind,
    pub audience: LetterAudience,
    pub title: String,
    pub body: String,
    pub days_ago: i64,
}

impl DemoLetter {
    /// When it was published, given the seeding time.
    pub fn published_at(&self, now: i64) -> i64 {
        now - self.days_ago * DAY_MS
    }
}

/// The letters of one municipality, oldest first.
pub fn letters(municipality: &str) -> Vec<DemoLetter> {
    let information = |days_ago: i64, title: &str, paragraphs: &[&str]| DemoLetter {
        kind: LetterKind::Information,
        audience: LetterAudience::Gps,
        title: title.to_owned(),
        body: paragraphs.join("\n\n"),
        days_ago,
    };
    let mut letters = vec![
        information(
            175,
            "Informasjon fra kommuneoverlegen – juni",
            &[
                "Kjære fastleger,",
                &format!(
                    "Takk for godt oppmøte på allmennlegemøtet i mai. Referatet ligger i Legeting under møtet. \
                     {municipality} kommune har fått på plass ny avtale om hospitering på sykehjem; meld interesse \
                     til kommuneoverlegen."
                ),
                "Sommerferie: husk å melde fravær og vikar til kommunen innen 15. juni, slik at listeinnbyggerne \
                 får beskjed i tide.",
                "God sommer!",
            ],
        ),
        information(
            115,
            "Informasjon fra kommuneoverlegen – august",
            &[
                "Kjære fastleger,",
                "Influensavaksinasjonen starter i uke 42. Vaksiner bestilles som før gjennom kommunen; \
                 fordelingsnøkkelen sendes ut i september.",
                "Samarbeidsutvalget (SU) har høstens første møte i september. Saker meldes inn gjennom \
                 allmennlegeutvalget (ALU).",
            ],
        ),
        DemoLetter {
            kind: LetterKind::Announcement,
            audience: LetterAudience::Everyone,
            title: "Nytt nummer til legevakten".into(),
            body: "Legevakten har fått nytt direktenummer for helsepersonell. Nummeret står i tjenestekatalogen.\n\n\
                   Det gamle nummeret virker ut året."
                .into(),
            days_ago: 90,
        },
        information(
            55,
            "Informasjon fra kommuneoverlegen – oktober",
            &[
                "Kjære fastleger,",
                "Husk det årlige møtet med kommunen: alle fastleger skal delta på minst ett møte i året. Se hva du \
                 har registrert under «Møteplikt» i Legeting.",
                "Kommunen ønsker innspill til ny plan for legevakt og øyeblikkelig hjelp. Send innspill til ALU \
                 innen 1. desember.",
            ],
        ),
        information(
            25,
            "Informasjon fra kommuneoverlegen – november",
            &[
                "Kjære fastleger,",
                "Årets siste allmennlegemøte holdes i desember med tema samhandling med hjemmetjenesten. \
                 Innkallingen kommer i Legeting; svar gjerne med ett klikk i e-posten.",
                "Godtgjøring for deltakelse i kommunale møter følger særavtalen (SFS 2305) og satsene i ASA 4310. \
                 Oversikten finner du under «Godtgjøring».",
            ],
        ),
    ];
    letters.push(DemoLetter {
        kind: LetterKind::Announcement,
        audience: LetterAudience::Gps,
        title: "Kurs i akuttmedisin for fastleger".into(),
        body: "Kommunen arrangerer kurs i akuttmedisin over to dager i januar. Kurset er godkjent som emnekurs.\n\n\
               Påmelding gjennom kommuneoverlegen."
            .into(),
        days_ago: 10,
    });
    letters
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_letters_are_published_in_order_and_mostly_information() {
        let letters = letters("Bærum");
        assert!(letters.windows(2).all(|w| w[0].days_ago > w[1].days_ago), "oldest first");
        assert_eq!(letters.iter().filter(|l| l.kind == LetterKind::Information).count(), 4);
        assert!(letters[0].body.contains("Bærum kommune"));
        assert!(letters.iter().all(|l| !l.title.is_empty() && l.body.contains("\n\n")));
    }
}
