-- Schema version 29: three of a manager's Today counts kept day by day. "Past appointments with no
-- outcome", "follow-ups due today or earlier" and "referrals waiting more than 14 days" count every
-- such row up to a day that moves, so a total kept as one number (0027) cannot answer them; counted
-- row by row they read tens of thousands of index entries at 100,000 clients (most of Today's time
-- just after unlocking) and ten times as many at a million. Kept per day instead, each is a sum of
-- a few hundred small rows. The triggers move a day's number in the same transaction as the change;
-- `kept.rs` names the queries each answers and `verify` recounts them. A later migration that
-- rebuilds one of these tables must make its triggers again.
CREATE TABLE kept_days (
    name TEXT NOT NULL,
    day TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (name, day)
) STRICT, WITHOUT ROWID;

INSERT INTO kept_days (name, day, n)
    SELECT 'awaiting_outcome', substr(starts_at, 1, 10), count(*) FROM appointments
    WHERE outcome = 'not_recorded' AND archived_at IS NULL GROUP BY substr(starts_at, 1, 10);
INSERT INTO kept_days (name, day, n)
    SELECT 'open_tasks', due_on, count(*) FROM tasks
    WHERE done_at IS NULL AND archived_at IS NULL GROUP BY due_on;
INSERT INTO kept_days (name, day, n)
    SELECT 'unfinished_referrals', last_step_on, count(*) FROM referrals
    WHERE archived_at IS NULL AND status NOT IN ('declined', 'completed', 'closed_no_engagement')
      AND last_step_on IS NOT NULL
    GROUP BY last_step_on;

-- Appointments with no outcome, by the day (UTC) they start.
CREATE TRIGGER appointments_days_insert AFTER INSERT ON appointments
WHEN NEW.outcome = 'not_recorded' AND NEW.archived_at IS NULL BEGIN
    INSERT INTO kept_days (name, day, n) VALUES ('awaiting_outcome', substr(NEW.starts_at, 1, 10), 1)
        ON CONFLICT (name, day) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER appointments_days_update_old AFTER UPDATE OF outcome, archived_at, starts_at ON appointments
WHEN OLD.outcome = 'not_recorded' AND OLD.archived_at IS NULL BEGIN
    UPDATE kept_days SET n = n - 1 WHERE name = 'awaiting_outcome' AND day = substr(OLD.starts_at, 1, 10);
END;
CREATE TRIGGER appointments_days_update_new AFTER UPDATE OF outcome, archived_at, starts_at ON appointments
WHEN NEW.outcome = 'not_recorded' AND NEW.archived_at IS NULL BEGIN
    INSERT INTO kept_days (name, day, n) VALUES ('awaiting_outcome', substr(NEW.starts_at, 1, 10), 1)
        ON CONFLICT (name, day) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER appointments_days_delete AFTER DELETE ON appointments
WHEN OLD.outcome = 'not_recorded' AND OLD.archived_at IS NULL BEGIN
    UPDATE kept_days SET n = n - 1 WHERE name = 'awaiting_outcome' AND day = substr(OLD.starts_at, 1, 10);
END;

-- Open tasks, by the day they are due.
CREATE TRIGGER tasks_days_insert AFTER INSERT ON tasks
WHEN NEW.done_at IS NULL AND NEW.archived_at IS NULL BEGIN
    INSERT INTO kept_days (name, day, n) VALUES ('open_tasks', NEW.due_on, 1)
        ON CONFLICT (name, day) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER tasks_days_update_old AFTER UPDATE OF done_at, archived_at, due_on ON tasks
WHEN OLD.done_at IS NULL AND OLD.archived_at IS NULL BEGIN
    UPDATE kept_days SET n = n - 1 WHERE name = 'open_tasks' AND day = OLD.due_on;
END;
CREATE TRIGGER tasks_days_update_new AFTER UPDATE OF done_at, archived_at, due_on ON tasks
WHEN NEW.done_at IS NULL AND NEW.archived_at IS NULL BEGIN
    INSERT INTO kept_days (name, day, n) VALUES ('open_tasks', NEW.due_on, 1)
        ON CONFLICT (name, day) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER tasks_days_delete AFTER DELETE ON tasks
WHEN OLD.done_at IS NULL AND OLD.archived_at IS NULL BEGIN
    UPDATE kept_days SET n = n - 1 WHERE name = 'open_tasks' AND day = OLD.due_on;
END;

-- Unfinished referrals, by the day of their last step.
CREATE TRIGGER referrals_days_insert AFTER INSERT ON referrals
WHEN NEW.archived_at IS NULL AND NEW.status NOT IN ('declined', 'completed', 'closed_no_engagement')
    AND NEW.last_step_on IS NOT NULL BEGIN
    INSERT INTO kept_days (name, day, n) VALUES ('unfinished_referrals', NEW.last_step_on, 1)
        ON CONFLICT (name, day) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER referrals_days_update_old AFTER UPDATE OF archived_at, status, last_step_on ON referrals
WHEN OLD.archived_at IS NULL AND OLD.status NOT IN ('declined', 'completed', 'closed_no_engagement')
    AND OLD.last_step_on IS NOT NULL BEGIN
    UPDATE kept_days SET n = n - 1 WHERE name = 'unfinished_referrals' AND day = OLD.last_step_on;
END;
CREATE TRIGGER referrals_days_update_new AFTER UPDATE OF archived_at, status, last_step_on ON referrals
WHEN NEW.archived_at IS NULL AND NEW.status NOT IN ('declined', 'completed', 'closed_no_engagement')
    AND NEW.last_step_on IS NOT NULL BEGIN
    INSERT INTO kept_days (name, day, n) VALUES ('unfinished_referrals', NEW.last_step_on, 1)
        ON CONFLICT (name, day) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER referrals_days_delete AFTER DELETE ON referrals
WHEN OLD.archived_at IS NULL AND OLD.status NOT IN ('declined', 'completed', 'closed_no_engagement')
    AND OLD.last_step_on IS NOT NULL BEGIN
    UPDATE kept_days SET n = n - 1 WHERE name = 'unfinished_referrals' AND day = OLD.last_step_on;
END;
