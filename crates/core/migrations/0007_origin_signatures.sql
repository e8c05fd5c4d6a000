-- Schema version 7: each change carries its origin computer's signature, so it can be relayed.

-- The signature (JSON: the ed25519 signature, and the salt or kept digests of personal fields); empty
-- until the change is first sent, and for changes written before this version.
ALTER TABLE ops ADD COLUMN sig TEXT CHECK (sig IS NULL OR length(sig) BETWEEN 2 AND 20000);
