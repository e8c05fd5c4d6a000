-- The monthly summary reads a year of appointments, a month of contacts, the referral steps of a
-- year, every episode, and each release's appointments and contacts; at 100,000 clients reading
-- the rows themselves (through SQLCipher) took seconds. These indexes hold every column those reads
-- need, so they never touch the tables. Each replaced index is a prefix of its replacement.
CREATE INDEX appointments_report ON appointments(starts_at, client_id, archived_at, outcome, rescheduled_to,
    planned_accompaniment, actual_accompaniment, dna_reason);
DROP INDEX appointments_starts;
CREATE INDEX appointments_by_client ON appointments(client_id, starts_at, outcome, archived_at);
DROP INDEX appointments_client;
CREATE INDEX contacts_report ON support_contacts(contact_on, client_id, archived_at, kind, minutes, id);
DROP INDEX contacts_on;
CREATE INDEX contacts_by_client ON support_contacts(client_id, contact_on, archived_at, id);
DROP INDEX contacts_client;
CREATE INDEX referral_events_report ON referral_events(status, happened_on, referral_id, archived_at, id);
CREATE INDEX referrals_report ON referrals(id, client_id, archived_at, service_type);
CREATE INDEX episodes_report ON episodes(client_id, opened_on, closed_on, archived_at, close_reason);
CREATE INDEX clients_report ON clients(id, archived_at, team_id, caseworker_id, gender, ethnicity, disability,
    date_of_birth);
