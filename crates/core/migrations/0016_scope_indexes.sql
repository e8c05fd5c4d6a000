-- Schema version 16: the open-task and awaiting-outcome indexes of 0013, made to serve one person's
-- record and a caseload as well as everyone's lists.
--
-- 0013's open-task index led with "not done" and "not archived" so that SQLite would prefer it for
-- everyone's list; it then preferred it for one client's tasks too, reading every open task. Led by
-- the due date instead, it still serves everyone's list in order, and one client's tasks come from
-- their own index again.
DROP INDEX tasks_open;
CREATE INDEX tasks_open ON tasks(due_on, id, assignee_id, client_id)
    WHERE done_at IS NULL AND archived_at IS NULL;
-- Every read of open tasks also leaves out archived ones: this one, not the open-task index above,
-- was then SQLite's choice for "due by today", reading each task's row.
DROP INDEX tasks_due;
-- Appointments awaiting an outcome, person by person: a caseload's (its people looked up in turn)
-- reads only theirs, where 0013's index, led by the date, read everyone's.
CREATE INDEX appointments_awaiting_client ON appointments(client_id, outcome, archived_at, starts_at)
    WHERE outcome = 'not_recorded' AND archived_at IS NULL;
