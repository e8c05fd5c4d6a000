-- Schema version 24: what a change says (its payload, base and signature) stored packed
-- (`crate::packed`): field names and codes as one byte, ids, clock stamps, dates, times and
-- signatures as their bytes. The JSON was most of the log's size. It reads back as exactly the text
-- it was, so signatures still check and sync files are unchanged; SQL reads it through op_json().
-- As in 0019, the old indexes go first, the new ones are made before the rows arrive, and the old
-- log's pages are freed without being zeroed (the file is rebuilt without them after the upgrade).
PRAGMA secure_delete = FAST;
DROP INDEX ops_entity;
DROP INDEX ops_op_id;
CREATE TABLE ops_v24 (
    device INTEGER NOT NULL,
    seq INTEGER NOT NULL CHECK (seq > 0),
    op_id BLOB NOT NULL CHECK (length(op_id) = 16),
    hlc BLOB NOT NULL CHECK (length(hlc) = 28),
    author INTEGER NOT NULL,
    entity TEXT NOT NULL CHECK (length(entity) BETWEEN 1 AND 40 AND entity NOT GLOB '*[^a-z_]*'),
    entity_id BLOB NOT NULL CHECK (length(entity_id) = 16),
    kind TEXT NOT NULL CHECK (kind IN ('create', 'set', 'archive', 'append', 'resolve', 'redact')),
    payload BLOB NOT NULL CHECK (typeof(payload) = 'blob' AND length(payload) >= 2),
    base BLOB NOT NULL CHECK (typeof(base) = 'blob' AND length(base) >= 2),
    schema_version INTEGER NOT NULL,
    recorded_at TEXT NOT NULL CHECK (recorded_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    sig BLOB CHECK (sig IS NULL OR (typeof(sig) = 'blob' AND length(sig) BETWEEN 2 AND 20000)),
    PRIMARY KEY (device, seq)
) STRICT;
CREATE INDEX ops_entity ON ops_v24(entity, entity_id);
CREATE UNIQUE INDEX ops_op_id ON ops_v24(op_id);
INSERT INTO ops_v24
SELECT device, seq, op_id, hlc, author, entity, entity_id, kind, op_pack(payload), op_pack(base), schema_version,
       recorded_at, op_pack(sig)
FROM ops ORDER BY device, seq;
DROP TABLE ops;
ALTER TABLE ops_v24 RENAME TO ops;
PRAGMA secure_delete = ON;
