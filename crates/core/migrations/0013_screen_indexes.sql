-- Schema version 13: what Today, its figures and the referral list read, kept ready at 100,000
-- clients. Nothing a record holds or a sync file carries changes.

-- Two facts each screen used to work out from other tables row by row are kept on the row they
-- describe, by the database itself, so an index can find and sort by them: a client's support is
-- open (an open episode), and a referral's last step (its latest dated step). Core never writes
-- them and sync never carries them; these triggers keep them true whichever way the rows change.
ALTER TABLE clients ADD COLUMN support_open INTEGER NOT NULL DEFAULT 0;
UPDATE clients SET support_open = EXISTS (SELECT 1 FROM episodes e
    WHERE e.client_id = clients.id AND e.closed_on IS NULL AND e.archived_at IS NULL);

CREATE TRIGGER episodes_support_open_insert AFTER INSERT ON episodes BEGIN
    UPDATE clients SET support_open = EXISTS (SELECT 1 FROM episodes e
        WHERE e.client_id = NEW.client_id AND e.closed_on IS NULL AND e.archived_at IS NULL)
    WHERE id = NEW.client_id;
END;
CREATE TRIGGER episodes_support_open_update AFTER UPDATE OF client_id, closed_on, archived_at ON episodes BEGIN
    UPDATE clients SET support_open = EXISTS (SELECT 1 FROM episodes e
        WHERE e.client_id = clients.id AND e.closed_on IS NULL AND e.archived_at IS NULL)
    WHERE id IN (OLD.client_id, NEW.client_id);
END;
CREATE TRIGGER episodes_support_open_delete AFTER DELETE ON episodes BEGIN
    UPDATE clients SET support_open = EXISTS (SELECT 1 FROM episodes e
        WHERE e.client_id = OLD.client_id AND e.closed_on IS NULL AND e.archived_at IS NULL)
    WHERE id = OLD.client_id;
END;

ALTER TABLE referrals ADD COLUMN last_step_on TEXT;
UPDATE referrals SET last_step_on = (SELECT max(e.happened_on) FROM referral_events e
    WHERE e.referral_id = referrals.id AND e.archived_at IS NULL);

-- A referral may arrive after its steps (sync applies a bundle in clock order, not table order).
CREATE TRIGGER referrals_last_step_insert AFTER INSERT ON referrals BEGIN
    UPDATE referrals SET last_step_on = (SELECT max(e.happened_on) FROM referral_events e
        WHERE e.referral_id = NEW.id AND e.archived_at IS NULL)
    WHERE id = NEW.id;
END;
CREATE TRIGGER referral_events_last_step_insert AFTER INSERT ON referral_events BEGIN
    UPDATE referrals SET last_step_on = (SELECT max(e.happened_on) FROM referral_events e
        WHERE e.referral_id = NEW.referral_id AND e.archived_at IS NULL)
    WHERE id = NEW.referral_id;
END;
CREATE TRIGGER referral_events_last_step_update AFTER UPDATE OF referral_id, happened_on, archived_at
    ON referral_events BEGIN
    UPDATE referrals SET last_step_on = (SELECT max(e.happened_on) FROM referral_events e
        WHERE e.referral_id = referrals.id AND e.archived_at IS NULL)
    WHERE id IN (OLD.referral_id, NEW.referral_id);
END;
CREATE TRIGGER referral_events_last_step_delete AFTER DELETE ON referral_events BEGIN
    UPDATE referrals SET last_step_on = (SELECT max(e.happened_on) FROM referral_events e
        WHERE e.referral_id = OLD.referral_id AND e.archived_at IS NULL)
    WHERE id = OLD.referral_id;
END;

-- Each index below is small (only the rows a figure or a list counts) and leads with the columns
-- its queries test for equality, so that SQLite, which keeps no statistics here, prefers it: with
-- more equal columns it expects fewer rows. They lead with `id` or `client_id` where a caseworker's
-- or a mentor's scope looks rows up person by person.
CREATE INDEX clients_open ON clients(id, archived_at, support_open)
    WHERE support_open = 1 AND archived_at IS NULL;
-- Released lately: the figure, Today's two lists and the first 14 days read only this.
CREATE INDEX clients_released ON clients(actual_release_date, archived_at, id, justice_status)
    WHERE actual_release_date IS NOT NULL;
DROP INDEX clients_release;
CREATE INDEX clients_in_custody ON clients(id, archived_at, justice_status)
    WHERE justice_status = 'in_custody' AND archived_at IS NULL;
CREATE INDEX referrals_queue ON referrals(status IN ('declined', 'completed', 'closed_no_engagement'),
    last_step_on, id, client_id) WHERE archived_at IS NULL;
CREATE INDEX referrals_waiting ON referrals(last_step_on, client_id)
    WHERE archived_at IS NULL AND status NOT IN ('declined', 'completed', 'closed_no_engagement');
CREATE INDEX tasks_open ON tasks(done_at, archived_at, due_on, id, assignee_id, client_id)
    WHERE done_at IS NULL AND archived_at IS NULL;
-- Replaces 0012's index, which SQLite passed over for the wider report index on the same first
-- column: "no outcome yet" is now tested as equal, so this one wins.
DROP INDEX appointments_open;
CREATE INDEX appointments_awaiting ON appointments(outcome, archived_at, starts_at, client_id,
    planned_accompaniment, planned_user_id, planned_mentor_id, rescheduled_to)
    WHERE outcome = 'not_recorded' AND archived_at IS NULL;
