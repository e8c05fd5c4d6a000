-- Schema version 30: two more of a manager's counts kept as records change (see 0027 and 0029).
-- Today's "this week" heading counts the appointments still on in the coming days (a tenth of a
-- million rows at a million clients), so those are kept per day too; and the service directory's
-- "waiting now" counts every referral sent and not yet seen, service by service, so those are kept
-- per service in `kept_counts`, one row named 'waiting:' and the service's id. The triggers move the
-- numbers in the same transaction as the change; `kept.rs` names the queries each answers and
-- `verify` recounts them. A later migration that rebuilds one of these tables must make its
-- triggers again.
INSERT INTO kept_days (name, day, n)
    SELECT 'live_appointments', substr(starts_at, 1, 10), count(*) FROM appointments
    WHERE archived_at IS NULL AND rescheduled_to IS NULL
      AND outcome NOT IN ('cancelled_by_patient', 'cancelled_by_provider')
    GROUP BY substr(starts_at, 1, 10);

CREATE TRIGGER appointments_live_insert AFTER INSERT ON appointments
WHEN NEW.archived_at IS NULL AND NEW.rescheduled_to IS NULL
    AND NEW.outcome NOT IN ('cancelled_by_patient', 'cancelled_by_provider') BEGIN
    INSERT INTO kept_days (name, day, n) VALUES ('live_appointments', substr(NEW.starts_at, 1, 10), 1)
        ON CONFLICT (name, day) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER appointments_live_update_old AFTER UPDATE OF archived_at, rescheduled_to, outcome, starts_at ON appointments
WHEN OLD.archived_at IS NULL AND OLD.rescheduled_to IS NULL
    AND OLD.outcome NOT IN ('cancelled_by_patient', 'cancelled_by_provider') BEGIN
    UPDATE kept_days SET n = n - 1 WHERE name = 'live_appointments' AND day = substr(OLD.starts_at, 1, 10);
END;
CREATE TRIGGER appointments_live_update_new AFTER UPDATE OF archived_at, rescheduled_to, outcome, starts_at ON appointments
WHEN NEW.archived_at IS NULL AND NEW.rescheduled_to IS NULL
    AND NEW.outcome NOT IN ('cancelled_by_patient', 'cancelled_by_provider') BEGIN
    INSERT INTO kept_days (name, day, n) VALUES ('live_appointments', substr(NEW.starts_at, 1, 10), 1)
        ON CONFLICT (name, day) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER appointments_live_delete AFTER DELETE ON appointments
WHEN OLD.archived_at IS NULL AND OLD.rescheduled_to IS NULL
    AND OLD.outcome NOT IN ('cancelled_by_patient', 'cancelled_by_provider') BEGIN
    UPDATE kept_days SET n = n - 1 WHERE name = 'live_appointments' AND day = substr(OLD.starts_at, 1, 10);
END;

INSERT INTO kept_counts (name, n)
    SELECT 'waiting:' || service_id, count(*) FROM referrals
    WHERE status IN ('sent', 'acknowledged', 'accepted') AND archived_at IS NULL AND service_id IS NOT NULL
    GROUP BY service_id;

CREATE TRIGGER referrals_waiting_insert AFTER INSERT ON referrals
WHEN NEW.status IN ('sent', 'acknowledged', 'accepted') AND NEW.archived_at IS NULL
    AND NEW.service_id IS NOT NULL BEGIN
    INSERT INTO kept_counts (name, n) VALUES ('waiting:' || NEW.service_id, 1)
        ON CONFLICT (name) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER referrals_waiting_update_old AFTER UPDATE OF status, archived_at, service_id ON referrals
WHEN OLD.status IN ('sent', 'acknowledged', 'accepted') AND OLD.archived_at IS NULL
    AND OLD.service_id IS NOT NULL BEGIN
    UPDATE kept_counts SET n = n - 1 WHERE name = 'waiting:' || OLD.service_id;
END;
CREATE TRIGGER referrals_waiting_update_new AFTER UPDATE OF status, archived_at, service_id ON referrals
WHEN NEW.status IN ('sent', 'acknowledged', 'accepted') AND NEW.archived_at IS NULL
    AND NEW.service_id IS NOT NULL BEGIN
    INSERT INTO kept_counts (name, n) VALUES ('waiting:' || NEW.service_id, 1)
        ON CONFLICT (name) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER referrals_waiting_delete AFTER DELETE ON referrals
WHEN OLD.status IN ('sent', 'acknowledged', 'accepted') AND OLD.archived_at IS NULL
    AND OLD.service_id IS NOT NULL BEGIN
    UPDATE kept_counts SET n = n - 1 WHERE name = 'waiting:' || OLD.service_id;
END;
