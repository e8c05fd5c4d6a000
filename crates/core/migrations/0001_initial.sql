-- Throughcare schema, version 1.
--
-- Record tables are projections of the op log (`ops`): every column but `rid` is written only through
-- the core's single write path, which appends the op in the same transaction. Closed sets are CHECKed
-- here with the same codes as the Rust enums (a test compares them). Foreign keys are deferred so a
-- batch of ops can be applied in any order inside one transaction.

CREATE TABLE organisations (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    created_at TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    archived_at TEXT CHECK (archived_at IS NULL OR archived_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z')
) STRICT;

CREATE TABLE teams (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    created_at TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    archived_at TEXT CHECK (archived_at IS NULL OR archived_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z')
) STRICT;

CREATE TABLE peer_mentors (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
    display_name TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
    phone TEXT CHECK (phone IS NULL OR length(phone) <= 200),
    email TEXT CHECK (email IS NULL OR length(email) <= 200),
    lived_experience TEXT NOT NULL CHECK (json_valid(lived_experience) AND json_type(lived_experience) = 'array'),
    dbs_checked_on TEXT CHECK (dbs_checked_on IS NULL OR date(dbs_checked_on) IS dbs_checked_on),
    training_completed_on TEXT CHECK (training_completed_on IS NULL OR date(training_completed_on) IS training_completed_on),
    training_notes TEXT CHECK (training_notes IS NULL OR length(training_notes) <= 10000),
    availability TEXT CHECK (availability IS NULL OR length(availability) <= 2000),
    team_id TEXT REFERENCES teams(id) DEFERRABLE INITIALLY DEFERRED,
    created_at TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    archived_at TEXT CHECK (archived_at IS NULL OR archived_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z')
) STRICT;

CREATE TABLE users (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
    display_name TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
    role TEXT NOT NULL CHECK (role IN ('caseworker', 'manager', 'peer_mentor')),
    email TEXT CHECK (email IS NULL OR length(email) <= 200),
    team_id TEXT REFERENCES teams(id) DEFERRABLE INITIALLY DEFERRED,
    mentor_id TEXT REFERENCES peer_mentors(id) DEFERRABLE INITIALLY DEFERRED,
    created_at TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    archived_at TEXT CHECK (archived_at IS NULL OR archived_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z')
) STRICT;

CREATE TABLE devices (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    user_id TEXT REFERENCES users(id) DEFERRABLE INITIALLY DEFERRED,
    public_key TEXT CHECK (public_key IS NULL OR length(public_key) <= 200),
    created_at TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    archived_at TEXT CHECK (archived_at IS NULL OR archived_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z')
) STRICT;

-- `rid` is a stable integer key for the full-text index (content_rowid); it is local and never synced.
CREATE TABLE clients (
    rid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE CHECK (length(id) = 36),
    given_name TEXT CHECK (given_name IS NULL OR length(given_name) <= 100),
    family_name TEXT CHECK (family_name IS NULL OR length(family_name) <= 100),
    preferred_name TEXT CHECK (preferred_name IS NULL OR length(preferred_name) <= 100),
    date_of_birth TEXT CHECK (date_of_birth IS NULL OR date(date_of_birth) IS date_of_birth),
    gender TEXT CHECK (gender IS NULL OR gender IN ('woman', 'man', 'non_binary', 'other', 'not_stated', 'unknown')),
    ethnicity TEXT CHECK (ethnicity IS NULL OR ethnicity IN ('asian_bangladeshi', 'asian_chinese', 'asian_indian', 'asian_pakistani', 'asian_other', 'black_african', 'black_caribbean', 'black_other', 'mixed_white_asian', 'mixed_white_black_african', 'mixed_white_black_caribbean', 'mixed_other', 'white_british', 'white_irish', 'white_gypsy_traveller', 'white_roma', 'white_other', 'other_arab', 'other_any', 'not_stated')),
    disability TEXT CHECK (disability IS NULL OR disability IN ('yes', 'no', 'not_stated', 'unknown')),
    pronouns TEXT CHECK (pronouns IS NULL OR length(pronouns) <= 50),
    phone TEXT CHECK (phone IS NULL OR length(phone) <= 200),
    email TEXT CHECK (email IS NULL OR length(email) <= 200),
    address TEXT CHECK (address IS NULL OR length(address) <= 500),
    postcode TEXT CHECK (postcode IS NULL OR length(postcode) <= 10),
    nhs_number TEXT CHECK (nhs_number IS NULL OR (length(nhs_number) = 10 AND nhs_number NOT GLOB '*[^0-9]*')),
    prison_number TEXT CHECK (prison_number IS NULL OR prison_number GLOB '[A-Z][0-9][0-9][0-9][0-9][A-Z][A-Z]'),
    crn TEXT CHECK (crn IS NULL OR crn GLOB '[A-Z][0-9][0-9][0-9][0-9][0-9][0-9]'),
    justice_status TEXT NOT NULL CHECK (justice_status IN ('in_custody', 'on_licence', 'community_sentence', 'post_sentence_supervision', 'released_no_supervision', 'secure_hospital', 'unknown')),
    establishment TEXT CHECK (establishment IS NULL OR length(establishment) <= 200),
    expected_release_date TEXT CHECK (expected_release_date IS NULL OR date(expected_release_date) IS expected_release_date),
    actual_release_date TEXT CHECK (actual_release_date IS NULL OR date(actual_release_date) IS actual_release_date),
    licence_end_date TEXT CHECK (licence_end_date IS NULL OR date(licence_end_date) IS licence_end_date),
    gp_status TEXT NOT NULL CHECK (gp_status IN ('registered', 'not_registered', 'in_progress', 'unknown')),
    gp_practice TEXT CHECK (gp_practice IS NULL OR length(gp_practice) <= 200),
    gp_registered_on TEXT CHECK (gp_registered_on IS NULL OR date(gp_registered_on) IS gp_registered_on),
    gp_status_changed_on TEXT CHECK (gp_status_changed_on IS NULL OR date(gp_status_changed_on) IS gp_status_changed_on),
    support_needs TEXT NOT NULL CHECK (json_valid(support_needs) AND json_type(support_needs) = 'array'),
    risk_flags TEXT NOT NULL CHECK (json_valid(risk_flags) AND json_type(risk_flags) = 'array'),
    consent_store INTEGER CHECK (consent_store IS NULL OR consent_store IN (0, 1)),
    consent_share_health INTEGER CHECK (consent_share_health IS NULL OR consent_share_health IN (0, 1)),
    consent_share_probation INTEGER CHECK (consent_share_probation IS NULL OR consent_share_probation IN (0, 1)),
    consent_on TEXT CHECK (consent_on IS NULL OR date(consent_on) IS consent_on),
    consent_method TEXT CHECK (consent_method IS NULL OR consent_method IN ('written', 'verbal', 'electronic')),
    consent_withdrawn_on TEXT CHECK (consent_withdrawn_on IS NULL OR date(consent_withdrawn_on) IS consent_withdrawn_on),
    caseworker_id TEXT REFERENCES users(id) DEFERRABLE INITIALLY DEFERRED,
    team_id TEXT REFERENCES teams(id) DEFERRABLE INITIALLY DEFERRED,
    created_at TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    archived_at TEXT CHECK (archived_at IS NULL OR archived_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    CHECK (given_name IS NOT NULL OR family_name IS NOT NULL)
) STRICT;
CREATE INDEX clients_caseworker ON clients(caseworker_id);
CREATE INDEX clients_nhs_number ON clients(nhs_number) WHERE nhs_number IS NOT NULL;
CREATE INDEX clients_release ON clients(actual_release_date) WHERE actual_release_date IS NOT NULL;
-- A person with one name sorts by it, among the family names.
CREATE INDEX clients_sort_name ON clients(coalesce(family_name, given_name) COLLATE NOCASE, given_name COLLATE NOCASE);

-- Search over names and identifiers. The core's write path keeps it up to date with folded text
-- (so "Lukasz" finds "Łukasz" and "obrien" finds "O'Brien"); rowid is the client's `rid`.
CREATE VIRTUAL TABLE client_search USING fts5(
    names, identifiers,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3'
);

CREATE TABLE episodes (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
    client_id TEXT NOT NULL REFERENCES clients(id) DEFERRABLE INITIALLY DEFERRED,
    opened_on TEXT NOT NULL CHECK (date(opened_on) IS opened_on),
    closed_on TEXT CHECK (closed_on IS NULL OR date(closed_on) IS closed_on),
    close_reason TEXT CHECK (close_reason IS NULL OR close_reason IN ('goals_met', 'disengaged', 'declined', 'moved_away', 'transferred', 'returned_to_custody', 'died', 'other')),
    created_at TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    archived_at TEXT CHECK (archived_at IS NULL OR archived_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    CHECK ((closed_on IS NULL) = (close_reason IS NULL)),
    CHECK (closed_on IS NULL OR closed_on >= opened_on)
) STRICT;
CREATE INDEX episodes_client ON episodes(client_id);
CREATE INDEX episodes_open ON episodes(client_id) WHERE closed_on IS NULL;

CREATE TABLE custody_episodes (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
    client_id TEXT NOT NULL REFERENCES clients(id) DEFERRABLE INITIALLY DEFERRED,
    kind TEXT NOT NULL CHECK (kind IN ('remand', 'sentence', 'recall')),
    establishment TEXT CHECK (establishment IS NULL OR length(establishment) <= 200),
    started_on TEXT NOT NULL CHECK (date(started_on) IS started_on),
    expected_release_on TEXT CHECK (expected_release_on IS NULL OR date(expected_release_on) IS expected_release_on),
    released_on TEXT CHECK (released_on IS NULL OR date(released_on) IS released_on),
    created_at TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    archived_at TEXT CHECK (archived_at IS NULL OR archived_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    CHECK (released_on IS NULL OR released_on >= started_on)
) STRICT;
CREATE INDEX custody_client ON custody_episodes(client_id);
CREATE INDEX custody_released ON custody_episodes(released_on) WHERE released_on IS NOT NULL;

CREATE TABLE services (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    service_type TEXT NOT NULL CHECK (service_type IN ('gp', 'mental_health', 'drug_alcohol', 'dental', 'maternity', 'hospital_outpatient', 'sexual_health', 'optician', 'pharmacy', 'talking_therapies', 'housing', 'benefits', 'reconnect', 'liaison_diversion', 'gp_registration', 'other')),
    address TEXT CHECK (address IS NULL OR length(address) <= 500),
    phone TEXT CHECK (phone IS NULL OR length(phone) <= 200),
    email TEXT CHECK (email IS NULL OR length(email) <= 200),
    area TEXT CHECK (area IS NULL OR length(area) <= 200),
    notes TEXT CHECK (notes IS NULL OR length(notes) <= 10000),
    created_at TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    archived_at TEXT CHECK (archived_at IS NULL OR archived_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z')
) STRICT;

CREATE TABLE appointments (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
    client_id TEXT NOT NULL REFERENCES clients(id) DEFERRABLE INITIALLY DEFERRED,
    service_type TEXT NOT NULL CHECK (service_type IN ('gp', 'mental_health', 'drug_alcohol', 'dental', 'maternity', 'hospital_outpatient', 'sexual_health', 'optician', 'pharmacy', 'talking_therapies', 'housing', 'benefits', 'reconnect', 'liaison_diversion', 'gp_registration', 'other')),
    service_id TEXT REFERENCES services(id) DEFERRABLE INITIALLY DEFERRED,
    provider TEXT CHECK (provider IS NULL OR length(provider) <= 200),
    place TEXT CHECK (place IS NULL OR length(place) <= 200),
    starts_at TEXT NOT NULL CHECK (starts_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    ends_at TEXT CHECK (ends_at IS NULL OR ends_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    scheduled_by TEXT NOT NULL REFERENCES users(id) DEFERRABLE INITIALLY DEFERRED,
    planned_accompaniment TEXT NOT NULL CHECK (planned_accompaniment IN ('none', 'caseworker', 'peer_mentor')),
    planned_user_id TEXT REFERENCES users(id) DEFERRABLE INITIALLY DEFERRED,
    planned_mentor_id TEXT REFERENCES peer_mentors(id) DEFERRABLE INITIALLY DEFERRED,
    actual_accompaniment TEXT CHECK (actual_accompaniment IS NULL OR actual_accompaniment IN ('none', 'caseworker', 'peer_mentor')),
    actual_user_id TEXT REFERENCES users(id) DEFERRABLE INITIALLY DEFERRED,
    actual_mentor_id TEXT REFERENCES peer_mentors(id) DEFERRABLE INITIALLY DEFERRED,
    outcome TEXT NOT NULL CHECK (outcome IN ('not_recorded', 'attended', 'late_not_seen', 'cancelled_by_patient', 'dna', 'cancelled_by_provider')),
    dna_reason TEXT CHECK (dna_reason IS NULL OR dna_reason IN ('unwell', 'forgot', 'no_fare', 'probation_clash', 'back_in_custody', 'distrust_service', 'other')),
    outcome_recorded_at TEXT CHECK (outcome_recorded_at IS NULL OR outcome_recorded_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    rescheduled_to TEXT REFERENCES appointments(id) DEFERRABLE INITIALLY DEFERRED,
    created_at TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    archived_at TEXT CHECK (archived_at IS NULL OR archived_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    CHECK (ends_at IS NULL OR ends_at >= starts_at),
    CHECK (dna_reason IS NULL OR outcome = 'dna')
) STRICT;
CREATE INDEX appointments_client ON appointments(client_id, starts_at);
CREATE INDEX appointments_starts ON appointments(starts_at);

CREATE TABLE referrals (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
    client_id TEXT NOT NULL REFERENCES clients(id) DEFERRABLE INITIALLY DEFERRED,
    service_type TEXT NOT NULL CHECK (service_type IN ('gp', 'mental_health', 'drug_alcohol', 'dental', 'maternity', 'hospital_outpatient', 'sexual_health', 'optician', 'pharmacy', 'talking_therapies', 'housing', 'benefits', 'reconnect', 'liaison_diversion', 'gp_registration', 'other')),
    service_id TEXT REFERENCES services(id) DEFERRABLE INITIALLY DEFERRED,
    provider TEXT CHECK (provider IS NULL OR length(provider) <= 200),
    reason TEXT CHECK (reason IS NULL OR length(reason) <= 2000),
    status TEXT NOT NULL CHECK (status IN ('draft', 'sent', 'acknowledged', 'accepted', 'declined', 'first_appointment', 'completed', 'closed_no_engagement')),
    made_by TEXT NOT NULL REFERENCES users(id) DEFERRABLE INITIALLY DEFERRED,
    created_at TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    archived_at TEXT CHECK (archived_at IS NULL OR archived_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z')
) STRICT;
CREATE INDEX referrals_client ON referrals(client_id);
CREATE INDEX referrals_status ON referrals(status);

-- Each status change of a referral, with the date it happened, so waits can be measured.
CREATE TABLE referral_events (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
    referral_id TEXT NOT NULL REFERENCES referrals(id) DEFERRABLE INITIALLY DEFERRED,
    status TEXT NOT NULL CHECK (status IN ('draft', 'sent', 'acknowledged', 'accepted', 'declined', 'first_appointment', 'completed', 'closed_no_engagement')),
    happened_on TEXT NOT NULL CHECK (date(happened_on) IS happened_on),
    recorded_by TEXT NOT NULL REFERENCES users(id) DEFERRABLE INITIALLY DEFERRED,
    created_at TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    archived_at TEXT CHECK (archived_at IS NULL OR archived_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z')
) STRICT;
CREATE INDEX referral_events_referral ON referral_events(referral_id, happened_on);

-- Support contacts are append-only: an amendment is a new row that names the one it supersedes.
CREATE TABLE support_contacts (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
    client_id TEXT NOT NULL REFERENCES clients(id) DEFERRABLE INITIALLY DEFERRED,
    author_id TEXT NOT NULL REFERENCES users(id) DEFERRABLE INITIALLY DEFERRED,
    contact_on TEXT NOT NULL CHECK (date(contact_on) IS contact_on),
    kind TEXT NOT NULL CHECK (kind IN ('in_person', 'phone', 'video', 'prison_visit', 'gate_pickup', 'accompaniment', 'message')),
    minutes INTEGER NOT NULL CHECK (minutes BETWEEN 0 AND 1440),
    summary TEXT CHECK (summary IS NULL OR length(summary) <= 10000),
    follow_up_on TEXT CHECK (follow_up_on IS NULL OR date(follow_up_on) IS follow_up_on),
    supersedes_id TEXT REFERENCES support_contacts(id) DEFERRABLE INITIALLY DEFERRED,
    created_at TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    archived_at TEXT CHECK (archived_at IS NULL OR archived_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z')
) STRICT;
CREATE INDEX contacts_client ON support_contacts(client_id, contact_on);
CREATE INDEX contacts_on ON support_contacts(contact_on);
CREATE INDEX contacts_supersedes ON support_contacts(supersedes_id) WHERE supersedes_id IS NOT NULL;

CREATE TABLE tasks (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
    client_id TEXT REFERENCES clients(id) DEFERRABLE INITIALLY DEFERRED,
    assignee_id TEXT REFERENCES users(id) DEFERRABLE INITIALLY DEFERRED,
    kind TEXT NOT NULL CHECK (kind IN ('dna_follow_up', 'release_window', 'referral_chase', 'contact_follow_up', 'other')),
    title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    due_on TEXT NOT NULL CHECK (date(due_on) IS due_on),
    done_at TEXT CHECK (done_at IS NULL OR done_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    appointment_id TEXT REFERENCES appointments(id) DEFERRABLE INITIALLY DEFERRED,
    referral_id TEXT REFERENCES referrals(id) DEFERRABLE INITIALLY DEFERRED,
    created_at TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    archived_at TEXT CHECK (archived_at IS NULL OR archived_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z')
) STRICT;
CREATE INDEX tasks_due ON tasks(due_on) WHERE done_at IS NULL;
CREATE INDEX tasks_client ON tasks(client_id);
CREATE INDEX tasks_assignee ON tasks(assignee_id, due_on);

CREATE TABLE mentor_links (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
    mentor_id TEXT NOT NULL REFERENCES peer_mentors(id) DEFERRABLE INITIALLY DEFERRED,
    client_id TEXT NOT NULL REFERENCES clients(id) DEFERRABLE INITIALLY DEFERRED,
    starts_on TEXT NOT NULL CHECK (date(starts_on) IS starts_on),
    ends_on TEXT CHECK (ends_on IS NULL OR date(ends_on) IS ends_on),
    created_at TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    archived_at TEXT CHECK (archived_at IS NULL OR archived_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    CHECK (ends_on IS NULL OR ends_on >= starts_on)
) STRICT;
CREATE INDEX mentor_links_mentor ON mentor_links(mentor_id);
CREATE INDEX mentor_links_client ON mentor_links(client_id);

-- Local to this device: who it is, which organisation it belongs to, and the latest clock stamp it
-- has written or seen. Never synced.
CREATE TABLE local_state (
    key TEXT PRIMARY KEY NOT NULL CHECK (key IN ('device_id', 'organisation_id', 'clock')),
    value TEXT NOT NULL
) STRICT;

-- Who viewed, changed, exported or erased what. Holds ids and action names, never personal values.
CREATE TABLE audit_log (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
    at TEXT NOT NULL CHECK (at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    user_id TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('init', 'view', 'export', 'backup', 'restore', 'import', 'verify', 'seed', 'erase')),
    entity TEXT,
    entity_id TEXT,
    detail TEXT CHECK (detail IS NULL OR length(detail) <= 1000)
) STRICT;
CREATE INDEX audit_at ON audit_log(at);

-- The op log. Immutable but for `redact`, which blanks personal payloads. An op is identified by its
-- device and its sequence number there (gapless, from 1); `op_id` is its UUIDv7 name for people and
-- files. `hlc` orders ops across devices.
CREATE TABLE ops (
    device_id TEXT NOT NULL CHECK (length(device_id) = 36),
    seq INTEGER NOT NULL CHECK (seq > 0),
    op_id TEXT NOT NULL CHECK (length(op_id) = 36),
    hlc TEXT NOT NULL,
    author_id TEXT NOT NULL CHECK (length(author_id) = 36),
    entity TEXT NOT NULL CHECK (entity IN ('organisation', 'team', 'peer_mentor', 'user', 'device', 'client', 'episode', 'custody_episode', 'service', 'appointment', 'referral', 'referral_event', 'support_contact', 'task', 'mentor_link')),
    entity_id TEXT NOT NULL CHECK (length(entity_id) = 36),
    kind TEXT NOT NULL CHECK (kind IN ('create', 'set', 'archive', 'append', 'resolve', 'redact')),
    payload TEXT NOT NULL CHECK (json_valid(payload) AND json_type(payload) = 'object'),
    base TEXT NOT NULL CHECK (json_valid(base) AND json_type(base) = 'object'),
    schema_version INTEGER NOT NULL,
    recorded_at TEXT NOT NULL CHECK (recorded_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    PRIMARY KEY (device_id, seq)
) STRICT;
CREATE INDEX ops_entity ON ops(entity, entity_id);

-- The HLC of the last write to each field that has been set after creation (a field with no row here
-- still carries its create op's stamp).
CREATE TABLE field_versions (
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    field TEXT NOT NULL,
    hlc TEXT NOT NULL,
    op_id TEXT NOT NULL,
    PRIMARY KEY (entity, entity_id, field)
) STRICT, WITHOUT ROWID;

-- Concurrent edits of one field, kept for a person to resolve.
CREATE TABLE conflicts (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    field TEXT NOT NULL,
    winner_op_id TEXT NOT NULL,
    loser_op_id TEXT NOT NULL,
    detected_at TEXT NOT NULL CHECK (detected_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    resolved_by_op_id TEXT,
    UNIQUE (winner_op_id, loser_op_id, field)
) STRICT;

-- Other devices this one has exchanged bundles with, and how far it has seen each.
CREATE TABLE peers (
    device_id TEXT PRIMARY KEY NOT NULL CHECK (length(device_id) = 36),
    name TEXT,
    public_key TEXT,
    last_seq_seen INTEGER NOT NULL DEFAULT 0,
    last_bundle_at TEXT CHECK (last_bundle_at IS NULL OR last_bundle_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z')
) STRICT;
