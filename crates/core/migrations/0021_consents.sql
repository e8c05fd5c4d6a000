-- Schema version 21: consent decisions, one row per decision, so a person's consent has a history.
--
-- A person agrees (or does not, or withdraws) for one purpose at a time: to have their details kept,
-- to have them shared with health services, to have them shared with probation. Each decision says
-- when it was made and how it was given, and who recorded it. The client's own consent columns keep
-- the latest decision of each purpose, so lists and checks read one row.
CREATE TABLE consents (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
    client_id TEXT NOT NULL REFERENCES clients(id) DEFERRABLE INITIALLY DEFERRED,
    purpose TEXT NOT NULL CHECK (purpose IN ('store', 'share_health', 'share_probation')),
    given INTEGER NOT NULL CHECK (given IN (0, 1)),
    decided_on TEXT NOT NULL CHECK (date(decided_on) IS decided_on),
    method TEXT CHECK (method IS NULL OR method IN ('written', 'verbal', 'electronic')),
    recorded_by TEXT NOT NULL REFERENCES users(id) DEFERRABLE INITIALLY DEFERRED,
    created_at TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    archived_at TEXT CHECK (archived_at IS NULL OR archived_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z')
) STRICT;
CREATE INDEX consents_client ON consents(client_id, decided_on);
