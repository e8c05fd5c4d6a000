-- Schema version 27: whole-organisation totals kept as records change, so a manager's lists and
-- figures do not count a million rows each time they open. Each total is the number of rows a
-- condition holds for; the triggers add what a new or changed row brings and take away what a
-- changed or removed row took, in the same transaction as the change. `kept.rs` names the query
-- each total stands for, and `verify` recounts them. A later migration that rebuilds one of these
-- tables must make its triggers again.
CREATE TABLE kept_counts (name TEXT PRIMARY KEY NOT NULL, n INTEGER NOT NULL) STRICT, WITHOUT ROWID;
INSERT INTO kept_counts (name, n) VALUES
    ('clients', (SELECT count(*) FROM clients WHERE archived_at IS NULL)),
    ('clients_open', (SELECT count(*) FROM clients WHERE archived_at IS NULL AND support_open = 1)),
    ('clients_in_custody', (SELECT count(*) FROM clients WHERE archived_at IS NULL AND justice_status IS 'in_custody')),
    ('tasks_open', (SELECT count(*) FROM tasks WHERE archived_at IS NULL AND done_at IS NULL)),
    ('referrals', (SELECT count(*) FROM referrals WHERE archived_at IS NULL)),
    ('appointments', (SELECT count(*) FROM appointments WHERE archived_at IS NULL)),
    ('support_contacts', (SELECT count(*) FROM support_contacts WHERE archived_at IS NULL));

CREATE TRIGGER clients_kept_insert AFTER INSERT ON clients BEGIN
    UPDATE kept_counts SET n = n + CASE name
        WHEN 'clients' THEN NEW.archived_at IS NULL
        WHEN 'clients_open' THEN NEW.archived_at IS NULL AND NEW.support_open = 1
        ELSE NEW.archived_at IS NULL AND NEW.justice_status IS 'in_custody' END
    WHERE name IN ('clients', 'clients_open', 'clients_in_custody');
END;
CREATE TRIGGER clients_kept_update AFTER UPDATE OF archived_at, support_open, justice_status ON clients BEGIN
    UPDATE kept_counts SET n = n + CASE name
        WHEN 'clients' THEN (NEW.archived_at IS NULL) - (OLD.archived_at IS NULL)
        WHEN 'clients_open' THEN (NEW.archived_at IS NULL AND NEW.support_open = 1)
            - (OLD.archived_at IS NULL AND OLD.support_open = 1)
        ELSE (NEW.archived_at IS NULL AND NEW.justice_status IS 'in_custody')
            - (OLD.archived_at IS NULL AND OLD.justice_status IS 'in_custody') END
    WHERE name IN ('clients', 'clients_open', 'clients_in_custody');
END;
CREATE TRIGGER clients_kept_delete AFTER DELETE ON clients BEGIN
    UPDATE kept_counts SET n = n - CASE name
        WHEN 'clients' THEN OLD.archived_at IS NULL
        WHEN 'clients_open' THEN OLD.archived_at IS NULL AND OLD.support_open = 1
        ELSE OLD.archived_at IS NULL AND OLD.justice_status IS 'in_custody' END
    WHERE name IN ('clients', 'clients_open', 'clients_in_custody');
END;

CREATE TRIGGER tasks_kept_insert AFTER INSERT ON tasks BEGIN
    UPDATE kept_counts SET n = n + (NEW.archived_at IS NULL AND NEW.done_at IS NULL) WHERE name = 'tasks_open';
END;
CREATE TRIGGER tasks_kept_update AFTER UPDATE OF archived_at, done_at ON tasks BEGIN
    UPDATE kept_counts SET n = n + (NEW.archived_at IS NULL AND NEW.done_at IS NULL)
        - (OLD.archived_at IS NULL AND OLD.done_at IS NULL) WHERE name = 'tasks_open';
END;
CREATE TRIGGER tasks_kept_delete AFTER DELETE ON tasks BEGIN
    UPDATE kept_counts SET n = n - (OLD.archived_at IS NULL AND OLD.done_at IS NULL) WHERE name = 'tasks_open';
END;

CREATE TRIGGER referrals_kept_insert AFTER INSERT ON referrals BEGIN
    UPDATE kept_counts SET n = n + (NEW.archived_at IS NULL) WHERE name = 'referrals';
END;
CREATE TRIGGER referrals_kept_update AFTER UPDATE OF archived_at ON referrals BEGIN
    UPDATE kept_counts SET n = n + (NEW.archived_at IS NULL) - (OLD.archived_at IS NULL) WHERE name = 'referrals';
END;
CREATE TRIGGER referrals_kept_delete AFTER DELETE ON referrals BEGIN
    UPDATE kept_counts SET n = n - (OLD.archived_at IS NULL) WHERE name = 'referrals';
END;

CREATE TRIGGER appointments_kept_insert AFTER INSERT ON appointments BEGIN
    UPDATE kept_counts SET n = n + (NEW.archived_at IS NULL) WHERE name = 'appointments';
END;
CREATE TRIGGER appointments_kept_update AFTER UPDATE OF archived_at ON appointments BEGIN
    UPDATE kept_counts SET n = n + (NEW.archived_at IS NULL) - (OLD.archived_at IS NULL) WHERE name = 'appointments';
END;
CREATE TRIGGER appointments_kept_delete AFTER DELETE ON appointments BEGIN
    UPDATE kept_counts SET n = n - (OLD.archived_at IS NULL) WHERE name = 'appointments';
END;

CREATE TRIGGER support_contacts_kept_insert AFTER INSERT ON support_contacts BEGIN
    UPDATE kept_counts SET n = n + (NEW.archived_at IS NULL) WHERE name = 'support_contacts';
END;
CREATE TRIGGER support_contacts_kept_update AFTER UPDATE OF archived_at ON support_contacts BEGIN
    UPDATE kept_counts SET n = n + (NEW.archived_at IS NULL) - (OLD.archived_at IS NULL) WHERE name = 'support_contacts';
END;
CREATE TRIGGER support_contacts_kept_delete AFTER DELETE ON support_contacts BEGIN
    UPDATE kept_counts SET n = n - (OLD.archived_at IS NULL) WHERE name = 'support_contacts';
END;
