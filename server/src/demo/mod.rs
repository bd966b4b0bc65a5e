//! The demo: a realistic, deterministic Bærum and Asker to show and try Legeting with, seeded by
//! `legeting demo`, `legeting serve --demo` and `cargo xtask run --demo`.
//!
//! - `data.rs`: the data set, made without a database (pure, deterministic, unit-tested). New kinds of demo
//!   data (meetings, attendance) are generated there, each from its own PRNG section.
//! - `letters.rs`: the chief medical officer's information letters and announcements of the last half year.
//! - `store.rs`: multi-row inserts.
//! - this file: [`seed`] writes the data set into an empty database in one transaction and says how to sign in.
//!
//! The demo only goes into a database without people: seeding twice, or into a real installation, is refused
//! with [`NotEmpty`] and changes nothing. A seeded database has the setting `demo`. Everyone except the GPs gets the password [`data::PASSWORD`],
//! hashed once (argon2 is slow by design); GPs sign in with e-mail links.

pub mod data;
pub mod letters;
pub mod meetings;
pub mod store;

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use legeting_shared::people::Role;
use serde_json::json;

use self::data::{DemoData, DemoPerson};
use self::store::{Table, Value};
use crate::audit::{self, Change};
use crate::auth::password;
use crate::auth::password::NewPassword;
use crate::db::{Database, flag, new_id, now_ms};

/// The database already has people, so the demo was not seeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "the database already has {people} people; the demo is only seeded into an empty database \
     (choose another --data-dir or DATABASE_URL)"
)]
pub struct NotEmpty {
    pub people: i64,
}

/// What [`seed`] wrote, and who can sign in.
#[derive(Debug, Clone)]
pub struct DemoSummary {
    pub municipalities: Vec<MunicipalitySummary>,
    pub installation_admin: Login,
    /// The password of everyone except the GPs.
    pub password: &'static str,
    pub offices: usize,
    pub people: usize,
    pub elapsed: Duration,
}

/// One seeded municipality.
#[derive(Debug, Clone)]
pub struct MunicipalitySummary {
    pub id: String,
    pub name: String,
    pub number: String,
    pub offices: usize,
    pub active_gps: usize,
    /// GPs who have left (inactive).
    pub departed_gps: usize,
    /// The administrator, leader, secretary and guest.
    pub staff: Vec<Login>,
    /// A GP to try the e-mail sign-in link with.
    pub sample_gp: Option<Login>,
}

/// Someone to sign in as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Login {
    pub title: String,
    pub name: String,
    pub email: String,
    pub roles: Vec<Role>,
}

impl From<&DemoPerson> for Login {
    fn from(person: &DemoPerson) -> Self {
        Login {
            title: person.title.to_owned(),
            name: person.name.clone(),
            email: person.email.clone(),
            roles: person.roles.clone(),
        }
    }
}

/// Seed the demo into an empty database, in one transaction. Fails with [`NotEmpty`] (and writes nothing)
/// when the database has people. Run the migrations first.
pub async fn seed(database: &Database) -> anyhow::Result<DemoSummary> {
    let started = Instant::now();
    // Checked before hashing, so a refusal is immediate, and again inside the transaction.
    let people = crate::people::store::count_people(database.pool()).await?;
    if people > 0 {
        return Err(NotEmpty { people }.into());
    }
    let data = data::generate();
    let hash = password::hash(&NewPassword::parse(data::PASSWORD)?).await?;

    let mut tx = database.begin().await?;
    store::mark_as_demo(&mut tx, &json!({ "seed": data::SEED }).to_string(), now_ms()).await?;
    let people = store::count_people(&mut tx).await?;
    if people > 0 {
        return Err(NotEmpty { people }.into());
    }
    let rows = Rows::of(&data, &hash);
    store::insert(&mut tx, Table::Municipalities, &rows.municipalities).await?;
    store::insert(&mut tx, Table::Offices, &rows.offices).await?;
    store::insert(&mut tx, Table::People, &rows.people).await?;
    store::insert(&mut tx, Table::MunicipalityRoles, &rows.roles).await?;
    let meetings = meetings::generate(&data);
    let meeting_rows = MeetingRows::of(&meetings, &rows, now_ms())?;
    store::insert(&mut tx, Table::ObligationKinds, &meeting_rows.obligation_kinds).await?;
    store::insert(&mut tx, Table::Bodies, &meeting_rows.bodies).await?;
    store::insert(&mut tx, Table::BodyMembers, &meeting_rows.body_members).await?;
    store::insert(&mut tx, Table::Meetings, &meeting_rows.meetings).await?;
    store::insert(&mut tx, Table::MeetingInvitees, &meeting_rows.invitees).await?;
    store::insert(&mut tx, Table::Attendance, &meeting_rows.attendance).await?;
    crate::analytics::rollups::rebuild_in(&mut tx).await?;
    store::insert(&mut tx, Table::Letters, &letter_rows(&data, &rows, now_ms())).await?;
    for (municipality, id) in data.municipalities.iter().zip(&rows.municipality_ids) {
        audit::record(
            &mut *tx,
            Change {
                actor_id: None,
                municipality_id: Some(id),
                action: "demo.seeded",
                entity_id: Some(id),
                details: json!({
                    "offices": municipality.offices.len(),
                    "people": municipality.people.len(),
                    "gps": municipality.gps().count(),
                }),
            },
        )
        .await?;
    }
    tx.commit().await?;

    let municipalities = data
        .municipalities
        .iter()
        .zip(rows.municipality_ids)
        .map(|(municipality, id)| MunicipalitySummary {
            id,
            name: municipality.name.to_owned(),
            number: municipality.number.to_owned(),
            offices: municipality.offices.len(),
            active_gps: municipality.active_gps().count(),
            departed_gps: municipality.gps().filter(|p| !p.active).count(),
            staff: municipality.staff().map(Login::from).collect(),
            sample_gp: municipality.active_gps().next().map(Login::from),
        })
        .collect();
    Ok(DemoSummary {
        municipalities,
        installation_admin: Login::from(&data.installation_admin),
        password: data::PASSWORD,
        offices: rows.offices.len(),
        people: rows.people.len(),
        elapsed: started.elapsed(),
    })
}

/// The demo letters of every municipality, written by its secretary (the chief medical officer).
fn letter_rows(data: &DemoData, rows: &Rows, now: i64) -> Vec<Vec<Value>> {
    let mut out = Vec::new();
    for ((municipality, municipality_id), person_ids) in
        data.municipalities.iter().zip(&rows.municipality_ids).zip(&rows.person_ids)
    {
        let author = municipality.people.iter().position(|p| p.roles.contains(&Role::Secretary));
        let author = author.map(|index| person_ids[index].as_str());
        let gps = i64::try_from(municipality.active_gps().count()).unwrap_or(0);
        for letter in letters::letters(municipality.name) {
            let at = letter.published_at(now);
            out.push(vec![
                new_id().as_str().into(),
                municipality_id.as_str().into(),
                letter.kind.as_str().into(),
                letter.audience.as_str().into(),
                letter.title.as_str().into(),
                letter.body.as_str().into(),
                "published".into(),
                author.into(),
                at.into(),
                at.into(),
                Some(at).into(),
                Some(gps).into(),
            ]);
        }
    }
    out
}

/// Like [`seed`], but a database that already has people is left alone: `Ok(None)`. That includes losing a
/// race to another instance seeding the same database, however the database reports it.
pub async fn seed_if_empty(database: &Database) -> anyhow::Result<Option<DemoSummary>> {
    match seed(database).await {
        Ok(summary) => Ok(Some(summary)),
        Err(error) if error.downcast_ref::<NotEmpty>().is_some() => Ok(None),
        Err(error) => {
            if crate::people::store::count_people(database.pool()).await? > 0 {
                return Ok(None);
            }
            Err(error)
        }
    }
}

/// The demo as table rows, with fresh ids.
struct Rows {
    municipality_ids: Vec<String>,
    /// The ids of each municipality's people, in the order of `DemoMunicipality::people`.
    person_ids: Vec<Vec<String>>,
    municipalities: Vec<Vec<Value>>,
    offices: Vec<Vec<Value>>,
    people: Vec<Vec<Value>>,
    roles: Vec<Vec<Value>>,
}

impl Rows {
    fn of(data: &DemoData, password_hash: &str) -> Rows {
        let now = now_ms();
        let mut rows = Rows {
            municipality_ids: Vec::new(),
            person_ids: Vec::new(),
            municipalities: Vec::new(),
            offices: Vec::new(),
            people: Vec::new(),
            roles: Vec::new(),
        };
        for municipality in &data.municipalities {
            let municipality_id = new_id();
            rows.municipalities.push(vec![
                municipality_id.as_str().into(),
                municipality.name.into(),
                municipality.number.into(),
                now.into(),
            ]);
            let office_ids: Vec<String> = municipality.offices.iter().map(|_| new_id()).collect();
            for (office, id) in municipality.offices.iter().zip(&office_ids) {
                rows.offices.push(vec![
                    id.as_str().into(),
                    municipality_id.as_str().into(),
                    office.name.into(),
                    office.address.into(),
                    now.into(),
                ]);
            }
            let mut person_ids = Vec::new();
            for person in &municipality.people {
                let office_id = person.office.and_then(|index| office_ids.get(index)).map(String::as_str);
                let person_id = rows.person(person, office_id, password_hash, now);
                person_ids.push(person_id.clone());
                for role in &person.roles {
                    rows.roles.push(vec![
                        person_id.as_str().into(),
                        municipality_id.as_str().into(),
                        role.as_str().into(),
                        now.into(),
                    ]);
                }
            }
            rows.municipality_ids.push(municipality_id);
            rows.person_ids.push(person_ids);
        }
        rows.person(&data.installation_admin, None, password_hash, now);
        rows
    }

    /// Add a person row and return the new id.
    fn person(&mut self, person: &DemoPerson, office_id: Option<&str>, password_hash: &str, now: i64) -> String {
        let id = new_id();
        self.people.push(vec![
            id.as_str().into(),
            person.name.as_str().into(),
            person.email.as_str().into(),
            person.hpr_number.as_deref().into(),
            office_id.into(),
            flag(person.specialist).into(),
            person.list_size.into(),
            person.open_list_places.into(),
            person.employment.map(|e| e.as_str()).into(),
            flag(person.active).into(),
            flag(person.installation_admin).into(),
            person.has_password.then_some(password_hash).into(),
            now.into(),
            now.into(),
        ]);
        id
    }
}

/// The demo's bodies, meetings, invitations and attendance as table rows. Meetings that are over when seeded
/// are "held" with attendance; later ones have their notice sent.
struct MeetingRows {
    obligation_kinds: Vec<Vec<Value>>,
    bodies: Vec<Vec<Value>>,
    body_members: Vec<Vec<Value>>,
    meetings: Vec<Vec<Value>>,
    invitees: Vec<Vec<Value>>,
    attendance: Vec<Vec<Value>>,
}

impl MeetingRows {
    fn of(all: &[meetings::DemoMeetings], rows: &Rows, now: i64) -> anyhow::Result<MeetingRows> {
        let mut out = MeetingRows {
            obligation_kinds: Vec::new(),
            bodies: Vec::new(),
            body_members: Vec::new(),
            meetings: Vec::new(),
            invitees: Vec::new(),
            attendance: Vec::new(),
        };
        for ((municipality, municipality_id), person_ids) in
            all.iter().zip(&rows.municipality_ids).zip(&rows.person_ids)
        {
            // All-GP meetings count towards the annual obligation in the demo municipalities.
            out.obligation_kinds.push(vec![municipality_id.as_str().into(), "all_gp_meeting".into()]);
            let mut body_ids = Vec::new();
            for body in &municipality.bodies {
                let body_id = new_id();
                out.bodies.push(vec![
                    body_id.as_str().into(),
                    municipality_id.as_str().into(),
                    body.name.into(),
                    body.kind.into(),
                    flag(body.counts_for_obligation).into(),
                    body.preparation_minutes.into(),
                    body.travel_minutes.into(),
                    now.into(),
                ]);
                for &(person, role) in &body.members {
                    out.body_members.push(vec![
                        body_id.as_str().into(),
                        person_ids[person].as_str().into(),
                        role.into(),
                        now.into(),
                    ]);
                }
                body_ids.push(body_id);
            }
            for meeting in &municipality.meetings {
                let starts_at = crate::time::parse_local("starts_local", &meeting.starts_local)?;
                let ends_at = crate::time::parse_local("ends_local", &meeting.ends_local)?;
                let over = ends_at < now;
                let meeting_id = new_id();
                out.meetings.push(vec![
                    meeting_id.as_str().into(),
                    municipality_id.as_str().into(),
                    meeting.body.map(|b| body_ids[b].as_str()).into(),
                    meeting.kind.into(),
                    meeting.title.as_str().into(),
                    starts_at.into(),
                    ends_at.into(),
                    meeting.location.into(),
                    (if over { "held" } else { "notice_sent" }).into(),
                    0_i64.into(),
                    0_i64.into(),
                    now.into(),
                    now.into(),
                ]);
                for &(person, took) in &meeting.invitees {
                    let person_id = person_ids[person].as_str();
                    out.invitees.push(vec![meeting_id.as_str().into(), person_id.into()]);
                    if over {
                        let attended = matches!(took, meetings::Took::InPerson | meetings::Took::Remote);
                        let reason = (took == meetings::Took::Excused).then_some("Pasientarbeid");
                        out.attendance.push(vec![
                            meeting_id.as_str().into(),
                            person_id.into(),
                            took.as_str().into(),
                            reason.into(),
                            attended.then_some(starts_at).into(),
                            attended.then_some(ends_at).into(),
                            "secretary".into(),
                            now.into(),
                        ]);
                    }
                }
            }
        }
        Ok(out)
    }
}

impl DemoSummary {
    /// What was seeded and how to sign in, for the terminal.
    pub fn instructions(&self, base_url: &str) -> String {
        let mut text = String::new();
        let _ = writeln!(
            text,
            "Seeded the demo in {} ms: {} municipalities, {} offices, {} people.\n",
            self.elapsed.as_millis(),
            self.municipalities.len(),
            self.offices,
            self.people
        );
        let _ = writeln!(text, "Sign in at {base_url} with the password \"{}\":", self.password);
        for municipality in &self.municipalities {
            let _ = writeln!(
                text,
                "\n  {} ({}): {} offices, {} GPs (and {} who {} left)",
                municipality.name,
                municipality.number,
                municipality.offices,
                municipality.active_gps,
                municipality.departed_gps,
                if municipality.departed_gps == 1 { "has" } else { "have" }
            );
            for login in &municipality.staff {
                let _ = writeln!(text, "    {:<40} {:<38} {}", login.email, login.title, login.name);
            }
        }
        let admin = &self.installation_admin;
        let _ = writeln!(text, "\n  All municipalities:\n    {:<40} {:<38} {}", admin.email, admin.title, admin.name);
        if let Some(gp) = self.municipalities.iter().find_map(|m| m.sample_gp.as_ref()) {
            let _ = writeln!(
                text,
                "\nGPs have no password: they sign in with an e-mail link, e.g. {} ({}).\n\
                 Without LEGETING_SMTP_URL the mails are written as .eml files to the outbox in the data directory.",
                gp.email, gp.name
            );
        }
        text
    }
}
