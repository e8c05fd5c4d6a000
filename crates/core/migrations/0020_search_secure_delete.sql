-- Erasure must leave nothing in the search index. By default FTS5 deletes a row by writing a marker
-- and leaves the words in older segments until they happen to be merged; with secure-delete a delete
-- removes the row's words from the segments they are in. The setting is kept with the index.
INSERT INTO client_search(client_search, rank) VALUES ('secure-delete', 1);
-- Words left behind by deletions made before this (erasures, people who left a device's share):
-- one merge of the whole index drops them.
INSERT INTO client_search(client_search) VALUES ('optimize');
