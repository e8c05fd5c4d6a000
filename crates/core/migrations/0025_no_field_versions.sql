-- Schema version 25: the field stamps table goes. It held, for each field edited after creation, the
-- stamp of its latest edit: a copy of what the op log already says, a tenth of the database, written
-- on every edit and every import. A local edit now finds those stamps in the record's few ops
-- (`Tx::change`). Its pages are freed without being zeroed (they held ids and clock stamps only) and
-- the file is rebuilt without them after the upgrade.
PRAGMA secure_delete = FAST;
DROP TABLE field_versions;
PRAGMA secure_delete = ON;
