-- Schema version 9: an editable service directory, outcome measures, and merges of duplicate clients.

-- The directory says how to refer to each service, and a service that stops taking people is closed
-- (on a date) rather than deleted, so referrals and appointments that name it still read.
ALTER TABLE services ADD COLUMN referral_route TEXT CHECK (referral_route IS NULL OR length(referral_route) <= 2000);
ALTER TABLE services ADD COLUMN closed_on TEXT CHECK (closed_on IS NULL OR date(closed_on) IS closed_on);

-- One completed questionnaire (PHQ-9, GAD-7, the wellbeing check): the item answers when they were
-- asked one by one, and the total. The earliest of a scale for a person is their baseline.
CREATE TABLE measures (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
    client_id TEXT NOT NULL REFERENCES clients(id) DEFERRABLE INITIALLY DEFERRED,
    scale TEXT NOT NULL CHECK (scale IN ('phq9', 'gad7', 'wellbeing')),
    taken_on TEXT NOT NULL CHECK (date(taken_on) IS taken_on),
    answers TEXT CHECK (answers IS NULL OR json_valid(answers)),
    total INTEGER NOT NULL CHECK (total BETWEEN 0 AND 27),
    recorded_by TEXT NOT NULL REFERENCES users(id) DEFERRABLE INITIALLY DEFERRED,
    created_at TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    archived_at TEXT CHECK (archived_at IS NULL OR archived_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z')
) STRICT;
CREATE INDEX measures_client ON measures(client_id, scale, taken_on);

-- Two records found to be one person, merged into the kept one. What moved and what the kept record
-- held before are kept here, so the merge can be undone on any computer the merge reached.
CREATE TABLE client_merges (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
    kept_id TEXT NOT NULL REFERENCES clients(id) DEFERRABLE INITIALLY DEFERRED,
    merged_id TEXT NOT NULL REFERENCES clients(id) DEFERRABLE INITIALLY DEFERRED,
    kept_before TEXT CHECK (kept_before IS NULL OR json_valid(kept_before)),
    moved TEXT NOT NULL CHECK (json_valid(moved)),
    merged_by TEXT NOT NULL REFERENCES users(id) DEFERRABLE INITIALLY DEFERRED,
    undone_at TEXT CHECK (undone_at IS NULL OR undone_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    created_at TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    archived_at TEXT CHECK (archived_at IS NULL OR archived_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    CHECK (kept_id <> merged_id)
) STRICT;
CREATE INDEX client_merges_kept ON client_merges(kept_id);
CREATE INDEX client_merges_merged ON client_merges(merged_id);

-- Duplicate checks look people up by date of birth and by prison number and CRN as they are typed.
CREATE INDEX clients_dob ON clients(date_of_birth) WHERE date_of_birth IS NOT NULL;
CREATE INDEX clients_prison_number ON clients(prison_number) WHERE prison_number IS NOT NULL;
CREATE INDEX clients_crn ON clients(crn) WHERE crn IS NOT NULL;
