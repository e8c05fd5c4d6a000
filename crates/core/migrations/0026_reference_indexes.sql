-- Schema version 26: an index on each reference to a large table that had none. Foreign keys here
-- are checked at commit, so a row that names one not there yet (sync projects records kind by kind,
-- and an appointment names the later one that replaced it) leaves a check open; while one is open,
-- SQLite looks for the rows that name each new appointment, and without these indexes that was a
-- read of every appointment or every task, for every appointment a sync file brought. Both are
-- small: only the rows that name something.
CREATE INDEX appointments_rescheduled ON appointments(rescheduled_to) WHERE rescheduled_to IS NOT NULL;
CREATE INDEX tasks_appointment ON tasks(appointment_id) WHERE appointment_id IS NOT NULL;
