//! Realistic demo data, the same for the same seed and day.
//!
//! Demos, benchmarks and tests all use this caseload, so it exercises everything: names from many
//! cultures (single names, apostrophes, accents, other scripts), every justice status, needs, recent
//! releases, months of appointments with every outcome and kind of accompaniment, referrals along every
//! path of their lifecycle, contacts, peer mentors and their links, and a few users. Everything is
//! written through the same repository calls the app uses, so it obeys every rule and fills the op log.
//! Identifiers are from ranges kept for testing (NHS numbers starting 999, phone numbers 07700 900xxx).
//! Ids and clock stamps are real, so two runs differ in those but not in the people and events.

use chrono::{Days, NaiveTime};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::authz::{self, Action};
use crate::availability::WeeklySlot;
use crate::enums::*;
use crate::ids::{ClientId, MentorId, TeamId, UserId};
use crate::model::Page;
use crate::model::appointments::{Booking, OutcomeRecord};
use crate::model::clients::ClientFields;
use crate::model::contacts::NewContact;
use crate::model::custody::CustodyFields;
use crate::model::measures::NewMeasure;
use crate::model::mentors::MentorFields;
use crate::model::referrals::NewReferral;
use crate::model::services::ServiceFields;
use crate::model::tasks::TaskFilter;
use crate::model::users::UserFields;
use crate::store::{Actor, Store, Tx};
use crate::time::{Date, Timestamp};
use crate::{Error, Result};

/// What to seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeedOptions {
    /// How many clients.
    pub clients: u32,
    /// How many months of history.
    pub months: u32,
    /// The random seed.
    pub seed: u64,
    /// The day the data is "as of" (normally today).
    pub today: Date,
}

/// What was seeded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct SeedSummary {
    /// Clients.
    pub clients: u64,
    /// Appointments.
    pub appointments: u64,
    /// Referrals.
    pub referrals: u64,
    /// Support contacts.
    pub contacts: u64,
    /// Peer mentors.
    pub mentors: u64,
    /// Users added.
    pub users: u64,
}

const GIVEN: &[&str] = &[
    "Siobhán",
    "Oluwaseun",
    "Mohammed",
    "Aisha",
    "Wojciech",
    "Agnieszka",
    "Priya",
    "Darnell",
    "Chloë",
    "José",
    "Zoë",
    "Ngozi",
    "Kwame",
    "Fatima",
    "Tomasz",
    "Jamal",
    "Leanne",
    "Gary",
    "Sean",
    "Bartłomiej",
    "Ioana",
    "Mihai",
    "Yusuf",
    "Hamza",
    "Wei",
    "Thi Lan",
    "Kieran",
    "Shannon",
    "Dwayne",
    "Leroy",
    "Chidi",
    "Saoirse",
    "Niamh",
    "Rhys",
    "Dafydd",
    "Ayşe",
    "Mehmet",
    "Björn",
    "Inès",
    "François",
    "Łukasz",
    "Małgorzata",
    "Dmitri",
    "Olena",
    "Kofi",
    "Abimbola",
    "Tariq",
    "Imran",
    "Nasrin",
    "Parveen",
    "Gurpreet",
    "Harjit",
    "Sunita",
    "Rajesh",
    "Tyrone",
    "Marcus",
    "Jade",
    "Kayleigh",
    "Connor",
    "Callum",
    "Bethany",
    "Precious",
    "Blessing",
    "Emre",
    "Elif",
    "Giorgos",
    "Eleni",
    "Aleksandra",
    "Mirela",
    "Florin",
    "Danny",
    "Lee",
    "Craig",
    "Stacey",
    "Michelle",
    "Paul",
    "Wayne",
    "Dean",
    "Jordan",
    "Tanisha",
    "Reece",
    "Liam",
    "Nathan",
    "Kerry",
    "Joanne",
    "Sharon",
    "Abdullahi",
    "Hodan",
    "Ahmed",
    "Samira",
    "محمد",
    "فاطمة",
    "Nguyễn",
    "Rosa",
    "Pádraig",
    "Maighréad",
    "Ellie-Mae",
    "D'Andre",
    "Anne-Marie",
];

const FAMILY: &[&str] = &[
    "O'Brien",
    "McCarthy",
    "D'Souza",
    "Nowak",
    "Kowalski",
    "Okafor",
    "Adeyemi",
    "Mensah",
    "Khan",
    "Ahmed",
    "Begum",
    "Hussain",
    "Patel",
    "Singh",
    "Kaur",
    "Smith",
    "Jones",
    "Williams",
    "Taylor",
    "Brown",
    "Davies",
    "Evans",
    "Thomas",
    "Roberts",
    "Walker",
    "Wright",
    "Nguyen",
    "Chen",
    "Li",
    "Popescu",
    "Ionescu",
    "Yılmaz",
    "Demir",
    "Müller",
    "García",
    "Fernández",
    "Lefèvre",
    "Ó Súilleabháin",
    "Mac Giolla Phádraig",
    "van der Berg",
    "St. John",
    "Ali",
    "Abdi",
    "Mohamed",
    "Osei",
    "Boateng",
    "Campbell",
    "Murphy",
    "Kelly",
    "Doherty",
    "Gallagher",
    "Lovell",
    "Boswell",
    "Smith-Jones",
    "Ward",
    "Price",
    "Lee",
    "Robinson",
    "Clarke",
    "Hughes",
    "Edwards",
    "Morgan",
    "Wilson",
    "Hall",
    "Green",
    "Baker",
    "Hill",
    "Cooper",
    "Jackson",
    "Harris",
    "Martin",
    "Thompson",
    "White",
    "Wood",
    "Lewis",
    "Young",
    "Allen",
    "King",
    "Scott",
    "Turner",
    "Mitchell",
    "Phillips",
    "Parker",
    "Bennett",
    "Shaw",
    "Kennedy",
    "Reid",
    "Kamara",
    "Bangura",
    "Warsame",
    "Farah",
    "Szabó",
    "Horváth",
    "Da Silva",
    "Pereira",
    "Ng",
    "Đặng",
    "Ó Briain",
];

const NICKNAMES: &[&str] =
    &["Mo", "Jay", "Shaz", "Dee", "Kez", "Bex", "Tommo", "Gaz", "Sonny", "Tee", "Lulu", "Big Dave"];

const PRISONS: &[&str] = &[
    "HMP Leeds",
    "HMP Hull",
    "HMP New Hall",
    "HMP Wealstun",
    "HMP Doncaster",
    "HMP Humber",
    "HMP Askham Grange",
    "HMP Styal",
    "HMP Manchester",
    "HMP Liverpool",
    "HMP Lindholme",
    "HMP Moorland",
];

const PRACTICES: &[&str] = &[
    "Riverside Medical Centre",
    "Hillside Surgery",
    "Canal Street Practice",
    "Park View Health Centre",
    "Northgate Family Practice",
    "St Mark's Surgery",
    "The Health Hub",
    "Meadowbank Medical Practice",
];

const CASEWORKERS: &[&str] = &[
    "Alex Morgan",
    "Priya Sharma",
    "Jordan Blake",
    "Femi Adebayo",
    "Catherine O'Neill",
    "Tom Whitfield",
    "Nadia Rahman",
    "Gareth Pryce",
];

const MENTORS: &[&str] = &[
    "Dean Holloway",
    "Marcia Grant",
    "Steve \"Sparky\" Rowe",
    "Kelly-Ann Price",
    "Yusuf Osman",
    "Lorraine Byrne",
    "Mick Fletcher",
    "Tasha Green",
    "Ravi Dhillon",
    "Josie Kerr",
    "Paddy Walsh",
    "Hannah Okoro",
];

const SUMMARIES: &[&str] = &[
    "Phoned to remind about tomorrow's appointment. Will meet at the bus stop.",
    "Visited on the wing. Talked through plans for release and GP registration.",
    "Met at the gate and went together to the pharmacy for the first prescription.",
    "Helped fill in the GP registration form. Practice will confirm by letter.",
    "Went with them to the drug and alcohol service for the first assessment.",
    "Check-in call. Feeling low this week; agreed to see the mental health team.",
    "Text to confirm the dental appointment and the bus fare.",
    "Talked about housing options and made an appointment with the council.",
    "Video call with probation practitioner present to plan the first fortnight.",
    "Sorted a travel warrant and naloxone kit before release.",
];

fn pick<'a, T>(rng: &mut ChaCha8Rng, xs: &'a [T]) -> &'a T {
    &xs[rng.gen_range(0..xs.len())]
}

fn weighted<T: Copy>(rng: &mut ChaCha8Rng, xs: &[(T, u32)]) -> T {
    let total: u32 = xs.iter().map(|(_, w)| w).sum();
    let mut r = rng.gen_range(0..total.max(1));
    for (x, w) in xs {
        if r < *w {
            return *x;
        }
        r -= w;
    }
    xs[0].0
}

fn days_before(d: Date, n: u64) -> Date {
    d.checked_sub_days(Days::new(n)).unwrap_or(d)
}

fn days_after(d: Date, n: u64) -> Date {
    d.checked_add_days(Days::new(n)).unwrap_or(d)
}

fn between(rng: &mut ChaCha8Rng, from: Date, to: Date) -> Date {
    let span = (to - from).num_days().max(0) as u64;
    days_after(from, rng.gen_range(0..=span))
}

fn nhs_number(rng: &mut ChaCha8Rng) -> String {
    loop {
        let mut d = vec![9u32, 9, 9];
        d.extend((0..6).map(|_| rng.gen_range(0..10u32)));
        let sum: u32 = d.iter().zip((2..=10).rev()).map(|(x, w)| x * w).sum();
        let check = match 11 - sum % 11 {
            11 => 0,
            10 => continue,
            c => c,
        };
        d.push(check);
        return d.iter().map(|x| char::from(b'0' + *x as u8)).collect();
    }
}

fn letters(rng: &mut ChaCha8Rng, n: usize) -> String {
    (0..n).map(|_| char::from(b'A' + rng.gen_range(0..26u8))).collect()
}

fn at(date: Date, rng: &mut ChaCha8Rng) -> Result<Timestamp> {
    let hour = rng.gen_range(9..17u32);
    let minute = *pick(rng, &[0u32, 15, 30, 45]);
    let local = date.and_time(NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or_default());
    Timestamp::from_london(local, "starts_at")
}

struct Cast {
    caseworkers: Vec<(UserId, TeamId)>,
    mentors: Vec<MentorId>,
    /// A service in the directory for each kind it has, the local ones first.
    services: Vec<(ServiceType, crate::ids::ServiceId)>,
}

impl Cast {
    fn service(&self, kind: ServiceType) -> Option<crate::ids::ServiceId> {
        self.services.iter().find(|(k, _)| *k == kind).map(|(_, id)| *id)
    }
}

/// A weekly pattern for a demo mentor, covering the hours demo appointments are booked in.
fn demo_pattern(kind: &str) -> Vec<WeeklySlot> {
    use crate::availability::{ClockTime, Weekday as W};
    let at = |h: u16, m: u16| ClockTime::from_minutes(h * 60 + m);
    let days: &[W] = match kind {
        "tue_thu" => &[W::Tuesday, W::Thursday],
        _ => &[W::Monday, W::Tuesday, W::Wednesday, W::Thursday, W::Friday],
    };
    let (from, until) = if kind == "mornings" { (at(8, 30), at(13, 0)) } else { (at(9, 0), at(17, 0)) };
    let mut slots: Vec<WeeklySlot> =
        days.iter().map(|&day| WeeklySlot { day, from, until, area: None }).collect();
    if kind == "weekdays_sat" {
        slots.push(WeeklySlot { day: W::Saturday, from: at(9, 0), until: at(12, 0), area: None });
    }
    slots
}

fn setup(tx: &mut Tx<'_>, rng: &mut ChaCha8Rng, clients: u32, summary: &mut SeedSummary) -> Result<Cast> {
    let teams = [tx.add_team("North team")?.id, tx.add_team("South team")?.id];
    let mut caseworkers = Vec::new();
    // About one caseworker for every 250 people seeded (a caseload one person holds over the months
    // of history), and never fewer than the eight named ones: a large charity has a large team, and
    // its caseworkers' screens should be measured with caseloads like theirs.
    let n_caseworkers = (clients / 250).max(CASEWORKERS.len() as u32) as usize;
    for i in 0..n_caseworkers {
        let base = CASEWORKERS[i % CASEWORKERS.len()];
        let round = i / CASEWORKERS.len() + 1;
        let first = base.split(' ').next().unwrap_or("user").to_lowercase();
        let (name, email) = if round == 1 {
            (base.to_owned(), format!("{first}@example.org"))
        } else {
            (format!("{base} ({round})"), format!("{first}{round}@example.org"))
        };
        let team = teams[i % 2];
        let u = tx.add_user(UserFields {
            display_name: name,
            role: Role::Caseworker,
            email: Some(email),
            team_id: Some(team),
            mentor_id: None,
        })?;
        caseworkers.push((u.id, team));
        summary.users += 1;
    }
    tx.add_user(UserFields {
        display_name: "Sam Okonkwo".into(),
        role: Role::Manager,
        email: Some("sam@example.org".into()),
        team_id: None,
        mentor_id: None,
    })?;
    summary.users += 1;
    let n_mentors = (clients / 150).clamp(6, 60) as usize;
    let mut mentors = Vec::new();
    for i in 0..n_mentors {
        let base = MENTORS[i % MENTORS.len()];
        let name =
            if i < MENTORS.len() { base.to_owned() } else { format!("{base} ({})", i / MENTORS.len() + 1) };
        let mut lived: Vec<LivedExperience> =
            LivedExperience::ALL.iter().copied().filter(|_| rng.gen_bool(0.35)).collect();
        if lived.is_empty() {
            lived.push(LivedExperience::Custody);
        }
        let pattern = *pick(
            rng,
            &[
                ("Weekdays", "weekdays"),
                ("Mornings", "mornings"),
                ("Tuesdays and Thursdays", "tue_thu"),
                ("Weekdays, and Saturday mornings", "weekdays_sat"),
            ],
        );
        let m = tx.add_mentor(MentorFields {
            display_name: name.clone(),
            phone: Some(format!("07700 900{:03}", rng.gen_range(0..1000))),
            email: None,
            lived_experience: lived,
            // One mentor's DBS check is overdue for renewal, so the demo shows the warning.
            dbs_checked_on: Some(days_before(
                tx.now().london_date(),
                if i == 3 { 1200 + rng.gen_range(20..900) } else { rng.gen_range(20..900) },
            )),
            training_completed_on: Some(days_before(tx.now().london_date(), rng.gen_range(30..700))),
            training_notes: Some(
                "Peer mentoring induction; mental health first aid; naloxone training.".into(),
            ),
            availability: Some(pattern.0.into()),
            team_id: Some(teams[i % 2]),
            weekly_availability: Some(demo_pattern(pattern.1)),
            availability_exceptions: None,
            travel_area: Some(
                (*pick(
                    rng,
                    &["Leeds, by bus", "Leeds and Bradford; has a car", "Bradford and Keighley, by train"],
                ))
                .into(),
            ),
        })?;
        if i < 4 {
            tx.add_user(UserFields {
                display_name: name,
                role: Role::PeerMentor,
                email: None,
                team_id: Some(teams[i % 2]),
                mentor_id: Some(m.id),
            })?;
            summary.users += 1;
        }
        mentors.push(m.id);
        summary.mentors += 1;
    }
    for (name, kind) in [
        ("Riverside Medical Centre", ServiceType::Gp),
        ("Forward Leeds drug and alcohol service", ServiceType::DrugAlcohol),
        ("Harbour Dental Practice", ServiceType::Dental),
        ("St James's outpatients", ServiceType::HospitalOutpatient),
    ] {
        tx.insert(ServiceFields {
            name: name.into(),
            service_type: kind,
            address: None,
            phone: None,
            email: None,
            area: Some("Leeds".into()),
            notes: None,
            referral_route: None,
            closed_on: None,
        })?;
    }
    let mut directory = tx.reader().services(None)?;
    directory.sort_by_key(|s| s.fields.area.is_none());
    let services = directory.into_iter().map(|s| (s.fields.service_type, s.id)).collect();
    Ok(Cast { caseworkers, mentors, services })
}

fn client_fields(
    rng: &mut ChaCha8Rng,
    today: Date,
    months: u32,
    cast: &Cast,
) -> (ClientFields, Date, Option<Date>) {
    let mut f = ClientFields::default();
    let single = rng.gen_bool(0.02);
    f.given_name = Some((*pick(rng, GIVEN)).into());
    f.family_name = if single { None } else { Some((*pick(rng, FAMILY)).into()) };
    if rng.gen_bool(0.15) {
        f.preferred_name = Some((*pick(rng, NICKNAMES)).into());
    }
    let band: (u64, u64) =
        weighted(rng, &[((18, 25), 15), ((25, 35), 30), ((35, 50), 32), ((50, 65), 17), ((65, 80), 6)]);
    let age = rng.gen_range(band.0..band.1);
    if !rng.gen_bool(0.04) {
        f.date_of_birth = Some(days_before(today, age * 365 + rng.gen_range(0..365)));
    }
    f.gender = Some(weighted(
        rng,
        &[
            (Gender::Man, 720),
            (Gender::Woman, 240),
            (Gender::NonBinary, 15),
            (Gender::Other, 5),
            (Gender::NotStated, 20),
        ],
    ));
    use Ethnicity::*;
    f.ethnicity = Some(weighted(
        rng,
        &[
            (WhiteBritish, 600),
            (OtherWhite, 60),
            (WhiteIrish, 20),
            (GypsyOrIrishTraveller, 40),
            (Roma, 5),
            (Caribbean, 40),
            (African, 40),
            (OtherBlack, 20),
            (Pakistani, 30),
            (Bangladeshi, 10),
            (Indian, 15),
            (Chinese, 5),
            (OtherAsian, 15),
            (WhiteAndBlackCaribbean, 30),
            (WhiteAndBlackAfrican, 10),
            (WhiteAndAsian, 10),
            (OtherMixed, 10),
            (Arab, 10),
            (AnyOther, 15),
            (NotStated, 30),
        ],
    ));
    f.disability = Some(weighted(
        rng,
        &[(Disability::Yes, 30), (Disability::No, 55), (Disability::NotStated, 5), (Disability::Unknown, 10)],
    ));
    if rng.gen_bool(0.7) {
        f.phone = Some(format!("07700 900{:03}", rng.gen_range(0..1000)));
    }
    if rng.gen_bool(0.5) {
        f.postcode = Some(format!("LS{} {}{}", rng.gen_range(1..30), rng.gen_range(1..10), letters(rng, 2)));
    }
    if rng.gen_bool(0.75) {
        f.nhs_number = Some(nhs_number(rng));
    }
    if rng.gen_bool(0.6) {
        f.prison_number = Some(format!("A{:04}{}", rng.gen_range(0..10000), letters(rng, 2)));
    }
    if rng.gen_bool(0.5) {
        f.crn = Some(format!("{}{:06}", letters(rng, 1), rng.gen_range(0..1_000_000)));
    }
    let history_days = u64::from(months.max(1)) * 30;
    f.justice_status = weighted(
        rng,
        &[
            (JusticeStatus::InCustody, 22),
            (JusticeStatus::OnLicence, 30),
            (JusticeStatus::CommunitySentence, 18),
            (JusticeStatus::PostSentenceSupervision, 8),
            (JusticeStatus::ReleasedNoSupervision, 12),
            (JusticeStatus::SecureHospital, 3),
            (JusticeStatus::Unknown, 7),
        ],
    );
    let mut released = None;
    match f.justice_status {
        JusticeStatus::InCustody => {
            f.establishment = Some((*pick(rng, PRISONS)).into());
            f.expected_release_date = Some(days_after(today, rng.gen_range(1..200)));
        }
        JusticeStatus::OnLicence
        | JusticeStatus::PostSentenceSupervision
        | JusticeStatus::ReleasedNoSupervision => {
            // A few were released in the last fortnight: the highest-risk group.
            let back = if rng.gen_bool(0.08) { rng.gen_range(0..14) } else { rng.gen_range(0..history_days) };
            let rel = days_before(today, back);
            released = Some(rel);
            f.actual_release_date = Some(rel);
            if f.justice_status != JusticeStatus::ReleasedNoSupervision {
                f.licence_end_date = Some(days_after(rel, rng.gen_range(180..730)));
            }
        }
        JusticeStatus::SecureHospital => f.establishment = Some("Newton Lodge secure unit".into()),
        _ => {}
    }
    f.gp_status = weighted(
        rng,
        &[
            (GpStatus::Registered, 55),
            (GpStatus::NotRegistered, 20),
            (GpStatus::InProgress, 12),
            (GpStatus::Unknown, 13),
        ],
    );
    if f.gp_status == GpStatus::Registered {
        f.gp_practice = Some((*pick(rng, PRACTICES)).into());
        f.gp_registered_on = Some(days_before(today, rng.gen_range(0..history_days + 400)));
    }
    let older = age >= 50;
    let woman = f.gender == Some(Gender::Woman);
    for (need, p) in [
        (SupportNeed::MentalHealth, 0.55),
        (SupportNeed::Drugs, 0.45),
        (SupportNeed::Alcohol, 0.35),
        (SupportNeed::SelfHarmRisk, 0.15),
        (SupportNeed::LongTermCondition, 0.3),
        (SupportNeed::LearningDisability, 0.12),
        (SupportNeed::Neurodivergence, 0.1),
        (SupportNeed::PregnancyPostnatal, if woman { 0.08 } else { 0.0 }),
        (SupportNeed::PalliativeCare, 0.01),
        (SupportNeed::Infection, 0.08),
        (SupportNeed::OlderPerson, if older { 1.0 } else { 0.0 }),
        (SupportNeed::PhysicalDisability, 0.1),
        (SupportNeed::Dementia, if age >= 60 { 0.1 } else { 0.0 }),
        (SupportNeed::Housing, 0.4),
    ] {
        if rng.gen_bool(p) {
            f.support_needs.push(need);
        }
    }
    if f.support_needs.contains(&SupportNeed::SelfHarmRisk) && rng.gen_bool(0.8) {
        f.risk_flags.push(RiskFlag::SelfHarm);
    }
    if f.support_needs.contains(&SupportNeed::Drugs) && rng.gen_bool(0.3) {
        f.risk_flags.push(RiskFlag::Overdose);
    }
    for (flag, p) in [
        (RiskFlag::ViolenceToStaff, 0.03),
        (RiskFlag::NoLoneWorking, 0.04),
        (RiskFlag::SafeguardingChildren, 0.03),
        (RiskFlag::DomesticAbuse, 0.05),
        (RiskFlag::Exploitation, 0.02),
    ] {
        if rng.gen_bool(p) {
            f.risk_flags.push(flag);
        }
    }
    f.accompaniment_needs = accompaniment_needs(&f);
    let (cw, team) = *pick(rng, &cast.caseworkers);
    f.caseworker_id = Some(cw);
    f.team_id = Some(team);
    let opened = days_before(today, rng.gen_range(0..history_days + 60));
    let consent = weighted(rng, &[(Some(true), 970), (None, 20), (Some(false), 10)]);
    f.consent_store = consent;
    if consent == Some(true) {
        f.consent_share_health = Some(rng.gen_bool(0.9));
        f.consent_share_probation = Some(rng.gen_bool(0.7));
        f.consent_on = Some(opened.max(f.date_of_birth.unwrap_or(opened)));
        f.consent_method = Some(weighted(
            rng,
            &[(ConsentMethod::Written, 70), (ConsentMethod::Verbal, 25), (ConsentMethod::Electronic, 5)],
        ));
    }
    if consent == Some(false) {
        let keep = ClientFields {
            given_name: f.given_name.take(),
            family_name: f.family_name.take(),
            justice_status: f.justice_status,
            risk_flags: std::mem::take(&mut f.risk_flags),
            consent_store: Some(false),
            caseworker_id: f.caseworker_id,
            team_id: f.team_id,
            ..ClientFields::default()
        };
        return (keep, opened, None);
    }
    (f, opened, released)
}

/// What a caseworker would write for whoever goes with the person, from what is known of them (no
/// randomness of its own, so the same seed still makes the same people).
fn accompaniment_needs(f: &ClientFields) -> Option<String> {
    let mut notes: Vec<&str> = Vec::new();
    if f.support_needs.contains(&SupportNeed::PhysicalDisability) {
        notes.push("Uses a walking stick: needs step-free access and a seat while waiting");
    }
    if f.support_needs.contains(&SupportNeed::LearningDisability) {
        notes.push("Explain letters and forms in plain words; check what was understood");
    }
    if f.support_needs.contains(&SupportNeed::Dementia) {
        notes.push("Ring the day before and again an hour before to remind");
    }
    if f.support_needs.contains(&SupportNeed::Neurodivergence) {
        notes.push("Busy waiting rooms are hard: ask for a quiet room if there is one");
    }
    if f.risk_flags.contains(&RiskFlag::NoLoneWorking) {
        notes.push("Two people go, never one");
    }
    if notes.is_empty() { None } else { Some(notes.join(". ") + ".") }
}

fn service_for(rng: &mut ChaCha8Rng, needs: &[SupportNeed]) -> ServiceType {
    let mut options = vec![
        (ServiceType::Gp, 30),
        (ServiceType::Dental, 8),
        (ServiceType::Optician, 3),
        (ServiceType::Pharmacy, 6),
        (ServiceType::HospitalOutpatient, 6),
        (ServiceType::SexualHealth, 4),
    ];
    for n in needs {
        match n {
            SupportNeed::MentalHealth => {
                options.extend([(ServiceType::MentalHealth, 20), (ServiceType::TalkingTherapies, 10)])
            }
            SupportNeed::Drugs | SupportNeed::Alcohol => options.push((ServiceType::DrugAlcohol, 25)),
            SupportNeed::PregnancyPostnatal => options.push((ServiceType::Maternity, 25)),
            SupportNeed::LongTermCondition => options.push((ServiceType::HospitalOutpatient, 10)),
            _ => {}
        }
    }
    weighted(rng, &options)
}

fn provider_for(service: ServiceType) -> &'static str {
    match service {
        ServiceType::Gp => "Riverside Medical Centre",
        ServiceType::MentalHealth => "Community mental health team",
        ServiceType::TalkingTherapies => "NHS Talking Therapies",
        ServiceType::DrugAlcohol => "Forward Leeds",
        ServiceType::Dental => "Harbour Dental Practice",
        ServiceType::Maternity => "Leeds maternity service",
        ServiceType::HospitalOutpatient => "St James's University Hospital",
        ServiceType::SexualHealth => "Leeds sexual health clinic",
        ServiceType::Optician => "High Street Opticians",
        ServiceType::Pharmacy => "Boots pharmacy",
        _ => "Local service",
    }
}

fn client_history(
    tx: &mut Tx<'_>,
    rng: &mut ChaCha8Rng,
    today: Date,
    months: u32,
    cast: &Cast,
    summary: &mut SeedSummary,
) -> Result<()> {
    let (fields, opened, released) = client_fields(rng, today, months, cast);
    let minimal = fields.consent_store == Some(false);
    let no_health_sharing = fields.consent_share_health == Some(false);
    let needs = fields.support_needs.clone();
    let status = fields.justice_status;
    let expected = fields.expected_release_date;
    let establishment = fields.establishment.clone();
    let client = tx.create_client(fields, Some(opened))?;
    summary.clients += 1;
    let id: ClientId = client.id;
    if minimal {
        return Ok(());
    }
    // Custody history.
    if let Some(rel) = released {
        let start = days_before(rel, rng.gen_range(30..900));
        tx.insert(CustodyFields {
            client_id: id,
            kind: weighted(
                rng,
                &[(CustodyKind::Sentence, 80), (CustodyKind::Recall, 15), (CustodyKind::Remand, 5)],
            ),
            establishment: Some((*pick(rng, PRISONS)).into()),
            started_on: start,
            expected_release_on: Some(rel),
            released_on: Some(rel),
        })?;
        // Someone still in their first 14 days has the pathway's steps.
        if rel >= days_before(today, 13) {
            let client = tx.reader().client(id)?;
            tx.open_pathway(&client, rel, &[])?;
            // Most steps already due are done; from their own generator, as with measures.
            let mut steps = ChaCha8Rng::seed_from_u64(0x7061_7468 ^ summary.clients);
            let filter = TaskFilter {
                client_id: Some(id),
                due_by: Some(days_before(today, 1)),
                ..TaskFilter::default()
            };
            for task in tx.reader().tasks(&filter, Page { offset: 0, limit: 50 })?.items {
                if steps.gen_bool(0.7) {
                    tx.complete_task(task.id, true)?;
                }
            }
        }
    } else if status == JusticeStatus::InCustody {
        tx.insert(CustodyFields {
            client_id: id,
            kind: weighted(
                rng,
                &[(CustodyKind::Sentence, 70), (CustodyKind::Remand, 20), (CustodyKind::Recall, 10)],
            ),
            establishment,
            started_on: days_before(today, rng.gen_range(10..700)),
            expected_release_on: expected,
            released_on: None,
        })?;
    }
    // A peer mentor for about a quarter.
    let mentor = if rng.gen_bool(0.25) {
        let m = *pick(rng, &cast.mentors);
        let start = between(rng, opened, today);
        let link = tx.link_mentor(m, id, start)?;
        if rng.gen_bool(0.2) && start < today {
            let end = between(rng, start, today);
            tx.end_mentor_link(link.id, end)?;
        }
        Some(m)
    } else {
        None
    };
    let inside = status == JusticeStatus::InCustody;
    let span_days = (today - opened).num_days().max(1);
    // Appointments: roughly one every six or seven weeks while supported, a few booked ahead.
    let n_appts = (span_days / 45 + rng.gen_range(0..3)).min(14);
    let horizon = days_after(today, 28);
    for _ in 0..n_appts {
        let day = between(rng, opened, horizon);
        let starts_at = at(day, rng)?;
        let planned = if inside {
            Accompaniment::None
        } else {
            weighted(
                rng,
                &[
                    (Accompaniment::None, 45),
                    (Accompaniment::Caseworker, 35),
                    (Accompaniment::PeerMentor, if mentor.is_some() { 20 } else { 0 }),
                ],
            )
        };
        let service = service_for(rng, &needs);
        let booking = Booking {
            client_id: id,
            service_type: service,
            service_id: cast.service(service),
            provider: Some(provider_for(service).into()),
            place: Some(
                (*pick(
                    rng,
                    &[
                        "Leeds city centre",
                        "Harehills",
                        "Armley",
                        "Beeston",
                        "Chapeltown",
                        "Seacroft",
                        "Prison healthcare unit",
                    ],
                ))
                .into(),
            ),
            starts_at,
            ends_at: Some(starts_at.plus_seconds(rng.gen_range(1..5) * 15 * 60)),
            planned_accompaniment: planned,
            planned_user_id: None,
            planned_mentor_id: if planned == Accompaniment::PeerMentor { mentor } else { None },
        };
        let appt = tx.book_appointment(booking)?;
        summary.appointments += 1;
        if day >= today {
            continue;
        }
        if rng.gen_bool(0.05) {
            let new_day = days_after(day, rng.gen_range(7..21));
            let cancelled_by =
                if rng.gen_bool(0.5) { Outcome::CancelledByPatient } else { Outcome::CancelledByProvider };
            let moved = tx.reschedule_appointment(appt.id, at(new_day, rng)?, None, cancelled_by)?;
            summary.appointments += 1;
            if new_day >= today {
                continue;
            }
            record(tx, rng, moved.id, planned, mentor)?;
            continue;
        }
        record(tx, rng, appt.id, planned, mentor)?;
    }
    // Contacts.
    let n_contacts = (span_days / 40 + rng.gen_range(1..4)).min(16);
    for _ in 0..n_contacts {
        let on = between(rng, opened, today);
        let kind = if inside {
            ContactKind::PrisonVisit
        } else {
            weighted(
                rng,
                &[
                    (ContactKind::Phone, 35),
                    (ContactKind::InPerson, 30),
                    (ContactKind::Message, 12),
                    (ContactKind::Video, 6),
                    (ContactKind::Accompaniment, 12),
                    (ContactKind::GatePickup, 2),
                    (ContactKind::PrisonVisit, 3),
                ],
            )
        };
        let follow = if rng.gen_bool(0.1) { Some(days_after(on, rng.gen_range(1..15))) } else { None };
        tx.log_contact(NewContact {
            client_id: id,
            contact_on: on,
            kind,
            minutes: rng.gen_range(1..13) * 10,
            summary: Some((*pick(rng, SUMMARIES)).into()),
            follow_up_on: follow,
        })?;
        summary.contacts += 1;
    }
    // Referrals along every path of the lifecycle.
    let n_refs = weighted(rng, &[(0, 35), (1, 40), (2, 18), (3, 7)]);
    for _ in 0..n_refs {
        let kind = weighted(
            rng,
            &[
                (ServiceType::GpRegistration, 20),
                (ServiceType::MentalHealth, 15),
                (ServiceType::DrugAlcohol, 15),
                (ServiceType::Housing, 15),
                (ServiceType::TalkingTherapies, 8),
                (ServiceType::Benefits, 10),
                (ServiceType::Reconnect, 6),
                (ServiceType::Dental, 5),
                (ServiceType::SexualHealth, 3),
                (ServiceType::LiaisonDiversion, 3),
            ],
        );
        // Someone who said no to sharing with health services is referred to housing instead.
        let kind = if no_health_sharing && crate::model::consents::needed_to_refer(kind).is_some() {
            ServiceType::Housing
        } else {
            kind
        };
        let start = between(rng, opened, today);
        use ReferralStatus::*;
        let paths: &[&[ReferralStatus]] = &[
            &[Draft],
            &[Sent],
            &[Sent, Acknowledged],
            &[Sent, Acknowledged, Accepted],
            &[Sent, Accepted, FirstAppointment],
            &[Sent, Acknowledged, Accepted, FirstAppointment, Completed],
            &[Sent, Accepted, FirstAppointment, Completed],
            &[Sent, Declined],
            &[Sent, Acknowledged, Declined],
            &[Sent, Accepted, ClosedNoEngagement],
            &[Draft, Sent, Acknowledged, Accepted, FirstAppointment, ClosedNoEngagement],
        ];
        let path = *pick(rng, paths);
        let r = tx.make_referral(NewReferral {
            client_id: id,
            service_type: kind,
            service_id: cast.service(kind),
            provider: None,
            reason: Some(
                (*pick(
                    rng,
                    &[
                        "Needs support after release.",
                        "Asked for help with this.",
                        "Agreed at the last review.",
                        "Recommended by probation.",
                    ],
                ))
                .into(),
            ),
            status: path[0],
            on: start,
        })?;
        summary.referrals += 1;
        let mut on = start;
        for step in &path[1..] {
            let next = days_after(on, rng.gen_range(1..25));
            if next > today {
                break;
            }
            on = next;
            tx.move_referral(r.id, *step, on)?;
        }
    }
    // Most follow-ups more than a week old have been done.
    let week_ago = days_before(today, 7);
    let filter = TaskFilter { client_id: Some(id), due_by: Some(week_ago), ..TaskFilter::default() };
    for task in tx.reader().tasks(&filter, Page { offset: 0, limit: 500 })?.items {
        if rng.gen_bool(0.85) {
            tx.complete_task(task.id, true)?;
        }
    }
    // About one in seven has finished their support.
    if rng.gen_bool(0.15) && opened < today {
        let on = between(rng, days_after(opened, 1), today);
        let reason = weighted(
            rng,
            &[
                (CloseReason::GoalsMet, 40),
                (CloseReason::Disengaged, 20),
                (CloseReason::Declined, 8),
                (CloseReason::MovedAway, 10),
                (CloseReason::Transferred, 10),
                (CloseReason::ReturnedToCustody, 8),
                (CloseReason::Died, 1),
                (CloseReason::Other, 3),
            ],
        );
        tx.close_episode(id, on, reason)?;
    }
    measures(tx, id, &needs, opened, today, summary.clients)?;
    Ok(())
}

/// Questionnaires for people with a mental health need: a baseline soon after support opened, then a
/// review about every eight weeks, most drifting better. Drawn from their own generator, so adding
/// them left everyone else's made-up history as it was.
fn measures(
    tx: &mut Tx<'_>,
    id: ClientId,
    needs: &[SupportNeed],
    opened: Date,
    today: Date,
    n: u64,
) -> Result<()> {
    let mut rng = ChaCha8Rng::seed_from_u64(0x6d65_6173_7572_6573 ^ n);
    if !needs.contains(&SupportNeed::MentalHealth) || !rng.gen_bool(0.7) {
        return Ok(());
    }
    let scales: &[(MeasureScale, u8)] = if rng.gen_bool(0.6) {
        &[(MeasureScale::Phq9, 27), (MeasureScale::Gad7, 21)]
    } else {
        &[(MeasureScale::Phq9, 27)]
    };
    for (scale, max) in scales {
        let mut score = rng.gen_range(8..=max - 4);
        let mut on = days_after(opened, rng.gen_range(0..14));
        while on <= today {
            tx.record_measure(NewMeasure {
                client_id: id,
                scale: *scale,
                taken_on: on,
                answers: None,
                total: Some(score),
            })?;
            let step: i16 = rng.gen_range(-6..=3);
            score = u8::try_from((i16::from(score) + step).clamp(0, i16::from(*max))).unwrap_or(0);
            on = days_after(on, rng.gen_range(42..70));
        }
    }
    Ok(())
}

fn record(
    tx: &mut Tx<'_>,
    rng: &mut ChaCha8Rng,
    id: crate::ids::AppointmentId,
    planned: Accompaniment,
    mentor: Option<MentorId>,
) -> Result<()> {
    let outcome = weighted(
        rng,
        &[
            (Outcome::Attended, 640),
            (Outcome::Dna, 150),
            (Outcome::LateNotSeen, 30),
            (Outcome::CancelledByPatient, 70),
            (Outcome::CancelledByProvider, 60),
            (Outcome::NotRecorded, 50),
        ],
    );
    if outcome == Outcome::NotRecorded {
        return Ok(());
    }
    let dna_reason = (outcome == Outcome::Dna).then(|| {
        weighted(
            rng,
            &[
                (DnaReason::Forgot, 25),
                (DnaReason::Unwell, 20),
                (DnaReason::NoFare, 15),
                (DnaReason::ProbationClash, 10),
                (DnaReason::BackInCustody, 5),
                (DnaReason::DistrustService, 15),
                (DnaReason::Other, 10),
            ],
        )
    });
    // Now and then someone else went than was planned.
    let actual = if outcome == Outcome::Attended && rng.gen_bool(0.1) {
        Some(if planned == Accompaniment::None { Accompaniment::Caseworker } else { Accompaniment::None })
    } else {
        None
    };
    let actual_user_id =
        if actual == Some(Accompaniment::Caseworker) { Some(tx.actor.user_id) } else { None };
    let _ = mentor;
    tx.record_outcome(
        id,
        OutcomeRecord {
            outcome,
            dna_reason,
            actual_accompaniment: actual,
            actual_user_id,
            actual_mentor_id: None,
        },
    )?;
    Ok(())
}

/// How many clients' histories one seeding transaction writes.
const SEED_BATCH: u64 = 10_000;

/// The page cache, in MiB, while seeding.
const SEED_CACHE_MIB: i64 = 512;

/// Fills the database with demo data. `progress` is told (clients done, clients in all) as it goes.
pub fn seed(
    store: &mut Store,
    actor: &Actor,
    opts: &SeedOptions,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<SeedSummary> {
    authz::require(actor, Action::Seed)?;
    if opts.clients == 0 {
        return Err(Error::invalid("clients", "Say how many clients to make (at least 1)."));
    }
    if opts.clients > 1_000_000 {
        return Err(Error::invalid("clients", "At most 1,000,000 demo clients can be made."));
    }
    if opts.months == 0 || opts.months > 120 {
        return Err(Error::invalid("months", "Months of history must be between 1 and 120."));
    }
    if opts.today > crate::time::today_london() {
        return Err(Error::invalid("today", "Demo data cannot be made as of a day in the future."));
    }
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
    let mut summary = SeedSummary::default();
    let cast = store.write(actor, |tx| setup(tx, &mut rng, opts.clients, &mut summary))?;
    let total = u64::from(opts.clients);
    // History lands all over the date and name indexes of a large database: a bigger page cache for
    // the while keeps them in memory rather than reading and decrypting the same pages again.
    //
    // A transaction holds up to 10,000 clients. SQLite writes each page a transaction changed at its
    // commit, and a client's history changes pages all over those indexes, so a commit every 1,000
    // clients wrote the same pages again and again: 17 GB for a 2.3 GB file of 100,000 clients,
    // against 6 GB (and a sixth less time) a commit every 10,000. Past that the changed pages outgrow
    // the cache and gain nothing. Progress is still told every 1,000.
    //
    // The indexes only screens read are built once at the end rather than entry by entry
    // ([`crate::bulk`]).
    store.with_cache(SEED_CACHE_MIB, |store| {
        store.with_screen_indexes_deferred(|store| {
            let mut done = 0u64;
            while done < total {
                let batch = (total - done).min(SEED_BATCH);
                store.write(actor, |tx| {
                    for i in 1..=batch {
                        client_history(tx, &mut rng, opts.today, opts.months, &cast, &mut summary)?;
                        if i % 1000 == 0 || i == batch {
                            progress(done + i, total);
                        }
                    }
                    Ok(())
                })?;
                done += batch;
            }
            Ok(())
        })
    })?;
    let detail = format!("{} clients, seed {}", summary.clients, opts.seed);
    store.write(actor, |tx| tx.audit(crate::audit::AuditAction::Seed, None, None, Some(&detail)))?;
    Ok(summary)
}
