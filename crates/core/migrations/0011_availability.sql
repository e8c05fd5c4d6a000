-- Schema version 11: peer mentors' availability, and the indexes a mentor's or a caseworker's
-- calendar needs.

-- The weekly pattern and the exceptions (holidays, one-off days) are JSON lists, each a field of its
-- own so an edit to one never undoes a concurrent edit to the other. NULL means none recorded.
ALTER TABLE peer_mentors ADD COLUMN weekly_availability TEXT
    CHECK (weekly_availability IS NULL OR json_valid(weekly_availability));
ALTER TABLE peer_mentors ADD COLUMN availability_exceptions TEXT
    CHECK (availability_exceptions IS NULL OR json_valid(availability_exceptions));
ALTER TABLE peer_mentors ADD COLUMN travel_area TEXT
    CHECK (travel_area IS NULL OR length(travel_area) <= 200);

CREATE INDEX appointments_mentor ON appointments(planned_mentor_id, starts_at)
    WHERE planned_mentor_id IS NOT NULL;
CREATE INDEX appointments_companion ON appointments(planned_user_id, starts_at)
    WHERE planned_user_id IS NOT NULL;
