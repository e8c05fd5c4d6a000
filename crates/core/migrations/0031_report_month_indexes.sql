-- Schema version 31: two indexes for the monthly summary, which took about 5 seconds for a manager at
-- 100,000 clients.
-- The referrals made in a month are found by the first "sent" date kept on each referral (0015's
-- triggers keep it), not by testing every sending in the year against the referral's earlier ones
-- (about a second). The index holds what that count and its list read, and only referrals sent.
CREATE INDEX referrals_sent ON referrals(sent_on, client_id, service_type)
    WHERE sent_on IS NOT NULL AND archived_at IS NULL;
-- The month's questionnaire reviews are found by scale and date, not by reading every measure ever
-- taken once for each scale.
CREATE INDEX measures_taken ON measures(scale, taken_on) WHERE archived_at IS NULL;
