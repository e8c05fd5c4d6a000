-- Schema version 22: how long a person's details are kept after their support closed, and the
-- reviews of records past that time where a manager chose to keep them, with the reason.
ALTER TABLE organisations ADD COLUMN retention_years INTEGER CHECK (retention_years IS NULL OR retention_years BETWEEN 1 AND 20);

CREATE TABLE retention_reviews (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
    client_id TEXT NOT NULL REFERENCES clients(id) DEFERRABLE INITIALLY DEFERRED,
    reviewed_on TEXT NOT NULL CHECK (date(reviewed_on) IS reviewed_on),
    reason TEXT CHECK (reason IS NULL OR length(reason) <= 1000),
    reviewed_by TEXT NOT NULL REFERENCES users(id) DEFERRABLE INITIALLY DEFERRED,
    created_at TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    archived_at TEXT CHECK (archived_at IS NULL OR archived_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z')
) STRICT;
CREATE INDEX retention_reviews_client ON retention_reviews(client_id, reviewed_on);
