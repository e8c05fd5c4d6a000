-- Schema version 4: a peer mentor's own computer holds only their share.

-- A device that belongs to a peer mentor receives only the records of the clients linked to them, with
-- the fields hidden from them left out; `share_of` names their mentor record. Files sent to a device are
-- encrypted to its own age recipient when it may not hold the organisation's key.
ALTER TABLE devices ADD COLUMN share_of TEXT REFERENCES peer_mentors(id) DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE devices ADD COLUMN recipient TEXT CHECK (recipient IS NULL OR length(recipient) <= 200);

-- Local settings and secrets name their keys in Rust, so a new one does not mean rebuilding the table.
CREATE TABLE local_state_v4 (
    key TEXT PRIMARY KEY NOT NULL CHECK (length(key) BETWEEN 1 AND 40 AND key NOT GLOB '*[^a-z_]*'),
    value TEXT NOT NULL
) STRICT;
INSERT INTO local_state_v4 (key, value) SELECT key, value FROM local_state;
DROP TABLE local_state;
ALTER TABLE local_state_v4 RENAME TO local_state;

CREATE TABLE device_secrets_v4 (
    name TEXT PRIMARY KEY NOT NULL CHECK (length(name) BETWEEN 1 AND 40 AND name NOT GLOB '*[^a-z_]*'),
    value TEXT NOT NULL
) STRICT;
INSERT INTO device_secrets_v4 (name, value) SELECT name, value FROM device_secrets;
DROP TABLE device_secrets;
ALTER TABLE device_secrets_v4 RENAME TO device_secrets;
