-- Schema version 5: who may use each computer, as records that sync.
--
-- A computer's owner is in its device record. Others a manager lets unlock it (a shared office
-- computer) are bound to it here, so every device can check, when a change arrives, that its author
-- could use the computer it came from. Archiving a binding ends it.
CREATE TABLE device_users (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
    device_id TEXT NOT NULL REFERENCES devices(id) DEFERRABLE INITIALLY DEFERRED,
    user_id TEXT NOT NULL REFERENCES users(id) DEFERRABLE INITIALLY DEFERRED,
    created_at TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    archived_at TEXT CHECK (archived_at IS NULL OR archived_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z')
) STRICT;
CREATE INDEX device_users_device ON device_users(device_id, user_id);
