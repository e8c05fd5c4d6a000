-- Schema version 6: invitations that expire and can be used once, computers that can be revoked, and
-- an organisation key that changes when one is.

-- When the invitation for a computer stops working, and the claim its first file made (a random id):
-- a second computer joining with the same invitation makes a different claim and is refused.
ALTER TABLE devices ADD COLUMN invite_expires_at TEXT CHECK (invite_expires_at IS NULL OR invite_expires_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z');
ALTER TABLE devices ADD COLUMN claim TEXT CHECK (claim IS NULL OR length(claim) = 36);
-- A lost or retired computer: when it was revoked, and the last of its changes still accepted.
ALTER TABLE devices ADD COLUMN revoked_at TEXT CHECK (revoked_at IS NULL OR revoked_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z');
ALTER TABLE devices ADD COLUMN revoked_after INTEGER CHECK (revoked_after IS NULL OR revoked_after >= 0);

-- The organisation's encryption key, each time it changes: its public recipient, and its secret sealed
-- to each computer still trusted (so a revoked one cannot read what is written after).
CREATE TABLE org_keys (
    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36),
    recipient TEXT NOT NULL CHECK (length(recipient) BETWEEN 1 AND 200),
    sealed TEXT NOT NULL CHECK (length(sealed) BETWEEN 1 AND 1000000),
    created_at TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
    archived_at TEXT CHECK (archived_at IS NULL OR archived_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z')
) STRICT;
