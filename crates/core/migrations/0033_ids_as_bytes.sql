-- Record ids stored as their 16 bytes instead of 36 characters of text.
--
-- Every id in the record tables (each record's own and every reference to another), and the
-- devices named in the op log's and sync's own tables, was a UUID written out as text; the same id
-- repeats in each index that holds it. Stored as the UUID's 16
-- bytes, the record tables and their indexes take about 40% less room, and every page read from
-- disk (each one decrypted) holds more rows. The op log already stores ids this way (0019).
--
-- Each table is rebuilt: made again under a new name with BLOB id columns, filled from the old one,
-- the old one dropped and the new one renamed, then its indexes and triggers made again as they
-- were. Nothing else changes: the same rows, columns, checks, indexes and triggers. The tables that
-- hold ids as opaque text (the audit log, whose entries are hashed as written, conflicts between
-- changes, local settings) keep them as text.
--
-- Run with foreign keys off (see migrations.rs), which rebuilding tables that refer to each other
-- needs; `PRAGMA foreign_key_check` runs afterwards. legacy_alter_table keeps the renames from
-- rewriting or checking other tables' triggers, which still name the tables they always named.
PRAGMA legacy_alter_table = ON;


-- organisations
CREATE TABLE organisations__v33 (
    id BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    created_at TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    archived_at TEXT CHECK (archived_at IS NULL OR archived_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z')
, lock_minutes INTEGER CHECK (lock_minutes IS NULL OR lock_minutes BETWEEN 1 AND 15), scales TEXT CHECK (scales IS NULL OR json_valid(scales)), retention_years INTEGER CHECK (retention_years IS NULL OR retention_years BETWEEN 1 AND 20)) STRICT;
INSERT INTO organisations__v33 (id, name, created_at, archived_at, lock_minutes, scales, retention_years)
SELECT unhex(replace(id, '-', '')), name, created_at, archived_at, lock_minutes, scales, retention_years
FROM organisations;
DROP TABLE organisations;
ALTER TABLE organisations__v33 RENAME TO organisations;

-- teams
CREATE TABLE teams__v33 (
    id BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    created_at TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    archived_at TEXT CHECK (archived_at IS NULL OR archived_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z')
) STRICT;
INSERT INTO teams__v33 (id, name, created_at, archived_at)
SELECT unhex(replace(id, '-', '')), name, created_at, archived_at
FROM teams;
DROP TABLE teams;
ALTER TABLE teams__v33 RENAME TO teams;

-- peer_mentors
CREATE TABLE peer_mentors__v33 (
    id BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    display_name TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
    phone TEXT CHECK (phone IS NULL OR length(phone) <= 200),
    email TEXT CHECK (email IS NULL OR length(email) <= 200),
    lived_experience TEXT NOT NULL CHECK (json_valid(lived_experience) AND json_type(lived_experience) = 'array'),
    dbs_checked_on TEXT CHECK (dbs_checked_on IS NULL OR date(dbs_checked_on) IS dbs_checked_on),
    training_completed_on TEXT CHECK (training_completed_on IS NULL OR date(training_completed_on) IS training_completed_on),
    training_notes TEXT CHECK (training_notes IS NULL OR length(training_notes) <= 10000),
    availability TEXT CHECK (availability IS NULL OR length(availability) <= 2000),
    team_id BLOB REFERENCES teams(id) DEFERRABLE INITIALLY DEFERRED,
    created_at TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    archived_at TEXT CHECK (archived_at IS NULL OR archived_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z')
, weekly_availability TEXT
    CHECK (weekly_availability IS NULL OR json_valid(weekly_availability)), availability_exceptions TEXT
    CHECK (availability_exceptions IS NULL OR json_valid(availability_exceptions)), travel_area TEXT
    CHECK (travel_area IS NULL OR length(travel_area) <= 200)) STRICT;
INSERT INTO peer_mentors__v33 (id, display_name, phone, email, lived_experience, dbs_checked_on, training_completed_on, training_notes, availability, team_id, created_at, archived_at, weekly_availability, availability_exceptions, travel_area)
SELECT unhex(replace(id, '-', '')), display_name, phone, email, lived_experience, dbs_checked_on, training_completed_on, training_notes, availability, unhex(replace(team_id, '-', '')), created_at, archived_at, weekly_availability, availability_exceptions, travel_area
FROM peer_mentors;
DROP TABLE peer_mentors;
ALTER TABLE peer_mentors__v33 RENAME TO peer_mentors;

-- users
CREATE TABLE users__v33 (
    id BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    display_name TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
    role TEXT NOT NULL CHECK ((role = 'caseworker' OR role = 'manager' OR role = 'peer_mentor')),
    email TEXT CHECK (email IS NULL OR length(email) <= 200),
    team_id BLOB REFERENCES teams(id) DEFERRABLE INITIALLY DEFERRED,
    mentor_id BLOB REFERENCES peer_mentors(id) DEFERRABLE INITIALLY DEFERRED,
    created_at TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    archived_at TEXT CHECK (archived_at IS NULL OR archived_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z')
) STRICT;
INSERT INTO users__v33 (id, display_name, role, email, team_id, mentor_id, created_at, archived_at)
SELECT unhex(replace(id, '-', '')), display_name, role, email, unhex(replace(team_id, '-', '')), unhex(replace(mentor_id, '-', '')), created_at, archived_at
FROM users;
DROP TABLE users;
ALTER TABLE users__v33 RENAME TO users;

-- devices
CREATE TABLE devices__v33 (
    id BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    user_id BLOB REFERENCES users(id) DEFERRABLE INITIALLY DEFERRED,
    public_key TEXT CHECK (public_key IS NULL OR length(public_key) <= 200),
    created_at TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    archived_at TEXT CHECK (archived_at IS NULL OR archived_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z')
, share_of BLOB REFERENCES peer_mentors(id) DEFERRABLE INITIALLY DEFERRED, recipient TEXT CHECK (recipient IS NULL OR length(recipient) <= 200), invite_expires_at TEXT CHECK (invite_expires_at IS NULL OR invite_expires_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'), claim TEXT CHECK (claim IS NULL OR length(claim) = 36), revoked_at TEXT CHECK (revoked_at IS NULL OR revoked_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'), revoked_after INTEGER CHECK (revoked_after IS NULL OR revoked_after >= 0)) STRICT;
INSERT INTO devices__v33 (id, name, user_id, public_key, created_at, archived_at, share_of, recipient, invite_expires_at, claim, revoked_at, revoked_after)
SELECT unhex(replace(id, '-', '')), name, unhex(replace(user_id, '-', '')), public_key, created_at, archived_at, unhex(replace(share_of, '-', '')), recipient, invite_expires_at, claim, revoked_at, revoked_after
FROM devices;
DROP TABLE devices;
ALTER TABLE devices__v33 RENAME TO devices;

-- clients
CREATE TABLE clients__v33 (
    rid INTEGER PRIMARY KEY,
    id BLOB NOT NULL UNIQUE CHECK (length(id) = 16),
    given_name TEXT CHECK (given_name IS NULL OR length(given_name) <= 100),
    family_name TEXT CHECK (family_name IS NULL OR length(family_name) <= 100),
    preferred_name TEXT CHECK (preferred_name IS NULL OR length(preferred_name) <= 100),
    date_of_birth TEXT CHECK (date_of_birth IS NULL OR date(date_of_birth) IS date_of_birth),
    gender TEXT CHECK (gender IS NULL OR (gender = 'woman' OR gender = 'man' OR gender = 'non_binary' OR gender = 'other' OR gender = 'not_stated' OR gender = 'unknown')),
    ethnicity TEXT CHECK (ethnicity IS NULL OR (ethnicity = 'asian_bangladeshi' OR ethnicity = 'asian_chinese' OR ethnicity = 'asian_indian' OR ethnicity = 'asian_pakistani' OR ethnicity = 'asian_other' OR ethnicity = 'black_african' OR ethnicity = 'black_caribbean' OR ethnicity = 'black_other' OR ethnicity = 'mixed_white_asian' OR ethnicity = 'mixed_white_black_african' OR ethnicity = 'mixed_white_black_caribbean' OR ethnicity = 'mixed_other' OR ethnicity = 'white_british' OR ethnicity = 'white_irish' OR ethnicity = 'white_gypsy_traveller' OR ethnicity = 'white_roma' OR ethnicity = 'white_other' OR ethnicity = 'other_arab' OR ethnicity = 'other_any' OR ethnicity = 'not_stated')),
    disability TEXT CHECK (disability IS NULL OR (disability = 'yes' OR disability = 'no' OR disability = 'not_stated' OR disability = 'unknown')),
    pronouns TEXT CHECK (pronouns IS NULL OR length(pronouns) <= 50),
    phone TEXT CHECK (phone IS NULL OR length(phone) <= 200),
    email TEXT CHECK (email IS NULL OR length(email) <= 200),
    address TEXT CHECK (address IS NULL OR length(address) <= 500),
    postcode TEXT CHECK (postcode IS NULL OR length(postcode) <= 10),
    nhs_number TEXT CHECK (nhs_number IS NULL OR (length(nhs_number) = 10 AND nhs_number NOT GLOB '*[^0-9]*')),
    prison_number TEXT CHECK (prison_number IS NULL OR prison_number GLOB '[A-Z][0-9][0-9][0-9][0-9][A-Z][A-Z]'),
    crn TEXT CHECK (crn IS NULL OR crn GLOB '[A-Z][0-9][0-9][0-9][0-9][0-9][0-9]'),
    justice_status TEXT NOT NULL CHECK ((justice_status = 'in_custody' OR justice_status = 'on_licence' OR justice_status = 'community_sentence' OR justice_status = 'post_sentence_supervision' OR justice_status = 'released_no_supervision' OR justice_status = 'secure_hospital' OR justice_status = 'unknown')),
    establishment TEXT CHECK (establishment IS NULL OR length(establishment) <= 200),
    expected_release_date TEXT CHECK (expected_release_date IS NULL OR date(expected_release_date) IS expected_release_date),
    actual_release_date TEXT CHECK (actual_release_date IS NULL OR date(actual_release_date) IS actual_release_date),
    licence_end_date TEXT CHECK (licence_end_date IS NULL OR date(licence_end_date) IS licence_end_date),
    gp_status TEXT NOT NULL CHECK ((gp_status = 'registered' OR gp_status = 'not_registered' OR gp_status = 'in_progress' OR gp_status = 'unknown')),
    gp_practice TEXT CHECK (gp_practice IS NULL OR length(gp_practice) <= 200),
    gp_registered_on TEXT CHECK (gp_registered_on IS NULL OR date(gp_registered_on) IS gp_registered_on),
    gp_status_changed_on TEXT CHECK (gp_status_changed_on IS NULL OR date(gp_status_changed_on) IS gp_status_changed_on),
    support_needs TEXT NOT NULL CHECK (json_valid(support_needs) AND json_type(support_needs) = 'array'),
    risk_flags TEXT NOT NULL CHECK (json_valid(risk_flags) AND json_type(risk_flags) = 'array'),
    consent_store INTEGER CHECK (consent_store IS NULL OR consent_store IN (0, 1)),
    consent_share_health INTEGER CHECK (consent_share_health IS NULL OR consent_share_health IN (0, 1)),
    consent_share_probation INTEGER CHECK (consent_share_probation IS NULL OR consent_share_probation IN (0, 1)),
    consent_on TEXT CHECK (consent_on IS NULL OR date(consent_on) IS consent_on),
    consent_method TEXT CHECK (consent_method IS NULL OR (consent_method = 'written' OR consent_method = 'verbal' OR consent_method = 'electronic')),
    consent_withdrawn_on TEXT CHECK (consent_withdrawn_on IS NULL OR date(consent_withdrawn_on) IS consent_withdrawn_on),
    caseworker_id BLOB REFERENCES users(id) DEFERRABLE INITIALLY DEFERRED,
    team_id BLOB REFERENCES teams(id) DEFERRABLE INITIALLY DEFERRED,
    created_at TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    archived_at TEXT CHECK (archived_at IS NULL OR archived_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'), accompaniment_needs TEXT CHECK (accompaniment_needs IS NULL OR length(accompaniment_needs) <= 1000), support_open INTEGER NOT NULL DEFAULT 0, booked_since_release INTEGER NOT NULL DEFAULT 0,
    CHECK (given_name IS NOT NULL OR family_name IS NOT NULL)
) STRICT;
INSERT INTO clients__v33 (rid, id, given_name, family_name, preferred_name, date_of_birth, gender, ethnicity, disability, pronouns, phone, email, address, postcode, nhs_number, prison_number, crn, justice_status, establishment, expected_release_date, actual_release_date, licence_end_date, gp_status, gp_practice, gp_registered_on, gp_status_changed_on, support_needs, risk_flags, consent_store, consent_share_health, consent_share_probation, consent_on, consent_method, consent_withdrawn_on, caseworker_id, team_id, created_at, archived_at, accompaniment_needs, support_open, booked_since_release)
SELECT rid, unhex(replace(id, '-', '')), given_name, family_name, preferred_name, date_of_birth, gender, ethnicity, disability, pronouns, phone, email, address, postcode, nhs_number, prison_number, crn, justice_status, establishment, expected_release_date, actual_release_date, licence_end_date, gp_status, gp_practice, gp_registered_on, gp_status_changed_on, support_needs, risk_flags, consent_store, consent_share_health, consent_share_probation, consent_on, consent_method, consent_withdrawn_on, unhex(replace(caseworker_id, '-', '')), unhex(replace(team_id, '-', '')), created_at, archived_at, accompaniment_needs, support_open, booked_since_release
FROM clients;
DROP TABLE clients;
ALTER TABLE clients__v33 RENAME TO clients;

-- episodes
CREATE TABLE episodes__v33 (
    id BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    client_id BLOB NOT NULL REFERENCES clients(id) DEFERRABLE INITIALLY DEFERRED,
    opened_on TEXT NOT NULL CHECK (date(opened_on) IS opened_on),
    closed_on TEXT CHECK (closed_on IS NULL OR date(closed_on) IS closed_on),
    close_reason TEXT CHECK (close_reason IS NULL OR (close_reason = 'goals_met' OR close_reason = 'disengaged' OR close_reason = 'declined' OR close_reason = 'moved_away' OR close_reason = 'transferred' OR close_reason = 'returned_to_custody' OR close_reason = 'died' OR close_reason = 'other')),
    created_at TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    archived_at TEXT CHECK (archived_at IS NULL OR archived_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    CHECK ((closed_on IS NULL) = (close_reason IS NULL)),
    CHECK (closed_on IS NULL OR closed_on >= opened_on)
) STRICT;
INSERT INTO episodes__v33 (id, client_id, opened_on, closed_on, close_reason, created_at, archived_at)
SELECT unhex(replace(id, '-', '')), unhex(replace(client_id, '-', '')), opened_on, closed_on, close_reason, created_at, archived_at
FROM episodes;
DROP TABLE episodes;
ALTER TABLE episodes__v33 RENAME TO episodes;

-- custody_episodes
CREATE TABLE custody_episodes__v33 (
    id BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    client_id BLOB NOT NULL REFERENCES clients(id) DEFERRABLE INITIALLY DEFERRED,
    kind TEXT NOT NULL CHECK ((kind = 'remand' OR kind = 'sentence' OR kind = 'recall')),
    establishment TEXT CHECK (establishment IS NULL OR length(establishment) <= 200),
    started_on TEXT NOT NULL CHECK (date(started_on) IS started_on),
    expected_release_on TEXT CHECK (expected_release_on IS NULL OR date(expected_release_on) IS expected_release_on),
    released_on TEXT CHECK (released_on IS NULL OR date(released_on) IS released_on),
    created_at TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    archived_at TEXT CHECK (archived_at IS NULL OR archived_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    CHECK (released_on IS NULL OR released_on >= started_on)
) STRICT;
INSERT INTO custody_episodes__v33 (id, client_id, kind, establishment, started_on, expected_release_on, released_on, created_at, archived_at)
SELECT unhex(replace(id, '-', '')), unhex(replace(client_id, '-', '')), kind, establishment, started_on, expected_release_on, released_on, created_at, archived_at
FROM custody_episodes;
DROP TABLE custody_episodes;
ALTER TABLE custody_episodes__v33 RENAME TO custody_episodes;

-- services
CREATE TABLE services__v33 (
    id BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    service_type TEXT NOT NULL CHECK ((service_type = 'gp' OR service_type = 'mental_health' OR service_type = 'drug_alcohol' OR service_type = 'dental' OR service_type = 'maternity' OR service_type = 'hospital_outpatient' OR service_type = 'sexual_health' OR service_type = 'optician' OR service_type = 'pharmacy' OR service_type = 'talking_therapies' OR service_type = 'housing' OR service_type = 'benefits' OR service_type = 'reconnect' OR service_type = 'liaison_diversion' OR service_type = 'gp_registration' OR service_type = 'other')),
    address TEXT CHECK (address IS NULL OR length(address) <= 500),
    phone TEXT CHECK (phone IS NULL OR length(phone) <= 200),
    email TEXT CHECK (email IS NULL OR length(email) <= 200),
    area TEXT CHECK (area IS NULL OR length(area) <= 200),
    notes TEXT CHECK (notes IS NULL OR length(notes) <= 10000),
    created_at TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    archived_at TEXT CHECK (archived_at IS NULL OR archived_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z')
, referral_route TEXT CHECK (referral_route IS NULL OR length(referral_route) <= 2000), closed_on TEXT CHECK (closed_on IS NULL OR date(closed_on) IS closed_on)) STRICT;
INSERT INTO services__v33 (id, name, service_type, address, phone, email, area, notes, created_at, archived_at, referral_route, closed_on)
SELECT unhex(replace(id, '-', '')), name, service_type, address, phone, email, area, notes, created_at, archived_at, referral_route, closed_on
FROM services;
DROP TABLE services;
ALTER TABLE services__v33 RENAME TO services;

-- appointments
CREATE TABLE appointments__v33 (
    id BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    client_id BLOB NOT NULL REFERENCES clients(id) DEFERRABLE INITIALLY DEFERRED,
    service_type TEXT NOT NULL CHECK ((service_type = 'gp' OR service_type = 'mental_health' OR service_type = 'drug_alcohol' OR service_type = 'dental' OR service_type = 'maternity' OR service_type = 'hospital_outpatient' OR service_type = 'sexual_health' OR service_type = 'optician' OR service_type = 'pharmacy' OR service_type = 'talking_therapies' OR service_type = 'housing' OR service_type = 'benefits' OR service_type = 'reconnect' OR service_type = 'liaison_diversion' OR service_type = 'gp_registration' OR service_type = 'other')),
    service_id BLOB REFERENCES services(id) DEFERRABLE INITIALLY DEFERRED,
    provider TEXT CHECK (provider IS NULL OR length(provider) <= 200),
    place TEXT CHECK (place IS NULL OR length(place) <= 200),
    starts_at TEXT NOT NULL CHECK (starts_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    ends_at TEXT CHECK (ends_at IS NULL OR ends_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    scheduled_by BLOB NOT NULL REFERENCES users(id) DEFERRABLE INITIALLY DEFERRED,
    planned_accompaniment TEXT NOT NULL CHECK ((planned_accompaniment = 'none' OR planned_accompaniment = 'caseworker' OR planned_accompaniment = 'peer_mentor')),
    planned_user_id BLOB REFERENCES users(id) DEFERRABLE INITIALLY DEFERRED,
    planned_mentor_id BLOB REFERENCES peer_mentors(id) DEFERRABLE INITIALLY DEFERRED,
    actual_accompaniment TEXT CHECK (actual_accompaniment IS NULL OR (actual_accompaniment = 'none' OR actual_accompaniment = 'caseworker' OR actual_accompaniment = 'peer_mentor')),
    actual_user_id BLOB REFERENCES users(id) DEFERRABLE INITIALLY DEFERRED,
    actual_mentor_id BLOB REFERENCES peer_mentors(id) DEFERRABLE INITIALLY DEFERRED,
    outcome TEXT NOT NULL CHECK ((outcome = 'not_recorded' OR outcome = 'attended' OR outcome = 'late_not_seen' OR outcome = 'cancelled_by_patient' OR outcome = 'dna' OR outcome = 'cancelled_by_provider')),
    dna_reason TEXT CHECK (dna_reason IS NULL OR (dna_reason = 'unwell' OR dna_reason = 'forgot' OR dna_reason = 'no_fare' OR dna_reason = 'probation_clash' OR dna_reason = 'back_in_custody' OR dna_reason = 'distrust_service' OR dna_reason = 'other')),
    outcome_recorded_at TEXT CHECK (outcome_recorded_at IS NULL OR outcome_recorded_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    rescheduled_to BLOB REFERENCES appointments(id) DEFERRABLE INITIALLY DEFERRED,
    created_at TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    archived_at TEXT CHECK (archived_at IS NULL OR archived_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    CHECK (ends_at IS NULL OR ends_at >= starts_at),
    CHECK (dna_reason IS NULL OR outcome = 'dna')
) STRICT;
INSERT INTO appointments__v33 (id, client_id, service_type, service_id, provider, place, starts_at, ends_at, scheduled_by, planned_accompaniment, planned_user_id, planned_mentor_id, actual_accompaniment, actual_user_id, actual_mentor_id, outcome, dna_reason, outcome_recorded_at, rescheduled_to, created_at, archived_at)
SELECT unhex(replace(id, '-', '')), unhex(replace(client_id, '-', '')), service_type, unhex(replace(service_id, '-', '')), provider, place, starts_at, ends_at, unhex(replace(scheduled_by, '-', '')), planned_accompaniment, unhex(replace(planned_user_id, '-', '')), unhex(replace(planned_mentor_id, '-', '')), actual_accompaniment, unhex(replace(actual_user_id, '-', '')), unhex(replace(actual_mentor_id, '-', '')), outcome, dna_reason, outcome_recorded_at, unhex(replace(rescheduled_to, '-', '')), created_at, archived_at
FROM appointments;
DROP TABLE appointments;
ALTER TABLE appointments__v33 RENAME TO appointments;

-- referrals
CREATE TABLE referrals__v33 (
    id BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    client_id BLOB NOT NULL REFERENCES clients(id) DEFERRABLE INITIALLY DEFERRED,
    service_type TEXT NOT NULL CHECK ((service_type = 'gp' OR service_type = 'mental_health' OR service_type = 'drug_alcohol' OR service_type = 'dental' OR service_type = 'maternity' OR service_type = 'hospital_outpatient' OR service_type = 'sexual_health' OR service_type = 'optician' OR service_type = 'pharmacy' OR service_type = 'talking_therapies' OR service_type = 'housing' OR service_type = 'benefits' OR service_type = 'reconnect' OR service_type = 'liaison_diversion' OR service_type = 'gp_registration' OR service_type = 'other')),
    service_id BLOB REFERENCES services(id) DEFERRABLE INITIALLY DEFERRED,
    provider TEXT CHECK (provider IS NULL OR length(provider) <= 200),
    reason TEXT CHECK (reason IS NULL OR length(reason) <= 2000),
    status TEXT NOT NULL CHECK ((status = 'draft' OR status = 'sent' OR status = 'acknowledged' OR status = 'accepted' OR status = 'declined' OR status = 'first_appointment' OR status = 'completed' OR status = 'closed_no_engagement')),
    made_by BLOB NOT NULL REFERENCES users(id) DEFERRABLE INITIALLY DEFERRED,
    created_at TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    archived_at TEXT CHECK (archived_at IS NULL OR archived_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z')
, last_step_on TEXT, sent_on TEXT, first_appointment_on TEXT) STRICT;
INSERT INTO referrals__v33 (id, client_id, service_type, service_id, provider, reason, status, made_by, created_at, archived_at, last_step_on, sent_on, first_appointment_on)
SELECT unhex(replace(id, '-', '')), unhex(replace(client_id, '-', '')), service_type, unhex(replace(service_id, '-', '')), provider, reason, status, unhex(replace(made_by, '-', '')), created_at, archived_at, last_step_on, sent_on, first_appointment_on
FROM referrals;
DROP TABLE referrals;
ALTER TABLE referrals__v33 RENAME TO referrals;

-- referral_events
CREATE TABLE referral_events__v33 (
    id BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    referral_id BLOB NOT NULL REFERENCES referrals(id) DEFERRABLE INITIALLY DEFERRED,
    status TEXT NOT NULL CHECK ((status = 'draft' OR status = 'sent' OR status = 'acknowledged' OR status = 'accepted' OR status = 'declined' OR status = 'first_appointment' OR status = 'completed' OR status = 'closed_no_engagement')),
    happened_on TEXT NOT NULL CHECK (date(happened_on) IS happened_on),
    recorded_by BLOB NOT NULL REFERENCES users(id) DEFERRABLE INITIALLY DEFERRED,
    created_at TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    archived_at TEXT CHECK (archived_at IS NULL OR archived_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z')
) STRICT;
INSERT INTO referral_events__v33 (id, referral_id, status, happened_on, recorded_by, created_at, archived_at)
SELECT unhex(replace(id, '-', '')), unhex(replace(referral_id, '-', '')), status, happened_on, unhex(replace(recorded_by, '-', '')), created_at, archived_at
FROM referral_events;
DROP TABLE referral_events;
ALTER TABLE referral_events__v33 RENAME TO referral_events;

-- support_contacts
CREATE TABLE support_contacts__v33 (
    id BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    client_id BLOB NOT NULL REFERENCES clients(id) DEFERRABLE INITIALLY DEFERRED,
    author_id BLOB NOT NULL REFERENCES users(id) DEFERRABLE INITIALLY DEFERRED,
    contact_on TEXT NOT NULL CHECK (date(contact_on) IS contact_on),
    kind TEXT NOT NULL CHECK ((kind = 'in_person' OR kind = 'phone' OR kind = 'video' OR kind = 'prison_visit' OR kind = 'gate_pickup' OR kind = 'accompaniment' OR kind = 'message')),
    minutes INTEGER NOT NULL CHECK (minutes BETWEEN 0 AND 1440),
    summary TEXT CHECK (summary IS NULL OR length(summary) <= 10000),
    follow_up_on TEXT CHECK (follow_up_on IS NULL OR date(follow_up_on) IS follow_up_on),
    supersedes_id BLOB REFERENCES support_contacts(id) DEFERRABLE INITIALLY DEFERRED,
    created_at TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    archived_at TEXT CHECK (archived_at IS NULL OR archived_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z')
) STRICT;
INSERT INTO support_contacts__v33 (id, client_id, author_id, contact_on, kind, minutes, summary, follow_up_on, supersedes_id, created_at, archived_at)
SELECT unhex(replace(id, '-', '')), unhex(replace(client_id, '-', '')), unhex(replace(author_id, '-', '')), contact_on, kind, minutes, summary, follow_up_on, unhex(replace(supersedes_id, '-', '')), created_at, archived_at
FROM support_contacts;
DROP TABLE support_contacts;
ALTER TABLE support_contacts__v33 RENAME TO support_contacts;

-- tasks
CREATE TABLE tasks__v33 (
    id BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    client_id BLOB REFERENCES clients(id) DEFERRABLE INITIALLY DEFERRED,
    assignee_id BLOB REFERENCES users(id) DEFERRABLE INITIALLY DEFERRED,
    kind TEXT NOT NULL CHECK ((kind = 'dna_follow_up' OR kind = 'release_window' OR kind = 'referral_chase' OR kind = 'contact_follow_up' OR kind = 'other')),
    title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    due_on TEXT NOT NULL CHECK (date(due_on) IS due_on),
    done_at TEXT CHECK (done_at IS NULL OR done_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    appointment_id BLOB REFERENCES appointments(id) DEFERRABLE INITIALLY DEFERRED,
    referral_id BLOB REFERENCES referrals(id) DEFERRABLE INITIALLY DEFERRED,
    created_at TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    archived_at TEXT CHECK (archived_at IS NULL OR archived_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z')
) STRICT;
INSERT INTO tasks__v33 (id, client_id, assignee_id, kind, title, due_on, done_at, appointment_id, referral_id, created_at, archived_at)
SELECT unhex(replace(id, '-', '')), unhex(replace(client_id, '-', '')), unhex(replace(assignee_id, '-', '')), kind, title, due_on, done_at, unhex(replace(appointment_id, '-', '')), unhex(replace(referral_id, '-', '')), created_at, archived_at
FROM tasks;
DROP TABLE tasks;
ALTER TABLE tasks__v33 RENAME TO tasks;

-- mentor_links
CREATE TABLE mentor_links__v33 (
    id BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    mentor_id BLOB NOT NULL REFERENCES peer_mentors(id) DEFERRABLE INITIALLY DEFERRED,
    client_id BLOB NOT NULL REFERENCES clients(id) DEFERRABLE INITIALLY DEFERRED,
    starts_on TEXT NOT NULL CHECK (date(starts_on) IS starts_on),
    ends_on TEXT CHECK (ends_on IS NULL OR date(ends_on) IS ends_on),
    created_at TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    archived_at TEXT CHECK (archived_at IS NULL OR archived_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    CHECK (ends_on IS NULL OR ends_on >= starts_on)
) STRICT;
INSERT INTO mentor_links__v33 (id, mentor_id, client_id, starts_on, ends_on, created_at, archived_at)
SELECT unhex(replace(id, '-', '')), unhex(replace(mentor_id, '-', '')), unhex(replace(client_id, '-', '')), starts_on, ends_on, created_at, archived_at
FROM mentor_links;
DROP TABLE mentor_links;
ALTER TABLE mentor_links__v33 RENAME TO mentor_links;

-- peers
CREATE TABLE peers__v33 (
    device_id BLOB PRIMARY KEY NOT NULL CHECK (length(device_id) = 16),
    name TEXT,
    public_key TEXT,
    last_seq_seen INTEGER NOT NULL DEFAULT 0,
    last_bundle_at TEXT CHECK (last_bundle_at IS NULL OR last_bundle_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z')
) STRICT;
INSERT INTO peers__v33 (device_id, name, public_key, last_seq_seen, last_bundle_at)
SELECT unhex(replace(device_id, '-', '')), name, public_key, last_seq_seen, last_bundle_at
FROM peers;
DROP TABLE peers;
ALTER TABLE peers__v33 RENAME TO peers;

-- peer_vectors
CREATE TABLE peer_vectors__v33 (
    peer_id BLOB NOT NULL CHECK (length(peer_id) = 16),
    device_id BLOB NOT NULL CHECK (length(device_id) = 16),
    seq INTEGER NOT NULL CHECK (seq >= 0),
    PRIMARY KEY (peer_id, device_id)
) STRICT, WITHOUT ROWID;
INSERT INTO peer_vectors__v33 (peer_id, device_id, seq)
SELECT unhex(replace(peer_id, '-', '')), unhex(replace(device_id, '-', '')), seq
FROM peer_vectors;
DROP TABLE peer_vectors;
ALTER TABLE peer_vectors__v33 RENAME TO peer_vectors;

-- quarantine
CREATE TABLE quarantine__v33 (
    device_id BLOB NOT NULL CHECK (length(device_id) = 16),
    seq INTEGER NOT NULL CHECK (seq > 0),
    hlc TEXT NOT NULL,
    op TEXT NOT NULL CHECK (json_valid(op)),
    received_at TEXT NOT NULL CHECK (received_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    PRIMARY KEY (device_id, seq)
) STRICT;
INSERT INTO quarantine__v33 (device_id, seq, hlc, op, received_at)
SELECT unhex(replace(device_id, '-', '')), seq, hlc, op, received_at
FROM quarantine;
DROP TABLE quarantine;
ALTER TABLE quarantine__v33 RENAME TO quarantine;

-- client_shares
CREATE TABLE client_shares__v33 (
    id BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    client_id BLOB NOT NULL REFERENCES clients(id) DEFERRABLE INITIALLY DEFERRED,
    user_id BLOB REFERENCES users(id) DEFERRABLE INITIALLY DEFERRED,
    team_id BLOB REFERENCES teams(id) DEFERRABLE INITIALLY DEFERRED,
    shared_by BLOB NOT NULL REFERENCES users(id) DEFERRABLE INITIALLY DEFERRED,
    starts_on TEXT NOT NULL CHECK (date(starts_on) IS starts_on),
    ends_on TEXT CHECK (ends_on IS NULL OR date(ends_on) IS ends_on),
    created_at TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    archived_at TEXT CHECK (archived_at IS NULL OR archived_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    CHECK ((user_id IS NULL) <> (team_id IS NULL)),
    CHECK (ends_on IS NULL OR ends_on >= starts_on)
) STRICT;
INSERT INTO client_shares__v33 (id, client_id, user_id, team_id, shared_by, starts_on, ends_on, created_at, archived_at)
SELECT unhex(replace(id, '-', '')), unhex(replace(client_id, '-', '')), unhex(replace(user_id, '-', '')), unhex(replace(team_id, '-', '')), unhex(replace(shared_by, '-', '')), starts_on, ends_on, created_at, archived_at
FROM client_shares;
DROP TABLE client_shares;
ALTER TABLE client_shares__v33 RENAME TO client_shares;

-- peer_audit_vectors
CREATE TABLE peer_audit_vectors__v33 (
    peer_id BLOB NOT NULL CHECK (length(peer_id) = 16),
    device_id BLOB NOT NULL CHECK (length(device_id) = 16),
    seq INTEGER NOT NULL CHECK (seq >= 0),
    PRIMARY KEY (peer_id, device_id)
) STRICT, WITHOUT ROWID;
INSERT INTO peer_audit_vectors__v33 (peer_id, device_id, seq)
SELECT unhex(replace(peer_id, '-', '')), unhex(replace(device_id, '-', '')), seq
FROM peer_audit_vectors;
DROP TABLE peer_audit_vectors;
ALTER TABLE peer_audit_vectors__v33 RENAME TO peer_audit_vectors;

-- device_users
CREATE TABLE device_users__v33 (
    id BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    device_id BLOB NOT NULL REFERENCES devices(id) DEFERRABLE INITIALLY DEFERRED,
    user_id BLOB NOT NULL REFERENCES users(id) DEFERRABLE INITIALLY DEFERRED,
    created_at TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    archived_at TEXT CHECK (archived_at IS NULL OR archived_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z')
) STRICT;
INSERT INTO device_users__v33 (id, device_id, user_id, created_at, archived_at)
SELECT unhex(replace(id, '-', '')), unhex(replace(device_id, '-', '')), unhex(replace(user_id, '-', '')), created_at, archived_at
FROM device_users;
DROP TABLE device_users;
ALTER TABLE device_users__v33 RENAME TO device_users;

-- org_keys
CREATE TABLE org_keys__v33 (
    id BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    recipient TEXT NOT NULL CHECK (length(recipient) BETWEEN 1 AND 200),
    sealed TEXT NOT NULL CHECK (length(sealed) BETWEEN 1 AND 1000000),
    created_at TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    archived_at TEXT CHECK (archived_at IS NULL OR archived_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z')
) STRICT;
INSERT INTO org_keys__v33 (id, recipient, sealed, created_at, archived_at)
SELECT unhex(replace(id, '-', '')), recipient, sealed, created_at, archived_at
FROM org_keys;
DROP TABLE org_keys;
ALTER TABLE org_keys__v33 RENAME TO org_keys;

-- measures
CREATE TABLE measures__v33 (
    id BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    client_id BLOB NOT NULL REFERENCES clients(id) DEFERRABLE INITIALLY DEFERRED,
    scale TEXT NOT NULL CHECK ((scale = 'phq9' OR scale = 'gad7' OR scale = 'wellbeing')),
    taken_on TEXT NOT NULL CHECK (date(taken_on) IS taken_on),
    answers TEXT CHECK (answers IS NULL OR json_valid(answers)),
    total INTEGER NOT NULL CHECK (total BETWEEN 0 AND 27),
    recorded_by BLOB NOT NULL REFERENCES users(id) DEFERRABLE INITIALLY DEFERRED,
    created_at TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    archived_at TEXT CHECK (archived_at IS NULL OR archived_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z')
) STRICT;
INSERT INTO measures__v33 (id, client_id, scale, taken_on, answers, total, recorded_by, created_at, archived_at)
SELECT unhex(replace(id, '-', '')), unhex(replace(client_id, '-', '')), scale, taken_on, answers, total, unhex(replace(recorded_by, '-', '')), created_at, archived_at
FROM measures;
DROP TABLE measures;
ALTER TABLE measures__v33 RENAME TO measures;

-- client_merges
CREATE TABLE client_merges__v33 (
    id BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    kept_id BLOB NOT NULL REFERENCES clients(id) DEFERRABLE INITIALLY DEFERRED,
    merged_id BLOB NOT NULL REFERENCES clients(id) DEFERRABLE INITIALLY DEFERRED,
    kept_before TEXT CHECK (kept_before IS NULL OR json_valid(kept_before)),
    moved TEXT NOT NULL CHECK (json_valid(moved)),
    merged_by BLOB NOT NULL REFERENCES users(id) DEFERRABLE INITIALLY DEFERRED,
    undone_at TEXT CHECK (undone_at IS NULL OR undone_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    created_at TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    archived_at TEXT CHECK (archived_at IS NULL OR archived_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    CHECK (kept_id <> merged_id)
) STRICT;
INSERT INTO client_merges__v33 (id, kept_id, merged_id, kept_before, moved, merged_by, undone_at, created_at, archived_at)
SELECT unhex(replace(id, '-', '')), unhex(replace(kept_id, '-', '')), unhex(replace(merged_id, '-', '')), kept_before, moved, unhex(replace(merged_by, '-', '')), undone_at, created_at, archived_at
FROM client_merges;
DROP TABLE client_merges;
ALTER TABLE client_merges__v33 RENAME TO client_merges;

-- op_nodes
CREATE TABLE op_nodes__v33 (
    n INTEGER PRIMARY KEY,
    id BLOB NOT NULL UNIQUE CHECK (length(id) = 16)
) STRICT;
INSERT INTO op_nodes__v33 (n, id)
SELECT n, unhex(replace(id, '-', ''))
FROM op_nodes;
DROP TABLE op_nodes;
ALTER TABLE op_nodes__v33 RENAME TO op_nodes;

-- consents
CREATE TABLE consents__v33 (
    id BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    client_id BLOB NOT NULL REFERENCES clients(id) DEFERRABLE INITIALLY DEFERRED,
    purpose TEXT NOT NULL CHECK ((purpose = 'store' OR purpose = 'share_health' OR purpose = 'share_probation')),
    given INTEGER NOT NULL CHECK (given IN (0, 1)),
    decided_on TEXT NOT NULL CHECK (date(decided_on) IS decided_on),
    method TEXT CHECK (method IS NULL OR (method = 'written' OR method = 'verbal' OR method = 'electronic')),
    recorded_by BLOB NOT NULL REFERENCES users(id) DEFERRABLE INITIALLY DEFERRED,
    created_at TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    archived_at TEXT CHECK (archived_at IS NULL OR archived_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z')
) STRICT;
INSERT INTO consents__v33 (id, client_id, purpose, given, decided_on, method, recorded_by, created_at, archived_at)
SELECT unhex(replace(id, '-', '')), unhex(replace(client_id, '-', '')), purpose, given, decided_on, method, unhex(replace(recorded_by, '-', '')), created_at, archived_at
FROM consents;
DROP TABLE consents;
ALTER TABLE consents__v33 RENAME TO consents;

-- retention_reviews
CREATE TABLE retention_reviews__v33 (
    id BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    client_id BLOB NOT NULL REFERENCES clients(id) DEFERRABLE INITIALLY DEFERRED,
    reviewed_on TEXT NOT NULL CHECK (date(reviewed_on) IS reviewed_on),
    reason TEXT CHECK (reason IS NULL OR length(reason) <= 1000),
    reviewed_by BLOB NOT NULL REFERENCES users(id) DEFERRABLE INITIALLY DEFERRED,
    created_at TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    archived_at TEXT CHECK (archived_at IS NULL OR archived_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z')
) STRICT;
INSERT INTO retention_reviews__v33 (id, client_id, reviewed_on, reason, reviewed_by, created_at, archived_at)
SELECT unhex(replace(id, '-', '')), unhex(replace(client_id, '-', '')), reviewed_on, reason, unhex(replace(reviewed_by, '-', '')), created_at, archived_at
FROM retention_reviews;
DROP TABLE retention_reviews;
ALTER TABLE retention_reviews__v33 RENAME TO retention_reviews;

-- Their indexes and triggers, as they were, except that the referrals waiting at each service
-- are kept under the service id's hex digits (text cannot hold its bytes).
CREATE INDEX clients_caseworker ON clients(caseworker_id);
CREATE INDEX clients_nhs_number ON clients(nhs_number) WHERE nhs_number IS NOT NULL;
CREATE INDEX clients_sort_name ON clients(coalesce(family_name, given_name) COLLATE NOCASE, given_name COLLATE NOCASE);
CREATE INDEX episodes_client ON episodes(client_id);
CREATE INDEX episodes_open ON episodes(client_id) WHERE closed_on IS NULL;
CREATE INDEX custody_client ON custody_episodes(client_id);
CREATE INDEX custody_released ON custody_episodes(released_on) WHERE released_on IS NOT NULL;
CREATE INDEX referrals_client ON referrals(client_id);
CREATE INDEX referral_events_referral ON referral_events(referral_id, happened_on);
CREATE INDEX contacts_supersedes ON support_contacts(supersedes_id) WHERE supersedes_id IS NOT NULL;
CREATE INDEX tasks_client ON tasks(client_id);
CREATE INDEX tasks_assignee ON tasks(assignee_id, due_on);
CREATE INDEX mentor_links_mentor ON mentor_links(mentor_id);
CREATE INDEX mentor_links_client ON mentor_links(client_id);
CREATE INDEX clients_team ON clients(team_id) WHERE team_id IS NOT NULL;
CREATE INDEX client_shares_client ON client_shares(client_id);
CREATE INDEX client_shares_user ON client_shares(user_id) WHERE user_id IS NOT NULL;
CREATE INDEX client_shares_team ON client_shares(team_id) WHERE team_id IS NOT NULL;
CREATE INDEX device_users_device ON device_users(device_id, user_id);
CREATE INDEX appointments_report ON appointments(starts_at, client_id, archived_at, outcome, rescheduled_to,
    planned_accompaniment, actual_accompaniment, dna_reason);
CREATE INDEX appointments_by_client ON appointments(client_id, starts_at, outcome, archived_at);
CREATE INDEX contacts_report ON support_contacts(contact_on, client_id, archived_at, kind, minutes, id);
CREATE INDEX contacts_by_client ON support_contacts(client_id, contact_on, archived_at, id);
CREATE INDEX referral_events_report ON referral_events(status, happened_on, referral_id, archived_at, id);
CREATE INDEX referrals_report ON referrals(id, client_id, archived_at, service_type);
CREATE INDEX episodes_report ON episodes(client_id, opened_on, closed_on, archived_at, close_reason);
CREATE INDEX clients_report ON clients(id, archived_at, team_id, caseworker_id, gender, ethnicity, disability,
    date_of_birth);
CREATE INDEX measures_client ON measures(client_id, scale, taken_on);
CREATE INDEX client_merges_kept ON client_merges(kept_id);
CREATE INDEX client_merges_merged ON client_merges(merged_id);
CREATE INDEX clients_dob ON clients(date_of_birth) WHERE date_of_birth IS NOT NULL;
CREATE INDEX clients_prison_number ON clients(prison_number) WHERE prison_number IS NOT NULL;
CREATE INDEX clients_crn ON clients(crn) WHERE crn IS NOT NULL;
CREATE INDEX appointments_mentor ON appointments(planned_mentor_id, starts_at)
    WHERE planned_mentor_id IS NOT NULL;
CREATE INDEX appointments_companion ON appointments(planned_user_id, starts_at)
    WHERE planned_user_id IS NOT NULL;
CREATE TRIGGER episodes_support_open_insert AFTER INSERT ON episodes BEGIN
    UPDATE clients SET support_open = EXISTS (SELECT 1 FROM episodes e
        WHERE e.client_id = NEW.client_id AND e.closed_on IS NULL AND e.archived_at IS NULL)
    WHERE id = NEW.client_id;
END;
CREATE TRIGGER episodes_support_open_update AFTER UPDATE OF client_id, closed_on, archived_at ON episodes BEGIN
    UPDATE clients SET support_open = EXISTS (SELECT 1 FROM episodes e
        WHERE e.client_id = clients.id AND e.closed_on IS NULL AND e.archived_at IS NULL)
    WHERE id IN (OLD.client_id, NEW.client_id);
END;
CREATE TRIGGER episodes_support_open_delete AFTER DELETE ON episodes BEGIN
    UPDATE clients SET support_open = EXISTS (SELECT 1 FROM episodes e
        WHERE e.client_id = OLD.client_id AND e.closed_on IS NULL AND e.archived_at IS NULL)
    WHERE id = OLD.client_id;
END;
CREATE INDEX clients_open ON clients(id, archived_at, support_open)
    WHERE support_open = 1 AND archived_at IS NULL;
CREATE INDEX clients_in_custody ON clients(id, archived_at, justice_status)
    WHERE justice_status = 'in_custody' AND archived_at IS NULL;
CREATE INDEX referrals_queue ON referrals(status IN ('declined', 'completed', 'closed_no_engagement'),
    last_step_on, id, client_id) WHERE archived_at IS NULL;
CREATE INDEX referrals_waiting ON referrals(last_step_on, client_id)
    WHERE archived_at IS NULL AND status NOT IN ('declined', 'completed', 'closed_no_engagement');
CREATE INDEX appointments_awaiting ON appointments(outcome, archived_at, starts_at, client_id,
    planned_accompaniment, planned_user_id, planned_mentor_id, rescheduled_to)
    WHERE outcome = 'not_recorded' AND archived_at IS NULL;
CREATE INDEX tasks_referral ON tasks(referral_id) WHERE referral_id IS NOT NULL;
CREATE TRIGGER referrals_steps_insert AFTER INSERT ON referrals BEGIN
    UPDATE referrals SET last_step_on = (SELECT max(e.happened_on) FROM referral_events e WHERE e.referral_id = NEW.id AND e.archived_at IS NULL),
        sent_on = (SELECT min(e.happened_on) FROM referral_events e WHERE e.referral_id = NEW.id AND +e.status = 'sent' AND e.archived_at IS NULL),
        first_appointment_on = (SELECT min(e.happened_on) FROM referral_events e WHERE e.referral_id = NEW.id AND +e.status = 'first_appointment' AND e.archived_at IS NULL)
    WHERE id = NEW.id;
END;
CREATE TRIGGER referral_events_steps_insert AFTER INSERT ON referral_events BEGIN
    UPDATE referrals SET last_step_on = (SELECT max(e.happened_on) FROM referral_events e WHERE e.referral_id = NEW.referral_id AND e.archived_at IS NULL),
        sent_on = (SELECT min(e.happened_on) FROM referral_events e WHERE e.referral_id = NEW.referral_id AND +e.status = 'sent' AND e.archived_at IS NULL),
        first_appointment_on = (SELECT min(e.happened_on) FROM referral_events e WHERE e.referral_id = NEW.referral_id AND +e.status = 'first_appointment' AND e.archived_at IS NULL)
    WHERE id = NEW.referral_id;
END;
CREATE TRIGGER referral_events_steps_update AFTER UPDATE OF referral_id, status, happened_on, archived_at
    ON referral_events BEGIN
    UPDATE referrals SET last_step_on = (SELECT max(e.happened_on) FROM referral_events e WHERE e.referral_id = referrals.id AND e.archived_at IS NULL),
        sent_on = (SELECT min(e.happened_on) FROM referral_events e WHERE e.referral_id = referrals.id AND +e.status = 'sent' AND e.archived_at IS NULL),
        first_appointment_on = (SELECT min(e.happened_on) FROM referral_events e WHERE e.referral_id = referrals.id AND +e.status = 'first_appointment' AND e.archived_at IS NULL)
    WHERE id IN (OLD.referral_id, NEW.referral_id);
END;
CREATE TRIGGER referral_events_steps_delete AFTER DELETE ON referral_events BEGIN
    UPDATE referrals SET last_step_on = (SELECT max(e.happened_on) FROM referral_events e WHERE e.referral_id = OLD.referral_id AND e.archived_at IS NULL),
        sent_on = (SELECT min(e.happened_on) FROM referral_events e WHERE e.referral_id = OLD.referral_id AND +e.status = 'sent' AND e.archived_at IS NULL),
        first_appointment_on = (SELECT min(e.happened_on) FROM referral_events e WHERE e.referral_id = OLD.referral_id AND +e.status = 'first_appointment' AND e.archived_at IS NULL)
    WHERE id = OLD.referral_id;
END;
CREATE INDEX referrals_waits ON referrals(first_appointment_on, service_id, sent_on)
    WHERE first_appointment_on IS NOT NULL AND archived_at IS NULL;
CREATE INDEX referrals_status_service ON referrals(status, archived_at, service_id);
CREATE INDEX tasks_open ON tasks(due_on, id, assignee_id, client_id)
    WHERE done_at IS NULL AND archived_at IS NULL;
CREATE TRIGGER appointments_booked_insert AFTER INSERT ON appointments BEGIN
    UPDATE clients SET booked_since_release = EXISTS (SELECT 1 FROM appointments a WHERE a.client_id = clients.id AND a.archived_at IS NULL
        AND a.starts_at >= clients.actual_release_date AND a.outcome NOT IN ('cancelled_by_patient', 'cancelled_by_provider'))
    WHERE id = NEW.client_id AND actual_release_date IS NOT NULL;
END;
CREATE TRIGGER appointments_booked_update AFTER UPDATE OF client_id, starts_at, outcome, archived_at
    ON appointments BEGIN
    UPDATE clients SET booked_since_release = EXISTS (SELECT 1 FROM appointments a WHERE a.client_id = clients.id AND a.archived_at IS NULL
        AND a.starts_at >= clients.actual_release_date AND a.outcome NOT IN ('cancelled_by_patient', 'cancelled_by_provider'))
    WHERE id IN (OLD.client_id, NEW.client_id) AND actual_release_date IS NOT NULL;
END;
CREATE TRIGGER appointments_booked_delete AFTER DELETE ON appointments BEGIN
    UPDATE clients SET booked_since_release = EXISTS (SELECT 1 FROM appointments a WHERE a.client_id = clients.id AND a.archived_at IS NULL
        AND a.starts_at >= clients.actual_release_date AND a.outcome NOT IN ('cancelled_by_patient', 'cancelled_by_provider'))
    WHERE id = OLD.client_id AND actual_release_date IS NOT NULL;
END;
CREATE TRIGGER clients_booked_release AFTER UPDATE OF actual_release_date ON clients BEGIN
    UPDATE clients SET booked_since_release = EXISTS (SELECT 1 FROM appointments a WHERE a.client_id = clients.id AND a.archived_at IS NULL
        AND a.starts_at >= clients.actual_release_date AND a.outcome NOT IN ('cancelled_by_patient', 'cancelled_by_provider'))
    WHERE id = NEW.id;
END;
CREATE TRIGGER clients_booked_insert AFTER INSERT ON clients WHEN NEW.actual_release_date IS NOT NULL BEGIN
    UPDATE clients SET booked_since_release = EXISTS (SELECT 1 FROM appointments a WHERE a.client_id = clients.id AND a.archived_at IS NULL
        AND a.starts_at >= clients.actual_release_date AND a.outcome NOT IN ('cancelled_by_patient', 'cancelled_by_provider'))
    WHERE id = NEW.id;
END;
CREATE INDEX clients_released ON clients(actual_release_date, archived_at, booked_since_release, id,
    justice_status) WHERE actual_release_date IS NOT NULL;
CREATE INDEX appointments_awaiting_client ON appointments(client_id, outcome, archived_at, starts_at,
    rescheduled_to, planned_accompaniment, planned_user_id, planned_mentor_id)
    WHERE outcome = 'not_recorded' AND archived_at IS NULL;
CREATE INDEX consents_client ON consents(client_id, decided_on);
CREATE INDEX retention_reviews_client ON retention_reviews(client_id, reviewed_on);
CREATE INDEX appointments_rescheduled ON appointments(rescheduled_to) WHERE rescheduled_to IS NOT NULL;
CREATE INDEX tasks_appointment ON tasks(appointment_id) WHERE appointment_id IS NOT NULL;
CREATE TRIGGER clients_kept_insert AFTER INSERT ON clients BEGIN
    UPDATE kept_counts SET n = n + CASE name
        WHEN 'clients' THEN NEW.archived_at IS NULL
        WHEN 'clients_open' THEN NEW.archived_at IS NULL AND NEW.support_open = 1
        ELSE NEW.archived_at IS NULL AND NEW.justice_status IS 'in_custody' END
    WHERE name IN ('clients', 'clients_open', 'clients_in_custody');
END;
CREATE TRIGGER clients_kept_update AFTER UPDATE OF archived_at, support_open, justice_status ON clients BEGIN
    UPDATE kept_counts SET n = n + CASE name
        WHEN 'clients' THEN (NEW.archived_at IS NULL) - (OLD.archived_at IS NULL)
        WHEN 'clients_open' THEN (NEW.archived_at IS NULL AND NEW.support_open = 1)
            - (OLD.archived_at IS NULL AND OLD.support_open = 1)
        ELSE (NEW.archived_at IS NULL AND NEW.justice_status IS 'in_custody')
            - (OLD.archived_at IS NULL AND OLD.justice_status IS 'in_custody') END
    WHERE name IN ('clients', 'clients_open', 'clients_in_custody');
END;
CREATE TRIGGER clients_kept_delete AFTER DELETE ON clients BEGIN
    UPDATE kept_counts SET n = n - CASE name
        WHEN 'clients' THEN OLD.archived_at IS NULL
        WHEN 'clients_open' THEN OLD.archived_at IS NULL AND OLD.support_open = 1
        ELSE OLD.archived_at IS NULL AND OLD.justice_status IS 'in_custody' END
    WHERE name IN ('clients', 'clients_open', 'clients_in_custody');
END;
CREATE TRIGGER tasks_kept_insert AFTER INSERT ON tasks BEGIN
    UPDATE kept_counts SET n = n + (NEW.archived_at IS NULL AND NEW.done_at IS NULL) WHERE name = 'tasks_open';
END;
CREATE TRIGGER tasks_kept_update AFTER UPDATE OF archived_at, done_at ON tasks BEGIN
    UPDATE kept_counts SET n = n + (NEW.archived_at IS NULL AND NEW.done_at IS NULL)
        - (OLD.archived_at IS NULL AND OLD.done_at IS NULL) WHERE name = 'tasks_open';
END;
CREATE TRIGGER tasks_kept_delete AFTER DELETE ON tasks BEGIN
    UPDATE kept_counts SET n = n - (OLD.archived_at IS NULL AND OLD.done_at IS NULL) WHERE name = 'tasks_open';
END;
CREATE TRIGGER referrals_kept_insert AFTER INSERT ON referrals BEGIN
    UPDATE kept_counts SET n = n + (NEW.archived_at IS NULL) WHERE name = 'referrals';
END;
CREATE TRIGGER referrals_kept_update AFTER UPDATE OF archived_at ON referrals BEGIN
    UPDATE kept_counts SET n = n + (NEW.archived_at IS NULL) - (OLD.archived_at IS NULL) WHERE name = 'referrals';
END;
CREATE TRIGGER referrals_kept_delete AFTER DELETE ON referrals BEGIN
    UPDATE kept_counts SET n = n - (OLD.archived_at IS NULL) WHERE name = 'referrals';
END;
CREATE TRIGGER appointments_kept_insert AFTER INSERT ON appointments BEGIN
    UPDATE kept_counts SET n = n + (NEW.archived_at IS NULL) WHERE name = 'appointments';
END;
CREATE TRIGGER appointments_kept_update AFTER UPDATE OF archived_at ON appointments BEGIN
    UPDATE kept_counts SET n = n + (NEW.archived_at IS NULL) - (OLD.archived_at IS NULL) WHERE name = 'appointments';
END;
CREATE TRIGGER appointments_kept_delete AFTER DELETE ON appointments BEGIN
    UPDATE kept_counts SET n = n - (OLD.archived_at IS NULL) WHERE name = 'appointments';
END;
CREATE TRIGGER support_contacts_kept_insert AFTER INSERT ON support_contacts BEGIN
    UPDATE kept_counts SET n = n + (NEW.archived_at IS NULL) WHERE name = 'support_contacts';
END;
CREATE TRIGGER support_contacts_kept_update AFTER UPDATE OF archived_at ON support_contacts BEGIN
    UPDATE kept_counts SET n = n + (NEW.archived_at IS NULL) - (OLD.archived_at IS NULL) WHERE name = 'support_contacts';
END;
CREATE TRIGGER support_contacts_kept_delete AFTER DELETE ON support_contacts BEGIN
    UPDATE kept_counts SET n = n - (OLD.archived_at IS NULL) WHERE name = 'support_contacts';
END;
CREATE INDEX mentor_links_current ON mentor_links(mentor_id, ends_on) WHERE archived_at IS NULL;
CREATE TRIGGER appointments_days_insert AFTER INSERT ON appointments
WHEN NEW.outcome = 'not_recorded' AND NEW.archived_at IS NULL BEGIN
    INSERT INTO kept_days (name, day, n) VALUES ('awaiting_outcome', substr(NEW.starts_at, 1, 10), 1)
        ON CONFLICT (name, day) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER appointments_days_update_old AFTER UPDATE OF outcome, archived_at, starts_at ON appointments
WHEN OLD.outcome = 'not_recorded' AND OLD.archived_at IS NULL BEGIN
    UPDATE kept_days SET n = n - 1 WHERE name = 'awaiting_outcome' AND day = substr(OLD.starts_at, 1, 10);
END;
CREATE TRIGGER appointments_days_update_new AFTER UPDATE OF outcome, archived_at, starts_at ON appointments
WHEN NEW.outcome = 'not_recorded' AND NEW.archived_at IS NULL BEGIN
    INSERT INTO kept_days (name, day, n) VALUES ('awaiting_outcome', substr(NEW.starts_at, 1, 10), 1)
        ON CONFLICT (name, day) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER appointments_days_delete AFTER DELETE ON appointments
WHEN OLD.outcome = 'not_recorded' AND OLD.archived_at IS NULL BEGIN
    UPDATE kept_days SET n = n - 1 WHERE name = 'awaiting_outcome' AND day = substr(OLD.starts_at, 1, 10);
END;
CREATE TRIGGER tasks_days_insert AFTER INSERT ON tasks
WHEN NEW.done_at IS NULL AND NEW.archived_at IS NULL BEGIN
    INSERT INTO kept_days (name, day, n) VALUES ('open_tasks', NEW.due_on, 1)
        ON CONFLICT (name, day) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER tasks_days_update_old AFTER UPDATE OF done_at, archived_at, due_on ON tasks
WHEN OLD.done_at IS NULL AND OLD.archived_at IS NULL BEGIN
    UPDATE kept_days SET n = n - 1 WHERE name = 'open_tasks' AND day = OLD.due_on;
END;
CREATE TRIGGER tasks_days_update_new AFTER UPDATE OF done_at, archived_at, due_on ON tasks
WHEN NEW.done_at IS NULL AND NEW.archived_at IS NULL BEGIN
    INSERT INTO kept_days (name, day, n) VALUES ('open_tasks', NEW.due_on, 1)
        ON CONFLICT (name, day) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER tasks_days_delete AFTER DELETE ON tasks
WHEN OLD.done_at IS NULL AND OLD.archived_at IS NULL BEGIN
    UPDATE kept_days SET n = n - 1 WHERE name = 'open_tasks' AND day = OLD.due_on;
END;
CREATE TRIGGER referrals_days_insert AFTER INSERT ON referrals
WHEN NEW.archived_at IS NULL AND (NEW.status <> 'declined' AND NEW.status <> 'completed' AND NEW.status <> 'closed_no_engagement')
    AND NEW.last_step_on IS NOT NULL BEGIN
    INSERT INTO kept_days (name, day, n) VALUES ('unfinished_referrals', NEW.last_step_on, 1)
        ON CONFLICT (name, day) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER referrals_days_update_old AFTER UPDATE OF archived_at, status, last_step_on ON referrals
WHEN OLD.archived_at IS NULL AND (OLD.status <> 'declined' AND OLD.status <> 'completed' AND OLD.status <> 'closed_no_engagement')
    AND OLD.last_step_on IS NOT NULL BEGIN
    UPDATE kept_days SET n = n - 1 WHERE name = 'unfinished_referrals' AND day = OLD.last_step_on;
END;
CREATE TRIGGER referrals_days_update_new AFTER UPDATE OF archived_at, status, last_step_on ON referrals
WHEN NEW.archived_at IS NULL AND (NEW.status <> 'declined' AND NEW.status <> 'completed' AND NEW.status <> 'closed_no_engagement')
    AND NEW.last_step_on IS NOT NULL BEGIN
    INSERT INTO kept_days (name, day, n) VALUES ('unfinished_referrals', NEW.last_step_on, 1)
        ON CONFLICT (name, day) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER referrals_days_delete AFTER DELETE ON referrals
WHEN OLD.archived_at IS NULL AND (OLD.status <> 'declined' AND OLD.status <> 'completed' AND OLD.status <> 'closed_no_engagement')
    AND OLD.last_step_on IS NOT NULL BEGIN
    UPDATE kept_days SET n = n - 1 WHERE name = 'unfinished_referrals' AND day = OLD.last_step_on;
END;
CREATE TRIGGER appointments_live_insert AFTER INSERT ON appointments
WHEN NEW.archived_at IS NULL AND NEW.rescheduled_to IS NULL
    AND NEW.outcome NOT IN ('cancelled_by_patient', 'cancelled_by_provider') BEGIN
    INSERT INTO kept_days (name, day, n) VALUES ('live_appointments', substr(NEW.starts_at, 1, 10), 1)
        ON CONFLICT (name, day) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER appointments_live_update_old AFTER UPDATE OF archived_at, rescheduled_to, outcome, starts_at ON appointments
WHEN OLD.archived_at IS NULL AND OLD.rescheduled_to IS NULL
    AND OLD.outcome NOT IN ('cancelled_by_patient', 'cancelled_by_provider') BEGIN
    UPDATE kept_days SET n = n - 1 WHERE name = 'live_appointments' AND day = substr(OLD.starts_at, 1, 10);
END;
CREATE TRIGGER appointments_live_update_new AFTER UPDATE OF archived_at, rescheduled_to, outcome, starts_at ON appointments
WHEN NEW.archived_at IS NULL AND NEW.rescheduled_to IS NULL
    AND NEW.outcome NOT IN ('cancelled_by_patient', 'cancelled_by_provider') BEGIN
    INSERT INTO kept_days (name, day, n) VALUES ('live_appointments', substr(NEW.starts_at, 1, 10), 1)
        ON CONFLICT (name, day) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER appointments_live_delete AFTER DELETE ON appointments
WHEN OLD.archived_at IS NULL AND OLD.rescheduled_to IS NULL
    AND OLD.outcome NOT IN ('cancelled_by_patient', 'cancelled_by_provider') BEGIN
    UPDATE kept_days SET n = n - 1 WHERE name = 'live_appointments' AND day = substr(OLD.starts_at, 1, 10);
END;
CREATE TRIGGER referrals_waiting_insert AFTER INSERT ON referrals
WHEN (NEW.status = 'sent' OR NEW.status = 'acknowledged' OR NEW.status = 'accepted') AND NEW.archived_at IS NULL
    AND NEW.service_id IS NOT NULL BEGIN
    INSERT INTO kept_counts (name, n) VALUES ('waiting:' || hex(NEW.service_id), 1)
        ON CONFLICT (name) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER referrals_waiting_update_old AFTER UPDATE OF status, archived_at, service_id ON referrals
WHEN (OLD.status = 'sent' OR OLD.status = 'acknowledged' OR OLD.status = 'accepted') AND OLD.archived_at IS NULL
    AND OLD.service_id IS NOT NULL BEGIN
    UPDATE kept_counts SET n = n - 1 WHERE name = 'waiting:' || hex(OLD.service_id);
END;
CREATE TRIGGER referrals_waiting_update_new AFTER UPDATE OF status, archived_at, service_id ON referrals
WHEN (NEW.status = 'sent' OR NEW.status = 'acknowledged' OR NEW.status = 'accepted') AND NEW.archived_at IS NULL
    AND NEW.service_id IS NOT NULL BEGIN
    INSERT INTO kept_counts (name, n) VALUES ('waiting:' || hex(NEW.service_id), 1)
        ON CONFLICT (name) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER referrals_waiting_delete AFTER DELETE ON referrals
WHEN (OLD.status = 'sent' OR OLD.status = 'acknowledged' OR OLD.status = 'accepted') AND OLD.archived_at IS NULL
    AND OLD.service_id IS NOT NULL BEGIN
    UPDATE kept_counts SET n = n - 1 WHERE name = 'waiting:' || hex(OLD.service_id);
END;
CREATE INDEX referrals_sent ON referrals(sent_on, client_id, service_type)
    WHERE sent_on IS NOT NULL AND archived_at IS NULL;
CREATE INDEX measures_taken ON measures(scale, taken_on) WHERE archived_at IS NULL;
UPDATE kept_counts SET name = 'waiting:' || upper(replace(substr(name, 9), '-', ''))
WHERE name >= 'waiting:' AND name < 'waiting;';

PRAGMA legacy_alter_table = OFF;
