-- Schema version 35: the op log's record kind, change kind and time as numbers.
-- A change's record kind was its code as a word ('support_contact', 15 bytes), its change kind a
-- word too, and when it was written down a 20-character time: 30 to 40 bytes of every change, and
-- the kind again in every entry of the index by record. As numbers they take 1, 0 or 1, and 4 or
-- 6 bytes (about 1.2 KB a client at the seeded mix). Record kinds keep the numbers of
-- `Entity::number` for ever; change kinds are create 0, set 1, archive 2, append 3 (no longer
-- made), resolve 4, redact 5; times are seconds since 1970 in UTC (before 1970 below zero: another
-- computer's clock may have said anything from year 0 to 9999), which read back as exactly the text
-- they were, so signatures and sync files are unchanged.
-- The columns have new names, so that a query still comparing them with words fails rather than
-- finding nothing. As in 0024, the index goes first and the old log's pages are freed without being
-- zeroed (the file is rebuilt without them after the upgrade).
PRAGMA secure_delete = FAST;
DROP INDEX ops_entity;
CREATE TABLE ops_v35 (
    device INTEGER NOT NULL,
    seq INTEGER NOT NULL CHECK (seq > 0),
    op_id BLOB NOT NULL CHECK (length(op_id) = 16),
    hlc BLOB NOT NULL CHECK (length(hlc) = 28),
    author INTEGER NOT NULL,
    entity_n INTEGER NOT NULL CHECK (entity_n BETWEEN 1 AND 255),
    entity_id BLOB NOT NULL CHECK (length(entity_id) = 16),
    kind_n INTEGER NOT NULL CHECK (kind_n BETWEEN 0 AND 5),
    payload BLOB NOT NULL CHECK (typeof(payload) = 'blob' AND length(payload) >= 2),
    base BLOB NOT NULL CHECK (typeof(base) = 'blob' AND length(base) >= 2),
    schema_version INTEGER NOT NULL,
    recorded_s INTEGER NOT NULL CHECK (recorded_s BETWEEN -62167219200 AND 253402300799),
    sig BLOB CHECK (sig IS NULL OR (typeof(sig) = 'blob' AND length(sig) BETWEEN 2 AND 20000)),
    PRIMARY KEY (device, seq)
) STRICT;
CREATE INDEX ops_entity ON ops_v35(entity_n, entity_id);
-- An unknown word would be NULL and stop the upgrade, leaving the database as it was.
INSERT INTO ops_v35
SELECT device, seq, op_id, hlc, author,
       CASE entity
           WHEN 'organisation' THEN 1 WHEN 'team' THEN 2 WHEN 'peer_mentor' THEN 3 WHEN 'user' THEN 4
           WHEN 'device' THEN 5 WHEN 'client' THEN 6 WHEN 'consent' THEN 7 WHEN 'retention_review' THEN 8
           WHEN 'episode' THEN 9 WHEN 'custody_episode' THEN 10 WHEN 'service' THEN 11
           WHEN 'appointment' THEN 12 WHEN 'referral' THEN 13 WHEN 'referral_event' THEN 14
           WHEN 'support_contact' THEN 15 WHEN 'task' THEN 16 WHEN 'mentor_link' THEN 17
           WHEN 'client_share' THEN 18 WHEN 'measure' THEN 19 WHEN 'client_merge' THEN 20
           WHEN 'device_user' THEN 21 WHEN 'org_key' THEN 22
       END,
       entity_id,
       CASE kind
           WHEN 'create' THEN 0 WHEN 'set' THEN 1 WHEN 'archive' THEN 2 WHEN 'append' THEN 3
           WHEN 'resolve' THEN 4 WHEN 'redact' THEN 5
       END,
       payload, base, schema_version, unixepoch(recorded_at), sig
FROM ops ORDER BY device, seq;
DROP TABLE ops;
ALTER TABLE ops_v35 RENAME TO ops;
PRAGMA secure_delete = ON;
