//! The demo's bodies, meetings and attendance over three years (2024–2026), made without a database.
//!
//! Each municipality gets its GP committee (ALU: a chair and six GPs, four meetings a year, counting towards
//! the annual obligation) and cooperation committee (LSU: four GPs, three meetings a year), three all-GP
//! meetings (storlegemøter) a year for every active GP, and individual annual dialogues with about a third of
//! the GPs each year. Attendance follows each GP's own habit: about one GP in six goes to nearly everything,
//! the rest seldom, which gives the ~30 % attendance at all-GP meetings that municipalities report. Some
//! absences are excused. Times are local (Europe/Oslo); the seeding decides what is past from the clock.

use rand::Rng;
use rand::seq::SliceRandom;

use super::data::{DemoData, Section, rng};

/// The years the demo covers.
pub const YEARS: [i32; 3] = [2024, 2025, 2026];

/// A body of a municipality.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoBody {
    pub name: &'static str,
    pub kind: &'static str,
    pub counts_for_obligation: bool,
    pub preparation_minutes: i64,
    pub travel_minutes: i64,
    /// (index into the municipality's people, body role)
    pub members: Vec<(usize, &'static str)>,
}

/// How an invitee took part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Took {
    InPerson,
    Remote,
    Excused,
    Absent,
}

impl Took {
    pub fn as_str(self) -> &'static str {
        match self {
            Took::InPerson => "in_person",
            Took::Remote => "remote",
            Took::Excused => "excused",
            Took::Absent => "absent",
        }
    }
}

/// A meeting with its invitees and what each did (used only if the meeting is over when seeded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoMeeting {
    /// Index into the municipality's bodies.
    pub body: Option<usize>,
    pub kind: &'static str,
    pub title: String,
    /// Local time, `YYYY-MM-DDTHH:MM`.
    pub starts_local: String,
    pub ends_local: String,
    pub location: &'static str,
    /// (index into the municipality's people, what they did)
    pub invitees: Vec<(usize, Took)>,
}

/// One municipality's bodies and meetings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoMeetings {
    pub bodies: Vec<DemoBody>,
    pub meetings: Vec<DemoMeeting>,
}

fn took(rng: &mut impl Rng, attend_chance: f64) -> Took {
    let roll: f64 = rng.r#gen();
    if roll < attend_chance {
        if rng.gen_bool(0.25) { Took::Remote } else { Took::InPerson }
    } else if rng.gen_bool(0.3) {
        Took::Excused
    } else {
        Took::Absent
    }
}

/// Generate the bodies and meetings of every municipality of `data`, in the same order.
pub fn generate(data: &DemoData) -> Vec<DemoMeetings> {
    let mut rng = rng(Section::Meetings);
    data.municipalities
        .iter()
        .map(|municipality| {
            let gps: Vec<usize> = municipality
                .people
                .iter()
                .enumerate()
                .filter(|(_, p)| p.active && p.roles.contains(&legeting_shared::people::Role::Gp))
                .map(|(i, _)| i)
                .collect();
            // Each GP's habit: the chance they come to an all-GP meeting.
            let habit: Vec<f64> = gps
                .iter()
                .map(|_| if rng.gen_bool(0.16) { rng.gen_range(0.75..0.95) } else { rng.gen_range(0.05..0.25) })
                .collect();
            let mut shuffled = gps.clone();
            shuffled.shuffle(&mut rng);
            let alu: Vec<usize> = shuffled.iter().take(7).copied().collect();
            let lsu: Vec<usize> = shuffled.iter().skip(7).take(4).copied().collect();
            let mut bodies = vec![
                DemoBody {
                    name: "Allmennlegeutvalget",
                    kind: "gp_committee",
                    counts_for_obligation: true,
                    preparation_minutes: 60,
                    travel_minutes: 30,
                    members: alu
                        .iter()
                        .enumerate()
                        .map(|(n, &p)| (p, if n == 0 { "chair" } else { "member" }))
                        .collect(),
                },
                DemoBody {
                    name: "Samarbeidsutvalget",
                    kind: "cooperation_committee",
                    counts_for_obligation: false,
                    preparation_minutes: 60,
                    travel_minutes: 30,
                    members: lsu.iter().map(|&p| (p, "member")).collect(),
                },
            ];
            if let Some(secretary) = municipality.people.iter().position(|p| p.title == "kommuneoverlege") {
                bodies[0].members.push((secretary, "secretary"));
                bodies[1].members.push((secretary, "secretary"));
            }
            let mut meetings = Vec::new();
            for year in YEARS {
                for (month, day) in [(2, 12), (5, 7), (10, 15)] {
                    let invitees = gps.iter().zip(&habit).map(|(&p, &chance)| (p, took(&mut rng, chance))).collect();
                    meetings.push(DemoMeeting {
                        body: None,
                        kind: "all_gp_meeting",
                        title: format!("Storlegemøte {month}/{year}"),
                        starts_local: format!("{year}-{month:02}-{day:02}T18:00"),
                        ends_local: format!("{year}-{month:02}-{day:02}T20:30"),
                        location: "Kommunegården, store sal",
                        invitees,
                    });
                }
                for (body_index, dates) in
                    [(0, &[(1, 23), (4, 17), (9, 11), (12, 4)][..]), (1, &[(3, 5), (6, 11), (11, 12)][..])]
                {
                    for &(month, day) in dates {
                        let invitees =
                            bodies[body_index].members.iter().map(|&(p, _)| (p, took(&mut rng, 0.85))).collect();
                        meetings.push(DemoMeeting {
                            body: Some(body_index),
                            kind: "committee_meeting",
                            title: format!("{} {day}.{month}.{year}", bodies[body_index].name),
                            starts_local: format!("{year}-{month:02}-{day:02}T17:00"),
                            ends_local: format!("{year}-{month:02}-{day:02}T19:00"),
                            location: "Rådhuset, møterom 2",
                            invitees,
                        });
                    }
                }
                let mut dialogue_gps = gps.clone();
                dialogue_gps.shuffle(&mut rng);
                for (n, &gp) in dialogue_gps.iter().take(gps.len() / 3).enumerate() {
                    let month = 3 + (n % 9);
                    let day = 1 + (n % 27);
                    let name = &municipality.people[gp].name;
                    meetings.push(DemoMeeting {
                        body: None,
                        kind: "annual_individual",
                        title: format!("Årlig samtale med {name}"),
                        starts_local: format!("{year}-{month:02}-{day:02}T08:00"),
                        ends_local: format!("{year}-{month:02}-{day:02}T08:45"),
                        location: "Legekontoret",
                        invitees: vec![(gp, if rng.gen_bool(0.95) { Took::InPerson } else { Took::Absent })],
                    });
                }
            }
            DemoMeetings { bodies, meetings }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_runs_give_the_same_meetings() {
        let data = crate::demo::data::generate();
        assert_eq!(generate(&data), generate(&data));
    }

    #[test]
    fn about_thirty_percent_come_to_all_gp_meetings() {
        let data = crate::demo::data::generate();
        for municipality in generate(&data) {
            let invitations: Vec<Took> = municipality
                .meetings
                .iter()
                .filter(|m| m.kind == "all_gp_meeting")
                .flat_map(|m| m.invitees.iter().map(|(_, took)| *took))
                .collect();
            let attended = invitations.iter().filter(|t| matches!(t, Took::InPerson | Took::Remote)).count();
            let share = attended as f64 / invitations.len() as f64;
            assert!((0.2..0.4).contains(&share), "{share}");
        }
    }

    #[test]
    fn committees_have_a_chair_and_the_alu_counts_for_the_obligation() {
        let data = crate::demo::data::generate();
        for municipality in generate(&data) {
            let alu = &municipality.bodies[0];
            assert!(alu.counts_for_obligation);
            assert_eq!(alu.members.iter().filter(|(_, role)| *role == "chair").count(), 1);
            assert!(municipality.meetings.iter().filter(|m| m.kind == "annual_individual").count() > 10);
        }
    }
}
