-- Schema version 19: the op log and the field stamps stored compactly. Most of a database's size was
-- the op log repeating 36-character ids and 63-character clock stamps on every change. Now:
--  * ids (op, record) are their 16 bytes;
--  * a clock stamp is 28 bytes (milliseconds and counter big-endian, then the device's 16 bytes), so
--    byte order is still clock order;
--  * the devices and authors of changes are named by a small number (`op_nodes`).
-- What a change says (its payload, base and signature) is unchanged, so sync files are the same and
-- every signature still checks: the text forms are rebuilt exactly when an op is read.
-- The old indexes go first, so that their pages take the new copy, and the new ones are made before
-- the rows arrive, so that the upgrade sorts nothing in memory however large the log. The old
-- log's pages are freed without being zeroed (secure_delete FAST, for this migration only): zeroing
-- them inside the upgrade's transaction would keep a copy of the whole old log in memory. They are
-- encrypted like every page, hold what the new log holds, and are reused by later writes.
PRAGMA secure_delete = FAST;
CREATE TABLE op_nodes (
    n INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE CHECK (length(id) = 36)
) STRICT;
INSERT OR IGNORE INTO op_nodes (id) SELECT device_id FROM ops;
INSERT OR IGNORE INTO op_nodes (id) SELECT author_id FROM ops;

DROP INDEX ops_entity;
DROP INDEX ops_op_id;
CREATE TABLE ops_v19 (
    device INTEGER NOT NULL,
    seq INTEGER NOT NULL CHECK (seq > 0),
    op_id BLOB NOT NULL CHECK (length(op_id) = 16),
    hlc BLOB NOT NULL CHECK (length(hlc) = 28),
    author INTEGER NOT NULL,
    entity TEXT NOT NULL CHECK (length(entity) BETWEEN 1 AND 40 AND entity NOT GLOB '*[^a-z_]*'),
    entity_id BLOB NOT NULL CHECK (length(entity_id) = 16),
    kind TEXT NOT NULL CHECK (kind IN ('create', 'set', 'archive', 'append', 'resolve', 'redact')),
    payload TEXT NOT NULL CHECK (json_valid(payload) AND json_type(payload) = 'object'),
    base TEXT NOT NULL CHECK (json_valid(base) AND json_type(base) = 'object'),
    schema_version INTEGER NOT NULL,
    recorded_at TEXT NOT NULL CHECK (recorded_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    sig TEXT CHECK (sig IS NULL OR length(sig) BETWEEN 2 AND 20000),
    PRIMARY KEY (device, seq)
) STRICT;
CREATE INDEX ops_entity ON ops_v19(entity, entity_id);
CREATE UNIQUE INDEX ops_op_id ON ops_v19(op_id);
INSERT INTO ops_v19
SELECT d.n, o.seq, unhex(replace(o.op_id, '-', '')),
       unhex(printf('%016X%08X', CAST(substr(o.hlc, 1, 15) AS INTEGER), CAST(substr(o.hlc, 17, 10) AS INTEGER))
             || replace(substr(o.hlc, 28), '-', '')),
       a.n, o.entity, unhex(replace(o.entity_id, '-', '')), o.kind, o.payload, o.base, o.schema_version,
       o.recorded_at, o.sig
FROM ops o JOIN op_nodes d ON d.id = o.device_id JOIN op_nodes a ON a.id = o.author_id;
DROP TABLE ops;
ALTER TABLE ops_v19 RENAME TO ops;

CREATE TABLE field_versions_v19 (
    entity TEXT NOT NULL,
    entity_id BLOB NOT NULL CHECK (length(entity_id) = 16),
    field TEXT NOT NULL,
    hlc BLOB NOT NULL CHECK (length(hlc) = 28),
    op_id BLOB NOT NULL CHECK (length(op_id) = 16),
    PRIMARY KEY (entity, entity_id, field)
) STRICT, WITHOUT ROWID;
INSERT INTO field_versions_v19
SELECT entity, unhex(replace(entity_id, '-', '')), field,
       unhex(printf('%016X%08X', CAST(substr(hlc, 1, 15) AS INTEGER), CAST(substr(hlc, 17, 10) AS INTEGER))
             || replace(substr(hlc, 28), '-', '')),
       unhex(replace(op_id, '-', ''))
FROM field_versions;
DROP TABLE field_versions;
ALTER TABLE field_versions_v19 RENAME TO field_versions;
PRAGMA secure_delete = ON;
