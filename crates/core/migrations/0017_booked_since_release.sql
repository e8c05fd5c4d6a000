-- Schema version 17: whether a released person has a health appointment booked since release, kept
-- on their record like their open support (0013), so Today's first card ("released in the last 14
-- days with no health appointment") reads a fortnight of one small index instead of looking up each
-- released person's appointments, which read a page of the appointment index per person on the
-- first Today after unlocking.
ALTER TABLE clients ADD COLUMN booked_since_release INTEGER NOT NULL DEFAULT 0;
UPDATE clients SET booked_since_release = EXISTS (SELECT 1 FROM appointments a WHERE a.client_id = clients.id AND a.archived_at IS NULL
        AND a.starts_at >= clients.actual_release_date AND a.outcome NOT IN ('cancelled_by_patient', 'cancelled_by_provider'))
    WHERE actual_release_date IS NOT NULL;

CREATE TRIGGER appointments_booked_insert AFTER INSERT ON appointments BEGIN
    UPDATE clients SET booked_since_release = EXISTS (SELECT 1 FROM appointments a WHERE a.client_id = clients.id AND a.archived_at IS NULL
        AND a.starts_at >= clients.actual_release_date AND a.outcome NOT IN ('cancelled_by_patient', 'cancelled_by_provider'))
    WHERE id = NEW.client_id AND actual_release_date IS NOT NULL;
END;
CREATE TRIGGER appointments_booked_update AFTER UPDATE OF client_id, starts_at, outcome, archived_at
    ON appointments BEGIN
    UPDATE clients SET booked_since_release = EXISTS (SELECT 1 FROM appointments a WHERE a.client_id = clients.id AND a.archived_at IS NULL
        AND a.starts_at >= clients.actual_release_date AND a.outcome NOT IN ('cancelled_by_patient', 'cancelled_by_provider'))
    WHERE id IN (OLD.client_id, NEW.client_id) AND actual_release_date IS NOT NULL;
END;
CREATE TRIGGER appointments_booked_delete AFTER DELETE ON appointments BEGIN
    UPDATE clients SET booked_since_release = EXISTS (SELECT 1 FROM appointments a WHERE a.client_id = clients.id AND a.archived_at IS NULL
        AND a.starts_at >= clients.actual_release_date AND a.outcome NOT IN ('cancelled_by_patient', 'cancelled_by_provider'))
    WHERE id = OLD.client_id AND actual_release_date IS NOT NULL;
END;
-- A new release date, or a person arriving after their appointments (sync applies in clock order).
CREATE TRIGGER clients_booked_release AFTER UPDATE OF actual_release_date ON clients BEGIN
    UPDATE clients SET booked_since_release = EXISTS (SELECT 1 FROM appointments a WHERE a.client_id = clients.id AND a.archived_at IS NULL
        AND a.starts_at >= clients.actual_release_date AND a.outcome NOT IN ('cancelled_by_patient', 'cancelled_by_provider'))
    WHERE id = NEW.id;
END;
CREATE TRIGGER clients_booked_insert AFTER INSERT ON clients WHEN NEW.actual_release_date IS NOT NULL BEGIN
    UPDATE clients SET booked_since_release = EXISTS (SELECT 1 FROM appointments a WHERE a.client_id = clients.id AND a.archived_at IS NULL
        AND a.starts_at >= clients.actual_release_date AND a.outcome NOT IN ('cancelled_by_patient', 'cancelled_by_provider'))
    WHERE id = NEW.id;
END;

DROP INDEX clients_released;
CREATE INDEX clients_released ON clients(actual_release_date, archived_at, booked_since_release, id,
    justice_status) WHERE actual_release_date IS NOT NULL;
