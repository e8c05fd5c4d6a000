-- Schema version 3: who may see what, and an audit log whose edits can be detected.

-- What anyone going with the person must know (step-free access, an interpreter, a woman to go
-- with her). A peer mentor sees this and little else.
ALTER TABLE clients ADD COLUMN accompaniment_needs TEXT CHECK (accompaniment_needs IS NULL OR length(accompaniment_needs) <= 1000);
CREATE INDEX clients_team ON clients(team_id) WHERE team_id IS NOT NULL;

-- How long the app may sit unused before it locks itself, set by a manager for the organisation.
ALTER TABLE organisations ADD COLUMN lock_minutes INTEGER CHECK (lock_minutes IS NULL OR lock_minutes BETWEEN 1 AND 15);

-- A client shared with another caseworker, or with a whole team, for a period.
CREATE TABLE client_shares (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
    client_id TEXT NOT NULL REFERENCES clients(id) DEFERRABLE INITIALLY DEFERRED,
    user_id TEXT REFERENCES users(id) DEFERRABLE INITIALLY DEFERRED,
    team_id TEXT REFERENCES teams(id) DEFERRABLE INITIALLY DEFERRED,
    shared_by TEXT NOT NULL REFERENCES users(id) DEFERRABLE INITIALLY DEFERRED,
    starts_on TEXT NOT NULL CHECK (date(starts_on) IS starts_on),
    ends_on TEXT CHECK (ends_on IS NULL OR date(ends_on) IS ends_on),
    created_at TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    archived_at TEXT CHECK (archived_at IS NULL OR archived_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    CHECK ((user_id IS NULL) <> (team_id IS NULL)),
    CHECK (ends_on IS NULL OR ends_on >= starts_on)
) STRICT;
CREATE INDEX client_shares_client ON client_shares(client_id);
CREATE INDEX client_shares_user ON client_shares(user_id) WHERE user_id IS NOT NULL;
CREATE INDEX client_shares_team ON client_shares(team_id) WHERE team_id IS NOT NULL;

-- The op log names record kinds by code; the list of codes lives in Rust (`Entity`), which checks
-- every op that arrives, so that a new kind of record does not mean copying the whole log again.
CREATE TABLE ops_v3 (
    device_id TEXT NOT NULL CHECK (length(device_id) = 36),
    seq INTEGER NOT NULL CHECK (seq > 0),
    op_id TEXT NOT NULL CHECK (length(op_id) = 36),
    hlc TEXT NOT NULL,
    author_id TEXT NOT NULL CHECK (length(author_id) = 36),
    entity TEXT NOT NULL CHECK (length(entity) BETWEEN 1 AND 40 AND entity NOT GLOB '*[^a-z_]*'),
    entity_id TEXT NOT NULL CHECK (length(entity_id) = 36),
    kind TEXT NOT NULL CHECK (kind IN ('create', 'set', 'archive', 'append', 'resolve', 'redact')),
    payload TEXT NOT NULL CHECK (json_valid(payload) AND json_type(payload) = 'object'),
    base TEXT NOT NULL CHECK (json_valid(base) AND json_type(base) = 'object'),
    schema_version INTEGER NOT NULL,
    recorded_at TEXT NOT NULL CHECK (recorded_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    PRIMARY KEY (device_id, seq)
) STRICT;
INSERT INTO ops_v3 SELECT device_id, seq, op_id, hlc, author_id, entity, entity_id, kind, payload, base, schema_version, recorded_at FROM ops;
DROP TABLE ops;
ALTER TABLE ops_v3 RENAME TO ops;
CREATE INDEX ops_entity ON ops(entity, entity_id);
CREATE UNIQUE INDEX ops_op_id ON ops(op_id);

-- The audit log becomes a chain: each device numbers its entries and each entry carries the hash of
-- the one before, so an entry edited or removed by hand is found by `verify`. Entries name the
-- client they are about (an id) so a manager can see everything that touched one person. Actions are
-- checked in Rust (`AuditAction`), like record kinds.
CREATE TABLE audit_log_v3 (
    device_id TEXT NOT NULL CHECK (length(device_id) = 36),
    seq INTEGER NOT NULL CHECK (seq > 0),
    id TEXT NOT NULL UNIQUE CHECK (length(id) = 36),
    at TEXT NOT NULL CHECK (at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    user_id TEXT NOT NULL,
    action TEXT NOT NULL CHECK (length(action) BETWEEN 1 AND 40 AND action NOT GLOB '*[^a-z_]*'),
    entity TEXT,
    entity_id TEXT,
    client_id TEXT CHECK (client_id IS NULL OR length(client_id) = 36),
    detail TEXT CHECK (detail IS NULL OR length(detail) <= 1000),
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (device_id, seq)
) STRICT;
INSERT INTO audit_log_v3 (device_id, seq, id, at, user_id, action, entity, entity_id, client_id, detail, prev_hash, hash)
    SELECT coalesce((SELECT value FROM local_state WHERE key = 'device_id'), '00000000-0000-0000-0000-000000000000'),
           row_number() OVER (ORDER BY at, id), id, at, user_id, action, entity, entity_id,
           CASE WHEN entity = 'client' THEN entity_id END, detail, '', ''
    FROM audit_log;
DROP TABLE audit_log;
ALTER TABLE audit_log_v3 RENAME TO audit_log;
CREATE INDEX audit_at ON audit_log(at);
CREATE INDEX audit_client ON audit_log(client_id, at) WHERE client_id IS NOT NULL;
CREATE INDEX audit_user ON audit_log(user_id, at);

-- What each peer device is known to hold of each device's audit chain, learnt from the headers of the
-- files it sent, so a sync file to it carries only the entries it has not seen.
CREATE TABLE peer_audit_vectors (
    peer_id TEXT NOT NULL CHECK (length(peer_id) = 36),
    device_id TEXT NOT NULL CHECK (length(device_id) = 36),
    seq INTEGER NOT NULL CHECK (seq >= 0),
    PRIMARY KEY (peer_id, device_id)
) STRICT, WITHOUT ROWID;
