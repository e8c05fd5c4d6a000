-- Schema version 18: 0016's index of a person's appointments awaiting an outcome also holds what
-- "needs attention" tests (moved away, who is going), so a caseload's list reads only that index;
-- without them SQLite preferred 0013's everyone's-index, which holds them, and read everyone's.
DROP INDEX appointments_awaiting_client;
CREATE INDEX appointments_awaiting_client ON appointments(client_id, outcome, archived_at, starts_at,
    rescheduled_to, planned_accompaniment, planned_user_id, planned_mentor_id)
    WHERE outcome = 'not_recorded' AND archived_at IS NULL;
