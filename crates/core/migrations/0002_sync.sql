-- Schema version 2: what sync needs beyond the op log of version 1.

-- What each peer device is known to have seen, per originating device (its vector), learnt from the
-- headers of bundles it sent. `bundle export --since-peer` sends only what is above this.
CREATE TABLE peer_vectors (
    peer_id TEXT NOT NULL CHECK (length(peer_id) = 36),
    device_id TEXT NOT NULL CHECK (length(device_id) = 36),
    seq INTEGER NOT NULL CHECK (seq >= 0),
    PRIMARY KEY (peer_id, device_id)
) STRICT, WITHOUT ROWID;

-- Ops that arrived stamped too far ahead of this computer's clock. They are held here, not applied,
-- until the clock catches up (they are tried again on every import).
CREATE TABLE quarantine (
    device_id TEXT NOT NULL CHECK (length(device_id) = 36),
    seq INTEGER NOT NULL CHECK (seq > 0),
    hlc TEXT NOT NULL,
    op TEXT NOT NULL CHECK (json_valid(op)),
    received_at TEXT NOT NULL CHECK (received_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    PRIMARY KEY (device_id, seq)
) STRICT;

CREATE INDEX conflicts_field ON conflicts(entity, entity_id, field);
CREATE UNIQUE INDEX ops_op_id ON ops(op_id);

-- This device's secrets for sync: its ed25519 signing key and the organisation's age identity (which
-- every device of the organisation holds, so any of them can read a bundle sent to the organisation).
-- They live inside the encrypted database, never in a file of their own.
CREATE TABLE device_secrets (
    name TEXT PRIMARY KEY NOT NULL CHECK (name IN ('signing_key', 'org_identity')),
    value TEXT NOT NULL
) STRICT;

-- The audit log learns the sync actions. SQLite cannot change a CHECK, so the table is rebuilt.
CREATE TABLE audit_log_v2 (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
    at TEXT NOT NULL CHECK (at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    user_id TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('init', 'view', 'export', 'backup', 'restore', 'import', 'verify', 'seed', 'erase', 'bundle_export', 'bundle_import', 'invite', 'join', 'resolve_conflict')),
    entity TEXT,
    entity_id TEXT,
    detail TEXT CHECK (detail IS NULL OR length(detail) <= 1000)
) STRICT;
INSERT INTO audit_log_v2 (id, at, user_id, action, entity, entity_id, detail)
    SELECT id, at, user_id, action, entity, entity_id, detail FROM audit_log;
DROP TABLE audit_log;
ALTER TABLE audit_log_v2 RENAME TO audit_log;
CREATE INDEX audit_at ON audit_log(at);
