// A stand-in for the Tauri shell, for browser tests: installs window.__TAURI_INTERNALS__ with an `invoke`
// that answers every command the UI uses from realistic fixture data, keeps changes in memory, and logs calls
// in window.__calls. This function is serialised into the page, so it must not use anything from outside.
// The page's clock is fixed at 2026-11-20T10:00:00Z (Friday 20 November 2026, GMT) by the test.

export function installTauriMock(config) {
  const TODAY = "2026-11-20";
  // Who is using the app: a manager (Sam Patel) unless the test says a caseworker or a peer mentor.
  const ROLE = config.role ?? "manager";
  const ME_USER = { manager: "u-sam", caseworker: "u-aisha", peer_mentor: "u-dee" }[ROLE];
  const ME_NAME = { manager: "Sam Patel", caseworker: "Aisha Rahman", peer_mentor: "Dee Campbell" }[ROLE];
  const ME_ID = { manager: "u-sam", caseworker: "u-aisha", peer_mentor: "u-dee" }[ROLE];
  // What core's authz::abilities says for each role.
  const ABILITIES = {
    manager: { clients: true, referrals: true, mentors: true, sync: true, manage_people: true, audit: true, settings: true, mentor_home: false, reports: true, erase: true, subject_access: true },
    caseworker: { clients: true, referrals: true, mentors: true, sync: true, manage_people: false, audit: false, settings: false, mentor_home: false, reports: true, erase: false, subject_access: true },
    peer_mentor: { clients: false, referrals: false, mentors: false, sync: false, manage_people: false, audit: false, settings: false, mentor_home: true, reports: false, erase: false, subject_access: false },
  };
  const state = {
    has_database: config.has_database,
    unlocked: config.unlocked,
    organisation: config.has_database ? "Bridges Health Link" : null,
    user_name: config.has_database ? ME_NAME : null,
    demo_passphrase: config.demo_passphrase ?? null,
    demo_name: config.demo_passphrase ? "Sam Patel" : null,
    passphrase: config.passphrase ?? "correct horse battery staple",
  };
  const calls = [];
  window.__calls = calls;
  // What a test may change while the page is open: whether the person closes the next Save window.
  const control = { save_cancelled: !!config.save_cancelled };
  window.__mockControl = control;

  const L = (pairs) => pairs.map(([code, label]) => ({ code, label }));
  const labels = {
    JusticeStatus: L([
      ["in_custody", "In custody"],
      ["on_licence", "On licence"],
      ["community_sentence", "Community sentence"],
      ["post_sentence_supervision", "Post-sentence supervision"],
      ["released_no_supervision", "Released, no supervision"],
      ["secure_hospital", "Secure hospital"],
      ["unknown", "Not known"],
    ]),
    // Gender, Ethnicity and Disability: core's codes and labels (crates/core/src/enums.rs), in its order.
    Gender: L([
      ["woman", "Woman"],
      ["man", "Man"],
      ["non_binary", "Non-binary"],
      ["other", "Another gender"],
      ["not_stated", "Prefer not to say"],
      ["unknown", "Not known"],
    ]),
    Ethnicity: L([
      ["asian_bangladeshi", "Asian or Asian British: Bangladeshi"],
      ["asian_chinese", "Asian or Asian British: Chinese"],
      ["asian_indian", "Asian or Asian British: Indian"],
      ["asian_pakistani", "Asian or Asian British: Pakistani"],
      ["asian_other", "Asian or Asian British: any other Asian background"],
      ["black_african", "Black, Black British, Caribbean or African: African"],
      ["black_caribbean", "Black, Black British, Caribbean or African: Caribbean"],
      ["black_other", "Black, Black British, Caribbean or African: any other Black background"],
      ["mixed_white_asian", "Mixed or multiple: White and Asian"],
      ["mixed_white_black_african", "Mixed or multiple: White and Black African"],
      ["mixed_white_black_caribbean", "Mixed or multiple: White and Black Caribbean"],
      ["mixed_other", "Mixed or multiple: any other mixed background"],
      ["white_british", "White: English, Welsh, Scottish, Northern Irish or British"],
      ["white_irish", "White: Irish"],
      ["white_gypsy_traveller", "White: Gypsy or Irish Traveller"],
      ["white_roma", "White: Roma"],
      ["white_other", "White: any other White background"],
      ["other_arab", "Other ethnic group: Arab"],
      ["other_any", "Other ethnic group: any other ethnic group"],
      ["not_stated", "Prefer not to say"],
    ]),
    Disability: L([
      ["yes", "Yes"],
      ["no", "No"],
      ["not_stated", "Prefer not to say"],
      ["unknown", "Not known"],
    ]),
    SupportNeed: L([
      ["mental_health", "Mental health"],
      ["drugs", "Drugs"],
      ["alcohol", "Alcohol"],
      ["self_harm_risk", "Risk of self-harm"],
      ["long_term_condition", "Long-term condition"],
      ["learning_disability", "Learning disability or difficulty"],
      ["neurodivergence", "Neurodivergence"],
      ["pregnancy_postnatal", "Pregnancy or postnatal"],
      ["palliative_care", "Palliative care"],
      ["infection", "Blood-borne virus or other infection"],
      ["older_person", "Older person (50+)"],
      ["physical_disability", "Physical disability or mobility"],
      ["dementia", "Dementia or memory"],
      ["housing", "Housing"],
    ]),
    RiskFlag: L([
      ["self_harm", "Self-harm"],
      ["overdose", "Overdose risk"],
      ["violence_to_staff", "Violence to staff"],
      ["violence_to_others", "Violence to others"],
      ["no_lone_working", "No lone working"],
      ["safeguarding_adult", "Adult safeguarding"],
      ["safeguarding_children", "Child safeguarding"],
      ["domestic_abuse", "Domestic abuse"],
      ["exploitation", "Exploitation"],
    ]),
    GpStatus: L([
      ["registered", "Registered"],
      ["not_registered", "Not registered"],
      ["in_progress", "Registration in progress"],
      ["unknown", "Not known"],
    ]),
    ConsentPurpose: L([
      ["store", "Keep their details"],
      ["share_health", "Share with health services"],
      ["share_probation", "Share with probation"],
    ]),
    ConsentMethod: L([
      ["written", "In writing"],
      ["verbal", "Verbally"],
      ["electronic", "Electronically"],
    ]),
    CloseReason: L([
      ["goals_met", "Goals met"],
      ["disengaged", "Stopped engaging"],
      ["declined", "Declined support"],
      ["moved_away", "Moved away"],
      ["transferred", "Transferred"],
      ["returned_to_custody", "Returned to custody"],
      ["died", "Died"],
      ["other", "Other"],
    ]),
    ServiceType: L([
      ["gp", "GP"],
      ["mental_health", "Mental health"],
      ["drug_alcohol", "Drug and alcohol"],
      ["dental", "Dental"],
      ["maternity", "Maternity"],
      ["hospital_outpatient", "Hospital outpatient"],
      ["sexual_health", "Sexual health"],
      ["optician", "Optician"],
      ["pharmacy", "Pharmacy"],
      ["talking_therapies", "NHS Talking Therapies"],
      ["housing", "Housing"],
      ["benefits", "Benefits"],
      ["reconnect", "RECONNECT (care after custody)"],
      ["liaison_diversion", "Liaison and Diversion"],
      ["gp_registration", "GP registration"],
      ["other", "Other"],
    ]),
    Accompaniment: L([
      ["none", "Nobody"],
      ["caseworker", "Caseworker"],
      ["peer_mentor", "Peer mentor"],
    ]),
    Outcome: L([
      ["not_recorded", "Not recorded yet"],
      ["attended", "Attended"],
      ["late_not_seen", "Arrived late, not seen"],
      ["cancelled_by_patient", "Cancelled by client"],
      ["dna", "Did not attend"],
      ["cancelled_by_provider", "Cancelled by the service"],
    ]),
    DnaReason: L([
      ["unwell", "Unwell"],
      ["forgot", "Forgot"],
      ["no_fare", "Could not pay the fare"],
      ["probation_clash", "Clashed with probation"],
      ["back_in_custody", "Back in custody"],
      ["distrust_service", "Did not trust the service"],
      ["other", "Other"],
    ]),
    ReferralStatus: L([
      ["draft", "Draft"],
      ["sent", "Sent"],
      ["acknowledged", "Acknowledged"],
      ["accepted", "Accepted"],
      ["declined", "Declined"],
      ["first_appointment", "First appointment"],
      ["completed", "Completed"],
      ["closed_no_engagement", "Closed: no engagement"],
    ]),
    ContactKind: L([
      ["in_person", "In person"],
      ["phone", "Phone"],
      ["video", "Video call"],
      ["prison_visit", "Prison visit"],
      ["gate_pickup", "Gate pick-up"],
      ["accompaniment", "Went with them to an appointment"],
      ["message", "Letter or message"],
    ]),
    CustodyKind: L([
      ["remand", "Remand"],
      ["sentence", "Sentence"],
      ["recall", "Recall"],
    ]),
    TaskKind: L([
      ["dna_follow_up", "After a missed appointment"],
      ["release_window", "First 14 days after release"],
      ["referral_chase", "Chase a referral"],
      ["contact_follow_up", "Follow-up"],
      ["other", "Other"],
    ]),
    LivedExperience: L([
      ["custody", "Custody"],
      ["probation", "Probation"],
      ["addiction", "Addiction"],
      ["mental_health", "Mental health"],
      ["homelessness", "Homelessness"],
      ["domestic_abuse", "Domestic abuse"],
      ["care_leaver", "Care leaver"],
      ["women", "Women's experience"],
    ]),
    DbsCheck: L([
      ["in_date", "DBS check in date"],
      ["out_of_date", "DBS check older than 3 years"],
      ["not_recorded", "No DBS check recorded"],
    ]),
    MeasureScale: L([
      ["phq9", "PHQ-9 (depression)"],
      ["gad7", "GAD-7 (anxiety)"],
      ["wellbeing", "Wellbeing check"],
    ]),
    Role: L([
      ["caseworker", "Caseworker"],
      ["manager", "Manager"],
      ["peer_mentor", "Peer mentor"],
    ]),
    AuditAction: L([
      ["init", "Made the database"],
      ["unlock", "Unlocked"],
      ["unlock_failed", "Wrong name or passphrase"],
      ["view", "Opened a record"],
      ["export", "Exported data"],
      ["backup", "Took a backup"],
      ["restore", "Restored a backup"],
      ["import", "Imported clients"],
      ["verify", "Checked the database"],
      ["seed", "Added demo data"],
      ["erase", "Erased a person's details"],
      ["bundle_export", "Made a sync file"],
      ["bundle_import", "Imported a sync file"],
      ["invite", "Invited a computer"],
      ["device_revoke", "Revoked a computer"],
      ["join", "Joined the organisation"],
      ["resolve_conflict", "Settled a conflict"],
      ["share", "Shared a client"],
      ["unshare", "Stopped sharing a client"],
      ["reassign", "Moved a caseload"],
      ["user_add", "Added a person"],
      ["user_change", "Changed a person's role or team"],
      ["user_remove", "Removed a person"],
      ["device_access", "Let a person unlock this computer"],
      ["device_access_removed", "Stopped a person unlocking this computer"],
      ["passphrase_change", "Changed their passphrase"],
      ["settings", "Changed a setting"],
      ["change", "Added or changed a record"],
      ["subject_access", "Gave a person everything held about them"],
    ]),
  };

  // Everyone who uses the app (the Users screen), with the teams; `users` is the current ones as the
  // `users` command lists them.
  const teams = [
    { id: "t-city", created_at: "2025-01-06T09:00:00Z", archived_at: null, name: "City" },
    { id: "t-north", created_at: "2025-01-06T09:00:00Z", archived_at: null, name: "North" },
  ];
  const person = (id, display_name, role, team_id, extra = {}) => ({
    id,
    created_at: "2025-01-06T09:00:00Z",
    archived_at: null,
    display_name,
    role,
    email: null,
    team_id,
    mentor_id: null,
    ...extra,
  });
  const userRecords = [
    person("u-sam", "Sam Patel", "manager", "t-city", { email: "sam.patel@bridges.example" }),
    person("u-aisha", "Aisha Rahman", "caseworker", "t-city"),
    person("u-ben", "Ben Carter", "caseworker", "t-north"),
    person("u-dee", "Dee Campbell", "peer_mentor", null, { mentor_id: "m-dee" }),
    person("u-jo", "Jo Whitfield", "caseworker", "t-north", { archived_at: "2026-10-30T16:00:00Z" }),
  ];
  const users = [];
  const refreshUsers = () => {
    users.length = 0;
    for (const u of userRecords.filter((x) => !x.archived_at)) users.push({ id: u.id, display_name: u.display_name, role: u.role });
  };
  refreshUsers();
  // Who can unlock this computer (their own wrapping of the database key).
  const unlockHere = new Set(["u-sam", "u-aisha", "u-dee"]);
  const mentorBase = {
    created_at: "2025-03-01T09:00:00Z",
    archived_at: null,
    phone: null,
    email: null,
    lived_experience: [],
    dbs_checked_on: null,
    training_completed_on: null,
    training_notes: null,
    availability: null,
    team_id: null,
    weekly_availability: null,
    availability_exceptions: null,
    travel_area: null,
  };
  const directory = [
    {
      ...mentorBase,
      id: "m-dee",
      display_name: "Dee Campbell",
      phone: "07700 900112",
      lived_experience: ["custody", "addiction", "women"],
      dbs_checked_on: "2024-05-14",
      training_completed_on: "2024-06-20",
      training_notes: "Naloxone training done. Mental health first aid booked for January.",
      availability: "Weekday mornings",
      weekly_availability: [
        { day: "tuesday", from: "10:00", until: "16:00", area: "Leeds" },
        { day: "thursday", from: "10:00", until: "16:00", area: "Leeds" },
      ],
      travel_area: "Leeds and Bradford, by bus",
    },
    {
      ...mentorBase,
      id: "m-tomasz",
      display_name: "Tomasz Wiśniewski",
      lived_experience: ["probation", "homelessness"],
      dbs_checked_on: "2022-09-01",
      training_completed_on: "2022-10-10",
      availability: "Tuesdays and Thursdays",
    },
    {
      ...mentorBase,
      id: "m-marcus",
      display_name: "Marcus Reid",
      lived_experience: ["custody", "mental_health"],
      dbs_checked_on: "2025-11-03",
      availability: "Afternoons, not Fridays",
    },
  ];
  // A peer mentor's `mentors` lists only their own record.
  const mentors = directory
    .filter((m) => ROLE !== "peer_mentor" || m.id === "m-dee")
    .map((m) => ({ id: m.id, display_name: m.display_name }));
  let linkSeq = 0;
  const mentorLinks = [];
  const addLink = (mentor_id, client_id, starts_on, ends_on = null) => {
    linkSeq += 1;
    const l = { id: `l-${linkSeq}`, created_at: `${starts_on}T09:00:00Z`, archived_at: null, mentor_id, client_id, starts_on, ends_on };
    mentorLinks.push(l);
    return l;
  };
  addLink("m-dee", "c-siobhan", "2026-10-01");
  addLink("m-dee", "c-lan", "2026-09-12");
  addLink("m-dee", "c-lukasz", "2026-03-02", "2026-08-31");
  addLink("m-marcus", "c-dafydd", "2026-07-01");
  const nameOf = (list, id) => list.find((x) => x.id === id)?.display_name ?? null;
  // What core says for the fixed day 2026-11-20 (core owns the rule; these are its answers).
  const dbsOf = (m) => (!m.dbs_checked_on ? "not_recorded" : m.dbs_checked_on < "2023-11-20" ? "out_of_date" : "in_date");
  const linkCurrent = (l) => l.ends_on === null || l.ends_on > TODAY;

  function nhsValid(n) {
    if (!/^\d{10}$/.test(n)) return false;
    let sum = 0;
    for (let i = 0; i < 9; i++) sum += Number(n[i]) * (10 - i);
    let check = 11 - (sum % 11);
    if (check === 11) check = 0;
    return check !== 10 && check === Number(n[9]);
  }

  const stamp = "2026-01-05T09:00:00Z";
  const baseClient = {
    given_name: null,
    family_name: null,
    preferred_name: null,
    date_of_birth: null,
    gender: null,
    ethnicity: null,
    disability: null,
    pronouns: null,
    phone: null,
    email: null,
    address: null,
    postcode: null,
    nhs_number: null,
    prison_number: null,
    crn: null,
    justice_status: "unknown",
    establishment: null,
    expected_release_date: null,
    actual_release_date: null,
    licence_end_date: null,
    gp_status: "unknown",
    gp_practice: null,
    gp_registered_on: null,
    gp_status_changed_on: null,
    support_needs: [],
    risk_flags: [],
    consent_store: true,
    consent_share_health: true,
    consent_share_probation: false,
    consent_on: "2026-01-05",
    consent_method: "written",
    consent_withdrawn_on: null,
    caseworker_id: "u-sam",
    team_id: null,
    accompaniment_needs: null,
  };
  let created = 0;
  const clients = [];
  const episodes = {};
  function addClient(id, fields, open = true) {
    created += 1;
    const createdAt = `2026-${String(1 + (created % 10)).padStart(2, "0")}-${String(1 + (created % 27)).padStart(2, "0")}T09:00:00Z`;
    const c = { id, created_at: createdAt, archived_at: null, ...baseClient, ...fields };
    clients.push(c);
    episodes[id] = [
      {
        id: `e-${id}`,
        created_at: createdAt,
        archived_at: null,
        client_id: id,
        opened_on: createdAt.slice(0, 10),
        closed_on: open ? null : "2026-09-30",
        close_reason: open ? null : "goals_met",
      },
    ];
    return c;
  }

  addClient("c-siobhan", {
    given_name: "Siobhán",
    family_name: "O'Brien",
    date_of_birth: "1989-04-17",
    gender: "woman",
    ethnicity: "white_irish",
    phone: "07700 900461",
    prison_number: "A4821KD",
    crn: "X482913",
    justice_status: "on_licence",
    establishment: "HMP Eastwood Park",
    expected_release_date: "2026-11-14",
    actual_release_date: "2026-11-14",
    licence_end_date: "2027-05-13",
    gp_status: "not_registered",
    support_needs: ["mental_health", "drugs", "housing"],
    risk_flags: ["self_harm", "overdose"],
    pronouns: "she/her",
    accompaniment_needs:
      "Meet her at the bus station, not at home.\nAnxious in waiting rooms: sit near the door and tell reception she is there.\nA woman should go with her.",
  });
  addClient("c-lukasz", {
    given_name: "Łukasz",
    family_name: "Nowak",
    date_of_birth: "1994-02-28",
    gender: "man",
    ethnicity: "white_other",
    nhs_number: "9434765919",
    prison_number: "A7719FB",
    justice_status: "released_no_supervision",
    actual_release_date: "2026-11-17",
    gp_status: "in_progress",
    support_needs: ["alcohol"],
    risk_flags: ["no_lone_working"],
  });
  addClient("c-precious", {
    given_name: "Precious",
    date_of_birth: "2001-09-03",
    gender: "woman",
    ethnicity: "black_african",
    justice_status: "community_sentence",
    crn: "Y204518",
    gp_status: "registered",
    gp_practice: "Riverside Medical Practice",
    gp_registered_on: "2026-03-02",
    support_needs: ["pregnancy_postnatal", "mental_health"],
    risk_flags: ["safeguarding_adult"],
  });
  addClient("c-mohammed", {
    given_name: "Mohammed",
    family_name: "Al-Farsi",
    date_of_birth: "1978-11-30",
    gender: "man",
    ethnicity: "other_arab",
    prison_number: "A1234BC",
    justice_status: "in_custody",
    establishment: "HMP Birmingham",
    expected_release_date: "2026-12-02",
    gp_status: "unknown",
    support_needs: ["long_term_condition", "older_person"],
  });
  addClient("c-chidi", {
    given_name: "Chidi",
    family_name: "Okafor",
    date_of_birth: "1985-06-12",
    justice_status: "on_licence",
    actual_release_date: "2026-08-03",
    gp_status: "registered",
    gp_practice: "Hillside Surgery",
    support_needs: ["mental_health"],
    caseworker_id: "u-aisha",
  });
  addClient("c-jade", {
    given_name: "Jade",
    family_name: "Thompson",
    preferred_name: "JT",
    date_of_birth: "1998-01-22",
    justice_status: "post_sentence_supervision",
    gp_status: "registered",
    support_needs: ["drugs", "infection"],
  });
  addClient("c-lan", {
    given_name: "Lan",
    family_name: "Nguyễn Thị",
    date_of_birth: "1972-07-07",
    justice_status: "secure_hospital",
    establishment: "Reaside Clinic",
    gp_status: "unknown",
    support_needs: ["mental_health", "older_person"],
    pronouns: "she/her",
    phone: "07700 900733",
    risk_flags: ["exploitation"],
    accompaniment_needs:
      "Uses a wheelchair: check the building has step-free access before you go.\nSpeaks Vietnamese: ask the clinic to book an interpreter.",
  });
  addClient("c-dafydd", {
    given_name: "Dafydd",
    family_name: "Hughes",
    date_of_birth: "1966-03-19",
    justice_status: "post_sentence_supervision",
    gp_status: "registered",
    support_needs: ["alcohol", "long_term_condition"],
    risk_flags: ["violence_to_staff"],
  });
  addClient("c-zainab", {
    given_name: "Zainab",
    family_name: "Hussain",
    date_of_birth: "1990-10-10",
    justice_status: "community_sentence",
    gp_status: "registered",
    support_needs: ["neurodivergence"],
  });
  addClient("c-kwame", {
    given_name: "Kwame",
    family_name: "Mensah",
    date_of_birth: "1982-12-01",
    justice_status: "on_licence",
    gp_status: "not_registered",
    support_needs: ["housing", "physical_disability"],
    caseworker_id: "u-ben",
  });
  // One person on record twice (added on two laptops before they synced): the same date of birth, the given
  // name spelt two ways, each with its own identifier and history. Both are on Sam's caseload, so a caseworker
  // such as Aisha only learns that there are matches elsewhere.
  addClient("c-mo-khan", {
    given_name: "Mohammed",
    family_name: "Khan",
    date_of_birth: "1986-05-14",
    gender: "man",
    ethnicity: "asian_pakistani",
    phone: "07700 900218",
    prison_number: "A5531FT",
    justice_status: "on_licence",
    actual_release_date: "2026-09-02",
    gp_status: "not_registered",
    support_needs: ["drugs"],
    risk_flags: ["overdose"],
  });
  addClient("c-mu-khan", {
    given_name: "Muhammad",
    family_name: "Khan",
    date_of_birth: "1986-05-14",
    phone: "07700 900995",
    address: "Flat 3, 18 Canal Street",
    postcode: "B12 0AB",
    crn: "X774120",
    justice_status: "on_licence",
    gp_status: "registered",
    gp_practice: "Riverside Medical Practice",
    support_needs: ["housing"],
  });
  const filler = [
    "Aaliyah Brown",
    "Bogdan Popescu",
    "Ciarán Murphy",
    "Deepa Sharma",
    "Emeka Eze",
    "Fatima Begum",
    "Gareth Jones",
    "Hana Kowalczyk",
    "Ibrahim Diallo",
    "Jamal Ahmed",
    "Kerry-Ann Williams",
    "Liam O'Connor",
    "Mei Chen",
    "Nia Evans",
    "Olamide Adeyemi",
    "Paddy Ward",
    "Rukhsana Akhtar",
    "Stacey Clarke",
    "Tariq Mahmood",
    "Usha Patel",
    "Viktor Horváth",
    "Wanjiru Kamau",
    "Yusuf Ali",
    "Zofia Lewandowska",
  ];
  const statuses = labels.JusticeStatus.map((l) => l.code);
  filler.forEach((full, i) => {
    const [given, ...rest] = full.split(" ");
    addClient(
      `c-f${i}`,
      {
        given_name: given,
        family_name: rest.join(" "),
        date_of_birth: `${1960 + ((i * 7) % 40)}-${String(1 + (i % 12)).padStart(2, "0")}-${String(1 + ((i * 3) % 28)).padStart(2, "0")}`,
        justice_status: statuses[i % statuses.length],
        expected_release_date: statuses[i % statuses.length] === "in_custody" ? `2027-0${1 + (i % 8)}-15` : null,
        gp_status: ["registered", "not_registered", "in_progress", "unknown"][i % 4],
        support_needs: [labels.SupportNeed[i % 14].code],
      },
      i % 6 !== 5,
    );
  });

  // Two people whose support closed years ago: past the keeping time (6 years unless a manager changes it).
  for (const [id, opened, closed] of [["c-f5", "2012-05-14", "2019-03-29"], ["c-f11", "2013-02-01", "2020-01-15"]]) {
    Object.assign(episodes[id][0], { opened_on: opened, closed_on: closed });
  }

  // Jo Whitfield left; two open cases are still on their caseload until a manager moves them.
  for (const c of clients.filter((x) => x.id === "c-f0" || x.id === "c-f1")) c.caseworker_id = "u-jo";

  let apptSeq = 0;
  const appointments = [];
  function addAppt(clientId, fields) {
    apptSeq += 1;
    const a = {
      id: fields.id ?? `a-${apptSeq}`,
      created_at: "2026-11-01T09:00:00Z",
      archived_at: null,
      client_id: clientId,
      service_type: "gp",
      service_id: null,
      provider: null,
      place: null,
      starts_at: "2026-11-20T10:00:00Z",
      ends_at: null,
      scheduled_by: "u-sam",
      planned_accompaniment: "none",
      planned_user_id: null,
      planned_mentor_id: null,
      actual_accompaniment: null,
      actual_user_id: null,
      actual_mentor_id: null,
      outcome: "not_recorded",
      dna_reason: null,
      outcome_recorded_at: null,
      rescheduled_to: null,
      ...fields,
    };
    appointments.push(a);
    return a;
  }
  // Awaiting an outcome.
  addAppt("c-precious", {
    id: "a-precious-gp",
    service_type: "gp",
    provider: "Riverside Medical Practice",
    place: "14 Mill Lane",
    starts_at: "2026-11-19T14:00:00Z",
    planned_accompaniment: "caseworker",
    planned_user_id: "u-sam",
  });
  addAppt("c-dafydd", {
    id: "a-dafydd-mh",
    service_type: "mental_health",
    provider: "Community Mental Health Team",
    starts_at: "2026-11-16T10:00:00Z",
    planned_accompaniment: "peer_mentor",
    planned_mentor_id: "m-marcus",
  });
  addAppt("c-mohammed", {
    id: "a-mohammed-gp",
    service_type: "gp",
    provider: "Healthcare unit, HMP Birmingham",
    starts_at: "2026-11-18T09:00:00Z",
  });
  // Today.
  addAppt("c-chidi", {
    service_type: "mental_health",
    provider: "Community Mental Health Team",
    place: "Orchard House",
    starts_at: "2026-11-20T10:30:00Z",
    planned_accompaniment: "caseworker",
    planned_user_id: "u-aisha",
  });
  addAppt("c-jade", {
    service_type: "sexual_health",
    provider: "Umbrella Clinic",
    starts_at: "2026-11-20T15:00:00Z",
    planned_accompaniment: "peer_mentor",
  });
  // This week.
  addAppt("c-zainab", { service_type: "dental", provider: "Smile Dental", starts_at: "2026-11-23T09:15:00Z" });
  addAppt("c-kwame", {
    service_type: "gp",
    provider: "Hillside Surgery",
    starts_at: "2026-11-24T11:00:00Z",
    planned_accompaniment: "caseworker",
    planned_user_id: "u-ben",
  });
  addAppt("c-jade", {
    service_type: "drug_alcohol",
    provider: "Change Grow Live",
    starts_at: "2026-11-25T09:30:00Z",
    planned_accompaniment: "peer_mentor",
  });
  addAppt("c-lan", {
    service_type: "hospital_outpatient",
    provider: "Queen Elizabeth Hospital",
    place: "Outpatients, level 2",
    starts_at: "2026-11-25T13:30:00Z",
    planned_accompaniment: "peer_mentor",
    planned_mentor_id: "m-dee",
  });
  addAppt("c-precious", {
    service_type: "maternity",
    provider: "Women's Hospital",
    starts_at: "2026-11-26T10:00:00Z",
    planned_accompaniment: "caseworker",
    planned_user_id: "u-sam",
  });
  addAppt("c-chidi", { service_type: "talking_therapies", starts_at: "2026-11-27T16:00:00Z" });
  // History.
  addAppt("c-siobhan", {
    service_type: "mental_health",
    provider: "In-reach team, HMP Eastwood Park",
    starts_at: "2026-09-08T10:00:00Z",
    outcome: "attended",
    outcome_recorded_at: "2026-09-08T12:00:00Z",
  });
  addAppt("c-siobhan", {
    service_type: "drug_alcohol",
    provider: "Change Grow Live",
    starts_at: "2026-06-11T13:00:00Z",
    planned_accompaniment: "peer_mentor",
    planned_mentor_id: "m-dee",
    outcome: "dna",
    dna_reason: "no_fare",
    outcome_recorded_at: "2026-06-11T16:00:00Z",
  });

  addAppt("c-mu-khan", {
    id: "a-mu-khan-gp",
    service_type: "gp",
    provider: "Riverside Medical Practice",
    starts_at: "2026-10-05T10:00:00Z",
    outcome: "attended",
    outcome_recorded_at: "2026-10-05T12:00:00Z",
  });

  // Dafydd missed a GP appointment a week ago: the follow-up task t-1 is about it.
  addAppt("c-dafydd", {
    id: "a-dafydd-gp",
    service_type: "gp",
    provider: "Hillside Surgery",
    starts_at: "2026-11-13T11:00:00Z",
    outcome: "dna",
    dna_reason: "forgot",
    outcome_recorded_at: "2026-11-13T15:00:00Z",
  });

  // A peer mentor's day: Dee went with Lan on Wednesday and has not said what happened yet.
  if (ROLE === "peer_mentor") {
    addAppt("c-lan", {
      id: "a-lan-gp",
      service_type: "gp",
      provider: "Hillside Surgery",
      place: "2 Hill Road",
      starts_at: "2026-11-18T14:30:00Z",
      planned_accompaniment: "peer_mentor",
      planned_mentor_id: "m-dee",
    });
  }

  // Who else sees a client: Siobhán is shared with Ben while Sam is on leave.
  const shares = [
    {
      id: "sh-1",
      created_at: "2026-11-02T09:00:00Z",
      archived_at: null,
      client_id: "c-siobhan",
      user_id: "u-ben",
      team_id: null,
      shared_by: "u-sam",
      starts_on: "2026-11-02",
      ends_on: null,
    },
  ];

  const contacts = [
    {
      id: "k-1",
      created_at: "2026-11-14T12:00:00Z",
      archived_at: null,
      client_id: "c-siobhan",
      author_id: "u-sam",
      contact_on: "2026-11-14",
      kind: "gate_pickup",
      minutes: 120,
      summary: "Met at the gate. Took her to the approved premises and to collect her prescription.",
      follow_up_on: "2026-11-16",
      supersedes_id: null,
    },
    {
      id: "k-2",
      created_at: "2026-11-16T12:00:00Z",
      archived_at: null,
      client_id: "c-siobhan",
      author_id: "u-sam",
      contact_on: "2026-11-16",
      kind: "phone",
      minutes: 15,
      summary: "Wants to register with Riverside Medical Practice. Will help with the form on Monday.",
      follow_up_on: null,
      supersedes_id: null,
    },
    {
      id: "k-3",
      created_at: "2026-10-20T12:00:00Z",
      archived_at: null,
      client_id: "c-siobhan",
      author_id: "u-sam",
      contact_on: "2026-10-20",
      kind: "prison_visit",
      minutes: 60,
      summary: "Release planning. Agreed a referral to the drug and alcohol service.",
      follow_up_on: null,
      supersedes_id: null,
    },
  ];

  contacts.push({
    id: "k-mu-khan",
    created_at: "2026-10-06T12:00:00Z",
    archived_at: null,
    client_id: "c-mu-khan",
    author_id: "u-sam",
    contact_on: "2026-10-06",
    kind: "phone",
    minutes: 20,
    summary: "Registered with Riverside. Wants help finding a flat nearer his mum.",
    follow_up_on: null,
    supersedes_id: null,
  });

  const ref = (id, client_id, service_type, provider, steps) => ({
    referral: {
      id,
      created_at: `${steps[0][1]}T09:00:00Z`,
      archived_at: null,
      sent_on: steps.find((s) => s[0] === "sent")?.[1] ?? null,
      last_step_on: steps[steps.length - 1][1],
      client_id,
      service_type,
      service_id: null,
      provider,
      reason: null,
      status: steps[steps.length - 1][0],
      made_by: "u-sam",
    },
    steps: steps.map(([status, on], i) => ({
      id: `${id}-s${i}`,
      created_at: `${on}T09:00:00Z`,
      archived_at: null,
      referral_id: id,
      status,
      happened_on: on,
      recorded_by: "u-sam",
    })),
  });
  const referrals = [
    ref("r-siobhan", "c-siobhan", "drug_alcohol", "Change Grow Live", [
      ["sent", "2026-10-20"],
      ["acknowledged", "2026-10-28"],
    ]),
    ref("r-mohammed", "c-mohammed", "gp_registration", "Hillside Surgery", [["sent", "2026-10-30"]]),
    ref("r-kwame", "c-kwame", "housing", "City Housing Options", [["sent", "2026-11-02"]]),
  ];
  referrals[0].referral.reason = "Opioid substitution to continue after release.";

  // Follow-up tasks (core's tasks). Rule-made ones say why when read (see whyOf); t-2 and the last two were
  // added by hand. The 14-day pathway steps after Siobhán's and Łukasz's releases are made further down.
  const task = (id, fields) => ({
    id,
    created_at: "2026-11-14T12:00:00Z",
    archived_at: null,
    client_id: null,
    assignee_id: "u-sam",
    kind: "other",
    title: "",
    due_on: TODAY,
    done_at: null,
    appointment_id: null,
    referral_id: null,
    ...fields,
  });
  const tasks = [
    task("t-1", {
      created_at: "2026-11-13T15:00:00Z",
      client_id: "c-dafydd",
      kind: "dna_follow_up",
      title: "Phone Dafydd about the missed appointment",
      due_on: "2026-11-19",
      appointment_id: "a-dafydd-gp",
    }),
    task("t-2", {
      client_id: "c-siobhan",
      kind: "other",
      title: "Make sure Siobhán has a GP appointment",
      due_on: "2026-11-20",
    }),
    {
      id: "t-3",
      created_at: "2026-11-16T12:00:00Z",
      archived_at: null,
      client_id: "c-kwame",
      assignee_id: "u-sam",
      kind: "referral_chase",
      title: "Chase the housing referral",
      due_on: "2026-11-18",
      done_at: null,
      appointment_id: null,
      referral_id: "r-kwame",
    },
    task("t-4", {
      created_at: "2026-11-16T12:00:00Z",
      client_id: "c-chidi",
      assignee_id: "u-aisha",
      kind: "contact_follow_up",
      title: "Follow up from a contact",
      due_on: "2026-11-23",
    }),
    task("t-5", {
      created_at: "2026-11-17T12:00:00Z",
      client_id: "c-kwame",
      assignee_id: "u-ben",
      title: "Check Kwame's new address with probation",
      due_on: "2026-11-25",
    }),
    task("t-6", { created_at: "2026-11-18T12:00:00Z", title: "Book the team's naloxone training", due_on: "2026-11-27" }),
    task("t-7", {
      created_at: "2026-11-10T12:00:00Z",
      client_id: "c-jade",
      title: "Ask Jade how the clinic went",
      due_on: "2026-11-17",
      done_at: "2026-11-17T14:00:00Z",
    }),
  ];
  // A test may ask for more tasks than fit on a page (hand-added ones, for the person using the app).
  for (let i = 0; i < (config.extra_tasks ?? 0); i++) {
    tasks.push(
      task(`t-x${String(i).padStart(3, "0")}`, {
        client_id: `c-f${i % 24}`,
        assignee_id: ME_USER,
        title: `Check in after the move (${i + 1})`,
        due_on: `2026-12-${String(1 + (i % 28)).padStart(2, "0")}`,
      }),
    );
  }

  // Custody episodes (core's custody_episodes): Mohammed is on remand now, with a release expected on
  // Wednesday 2 December 2026; Siobhán's sentence ended with her release on 14 November.
  const custody = [];
  let custodySeq = 0;
  function addCustodyEpisode(fields) {
    custodySeq += 1;
    const e = {
      id: `cu-${custodySeq}`,
      created_at: `${fields.started_on}T12:00:00Z`,
      archived_at: null,
      establishment: null,
      expected_release_on: null,
      released_on: null,
      ...fields,
    };
    custody.push(e);
    return e;
  }
  addCustodyEpisode({
    client_id: "c-siobhan",
    kind: "sentence",
    establishment: "HMP Eastwood Park",
    started_on: "2025-08-11",
    expected_release_on: "2026-11-14",
    released_on: "2026-11-14",
  });
  addCustodyEpisode({
    client_id: "c-mohammed",
    kind: "remand",
    establishment: "HMP Birmingham",
    started_on: "2026-09-14",
    expected_release_on: "2026-12-02",
  });
  addCustodyEpisode({
    client_id: "c-lukasz",
    kind: "sentence",
    establishment: "HMP Bristol",
    started_on: "2026-05-11",
    expected_release_on: "2026-11-17",
    released_on: "2026-11-17",
  });
  const custodyOf = (clientId) =>
    custody
      .filter((e) => e.client_id === clientId && !e.archived_at)
      .sort((a, b) => b.started_on.localeCompare(a.started_on) || b.id.localeCompare(a.id));
  // A date as core words it in messages: "3 March 2026".
  const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
  const inWords = (ymd) => `${Number(ymd.slice(8, 10))} ${MONTHS[Number(ymd.slice(5, 7)) - 1]} ${ymd.slice(0, 4)}`;
  /** Core's validate::text: trimmed, null when empty, refused when too long or holding control characters. */
  function checkText(field, value, max) {
    const t = (value ?? "").trim();
    if (!t) return { value: null };
    if ([...t].length > max)
      return { error: fail("validation", `This is too long: ${[...t].length} characters, and at most ${max} fit.`, field) };
    if (/[\u0000-\u001f\u007f]/.test(t))
      return { error: fail("validation", "This has hidden control characters in it. Type it again.", field) };
    return { value: t };
  }
  // Core's 14-day pathway after release: each step the person needs, due so many days after the release.
  const needs = (c, ...any) => any.some((n) => c.support_needs.includes(n));
  const PATHWAY = [
    { name: "Naloxone offered", days: 0, needed: (c) => needs(c, "drugs") },
    { name: "Medication and opioid substitution carried on", days: 1, needed: (c) => needs(c, "drugs", "mental_health", "long_term_condition") },
    { name: "Somewhere to live tonight and next week", days: 1, needed: () => true },
    { name: "Support contact within 2 days (met at the gate)", days: 2, needed: () => true },
    { name: "First drug and alcohol appointment", days: 5, needed: (c) => needs(c, "drugs", "alcohol") },
    { name: "Registered with a GP", days: 7, needed: () => true },
  ];
  const pathwayTasks = (clientId, includeDone) =>
    tasks.filter((t) => t.client_id === clientId && t.kind === "release_window" && !t.archived_at && (includeDone || !t.done_at));
  /** Core's record_release: one task per step the person needs (less `skip`, done since the release before). */
  function makePathway(c, on, skip = []) {
    for (const stepOf of PATHWAY.filter((p) => p.needed(c))) {
      if (skip.some((t) => t.startsWith(stepOf.name))) continue;
      tasks.push({
        id: `t-new-${tasks.length}`,
        created_at: nowIso(),
        archived_at: null,
        client_id: c.id,
        assignee_id: c.caseworker_id,
        kind: "release_window",
        title: `${stepOf.name}: released on ${inWords(on)}`,
        due_on: addDays(on, stepOf.days),
        done_at: null,
        appointment_id: null,
        referral_id: null,
      });
    }
  }
  /** Core's Reader::pathway: the steps after the latest release while they are out, in due order. */
  function pathwayOf(clientId) {
    const eps = custodyOf(clientId);
    const latest = eps[0];
    if (!latest || !latest.released_on) return null;
    const released_on = latest.released_on;
    const since = eps.slice(1).map((e) => e.released_on).filter(Boolean).sort().at(-1) ?? released_on;
    const mine = tasks.filter((t) => t.client_id === clientId && !t.archived_at && t.kind === "release_window" && t.due_on >= since);
    const steps = [];
    for (const p of PATHWAY) {
      const latestTask = mine
        .filter((t) => t.title.startsWith(p.name))
        .sort((a, b) => a.due_on.localeCompare(b.due_on) || a.id.localeCompare(b.id))
        .at(-1);
      if (latestTask) steps.push({ name: p.name, task: latestTask, overdue: !latestTask.done_at && latestTask.due_on < TODAY });
    }
    steps.sort((a, b) => a.task.due_on.localeCompare(b.task.due_on) || Number(!!a.task.done_at) - Number(!!b.task.done_at));
    const n = Math.round((Date.parse(`${TODAY}T00:00:00Z`) - Date.parse(`${released_on}T00:00:00Z`)) / 86_400_000) + 1;
    return {
      released_on,
      day: n >= 1 && n <= 14 ? n : null,
      steps,
      done: steps.filter((x) => x.task.done_at).length,
    };
  }

  /** Core's CustodyFields::check_fields, for an episode about to be stored. */
  function checkCustody(f) {
    if (f.started_on > TODAY) return fail("validation", "The start of custody cannot be in the future.", "started_on");
    if (f.expected_release_on && f.expected_release_on < f.started_on)
      return fail("validation", "This date cannot be before custody started.", "expected_release_on");
    if (f.released_on) {
      if (f.released_on < f.started_on) return fail("validation", "This date cannot be before custody started.", "released_on");
      if (f.released_on > TODAY)
        return fail("validation", "A release that has not happened yet is an expected release date.", "released_on");
    }
    return null;
  }

  // --- helpers ------------------------------------------------------------------------------------------
  const fail = (kind, message, field = null) => Promise.reject({ kind, field, message });
  const clientName = (c) =>
    [c.given_name, c.family_name].filter(Boolean).join(" ") || c.preferred_name || "Name not recorded";
  const byId = (id) => clients.find((c) => c.id === id);
  const erasedClients = new Set();
  let retentionYears = 6;
  const keptOn = {};
  // Core's consent decisions (model/consents.rs): the latest of each purpose is mirrored on the client.
  const consents = [];
  const CONSENT_PURPOSES = ["store", "share_health", "share_probation"];
  const mirroredConsent = (c, p) =>
    p === "store" ? (c.consent_withdrawn_on ? false : c.consent_store) : p === "share_health" ? c.consent_share_health : c.consent_share_probation;
  const consentOf = (c) => {
    const decisions = consents
      .filter((d) => d.client_id === c.id)
      .sort((a, b) => b.decided_on.localeCompare(a.decided_on) || b.created_at.localeCompare(a.created_at));
    const current = CONSENT_PURPOSES.map((p) => {
      const d = decisions.find((x) => x.purpose === p);
      if (d) return { purpose: p, given: d.given, decided_on: d.decided_on, method: d.method, recorded_by: nameOf(users, d.recorded_by) };
      const given = mirroredConsent(c, p);
      const withdrawn = p === "store" && given === false;
      return {
        purpose: p,
        given: given ?? null,
        decided_on: given === null || given === undefined ? null : withdrawn ? c.consent_withdrawn_on : c.consent_on,
        method: given && !withdrawn ? c.consent_method : null,
        recorded_by: null,
      };
    });
    return {
      current,
      history: decisions.map((d) => ({ consent: d, recorded_by_name: nameOf(users, d.recorded_by) ?? "Someone no longer here" })),
      erasure_due: !!c.consent_withdrawn_on && !erasedClients.has(c.id),
    };
  };
  // Core's check before a referral to a health service is sent.
  const HEALTH_FREE = ["housing", "benefits", "other"];
  const refusedSharing = (c, serviceType) =>
    !HEALTH_FREE.includes(serviceType) && mirroredConsent(c, "share_health") === false
      ? fail(
          "validation",
          "This person has not agreed to their details being shared with health services, so this referral cannot be sent. If they have changed their mind, record their consent on their record first.",
          "status",
        )
      : null;
  const day = (instant) => instant.slice(0, 10); // the fixtures are in GMT, so UTC day = London day
  const addDays = (ymd, n) => {
    const d = new Date(`${ymd}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + n);
    return d.toISOString().slice(0, 10);
  };
  const nowIso = () => new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  const companion = (a) =>
    a.planned_accompaniment === "caseworker"
      ? nameOf(userRecords, a.planned_user_id ?? byId(a.client_id)?.caseworker_id)
      : a.planned_accompaniment === "peer_mentor"
        ? nameOf(mentors, a.planned_mentor_id)
        : null;
  const agenda = (a) => ({ appointment: a, client_name: clientName(byId(a.client_id)), companion_name: companion(a) });
  const counted = (items, limit = 5) => ({ items: items.slice(0, limit), total: items.length });
  const fold = (s) =>
    (s ?? "")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/ł/g, "l")
      .replace(/Ł/g, "L")
      .toLowerCase();
  const isOpen = (id) => episodes[id]?.some((e) => !e.closed_on) ?? false;
  const sortedAppts = () => [...appointments].sort((a, b) => a.starts_at.localeCompare(b.starts_at));
  const now = () => new Date().toISOString();

  function releasedWithoutAppointment() {
    return clients
      .filter((c) => c.actual_release_date && c.actual_release_date >= addDays(TODAY, -14) && c.actual_release_date <= TODAY)
      .filter((c) => !appointments.some((a) => a.client_id === c.id && day(a.starts_at) >= c.actual_release_date))
      .map((c) => ({ client: c, name: clientName(c) }));
  }

  // Siobhán's and Łukasz's releases made their pathways; some steps are done already.
  makePathway(byId("c-siobhan"), "2026-11-14");
  makePathway(byId("c-lukasz"), "2026-11-17");
  const doneStep = (clientId, name, at) => {
    const t = tasks.find((x) => x.client_id === clientId && x.kind === "release_window" && x.title.startsWith(name));
    t.done_at = at;
  };
  doneStep("c-siobhan", "Naloxone offered", "2026-11-14T12:10:00Z");
  doneStep("c-siobhan", "Somewhere to live", "2026-11-14T16:00:00Z");
  doneStep("c-siobhan", "Support contact", "2026-11-14T12:05:00Z");
  doneStep("c-lukasz", "Somewhere to live", "2026-11-17T15:00:00Z");
  doneStep("c-lukasz", "Support contact", "2026-11-18T10:00:00Z");

  // Core's TaskRow: each task with the names core adds and why a rule made it (worked out when read).
  const labelOf = (set, code) => labels[set].find((l) => l.code === code)?.label ?? code;
  function whyOf(t) {
    const c = t.client_id ? byId(t.client_id) : null;
    const first = (c && (c.preferred_name || c.given_name)) || "the person";
    switch (t.kind) {
      case "dna_follow_up": {
        const a = appointments.find((x) => x.id === t.appointment_id);
        return a
          ? `Because ${first} did not attend the ${labelOf("ServiceType", a.service_type)} appointment on ${inWords(day(a.starts_at))}.`
          : `Because ${first} missed an appointment.`;
      }
      case "referral_chase": {
        const r = referrals.find((x) => x.referral.id === t.referral_id);
        if (!r) return "Because a referral has had no answer.";
        const to = r.referral.provider ?? labelOf("ServiceType", r.referral.service_type);
        const sent = r.steps.filter((e) => e.status === "sent").map((e) => e.happened_on).at(-1);
        return sent
          ? `Because the referral to ${to} for ${first} was sent on ${inWords(sent)} and there has been no answer in 14 days.`
          : `Because the referral to ${to} for ${first} has had no answer.`;
      }
      case "release_window": {
        const i = t.title.lastIndexOf("released on ");
        return i >= 0
          ? `Because ${first} was released on ${t.title.slice(i + "released on ".length)}: this is a step of their first 14 days.`
          : `Because ${first} was released: this is a step of their first 14 days.`;
      }
      case "contact_follow_up":
        return `Because a contact logged with ${first} set this follow-up date.`;
      default:
        return null;
    }
  }
  const taskRow = (t) => ({
    task: t,
    client_name: t.client_id ? clientName(byId(t.client_id)) : null,
    assignee_name: nameOf(userRecords, t.assignee_id),
    why: whyOf(t),
    overdue: !t.done_at && t.due_on < TODAY,
  });
  // Core's order: open before done, then by due date (so overdue first, oldest first), the latest done first.
  const taskOrder = (a, b) =>
    Number(!!a.done_at) - Number(!!b.done_at) ||
    a.due_on.localeCompare(b.due_on) ||
    (b.done_at ?? "").localeCompare(a.done_at ?? "") ||
    a.id.localeCompare(b.id);

  function requireUnlocked() {
    if (!state.has_database) return fail("no_database", "There is no database yet. Set one up first.");
    if (!state.unlocked) return fail("forbidden", "The records are locked. Unlock them with your passphrase.");
    return null;
  }

  const status = () => ({
    has_database: state.has_database,
    unlocked: state.unlocked,
    organisation: state.organisation,
    user_name: state.unlocked ? state.user_name : null,
    user_id: state.unlocked ? ME_ID : null,
    role: state.unlocked ? ROLE : null,
    can: state.unlocked ? ABILITIES[ROLE] : null,
    demo_passphrase: state.demo_passphrase,
    demo_name: state.demo_name,
  });


  // ---- sync: this device, other devices, conflicts, staged files --------------------------------------------
  const ME = "0192f1d2-0000-7000-8000-00000000c0ffee";
  const SAM_LAPTOP = "0192f1d2-0000-7000-8000-0000005a3b1e";
  const ALEX_LAPTOP = "0192f1d2-0000-7000-8000-000000a1e500";
  const RECEPTION_PC = "0192f1d2-0000-7000-8000-0000007ec3b7";
  const INVITE_CODE = "K7QM3XPF9HTR2WDN6YCB";
  const sync = {
    staged: null,
    invitation: null,
    quarantined: 0,
    devices: [
      // What core's device_summary says: `joined` once its first file has arrived here (or it is this one);
      // `invite_expires_at` when its invitation stops (or stopped) working.
      { device_id: ME, name: "Office PC", fingerprint: "4F2A-91C3-0B7D-E815", changes_held: 2210, last_file_at: null, revoked_at: null, joined: true, invite_expires_at: null },
      { device_id: SAM_LAPTOP, name: "Sam's laptop", fingerprint: "A1B2-C3D4-E5F6-0718", changes_held: 840, last_file_at: "2026-11-18T16:40:00Z", revoked_at: null, joined: true, invite_expires_at: "2026-11-09T12:00:00Z" },
      // Invited on Tuesday, not joined yet: its invitation still works.
      { device_id: ALEX_LAPTOP, name: "Alex's laptop", fingerprint: "9C8D-7E6F-5A4B-3C2D", changes_held: 0, last_file_at: null, revoked_at: null, joined: false, invite_expires_at: "2026-11-24T16:00:00Z" },
      // Invited weeks ago and never used: its invitation has run out.
      { device_id: RECEPTION_PC, name: "Reception PC", fingerprint: "7E3B-0D4C-92A1-F6E8", changes_held: 0, last_file_at: null, revoked_at: null, joined: false, invite_expires_at: "2026-11-08T09:00:00Z" },
    ],
    conflicts: [
      {
        id: "cf-phone",
        entity: "client",
        entity_label: "client",
        entity_id: "c-siobhan",
        client_id: "c-siobhan",
        record: "Siobhán O'Brien",
        field: "phone",
        field_label: "Phone",
        current: { value: "07700 900456", shown: "07700 900456", author: "Alex Morgan", device: "Alex's laptop", this_device: false, at: "2026-11-19T15:12:00Z" },
        other: { value: "07700 900123", shown: "07700 900123", author: "Sam Patel", device: "Office PC", this_device: true, at: "2026-11-19T11:05:00Z" },
      },
    ],
  };
  const JUSTICE = labels.JusticeStatus;
  const arrivingConflict = {
    id: "cf-justice",
    entity: "client",
    entity_label: "client",
    entity_id: "c-mohammed",
    client_id: "c-mohammed",
    record: "Mohammed Al-Farsi",
    field: "justice_status",
    field_label: "Justice status",
    current: { value: "on_licence", shown: "On licence", author: "Sam Patel", device: "Sam's laptop", this_device: false, at: "2026-11-20T09:41:00Z" },
    other: { value: "in_custody", shown: "In custody", author: "Sam Patel", device: "Office PC", this_device: true, at: "2026-11-19T17:20:00Z" },
  };
  const textOf = (bytes) => new TextDecoder().decode(bytes.slice(0, 400));
  const emit = (event, payload) => {
    for (const l of listeners.filter((x) => x.event === event)) {
      const cb = window[`_${l.handler}`];
      if (cb) cb({ event, id: l.id, payload });
    }
  };
  const listeners = [];
  let listenerId = 0;
  window.__TAURI_EVENT_PLUGIN_INTERNALS__ = {
    unregisterListener: (event, id) => {
      const i = listeners.findIndex((l) => l.id === id);
      if (i >= 0) listeners.splice(i, 1);
    },
  };
  // Core refuses sync to peer mentors.
  const syncRefused = () =>
    config.role === "peer_mentor" ? fail("forbidden", "You do not have permission to exchange sync files.") : null;
  const summary = () => ({
    device_id: ME,
    device_name: "Office PC",
    organisation_id: "0192f1d2-0000-7000-8000-0000000000a1",
    organisation_name: state.organisation,
    fingerprint: "4F2A-91C3-0B7D-E815",
    schema_version: 4,
    clock: "1763632800000:0:c0ffee",
    devices: sync.devices,
    quarantined: sync.quarantined,
    open_conflicts: sync.conflicts.length,
  });

  // ---- people, settings, the audit log and a peer mentor's own view -----------------------------------------
  // What core refuses each role (authz): the same words as core's "You do not have permission to …".
  const NO = (action) => () => fail("forbidden", `You do not have permission to ${action}.`);
  const managersOnly = {
    retention: "review records past their keeping time",
    set_retention_years: "change the organisation",
    keep_record: "review records past their keeping time",
    people: "manage users",
    teams: "change teams",
    add_person: "manage users",
    let_unlock: "manage users",
    invite_device: "invite a new device",
    revoke_device: "manage devices",
    stop_unlock: "manage users",
    change_person: "manage users",
    remove_person: "manage users",
    share_client: "see who a client is shared with",
    end_share: "see who a client is shared with",
    reassign_caseload: "manage users",
    audit_entries: "see the audit log",
    export_audit: "see the audit log",
    set_lock_minutes: "change the organisation",
    set_offered_scales: "change the organisation",
    add_service: "change the service directory",
    update_service: "change the service directory",
    merge_clients: "merge records",
    undo_merge: "merge records",
    erase_client: "erase a person's details",
  };
  const notForMentors = {
    overview: "see these records",
    clients: "read support notes",
    client_record: "read support notes",
    record_consent: "record consent",
    subject_access: "give a person everything held about them",
    create_client: "read support notes",
    update_client: "read support notes",
    referrals: "see referrals",
    make_referral: "see referrals",
    move_referral: "see referrals",
    log_contact: "read support notes",
    tasks: "see tasks",
    add_task: "change tasks",
    reassign_task: "change tasks",
    reschedule_task: "change tasks",
    close_episode: "see episodes of support",
    add_custody: "see custody history",
    move_establishment: "change client records",
    record_release: "change client records",
    reopen_episode: "see episodes of support",
    mentor_directory: "see these records",
    mentor_record: "see these records",
    add_mentor: "see these records",
    update_mentor: "see these records",
    link_mentor: "see these records",
    end_mentor_link: "see these records",
    monthly_summary: "see the monthly summary",
    record_measure: "record outcome measures",
    report_records: "see the monthly summary",
    export_report: "see the monthly summary",
  };
  function refusedForRole(cmd) {
    if (ROLE !== "manager" && managersOnly[cmd]) return NO(managersOnly[cmd]);
    if (ROLE === "peer_mentor" && notForMentors[cmd]) return NO(notForMentors[cmd]);
    if (ROLE !== "peer_mentor" && cmd === "mentor_home") return NO("see a peer mentor's own view");
    return null;
  }

  const foldName = (n) => String(n ?? "").trim().replace(/\s+/g, " ").toLowerCase();
  /** Core's strength check, as far as the fixtures need it. */
  function weakPassphrase(p, about) {
    if ([...p].length < 12)
      return "The passphrase must be at least 12 characters. A few unrelated words work well, like 'kettle violet harbour lamp'.";
    const low = p.toLowerCase();
    if (["password", "passphrase", "throughcare"].some((w) => low.includes(w)) || about.some((a) => a && low.includes(a.toLowerCase())))
      return "It would be too easy to guess. Choose three or four unrelated words, like 'kettle violet harbour lamp'.";
    return null;
  }
  const current = (id) => userRecords.find((u) => u.id === id && !u.archived_at);
  const openCaseload = (id) => clients.filter((c) => c.caseworker_id === id && !c.archived_at && isOpen(c.id)).length;
  const personRow = (u) => ({
    user: u,
    team_name: teams.find((t) => t.id === u.team_id)?.name ?? null,
    mentor_name: u.mentor_id ? nameOf(directory, u.mentor_id) : null,
    open_caseload: openCaseload(u.id),
    can_unlock_here: unlockHere.has(u.id),
    is_me: u.id === ME_USER,
  });

  // The audit log: who did what, newest first. Changes to records come from the op log, and only with a client.
  const auditLog = [];
  const audit = (at, user_id, action, extra = {}) =>
    auditLog.push({ at, user_id, action, record: null, client_id: null, detail: null, device_name: "Office PC", ...extra });
  const rota = ["c-siobhan", "c-chidi", "c-precious", "c-kwame", "c-lan", "c-dafydd"];
  for (let d = 1; d <= 19; d++) {
    const dd = String(d).padStart(2, "0");
    audit(`2026-11-${dd}T08:45:00Z`, "u-aisha", "unlock");
    audit(`2026-11-${dd}T09:10:00Z`, "u-aisha", "view", { record: "client", client_id: rota[d % rota.length] });
    audit(`2026-11-${dd}T11:30:00Z`, "u-ben", "view", { record: "client", client_id: rota[(d + 2) % rota.length], device_name: "North office laptop" });
  }
  audit("2026-10-30T16:00:00Z", "u-sam", "user_remove", { record: "user" });
  audit("2026-11-02T09:05:00Z", "u-sam", "share", { record: "client share", client_id: "c-siobhan" });
  audit("2026-11-05T10:00:00Z", "u-sam", "settings", { record: "organisation", detail: "lock after 5 minutes" });
  audit("2026-11-18T16:40:00Z", "u-sam", "bundle_export", { detail: "2,210 changes", device_name: "Sam's laptop" });
  audit("2026-11-19T11:02:00Z", null, "unlock_failed");
  audit("2026-11-20T09:58:00Z", "u-sam", "unlock");
  audit("2026-11-20T09:59:00Z", "u-sam", "view", { record: "client", client_id: "c-siobhan" });
  const changes = [
    { at: "2026-11-14T12:05:00Z", user_id: "u-sam", action: "change", record: "client", client_id: "c-siobhan", detail: "Actual release date, Justice status", device_name: "Office PC" },
    { at: "2026-11-16T12:02:00Z", user_id: "u-sam", action: "change", record: "support contact", client_id: "c-siobhan", detail: "Contact on, Kind, Minutes, Summary", device_name: "Office PC" },
  ];
  function auditMatches(filter) {
    const withChanges = filter.client_id && (!filter.action || filter.action === "change");
    return [...auditLog, ...(withChanges ? changes : [])]
      .filter((e) => !filter.client_id || e.client_id === filter.client_id)
      .filter((e) => !filter.user_id || e.user_id === filter.user_id)
      .filter((e) => !filter.action || e.action === filter.action)
      .filter((e) => !filter.from || day(e.at) >= filter.from)
      .filter((e) => !filter.to || day(e.at) <= filter.to)
      .sort((a, b) => b.at.localeCompare(a.at))
      .map((e) => ({
        ...e,
        user_name: e.user_id ? (nameOf(userRecords, e.user_id) ?? "Someone") : "Someone unknown",
        client_name: e.client_id ? clientName(byId(e.client_id)) : null,
      }));
  }
  let lockMinutes = 5;

  const morePeopleHandlers = {
    people: () => [...userRecords].sort((a, b) => a.display_name.localeCompare(b.display_name)).map(personRow),
    teams: () => teams,
    add_person: ({ args }) => {
      const n = args.person;
      if (args.passphrase !== null && args.passphrase !== undefined) {
        const weak = weakPassphrase(args.passphrase, [n.display_name, state.organisation]);
        if (weak) return fail("validation", weak, "passphrase");
      }
      const name = n.display_name.trim();
      if (userRecords.some((u) => !u.archived_at && foldName(u.display_name) === foldName(name)))
        return fail(
          "validation",
          "Someone is already called that. People unlock with their name, so each needs a different one (add an initial).",
          "display_name",
        );
      if (!name) return fail("validation", "The person's name is needed.", "display_name");
      if (n.role === "peer_mentor" && !n.mentor_id)
        return fail("validation", "A peer mentor's account must be tied to their mentor record.", "mentor_id");
      const u = person(`u-new-${userRecords.length}`, name, n.role, n.team_id ?? null, {
        email: n.email ?? null,
        mentor_id: n.role === "peer_mentor" ? n.mentor_id : null,
        created_at: nowIso(),
      });
      userRecords.push(u);
      refreshUsers();
      if (args.passphrase) unlockHere.add(u.id);
      return u;
    },
    let_unlock: ({ args }) => {
      const u = current(args.user_id);
      if (!u) return fail("validation", "That person is not a current user of this app.", "user_id");
      const weak = weakPassphrase(args.passphrase, [u.display_name, state.organisation]);
      if (weak) return fail("validation", weak, "passphrase");
      unlockHere.add(u.id);
      return null;
    },
    invite_device: ({ args }) => {
      const u = current(args.user_id);
      if (!u) return fail("not_found", "No user with that id was found.");
      if (!String(args.device_name ?? "").trim())
        return fail("validation", "A name for the new device is needed.", "device_name");
      const days = args.valid_days ?? 7;
      if (!Number.isInteger(days) || days < 1 || days > 30)
        return fail("validation", "An invitation can work for 1 to 30 days.", "valid_days");
      const expires_at = new Date(Date.now() + days * 86_400_000).toISOString().replace(/\.\d{3}Z$/, "Z");
      sync.devices.push({
        device_id: `0192f1d2-0000-7000-8000-${String(sync.devices.length).padStart(12, "0")}`,
        name: args.device_name.trim(),
        fingerprint: null,
        changes_held: 0,
        last_file_at: null,
        revoked_at: null,
        joined: false,
        invite_expires_at: expires_at,
      });
      return {
        path: `/home/sam/Documents/throughcare-invitation-${TODAY}.tcinvite`,
        code: "H7QM-3XPF-9HTR-2WDN-6YCB",
        share: u.role === "peer_mentor",
        expires_at,
      };
    },
    stop_unlock: ({ args }) => {
      if (args.user_id === ME_USER)
        return fail("validation", "You cannot stop yourself unlocking this computer. Another manager can.", "user_id");
      unlockHere.delete(args.user_id);
      return null;
    },
    change_person: ({ args }) => {
      const u = current(args.user_id);
      if (!u) return fail("not_found", "No user with that id was found.");
      const ch = args.change;
      if (u.id === ME_USER && ch.role && ch.role !== u.role)
        return fail("validation", "You cannot change your own role. Another manager can.", "role");
      const next = { ...u };
      if (ch.display_name !== null) next.display_name = ch.display_name.trim();
      if (ch.role !== null) next.role = ch.role;
      if (ch.team_id !== null) next.team_id = ch.team_id;
      if (ch.clear_team) next.team_id = null;
      if (ch.mentor_id !== null) next.mentor_id = ch.mentor_id;
      if (!next.display_name) return fail("validation", "The person's name is needed.", "display_name");
      if (next.role === "peer_mentor" && !next.mentor_id)
        return fail("validation", "A peer mentor's account must be tied to their mentor record.", "mentor_id");
      if (next.role !== "peer_mentor") next.mentor_id = null;
      Object.assign(u, next);
      refreshUsers();
      return u;
    },
    remove_person: ({ args }) => {
      if (args.user_id === ME_USER) return fail("validation", "You cannot remove your own account.", "id");
      const u = current(args.user_id);
      if (!u) return fail("not_found", "No user with that id was found.");
      u.archived_at = nowIso();
      unlockHere.delete(u.id);
      refreshUsers();
      return null;
    },
    share_client: ({ args }) => {
      if (!byId(args.client_id)) return fail("not_found", "No client with that id was found.");
      const w = args.with;
      let user_id = null;
      let team_id = null;
      if (w.with === "user") {
        const u = current(w.id);
        if (!u) return fail("validation", "That person is not a current user of this app.", "user_id");
        if (u.role === "peer_mentor")
          return fail("validation", "A peer mentor sees a client by being linked with them, not by a share.", "user_id");
        user_id = w.id;
      } else team_id = w.id;
      if (
        shares.some(
          (x) => x.client_id === args.client_id && x.user_id === user_id && x.team_id === team_id && (x.ends_on === null || x.ends_on > TODAY),
        )
      )
        return fail("validation", "This client is already shared with them.", "user_id");
      const sh = {
        id: `sh-${shares.length + 1}`,
        created_at: nowIso(),
        archived_at: null,
        client_id: args.client_id,
        user_id,
        team_id,
        shared_by: ME_USER,
        starts_on: TODAY,
        ends_on: null,
      };
      shares.push(sh);
      return sh;
    },
    end_share: ({ args }) => {
      const sh = shares.find((x) => x.id === args.share_id);
      if (!sh) return fail("not_found", "No client share with that id was found.");
      sh.ends_on = TODAY;
      return sh;
    },
    reassign_caseload: ({ args }) => {
      if (args.from === args.to) return fail("validation", "Choose a different caseworker to move the caseload to.", "to");
      const target = userRecords.find((u) => u.id === args.to);
      if (!target) return fail("validation", "That person is not a current user of this app.", "to");
      if (target.archived_at || target.role === "peer_mentor")
        return fail("validation", "A caseload can move only to a current caseworker or manager.", "to");
      const moving = clients.filter((c) => c.caseworker_id === args.from && !c.archived_at && isOpen(c.id));
      for (const c of moving) c.caseworker_id = args.to;
      return moving.length;
    },
    lock_minutes: () => lockMinutes,
    set_lock_minutes: ({ args }) => {
      if (!(args.minutes >= 1 && args.minutes <= 15))
        return fail("validation", "Choose between 1 and 15 minutes. The app always locks in the end.", "lock_minutes");
      lockMinutes = args.minutes;
      return lockMinutes;
    },
    change_passphrase: ({ args }) => {
      const weak = weakPassphrase(args.new, [state.user_name, state.organisation]);
      if (weak) return fail("validation", weak, "new_passphrase");
      if (args.old !== state.passphrase)
        return fail("validation", "That is not your current passphrase. Nothing was changed.", "old_passphrase");
      state.passphrase = args.new;
      return null;
    },
    audit_entries: ({ args }) => {
      const all = auditMatches(args.filter);
      const { offset, limit } = args.page;
      return { items: all.slice(offset, offset + limit), total: all.length, page: args.page };
    },
    export_audit: ({ args }) => {
      const lines = auditMatches(args.filter).length;
      audit(nowIso(), ME_USER, "export", { detail: `audit, ${lines} lines` });
      if (control.save_cancelled) return null;
      return { path: "/home/sam/Documents/throughcare-audit-2026-11-20.csv", bytes: 120 + lines * 96 };
    },
    // ---- calendar handlers (week, check_booking, free_slots, move_appointment, export_calendar) ----
    // Core's calendar (crates/core/src/calendar.rs and ics.rs) as far as the fixtures need it: every read goes
    // through the person's scope, except whether a mentor or caseworker is busy, which comes back as a time only.
    // A test may say Dee is away on a day (config.dee_away, a date), which the fixtures lack.
    ...(() => {
      const MIN = 60_000;
      const DAY_MS = 86_400_000;
      const GAP = 30 * MIN; // core's TRAVEL_MINUTES either side of another appointment, for free slots
      const DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
      const WEEKDAY_WORDS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
      const ms = (t) => Date.parse(t);
      const iso = (n) => new Date(n).toISOString().replace(/\.\d{3}Z$/, "Z");
      const isDate = (s) => /^\d{4}-\d{2}-\d{2}$/.test(String(s ?? "")) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));
      const weekday = (ymd) => (new Date(`${ymd}T12:00:00Z`).getUTCDay() + 6) % 7; // Monday 0
      // The fixtures are in GMT, so the London clock reads as UTC.
      const clock = (t) => t.slice(11, 16);
      const dayWords = (t) => `${WEEKDAY_WORDS[weekday(day(t))]} ${Number(t.slice(8, 10))} ${MONTHS[Number(t.slice(5, 7)) - 1]}`;
      const mins = (hm) => Number(hm.slice(0, 2)) * 60 + Number(hm.slice(3, 5));
      const at = (ymd, m) => iso(ms(`${ymd}T00:00:00Z`) + m * MIN);
      const live = (a) => !a.archived_at && !a.rescheduled_to && !["cancelled_by_patient", "cancelled_by_provider"].includes(a.outcome);
      const endOf = (a) => a.ends_at ?? iso(ms(a.starts_at) + 60 * MIN);
      const overlaps = (a, start, end) => ms(a.starts_at) < ms(end) && ms(start) < ms(endOf(a));
      const myTeam = userRecords.find((u) => u.id === ME_USER)?.team_id ?? null;
      const linkedToDee = (clientId) => mentorLinks.some((l) => l.mentor_id === "m-dee" && l.client_id === clientId && linkCurrent(l));
      /** Core's scope: a manager sees everyone; a caseworker their caseload, their team's and what is shared with them. */
      const canSee = (clientId) => {
        const c = byId(clientId);
        if (!c || c.archived_at) return false;
        if (ROLE === "manager") return true;
        if (ROLE === "peer_mentor") return linkedToDee(clientId);
        const shared = shares.some((s) => s.client_id === clientId && (s.user_id === ME_USER || (myTeam && s.team_id === myTeam)) && (s.ends_on === null || s.ends_on > TODAY));
        return c.caseworker_id === ME_USER || (myTeam !== null && c.team_id === myTeam) || shared;
      };
      const mentorOf = (id) => (ROLE === "peer_mentor" && id !== "m-dee" ? null : directory.find((m) => m.id === id && !m.archived_at) ?? null);
      if (config.dee_away) {
        const dee = directory.find((m) => m.id === "m-dee");
        dee.availability_exceptions = [...(dee.availability_exceptions ?? []), { kind: "away", first_day: config.dee_away, last_day: config.dee_away }];
      }
      // Core's Availability: the weekly pattern and the extra times, none on a day away, joined where they touch.
      const exceptionsOf = (m) => m.availability_exceptions ?? [];
      const awayOn = (m, ymd) => exceptionsOf(m).some((e) => e.kind === "away" && e.first_day <= ymd && ymd <= e.last_day);
      const recorded = (m) => (m.weekly_availability ?? []).length > 0 || exceptionsOf(m).some((e) => e.kind === "extra");
      const windowsOn = (m, ymd) => {
        if (awayOn(m, ymd)) return [];
        const raw = [
          ...(m.weekly_availability ?? []).filter((s) => s.day === DAYS[weekday(ymd)]),
          ...exceptionsOf(m).filter((e) => e.kind === "extra" && e.on === ymd),
        ]
          .map((s) => ({ starts_at: at(ymd, mins(s.from)), ends_at: at(ymd, mins(s.until)), area: s.area ?? null }))
          .filter((w) => w.ends_at > w.starts_at)
          .sort((a, b) => a.starts_at.localeCompare(b.starts_at));
        const out = [];
        for (const w of raw) {
          const last = out[out.length - 1];
          if (last && w.starts_at <= last.ends_at) last.ends_at = w.ends_at > last.ends_at ? w.ends_at : last.ends_at;
          else out.push({ ...w });
        }
        return out;
      };
      const windowsBetween = (m, first, last) => {
        const out = [];
        for (let d = first; d <= last; d = addDays(d, 1)) out.push(...windowsOn(m, d));
        return out;
      };
      const covers = (m, start, end) => windowsBetween(m, addDays(day(start), -1), day(end)).some((w) => w.starts_at <= start && end <= w.ends_at);
      const when = (a) => `from ${clock(a.starts_at)} to ${clock(endOf(a))} on ${dayWords(a.starts_at)}`;
      const usualWords = (m, ymd) => {
        const ws = windowsOn(m, ymd);
        if (ws.length === 0) return ` (not usually on a ${WEEKDAY_WORDS[weekday(ymd)]})`;
        return ` (that day: ${ws.map((w) => `${clock(w.starts_at)} to ${clock(w.ends_at)}`).join(", ")})`;
      };
      return {
        week: ({ args }) => {
          const of = args.of ?? {};
          if (!isDate(args.day)) return fail("validation", "Enter a real date.", "day");
          const monday = addDays(args.day, -weekday(args.day));
          const days = Array.from({ length: 7 }, (_, i) => addDays(monday, i));
          const from = `${monday}T00:00:00Z`;
          const to = `${addDays(monday, 7)}T00:00:00Z`;
          const inWeek = (a) => live(a) && a.starts_at >= from && a.starts_at < to;
          const out = { of, title: "", starts_on: monday, days, items: [], total: 0, windows: [], away: [], busy: [], travel_area: null };
          let keep;
          if (of.of === "mentor") {
            const m = mentorOf(of.mentor_id);
            if (!m) return fail("not_found", "That peer mentor could not be found.");
            out.title = ROLE === "peer_mentor" ? "Your week" : `${m.display_name}'s week`;
            out.windows = windowsBetween(m, monday, days[6]);
            out.away = days.filter((d) => awayOn(m, d));
            out.travel_area = m.travel_area ?? null;
            out.busy = sortedAppts()
              .filter((a) => inWeek(a) && a.planned_mentor_id === m.id && !canSee(a.client_id))
              .map((a) => ({ starts_at: a.starts_at, ends_at: endOf(a) }));
            keep = (a) => a.planned_mentor_id === m.id || mentorLinks.some((l) => l.mentor_id === m.id && l.client_id === a.client_id && linkCurrent(l));
          } else if (of.of === "caseworker") {
            const u = userRecords.find((x) => x.id === of.user_id);
            if (!u) return fail("not_found", "That user could not be found.");
            out.title = u.id === ME_USER ? "Your week" : `${u.display_name}'s week`;
            keep = (a) => a.planned_user_id === u.id || byId(a.client_id)?.caseworker_id === u.id;
          } else if (of.of === "client") {
            if (!canSee(of.client_id)) return fail("not_found", "That client could not be found.");
            out.title = `${clientName(byId(of.client_id))}'s appointments`;
            keep = (a) => a.client_id === of.client_id;
          } else if (of.of === "team" && of.team_id) {
            const t = teams.find((x) => x.id === of.team_id);
            if (!t) return fail("not_found", "That team could not be found.");
            out.title = t.name;
            keep = (a) => byId(a.client_id)?.team_id === t.id;
          } else {
            out.title = ROLE === "manager" ? "Everyone" : "Everyone you support";
            keep = () => true;
          }
          const all = sortedAppts().filter((a) => inWeek(a) && canSee(a.client_id) && keep(a));
          out.items = all.slice(0, 400).map(agenda);
          out.total = all.length;
          return out;
        },
        check_booking: ({ args }) => {
          const b = args.check ?? {};
          if (b.ends_at && b.ends_at < b.starts_at) return fail("validation", "An appointment cannot end before it starts.", "ends_at");
          if (!canSee(b.client_id)) return fail("not_found", "That client could not be found.");
          const person = clientName(byId(b.client_id));
          const start = b.starts_at;
          const end = b.ends_at ?? iso(ms(start) + 60 * MIN);
          const others = sortedAppts().filter((a) => live(a) && a.id !== b.moving);
          const out = [];
          const companions = [];
          if (b.planned_mentor_id) companions.push(["mentor_busy", nameOf(directory, b.planned_mentor_id) ?? "The peer mentor", (a) => a.planned_mentor_id === b.planned_mentor_id]);
          if (b.planned_user_id)
            companions.push([
              "caseworker_busy",
              b.planned_user_id === ME_USER ? "You" : (nameOf(userRecords, b.planned_user_id) ?? "The caseworker"),
              (a) => a.planned_user_id === b.planned_user_id,
            ]);
          for (const [kind, name, theirs] of companions) {
            for (const a of others.filter((x) => theirs(x) && overlaps(x, start, end))) {
              const seen = canSee(a.client_id);
              const whom = seen ? clientName(byId(a.client_id)) : "someone else";
              out.push({ kind, message: `${name} ${name === "You" ? "are" : "is"} already going with ${whom} ${when(a)}.`, other_id: seen ? a.id : null });
            }
          }
          for (const a of others.filter((x) => x.client_id === b.client_id && overlaps(x, start, end))) {
            if (out.some((c) => c.other_id === a.id)) continue;
            out.push({ kind: "client_busy", message: `${person} already has an appointment ${when(a)}.`, other_id: a.id });
          }
          const m = b.planned_mentor_id ? directory.find((x) => x.id === b.planned_mentor_id) : null;
          if (m) {
            const away = [day(start), day(end)].find((d) => awayOn(m, d));
            if (away) out.push({ kind: "mentor_away", message: `${m.display_name} is away on ${inWords(away)}.`, other_id: null });
            else if (recorded(m) && !covers(m, start, end))
              out.push({
                kind: "outside_availability",
                message: `This is outside the times ${m.display_name} is usually free${usualWords(m, day(start))}.`,
                other_id: null,
              });
          }
          return out;
        },
        free_slots: ({ args }) => {
          const minutes = Number(args.minutes);
          if (!(minutes >= 5 && minutes <= 12 * 60)) return fail("validation", "Choose a length from 5 minutes to 12 hours.", "minutes");
          const m = mentorOf(args.mentor_id);
          if (!m) return fail("not_found", "That peer mentor could not be found.");
          const from = ms(nowIso());
          const last = addDays(TODAY, 14);
          const until = ms(`${last}T00:00:00Z`);
          const near = (a) => live(a) && ms(a.starts_at) < until && ms(a.starts_at) >= from - DAY_MS;
          const taken = sortedAppts()
            .filter((a) => near(a) && (a.planned_mentor_id === m.id || (args.client_id && a.client_id === args.client_id)))
            .map((a) => [ms(a.starts_at) - GAP, ms(endOf(a)) + GAP]);
          const need = minutes * MIN;
          const out = [];
          for (const w of windowsBetween(m, TODAY, addDays(last, -1))) {
            let start = Math.max(ms(w.starts_at), from);
            const end = ms(w.ends_at);
            for (;;) {
              start = Math.ceil(start / (15 * MIN)) * 15 * MIN;
              if (start + need > end) break;
              const hit = taken.filter(([s, e]) => s < start + need && start < e).sort((x, y) => y[1] - x[1])[0];
              if (hit) {
                start = hit[1];
                continue;
              }
              const freeUntil = Math.min(end, ...taken.filter(([s]) => s >= start + need).map((t) => t[0]));
              out.push({ starts_at: iso(start), free_until: iso(freeUntil), area: w.area });
              const next = taken.filter(([s]) => s >= freeUntil).sort((x, y) => x[0] - y[0])[0];
              if (next && freeUntil < end) start = next[1];
              else break;
            }
          }
          return out;
        },
        move_appointment: ({ args }) => {
          const a = appointments.find((x) => x.id === args.id && !x.archived_at);
          if (!a || !canSee(a.client_id)) return fail("not_found", "That appointment could not be found.");
          if (a.outcome !== "not_recorded" || a.rescheduled_to)
            return fail("validation", "This appointment has an outcome recorded or was cancelled, so it cannot be moved.", "starts_at");
          if (args.ends_at && args.ends_at < args.starts_at) return fail("validation", "An appointment cannot end before it starts.", "ends_at");
          a.starts_at = args.starts_at;
          a.ends_at = args.ends_at ?? null;
          return a;
        },
        export_calendar: ({ args }) => {
          const r = args.request ?? {};
          if (!isDate(r.from)) return fail("validation", "Enter the first day.", "from");
          if (!isDate(r.to)) return fail("validation", "Enter the last day.", "to");
          if (r.to < r.from) return fail("validation", "The last day cannot be before the first.", "to");
          if ((ms(r.to) - ms(r.from)) / DAY_MS >= 366) return fail("validation", "A calendar file can cover at most a year. Choose a shorter range.", "to");
          let keep;
          let who;
          if (r.of?.of === "mentor") {
            if (!mentorOf(r.of.mentor_id)) return fail("forbidden", "You do not have permission to see these records.");
            keep = (a) => a.planned_mentor_id === r.of.mentor_id;
            who = "mentor";
          } else {
            if (ROLE === "peer_mentor") return fail("forbidden", "You do not have permission to see these records.");
            keep = (a) => a.planned_user_id === r.of?.user_id || (canSee(a.client_id) && byId(a.client_id)?.caseworker_id === r.of?.user_id);
            who = "caseworker";
          }
          const first = `${r.from}T00:00:00Z`;
          const next = `${addDays(r.to, 1)}T00:00:00Z`;
          const events = appointments.filter((a) => !a.archived_at && a.starts_at >= first && a.starts_at < next && keep(a)).length;
          if (control.save_cancelled) return null;
          const home = ME_NAME.split(" ")[0].toLowerCase();
          return { path: `/home/${home}/Documents/throughcare-${who}-appointments-${r.from}-to-${r.to}.ics`, events };
        },
      };
    })(),
    // ---- end of calendar handlers ----
    // ---- availability and attention handlers (set_availability, needs_attention) ----
    // Set up once as the mock starts: core lets a peer mentor read their own mentor record (their scope), and
    // no other; and a test may ask for two appointments tomorrow (config.tomorrow), which the fixtures lack.
    ...(() => {
      delete notForMentors.mentor_record;
      if (config.tomorrow) {
        addAppt("c-lan", {
          id: "a-lan-tomorrow",
          service_type: "gp",
          provider: "Hillside Surgery",
          place: "2 Hill Road",
          starts_at: "2026-11-21T10:30:00Z",
          planned_accompaniment: "peer_mentor",
          planned_mentor_id: "m-dee",
        });
        addAppt("c-kwame", {
          id: "a-kwame-tomorrow",
          service_type: "dental",
          provider: "Smile Dental",
          starts_at: "2026-11-21T14:00:00Z",
          planned_accompaniment: "caseworker",
          planned_user_id: "u-ben",
        });
      }
      return {};
    })(),
    mentor_record: ({ args }) => {
      if (ROLE === "peer_mentor" && args.id !== "m-dee") return fail("forbidden", "You do not have permission to see these records.");
      const m = directory.find((x) => x.id === args.id);
      if (!m) return fail("not_found", "That peer mentor could not be found.");
      return {
        mentor: m,
        dbs: dbsOf(m),
        links: mentorLinks
          .filter((l) => l.mentor_id === m.id && (ROLE !== "peer_mentor" || linkCurrent(l)))
          .sort((a, b) => b.starts_on.localeCompare(a.starts_on))
          .map((link) => ({ link, client_name: clientName(byId(link.client_id)), current: linkCurrent(link) })),
      };
    },
    // Core's authz::write_fields and Availability::check: the same refusals, in the same order, naming the item.
    set_availability: ({ args }) => {
      if (ROLE === "caseworker") return fail("forbidden", "You do not have permission to change when a peer mentor is free.");
      if (ROLE === "peer_mentor" && args.mentor_id !== "m-dee") return fail("forbidden", "You do not have permission to see these records.");
      const m = directory.find((x) => x.id === args.mentor_id);
      if (!m) return fail("not_found", "That peer mentor could not be found.");
      const DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
      const dayName = (d) => d[0].toUpperCase() + d.slice(1);
      const mins = (t) => {
        const x = /^(\d{1,2}):(\d{2})$/.exec(String(t ?? "").trim());
        const h = x ? Number(x[1]) : NaN;
        const mm = x ? Number(x[2]) : NaN;
        return mm < 60 && (h < 24 || (h === 24 && mm === 0)) ? h * 60 + mm : null;
      };
      const clock = (n) => `${String(Math.floor(n / 60)).padStart(2, "0")}:${String(n % 60).padStart(2, "0")}`;
      const weekdayOf = (ymd) => DAYS[(new Date(`${ymd}T12:00:00Z`).getUTCDay() + 6) % 7];
      const overlap = (a, b) => a[0] < b[1] && b[0] < a[1];
      const av = args.availability ?? {};
      const weekly = (av.weekly ?? []).map((s) => ({ ...s }));
      const exceptions = (av.exceptions ?? []).map((e) => ({ ...e }));
      // What serde refuses before core looks (a day or a time that is not one).
      for (const s of weekly) {
        if (!DAYS.includes(s.day)) return fail("validation", "That is not a day of the week.");
        if (mins(s.from) === null || mins(s.until) === null) return fail("validation", "a time is written as HH:MM, such as 09:30");
      }
      for (const e of exceptions)
        if (e.kind === "extra" && (mins(e.from) === null || mins(e.until) === null))
          return fail("validation", "a time is written as HH:MM, such as 09:30");
      if (weekly.length > 50) return fail("validation", "A weekly pattern can have at most 50 times.", "weekly");
      if (exceptions.length > 200)
        return fail("validation", "At most 200 days away or extra times can be kept; remove old ones first.", "exceptions");
      const area = checkText("travel_area", av.travel_area, 200);
      if (area.error) return area.error;
      for (const [i, s] of weekly.entries()) {
        if (mins(s.until) <= mins(s.from)) return fail("validation", "The end time must be after the start time.", `weekly.${i}.until`);
        const a = checkText(`weekly.${i}.area`, s.area, 200);
        if (a.error) return a.error;
        s.area = a.value;
        s.from = clock(mins(s.from));
        s.until = clock(mins(s.until));
      }
      for (const [i, a] of weekly.entries())
        for (const b of weekly.slice(0, i))
          if (a.day === b.day && overlap([mins(a.from), mins(a.until)], [mins(b.from), mins(b.until)]))
            return fail(
              "validation",
              `${dayName(a.day)} ${a.from} to ${a.until} overlaps ${dayName(b.day)} ${b.from} to ${b.until}. Change one of them, or join them into one.`,
              `weekly.${i}`,
            );
      for (const [i, e] of exceptions.entries()) {
        if (e.kind === "away") {
          if (e.last_day < e.first_day)
            return fail("validation", "The last day away cannot be before the first.", `exceptions.${i}.last_day`);
          if ((Date.parse(e.last_day) - Date.parse(e.first_day)) / 86_400_000 >= 366)
            return fail("validation", "Time away can be at most a year; add another after it if needed.", `exceptions.${i}.last_day`);
        } else {
          if (mins(e.until) <= mins(e.from))
            return fail("validation", "The end time must be after the start time.", `exceptions.${i}.until`);
          const a = checkText(`exceptions.${i}.area`, e.area, 200);
          if (a.error) return a.error;
          e.area = a.value;
          e.from = clock(mins(e.from));
          e.until = clock(mins(e.until));
        }
      }
      const clash = (a, b) => {
        if (a.kind === "away" && b.kind === "away" && a.first_day <= b.last_day && b.first_day <= a.last_day)
          return `This time away overlaps the time away from ${inWords(b.first_day)} to ${inWords(b.last_day)}.`;
        if (a.kind === "extra" && b.kind === "extra" && a.on === b.on && overlap([mins(a.from), mins(a.until)], [mins(b.from), mins(b.until)]))
          return `This extra time overlaps the one from ${b.from} to ${b.until} on the same day.`;
        const [x, away] = a.kind === "extra" && b.kind === "away" ? [a, b] : a.kind === "away" && b.kind === "extra" ? [b, a] : [null, null];
        if (x && away.first_day <= x.on && x.on <= away.last_day) return `${inWords(x.on)} is both a day away and a day with extra time.`;
        return null;
      };
      for (const [i, a] of exceptions.entries()) {
        for (const b of exceptions.slice(0, i)) {
          const why = clash(a, b);
          if (why) return fail("validation", why, `exceptions.${i}`);
        }
        if (a.kind === "extra") {
          const s = weekly.find((w) => w.day === weekdayOf(a.on) && overlap([mins(a.from), mins(a.until)], [mins(w.from), mins(w.until)]));
          if (s)
            return fail(
              "validation",
              `The extra time on ${inWords(a.on)} overlaps the usual ${dayName(s.day)} ${s.from} to ${s.until}.`,
              `exceptions.${i}`,
            );
        }
      }
      weekly.sort((a, b) => DAYS.indexOf(a.day) - DAYS.indexOf(b.day) || mins(a.from) - mins(b.from));
      const key = (e) => (e.kind === "away" ? `${e.first_day} 0000` : `${e.on} ${String(mins(e.from)).padStart(4, "0")}`);
      exceptions.sort((a, b) => key(a).localeCompare(key(b)));
      Object.assign(m, {
        weekly_availability: weekly.length ? weekly : null,
        availability_exceptions: exceptions.length ? exceptions : null,
        travel_area: area.value,
      });
      return m;
    },
    // Core's Reader::needs_attention for the fixed day: whose appointments each role sees, 50 at most of each.
    needs_attention: () => {
      const at = now();
      const tomorrow = addDays(TODAY, 1);
      const fortnight = `${addDays(TODAY, 15)}T00:00:00Z`;
      const live = (a) => !a.archived_at && !a.rescheduled_to && !["cancelled_by_patient", "cancelled_by_provider"].includes(a.outcome);
      const linked = new Set(mentorLinks.filter((l) => l.mentor_id === "m-dee" && linkCurrent(l)).map((l) => l.client_id));
      const mine = (a) =>
        ROLE === "manager" ||
        (ROLE === "caseworker" && (a.planned_user_id === ME_USER || byId(a.client_id)?.caseworker_id === ME_USER)) ||
        (ROLE === "peer_mentor" && a.planned_mentor_id === "m-dee");
      const mineOrLinked = (a) => (ROLE === "peer_mentor" ? linked.has(a.client_id) : mine(a));
      const item = (a) => ({
        appointment: a,
        client_name: clientName(byId(a.client_id)),
        companion_name: nameOf(userRecords, a.planned_user_id) ?? nameOf(directory, a.planned_mentor_id),
      });
      const list = (keep) => counted(sortedAppts().filter(keep).map(item), 50);
      const nobody = (a) =>
        a.planned_accompaniment === "none" ||
        (a.planned_accompaniment === "caseworker" && !a.planned_user_id) ||
        (a.planned_accompaniment === "peer_mentor" && !a.planned_mentor_id);
      return {
        date: TODAY,
        tomorrow: list((a) => live(a) && day(a.starts_at) === tomorrow && a.planned_accompaniment !== "none" && mine(a)),
        nobody_going: list(
          (a) => live(a) && a.starts_at >= at && a.starts_at < fortnight && a.outcome === "not_recorded" && nobody(a) && mineOrLinked(a),
        ),
      };
    },
    // ---- end of availability and attention handlers ----
    mentor_home: () => {
      const mentorId = "m-dee";
      const at = now();
      const horizon = `${addDays(TODAY, 57)}T00:00:00Z`;
      const linked = mentorLinks.filter((l) => l.mentor_id === mentorId && linkCurrent(l));
      const key = (c) => fold(`${c.family_name ?? ""} ${c.given_name ?? ""}`.trim() || c.preferred_name);
      const people = linked
        .map((l) => ({ link: l, c: byId(l.client_id) }))
        .sort((a, b) => key(a.c).localeCompare(key(b.c)))
        .map(({ link, c }) => ({
          client_id: c.id,
          name: [c.preferred_name || c.given_name, c.family_name].filter(Boolean).join(" ") || "Name not recorded",
          preferred_name: c.preferred_name,
          pronouns: c.pronouns,
          phone: c.phone,
          accompaniment_needs: c.accompaniment_needs,
          risks: c.risk_flags,
          linked_since: link.starts_on,
          upcoming: sortedAppts().filter(
            (a) =>
              a.client_id === c.id && !a.archived_at && a.starts_at >= at && a.starts_at < horizon && a.outcome === "not_recorded" && !a.rescheduled_to,
          ),
        }));
      const ids = new Set(linked.map((l) => l.client_id));
      return {
        date: TODAY,
        mentor_id: mentorId,
        mentor_name: nameOf(directory, mentorId),
        people,
        awaiting_outcome: sortedAppts().filter(
          (a) => ids.has(a.client_id) && !a.archived_at && a.starts_at < at && a.outcome === "not_recorded",
        ),
      };
    },
  };

  // ---- the monthly summary (Reports) -------------------------------------------------------------------------
  // The summaries are ones core made for October 2026 (tests/browser/fixtures), passed in by the test through
  // `config.summaries`. Any other month gets the same figures under that month's name; the scope label comes
  // from the request. The mock never works a figure out or hides one itself: core does.
  const MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
  const monthOf = (code) => {
    const m = /^(\d{4})-(\d{2})$/.exec(String(code ?? "").trim());
    if (!m) return null;
    const y = Number(m[1]);
    const mo = Number(m[2]);
    return mo >= 1 && mo <= 12 ? { y, m: mo } : null;
  };
  const monthCode = ({ y, m }) => `${y}-${String(m).padStart(2, "0")}`;
  const shiftMonth = ({ y, m }, n) => {
    const i = y * 12 + (m - 1) + n;
    return { y: Math.floor(i / 12), m: (i % 12) + 1 };
  };
  // The organisation's records begin in January 2025 (its people were added on 6 January 2025).
  const FIRST_MONTH = "2025-01";

  /** Core's check_request: the month, then whose clients this person may report on. */
  function checkReport(request) {
    const refuse = (field, message) => ({ refused: fail("validation", message, field) });
    const month = monthOf(request?.month);
    if (!month) return refuse("month", `'${request?.month}' is not a month. Write it as year and month, like 2026-10.`);
    if (`${monthCode(month)}-01` > TODAY) return refuse("month", "That month has not started yet. Choose this month or an earlier one.");
    if (monthCode(month) < FIRST_MONTH)
      return refuse("month", `${state.organisation}'s records begin in January 2025. Choose that month or a later one.`);
    const scope = request.scope ?? {};
    const own = "You can report on your own caseload only.";
    if (scope.kind === "organisation") {
      if (ROLE !== "manager") return refuse("scope", own);
      return { month, label: { kind: "organisation", id: null, name: state.organisation } };
    }
    if (scope.kind === "team") {
      if (ROLE !== "manager") return refuse("scope", own);
      const t = teams.find((x) => x.id === scope.id && !x.archived_at);
      if (!t) return refuse("scope", "There is no such team. Choose one from the list.");
      return { month, label: { kind: "team", id: t.id, name: t.name } };
    }
    if (scope.kind === "caseworker") {
      if (ROLE !== "manager" && scope.id !== ME_USER) return refuse("scope", own);
      const u = userRecords.find((x) => x.id === scope.id);
      if (!u) return refuse("scope", "There is no such caseworker. Choose one from the list.");
      if (u.role === "peer_mentor") return refuse("scope", "A peer mentor has no caseload to report on. Choose a caseworker.");
      return { month, label: { kind: "caseworker", id: u.id, name: `${u.display_name}'s caseload` } };
    }
    return refuse("scope", "Choose whose clients the summary is about.");
  }

  /** Every figure of a summary with the words it is shown beside (a part's or a rate's label), by key. */
  function figuresOf(value, words = "", out = new Map()) {
    if (Array.isArray(value)) value.forEach((v) => figuresOf(v, words, out));
    else if (value && typeof value === "object") {
      if (typeof value.key === "string" && "value" in value && "hidden" in value) {
        if (!out.has(value.key) || words) out.set(value.key, { figure: value, words });
        return out;
      }
      const here = typeof value.label === "string" ? value.label : words;
      for (const [k, v] of Object.entries(value)) figuresOf(v, k === "figure" || k === "numerator" ? here : "", out);
    }
    return out;
  }

  /**
   * Outcome measures (added to core's summary after the fixtures were made): reviews in the month, and of them
   * those showing reliable improvement since the baseline. An external summary hides counts from 1 to 4, as
   * core does, and then gives no rate.
   */
  function outcomeFigures(external) {
    const fig = (key, value) =>
      external && value >= 1 && value <= 4 ? { key, value: null, hidden: "<5" } : { key, value, hidden: "" };
    const rate = (code, label, improved, reviewed) => {
      const numerator = fig(`outcomes.${code}.improved`, improved);
      const denominator = fig(`outcomes.${code}.reviewed`, reviewed);
      const percent =
        numerator.value === null || denominator.value === null || denominator.value === 0
          ? null
          : Math.round((numerator.value * 1000) / denominator.value) / 10;
      return { label, numerator, denominator, percent };
    };
    return {
      phq9: rate("phq9", "PHQ-9: reliable improvement", 7, 18),
      gad7: rate("gad7", "GAD-7: reliable improvement", 5, 12),
      wellbeing: rate("wellbeing", "Wellbeing check: reliable improvement", 3, 9),
    };
  }

  /** The summary the request asks for, or `{ refused }`. */
  function summaryFor(request) {
    const checked = checkReport(request);
    if (checked.refused) return checked;
    const base = config.summaries?.[request.audience === "external" ? "external" : "internal"];
    if (!base) return { refused: fail("internal", "The browser test gave the mock no monthly summary.") };
    const s = JSON.parse(JSON.stringify(base));
    const code = monthCode(checked.month);
    if (code !== s.month) {
      // The same figures, under the requested month and the 12 months up to it.
      s.trend.forEach((t, i) => {
        const to = monthCode(shiftMonth(checked.month, i - (s.trend.length - 1)));
        const from = t.month;
        for (const { figure } of figuresOf(t).values()) figure.key = figure.key.replace(`trend.${from}.`, `trend.${to}.`);
        t.month = to;
      });
      s.month = code;
      s.month_name = `${MONTH_NAMES[checked.month.m - 1]} ${checked.month.y}`;
    }
    s.outcomes ??= outcomeFigures(request.audience === "external");
    s.scope = checked.label;
    s.produced_at = nowIso();
    // Core's completeness rule: another computer still in use whose last sync file is older than the month's
    // end (the month ends at midnight, London time; these months end in GMT).
    const end = `${monthCode(shiftMonth(checked.month, 1))}-01T00:00:00Z`;
    s.missing_devices = sync.devices
      .filter((d) => d.device_id !== ME && !d.revoked_at && d.joined && (!d.last_file_at || d.last_file_at < end))
      .map((d) => ({ device_id: d.device_id, name: d.name, last_file_at: d.last_file_at }));
    s.provisional = s.missing_devices.length > 0;
    return { summary: s };
  }

  /** What kind of record a figure counts, and a few words for each, as core's drill gives them. */
  function drillShape(key, words) {
    const k = key.replace(/^trend\.\d{4}-\d{2}\./, "");
    const say = (what) => (words ? `${what}: ${words}` : what);
    if (k.startsWith("clients.closed")) return { entity: "episode", detail: say("Support closed"), time: false };
    if (k === "clients.new") return { entity: "episode", detail: "Support began", time: false };
    if (k === "clients.reopened") return { entity: "episode", detail: "Support opened again", time: false };
    if (k.startsWith("clients.active.")) return { entity: "client", detail: words || "Supported in the month", time: false };
    if (k.startsWith("clients")) return { entity: "episode", detail: "Support open in the month", time: false };
    if (k.startsWith("contacts")) return { entity: "support_contact", detail: say("Support contact"), time: false };
    if (k.startsWith("appointments")) return { entity: "appointment", detail: say("Health appointment"), time: true };
    if (k.startsWith("referrals")) return { entity: "referral", detail: say("Referral"), time: false };
    if (k.startsWith("releases")) return { entity: "custody_episode", detail: say("Released from custody"), time: false };
    if (k === "gp_registrations") return { entity: "client", detail: "Registered with a GP", time: false };
    if (k === "mentoring.active_links") return { entity: "mentor_link", detail: "Linked with a peer mentor", time: false };
    if (k.startsWith("mentoring")) return { entity: "appointment", detail: "Attended with a peer mentor", time: true };
    if (k.startsWith("outcomes.")) return { entity: "measure", detail: say(k.endsWith(".improved") ? "Reliable improvement" : "Reviewed"), time: false };
    return { entity: "client", detail: words, time: false };
  }

  const reportHandlers = {
    monthly_summary: ({ args }) => {
      const got = summaryFor(args.request);
      return got.refused ?? got.summary;
    },
    report_records: ({ args }) => {
      // The records behind a figure are listed in full, whoever the summary is for.
      const got = summaryFor({ ...args.request, audience: "internal" });
      if (got.refused) return got.refused;
      const found = figuresOf(got.summary).get(args.key);
      if (!found) return fail("validation", `'${args.key}' is not a figure of the monthly summary.`, "figure");
      const month = monthOf(/^trend\.(\d{4}-\d{2})\./.exec(args.key)?.[1] ?? got.summary.month);
      const days = new Date(Date.UTC(month.y, month.m, 0)).getUTCDate();
      const n = Math.min(found.figure.value ?? 0, 500);
      const shape = drillShape(args.key, found.words);
      const people = clients.filter((c) => !c.archived_at);
      // Spread over the clients (a step that shares no factor with their number visits each before repeating).
      const stride = [7, 11, 13, 17].find((k) => people.length % k !== 0);
      const rows = Array.from({ length: n }, (_, i) => {
        const c = people[(i * stride) % people.length];
        const date = `${monthCode(month)}-${String(1 + Math.floor((i * days) / Math.max(n, 1))).padStart(2, "0")}`;
        return {
          client_id: c.id,
          client_name: clientName(c),
          entity: shape.entity,
          record_id: `${shape.entity}-${args.key}-${i}`,
          when: shape.time ? `${date}T${String(9 + (i % 7)).padStart(2, "0")}:30:00Z` : date,
          detail: shape.detail,
        };
      });
      rows.sort((a, b) => a.when.localeCompare(b.when) || a.client_name.localeCompare(b.client_name));
      if (!(args.limit >= 1 && args.limit <= 1000)) return fail("validation", "Ask for between 1 and 1000 records at a time.", "limit");
      return { total: rows.length, rows: rows.slice(args.offset, args.offset + args.limit) };
    },
    export_report: ({ args }) => {
      // Like the app: the request is checked before the Save window opens.
      const got = summaryFor(args.request);
      if (got.refused) return got.refused;
      const sizes = { pdf: 48213, xlsx: 18934, csv: 6120, json: 32560 };
      if (!(args.format in sizes)) return fail("validation", `'${args.format}' is not a kind of file the summary can be saved as.`, "format");
      if (control.save_cancelled) return null;
      const s = got.summary;
      return { path: `/home/sam/Documents/monthly-summary-${s.month}-${s.audience}.${args.format}`, bytes: sizes[args.format], provisional: s.provisional };
    },
  };

  // ---- the service directory, duplicates and merges, outcome measures (core's dupes, services, measures) -----
  const svc = (id, fields, seeded_waits = [], seeded_waiting = 0) => ({
    id,
    created_at: stamp,
    archived_at: null,
    name: "",
    service_type: "other",
    address: null,
    phone: null,
    email: null,
    area: null,
    notes: null,
    referral_route: null,
    closed_on: null,
    ...fields,
    // Waits from referrals older than the fixtures (days from sending to the first appointment), and
    // referrals waiting now that the fixtures do not hold.
    seeded_waits,
    seeded_waiting,
  });
  const serviceDir = [
    svc(
      "s-cgl",
      {
        name: "Change Grow Live",
        service_type: "drug_alcohol",
        phone: "0300 123 4567",
        email: "referrals@cgl.example.org",
        area: "City",
        referral_route: "People can refer themselves by phone, or we send the referral form by email.",
        notes: "Drop-in Monday to Friday, 10:00 to 12:00. Ask for the criminal justice team.",
      },
      [5, 7, 9, 12, 14, 16, 21],
      2,
    ),
    svc(
      "s-cmht",
      {
        name: "Community Mental Health Team",
        service_type: "mental_health",
        address: "Orchard House, 40 Station Road",
        phone: "0121 496 0800",
        area: "City and North",
        referral_route: "Through the GP, or Liaison and Diversion while someone is in court or custody.",
      },
      [10, 12, 15, 20],
      1,
    ),
    svc("s-hillside", { name: "Hillside Surgery", service_type: "gp", address: "2 Hill Road", area: "North" }, [3, 4, 6]),
    svc("s-housing", { name: "City Housing Options", service_type: "housing", area: "City" }, [], 1),
    svc(
      "s-riverside",
      {
        name: "Riverside Medical Practice",
        service_type: "gp",
        address: "14 Mill Lane",
        phone: "0121 496 0123",
        area: "City",
        referral_route: "Registration form at reception; no proof of address needed.",
      },
      [2],
    ),
    svc(
      "s-bridge-dental",
      {
        name: "Bridge Street Dental",
        service_type: "dental",
        address: "7 Bridge Street",
        area: "City",
        notes: "Stopped taking NHS patients.",
        closed_on: "2026-03-03",
      },
      [40, 52],
    ),
  ];
  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    const n = s.length;
    if (n === 0) return null;
    return n % 2 === 1 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  };
  const daysFrom = (a, b) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
  /** Core's service_directory: open services by name, then closed ones, each with its median wait. */
  function serviceRows() {
    return [...serviceDir]
      .filter((x) => !x.archived_at)
      .sort((a, b) => Number(!!a.closed_on) - Number(!!b.closed_on) || a.name.localeCompare(b.name, "en", { sensitivity: "base" }))
      .map(({ seeded_waits, seeded_waiting, ...service }) => {
        const waits = [...seeded_waits];
        let waiting = seeded_waiting;
        for (const r of referrals.filter((x) => x.referral.service_id === service.id)) {
          const sent = r.steps.find((e) => e.status === "sent")?.happened_on;
          const first = r.steps.find((e) => e.status === "first_appointment")?.happened_on;
          if (sent && first) waits.push(daysFrom(sent, first));
          else if (sent && ["sent", "acknowledged", "accepted"].includes(r.referral.status)) waiting += 1;
        }
        return { service, median_wait_days: median(waits), waits_counted: waits.length, waiting_now: waiting };
      });
  }
  /** Core's ServiceFields::check_fields: the texts trimmed and checked, a name needed, an @ in an email. */
  function checkService(f) {
    const out = { ...f };
    for (const [field, max] of [["name", 200], ["address", 500], ["phone", 200], ["email", 200], ["area", 200], ["notes", 10000], ["referral_route", 2000]]) {
      const t = checkText(field, out[field], max);
      if (t.error) return { error: t.error };
      out[field] = t.value;
    }
    if (!out.name) return { error: fail("validation", "The service's name is needed.", "name") };
    if (!labels.ServiceType.some((l) => l.code === out.service_type))
      return { error: fail("validation", "Choose the kind of service.", "service_type") };
    if (out.email && !out.email.includes("@"))
      return { error: fail("validation", "An email address has an @ in it, like referrals@example.nhs.uk.", "email") };
    return { fields: out };
  }

  // Core's names::compare, as far as the fixtures need it: the same name, a known spelling variant, the
  // names swapped, or one letter out in a word of five letters or more.
  const VARIANTS = [["mohammed", "muhammad", "mohammad", "mohamed", "muhammed", "mohamad", "mohammod"]];
  const words = (t) => fold(t).replace(/['’]/g, "").split(/[\s-]+/).filter(Boolean);
  const oneOff = (a, b) => {
    if (Math.min(a.length, b.length) < 5 || Math.abs(a.length - b.length) > 1) return false;
    let i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    const rest = (x, y) => x.slice(i + 1) === y.slice(i + 1) || x.slice(i + 1) === y.slice(i) || x.slice(i) === y.slice(i + 1);
    return rest(a, b);
  };
  function wordMatch(a, b) {
    if (a === b) return "same";
    if (VARIANTS.some((g) => g.includes(a) && g.includes(b))) return "variant";
    if (oneOff(a, b)) return "close";
    return null;
  }
  function partMatch(a, b) {
    if (a.length === 0 && b.length === 0) return "same";
    if (a.length !== b.length || a.length === 0) return null;
    const each = a.map((w, i) => wordMatch(w, b[i]));
    if (each.includes(null)) return null;
    return each.includes("close") ? "close" : each.includes("variant") ? "variant" : "same";
  }
  function compareNames(typed, c) {
    const tg = words(typed.given_name);
    const tf = words(typed.family_name);
    const cg = words(c.given_name);
    const cf = words(c.family_name);
    if (tg.length + tf.length === 0 || cg.length + cf.length === 0) return null;
    const g = partMatch(tg, cg);
    const f = partMatch(tf, cf);
    const straight = g && f ? ([g, f].includes("close") ? "close" : [g, f].includes("variant") ? "variant" : "same") : null;
    if (straight === "same" || straight === "variant") return straight;
    if (partMatch(tg, cf) === "same" && partMatch(tf, cg) === "same") return "swapped";
    return straight;
  }
  const NAME_WHY = {
    same: ["Same date of birth and the same name", 1],
    variant: ["Same date of birth and another spelling of the name", 2],
    swapped: ["Same date of birth, with the given and family names the other way round", 3],
    close: ["Same date of birth and a very similar name", 4],
  };
  /** Whether the person using the app may see a client (core's scope): a manager all; a caseworker their own and shared ones. */
  const mayView = (c) =>
    ROLE === "manager" ||
    c.caseworker_id === ME_USER ||
    shares.some((x) => x.client_id === c.id && x.user_id === ME_USER && (x.ends_on === null || x.ends_on > TODAY));

  const merges = [];
  /** The client fields a merge can take from the other record, checked as update_client checks them. */
  function checkChoices(p) {
    const out = { ...p };
    if ("nhs_number" in out && out.nhs_number !== null) {
      const digits = String(out.nhs_number).replace(/\s/g, "");
      if (!nhsValid(digits)) return { error: fail("validation", "That is not a valid NHS number.", "nhs_number") };
      out.nhs_number = digits;
    }
    return { fields: out };
  }
  // What moves with a merge: every record that belongs to the client, by kind.
  const belongings = () => [
    ["episode", Object.values(episodes).flat()],
    ["custody_episode", custody],
    ["appointment", appointments],
    ["referral", referrals.map((r) => r.referral)],
    ["support_contact", contacts],
    ["task", tasks],
    ["mentor_link", mentorLinks],
    ["client_share", shares],
    ["measure", measures],
  ];
  function moveEpisodes(from, to, ids) {
    const moving = (episodes[from] ?? []).filter((e) => ids.includes(e.id));
    episodes[from] = (episodes[from] ?? []).filter((e) => !ids.includes(e.id));
    (episodes[to] ??= []).push(...moving);
  }

  // Outcome measures: core's scales (crates/core/src/scales.rs) and the readings it makes of them.
  const TWO_WEEKS = ["Not at all", "Several days", "More than half the days", "Nearly every day"];
  const SCALES = {
    phq9: {
      name: "PHQ-9 (depression)",
      stem: "Over the last 2 weeks, how often have you been bothered by any of the following problems?",
      items: [
        "Little interest or pleasure in doing things",
        "Feeling down, depressed, or hopeless",
        "Trouble falling or staying asleep, or sleeping too much",
        "Feeling tired or having little energy",
        "Poor appetite or overeating",
        "Feeling bad about yourself \u2014 or that you are a failure or have let yourself or your family down",
        "Trouble concentrating on things, such as reading the newspaper or watching television",
        "Moving or speaking so slowly that other people could have noticed. Or the opposite \u2014 being so fidgety or restless that you have been moving around a lot more than usual",
        "Thoughts that you would be better off dead or of hurting yourself in some way",
      ],
      answers: TWO_WEEKS,
      max_item: 3,
      max_total: 27,
      higher_is_better: false,
      reliable: 6,
      bands: [[0, 4, "minimal"], [5, 9, "mild"], [10, 14, "moderate"], [15, 19, "moderately severe"], [20, 27, "severe"]],
      risk_item: 9,
    },
    gad7: {
      name: "GAD-7 (anxiety)",
      stem: "Over the last 2 weeks, how often have you been bothered by the following problems?",
      items: [
        "Feeling nervous, anxious, or on edge",
        "Not being able to stop or control worrying",
        "Worrying too much about different things",
        "Trouble relaxing",
        "Being so restless that it is hard to sit still",
        "Becoming easily annoyed or irritable",
        "Feeling afraid as if something awful might happen",
      ],
      answers: TWO_WEEKS,
      max_item: 3,
      max_total: 21,
      higher_is_better: false,
      reliable: 4,
      bands: [[0, 4, "minimal"], [5, 9, "mild"], [10, 14, "moderate"], [15, 21, "severe"]],
      risk_item: null,
    },
    wellbeing: {
      name: "Wellbeing check",
      stem: "Over the last 2 weeks, how much of the time has each of these been true for you?",
      items: [
        "I've had things to look forward to",
        "I've been sleeping well enough",
        "I've felt I have people I can turn to",
        "I've been looking after my health",
        "I've known where to go for help when something went wrong",
      ],
      answers: ["None of the time", "A little of the time", "Some of the time", "Most of the time", "All of the time"],
      max_item: 4,
      max_total: 20,
      higher_is_better: true,
      reliable: 4,
      bands: [[0, 7, "low"], [8, 13, "middling"], [14, 20, "good"]],
      risk_item: null,
    },
  };
  const SCALE_ORDER = ["phq9", "gad7", "wellbeing"];
  const RISK_WARNING = "Answered item 9 (thoughts of self-harm) above 0: check risk today.";
  const bandOf = (sc, total) => sc.bands.find(([lo, hi]) => total >= lo && total <= hi)?.[2] ?? "";
  /** Core's offered questionnaires (the organisation's setting; all of them until a manager chooses). */
  let offeredScales = [...SCALE_ORDER];
  const scaleForms = () =>
    SCALE_ORDER.map((code) => {
      const sc = SCALES[code];
      return { scale: code, name: sc.name, stem: sc.stem, items: sc.items, answers: sc.answers, max_total: sc.max_total, offered: offeredScales.includes(code) };
    });
  /** Core's scales::progress: the change read the right way round, in words. */
  function progress(sc, baseline, later) {
    const points = later - baseline;
    const size = Math.abs(points);
    const better = sc.higher_is_better ? points > 0 : points < 0;
    const change = points === 0 || size < sc.reliable ? "none" : better ? "improvement" : "worsening";
    if (points === 0) return { points, change, words: "No change since the baseline." };
    const verdict = { improvement: "a reliable improvement", worsening: "a reliable worsening", none: "no reliable change" }[change];
    return { points, change, words: `${points > 0 ? "Up" : "Down"} ${size} ${size === 1 ? "point" : "points"} since the baseline: ${verdict}.` };
  }
  const measures = [];
  let measureSeq = 0;
  function addMeasure(client_id, scale, taken_on, answers, total = null, recorded_by = "u-aisha") {
    measureSeq += 1;
    const m = {
      id: `me-${measureSeq}`,
      created_at: `${taken_on}T12:00:00Z`,
      archived_at: null,
      client_id,
      scale,
      taken_on,
      answers,
      total: answers ? answers.reduce((a, b) => a + b, 0) : total,
      recorded_by,
    };
    measures.push(m);
    return m;
  }
  // Chidi (mental health support): a PHQ-9 baseline in August, a review in October; GAD-7 and the wellbeing
  // check the same days, one of them a total from a paper form.
  addMeasure("c-chidi", "phq9", "2026-08-10", [2, 3, 2, 2, 2, 2, 2, 2, 1]);
  addMeasure("c-chidi", "phq9", "2026-10-05", [1, 2, 1, 2, 1, 2, 1, 1, 0]);
  addMeasure("c-chidi", "gad7", "2026-08-10", [2, 2, 2, 2, 1, 2, 1]);
  addMeasure("c-chidi", "gad7", "2026-10-05", null, 10);
  addMeasure("c-chidi", "wellbeing", "2026-08-10", [1, 1, 2, 1, 2]);
  addMeasure("c-chidi", "wellbeing", "2026-10-05", [2, 3, 2, 3, 2]);
  /** Core's Reader::measures: one series per scale, each oldest first, read against its baseline. */
  function measuresOf(clientId) {
    const mine = measures
      .filter((m) => m.client_id === clientId && !m.archived_at)
      .sort((a, b) => a.taken_on.localeCompare(b.taken_on) || a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id));
    const out = [];
    for (const code of SCALE_ORDER) {
      const sc = SCALES[code];
      const of = mine.filter((m) => m.scale === code);
      if (of.length === 0) continue;
      const base = of[0].total;
      out.push({
        scale: code,
        max_total: sc.max_total,
        higher_is_better: sc.higher_is_better,
        readings: of.map((m, i) => {
          const flagged = !!(sc.risk_item && m.answers && m.answers[sc.risk_item - 1] > 0);
          const p = i === 0 ? null : progress(sc, base, m.total);
          return {
            measure: m,
            band: bandOf(sc, m.total),
            baseline: i === 0,
            change: p ? p.points : null,
            change_words: p ? p.words : null,
            reliable_improvement: p?.change === "improvement",
            warning: flagged ? RISK_WARNING : null,
          };
        }),
      });
    }
    return out;
  }

  const careHandlers = {
    service_directory: () => serviceRows(),
    add_service: ({ args }) => {
      const checked = checkService(args.fields);
      if (checked.error) return checked.error;
      const s = svc(`s-new-${serviceDir.length}`, { ...checked.fields, closed_on: checked.fields.closed_on ?? null, created_at: nowIso() });
      serviceDir.push(s);
      const { seeded_waits: _w, seeded_waiting: _n, ...out } = s;
      return out;
    },
    update_service: ({ args }) => {
      const s = serviceDir.find((x) => x.id === args.id && !x.archived_at);
      if (!s) return fail("not_found", "No service with that id was found.");
      const p = args.patch;
      if (p.closed_on && p.closed_on > TODAY)
        return fail("validation", "A service can be closed from today, not a day to come.", "closed_on");
      const checked = checkService({ ...s, ...p });
      if (checked.error) return checked.error;
      Object.assign(s, checked.fields);
      const { seeded_waits: _w, seeded_waiting: _n, ...out } = s;
      return out;
    },
    likely_duplicates: ({ args }) => {
      const q = args.query ?? {};
      const found = [];
      const live = clients.filter((c) => !c.archived_at && c.id !== q.exclude);
      const ids = [
        ["nhs_number", String(q.nhs_number ?? "").replace(/\s/g, ""), (v) => nhsValid(v), "Same NHS number"],
        ["prison_number", String(q.prison_number ?? "").trim().toUpperCase(), (v) => /^[A-Z]\d{4}[A-Z]{2}$/.test(v), "Same prison number"],
        ["crn", String(q.crn ?? "").trim().toUpperCase(), (v) => /^[A-Z]\d{6}$/.test(v), "Same CRN"],
      ];
      for (const [col, value, ok, why] of ids) {
        if (!value || !ok(value)) continue;
        for (const c of live.filter((x) => String(x[col] ?? "").toUpperCase() === value)) {
          const f = found.find((x) => x.c.id === c.id);
          if (f) f.why = `${f.why}, ${why.replace("Same", "same")}`;
          else found.push({ c, why, certain: true, rank: 0 });
        }
      }
      if (q.date_of_birth) {
        for (const c of live.filter((x) => x.date_of_birth === q.date_of_birth)) {
          if (found.some((x) => x.c.id === c.id)) continue;
          const m = compareNames(q, c);
          if (m) found.push({ c, why: NAME_WHY[m][0], certain: false, rank: NAME_WHY[m][1] });
        }
      }
      found.sort((a, b) => a.rank - b.rank);
      const out = { matches: [], elsewhere: 0, elsewhere_certain: 0 };
      for (const f of found) {
        if (mayView(f.c)) {
          if (out.matches.length < 10)
            out.matches.push({ client_id: f.c.id, name: clientName(f.c), date_of_birth: f.c.date_of_birth, why: f.why, certain: f.certain });
        } else {
          out.elsewhere += 1;
          out.elsewhere_certain += f.certain ? 1 : 0;
        }
      }
      return out;
    },
    merge_clients: ({ args }) => {
      const { kept_id, merged_id } = args;
      if (kept_id === merged_id)
        return fail("validation", "A record cannot be merged with itself. Choose the other record.", "merged_id");
      for (const [field, id] of [["kept_id", kept_id], ["merged_id", merged_id]]) {
        const c = byId(id);
        if (!c) return fail("not_found", "No client with that id was found.");
        if (c.archived_at) return fail("validation", "That record has been archived or already merged.", field);
      }
      const kept = byId(kept_id);
      const checked = checkChoices(args.choices ?? {});
      if (checked.error) return checked.error;
      const before = {};
      for (const [k, v] of Object.entries(checked.fields)) {
        if (JSON.stringify(kept[k]) !== JSON.stringify(v)) before[k] = kept[k];
      }
      Object.assign(kept, checked.fields);
      const moved = [];
      for (const [kind, list] of belongings()) {
        for (const r of list.filter((x) => x.client_id === merged_id)) moved.push(`${kind}:${r.id}`);
      }
      for (const item of moved) {
        const [kind, id] = item.split(":");
        if (kind === "episode") continue;
        const r = belongings().find(([k]) => k === kind)[1].find((x) => x.id === id);
        r.client_id = kept_id;
      }
      moveEpisodes(merged_id, kept_id, moved.filter((m) => m.startsWith("episode:")).map((m) => m.slice(8)));
      for (const e of episodes[kept_id]) e.client_id = kept_id;
      byId(merged_id).archived_at = nowIso();
      const m = {
        id: `mg-${merges.length + 1}`,
        created_at: nowIso(),
        archived_at: null,
        kept_id,
        merged_id,
        kept_before: JSON.stringify(before),
        moved,
        merged_by: ME_USER,
        undone_at: null,
      };
      merges.push(m);
      return m;
    },
    undo_merge: ({ args }) => {
      const m = merges.find((x) => x.id === args.id);
      if (!m) return fail("not_found", "No merge of records with that id was found.");
      if (m.undone_at) return fail("validation", "This merge has already been undone.", "id");
      Object.assign(byId(m.kept_id), JSON.parse(m.kept_before ?? "{}"));
      for (const item of m.moved) {
        const [kind, id] = item.split(":");
        if (kind === "episode") continue;
        const r = belongings().find(([k]) => k === kind)[1].find((x) => x.id === id);
        if (r) r.client_id = m.merged_id;
      }
      const eps = m.moved.filter((x) => x.startsWith("episode:")).map((x) => x.slice(8));
      moveEpisodes(m.kept_id, m.merged_id, eps);
      for (const e of episodes[m.merged_id] ?? []) e.client_id = m.merged_id;
      byId(m.merged_id).archived_at = null;
      m.undone_at = nowIso();
      return m;
    },
    scales: () => scaleForms(),
    set_offered_scales: ({ args }) => {
      offeredScales = SCALE_ORDER.filter((c) => args.scales.includes(c));
      return scaleForms();
    },
    record_measure: ({ args }) => {
      const n = args.measure;
      if (!byId(n.client_id)) return fail("not_found", "No client with that id was found.", "client_id");
      const sc = SCALES[n.scale];
      if (!sc) return fail("validation", "Choose which questionnaire.", "scale");
      if (!offeredScales.includes(n.scale))
        return fail("validation", `Your organisation does not use the ${sc.name}. A manager can turn it on in Settings.`, "scale");
      if (!n.taken_on || n.taken_on > TODAY) return fail("validation", "A questionnaire cannot be dated in the future.", "taken_on");
      if (n.answers) {
        const expected = sc.items.length;
        if (n.answers.length < expected) {
          const given = n.answers.length === 0 ? "none has an answer" : n.answers.length === 1 ? "only 1 has an answer" : `only ${n.answers.length} have an answer`;
          return fail("validation", `Answer all ${expected} questions: ${given}.`, "answers");
        }
        if (n.answers.length > expected)
          return fail("validation", `There are only ${expected} questions, but ${n.answers.length} answers were given.`, "answers");
        const bad = n.answers.findIndex((a) => !Number.isInteger(a) || a < 0 || a > sc.max_item);
        if (bad >= 0) return fail("validation", `Question ${bad + 1} must be between 0 and ${sc.max_item}.`, `answers.${bad + 1}`);
        return addMeasure(n.client_id, n.scale, n.taken_on, n.answers, null, ME_USER);
      }
      if (n.total === null || n.total === undefined)
        return fail("validation", "Answer every question, or enter the total score.", "answers");
      if (!Number.isInteger(n.total) || n.total < 0 || n.total > sc.max_total)
        return fail("validation", `The total must be between 0 and ${sc.max_total}.`, "total");
      return addMeasure(n.client_id, n.scale, n.taken_on, null, n.total, ME_USER);
    },
  };

  const handlers = {
    app_status: () => status(),

    "plugin:event|listen": ({ event, handler }) => {
      listenerId += 1;
      listeners.push({ event, handler, id: listenerId });
      return listenerId;
    },
    "plugin:event|unlisten": ({ eventId }) => {
      const i = listeners.findIndex((l) => l.id === eventId);
      if (i >= 0) listeners.splice(i, 1);
      return null;
    },
    device_summary: () => requireUnlocked() ?? syncRefused() ?? summary(),
    revoke_device: ({ args }) => {
      const locked = requireUnlocked();
      if (locked) return locked;
      if (args.device_id === ME)
        return fail("validation", "This computer cannot revoke itself. Use another manager's computer.", "device");
      const d = sync.devices.find((x) => x.device_id === args.device_id);
      if (!d) return fail("not_found", "No device with that id was found.");
      if (d.revoked_at) return fail("validation", "That computer is already revoked.", "device");
      d.revoked_at = nowIso();
      return summary();
    },
    conflicts: () => requireUnlocked() ?? syncRefused() ?? sync.conflicts,
    resolve_conflict: ({ args }) => {
      const locked = requireUnlocked();
      if (locked) return locked;
      const c = sync.conflicts.find((x) => x.id === args.id);
      if (!c) return fail("not_found", "No conflict with that id was found.");
      let value;
      if (args.keep.keep === "current") value = c.current.value;
      else if (args.keep.keep === "other") value = c.other.value;
      else {
        const t = args.keep.value.trim();
        if (c.field === "justice_status") {
          const hit = JUSTICE.find((x) => x.code.toLowerCase() === t.toLowerCase() || x.label.toLowerCase() === t.toLowerCase());
          if (!hit) return fail("validation", `'${t}' is not one of: ${JUSTICE.map((x) => x.label).join(", ")}.`, "value");
          value = hit.code;
        } else value = t === "" ? null : t;
      }
      Object.assign(byId(c.client_id), { [c.field]: value });
      sync.conflicts = sync.conflicts.filter((x) => x.id !== c.id);
      return sync.conflicts;
    },
    stage_sync_file: ({ __raw }) => {
      const locked = requireUnlocked();
      if (locked) return locked;
      sync.staged = null;
      const text = textOf(__raw);
      if (!text.startsWith("THROUGHCARE BUNDLE\n"))
        return fail("damaged", "This is not a Throughcare sync file, or it is damaged (it does not start like one). Nothing was changed.", "file");
      if (text.includes("other-organisation"))
        return fail("refused", "This sync file belongs to another organisation. Devices only exchange files within their own organisation. Nothing was changed.", "file");
      sync.staged = { locked: text.includes("locked"), empty: text.includes("nothing-new") };
      return {
        sender: SAM_LAPTOP,
        sender_name: "Sam's laptop",
        created_at: "2026-11-20T09:45:00Z",
        ops: sync.staged.empty ? 40 : 1366,
        needs_passphrase: sync.staged.locked,
      };
    },
    import_staged_sync_file: async ({ args }) => {
      const locked = requireUnlocked();
      if (locked) return locked;
      if (!sync.staged) return fail("validation", "Choose a sync file to import first.", "file");
      if (sync.staged.locked && args.passphrase !== "river lantern copper")
        return fail("refused", "That passphrase does not open this sync file. Nothing was changed.");
      const sender = sync.devices.find((d) => d.device_id === SAM_LAPTOP);
      if (sender.revoked_at) {
        sync.staged = null;
        const at = new Date(sender.revoked_at);
        const two = (n) => String(n).padStart(2, "0");
        return fail(
          "refused",
          `This sync file comes from a computer a manager revoked (${two(at.getUTCDate())}/${two(at.getUTCMonth() + 1)}/${at.getUTCFullYear()} ${two(at.getUTCHours())}:${two(at.getUTCMinutes())}). Its files are no longer accepted.`,
        );
      }
      const total = 2732;
      for (let done = 0; done <= total; done += 683) {
        emit("sync-progress", { done, total });
        await new Promise((r) => setTimeout(r, 120));
      }
      if (sync.staged.empty) {
        sync.staged = null;
        return { sender: SAM_LAPTOP, sender_name: "Sam's laptop", received: 40, applied: 0, already_had: 40, new_records: 0, changed_records: 0, new_conflicts: 0, open_conflicts: sync.conflicts.length, quarantined: 0, released: 0, set_aside: 0, audit_entries: 0 };
      }
      sync.staged = null;
      if (!sync.conflicts.some((c) => c.id === arrivingConflict.id)) sync.conflicts.push(arrivingConflict);
      sync.quarantined = 2;
      sync.devices[1].last_file_at = "2026-11-20T10:00:00Z";
      sync.devices[1].changes_held = 2206;
      return {
        sender: SAM_LAPTOP,
        sender_name: "Sam's laptop",
        received: 1366,
        applied: 1200,
        already_had: 166,
        new_records: 3,
        changed_records: 12,
        new_conflicts: 1,
        open_conflicts: sync.conflicts.length,
        quarantined: 2,
        released: 0,
        set_aside: 0,
        audit_entries: 38,
      };
    },
    export_sync_file: ({ args }) => {
      const locked = requireUnlocked();
      if (locked) return locked;
      if (args.passphrase !== null && args.passphrase.length < 10)
        return fail("validation", "The passphrase must be at least 10 characters. A few unrelated words work well.", "passphrase");
      if (args.to.kind === "since_peer" && !sync.devices.some((d) => d.device_id === args.to.device_id))
        return fail("not_found", "No device with that id was found.");
      if (control.save_cancelled) return null;
      const ops = args.to.kind === "all" ? 2210 : 1370;
      return { path: "/home/sam/Documents/throughcare-office-pc-2026-11-20.tcsync", ops, bytes: ops * 180 };
    },
    stage_invitation: ({ __raw }) => {
      sync.invitation = null;
      const text = textOf(__raw);
      if (text.startsWith("THROUGHCARE BUNDLE\n"))
        return fail("validation", "This is a sync file, not an invitation. Choose the invitation file your manager made for this computer.", "file");
      if (!text.startsWith("THROUGHCARE INVITATION\n"))
        return fail("validation", "This is not a Throughcare invitation. Choose the invitation file your manager made for this computer.", "file");
      sync.invitation = __raw;
      return null;
    },
    join_organisation: ({ args }) => {
      if (state.has_database) return fail("already_exists", "A Throughcare database already exists on this computer.");
      if (!sync.invitation) return fail("validation", "Choose the invitation file first.", "file");
      if (args.code.replace(/[^0-9a-z]/gi, "").toUpperCase() !== INVITE_CODE)
        return fail("validation", "That code does not open this invitation. Check it with the person who gave it to you.", "code");
      if (args.passphrase.length < 10)
        return fail("validation", "The passphrase must be at least 10 characters. A few unrelated words work well.", "passphrase");
      Object.assign(state, {
        has_database: true,
        unlocked: true,
        organisation: "Bridges Health Link",
        user_name: "Alex Morgan",
        passphrase: args.passphrase,
      });
      return status();
    },
    create_database: ({ args }) => {
      if (!args.organisation?.trim()) return fail("validation", "Enter the name of your organisation.", "organisation");
      if (!args.your_name?.trim()) return fail("validation", "Enter your name.", "your_name");
      if ((args.passphrase ?? "").length < 12)
        return fail("validation", "Use a passphrase of at least 12 characters, for example three or four words.", "passphrase");
      Object.assign(state, {
        has_database: true,
        unlocked: true,
        organisation: args.organisation.trim(),
        user_name: args.your_name.trim(),
        passphrase: args.passphrase,
      });
      return status();
    },
    unlock: async ({ args }) => {
      const fold = (n) => String(n ?? "").trim().replace(/\s+/g, " ").toLowerCase();
      if (args.passphrase !== state.passphrase || fold(args.name) !== fold(state.user_name))
        return fail("wrong_passphrase", "That name and passphrase do not unlock this database. Check both and try again.", "passphrase");
      // The first unlock after an update brings a large database up to date, which takes a while.
      if (config.unlock_delay_ms) await new Promise((r) => setTimeout(r, config.unlock_delay_ms));
      state.unlocked = true;
      return status();
    },
    lock: () => {
      state.unlocked = false;
      return status();
    },
    labels: () => labels,
    users: () => requireUnlocked() ?? users,
    mentors: () => requireUnlocked() ?? mentors,
    today: () => {
      const locked = requireUnlocked();
      if (locked) return locked;
      const all = sortedAppts().filter((a) => !a.archived_at);
      const current = now();
      return {
        date: TODAY,
        today: counted(all.filter((a) => day(a.starts_at) === TODAY).map(agenda)),
        this_week: counted(
          all.filter((a) => day(a.starts_at) > TODAY && day(a.starts_at) <= addDays(TODAY, 7)).map(agenda),
        ),
        awaiting_outcome: counted(all.filter((a) => a.starts_at < current && a.outcome === "not_recorded").map(agenda)),
        referrals_waiting: counted(
          referrals
            .filter((r) => r.referral.last_step_on < addDays(TODAY, -14))
            .map((r) => ({ referral: r.referral, client_name: clientName(byId(r.referral.client_id)) })),
        ),
        released_without_appointment: counted(releasedWithoutAppointment()),
        tasks_due: counted(
          tasks
            .filter((t) => !t.done_at && !t.archived_at && t.due_on <= TODAY)
            .filter((t) => ROLE === "manager" || t.assignee_id === ME_USER)
            .sort(taskOrder)
            .map((t) => ({ task: t, client_name: t.client_id ? clientName(byId(t.client_id)) : null })),
        ),
        // Core's first_days: released in the last 14 days (today is day 1 to 14) and not back inside.
        first_days: (() => {
          const people = clients
            .filter((c) => !c.archived_at && c.actual_release_date && c.actual_release_date >= addDays(TODAY, -13))
            .filter((c) => c.actual_release_date <= TODAY && c.justice_status !== "in_custody")
            .sort((a, b) => a.actual_release_date.localeCompare(b.actual_release_date) || a.id.localeCompare(b.id));
          const items = people
            .slice(0, 50)
            .map((c) => ({ client_id: c.id, name: clientName(c), pathway: pathwayOf(c.id) }))
            .filter((x) => x.pathway);
          return { items, total: people.length };
        })(),
        figures: (() => {
          const current = now();
          return {
            open_clients: clients.filter((c) => !c.archived_at && isOpen(c.id)).length,
            in_custody: clients.filter((c) => !c.archived_at && c.justice_status === "in_custody").length,
            released_last_14_days: clients.filter(
              (c) => c.actual_release_date && c.actual_release_date >= addDays(TODAY, -14) && c.actual_release_date <= TODAY,
            ).length,
            appointments_next_7_days: appointments.filter(
              (a) => a.outcome === "not_recorded" && a.starts_at >= current && day(a.starts_at) <= addDays(TODAY, 7),
            ).length,
            awaiting_outcome: appointments.filter((a) => a.starts_at < current && a.outcome === "not_recorded").length,
            tasks_due: tasks.filter((t) => !t.done_at && !t.archived_at && t.due_on <= TODAY).length,
          };
        })(),
      };
    },
    clients: ({ args }) => {
      const locked = requireUnlocked();
      if (locked) return locked;
      const { filter, page } = args;
      const q = fold(filter.query).trim();
      let rows = clients.filter((c) => filter.include_archived || !c.archived_at);
      if (q) {
        rows = rows.filter((c) =>
          [c.given_name, c.family_name, c.preferred_name, c.nhs_number, c.prison_number, c.crn].some((v) =>
            fold(v).replace(/\s/g, "").includes(q.replace(/\s/g, "")) || fold(clientName(c)).includes(q),
          ),
        );
      }
      if (filter.open !== null) rows = rows.filter((c) => isOpen(c.id) === filter.open);
      if (filter.justice_status) rows = rows.filter((c) => c.justice_status === filter.justice_status);
      if (filter.need) rows = rows.filter((c) => c.support_needs.includes(filter.need));
      if (filter.caseworker_id) rows = rows.filter((c) => c.caseworker_id === filter.caseworker_id);
      const key = (c) => fold(`${c.family_name ?? ""} ${c.given_name ?? ""}`.trim() || c.preferred_name);
      if (filter.sort === "name") rows.sort((a, b) => key(a).localeCompare(key(b)));
      else if (filter.sort === "newest") rows.sort((a, b) => b.created_at.localeCompare(a.created_at));
      else
        rows.sort((a, b) =>
          (a.expected_release_date ?? "9999").localeCompare(b.expected_release_date ?? "9999"),
        );
      return {
        items: rows.slice(page.offset, page.offset + page.limit).map((c) => ({ ...c, open: isOpen(c.id) })),
        total: rows.length,
        page,
      };
    },
    // Core's search_clients: the first few matches, no total.
    search_clients: ({ args }) => {
      const filter = { query: args.query, open: null, justice_status: null, need: null, caseworker_id: null, include_archived: false, sort: "name" };
      const page = handlers.clients({ args: { filter, page: { offset: 0, limit: args.limit } } });
      return page.items ?? page;
    },
    client_record: ({ args }) => {
      const locked = requireUnlocked();
      if (locked) return locked;
      const c = byId(args.id);
      if (!c) return fail("not_found", "That client could not be found. They may have been merged or erased.");
      return {
        client: c,
        name: clientName(c),
        caseworker_name: nameOf(userRecords, c.caseworker_id),
        episodes: [...(episodes[c.id] ?? [])].sort((a, b) => b.opened_on.localeCompare(a.opened_on)),
        custody: custodyOf(c.id),
        appointments: appointments
          .filter((a) => a.client_id === c.id)
          .sort((a, b) => b.starts_at.localeCompare(a.starts_at)),
        contacts: contacts.filter((k) => k.client_id === c.id),
        referrals: referrals.filter((r) => r.referral.client_id === c.id),
        mentors: mentorLinks
          .filter((l) => l.client_id === c.id)
          .map((link) => ({ link, mentor_name: nameOf(directory, link.mentor_id) })),
        tasks: tasks
          .filter((t) => t.client_id === c.id && !t.done_at && !t.archived_at)
          .sort(taskOrder)
          .map(taskRow),
        pathway: pathwayOf(c.id),
        measures: measuresOf(c.id),
        merges:
          ROLE === "manager"
            ? merges
                .filter((m) => m.kept_id === c.id || m.merged_id === c.id)
                .sort((a, b) => b.created_at.localeCompare(a.created_at))
                .map((m) => ({
                  merge: m,
                  other_name: clientName(byId(m.kept_id === c.id ? m.merged_id : m.kept_id)),
                  merged_by_name: nameOf(users, m.merged_by),
                }))
            : [],
        shares: shares.filter((x) => x.client_id === c.id).sort((a, b) => b.starts_on.localeCompare(a.starts_on)),
        hidden_fields: [],
        erased: erasedClients.has(c.id),
        consent: consentOf(c),
      };
    },
    // Core's retention.rs: records whose support closed longer ago than the keeping time, oldest first,
    // not erased and not kept in the last year.
    retention: () => {
      const cutoff = `${Number(TODAY.slice(0, 4)) - retentionYears}${TODAY.slice(4)}`;
      const yearAgo = `${Number(TODAY.slice(0, 4)) - 1}${TODAY.slice(4)}`;
      const due = clients
        .filter((c) => !erasedClients.has(c.id) && !isOpen(c.id))
        .map((c) => ({ c, closed: (episodes[c.id] ?? []).map((e) => e.closed_on).filter(Boolean).sort().at(-1) }))
        .filter(({ c, closed }) => closed && closed <= cutoff && !(keptOn[c.id] && keptOn[c.id] > yearAgo))
        .sort((a, b) => a.closed.localeCompare(b.closed))
        .map(({ c, closed }) => ({
          client_id: c.id,
          name: clientName(c),
          closed_on: closed,
          due_on: `${Number(closed.slice(0, 4)) + retentionYears}${closed.slice(4)}`,
          last_kept_on: keptOn[c.id] ?? null,
        }));
      return { years: retentionYears, due, total: due.length, usual_years: 6, longest_years: 20 };
    },
    set_retention_years: ({ args }) => {
      if (!Number.isInteger(args.years) || args.years < 1 || args.years > 20)
        return fail("validation", "Choose between 1 and 20 years after support closed.", "retention_years");
      retentionYears = args.years;
      return handlers.retention();
    },
    keep_record: ({ args }) => {
      if (!args.reason.trim())
        return fail("validation", "Say why the record is kept past the keeping time (for example, a safeguarding review is still open).", "reason");
      keptOn[args.client_id] = TODAY;
      return handlers.retention();
    },
    // Core writes both files where the person chose; under test the Save window answers with this folder.
    subject_access: ({ args }) => {
      const c = byId(args.id);
      if (!c) return fail("not_found", "That client could not be found. They may have been merged or erased.");
      if (args.since && args.since > TODAY) return fail("validation", "The date cannot be in the future.", "since");
      const pdf = `/home/sam/Documents/subject-access-2026-11-20-093000-${c.id.slice(-8)}.pdf`;
      return { pdf, json: pdf.replace(/\.pdf$/, ".json") };
    },
    record_consent: ({ args }) => {
      const n = args.consent;
      const c = byId(n.client_id);
      if (!c) return fail("validation", "That client was not found.", "client_id");
      if (erasedClients.has(c.id))
        return fail("validation", "This person's details have been erased, so there is no consent left to record.", "client_id");
      if (!n.decided_on || n.decided_on > TODAY) return fail("validation", "A decision cannot be dated in the future.", "decided_on");
      if (n.given && !n.method)
        return fail("validation", "Say how they gave consent: a signed form, verbally with a witness, or electronically.", "method");
      const last = consentOf(c).history.find((h) => h.consent.purpose === n.purpose);
      if (last && n.decided_on < last.consent.decided_on)
        return fail("validation", "A later decision about this is already recorded. Record decisions in the order they were made.", "decided_on");
      consents.push({ id: `consent-${consents.length + 1}`, created_at: nowIso(), archived_at: null, ...n, method: n.method ?? null, recorded_by: ME_USER });
      if (n.purpose === "store" && n.given) {
        c.consent_store = true;
        c.consent_on = n.decided_on;
        c.consent_method = n.method;
        c.consent_withdrawn_on = null;
      } else if (n.purpose === "store") c.consent_withdrawn_on = n.decided_on;
      else if (n.purpose === "share_health") c.consent_share_health = n.given;
      else c.consent_share_probation = n.given;
      return handlers.client_record({ args: { id: c.id } });
    },
    // As core: everything but what the figures count blanked on the client, and their notes, reasons and task titles.
    erase_client: ({ args }) => {
      const c = byId(args.id);
      if (!c) return fail("not_found", "That client could not be found.");
      if (erasedClients.has(c.id))
        return fail("validation", "This person's details have already been erased. Nothing was changed.", "client");
      for (const f of ["given_name", "preferred_name", "pronouns", "date_of_birth", "phone", "email", "address", "postcode", "nhs_number", "prison_number", "crn", "accompaniment_needs", "establishment", "expected_release_date", "actual_release_date", "licence_end_date", "gp_practice", "gp_status_changed_on"])
        c[f] = null;
      Object.assign(c, { family_name: "(erased)", justice_status: "unknown", gp_status: "unknown", support_needs: [], risk_flags: [] });
      for (const k of contacts.filter((x) => x.client_id === c.id)) k.summary = null;
      for (const t of tasks.filter((x) => x.client_id === c.id)) t.title = "(erased)";
      erasedClients.add(c.id);
      return handlers.client_record({ args: { id: c.id } });
    },
    create_client: ({ args }) => {
      const locked = requireUnlocked();
      if (locked) return locked;
      const f = args.fields;
      if (!f.given_name && !f.family_name && !f.preferred_name)
        return fail("validation", "Enter a name: a given name, a family name, or both.", "fields.given_name");
      if (f.date_of_birth && f.date_of_birth > TODAY)
        return fail("validation", "The date of birth cannot be in the future.", "fields.date_of_birth");
      if (f.nhs_number) {
        const digits = f.nhs_number.replace(/\s/g, "");
        if (!nhsValid(digits))
          return fail(
            "validation",
            "That is not a valid NHS number. It has 10 digits and the last one is a check digit: check it against a letter from the GP or hospital.",
            "fields.nhs_number",
          );
        f.nhs_number = digits;
      }
      if (f.prison_number && !/^[A-Z]\d{4}[A-Z]{2}$/i.test(f.prison_number))
        return fail("validation", "A prison number is a letter, 4 digits and 2 letters, like A1234BC.", "fields.prison_number");
      const c = addClient(`c-new-${clients.length}`, f);
      c.created_at = nowIso();
      return c;
    },
    update_client: ({ args }) => {
      const locked = requireUnlocked();
      if (locked) return locked;
      const c = byId(args.id);
      if (!c) return fail("not_found", "That client could not be found.");
      const p = args.patch;
      if ("nhs_number" in p && p.nhs_number !== null) {
        const digits = p.nhs_number.replace(/\s/g, "");
        if (!nhsValid(digits))
          return fail(
            "validation",
            "That is not a valid NHS number. It has 10 digits and the last one is a check digit: check it against a letter from the GP or hospital.",
            "nhs_number",
          );
        p.nhs_number = digits;
      }
      if ("prison_number" in p && p.prison_number !== null && !/^[A-Z]\d{4}[A-Z]{2}$/i.test(p.prison_number))
        return fail("validation", "A prison number is a letter, 4 digits and 2 letters, like A1234BC.", "prison_number");
      if ("accompaniment_needs" in p && p.accompaniment_needs !== null && p.accompaniment_needs.length > 1000)
        return fail(
          "validation",
          `This is too long: ${p.accompaniment_needs.length} characters, and at most 1000 fit.`,
          "accompaniment_needs",
        );
      if ("given_name" in p || "family_name" in p) {
        const next = { ...c, ...p };
        if (!next.given_name && !next.family_name)
          return fail("validation", "A client needs at least one name.", "given_name");
      }
      Object.assign(c, p);
      return c;
    },
    book_appointment: ({ args }) => {
      const locked = requireUnlocked();
      if (locked) return locked;
      const b = args.booking;
      if (!byId(b.client_id)) return fail("not_found", "That client could not be found.");
      if (b.ends_at && b.ends_at <= b.starts_at)
        return fail("validation", "The appointment must end after it starts.", "booking.ends_at");
      const a = addAppt(b.client_id, {
        ...b,
        id: `a-new-${appointments.length}`,
        created_at: nowIso(),
        scheduled_by: "u-sam",
      });
      return a;
    },
    record_outcome: ({ args }) => {
      const locked = requireUnlocked();
      if (locked) return locked;
      const a = appointments.find((x) => x.id === args.id);
      if (!a) return fail("not_found", "That appointment could not be found.");
      const r = args.record;
      if (r.outcome === "not_recorded") return fail("validation", "Choose what happened.", "outcome");
      Object.assign(a, {
        outcome: r.outcome,
        dna_reason: r.outcome === "dna" ? r.dna_reason : null,
        actual_accompaniment: r.actual_accompaniment ?? a.planned_accompaniment,
        actual_user_id: r.actual_user_id ?? a.planned_user_id,
        actual_mentor_id: r.actual_mentor_id ?? a.planned_mentor_id,
        outcome_recorded_at: nowIso(),
      });
      return a;
    },
    reschedule_appointment: ({ args }) => {
      const locked = requireUnlocked();
      if (locked) return locked;
      const old = appointments.find((x) => x.id === args.id);
      if (!old) return fail("not_found", "That appointment could not be found.");
      if (!["cancelled_by_patient", "cancelled_by_provider"].includes(args.cancelled_by))
        return fail("validation", "Say whether the person or the service moved it.", "cancelled_by");
      if (old.rescheduled_to) return fail("validation", "This appointment has already been moved.", "id");
      if (["attended", "dna", "late_not_seen"].includes(old.outcome))
        return fail("validation", "This appointment has already happened, so book a new one instead.", "id");
      if (args.ends_at && args.ends_at < args.starts_at)
        return fail("validation", "An appointment cannot end before it starts.", "ends_at");
      const moved = addAppt(old.client_id, {
        ...old,
        id: `a-moved-${appointments.length}`,
        created_at: nowIso(),
        starts_at: args.starts_at,
        ends_at: args.ends_at,
        scheduled_by: "u-sam",
        outcome: "not_recorded",
        outcome_recorded_at: null,
        rescheduled_to: null,
      });
      Object.assign(old, {
        outcome: args.cancelled_by,
        outcome_recorded_at: nowIso(),
        actual_accompaniment: "none",
        rescheduled_to: moved.id,
      });
      return moved;
    },
    mentor_directory: () =>
      requireUnlocked() ??
      directory.map((m) => ({
        mentor: m,
        dbs: dbsOf(m),
        current_clients: mentorLinks.filter((l) => l.mentor_id === m.id && linkCurrent(l)).length,
      })),
    mentor_record: ({ args }) => {
      const locked = requireUnlocked();
      if (locked) return locked;
      const m = directory.find((x) => x.id === args.id);
      if (!m) return fail("not_found", "That peer mentor could not be found.");
      return {
        mentor: m,
        dbs: dbsOf(m),
        links: mentorLinks
          .filter((l) => l.mentor_id === m.id)
          .sort((a, b) => b.starts_on.localeCompare(a.starts_on))
          .map((link) => ({ link, client_name: clientName(byId(link.client_id)), current: linkCurrent(link) })),
      };
    },
    add_mentor: ({ args }) => {
      const locked = requireUnlocked();
      if (locked) return locked;
      const f = args.fields;
      if (!f.display_name?.trim()) return fail("validation", "Enter the peer mentor's name.", "display_name");
      if (f.dbs_checked_on && f.dbs_checked_on > TODAY)
        return fail("validation", "The DBS check date cannot be in the future.", "dbs_checked_on");
      const m = { ...mentorBase, ...f, id: `m-new-${directory.length}`, created_at: nowIso() };
      directory.push(m);
      mentors.push({ id: m.id, display_name: m.display_name });
      return m;
    },
    update_mentor: ({ args }) => {
      const locked = requireUnlocked();
      if (locked) return locked;
      const m = directory.find((x) => x.id === args.id);
      if (!m) return fail("not_found", "That peer mentor could not be found.");
      const p = args.patch;
      if (p.dbs_checked_on && p.dbs_checked_on > TODAY)
        return fail("validation", "The DBS check date cannot be in the future.", "dbs_checked_on");
      Object.assign(m, p);
      return m;
    },
    link_mentor: ({ args }) => {
      const locked = requireUnlocked();
      if (locked) return locked;
      if (!directory.some((m) => m.id === args.mentor_id)) return fail("not_found", "That peer mentor could not be found.");
      if (!byId(args.client_id)) return fail("not_found", "That client could not be found.", "client_id");
      if (mentorLinks.some((l) => l.mentor_id === args.mentor_id && l.client_id === args.client_id && !l.ends_on))
        return fail("already_exists", "They are already linked.", "client_id");
      return addLink(args.mentor_id, args.client_id, args.starts_on);
    },
    end_mentor_link: ({ args }) => {
      const locked = requireUnlocked();
      if (locked) return locked;
      const l = mentorLinks.find((x) => x.id === args.id);
      if (!l) return fail("not_found", "That link could not be found.");
      if (args.ends_on < l.starts_on)
        return fail("validation", "The link cannot end before it started.", "ends_on");
      l.ends_on = args.ends_on;
      return l;
    },
    referrals: ({ args }) => {
      const locked = requireUnlocked();
      if (locked) return locked;
      const { filter, page } = args;
      // The shell answers with the moves core allows next; the mock carries the same table as fixture data.
      const NEXT = {
        draft: ["sent"],
        sent: ["acknowledged", "accepted", "declined", "closed_no_engagement"],
        acknowledged: ["accepted", "declined", "closed_no_engagement"],
        accepted: ["first_appointment", "closed_no_engagement"],
        first_appointment: ["completed", "closed_no_engagement"],
      };
      let rows = referrals.map((r) => ({
        ...r.referral,
        client_name: clientName(byId(r.referral.client_id)),
        next_statuses: NEXT[r.referral.status] ?? [],
      }));
      if (filter.client_id) rows = rows.filter((r) => r.client_id === filter.client_id);
      if (filter.status) rows = rows.filter((r) => r.status === filter.status);
      if (filter.waiting_days !== null && filter.waiting_days !== undefined) {
        const cutoff = addDays(filter.today ?? TODAY, -filter.waiting_days);
        rows = rows.filter(
          (r) => ["sent", "acknowledged", "accepted"].includes(r.status) && r.last_step_on < cutoff,
        );
      }
      rows.sort((a, b) => a.last_step_on.localeCompare(b.last_step_on));
      return { items: rows.slice(page.offset, page.offset + page.limit), total: rows.length, page };
    },
    make_referral: ({ args }) => {
      const locked = requireUnlocked();
      if (locked) return locked;
      const n = args.referral;
      if (!byId(n.client_id)) return fail("not_found", "That client could not be found.");
      if (n.status !== "draft" && n.status !== "sent")
        return fail("validation", "A new referral is either a draft or sent.", "status");
      if (n.on > TODAY) return fail("validation", "The date cannot be in the future.", "on");
      if (n.status === "sent") {
        const refused = refusedSharing(byId(n.client_id), n.service_type);
        if (refused) return refused;
      }
      const r = ref(`r-new-${referrals.length}`, n.client_id, n.service_type, n.provider, [[n.status, n.on]]);
      r.referral.reason = n.reason;
      r.referral.service_id = n.service_id;
      r.referral.client_name = clientName(byId(n.client_id));
      referrals.push(r);
      return r.referral;
    },
    move_referral: ({ args }) => {
      const locked = requireUnlocked();
      if (locked) return locked;
      const r = referrals.find((x) => x.referral.id === args.id);
      if (!r) return fail("not_found", "That referral could not be found.");
      const next = {
        draft: ["sent"],
        sent: ["acknowledged", "accepted", "declined", "closed_no_engagement"],
        acknowledged: ["accepted", "declined", "closed_no_engagement"],
        accepted: ["first_appointment", "closed_no_engagement"],
        first_appointment: ["completed", "closed_no_engagement"],
      }[r.referral.status] ?? [];
      if (!next.includes(args.to))
        return fail("validation", `A referral that is ${r.referral.status.replaceAll("_", " ")} cannot move to ${args.to.replaceAll("_", " ")}.`, "status");
      if (args.on > TODAY) return fail("validation", "The date cannot be in the future.", "on");
      if (args.on < r.referral.last_step_on)
        return fail("validation", "The date cannot be before the referral's last step.", "on");
      if (args.to === "sent") {
        const refused = refusedSharing(byId(r.referral.client_id), r.referral.service_type);
        if (refused) return refused;
      }
      r.steps.push({
        id: `${r.referral.id}-s${r.steps.length}`,
        created_at: nowIso(),
        archived_at: null,
        referral_id: r.referral.id,
        status: args.to,
        happened_on: args.on,
        recorded_by: "u-sam",
      });
      r.referral.status = args.to;
      r.referral.last_step_on = args.on;
      if (args.to === "sent") r.referral.sent_on = args.on;
      return r.referral;
    },
    log_contact: ({ args }) => {
      const locked = requireUnlocked();
      if (locked) return locked;
      const k = args.contact;
      if (!byId(k.client_id)) return fail("not_found", "That client could not be found.");
      if (!(Number(k.minutes) > 0)) return fail("validation", "Enter how many minutes the contact took.", "minutes");
      if (k.contact_on > TODAY) return fail("validation", "The date of a contact cannot be in the future.", "contact_on");
      const stored = {
        ...k,
        id: `k-new-${contacts.length}`,
        created_at: nowIso(),
        archived_at: null,
        author_id: "u-sam",
        supersedes_id: null,
      };
      contacts.push(stored);
      return stored;
    },
    close_episode: ({ args }) => {
      const locked = requireUnlocked();
      if (locked) return locked;
      const e = episodes[args.client_id]?.find((x) => !x.closed_on);
      if (!e) return fail("validation", "Support is already closed.", "on");
      if (args.on < e.opened_on) return fail("validation", "Support cannot close before it opened.", "on");
      e.closed_on = args.on;
      e.close_reason = args.reason;
      return e;
    },
    reopen_episode: ({ args }) => {
      const locked = requireUnlocked();
      if (locked) return locked;
      if (isOpen(args.client_id)) return fail("validation", "Support is already open.", "on");
      const e = {
        id: `e-${args.client_id}-${(episodes[args.client_id] ?? []).length}`,
        created_at: nowIso(),
        archived_at: null,
        client_id: args.client_id,
        opened_on: args.on,
        closed_on: null,
        close_reason: null,
      };
      (episodes[args.client_id] ??= []).push(e);
      return e;
    },
    // Custody: core's Tx::add_custody, move_establishment and record_release, with the same refusals.
    add_custody: ({ args }) => {
      const locked = requireUnlocked();
      if (locked) return locked;
      const f = { ...args.fields };
      for (const e of custodyOf(f.client_id)) {
        if (e.released_on === null)
          return fail(
            "validation",
            `They are already in custody (since ${inWords(e.started_on)}). Record that release first, or a move between prisons.`,
            "started_on",
          );
        if (f.started_on < e.released_on && (f.released_on === null || f.released_on > e.started_on))
          return fail(
            "validation",
            `This overlaps their time in custody from ${inWords(e.started_on)} to ${inWords(e.released_on)}.`,
            "started_on",
          );
      }
      const c = byId(f.client_id);
      if (!c) return fail("not_found", "That client could not be found.", "client_id");
      const est = checkText("establishment", f.establishment, 200);
      if (est.error) return est.error;
      f.establishment = est.value;
      const bad = checkCustody(f);
      if (bad) return bad;
      const e = addCustodyEpisode({ ...f, created_at: nowIso() });
      if (e.released_on === null) {
        // Back inside: the pathway's open steps wait for the next release.
        for (const t of pathwayTasks(c.id, false)) t.archived_at = nowIso();
        Object.assign(c, { justice_status: "in_custody", establishment: e.establishment, expected_release_date: e.expected_release_on });
      }
      return e;
    },
    move_establishment: ({ args }) => {
      const locked = requireUnlocked();
      if (locked) return locked;
      const e = custody.find((x) => x.id === args.id && !x.archived_at);
      if (!e) return fail("not_found", "That time in custody could not be found.");
      if (e.released_on) return fail("validation", "This time in custody has ended: they were released.", "establishment");
      const est = checkText("establishment", args.establishment, 200);
      if (est.error) return est.error;
      if (!est.value) return fail("validation", "Enter the prison they moved to.", "establishment");
      const bad = checkCustody({ ...e, establishment: est.value, expected_release_on: args.expected_release_on });
      if (bad) return bad;
      Object.assign(e, { establishment: est.value, expected_release_on: args.expected_release_on });
      Object.assign(byId(e.client_id), { establishment: e.establishment, expected_release_date: e.expected_release_on });
      return e;
    },
    record_release: ({ args }) => {
      const locked = requireUnlocked();
      if (locked) return locked;
      const { on, status_after, released_to, licence_end } = args.release;
      if (status_after === "in_custody") return fail("validation", "Choose the person's status after release.", "status_after");
      const e = custody.find((x) => x.id === args.id && !x.archived_at);
      if (!e) return fail("not_found", "That time in custody could not be found.");
      if (e.released_on) return fail("validation", `Their release on ${inWords(e.released_on)} is already recorded.`, "on");
      if (on < e.started_on) return fail("validation", "This date cannot be before they went into custody.", "on");
      const to = checkText("released_to", released_to, 500);
      if (to.error) return to.error;
      if (licence_end && licence_end < on) return fail("validation", "This date cannot be before the release.", "licence_end");
      const bad = checkCustody({ ...e, released_on: on });
      if (bad) return bad;
      e.released_on = on;
      const c = byId(e.client_id);
      Object.assign(c, {
        actual_release_date: on,
        expected_release_date: null,
        justice_status: status_after,
        establishment: null,
        ...(licence_end ? { licence_end_date: licence_end } : {}),
        ...(to.value ? { address: to.value } : {}),
      });
      // The pathway: each step they need, less those done since the release before this one.
      const previous = custodyOf(c.id)
        .filter((k) => k.id !== e.id && k.started_on <= e.started_on && k.released_on)
        .map((k) => k.released_on)
        .sort()
        .at(-1);
      const done = previous
        ? pathwayTasks(c.id, true)
            .filter((t) => t.done_at && t.due_on >= previous)
            .map((t) => t.title)
        : [];
      makePathway(c, on, done);
      return e;
    },
    // Tasks: core's task_rows, add_task, reassign_task and reschedule_task, with the same refusals.
    tasks: ({ args }) => {
      const locked = requireUnlocked();
      if (locked) return locked;
      const { filter: f, page } = args;
      const rows = tasks
        .filter((t) => !t.archived_at)
        .filter((t) => !f.assignee_id || t.assignee_id === f.assignee_id)
        .filter((t) => !f.client_id || t.client_id === f.client_id)
        .filter((t) => !f.due_by || t.due_on <= f.due_by)
        .filter((t) => f.include_done || !t.done_at)
        .sort(taskOrder);
      const limit = Math.min(500, page.limit);
      return { items: rows.slice(page.offset, page.offset + limit).map(taskRow), total: rows.length, page };
    },
    add_task: ({ args }) => {
      const locked = requireUnlocked();
      if (locked) return locked;
      const n = args.task;
      if (!n.due_on || n.due_on < TODAY) return fail("validation", "A new task cannot be due before today.", "due_on");
      const title = checkText("title", n.title, 200);
      if (title.error) return title.error;
      if (!title.value) return fail("validation", "A short description of the task is needed.", "title");
      if (n.client_id && !byId(n.client_id)) return fail("validation", "That client was not found.", "client_id");
      const assignee = n.assignee_id ?? ME_USER;
      if (!users.some((u) => u.id === assignee))
        return fail("validation", "That person is not a current user of this app.", "assignee_id");
      const t = task(`t-added-${tasks.length}`, {
        created_at: nowIso(),
        client_id: n.client_id ?? null,
        assignee_id: assignee,
        title: title.value,
        due_on: n.due_on,
      });
      tasks.push(t);
      return t;
    },
    reassign_task: ({ args }) => {
      const locked = requireUnlocked();
      if (locked) return locked;
      const t = tasks.find((x) => x.id === args.id && !x.archived_at);
      if (!t) return fail("not_found", "That task could not be found.");
      const u = users.find((x) => x.id === args.assignee_id);
      if (!u) return fail("validation", "That person is not a current user of this app.", "assignee_id");
      if (u.role === "peer_mentor")
        return fail("validation", "Tasks go to caseworkers and managers: peer mentors do not see tasks.", "assignee_id");
      t.assignee_id = u.id;
      return t;
    },
    reschedule_task: ({ args }) => {
      const locked = requireUnlocked();
      if (locked) return locked;
      const t = tasks.find((x) => x.id === args.id && !x.archived_at);
      if (!t) return fail("not_found", "That task could not be found.");
      if (!args.due_on || args.due_on < TODAY) return fail("validation", "Choose today or a later day.", "due_on");
      t.due_on = args.due_on;
      return t;
    },
    complete_task: ({ args }) => {
      const locked = requireUnlocked();
      if (locked) return locked;
      const t = tasks.find((x) => x.id === args.id);
      if (!t) return fail("not_found", "That follow-up could not be found.");
      t.done_at = args.done ? nowIso() : null;
      return t;
    },
    // Core's services: the open ones, by name (what the referral and booking forms offer).
    services: () =>
      requireUnlocked() ??
      serviceDir
        .filter((x) => !x.archived_at && !x.closed_on)
        .sort((a, b) => a.name.localeCompare(b.name, "en", { sensitivity: "base" }))
        .map(({ seeded_waits, seeded_waiting, ...svc }) => svc),
  };
  for (const [cmd, handler] of Object.entries(careHandlers)) handlers[cmd] = (a) => requireUnlocked() ?? handler(a);

  for (const [cmd, handler] of Object.entries(morePeopleHandlers)) handlers[cmd] = (a) => requireUnlocked() ?? handler(a);
  for (const [cmd, handler] of Object.entries(reportHandlers)) handlers[cmd] = (a) => requireUnlocked() ?? handler(a);

  let callbackId = 0;
  window.__TAURI_INTERNALS__ = {
    invoke: async (cmd, args = {}) => {
      // A file sent as the raw body of the call arrives as bytes, as in the app.
      const raw = args instanceof Uint8Array || args instanceof ArrayBuffer ? new Uint8Array(args) : null;
      const copy = raw ? { __raw: raw } : JSON.parse(JSON.stringify(args ?? {}));
      calls.push({ cmd, args: raw ? { raw_bytes: raw.length } : JSON.parse(JSON.stringify(copy)) });
      const handler = (state.unlocked && refusedForRole(cmd)) || handlers[cmd];
      if (!handler) throw { kind: "internal", field: null, message: `The app has no command called ${cmd}.` };
      // A little latency, as a real app would have.
      await new Promise((r) => setTimeout(r, 5));
      const result = await handler(copy);
      return JSON.parse(JSON.stringify(result));
    },
    transformCallback: (callback, once) => {
      callbackId += 1;
      const id = callbackId;
      window[`_${id}`] = (value) => {
        if (once) delete window[`_${id}`];
        return callback && callback(value);
      };
      return id;
    },
    unregisterCallback: (id) => {
      delete window[`_${id}`];
    },
    convertFileSrc: (path) => path,
    metadata: { currentWindow: { label: "main" }, currentWebview: { windowLabel: "main", label: "main" } },
  };
}
