//! A national-scale data set for the report benchmark and the rollup equality test: one municipality with
//! `gps` GPs in offices of three, over `years` calendar years up to this one, with
//! - four all-GP meetings a year (everyone invited),
//! - annual meetings in groups of 30 (`annual_group`, which counts for the obligation here),
//! - committees of nine GPs (every 100th GP a member of one; half count for the obligation), six meetings a year,
//! - each GP attending with their own probability between 30 % and 70 %, the rest mostly absent, some
//!   excused, a few records missing; about 1 % of meetings cancelled; meetings still to come this year have
//!   their notice sent and no attendance.
//!
//! Rows are written with the demo's batched multi-row inserts in one transaction, then the rollups are
//! rebuilt as the server does after seeding, and PostgreSQL's statistics gathered (`ANALYZE`). Deterministic for a given size (a fixed pseudo-random sequence).

use legeting::db::{Database, new_id, now_ms};
use legeting::demo::store::{Table, Value, insert};
use legeting::time::parse_local;

/// What was generated.
#[derive(Debug, Clone)]
pub struct National {
    pub municipality_id: String,
    /// The first and last calendar years with meetings.
    pub years: (i64, i64),
    /// A GP (active, invited to everything of their group) and a leader to sign in as.
    pub gp_email: String,
    pub leader_email: String,
    pub invitations: usize,
    pub meetings: usize,
}

/// SplitMix64: a small deterministic sequence, so the data set is the same on every run and database.
struct Sequence(u64);

impl Sequence {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Generate and insert the data set: `gps` GPs over `years` years ending with the current one.
pub async fn generate(database: &Database, gps: usize, years: i64) -> anyhow::Result<National> {
    let now = now_ms();
    let this_year = legeting::time::year_of(now);
    let first_year = this_year - years + 1;
    let mut random = Sequence(0x1e9e_7146 ^ gps as u64);
    let municipality_id = new_id();
    let mut rows: Vec<(Table, Vec<Vec<Value>>)> = Vec::new();
    let municipality = vec![vec![municipality_id.as_str().into(), "Landet".into(), "9999".into(), now.into()]];
    rows.push((Table::Municipalities, municipality));

    let office_ids: Vec<String> = (0..gps.div_ceil(3)).map(|_| new_id()).collect();
    let offices = office_ids
        .iter()
        .enumerate()
        .map(|(n, id)| {
            vec![
                id.as_str().into(),
                municipality_id.as_str().into(),
                format!("Legesenter {n:04}").as_str().into(),
                format!("Gate {n}").as_str().into(),
                now.into(),
            ]
        })
        .collect();
    rows.push((Table::Offices, offices));

    let mut people = Vec::new();
    let mut roles = Vec::new();
    let mut gp_ids = Vec::new();
    let mut rates = Vec::new();
    for n in 0..gps {
        let id = new_id();
        let active = n % 20 != 19;
        people.push(person(
            &id,
            &format!("Fastlege {n:05}"),
            &format!("gp{n:05}@national.test"),
            Some(&office_ids[n / 3]),
            active,
            now,
        ));
        roles.push(vec![id.as_str().into(), municipality_id.as_str().into(), "gp".into(), now.into()]);
        gp_ids.push(id);
        rates.push(0.3 + 0.4 * random.unit());
    }
    let leader_id = new_id();
    people.push(person(&leader_id, "Kommunalsjef Landet", "leder@national.test", None, true, now));
    roles.push(vec![leader_id.as_str().into(), municipality_id.as_str().into(), "leader".into(), now.into()]);
    rows.push((Table::People, people));
    rows.push((Table::MunicipalityRoles, roles));
    rows.push((Table::ObligationKinds, vec![vec![municipality_id.as_str().into(), "annual_group".into()]]));

    // Committees: nine consecutive GPs each, starting at every 100th GP.
    let mut bodies = Vec::new();
    let mut members = Vec::new();
    let mut committees: Vec<(String, Vec<usize>)> = Vec::new();
    for (c, start) in (0..gps).step_by(100).enumerate() {
        let id = new_id();
        bodies.push(vec![
            id.as_str().into(),
            municipality_id.as_str().into(),
            format!("Utvalg {c:03}").as_str().into(),
            "gp_committee".into(),
            i64::from(c % 2 == 0).into(),
            Some(60_i64).into(),
            Some(30_i64).into(),
            now.into(),
        ]);
        let who: Vec<usize> = (start..(start + 9).min(gps)).collect();
        for &gp in &who {
            members.push(vec![id.as_str().into(), gp_ids[gp].as_str().into(), "member".into(), now.into()]);
        }
        committees.push((id, who));
    }
    rows.push((Table::Bodies, bodies));
    rows.push((Table::BodyMembers, members));

    let mut meetings = Vec::new();
    let mut invitees = Vec::new();
    let mut attendance = Vec::new();
    let mut add = |random: &mut Sequence,
                   body: Option<&str>,
                   kind: &str,
                   title: String,
                   local: (String, String),
                   who: &mut dyn Iterator<Item = usize>|
     -> anyhow::Result<()> {
        let starts_at = parse_local("starts_local", &local.0)?;
        let ends_at = parse_local("ends_local", &local.1)?;
        let over = ends_at < now;
        let cancelled = random.unit() < 0.01;
        let status = match (cancelled, over) {
            (true, _) => "cancelled",
            (false, true) => "held",
            (false, false) => "notice_sent",
        };
        let id = new_id();
        meetings.push(vec![
            id.as_str().into(),
            municipality_id.as_str().into(),
            body.into(),
            kind.into(),
            title.as_str().into(),
            starts_at.into(),
            ends_at.into(),
            "Rådhuset".into(),
            status.into(),
            0_i64.into(),
            0_i64.into(),
            now.into(),
            now.into(),
        ]);
        for gp in who {
            invitees.push(vec![id.as_str().into(), gp_ids[gp].as_str().into()]);
            if !over || cancelled {
                continue;
            }
            let draw = random.unit();
            let status = if draw < rates[gp] {
                if random.unit() < 0.8 { "in_person" } else { "remote" }
            } else if draw < rates[gp] + 0.1 {
                "excused"
            } else if draw < 0.97 {
                "absent"
            } else {
                continue; // not recorded
            };
            let attended = matches!(status, "in_person" | "remote");
            attendance.push(vec![
                id.as_str().into(),
                gp_ids[gp].as_str().into(),
                status.into(),
                (status == "excused").then_some("Pasientarbeid").into(),
                attended.then_some(starts_at).into(),
                attended.then_some(ends_at).into(),
                "secretary".into(),
                now.into(),
            ]);
        }
        Ok(())
    };
    for year in first_year..=this_year {
        for (month, day) in [(2, 12), (5, 7), (9, 17), (12, 10)] {
            add(
                &mut random,
                None,
                "all_gp_meeting",
                format!("Storlegemøte {month}/{year}"),
                (format!("{year}-{month:02}-{day:02}T18:00"), format!("{year}-{month:02}-{day:02}T20:30")),
                &mut (0..gps),
            )?;
        }
        for (group, start) in (0..gps).step_by(30).enumerate() {
            let month = 3 + group % 9;
            let day = 1 + group % 27;
            add(
                &mut random,
                None,
                "annual_group",
                format!("Årsmøte gruppe {group} {year}"),
                (format!("{year}-{month:02}-{day:02}T08:00"), format!("{year}-{month:02}-{day:02}T09:30")),
                &mut (start..(start + 30).min(gps)),
            )?;
        }
        for (c, (body_id, who)) in committees.iter().enumerate() {
            for month in [1, 3, 5, 8, 10, 11] {
                let day = 1 + c % 27;
                add(
                    &mut random,
                    Some(body_id),
                    "committee_meeting",
                    format!("Utvalg {c:03} {day}.{month}.{year}"),
                    (format!("{year}-{month:02}-{day:02}T17:00"), format!("{year}-{month:02}-{day:02}T19:00")),
                    &mut who.iter().copied(),
                )?;
            }
        }
    }
    let (meeting_count, invitation_count) = (meetings.len(), invitees.len());
    rows.push((Table::Meetings, meetings));
    rows.push((Table::MeetingInvitees, invitees));
    rows.push((Table::Attendance, attendance));

    let mut tx = database.begin().await?;
    for (table, rows) in &rows {
        insert(&mut tx, *table, rows).await?;
    }
    legeting::analytics::rollups::rebuild_in(&mut tx).await?;
    tx.commit().await?;
    if database.kind() == legeting_shared::DatabaseKind::Postgres {
        // What autovacuum does soon after such a load in production: without statistics PostgreSQL takes
        // every table for a few rows and plans nested loops that read 5,400 × 5,400 rows.
        sqlx::query("ANALYZE").execute(database.pool()).await?;
    }
    Ok(National {
        municipality_id,
        years: (first_year, this_year),
        gp_email: "gp00001@national.test".into(),
        leader_email: "leder@national.test".into(),
        invitations: invitation_count,
        meetings: meeting_count,
    })
}

fn person(id: &str, name: &str, email: &str, office_id: Option<&str>, active: bool, now: i64) -> Vec<Value> {
    vec![
        id.into(),
        name.into(),
        email.into(),
        None::<&str>.into(),
        office_id.into(),
        0_i64.into(),
        None::<i64>.into(),
        None::<i64>.into(),
        None::<&str>.into(),
        i64::from(active).into(),
        0_i64.into(),
        None::<&str>.into(),
        now.into(),
        now.into(),
    ]
}
