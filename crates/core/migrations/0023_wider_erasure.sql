-- Schema version 23: erasure now also blanks a person's health, justice, safety and equality facts
-- (all but the few the monthly figures count). People erased before keep those facts in their record
-- until it is projected again from its log, which the first open after this upgrade does once, when
-- this mark is there (crates/core/src/sync/merge.rs, widen_old_erasures).
INSERT INTO local_state (key, value)
SELECT 'widen_erasures', '1'
WHERE EXISTS (SELECT 1 FROM ops WHERE entity = 'client' AND kind = 'redact');
