-- Schema version 28: the mentor directory counts each mentor's current links from this index alone
-- (a large organisation holds hundreds of thousands of links; reading each link's row to learn
-- whether it is archived or ended was most of the directory's time).
CREATE INDEX mentor_links_current ON mentor_links(mentor_id, ends_on) WHERE archived_at IS NULL;
