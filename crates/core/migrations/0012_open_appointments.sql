-- Schema version 12: an index of the appointments still waiting for an outcome.

-- "Happened with no outcome recorded" (Today, and what needs attention) and "nobody is going with
-- them" read only these, a small part of the table, and find in the index itself everything they
-- filter on, without reading each appointment.
CREATE INDEX appointments_open ON appointments(starts_at, client_id, planned_accompaniment,
    planned_user_id, planned_mentor_id, rescheduled_to)
    WHERE outcome = 'not_recorded' AND archived_at IS NULL;
