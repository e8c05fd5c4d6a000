-- Schema version 15: a referral's first "sent" and "first appointment" dates kept on it beside its
-- last step (0013), by the same triggers, so the service directory's waits read one small index of
-- the last 12 months' first appointments rather than every referral and every step ever made.
ALTER TABLE referrals ADD COLUMN sent_on TEXT;
ALTER TABLE referrals ADD COLUMN first_appointment_on TEXT;
UPDATE referrals SET
        sent_on = (SELECT min(e.happened_on) FROM referral_events e WHERE e.referral_id = referrals.id AND +e.status = 'sent' AND e.archived_at IS NULL),
        first_appointment_on = (SELECT min(e.happened_on) FROM referral_events e WHERE e.referral_id = referrals.id AND +e.status = 'first_appointment' AND e.archived_at IS NULL);

DROP TRIGGER referrals_last_step_insert;
DROP TRIGGER referral_events_last_step_insert;
DROP TRIGGER referral_events_last_step_update;
DROP TRIGGER referral_events_last_step_delete;

-- A referral may arrive after its steps (sync applies a bundle in clock order, not table order).
-- `+e.status`: each referral's steps are found through the referral, not by reading every step of
-- that status.
CREATE TRIGGER referrals_steps_insert AFTER INSERT ON referrals BEGIN
    UPDATE referrals SET last_step_on = (SELECT max(e.happened_on) FROM referral_events e WHERE e.referral_id = NEW.id AND e.archived_at IS NULL),
        sent_on = (SELECT min(e.happened_on) FROM referral_events e WHERE e.referral_id = NEW.id AND +e.status = 'sent' AND e.archived_at IS NULL),
        first_appointment_on = (SELECT min(e.happened_on) FROM referral_events e WHERE e.referral_id = NEW.id AND +e.status = 'first_appointment' AND e.archived_at IS NULL)
    WHERE id = NEW.id;
END;
CREATE TRIGGER referral_events_steps_insert AFTER INSERT ON referral_events BEGIN
    UPDATE referrals SET last_step_on = (SELECT max(e.happened_on) FROM referral_events e WHERE e.referral_id = NEW.referral_id AND e.archived_at IS NULL),
        sent_on = (SELECT min(e.happened_on) FROM referral_events e WHERE e.referral_id = NEW.referral_id AND +e.status = 'sent' AND e.archived_at IS NULL),
        first_appointment_on = (SELECT min(e.happened_on) FROM referral_events e WHERE e.referral_id = NEW.referral_id AND +e.status = 'first_appointment' AND e.archived_at IS NULL)
    WHERE id = NEW.referral_id;
END;
CREATE TRIGGER referral_events_steps_update AFTER UPDATE OF referral_id, status, happened_on, archived_at
    ON referral_events BEGIN
    UPDATE referrals SET last_step_on = (SELECT max(e.happened_on) FROM referral_events e WHERE e.referral_id = referrals.id AND e.archived_at IS NULL),
        sent_on = (SELECT min(e.happened_on) FROM referral_events e WHERE e.referral_id = referrals.id AND +e.status = 'sent' AND e.archived_at IS NULL),
        first_appointment_on = (SELECT min(e.happened_on) FROM referral_events e WHERE e.referral_id = referrals.id AND +e.status = 'first_appointment' AND e.archived_at IS NULL)
    WHERE id IN (OLD.referral_id, NEW.referral_id);
END;
CREATE TRIGGER referral_events_steps_delete AFTER DELETE ON referral_events BEGIN
    UPDATE referrals SET last_step_on = (SELECT max(e.happened_on) FROM referral_events e WHERE e.referral_id = OLD.referral_id AND e.archived_at IS NULL),
        sent_on = (SELECT min(e.happened_on) FROM referral_events e WHERE e.referral_id = OLD.referral_id AND +e.status = 'sent' AND e.archived_at IS NULL),
        first_appointment_on = (SELECT min(e.happened_on) FROM referral_events e WHERE e.referral_id = OLD.referral_id AND +e.status = 'first_appointment' AND e.archived_at IS NULL)
    WHERE id = OLD.referral_id;
END;

CREATE INDEX referrals_waits ON referrals(first_appointment_on, service_id, sent_on)
    WHERE first_appointment_on IS NOT NULL AND archived_at IS NULL;
-- Who waits now, per service, from the index alone.
CREATE INDEX referrals_status_service ON referrals(status, archived_at, service_id);
DROP INDEX referrals_status;
