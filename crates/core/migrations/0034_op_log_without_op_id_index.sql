-- Schema version 34: the op log without its index by op id.
-- Every change is found by its device and number (the log's key) or by its record; the one lookup by
-- op id, a conflict's two sides, knows the record too. The index held a 16-byte id and a row number
-- for every change (about 1.1 KB a client at the seeded mix) and was written on every change. Op ids
-- still may not repeat within a record: a record's changes are checked when it is built from them.
DROP INDEX ops_op_id;
