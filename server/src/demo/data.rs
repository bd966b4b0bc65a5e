//! The demo data set, made without a database: a pure, deterministic function of [`SEED`].
//!
//! Bærum (3201) gets 105 GPs in 35 offices and Asker (3203) 40 GPs in 12, as in `DOMAIN.md`; about 63 % of
//! the GPs are specialists and 21 % salaried, list sizes lie between 600 and 1,500, some GPs have open
//! places, and a few have left (inactive, kept for statistics). Each municipality has an administrator, a
//! leader (kommunalsjef), a secretary (kommuneoverlege) and a guest (a hospital representative), and the
//! installation has one installation administrator.
//!
//! Every section of the data set draws from its own PRNG, seeded from [`SEED`] and the section's number
//! ([`Section`]). A later section (meetings, attendance) adds a `Section` and reads the people generated here;
//! it never draws from their PRNG, so adding it leaves the people exactly as they are.

use std::collections::HashSet;

use legeting_shared::people::{Employment, Role};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

/// The seed of every PRNG of the demo. Same seed, same demo (within one version of `rand`).
pub const SEED: u64 = 2026;

/// The password of everyone in the demo except the GPs, who sign in with e-mail links.
pub const PASSWORD: &str = "legeting-demo";

/// Every demo e-mail address ends in this domain.
pub const DOMAIN: &str = "demo.legeting.no";

/// The share of GPs who are specialists in general practice (DOMAIN.md: ~63 %).
pub const SPECIALIST_SHARE: f64 = 0.63;

/// The share of GPs who are salaried rather than self-employed (DOMAIN.md: ~21 %).
pub const SALARIED_SHARE: f64 = 0.21;

/// The most GPs one office gets.
const MAX_GPS_PER_OFFICE: usize = 9;

/// The independent parts of the data set, each with its own PRNG. Append new ones; never renumber.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// Names, shared by everyone so no two people have the same name.
    Names = 1,
    /// GPs: offices, HPR numbers, specialist/salaried, list sizes.
    Gps = 2,
    /// Bodies, meetings and attendance (`meetings.rs`).
    Meetings = 3,
}

/// A PRNG for one section of the data set.
pub fn rng(section: Section) -> StdRng {
    StdRng::seed_from_u64(SEED.wrapping_mul(1_000).wrapping_add(section as u64))
}

/// The whole demo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoData {
    pub municipalities: Vec<DemoMunicipality>,
    /// May manage every municipality; has no municipality roles of its own.
    pub installation_admin: DemoPerson,
}

impl DemoData {
    /// Everyone, municipality by municipality, then the installation administrator.
    pub fn people(&self) -> impl Iterator<Item = &DemoPerson> {
        self.municipalities.iter().flat_map(|m| m.people.iter()).chain(std::iter::once(&self.installation_admin))
    }
}

/// A municipality with its offices and people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoMunicipality {
    pub name: &'static str,
    pub number: &'static str,
    pub offices: Vec<DemoOffice>,
    /// The staff first, then the GPs office by office.
    pub people: Vec<DemoPerson>,
}

impl DemoMunicipality {
    /// The GPs, including those who have left.
    pub fn gps(&self) -> impl Iterator<Item = &DemoPerson> {
        self.people.iter().filter(|p| p.roles.contains(&Role::Gp))
    }

    /// The GPs still working here.
    pub fn active_gps(&self) -> impl Iterator<Item = &DemoPerson> {
        self.gps().filter(|p| p.active)
    }

    /// Everyone who is not a GP: administrator, leader, secretary, guest.
    pub fn staff(&self) -> impl Iterator<Item = &DemoPerson> {
        self.people.iter().filter(|p| !p.roles.contains(&Role::Gp))
    }
}

/// A GP office (legekontor).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoOffice {
    pub name: &'static str,
    pub address: &'static str,
    /// The office's part of its GPs' e-mail domain, e.g. `sandvika-legesenter`.
    pub slug: String,
}

/// A person and what they are in their municipality.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoPerson {
    pub name: String,
    pub email: String,
    /// What they do, for the sign-in summary: "fastlege", "kommunalsjef", …
    pub title: &'static str,
    pub roles: Vec<Role>,
    pub installation_admin: bool,
    /// Signs in with [`PASSWORD`]; otherwise with e-mail links.
    pub has_password: bool,
    pub hpr_number: Option<String>,
    /// Index into the municipality's offices.
    pub office: Option<usize>,
    pub specialist: bool,
    pub employment: Option<Employment>,
    pub list_size: Option<i64>,
    pub open_list_places: Option<i64>,
    pub active: bool,
}

impl DemoPerson {
    fn staff(name: String, email: String, title: &'static str, roles: Vec<Role>) -> DemoPerson {
        DemoPerson {
            name,
            email,
            title,
            roles,
            installation_admin: false,
            has_password: true,
            hpr_number: None,
            office: None,
            specialist: false,
            employment: None,
            list_size: None,
            open_list_places: None,
            active: true,
        }
    }
}

/// What a municipality of the demo looks like.
struct Plan {
    name: &'static str,
    number: &'static str,
    /// The municipality's part of its staff's e-mail domain.
    slug: &'static str,
    /// Name and address of every office.
    offices: &'static [(&'static str, &'static str)],
    active_gps: usize,
    departed_gps: usize,
    /// The guest's organisation, for the summary.
    guest_title: &'static str,
}

const PLANS: [Plan; 2] = [
    Plan {
        name: "Bærum",
        number: "3201",
        slug: "baerum",
        offices: BAERUM_OFFICES,
        active_gps: 105,
        departed_gps: 3,
        guest_title: "sykehusrepresentant, Vestre Viken HF",
    },
    Plan {
        name: "Asker",
        number: "3203",
        slug: "asker",
        offices: ASKER_OFFICES,
        active_gps: 40,
        departed_gps: 1,
        guest_title: "sykehusrepresentant, Vestre Viken HF",
    },
];

const BAERUM_OFFICES: &[(&str, &str)] = &[
    ("Sandvika legesenter", "Rådmann Halmrasts vei 12, 1337 Sandvika"),
    ("Sandvika sentrum legekontor", "Brodtkorbs gate 7, 1338 Sandvika"),
    ("Bekkestua legekontor", "Gamle Ringeriksvei 44, 1357 Bekkestua"),
    ("Stabekk legesenter", "Gamle Drammensvei 71, 1369 Stabekk"),
    ("Rykkinn legesenter", "Rykkinnveien 100, 1349 Rykkinn"),
    ("Bærums Verk legesenter", "Verksgata 4, 1353 Bærums Verk"),
    ("Eiksmarka legekontor", "Eiksveien 90, 1359 Eiksmarka"),
    ("Høvik legesenter", "Høvikveien 6, 1363 Høvik"),
    ("Blommenholm legekontor", "Blommenholmveien 2, 1365 Blommenholm"),
    ("Lysaker legesenter", "Lysaker torg 15, 1366 Lysaker"),
    ("Fornebu legesenter", "Rolfsbuktveien 4, 1364 Fornebu"),
    ("Kolsås legesenter", "Kolsåsstien 10, 1352 Kolsås"),
    ("Gjettum legekontor", "Gjettumveien 21, 1346 Gjettum"),
    ("Hosle legekontor", "Hosleveien 38, 1347 Hosle"),
    ("Haslum legesenter", "Haslumveien 30, 1344 Haslum"),
    ("Østerås legesenter", "Østeråsveien 2, 1361 Østerås"),
    ("Jar legekontor", "Jarveien 18, 1358 Jar"),
    ("Grav legesenter", "Gravs vei 5, 1357 Bekkestua"),
    ("Tanum legekontor", "Tanumveien 10, 1341 Slependen"),
    ("Slependen legesenter", "Slependveien 52, 1341 Slependen"),
    ("Snarøya legekontor", "Snarøyveien 80, 1367 Snarøya"),
    ("Nadderud legesenter", "Nadderudveien 50, 1357 Bekkestua"),
    ("Ramstad legekontor", "Ramstadsletta 5, 1363 Høvik"),
    ("Ringstabekk legekontor", "Ringstabekkveien 105, 1358 Jar"),
    ("Lommedalen legesenter", "Lommedalsveien 260, 1350 Lommedalen"),
    ("Hauger legekontor", "Hauger skolevei 1, 1351 Rud"),
    ("Rud legesenter", "Rudsletta 24, 1351 Rud"),
    ("Bjørnegård legekontor", "Bjørnegårdsvingen 3, 1337 Sandvika"),
    ("Valler legesenter", "Vallerveien 140, 1363 Høvik"),
    ("Vøyenenga legekontor", "Vøyenenga 10, 1340 Skui"),
    ("Skui legesenter", "Skuiveien 30, 1340 Skui"),
    ("Helset legekontor", "Helsetveien 8, 1348 Rykkinn"),
    ("Emma Hjorth legesenter", "Emma Hjorths vei 50, 1336 Sandvika"),
    ("Kirkerud legekontor", "Kirkerudbakken 2, 1353 Bærums Verk"),
    ("Jong legesenter", "Jongsåsveien 1, 1338 Sandvika"),
];

const ASKER_OFFICES: &[(&str, &str)] = &[
    ("Asker sentrum legesenter", "Strandveien 10, 1383 Asker"),
    ("Heggedal legesenter", "Heggedalsbakken 3, 1389 Heggedal"),
    ("Vollen legekontor", "Vollenveien 4, 1390 Vollen"),
    ("Slemmestad legesenter", "Slemmestadveien 420, 3470 Slemmestad"),
    ("Holmen legekontor", "Holmensvingen 2, 1394 Nesbru"),
    ("Nesbru legesenter", "Nesbruveien 75, 1394 Nesbru"),
    ("Billingstad legekontor", "Billingstadsletta 30, 1396 Billingstad"),
    ("Hvalstad legesenter", "Hvalstadåsen 1, 1395 Hvalstad"),
    ("Borgen legekontor", "Borgenveien 12, 1388 Borgen"),
    ("Røyken legesenter", "Katrineåsveien 1, 3440 Røyken"),
    ("Sætre legekontor", "Storgata 20, 3475 Sætre"),
    ("Spikkestad legesenter", "Spikkestadveien 40, 3430 Spikkestad"),
];

#[rustfmt::skip]
const FIRST_NAMES: &[&str] = &[
    "Anne", "Inger", "Kari", "Marit", "Ingrid", "Liv", "Eva", "Berit", "Astrid", "Bjørg", "Hilde", "Anna", "Solveig",
    "Marianne", "Randi", "Ida", "Nina", "Maria", "Elisabeth", "Kristin", "Silje", "Camilla", "Tone", "Hanne", "Mari",
    "Ingeborg", "Ragnhild", "Sigrid", "Åse", "Synnøve", "Nora", "Thea", "Ingvild", "Guro", "Trine", "Heidi",
    "Fatima", "Leila", "Agnieszka", "Sofia", "Jan", "Per", "Bjørn", "Ole", "Lars", "Kjell", "Knut", "Arne", "Svein",
    "Thomas", "Hans", "Geir", "Tor", "Morten", "Terje", "Odd", "Erik", "Martin", "Andreas", "Jon", "Rune", "Trond",
    "Anders", "Harald", "Espen", "Øyvind", "Magnus", "Henrik", "Kristian", "Sindre", "Eirik", "Håkon", "Sigurd",
    "Torbjørn", "Jørgen", "Vegard", "Aksel", "Ali", "Amir", "Piotr",
];

#[rustfmt::skip]
const LAST_NAMES: &[&str] = &[
    "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen", "Jensen", "Karlsen",
    "Johnsen", "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen", "Johannessen", "Andreassen", "Jacobsen", "Dahl",
    "Jørgensen", "Halvorsen", "Henriksen", "Lund", "Sørensen", "Moen", "Gundersen", "Iversen", "Strand", "Solberg",
    "Svendsen", "Eide", "Knutsen", "Martinsen", "Paulsen", "Bakken", "Kristoffersen", "Mathisen", "Lie", "Amundsen",
    "Nguyen", "Rasmussen", "Lunde", "Solheim", "Berge", "Moe", "Nygård", "Bakke", "Fredriksen", "Holm", "Lien",
    "Hauge", "Christensen", "Andresen", "Nielsen", "Knudsen", "Evensen", "Sæther", "Aas", "Myhre", "Ahmed",
    "Haugland", "Thomassen", "Sivertsen", "Simonsen", "Danielsen", "Berntsen", "Sandvik", "Rønning", "Arnesen",
    "Næss", "Vik", "Ellingsen", "Thorsen", "Birkeland", "Isaksen", "Ruud", "Strøm", "Tangen", "Ødegård", "Kowalski",
    "Rahman",
];

/// Hands out first-and-last-name pairs, never the same twice.
struct Names {
    rng: StdRng,
    used: HashSet<(usize, usize)>,
}

impl Names {
    fn new() -> Names {
        Names { rng: rng(Section::Names), used: HashSet::new() }
    }

    /// A new (first, last) pair. There are ~6,600 pairs and the demo uses ~160, so this ends quickly.
    fn next(&mut self) -> (&'static str, &'static str) {
        loop {
            let pair = (self.rng.gen_range(0..FIRST_NAMES.len()), self.rng.gen_range(0..LAST_NAMES.len()));
            if self.used.insert(pair) {
                return (FIRST_NAMES[pair.0], LAST_NAMES[pair.1]);
            }
        }
    }
}

/// Lower-case ASCII for e-mail addresses: æ → ae, ø → o, å → a; anything else not a letter or digit → `-`.
pub fn ascii_slug(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.to_lowercase().chars() {
        match c {
            'æ' => slug.push_str("ae"),
            'ø' | 'ö' | 'ó' | 'ò' => slug.push('o'),
            'å' | 'ä' | 'á' | 'à' => slug.push('a'),
            'é' | 'è' | 'ê' => slug.push('e'),
            'ü' | 'ú' => slug.push('u'),
            c if c.is_ascii_alphanumeric() => slug.push(c),
            _ => {
                if !slug.is_empty() && !slug.ends_with('-') {
                    slug.push('-');
                }
            }
        }
    }
    slug.trim_end_matches('-').to_owned()
}

/// `fornavn.etternavn`
fn local_part(first: &str, last: &str) -> String {
    format!("{}.{}", ascii_slug(first), ascii_slug(last))
}

/// The whole demo data set. Pure: every call gives the same value.
pub fn generate() -> DemoData {
    let mut names = Names::new();
    let mut rng = rng(Section::Gps);
    let mut hpr_numbers = HashSet::new();
    let municipalities = PLANS.iter().map(|plan| municipality(plan, &mut names, &mut rng, &mut hpr_numbers)).collect();
    let (first, last) = names.next();
    let mut installation_admin =
        DemoPerson::staff(format!("{first} {last}"), format!("drift@{DOMAIN}"), "installasjonsadministrator", vec![]);
    installation_admin.installation_admin = true;
    DemoData { municipalities, installation_admin }
}

fn municipality(plan: &Plan, names: &mut Names, rng: &mut StdRng, hpr_numbers: &mut HashSet<u32>) -> DemoMunicipality {
    let offices: Vec<DemoOffice> =
        plan.offices.iter().map(|&(name, address)| DemoOffice { name, address, slug: ascii_slug(name) }).collect();

    let staff_domain = format!("{}.{DOMAIN}", plan.slug);
    let mut people: Vec<DemoPerson> = [
        ("admin", "administrator", Role::Administrator),
        ("kommunalsjef", "kommunalsjef", Role::Leader),
        ("kommuneoverlege", "kommuneoverlege", Role::Secretary),
        ("gjest", plan.guest_title, Role::Guest),
    ]
    .into_iter()
    .map(|(mailbox, title, role)| {
        let (first, last) = names.next();
        DemoPerson::staff(format!("{first} {last}"), format!("{mailbox}@{staff_domain}"), title, vec![role])
    })
    .collect();

    // Every office gets one active GP, the rest are spread at random up to the cap.
    let mut sizes = vec![1usize; offices.len()];
    for _ in offices.len()..plan.active_gps {
        loop {
            let office = rng.gen_range(0..offices.len());
            if sizes[office] < MAX_GPS_PER_OFFICE {
                sizes[office] += 1;
                break;
            }
        }
    }
    let mut placements: Vec<(usize, bool)> =
        sizes.iter().enumerate().flat_map(|(office, &size)| std::iter::repeat_n((office, true), size)).collect();
    for _ in 0..plan.departed_gps {
        placements.push((rng.gen_range(0..offices.len()), false));
    }

    // Exact shares, placed at random: `round(share × n)` of the GPs, chosen by shuffling.
    let chosen = |rng: &mut StdRng, share: f64| -> Vec<bool> {
        let n = placements.len();
        let count = (share * n as f64).round() as usize;
        let mut flags: Vec<bool> = (0..n).map(|i| i < count).collect();
        flags.shuffle(rng);
        flags
    };
    let specialists = chosen(rng, SPECIALIST_SHARE);
    let salaried = chosen(rng, SALARIED_SHARE);

    for (i, &(office, active)) in placements.iter().enumerate() {
        let (first, last) = names.next();
        let hpr = loop {
            let candidate: u32 = rng.gen_range(1_000_000..=9_999_999);
            if hpr_numbers.insert(candidate) {
                break candidate;
            }
        };
        let list_size = rng.gen_range(60..=150) * 10;
        let open_list_places = if active && rng.gen_bool(0.25) { rng.gen_range(1..=15) * 10 } else { 0 };
        people.push(DemoPerson {
            name: format!("{first} {last}"),
            email: format!("{}@{}.{DOMAIN}", local_part(first, last), offices[office].slug),
            title: "fastlege",
            roles: vec![Role::Gp],
            installation_admin: false,
            has_password: false,
            hpr_number: Some(hpr.to_string()),
            office: Some(office),
            specialist: specialists[i],
            employment: Some(if salaried[i] { Employment::Salaried } else { Employment::SelfEmployed }),
            list_size: Some(list_size),
            open_list_places: Some(open_list_places),
            active,
        });
    }
    DemoMunicipality { name: plan.name, number: plan.number, offices, people }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::people::model::{Email, HprNumber, PersonName};

    fn by_name<'a>(data: &'a DemoData, name: &str) -> &'a DemoMunicipality {
        data.municipalities.iter().find(|m| m.name == name).expect("the municipality is in the demo")
    }

    #[test]
    fn two_runs_give_the_same_demo() {
        assert_eq!(generate(), generate());
    }

    #[test]
    fn baerum_and_asker_have_the_sizes_of_the_domain() {
        let data = generate();
        let baerum = by_name(&data, "Bærum");
        assert_eq!(baerum.number, "3201");
        assert_eq!(baerum.offices.len(), 35);
        assert_eq!(baerum.active_gps().count(), 105);
        assert_eq!(baerum.gps().filter(|p| !p.active).count(), 3);
        let asker = by_name(&data, "Asker");
        assert_eq!(asker.number, "3203");
        assert_eq!(asker.offices.len(), 12);
        assert_eq!(asker.active_gps().count(), 40);
    }

    #[test]
    fn every_office_has_an_active_gp_and_none_is_overfull() {
        for municipality in generate().municipalities {
            for (index, office) in municipality.offices.iter().enumerate() {
                let gps = municipality.active_gps().filter(|p| p.office == Some(index)).count();
                assert!((1..=MAX_GPS_PER_OFFICE).contains(&gps), "{} has {gps} GPs", office.name);
            }
        }
    }

    #[test]
    fn every_municipality_has_its_staff_and_one_installation_administrator_exists() {
        let data = generate();
        for municipality in &data.municipalities {
            for role in [Role::Administrator, Role::Leader, Role::Secretary, Role::Guest] {
                let holders = municipality.staff().filter(|p| p.roles == [role]).count();
                assert_eq!(holders, 1, "{} needs one {role:?}", municipality.name);
            }
            assert!(municipality.staff().all(|p| p.has_password));
            assert!(municipality.gps().all(|p| !p.has_password), "GPs sign in with links");
        }
        assert_eq!(data.people().filter(|p| p.installation_admin).count(), 1);
        assert!(data.installation_admin.has_password);
    }

    #[test]
    fn e_mails_names_and_hpr_numbers_are_unique_and_valid() {
        let data = generate();
        let mut emails = HashSet::new();
        let mut names = HashSet::new();
        let mut hpr_numbers = HashSet::new();
        for person in data.people() {
            let email = Email::parse(&person.email).expect("a valid e-mail");
            assert_eq!(email.as_str(), person.email, "stored as parsed");
            assert!(person.email.is_ascii() && person.email.ends_with(DOMAIN), "{}", person.email);
            assert!(emails.insert(person.email.clone()), "duplicate e-mail {}", person.email);
            assert_eq!(PersonName::parse(&person.name).map(|n| n.as_str().to_owned()), Ok(person.name.clone()));
            assert!(names.insert(person.name.clone()), "duplicate name {}", person.name);
            if let Some(hpr) = &person.hpr_number {
                assert_eq!(hpr.len(), 7);
                assert!(HprNumber::parse(hpr).is_ok());
                assert!(hpr_numbers.insert(hpr.clone()), "duplicate HPR number {hpr}");
            }
        }
        assert_eq!(hpr_numbers.len(), data.municipalities.iter().map(|m| m.gps().count()).sum::<usize>());
    }

    #[test]
    fn gp_e_mails_name_the_person_and_the_office() {
        let data = generate();
        let baerum = by_name(&data, "Bærum");
        let gp = baerum.gps().next().expect("a GP");
        let office = &baerum.offices[gp.office.expect("an office")];
        let (first, last) = gp.name.split_once(' ').expect("first and last name");
        assert_eq!(gp.email, format!("{}.{}@{}.demo.legeting.no", ascii_slug(first), ascii_slug(last), office.slug));
    }

    #[test]
    fn shares_and_list_sizes_are_realistic() {
        for municipality in generate().municipalities {
            let gps: Vec<&DemoPerson> = municipality.gps().collect();
            let share = |count: usize| count as f64 / gps.len() as f64;
            let specialists = share(gps.iter().filter(|p| p.specialist).count());
            assert!((0.60..=0.66).contains(&specialists), "{}: {specialists}", municipality.name);
            let salaried = share(gps.iter().filter(|p| p.employment == Some(Employment::Salaried)).count());
            assert!((0.18..=0.24).contains(&salaried), "{}: {salaried}", municipality.name);
            for gp in &gps {
                let size = gp.list_size.expect("a list size");
                assert!((600..=1500).contains(&size));
                assert!((0..=size).contains(&gp.open_list_places.expect("open places")));
            }
            assert!(gps.iter().any(|p| p.open_list_places > Some(0)), "some GPs have open places");
        }
    }

    #[test]
    fn slugs_fold_norwegian_letters() {
        assert_eq!(ascii_slug("Bærums Verk legesenter"), "baerums-verk-legesenter");
        assert_eq!(ascii_slug("Østerås  legesenter"), "osteras-legesenter");
        assert_eq!(ascii_slug("Håkon"), "hakon");
        assert_eq!(ascii_slug("Anne-Lise"), "anne-lise");
    }
}
